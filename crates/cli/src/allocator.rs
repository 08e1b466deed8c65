//! The process's allocator, mimalloc, and how `whosaid extract` asks it to keep memory low.
//!
//! The index writer allocates and frees many small objects (the store's entries, read and
//! written back at every batch), which mimalloc serves faster than the system's allocator
//! (docs/speed.md has the measurement). Left to its defaults, mimalloc also commits its
//! arenas eagerly, backs them with transparent huge pages where the system allows, and hands
//! freed memory back only after a delay. That doubled the resident memory of extraction (one
//! thread on 106 MB of WARC: 129–138 MB against 64–67 MB with the settings below, which cost
//! at most a few percent of its speed, within this machine's noise): extraction frees each
//! record's working memory as soon as the record is done, and a huge page stays resident for
//! the few bytes still used in it. So extraction asks for memory to be committed in small
//! pages as it is used and returned at once.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's numbers for the options set here (`mi_option_e` in its `mimalloc.h`; the
/// constants `libmimalloc-sys` exports follow mimalloc 2's numbering, which differs).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Whether the linked mimalloc is version 3, whose option numbers this module uses.
fn is_mimalloc_3() -> bool {
    // SAFETY: `mi_version` only returns a constant: major × 10,000 + minor × 100 + patch.
    let version = unsafe { libmimalloc_sys::mi_version() };
    (30_000..40_000).contains(&version)
}

/// Commits memory in small pages as it is used and returns freed memory to the system at
/// once. The mimalloc options are left alone with a mimalloc whose numbers this module does
/// not know.
pub(crate) fn return_memory_promptly() {
    // Transparent huge pages off for this process: mimalloc's first arena is reserved before
    // `main`, so its own option would come too late for it. Failing (an old kernel) only
    // leaves them on.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes no pointer; it only sets a flag of the process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    if !is_mimalloc_3() {
        return;
    }
    // SAFETY: setting an option is allowed at any time; these two are read when memory is
    // next committed or freed.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option numbers are mimalloc 3's: if the crate moves to another major version this
    /// fails, rather than the options silently setting something else.
    #[test]
    fn the_linked_mimalloc_is_the_version_whose_options_are_set() {
        assert!(is_mimalloc_3(), "mimalloc {}", unsafe {
            libmimalloc_sys::mi_version()
        });
        return_memory_promptly();
        // SAFETY: reading an option is allowed at any time.
        let (eager, delay) = unsafe {
            (
                libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT),
                libmimalloc_sys::mi_option_get(PURGE_DELAY),
            )
        };
        assert_eq!((eager, delay), (0, 0));
    }
}
