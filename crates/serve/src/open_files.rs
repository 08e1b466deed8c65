//! The process's limit on open files, which is what really bounds how many connections the
//! server can hold: every connection is a file descriptor, and so are the listener, the
//! runtime's own handles and the index's files.
//!
//! Most systems start a process with a soft limit far below its hard limit (1024 against
//! 524288 is common on Linux), for the sake of old programs that use `select(2)`. The server
//! uses epoll through tokio, so raising the soft limit to the hard one is safe, costs one
//! system call, and is what Go has done for every program since 1.19.

/// File descriptors kept back from connections: standard streams, the listener, the runtime's
/// epoll and wake-up handles, the signal pipe, files the index opens while answering, and
/// headroom, so that reaching the connection cap never starves those of descriptors.
const RESERVED_FILES: usize = 64;

/// The most connections the default allows, whatever the file limit. Measured on loopback, a
/// silent connection costs the server about 12 kB and one holding a nearly full request head
/// (see `MAX_HEAD_BYTES`) about 42 kB, so a flood at this cap pins some 0.7 GB at worst; at
/// a hard limit of a million descriptors, uncapped, it would be tens of gigabytes.
const MOST_CONNECTIONS_BY_DEFAULT: usize = 16_384;

/// The cap used where the file limit cannot be read (or has no bound).
const CONNECTIONS_WITHOUT_A_LIMIT: usize = 1024;

/// Raises the soft limit on open files to the hard limit, where the system has one, and
/// returns the soft limit in force afterwards (None where it cannot be known or is unbounded).
/// A failure to raise it leaves the old limit, which is still a working (smaller) limit.
pub fn raise_open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        use rustix::process::{getrlimit, setrlimit, Resource, Rlimit};
        let limit = getrlimit(Resource::Nofile);
        if let (Some(current), Some(maximum)) = (limit.current, limit.maximum) {
            if current < maximum {
                let raised = Rlimit {
                    current: Some(maximum),
                    maximum: Some(maximum),
                };
                if setrlimit(Resource::Nofile, raised).is_ok() {
                    return Some(maximum);
                }
            }
        }
        limit.current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The soft limit on open files now in force, without changing it.
pub fn open_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        rustix::process::getrlimit(rustix::process::Resource::Nofile).current
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The default connection cap under a soft limit of `limit` open files: the limit less the
/// reserved descriptors, at most [`MOST_CONNECTIONS_BY_DEFAULT`], and never below half the
/// limit (so that a tiny limit still leaves a usable cap) nor below one.
pub fn default_max_connections(limit: Option<u64>) -> usize {
    let Some(limit) = limit else {
        return CONNECTIONS_WITHOUT_A_LIMIT;
    };
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    limit
        .saturating_sub(RESERVED_FILES)
        .max(limit / 2)
        .clamp(1, MOST_CONNECTIONS_BY_DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_cap_keeps_descriptors_back_and_stays_bounded() {
        assert_eq!(default_max_connections(Some(1024)), 1024 - RESERVED_FILES);
        assert_eq!(
            default_max_connections(Some(10_000)),
            10_000 - RESERVED_FILES
        );
        assert_eq!(
            default_max_connections(Some(1 << 20)),
            MOST_CONNECTIONS_BY_DEFAULT
        );
        assert_eq!(default_max_connections(Some(100)), 50);
        assert_eq!(default_max_connections(Some(1)), 1);
        assert_eq!(default_max_connections(Some(0)), 1);
        assert_eq!(default_max_connections(None), CONNECTIONS_WITHOUT_A_LIMIT);
    }

    #[cfg(unix)]
    #[test]
    fn raising_the_limit_never_lowers_it() {
        let before = open_file_limit();
        let after = raise_open_file_limit();
        match (before, after) {
            (Some(before), Some(after)) => assert!(after >= before),
            (None, None) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(after, open_file_limit());
    }
}
