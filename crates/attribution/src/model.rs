//! The trained labeller: a hashed weight table per pass, label-bigram transitions, Viterbi
//! decoding and the model file format.

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use whosaid_modelfile::{prefetch, Format, ModelError, ModelErrorKind};
use whosaid_parser::Parse;
use whosaid_tagger::Tag;
use whosaid_text::Document;

use crate::boundaries::{Boundaries, BOUNDARY_FEATURE_VERSION};
use crate::features::{paragraph_features, Scratch, FEATURE_VERSION, N_FEATURES};
use crate::role::Role;
use crate::stack::{stacked_features, N_STACKED, SECOND_BASE, SECOND_WIDTH};

/// The shipped model, trained on PolNeAR train with the epoch chosen on dev (see
/// `models/README.md`).
static DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../models/polnear-roles.bin");

/// The labeller's kind of model file.
static FORMAT: Format = Format {
    model: "attribution",
    magic: *b"WSDATTRB",
    version: 3,
    checksum: whosaid_modelfile::checksum,
};
/// Labels plus the "start of sequence" state, the row index of the transition table.
const NL: usize = Role::COUNT;
const START: usize = NL;
/// Width of a weight row: 7 labels padded to 8 so that a row is 16 aligned bytes.
pub const ROW: usize = 8;
/// The smallest and largest number of hash-bucket bits a model may have.
pub(crate) const MIN_BITS: u32 = 8;
pub(crate) const MAX_BITS: u32 = 24;

/// One pass of the labeller: the weights of its hashed features and of label bigrams.
#[derive(Clone)]
pub struct Pass {
    /// Weights stored = real weight × scale (informational: decoding only compares).
    scale: f32,
    /// `transitions[previous][label]`; `previous == START` at the start of a paragraph.
    /// Forbidden BIO transitions are never taken, whatever their weight.
    transitions: [[i16; ROW]; NL + 1],
    /// One row per hash bucket, dense (most are zero).
    rows: Vec<[i16; ROW]>,
    /// Number of non-zero rows (the ones written to the file).
    nonzero: usize,
}

/// Working memory of Viterbi decoding, reused from one paragraph to the next.
#[derive(Debug, Default)]
pub struct DecodeBuffers {
    scores: Vec<[i32; ROW]>,
    back: Vec<[u8; ROW]>,
}

impl DecodeBuffers {
    /// Per token of the last decoded sequence: the emission score of its label `roles[t]`
    /// minus the best emission score of any other label, in real weight units.
    fn margins<'a>(&'a self, roles: &'a [Role], scale: f32) -> impl Iterator<Item = f32> + 'a {
        // A model file may say any scale; one that cannot divide leaves the weights as stored.
        let scale = if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        };
        self.scores.iter().zip(roles).map(move |(score, role)| {
            let chosen = role.index();
            let other = (0..NL)
                .filter(|&l| l != chosen)
                .map(|l| score[l])
                .max()
                .unwrap_or(0);
            (score[chosen] - other) as f32 / scale
        })
    }
}

impl Pass {
    /// A pass with these weights: `scale` is what the weights were multiplied by when they
    /// were quantised (informational: decoding only compares scores); `transitions[p][l]` is
    /// the weight of label `l` after label `p` (`p` = [`Role::COUNT`] at the start of a
    /// paragraph); `rows` holds one row of label weights per hash bucket, a power of two of
    /// them. Labels are indexed as [`Role::index`]; the last column of every row is padding
    /// and is cleared.
    pub fn new(scale: f32, transitions: [[i16; ROW]; NL + 1], mut rows: Vec<[i16; ROW]>) -> Pass {
        for row in &mut rows {
            row[NL..].fill(0);
        }
        let nonzero = rows.iter().filter(|r| r.iter().any(|&w| w != 0)).count();
        Pass {
            scale,
            transitions,
            rows,
            nonzero,
        }
    }

    /// Number of rows with a non-zero weight: the ones a model file stores.
    pub fn nonzero_rows(&self) -> usize {
        self.nonzero
    }

    /// The best valid BIO labels of one paragraph whose features are the row indexes
    /// `indices` (`width` per token), by Viterbi; written to `out`.
    ///
    /// # Panics
    /// If an index is not below the number of rows.
    pub fn decode(
        &self,
        indices: &[u32],
        width: usize,
        buffers: &mut DecodeBuffers,
        out: &mut Vec<Role>,
    ) {
        let n = indices.len() / width;
        buffers.scores.clear();
        buffers.scores.reserve(n);
        // Row lookups are what labelling spends its time on; start loading the rows of the
        // token a few places ahead while summing the current one.
        const AHEAD: usize = 3;
        for &f in indices.iter().take(AHEAD * width) {
            prefetch(self.rows.as_ptr().wrapping_add(f as usize));
        }
        for (t, features) in indices.chunks_exact(width).enumerate() {
            if let Some(ahead) = indices.get((t + AHEAD) * width..(t + AHEAD + 1) * width) {
                for &f in ahead {
                    prefetch(self.rows.as_ptr().wrapping_add(f as usize));
                }
            }
            let mut s = [0i32; ROW];
            for &f in features {
                let row = &self.rows[f as usize];
                for (a, &w) in s.iter_mut().zip(row) {
                    *a += w as i32;
                }
            }
            buffers.scores.push(s);
        }
        let transitions = self.transitions.map(|r| r.map(i32::from));
        viterbi(&buffers.scores, &transitions, &mut buffers.back, out);
    }
}

/// A sequence labeller that gives every token its attribution [`Role`].
///
/// Two passes of a first-order structured perceptron. In each, a token's label score is the
/// sum of the weights of its hashed features, neighbouring labels add a transition weight, and
/// Viterbi finds the best valid BIO sequence of each paragraph. The second pass also sees the
/// first pass's labels around each token (stacking), which gives it the long-range shape of
/// an attribution that label bigrams cannot: a content that ended just before a name, a cue
/// later in the sentence. Immutable once built, so one instance serves all threads
/// (`&Labeller` is `Send + Sync`).
#[derive(Clone)]
pub struct Labeller {
    bits: u32,
    /// One or two passes; the second uses [`N_STACKED`] more features per token.
    passes: Vec<Pass>,
    /// The last stage, which moves content boundaries, when the model has one.
    boundaries: Option<Boundaries>,
}

impl fmt::Debug for Labeller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Labeller")
            .field("bits", &self.bits)
            .field("passes", &self.passes.len())
            .field("nonzero_rows", &self.n_rows())
            .field("boundaries", &self.boundaries.is_some())
            .finish()
    }
}

/// Reusable buffers for labelling.
#[derive(Default)]
struct Buffers {
    scratch: Scratch,
    hashes: Vec<u64>,
    indices: Vec<u32>,
    decode: DecodeBuffers,
    first: Vec<Role>,
}

impl Labeller {
    /// The file name of the labeller's model in a models directory: what `whosaid train --out
    /// DIR` writes and `--models DIR` reads.
    pub const FILE_NAME: &'static str = "polnear-roles.bin";

    /// The model shipped inside this crate (PolNeAR train, epochs chosen on dev; see
    /// `models/README.md`), parsed on first use and then shared.
    ///
    /// # Panics
    /// If the embedded model bytes do not load, which the crate's tests rule out.
    pub fn default_model() -> &'static Labeller {
        static MODEL: OnceLock<Labeller> = OnceLock::new();
        MODEL.get_or_init(|| {
            Labeller::load_default().expect("the model embedded in whosaid-attribution is invalid")
        })
    }

    /// Parses a fresh copy of the shipped model. Prefer [`Labeller::default_model`].
    pub fn load_default() -> Result<Labeller, ModelError> {
        Labeller::from_bytes(DEFAULT_MODEL_BYTES)
    }

    /// Loads a model file, such as `whosaid train --out DIR` writes (`DIR/`
    /// [`Labeller::FILE_NAME`]). A missing, unreadable, truncated, altered or foreign file is
    /// an error that names the file and says what is wrong; loading never panics.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Labeller, ModelError> {
        let path = path.as_ref();
        let bytes = FORMAT.read_file(path)?;
        Labeller::from_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// A labeller of one pass, or of two where the second is stacked on the first (see
    /// [`crate::training`]), each with `2^bits` weight rows. Anything else is an error, as it
    /// would be in a model file.
    pub fn from_passes(bits: u32, passes: Vec<Pass>) -> Result<Labeller, ModelError> {
        let corrupt = |what| FORMAT.error(ModelErrorKind::Corrupt(what));
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(corrupt("hash table size out of range"));
        }
        if !(1..=2).contains(&passes.len()) {
            return Err(corrupt("pass count out of range"));
        }
        if passes.iter().any(|p| p.rows.len() != 1 << bits) {
            return Err(corrupt("a pass has not one row per hash bucket"));
        }
        Ok(Labeller {
            bits,
            passes,
            boundaries: None,
        })
    }

    /// This labeller with `boundaries` as its last stage (or without one, for `None`): what
    /// a trainer does once it has learned the stage from the passes' labels of unseen
    /// articles.
    pub fn with_boundaries(mut self, boundaries: Option<Boundaries>) -> Labeller {
        self.boundaries = boundaries;
        self
    }

    /// The stage that moves content boundaries, if the model has one.
    pub fn boundaries(&self) -> Option<&Boundaries> {
        self.boundaries.as_ref()
    }

    /// log2 of the number of hash buckets.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Number of passes (1, or 2 with stacking).
    pub fn passes(&self) -> usize {
        self.passes.len()
    }

    /// Number of non-zero weight rows, all passes together.
    pub fn n_rows(&self) -> usize {
        self.passes.iter().map(|l| l.nonzero).sum()
    }

    /// The row index of a feature hash.
    #[inline]
    pub(crate) fn index(bits: u32, hash: u64) -> u32 {
        (hash >> (64 - bits)) as u32
    }

    /// One [`Role`] per token of `doc`. `tags` holds one part-of-speech tag per token (as
    /// whosaid's tagger gives them, sentence by sentence; missing tags count as `NN`), and
    /// `parse` the document's dependency trees from [`whosaid_parser::Parser::parse`] with
    /// those tags (the parser the labeller was trained with; `Parse::default()` labels without
    /// syntax, less well).
    ///
    /// Each paragraph is one sequence: attributed content often runs over several sentences
    /// (a quote of three sentences, then "he said"), but PolNeAR's spans rarely cross a
    /// paragraph break, and when they do, as a new fragment.
    ///
    /// A model with a boundary stage ([`Boundaries`]) then moves each content span's first
    /// and last token to where that stage puts them.
    pub fn label(&self, doc: &Document, tags: &[Tag], parse: &Parse) -> Vec<Role> {
        if self.boundaries.is_some() {
            return self.label_with_margins(doc, tags, parse).0;
        }
        self.label_passes(doc, tags, parse, self.passes.len())
    }

    /// Like [`Labeller::label`], with each token's margin: how far, in the model's weight units,
    /// the score of the label it got is above the best score of any other label, in the last
    /// pass that labelled its paragraph. A small margin is a close call; the extractor's
    /// confidence reads it.
    pub fn label_with_margins(
        &self,
        doc: &Document,
        tags: &[Tag],
        parse: &Parse,
    ) -> (Vec<Role>, Vec<f32>) {
        let mut margins = Vec::with_capacity(doc.tokens.len());
        let mut roles = self.label_inner(doc, tags, parse, self.passes.len(), Some(&mut margins));
        if let Some(boundaries) = &self.boundaries {
            boundaries.refine(doc, tags, parse, &mut roles, &margins);
        }
        (roles, margins)
    }

    /// Like [`Labeller::label`] with the first pass only (and no boundary stage): about 1.5 times as fast, for about
    /// 1.2 points less mean exact-span F1 on PolNeAR dev (see `models/README.md`). For callers
    /// whose time budget the full labeller does not fit.
    pub fn label_first_pass(&self, doc: &Document, tags: &[Tag], parse: &Parse) -> Vec<Role> {
        self.label_passes(doc, tags, parse, 1)
    }

    fn label_passes(
        &self,
        doc: &Document,
        tags: &[Tag],
        parse: &Parse,
        passes: usize,
    ) -> Vec<Role> {
        self.label_inner(doc, tags, parse, passes, None)
    }

    fn label_inner(
        &self,
        doc: &Document,
        tags: &[Tag],
        parse: &Parse,
        passes: usize,
        mut margins: Option<&mut Vec<f32>>,
    ) -> Vec<Role> {
        let mut out = Vec::with_capacity(doc.tokens.len());
        let mut buffers = Buffers::default();
        let mut roles = Vec::new();
        for paragraph in &doc.paragraphs {
            let range = paragraph.tokens.clone();
            // Tokens outside every paragraph (there are none today) stay O.
            out.resize(range.start.max(out.len()), Role::O);
            paragraph_features(
                doc,
                tags,
                parse,
                range,
                &mut buffers.scratch,
                &mut buffers.hashes,
            );
            let last = self.label_paragraph(&mut buffers, passes, &mut roles);
            if let Some(margins) = margins.as_deref_mut() {
                margins.resize(out.len(), 0.0);
                let scale = self.passes[last].scale;
                margins.extend(buffers.decode.margins(&roles, scale));
            }
            out.extend_from_slice(&roles);
        }
        out.resize(doc.tokens.len(), Role::O);
        if let Some(margins) = margins {
            margins.resize(doc.tokens.len(), 0.0);
        }
        out
    }

    /// Labels the paragraph whose first-pass feature hashes are in `buffers.hashes` (and
    /// token info in `buffers.scratch`); returns the index of the pass whose labels these are
    /// (its emission scores are left in `buffers.decode`).
    fn label_paragraph(&self, buffers: &mut Buffers, passes: usize, out: &mut Vec<Role>) -> usize {
        let bits = self.bits;
        let mut indices = std::mem::take(&mut buffers.indices);
        indices.clear();
        indices.extend(buffers.hashes.iter().map(|&h| Labeller::index(bits, h)));
        let mut last = 0;
        if self.passes.len() == 1 || passes == 1 {
            self.passes[0].decode(&indices, N_FEATURES, &mut buffers.decode, out);
        } else {
            let mut first = std::mem::take(&mut buffers.first);
            self.passes[0].decode(&indices, N_FEATURES, &mut buffers.decode, &mut first);
            // Most paragraphs attribute nothing; where the first pass sees no cue, the second
            // rarely finds one, and skipping it there saves a third of the labelling time.
            if !first.iter().any(|r| matches!(r, Role::BCue | Role::ICue)) {
                out.clear();
                out.extend_from_slice(&first);
                buffers.first = first;
                buffers.indices = indices;
                return 0;
            }
            buffers.hashes.clear();
            stacked_features(&buffers.scratch.stack, &first, &mut buffers.hashes);
            let combined = combine(&indices, &buffers.hashes, bits);
            self.passes[1].decode(&combined, SECOND_WIDTH, &mut buffers.decode, out);
            buffers.first = first;
            last = 1;
        }
        buffers.indices = indices;
        last
    }

    /// Serialises the model. The bytes depend only on the weights, so the same training run
    /// gives the same file.
    ///
    /// Layout (little-endian), between the header (signature `WSDATTRB`, format version,
    /// feature version) and the checksum that `whosaid-modelfile` describes: bits u32; label
    /// count u32; pass count u32; then per pass: scale f32, transitions 8 × 8 i16, row count
    /// u32, row indexes u32 × rows (ascending), weights 7 × i16 × rows; then the boundary
    /// stage: present u32 (0 or 1), and if present its feature version u32, bits u32, count
    /// of non-zero weights u32, their indexes u32 × count (ascending), the weights f32 × count.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = FORMAT.writer(FEATURE_VERSION);
        w.reserve(100 + self.n_rows() * 18);
        w.u32(self.bits);
        w.u32(NL as u32);
        w.u32(self.passes.len() as u32);
        for pass in &self.passes {
            w.f32(pass.scale);
            for row in &pass.transitions {
                for &x in row {
                    w.i16(x);
                }
            }
            w.u32(pass.nonzero as u32);
            let live = || {
                pass.rows
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.iter().any(|&w| w != 0))
            };
            for (i, _) in live() {
                w.u32(i as u32);
            }
            for (_, row) in live() {
                for &x in &row[..NL] {
                    w.i16(x);
                }
            }
        }
        match &self.boundaries {
            None => w.u32(0),
            Some(b) => {
                w.u32(1);
                w.u32(BOUNDARY_FEATURE_VERSION);
                w.u32(b.bits());
                let live = || b.weights().iter().enumerate().filter(|(_, &x)| x != 0.0);
                w.u32(live().count() as u32);
                for (i, _) in live() {
                    w.u32(i as u32);
                }
                for (_, &x) in live() {
                    w.f32(x);
                }
            }
        }
        w.finish()
    }

    /// Loads a model written by [`Labeller::to_bytes`]. Truncated, altered or foreign bytes
    /// give an error, never a panic.
    pub fn from_bytes(bytes: &[u8]) -> Result<Labeller, ModelError> {
        let mut r = FORMAT.reader(bytes, FEATURE_VERSION)?;
        // Everything after the version fields is covered by the checksum: check it before
        // trusting any count.
        r.verify_checksum()?;
        let corrupt = |what| FORMAT.error(ModelErrorKind::Corrupt(what));
        let bits = r.u32()?;
        let labels = r.u32()?;
        let n_passes = r.u32()?;
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(corrupt("hash table size out of range"));
        }
        if labels as usize != NL {
            return Err(corrupt("wrong label count"));
        }
        if !(1..=2).contains(&n_passes) {
            return Err(corrupt("pass count out of range"));
        }
        let mut passes = Vec::new();
        for _ in 0..n_passes {
            let scale = r.f32()?;
            if !scale.is_finite() || scale <= 0.0 {
                return Err(corrupt("bad weight scale"));
            }
            let mut transitions = [[0i16; ROW]; NL + 1];
            for (k, w) in r.take((NL + 1) * ROW * 2)?.chunks_exact(2).enumerate() {
                transitions[k / ROW][k % ROW] = i16::from_le_bytes([w[0], w[1]]);
            }
            let n = r.u32()? as usize;
            if n > 1 << bits {
                return Err(corrupt("more rows than hash buckets"));
            }
            let index_bytes = r.take(n * 4)?;
            let weight_bytes = r.take(n * 2 * NL)?;
            let mut rows = vec![[0i16; ROW]; 1 << bits];
            let mut previous: Option<u32> = None;
            for (ib, wb) in index_bytes
                .chunks_exact(4)
                .zip(weight_bytes.chunks_exact(2 * NL))
            {
                let i = u32::from_le_bytes([ib[0], ib[1], ib[2], ib[3]]);
                if previous.is_some_and(|p| i <= p) || i >= 1 << bits {
                    return Err(corrupt("row indexes are not ascending"));
                }
                previous = Some(i);
                let row = &mut rows[i as usize];
                for (slot, w) in row.iter_mut().zip(wb.chunks_exact(2)) {
                    *slot = i16::from_le_bytes([w[0], w[1]]);
                }
                if row.iter().all(|&w| w == 0) {
                    return Err(corrupt("a stored row is all zero"));
                }
            }
            passes.push(Pass {
                scale,
                transitions,
                rows,
                nonzero: n,
            });
        }
        let boundaries = match r.u32()? {
            0 => None,
            1 => Some(read_boundaries(&mut r)?),
            _ => return Err(corrupt("bad boundary stage flag")),
        };
        r.finish()?;
        Ok(Labeller {
            bits,
            passes,
            boundaries,
        })
    }
}

/// Reads the boundary stage of a model file (after its presence flag).
fn read_boundaries(r: &mut whosaid_modelfile::Reader) -> Result<Boundaries, ModelError> {
    let corrupt = |what| FORMAT.error(ModelErrorKind::Corrupt(what));
    if r.u32()? != BOUNDARY_FEATURE_VERSION {
        return Err(corrupt("boundary stage of another feature version"));
    }
    let bits = r.u32()?;
    if !(MIN_BITS..=MAX_BITS).contains(&bits) {
        return Err(corrupt("boundary hash table size out of range"));
    }
    let n = r.u32()? as usize;
    if n > 1 << bits {
        return Err(corrupt("more boundary weights than hash buckets"));
    }
    let index_bytes = r.take(n * 4)?;
    let weight_bytes = r.take(n * 4)?;
    let mut weights = vec![0f32; 1 << bits];
    let mut previous: Option<u32> = None;
    for (ib, wb) in index_bytes
        .chunks_exact(4)
        .zip(weight_bytes.chunks_exact(4))
    {
        let i = u32::from_le_bytes([ib[0], ib[1], ib[2], ib[3]]);
        if previous.is_some_and(|p| i <= p) || i >= 1 << bits {
            return Err(corrupt("boundary weight indexes are not ascending"));
        }
        previous = Some(i);
        let x = f32::from_le_bytes([wb[0], wb[1], wb[2], wb[3]]);
        if !x.is_finite() || x == 0.0 {
            return Err(corrupt("a stored boundary weight is zero or not finite"));
        }
        weights[i as usize] = x;
    }
    Boundaries::from_weights(bits, weights).ok_or_else(|| corrupt("bad boundary weights"))
}

/// First-pass row indexes and stacked feature hashes interleaved into second-pass row indexes:
/// per token, the first [`SECOND_BASE`] of its [`N_FEATURES`] indexes, then its [`N_STACKED`]
/// ones.
pub(crate) fn combine(indices: &[u32], stacked: &[u64], bits: u32) -> Vec<u32> {
    let mut out = Vec::with_capacity(indices.len() + stacked.len());
    for (base, extra) in indices
        .chunks_exact(N_FEATURES)
        .zip(stacked.chunks_exact(N_STACKED))
    {
        out.extend_from_slice(&base[..SECOND_BASE]);
        out.extend(extra.iter().map(|&h| Labeller::index(bits, h)));
    }
    out
}

/// First-order Viterbi over BIO labels. `scores[t][label]` are the emission scores,
/// `transitions[previous][label]` (previous = [`START`] for the first token). `I*` labels may
/// only follow a label of their own role, so every output is valid BIO.
pub fn viterbi<T>(
    scores: &[[T; ROW]],
    transitions: &[[T; ROW]; NL + 1],
    back: &mut Vec<[u8; ROW]>,
    out: &mut Vec<Role>,
) where
    T: Copy + PartialOrd + std::ops::Add<Output = T>,
{
    out.clear();
    let n = scores.len();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n, [0; ROW]);
    // Valid previous labels for each label: I-X after B-X or I-X; others after anything.
    const ALLOWED: [&[usize]; NL] = [
        &[0, 1, 2, 3, 4, 5, 6],
        &[0, 1, 2, 3, 4, 5, 6],
        &[1, 2],
        &[0, 1, 2, 3, 4, 5, 6],
        &[3, 4],
        &[0, 1, 2, 3, 4, 5, 6],
        &[5, 6],
    ];
    let mut delta = [scores[0][0]; NL];
    let mut alive = [false; NL];
    for l in 0..NL {
        if Role::ALL[l].may_follow(None) {
            delta[l] = scores[0][l] + transitions[START][l];
            alive[l] = true;
        }
    }
    for t in 1..n {
        let mut next = delta;
        let mut next_alive = [false; NL];
        for l in 0..NL {
            let mut best: Option<(T, usize)> = None;
            for &p in ALLOWED[l] {
                if !alive[p] {
                    continue;
                }
                let v = delta[p] + transitions[p][l];
                if !matches!(best, Some((b, _)) if v <= b) {
                    best = Some((v, p));
                }
            }
            if let Some((v, p)) = best {
                next[l] = v + scores[t][l];
                next_alive[l] = true;
                back[t][l] = p as u8;
            }
        }
        delta = next;
        alive = next_alive;
    }
    let mut best = 0;
    for l in 0..NL {
        if alive[l] && (!alive[best] || delta[l] > delta[best]) {
            best = l;
        }
    }
    out.resize(n, Role::O);
    let mut l = best;
    for t in (0..n).rev() {
        out[t] = Role::ALL[l];
        l = back[t][l] as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny one-pass model with rows 3 and 7 set.
    fn tiny() -> Labeller {
        let mut rows = vec![[0i16; ROW]; 1 << MIN_BITS];
        rows[3][1] = 5;
        rows[7][6] = -2;
        let pass = Pass::new(1.0, [[1; ROW]; NL + 1], rows);
        Labeller::from_passes(MIN_BITS, vec![pass]).unwrap()
    }

    /// `bytes` with `patch` applied and the checksum recomputed, as a careless or malicious
    /// writer would produce.
    fn resealed(bytes: &[u8], patch: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut body = bytes[..bytes.len() - 8].to_vec();
        patch(&mut body);
        let sum = whosaid_modelfile::checksum(&body);
        body.extend_from_slice(&sum.to_le_bytes());
        body
    }

    #[test]
    fn round_trips() {
        let bytes = tiny().to_bytes();
        assert_eq!(
            Labeller::from_bytes(&bytes).expect("load").to_bytes(),
            bytes
        );
    }

    #[test]
    fn inconsistent_content_with_a_valid_checksum_is_an_error() {
        let bytes = tiny().to_bytes();
        // Offsets: magic 8, version 4, feature version 4, bits 4 at 16, labels 4 at 20,
        // passes 4 at 24, scale 4 at 28, transitions 128 at 32, row count 4 at 160, row
        // indexes at 164 and 168, weights from 172.
        type Patch = Box<dyn Fn(&mut Vec<u8>)>;
        let cases: Vec<(&str, Patch)> = vec![
            ("bits", Box::new(|b| b[16] = 60)),
            ("labels", Box::new(|b| b[20] = 9)),
            ("passes", Box::new(|b| b[24] = 3)),
            ("no passes", Box::new(|b| b[24] = 0)),
            (
                "scale",
                Box::new(|b| b[28..32].copy_from_slice(&f32::NAN.to_le_bytes())),
            ),
            (
                "row count",
                Box::new(|b| b[160..164].copy_from_slice(&u32::MAX.to_le_bytes())),
            ),
            ("too few rows", Box::new(|b| b[160] = 1)),
            ("order", Box::new(|b| b[168] = 2)),
            (
                "range",
                Box::new(|b| b[168..172].copy_from_slice(&(1u32 << 20).to_le_bytes())),
            ),
            ("zero row", Box::new(|b| b[172..186].fill(0))),
            ("trailing", Box::new(|b| b.push(0))),
            ("truncated", Box::new(|b| b.truncate(170))),
        ];
        for (what, patch) in cases {
            let bad = resealed(&bytes, patch);
            assert!(Labeller::from_bytes(&bad).is_err(), "{what} was accepted");
        }
    }
}
