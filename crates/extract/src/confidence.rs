//! How likely a statement is to be right, and whether it is a statement at all.
//!
//! A statement's confidence is a calibrated probability that it is right: an attribution a
//! careful reader would list, with the right speaker. It comes from the evidence the extractor
//! has about the statement ([`Evidence`]): the role labeller's margins on the cue and the
//! content (how close its calls were), the kind of cue, the act, how the source was written (a
//! name, a pronoun, nothing) and what the speaker resolved to. Two logistic models read the
//! evidence: one estimates that the statement is right (its `confidence`), the other that it is
//! an attribution at all, whatever its speaker; statements whose second estimate is below the
//! model's threshold are events, not statements, and are not reported.
//!
//! The models are fitted by `whosaid eval --news DIR --part tune --fit-confidence FILE` on the
//! tuning part of the hand-annotated news set (never on its held-out part), and ship in
//! `models/news-confidence.bin` in whosaid's one model-file format.

use std::path::Path;
use std::sync::OnceLock;

use whosaid_article::{Act, EntityType, Statement, StatementKind};
use whosaid_attribution::Role;
use whosaid_modelfile::{Format, ModelError, ModelErrorKind};

use crate::article::Article;
use crate::delivery::Delivery;
use crate::entities::EntityDraft;
use crate::statements::Found;

/// The shipped model (see `models/README.md`).
static DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../models/news-confidence.bin");

/// The confidence model's kind of file.
static FORMAT: Format = Format {
    model: "confidence",
    magic: *b"WSDCONFD",
    version: 1,
    checksum: whosaid_modelfile::checksum,
};

/// Which evidence the weights are for: bumped whenever [`FEATURES`] changes.
const FEATURE_VERSION: u32 = 2;

/// The number of evidence features, the bias included.
pub const N_FEATURES: usize = FEATURES.len();

/// What each feature of [`Evidence`] is, in order: the names the model card and the fitter's
/// report use.
pub const FEATURES: [&str; 25] = [
    "bias",
    "cue margin",
    "content margin",
    "cue from the labeller",
    "direct",
    "mixed",
    "thought",
    "other act",
    "said, told or according to",
    "no source",
    "pronoun source",
    "no speaker",
    "person speaker",
    "organisation speaker",
    "group or place speaker",
    "one-word speaker name",
    "speaker is a description",
    "content length",
    "content in quotation marks",
    "addressee given",
    "medium given",
    "first paragraph",
    "reporting or thought word in the cue",
    "I, we or you as source",
    "cue of three words or more",
];

/// What the extractor knows about one statement, as numbers the confidence model weighs.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence(pub [f32; N_FEATURES]);

/// The two logistic models and the threshold below which a statement is dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfidenceModel {
    /// Weights of "the statement is right" (matched, right speaker).
    pub right: [f32; N_FEATURES],
    /// Weights of "the statement is an attribution", whatever its speaker.
    pub statement: [f32; N_FEATURES],
    /// Statements whose probability of being an attribution is below this are not reported.
    pub threshold: f32,
}

impl ConfidenceModel {
    /// The file name of the model in a models directory.
    pub const FILE_NAME: &'static str = "news-confidence.bin";

    /// The shipped model, parsed on first use.
    ///
    /// # Panics
    /// If the embedded bytes do not load, which the crate's tests rule out.
    pub fn default_model() -> &'static ConfidenceModel {
        static MODEL: OnceLock<ConfidenceModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            ConfidenceModel::from_bytes(DEFAULT_MODEL_BYTES).expect("shipped confidence model")
        })
    }

    /// A model that keeps every statement and gives each a confidence of one half: what the
    /// fitter starts from.
    pub fn neutral() -> ConfidenceModel {
        ConfidenceModel {
            right: [0.0; N_FEATURES],
            statement: [0.0; N_FEATURES],
            threshold: 0.0,
        }
    }

    /// Reads a model file; errors name the file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<ConfidenceModel, ModelError> {
        let path = path.as_ref();
        let bytes = FORMAT.read_file(path)?;
        ConfidenceModel::from_bytes(&bytes).map_err(|e| e.with_path(path))
    }

    /// Parses a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<ConfidenceModel, ModelError> {
        let mut r = FORMAT.reader(bytes, FEATURE_VERSION)?;
        r.verify_checksum()?;
        let n = r.u32()? as usize;
        if n != N_FEATURES {
            return Err(r.error(ModelErrorKind::Incompatible(
                "has another number of features",
            )));
        }
        let mut model = ConfidenceModel::neutral();
        for w in model.right.iter_mut().chain(model.statement.iter_mut()) {
            *w = r.f32()?;
        }
        model.threshold = r.f32()?;
        let finite = model
            .right
            .iter()
            .chain(&model.statement)
            .chain([&model.threshold])
            .all(|w| w.is_finite());
        if !finite {
            return Err(r.error(ModelErrorKind::Corrupt("a weight is not a finite number")));
        }
        r.finish()?;
        Ok(model)
    }

    /// The model file's bytes: the header, the feature count (u32), the `right` then the
    /// `statement` weights (f32 each), the threshold (f32), the checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = FORMAT.writer(FEATURE_VERSION);
        w.u32(N_FEATURES as u32);
        for &x in self.right.iter().chain(&self.statement) {
            w.f32(x);
        }
        w.f32(self.threshold);
        w.finish()
    }

    /// The probability that a statement with this evidence is right.
    pub fn confidence(&self, evidence: &Evidence) -> f64 {
        logistic(&self.right, evidence)
    }

    /// Whether a statement with this evidence is reported at all.
    pub fn keeps(&self, evidence: &Evidence) -> bool {
        logistic(&self.statement, evidence) >= f64::from(self.threshold)
    }

    /// Keeps the statements this model reports: `evidence` holds each statement's evidence,
    /// in the same order (as [`Extractor::extract_with_evidence`](crate::Extractor) gives
    /// them).
    pub fn retain_statements(&self, statements: &mut Vec<Statement>, evidence: &[Evidence]) {
        let mut evidence = evidence.iter();
        statements.retain(|_| evidence.next().is_some_and(|e| self.keeps(e)));
    }
}

/// The logistic function of the weighted evidence.
pub fn logistic(weights: &[f32; N_FEATURES], evidence: &Evidence) -> f64 {
    let z: f64 = weights
        .iter()
        .zip(&evidence.0)
        .map(|(&w, &x)| f64::from(w) * f64::from(x))
        .sum();
    1.0 / (1.0 + (-z).exp())
}

/// The evidence about `statement`, found in `article`, delivered as `delivery`, spoken by
/// `speakers` of `entities`.
pub(crate) fn evidence(
    article: &Article,
    statement: &Found,
    delivery: &Delivery,
    speakers: &[usize],
    entities: &[EntityDraft],
) -> Evidence {
    let mut x = [0.0f32; N_FEATURES];
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    // Margins are in the labeller's weight units; clamped so that one huge call does not
    // swamp the rest.
    let mean_margin = |range: &std::ops::Range<usize>| -> f32 {
        if range.is_empty() {
            return 0.0;
        }
        let sum: f32 = range.clone().map(|k| article.margins[k]).sum();
        (sum / range.len() as f32).clamp(-10.0, 20.0) / 10.0
    };
    let cue = statement.cue.clone().unwrap_or(0..0);
    let labelled_cue = !cue.is_empty()
        && cue
            .clone()
            .any(|k| matches!(article.roles[k], Role::BCue | Role::ICue));
    x[0] = 1.0;
    x[1] = if labelled_cue { mean_margin(&cue) } else { 0.0 };
    x[2] = statement.contents.first().map_or(0.0, mean_margin);
    x[3] = flag(labelled_cue);
    x[4] = flag(statement.kind == StatementKind::Direct);
    x[5] = flag(statement.kind == StatementKind::Mixed);
    x[6] = flag(delivery.act == Act::Thought);
    x[7] = flag(delivery.act == Act::Other);
    x[8] = flag(cue.clone().any(|k| {
        matches!(
            article.lower(k),
            "said" | "says" | "say" | "told" | "tells" | "according"
        )
    }));
    let source = statement.source.clone().filter(|s| !s.is_empty());
    x[9] = flag(source.is_none());
    x[10] = flag(source.as_ref().is_some_and(|s| {
        s.len() == 1
            && (article.is_subject_pronoun(s.start) || article.is_relative_pronoun(s.start))
    }));
    let speaker = speakers.first().and_then(|&id| entities.get(id));
    x[11] = flag(speaker.is_none());
    if let Some(speaker) = speaker {
        x[12] = flag(speaker.entity_type == EntityType::Person);
        x[13] = flag(speaker.entity_type == EntityType::Organisation);
        x[14] = flag(matches!(
            speaker.entity_type,
            EntityType::Group | EntityType::Place
        ));
        x[15] = flag(!speaker.name.contains(' '));
        x[16] = flag(!speaker.name.starts_with(|c: char| c.is_uppercase()));
    }
    let content_tokens: usize = statement.contents.iter().map(|c| c.len()).sum();
    x[17] = ((content_tokens as f32) + 1.0).ln() / 4.0;
    x[18] = flag(
        statement
            .contents
            .iter()
            .any(|c| c.clone().any(|k| article.is_quote_mark(k))),
    );
    x[19] = flag(delivery.addressee.is_some());
    x[20] = flag(delivery.medium.is_some());
    let first = statement.first_token();
    x[21] = flag(first < article.len() && article.paragraph_of(first) == 0);
    // The cues of attribution are a closed class (said, told, believes, found, according to);
    // the labeller also marks cues outside it ("controlled also sold", "has charged"), which
    // are mostly events.
    x[22] = flag(cue.clone().any(|k| {
        let w = article.lower(k);
        whosaid_attribution::is_reporting_verb(w)
            || crate::delivery::is_thought_word(w)
            || crate::delivery::is_finding_verb(w)
            || matches!(w, "according" | ":")
    }));
    // The writer's or the reader's voice ("you probably think", "I love how"), outside quotes.
    x[23] = flag(
        source
            .as_ref()
            .is_some_and(|s| s.len() == 1 && matches!(article.lower(s.start), "i" | "we" | "you")),
    );
    x[24] = flag(cue.len() >= 3);
    Evidence(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_round_trips() {
        let model = ConfidenceModel::load_default_for_test();
        assert_eq!(
            ConfidenceModel::from_bytes(&model.to_bytes()).unwrap(),
            model
        );
    }

    #[test]
    fn bad_files_are_errors_that_say_what_is_wrong() {
        let good = ConfidenceModel::neutral().to_bytes();
        assert!(ConfidenceModel::from_bytes(&good).is_ok());
        let e = ConfidenceModel::from_bytes(b"not a model").unwrap_err();
        assert!(matches!(e.kind(), ModelErrorKind::BadMagic), "{e}");
        for len in 0..good.len() {
            assert!(ConfidenceModel::from_bytes(&good[..len]).is_err(), "{len}");
        }
        // A non-finite weight, with a checksum that matches it.
        let mut model = ConfidenceModel::neutral();
        model.right[3] = f32::NAN;
        let e = ConfidenceModel::from_bytes(&model.to_bytes()).unwrap_err();
        assert!(e.to_string().contains("finite"), "{e}");
    }

    #[test]
    fn confidence_is_the_logistic_of_the_weighted_evidence() {
        let mut model = ConfidenceModel::neutral();
        let mut x = [0.0; N_FEATURES];
        x[0] = 1.0;
        assert_eq!(model.confidence(&Evidence(x)), 0.5);
        model.right[0] = 2.0;
        let p = model.confidence(&Evidence(x));
        assert!((p - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-9);
        model.statement[0] = -1.0;
        model.threshold = 0.5;
        assert!(!model.keeps(&Evidence(x)));
        model.threshold = 0.2;
        assert!(model.keeps(&Evidence(x)));
    }

    impl ConfidenceModel {
        fn load_default_for_test() -> ConfidenceModel {
            ConfidenceModel::from_bytes(DEFAULT_MODEL_BYTES).unwrap()
        }
    }
}
