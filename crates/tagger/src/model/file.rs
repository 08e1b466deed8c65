//! The tagger's model file, inside the header and checksum of `whosaid-modelfile`, and the
//! checks that make a loaded model safe to decode with whatever bytes it came from.

use std::path::Path;

use whosaid_modelfile::{Format, ModelError, ModelErrorKind};

use super::{Entry, Tagger, MAX_WEIGHT};
use crate::features::FEATURE_VERSION;
use crate::tag::Tag;
use crate::token::hash_bytes;

/// The tagger's kind of model file. Its checksum is the tagger's word hash, as it was before
/// the format was shared with the labeller's (see [`Format::checksum`]).
static FORMAT: Format = Format {
    model: "tagger",
    magic: *b"WSDTAGGR",
    version: 1,
    checksum: hash_bytes,
};

/// The tag names joined by spaces: stored in model files to detect tag-set changes.
fn tagset_string() -> String {
    Tag::ALL
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A model's content before it is checked and built into a [`Tagger`]: what the file holds.
pub(super) struct Parts {
    /// Feature keys, ascending.
    pub keys: Vec<u64>,
    /// The number of weights of each feature, in `keys` order.
    pub row_lens: Vec<usize>,
    /// The weights, feature by feature, tags ascending within a feature.
    pub entries: Vec<Entry>,
    /// `(cased word hash, tag)`, ascending.
    pub dict: Vec<(u64, u8)>,
    /// `(word hash, tag set)`, ascending.
    pub classes: Vec<(u64, u64)>,
    /// Quantisation scale.
    pub scale: f32,
}

impl Parts {
    /// Checks everything decoding relies on: keys that can be found (non-zero, unique), rows
    /// that fit the score arrays, tags that exist, weights whose sums cannot overflow.
    fn check(&self) -> Result<(), &'static str> {
        if self.keys.windows(2).any(|p| p[0] >= p[1]) || self.keys.first() == Some(&0) {
            return Err("feature keys are not ascending");
        }
        if self.row_lens.len() != self.keys.len() {
            return Err("row lengths do not match the feature count");
        }
        if self
            .row_lens
            .iter()
            .any(|&len| len == 0 || len > Tag::COUNT)
        {
            return Err("bad feature row length");
        }
        if self.row_lens.iter().sum::<usize>() != self.entries.len() {
            return Err("row lengths do not add up to the weight count");
        }
        for e in &self.entries {
            if e.tag as usize >= Tag::COUNT {
                return Err("tag index out of range");
            }
            if !(-MAX_WEIGHT..=MAX_WEIGHT).contains(&e.weight) {
                return Err("weight out of range");
            }
        }
        let mut start = 0;
        for &len in &self.row_lens {
            let row = &self.entries[start..start + len];
            if row.windows(2).any(|p| p[0].tag >= p[1].tag) {
                return Err("tags within a feature row are not ascending");
            }
            start += len;
        }
        for (i, &(k, tag)) in self.dict.iter().enumerate() {
            if k == 0 || i > 0 && k <= self.dict[i - 1].0 {
                return Err("dictionary keys are not ascending");
            }
            if tag as usize >= Tag::COUNT {
                return Err("dictionary tag out of range");
            }
        }
        for (i, &(k, set)) in self.classes.iter().enumerate() {
            if k == 0 || i > 0 && k <= self.classes[i - 1].0 {
                return Err("class keys are not ascending");
            }
            if set >> Tag::COUNT != 0 {
                return Err("class tag set out of range");
            }
        }
        Ok(())
    }

    /// Checks the parts and builds the tagger.
    pub fn build(self) -> Result<Tagger, ModelError> {
        self.check()
            .map_err(|what| FORMAT.error(ModelErrorKind::Corrupt(what)))?;
        let mut rows = Vec::with_capacity(self.row_lens.len());
        let mut start = 0u32;
        for &len in &self.row_lens {
            rows.push((start, len as u32));
            start += len as u32;
        }
        Ok(Tagger::assemble(
            self.keys,
            rows,
            self.entries,
            self.dict,
            self.classes,
            self.scale,
        ))
    }
}

impl Tagger {
    /// Loads a model file, such as `whosaid train --out DIR` writes (`DIR/`
    /// [`Tagger::FILE_NAME`]). A missing, unreadable, truncated, altered or foreign file is an
    /// error that names the file and says what is wrong; loading never panics.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Tagger, ModelError> {
        let path = path.as_ref();
        let bytes = FORMAT.read_file(path)?;
        Tagger::from_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// Serialises the model. The bytes depend only on the weights, so the same training run
    /// gives the same file.
    ///
    /// Layout (little-endian), between the header (signature `WSDTAGGR`, format version,
    /// feature version) and the checksum that `whosaid-modelfile` describes: tag-set string
    /// (u32 length + UTF-8); feature count u32; weight count u32; dictionary size u32; scale
    /// f32; keys u64 × features (ascending); row lengths u8 × features; tags u8 × weights;
    /// weights i16 × weights; dictionary keys u64 (ascending) and tags u8; class count u32,
    /// class keys u64 (ascending) and tag sets u64.
    pub fn to_bytes(&self) -> Vec<u8> {
        let tagset = tagset_string();
        let n = self.keys.len();
        let m = self.entries.len();
        let mut w = FORMAT.writer(FEATURE_VERSION);
        w.reserve(24 + tagset.len() + n * 9 + m * 3);
        w.u32(tagset.len() as u32);
        w.bytes(tagset.as_bytes());
        w.u32(n as u32);
        w.u32(m as u32);
        w.u32(self.dict.len() as u32);
        w.f32(self.scale);
        for &k in &self.keys {
            w.u64(k);
        }
        for len in self.row_lens() {
            w.u8(len as u8);
        }
        for e in &self.entries {
            w.u8(e.tag as u8);
        }
        for e in &self.entries {
            w.i16(e.weight);
        }
        for &(k, _) in &self.dict {
            w.u64(k);
        }
        for &(_, t) in &self.dict {
            w.u8(t);
        }
        w.u32(self.classes.len() as u32);
        for &(k, _) in &self.classes {
            w.u64(k);
        }
        for &(_, c) in &self.classes {
            w.u64(c);
        }
        w.finish()
    }

    /// Loads a model written by [`Tagger::to_bytes`]. Truncated, altered or foreign bytes give
    /// an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = FORMAT.reader(bytes, FEATURE_VERSION)?;
        let tagset_len = r.u32()? as usize;
        let tagset = r.take(tagset_len)?;
        if tagset != tagset_string().as_bytes() {
            return Err(r.error(ModelErrorKind::Incompatible(
                "was trained with a different tag set",
            )));
        }
        let n = r.u32()? as usize;
        let m = r.u32()? as usize;
        let d = r.u32()? as usize;
        let scale = r.f32()?;
        // The class count sits after the dictionary; peek at it to know the total size, so
        // that a cut or padded file says so before the checksum is computed.
        let overflow = || r.error(ModelErrorKind::Corrupt("size overflow"));
        let class_count_at = n
            .checked_mul(9)
            .and_then(|x| m.checked_mul(3).and_then(|y| x.checked_add(y)))
            .and_then(|x| d.checked_mul(9).and_then(|y| x.checked_add(y)))
            .and_then(|x| x.checked_add(r.position()))
            .ok_or_else(overflow)?;
        let c = r.u32_at(class_count_at)? as usize;
        let expected = c
            .checked_mul(16)
            .and_then(|x| x.checked_add(class_count_at + 4 + 8))
            .ok_or_else(overflow)?;
        r.expect_len(expected)?;
        r.verify_checksum()?;

        let key_bytes = r.take(n * 8)?;
        let lens = r.take(n)?;
        let tags = r.take(m)?;
        let weight_bytes = r.take(m * 2)?;
        let dict_keys = r.take(d * 8)?;
        let dict_tags = r.take(d)?;
        r.take(4)?;
        let class_keys = r.take(c * 8)?;
        let class_sets = r.take(c * 8)?;
        r.finish()?;

        let u64s = |b: &[u8]| -> Vec<u64> {
            b.chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
                .collect()
        };
        let parts = Parts {
            keys: u64s(key_bytes),
            row_lens: lens.iter().map(|&len| len as usize).collect(),
            entries: tags
                .iter()
                .zip(weight_bytes.chunks_exact(2))
                .map(|(&tag, w)| Entry {
                    weight: i16::from_le_bytes([w[0], w[1]]),
                    tag: tag as u16,
                })
                .collect(),
            dict: u64s(dict_keys)
                .into_iter()
                .zip(dict_tags.to_vec())
                .collect(),
            classes: u64s(class_keys).into_iter().zip(u64s(class_sets)).collect(),
            scale,
        };
        parts.build()
    }
}
