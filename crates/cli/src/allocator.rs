//! The process's allocator, mimalloc, and the small pages `whosaid extract` asks it for.
//!
//! The index writer allocates and frees many small objects (the store's entries, read and
//! written back at every batch), which mimalloc serves faster than the system's allocator
//! (docs/speed.md has the measurement). Left to its defaults, mimalloc also commits its
//! arenas eagerly and backs them with transparent huge pages where the system allows. For
//! extraction, which frees each record's working memory as soon as the record is done, that
//! costs both memory and time: a huge page stays resident for the few bytes still used in it,
//! and the kernel clears a whole huge page at each first touch. On 106 MB of WARC, one thread
//! peaked at 128–130 MB resident, against 94–97 MB with the settings below, and two threads
//! took 2.07–2.53 s against 1.75–1.94 s (a tenth of the time was the kernel's, against a
//! fiftieth). So extraction asks for memory to be committed in small pages as it is used.
//! (Returning freed memory at once too, mimalloc's purge delay 0, brought one thread to 64
//! MB but cost a tenth of the time in system calls.)

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's number for the option set here (`mi_option_e` in its `mimalloc.h`; the
/// constants `libmimalloc-sys` exports follow mimalloc 2's numbering, which differs).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Whether the linked mimalloc is version 3, whose option numbers this module uses.
fn is_mimalloc_3() -> bool {
    // SAFETY: `mi_version` only returns a constant: major × 10,000 + minor × 100 + patch.
    let version = unsafe { libmimalloc_sys::mi_version() };
    (30_000..40_000).contains(&version)
}

/// Commits memory in small pages as it is used. mimalloc's option is left alone with a
/// mimalloc whose numbers this module does not know.
pub(crate) fn commit_small_pages() {
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
    // SAFETY: setting an option is allowed at any time; this one is read when an arena is
    // next reserved.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number is mimalloc 3's: if the crate moves to another major version this
    /// fails, rather than the option silently setting something else.
    #[test]
    fn the_linked_mimalloc_is_the_version_whose_options_are_set() {
        assert!(is_mimalloc_3(), "mimalloc {}", unsafe {
            libmimalloc_sys::mi_version()
        });
        commit_small_pages();
        // SAFETY: reading an option is allowed at any time.
        let eager = unsafe { libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT) };
        assert_eq!(eager, 0);
    }
}
