//! whosaid's model-file format, shared by the part-of-speech tagger (`whosaid-tagger`), the
//! attribution-role labeller (`whosaid-attribution`) and the statement confidence model
//! (`whosaid-extract`). It owns what their files have in common, so
//! that all are read with the same care: the header, the trailing checksum, a
//! reader that never reads past what it was given, and the errors a bad file gives. What the
//! body holds (weights, tables) belongs to each model's crate.
//!
//! # Layout
//!
//! Every model file is, in little-endian byte order:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | the signature of the kind of model ([`Format::magic`]), e.g. `WSDTAGGR` |
//! | 4 | the format version of the body ([`Format::version`]) |
//! | 4 | the feature version: which feature set the weights were trained with |
//! | … | the body, laid out by the model's crate |
//! | 8 | a checksum of every byte before it ([`Format::checksum`]) |
//!
//! A reader refuses a file whose signature, format version or feature version is not its own
//! before it trusts any count in the body, and a file whose checksum does not match before it
//! builds anything from the body.
//!
//! # Use
//!
//! A model's crate declares its [`Format`] once, writes with [`Format::writer`] and reads with
//! [`Format::reader`]:
//!
//! ```
//! use whosaid_modelfile::{Format, ModelErrorKind};
//!
//! static FORMAT: Format = Format {
//!     model: "example",
//!     magic: *b"WSDEXMPL",
//!     version: 1,
//!     checksum: whosaid_modelfile::checksum,
//! };
//! const FEATURE_VERSION: u32 = 3;
//!
//! let mut w = FORMAT.writer(FEATURE_VERSION);
//! w.u32(42);
//! let bytes = w.finish();
//!
//! let mut r = FORMAT.reader(&bytes, FEATURE_VERSION)?;
//! r.verify_checksum()?;
//! assert_eq!(r.u32()?, 42);
//! r.finish()?;
//!
//! let e = FORMAT.reader(b"not a model", FEATURE_VERSION).unwrap_err();
//! assert!(matches!(e.kind(), ModelErrorKind::BadMagic));
//! assert_eq!(e.to_string(), "not a whosaid example model (bad signature)");
//! # Ok::<(), whosaid_modelfile::ModelError>(())
//! ```

#![deny(missing_docs)]

mod error;
mod io;

pub use error::{ModelError, ModelErrorKind};
pub use io::{Reader, Writer};

use std::path::Path;

/// Size of the header: signature, format version and feature version.
pub const HEADER_LEN: usize = 16;

/// Size of the trailing checksum.
pub const CHECKSUM_LEN: usize = 8;

/// The largest model file [`Format::read_file`] reads. The shipped files are a few megabytes
/// and the largest a trainer can write is well under this; the bound is there so that a path
/// to something else (a device, a huge log) is an error rather than a machine out of memory.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// One kind of model file: its signature, the body's format version and its checksum.
#[derive(Clone, Copy, Debug)]
pub struct Format {
    /// What the files hold, as error messages name it: `"tagger"`, `"attribution"`.
    pub model: &'static str,
    /// The eight bytes every file of this kind starts with.
    pub magic: [u8; 8],
    /// The version of the body's layout. A reader accepts only its own: a change of layout
    /// bumps it, so an old build refuses a new file instead of misreading it.
    pub version: u32,
    /// The checksum that seals the file: a function of every byte before the last eight.
    ///
    /// New formats use [`checksum`]. The tagger's files are sealed with the tagger's word hash
    /// instead, because they were so before the two formats were brought together here, and
    /// changing it would change every byte of the shipped checksum.
    pub checksum: fn(&[u8]) -> u64,
}

impl Format {
    /// Starts a file: writes the header with this format's signature and version and the
    /// given feature version. Write the body with the [`Writer`], then seal it with
    /// [`Writer::finish`].
    pub fn writer(&'static self, feature_version: u32) -> Writer {
        Writer::new(self, feature_version)
    }

    /// Starts reading `bytes`: checks the signature, the format version and the feature
    /// version, and returns a reader positioned after the header. The checksum is not checked
    /// yet: call [`Reader::verify_checksum`] before trusting the body (a reader may first
    /// compute the file's expected length from its counts, for a clearer error on a truncated
    /// file).
    pub fn reader<'a>(
        &'static self,
        bytes: &'a [u8],
        feature_version: u32,
    ) -> Result<Reader<'a>, ModelError> {
        Reader::new(self, bytes, feature_version)
    }

    /// Reads a model file whole, with an error naming the file when it cannot be read or is
    /// larger than [`MAX_FILE_BYTES`].
    pub fn read_file(&'static self, path: &Path) -> Result<Vec<u8>, ModelError> {
        use std::io::Read;
        let fail = |kind| self.error(kind).with_path(path);
        let file = std::fs::File::open(path).map_err(|e| fail(ModelErrorKind::Io(e)))?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(ModelErrorKind::Io(e)))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(fail(ModelErrorKind::TooLarge {
                limit: MAX_FILE_BYTES,
            }));
        }
        Ok(bytes)
    }

    /// An error about a file of this format.
    pub fn error(&'static self, kind: ModelErrorKind) -> ModelError {
        ModelError::new(self.model, kind)
    }
}

/// The checksum of new model formats (the attribution model's): eight bytes at a time, so
/// that checking a model of megabytes costs about a millisecond, and mixed by MurmurHash3's
/// finaliser, so that any changed bit changes the sum.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0x6a09_e667_f3bc_c909 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = (h ^ x).wrapping_mul(0x9fb2_1c65_1e98_df25).rotate_left(31);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(0x9fb2_1c65_1e98_df25);
    fmix(h)
}

/// The 64-bit finaliser of MurmurHash3: a fast, well-mixed bijection.
///
/// The checksum ends with it, and both models hash their feature keys with it. It lives here
/// because a model file's weights are found by those keys: a file is only valid with exactly
/// this function, so the two models must share one copy rather than keep two that could drift.
#[inline]
pub fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Asks the CPU to start loading the cache line at `p` (a no-op off x86-64).
///
/// Both models spend their time on lookups in weight tables of megabytes, which miss the cache;
/// they issue the lookups of the next tokens early with this hint. It lives here because it is
/// the one piece of unsafe code both need, and the weight tables are what the model files hold.
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint that never faults, whatever the address.
    unsafe {
        core::arch::x86_64::_mm_prefetch(p as *const i8, core::arch::x86_64::_MM_HINT_T0)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[cfg(test)]
mod tests {
    use super::*;

    static FORMAT: Format = Format {
        model: "test",
        magic: *b"WSDTESTS",
        version: 3,
        checksum,
    };

    fn sample() -> Vec<u8> {
        let mut w = FORMAT.writer(7);
        w.u32(2);
        w.bytes(b"ab");
        w.f32(1.5);
        w.finish()
    }

    #[test]
    fn header_and_checksum_are_where_the_layout_says() {
        let bytes = sample();
        assert_eq!(&bytes[..8], b"WSDTESTS");
        assert_eq!(&bytes[8..12], &3u32.to_le_bytes());
        assert_eq!(&bytes[12..16], &7u32.to_le_bytes());
        let n = bytes.len() - CHECKSUM_LEN;
        assert_eq!(&bytes[n..], &checksum(&bytes[..n]).to_le_bytes());
    }

    #[test]
    fn reads_back_what_was_written() {
        let bytes = sample();
        let mut r = FORMAT.reader(&bytes, 7).unwrap();
        r.verify_checksum().unwrap();
        assert_eq!(r.u32().unwrap(), 2);
        assert_eq!(r.take(2).unwrap(), b"ab");
        assert_eq!(r.f32().unwrap(), 1.5);
        r.finish().unwrap();
    }

    #[test]
    fn every_kind_of_damage_is_an_error_that_says_what() {
        let good = sample();
        let kind = |bytes: &[u8]| {
            let mut r = FORMAT.reader(bytes, 7)?;
            r.verify_checksum()?;
            r.u32()?;
            r.take(2)?;
            r.f32()?;
            r.finish()
        };
        let e = kind(b"").unwrap_err();
        assert!(matches!(e.kind(), ModelErrorKind::BadMagic), "{e:?}");
        let mut version = good.clone();
        version[8] = 9;
        let e = kind(&version).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ModelErrorKind::UnsupportedVersion {
                    found: 9,
                    supported: 3
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "test model format version 9 is not supported (this build reads 3)"
        );
        let e = FORMAT.reader(&good, 8).unwrap_err();
        assert!(
            matches!(
                e.kind(),
                ModelErrorKind::FeatureVersion {
                    found: 7,
                    expected: 8
                }
            ),
            "{e:?}"
        );
        let mut flipped = good.clone();
        flipped[17] ^= 1;
        let e = kind(&flipped).unwrap_err();
        assert!(
            matches!(e.kind(), ModelErrorKind::ChecksumMismatch),
            "{e:?}"
        );
        for len in 0..good.len() {
            assert!(kind(&good[..len]).is_err(), "truncated to {len}");
        }
        let e = kind(&good[..HEADER_LEN + 2]).unwrap_err();
        assert!(
            matches!(e.kind(), ModelErrorKind::Truncated { .. }),
            "{e:?}"
        );

        // Damage that the checksum cannot see: the body was written short or long.
        let mut short = FORMAT.writer(7);
        short.u32(2);
        let e = kind(&short.finish()).unwrap_err();
        assert!(
            matches!(e.kind(), ModelErrorKind::Truncated { .. }),
            "{e:?}"
        );
        let mut long = FORMAT.writer(7);
        long.u32(2);
        long.bytes(b"ab");
        long.f32(1.5);
        long.u8(0);
        let e = kind(&long.finish()).unwrap_err();
        assert!(
            matches!(e.kind(), ModelErrorKind::TrailingBytes { .. }),
            "{e:?}"
        );
    }

    #[test]
    fn file_errors_name_the_file() {
        let dir = std::env::temp_dir().join(format!("whosaid-modelfile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.bin");
        let e = FORMAT.read_file(&missing).unwrap_err();
        assert!(matches!(e.kind(), ModelErrorKind::Io(_)), "{e:?}");
        assert!(e.to_string().starts_with(&format!(
            "{}: cannot read the test model: ",
            missing.display()
        )));
        let bad = dir.join("bad.bin");
        std::fs::write(&bad, b"hello").unwrap();
        let bytes = FORMAT.read_file(&bad).unwrap();
        let e = FORMAT.reader(&bytes, 7).unwrap_err().with_path(&bad);
        assert_eq!(
            e.to_string(),
            format!(
                "{}: not a whosaid test model (bad signature)",
                bad.display()
            )
        );
        assert_eq!(e.path(), Some(bad.as_path()));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
