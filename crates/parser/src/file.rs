//! The parser's model file, inside the header and checksum of `whosaid-modelfile`, and the
//! checks that make a loaded model safe to parse with whatever bytes it came from.

use std::path::Path;

use whosaid_modelfile::{Format, ModelError, ModelErrorKind, Reader};

use crate::features::FEATURE_VERSION;
use crate::label::DepLabel;
use crate::model::{LabelEntry, Parser, MAX_BUCKET_BITS, MAX_WEIGHT, MIN_BUCKET_BITS};

/// The parser's kind of model file.
static FORMAT: Format = Format {
    model: "parser",
    magic: *b"WSDPARSE",
    version: 1,
    checksum: whosaid_modelfile::checksum,
};

/// A model's weights before they are checked and built into a [`Parser`].
pub(crate) struct Parts {
    /// `[shift, left, right]` weights of each transition bucket.
    pub trans: Vec<[i16; 3]>,
    /// Relation feature keys, ascending.
    pub label_keys: Vec<u64>,
    /// The number of weights of each relation feature.
    pub label_lens: Vec<usize>,
    /// The relation weights, feature by feature, relations ascending within a feature.
    pub entries: Vec<LabelEntry>,
    pub scale: f32,
}

fn ascending(keys: impl Iterator<Item = u64>) -> bool {
    let mut last = 0u64;
    for k in keys {
        if k <= last {
            return false;
        }
        last = k;
    }
    true
}

impl Parts {
    /// Checks everything parsing relies on: keys that can be found (non-zero, unique), rows
    /// within the relation set, weights within [`MAX_WEIGHT`].
    fn check(&self) -> Result<(), &'static str> {
        let in_range = |w: i16| (-MAX_WEIGHT..=MAX_WEIGHT).contains(&w);
        let n = self.trans.len();
        if !n.is_power_of_two()
            || !(MIN_BUCKET_BITS..=MAX_BUCKET_BITS).contains(&n.trailing_zeros())
        {
            return Err("the number of transition buckets is not a power of two in range");
        }
        if self.trans.iter().any(|r| !r.iter().all(|&w| in_range(w))) {
            return Err("transition weight out of range");
        }
        if !ascending(self.label_keys.iter().copied()) {
            return Err("relation keys are not ascending");
        }
        if self.label_lens.len() != self.label_keys.len() {
            return Err("row lengths do not match the relation feature count");
        }
        if (self.label_lens.iter()).any(|&len| len == 0 || len > DepLabel::COUNT) {
            return Err("bad relation row length");
        }
        if self.label_lens.iter().sum::<usize>() != self.entries.len() {
            return Err("row lengths do not add up to the relation weight count");
        }
        if (self.entries.iter()).any(|e| e.label as usize >= DepLabel::COUNT || !in_range(e.weight))
        {
            return Err("relation weight out of range");
        }
        let mut start = 0;
        for &len in &self.label_lens {
            let row = &self.entries[start..start + len];
            if row.windows(2).any(|p| p[0].label >= p[1].label) {
                return Err("relations within a row are not ascending");
            }
            start += len;
        }
        if !self.scale.is_finite() {
            return Err("scale is not a number");
        }
        Ok(())
    }

    /// Checks the parts and builds the parser.
    pub fn build(self) -> Result<Parser, ModelError> {
        self.check()
            .map_err(|what| FORMAT.error(ModelErrorKind::Corrupt(what)))?;
        let mut rows = Vec::with_capacity(self.label_keys.len());
        let mut start = 0u32;
        for (&key, &len) in self.label_keys.iter().zip(&self.label_lens) {
            rows.push((key, start, len as u32));
            start += len as u32;
        }
        Ok(Parser::assemble(
            &self.trans,
            &rows,
            self.entries,
            self.scale,
        ))
    }
}

/// Reads `n` items of `size` bytes each, with a clear error when the count cannot be right.
fn take_n<'a>(r: &mut Reader<'a>, n: usize, size: usize) -> Result<&'a [u8], ModelError> {
    let len = n
        .checked_mul(size)
        .ok_or_else(|| r.error(ModelErrorKind::Corrupt("size overflow")))?;
    r.take(len)
}

fn u64s(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    (bytes.chunks_exact(8)).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
}

fn i16s(bytes: &[u8]) -> impl Iterator<Item = i16> + '_ {
    (bytes.chunks_exact(2)).map(|c| i16::from_le_bytes([c[0], c[1]]))
}

impl Parser {
    /// Builds a parser from the weights a trainer exports: the `[shift, left, right]` weights
    /// of each transition bucket (a power of two of them, 2^4 to 2^24; a feature's bucket is
    /// the low bits of its key) and relation rows `(feature key, [(relation number, weight)])`
    /// in ascending key order, relations ascending within a row, every weight within
    /// ±[`MAX_WEIGHT`]. `scale` is what the weights were multiplied by when quantised
    /// (informational). Weights that break these rules are an error, as in a model file.
    pub fn from_weights(
        transitions: Vec<[i16; 3]>,
        labels: Vec<(u64, Vec<(u8, i16)>)>,
        scale: f32,
    ) -> Result<Parser, ModelError> {
        let mut parts = Parts {
            trans: transitions,
            label_keys: Vec::with_capacity(labels.len()),
            label_lens: Vec::with_capacity(labels.len()),
            entries: Vec::new(),
            scale,
        };
        for (key, row) in labels {
            parts.label_keys.push(key);
            parts.label_lens.push(row.len());
            (parts.entries).extend(
                row.into_iter()
                    .map(|(label, weight)| LabelEntry { label, weight }),
            );
        }
        parts.build()
    }

    /// Loads a model file, such as `whosaid train --out DIR` writes (`DIR/`
    /// [`Parser::FILE_NAME`]). A missing, unreadable, truncated, altered or foreign file is an
    /// error that names the file and says what is wrong; loading never panics.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Parser, ModelError> {
        let path = path.as_ref();
        let bytes = FORMAT.read_file(path)?;
        Parser::from_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// Serialises the model. The bytes depend only on the weights, so the same training run
    /// gives the same file.
    ///
    /// Layout (little-endian), between the header (signature `WSDPARSE`, format version,
    /// feature version) and the checksum that `whosaid-modelfile` describes: relation names
    /// (u32 length + UTF-8, space-separated); scale f32; log2 of the transition bucket count
    /// u32, weights i16 × 3 per bucket (shift, left, right); relation feature
    /// count u32, relation weight count u32, keys u64 (ascending), row lengths u8, relation
    /// numbers u8 × weights, weights i16 × weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let names = DepLabel::names_string();
        let trans: Vec<[i16; 3]> = self.transition_buckets().collect();
        let labels = self.label_rows();
        let m: usize = labels.iter().map(|r| r.1.len()).sum();
        let mut w = FORMAT.writer(FEATURE_VERSION);
        w.reserve(32 + names.len() + trans.len() * 6 + labels.len() * 9 + m * 3);
        w.u32(names.len() as u32);
        w.bytes(names.as_bytes());
        w.f32(self.scale);
        w.u32(trans.len().trailing_zeros());
        trans.iter().flatten().for_each(|&x| w.i16(x));
        w.u32(labels.len() as u32);
        w.u32(m as u32);
        labels.iter().for_each(|r| w.u64(r.0));
        labels.iter().for_each(|r| w.u8(r.1.len() as u8));
        labels.iter().flat_map(|r| r.1).for_each(|e| w.u8(e.label));
        labels
            .iter()
            .flat_map(|r| r.1)
            .for_each(|e| w.i16(e.weight));
        w.finish()
    }

    /// Loads a model written by [`Parser::to_bytes`]. Truncated, altered or foreign bytes give
    /// an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ModelError> {
        let mut r = FORMAT.reader(bytes, FEATURE_VERSION)?;
        r.verify_checksum()?;
        let names_len = r.u32()? as usize;
        if r.take(names_len)? != DepLabel::names_string().as_bytes() {
            return Err(r.error(ModelErrorKind::Incompatible(
                "was trained with a different set of relations",
            )));
        }
        let scale = r.f32()?;
        let bits = r.u32()?;
        if !(MIN_BUCKET_BITS..=MAX_BUCKET_BITS).contains(&bits) {
            return Err(r.error(ModelErrorKind::Corrupt(
                "transition bucket count out of range",
            )));
        }
        let trans_weights = take_n(&mut r, 1 << bits, 6)?;
        let nl = r.u32()? as usize;
        let m = r.u32()? as usize;
        let label_keys = take_n(&mut r, nl, 8)?;
        let lens = take_n(&mut r, nl, 1)?;
        let label_numbers = take_n(&mut r, m, 1)?;
        let label_weights = take_n(&mut r, m, 2)?;
        r.finish()?;
        let weights: Vec<i16> = i16s(trans_weights).collect();
        let parts = Parts {
            trans: weights
                .chunks_exact(3)
                .map(|w| [w[0], w[1], w[2]])
                .collect(),
            label_keys: u64s(label_keys).collect(),
            label_lens: lens.iter().map(|&n| n as usize).collect(),
            entries: label_numbers
                .iter()
                .zip(i16s(label_weights))
                .map(|(&label, weight)| LabelEntry { label, weight })
                .collect(),
            scale,
        };
        parts.build()
    }
}
