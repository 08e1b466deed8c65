//! Writing and reading the bytes of a model file.

use crate::{Format, ModelError, ModelErrorKind, CHECKSUM_LEN};

/// Writes a model file: the header first (see [`Format::writer`]), then the body, field by
/// field in little-endian order, then the checksum ([`Writer::finish`]).
#[derive(Debug)]
pub struct Writer {
    format: &'static Format,
    bytes: Vec<u8>,
}

impl Writer {
    pub(crate) fn new(format: &'static Format, feature_version: u32) -> Writer {
        let mut w = Writer {
            format,
            bytes: Vec::new(),
        };
        w.bytes(&format.magic);
        w.u32(format.version);
        w.u32(feature_version);
        w
    }

    /// Makes room for `additional` more bytes, for a writer that knows its size.
    pub fn reserve(&mut self, additional: usize) {
        self.bytes.reserve(additional);
    }

    /// Bytes written so far, header included.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether nothing was written, which is never the case: the header is written first.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Appends bytes as they are.
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// Appends a `u32`.
    pub fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }

    /// Appends a `u64`.
    pub fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }

    /// Appends an `i16`.
    pub fn i16(&mut self, v: i16) {
        self.bytes(&v.to_le_bytes());
    }

    /// Appends an `f32`.
    pub fn f32(&mut self, v: f32) {
        self.bytes(&v.to_le_bytes());
    }

    /// Seals the file: appends the checksum of everything written, and returns the bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let sum = (self.format.checksum)(&self.bytes);
        self.u64(sum);
        self.bytes
    }
}

/// Reads a model file field by field, never past its end: every read checks the length first
/// and a short file is a [`ModelErrorKind::Truncated`] error. Made by [`Format::reader`], which
/// has checked the header.
#[derive(Debug)]
pub struct Reader<'a> {
    format: &'static Format,
    bytes: &'a [u8],
    pos: usize,
    /// Where reading must stop: the end of the input until the checksum is verified, then the
    /// end of the body, before the checksum.
    end: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(
        format: &'static Format,
        bytes: &'a [u8],
        feature_version: u32,
    ) -> Result<Reader<'a>, ModelError> {
        if bytes.get(..format.magic.len()) != Some(&format.magic[..]) {
            return Err(format.error(ModelErrorKind::BadMagic));
        }
        let mut r = Reader {
            format,
            bytes,
            pos: format.magic.len(),
            end: bytes.len(),
        };
        let version = r.u32()?;
        if version != format.version {
            return Err(r.error(ModelErrorKind::UnsupportedVersion {
                found: version,
                supported: format.version,
            }));
        }
        let found = r.u32()?;
        if found != feature_version {
            return Err(r.error(ModelErrorKind::FeatureVersion {
                found,
                expected: feature_version,
            }));
        }
        Ok(r)
    }

    /// An error about this file.
    pub fn error(&self, kind: ModelErrorKind) -> ModelError {
        self.format.error(kind)
    }

    /// The offset of the next byte to read, from the start of the file.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Checks that the file is exactly `total` bytes long, checksum included: for a format
    /// whose header counts give its length, so that a cut or padded file gets an error that
    /// says so rather than a checksum mismatch.
    pub fn expect_len(&self, total: usize) -> Result<(), ModelError> {
        let found = self.bytes.len();
        if found < total {
            return Err(self.error(ModelErrorKind::Truncated {
                expected: total,
                found,
            }));
        }
        if found > total {
            return Err(self.error(ModelErrorKind::TrailingBytes {
                expected: total,
                found,
            }));
        }
        Ok(())
    }

    /// Checks the checksum in the last eight bytes against every byte before them, and from
    /// then on reads only up to the checksum. Call it before trusting any count of the body.
    pub fn verify_checksum(&mut self) -> Result<(), ModelError> {
        let found = self.bytes.len();
        let body_len = found
            .checked_sub(CHECKSUM_LEN)
            .filter(|&n| n >= self.pos)
            .ok_or_else(|| {
                self.error(ModelErrorKind::Truncated {
                    expected: self.pos + CHECKSUM_LEN,
                    found,
                })
            })?;
        let stored = u64::from_le_bytes(self.bytes[body_len..].try_into().expect("8 bytes"));
        if (self.format.checksum)(&self.bytes[..body_len]) != stored {
            return Err(self.error(ModelErrorKind::ChecksumMismatch));
        }
        self.end = body_len;
        Ok(())
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .ok_or_else(|| self.error(ModelErrorKind::Corrupt("size overflow")))?;
        if end > self.end {
            let trailer = self.bytes.len() - self.end;
            return Err(self.error(ModelErrorKind::Truncated {
                expected: end.saturating_add(trailer),
                found: self.bytes.len(),
            }));
        }
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The next `u32`.
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    /// The next `u64`.
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// The next `f32`.
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }

    /// The `u32` at offset `at` of the file, without moving: for a format that must look ahead
    /// at a count to know its length.
    pub fn u32_at(&self, at: usize) -> Result<u32, ModelError> {
        let found = self.bytes.len();
        let end = at
            .checked_add(4)
            .ok_or_else(|| self.error(ModelErrorKind::Corrupt("size overflow")))?;
        match self.bytes.get(at..end) {
            Some(b) => Ok(u32::from_le_bytes(b.try_into().expect("4 bytes"))),
            None => Err(self.error(ModelErrorKind::Truncated {
                expected: end,
                found,
            })),
        }
    }

    /// Checks that the whole body was read: bytes left before the checksum are an error.
    pub fn finish(self) -> Result<(), ModelError> {
        if self.pos != self.end {
            let trailer = self.bytes.len() - self.end;
            return Err(self.error(ModelErrorKind::TrailingBytes {
                expected: self.pos + trailer,
                found: self.bytes.len(),
            }));
        }
        Ok(())
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        Ok(self.take(N)?.try_into().expect("N bytes"))
    }
}
