//! Who said what on today's news: whosaid scored against the hand-annotated news set.
//!
//! The set annotates the gold article bodies of some `dev` pages of
//! `../shared/data/news-html` (never the `reserved` ones) by hand, from the text alone, as
//! `docs/news-annotation.md` defines. It is standoff: a JSON line per article with the page id
//! and, per statement, char offsets into the body plus the speaker's name, so the publishers'
//! texts stay in `../shared/data` and are read at evaluation time. Each article is in one
//! part: `tune`, which rules and calibration may be chosen on, or `heldout`, which is only
//! measured.
//!
//! The figures, exactly as the issue that asked for them defines them:
//!
//! - a predicted statement **matches** a gold one when their content ranges (first content
//!   start to last content end) overlap by at least half of the shorter; pairs are made one to
//!   one, largest overlap first;
//! - **found**: matched gold speech statements over gold speech statements;
//! - **precision**: predictions matched to any gold statement over predictions;
//! - **speaker right**: among matched gold speech statements, the share whose predicted
//!   speaker names the gold speaker ([`names_match`]); no gold speaker and no predicted speaker
//!   is right;
//! - **who said what**: a true positive is a matched speech statement with the right speaker;
//!   recall is over gold speech statements, and precision is over the predictions less those
//!   matched to `thought` or `other` statements (an attribution that is not speech is neither
//!   rewarded nor punished).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
pub use whosaid_extract::Act;
use whosaid_extract::{Extraction, Extractor, Gender, MediumType, SpeakerCategory, Statement};

use crate::main_text::{self, Pages};
use crate::{CorpusError, Prf};

/// The hand-annotated set shipped with whosaid (first annotator), one article per line.
pub const ANNOTATIONS: &str = include_str!("../data/news/annotations.jsonl");
/// The second annotator's redo of some of the same articles, for agreement.
pub const SECOND_ANNOTATOR: &str = include_str!("../data/news/second-annotator.jsonl");

/// One annotated statement. Offsets are chars into the article's gold body, end exclusive.
#[derive(Clone, Debug, Deserialize)]
pub struct GoldStatement {
    /// What kind of act it reports.
    pub act: Act,
    /// The speaker's fullest name in the article, titles dropped; the description when the
    /// article never names them; `None` when nobody is given.
    pub speaker: Option<String>,
    /// The content pieces, in text order.
    pub content: Vec<[usize; 2]>,
    /// The words naming the speaker in the statement's sentence, if any.
    #[serde(default)]
    pub source: Option<[usize; 2]>,
    /// The cue, if any (a transcript label has none).
    #[serde(default)]
    pub cue: Option<[usize; 2]>,
    /// To whom it was said, if the text gives it.
    #[serde(default)]
    pub addressee: Option<[usize; 2]>,
    /// The channel's type ("statement", "social media" …), if the text gives one.
    #[serde(default)]
    pub medium_type: Option<String>,
    /// Whether the article deliberately leaves the speaker unnamed (the second pass; absent
    /// from annotations made before it).
    #[serde(default)]
    pub anonymous: Option<bool>,
    /// The kind of speaker ("politician", "government official" …).
    #[serde(default)]
    pub category: Option<String>,
    /// The speaker's gender as the article states it: "female", "male" or "unknown".
    #[serde(default)]
    pub gender: Option<String>,
    /// The time expression that says when it was said, if the text gives one (annotated in
    /// the second pass, with the fields above).
    #[serde(default)]
    pub said_at: Option<[usize; 2]>,
}

impl GoldStatement {
    /// The channel's type; a name this build does not know counts as `other`.
    fn medium(&self) -> Option<MediumType> {
        let name = self.medium_type.as_deref()?;
        Some(MediumType::from_name(name).unwrap_or(MediumType::Other))
    }

    /// The kind of speaker; a name this build does not know counts as `unknown`.
    fn category(&self) -> Option<SpeakerCategory> {
        let name = self.category.as_deref()?;
        Some(SpeakerCategory::from_name(name).unwrap_or(SpeakerCategory::Unknown))
    }

    /// The speaker's stated gender; a name this build does not know counts as `unknown`.
    fn gender(&self) -> Option<Gender> {
        let name = self.gender.as_deref()?;
        Some(Gender::from_name(name).unwrap_or(Gender::Unknown))
    }

    /// First content start to last content end.
    fn range(&self) -> Range<usize> {
        let start = self.content.iter().map(|c| c[0]).min().unwrap_or(0);
        let end = self.content.iter().map(|c| c[1]).max().unwrap_or(0);
        start..end
    }
}

/// One annotated article.
#[derive(Clone, Debug, Deserialize)]
pub struct NewsArticle {
    /// The news-html page id.
    pub page: String,
    /// `tune` or `heldout`.
    pub part: String,
    /// The statements, in the order their content starts.
    pub statements: Vec<GoldStatement>,
}

/// An annotated article with its text.
#[derive(Clone, Debug)]
pub struct GoldNews {
    /// The annotation.
    pub article: NewsArticle,
    /// The gold article body the offsets point into.
    pub body: String,
}

/// A statement to score: its content range, the speaker name a reader sees, and what else it
/// says of the statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Predicted {
    /// First content start to last content end, in chars.
    pub range: Range<usize>,
    /// The name given as the speaker, if any.
    pub speaker: Option<String>,
    /// The act it reports.
    pub act: Act,
    /// To whom, in chars.
    pub addressee: Option<Range<usize>>,
    /// Through what kind of channel.
    pub medium: Option<MediumType>,
    /// How sure whosaid is that it is right.
    pub confidence: f64,
    /// Whether the speaker is deliberately unnamed.
    pub anonymous: bool,
    /// The kind of speaker.
    pub category: SpeakerCategory,
    /// The speaker's stated gender.
    pub gender: Gender,
    /// When it was said: the time expression, in chars.
    pub said_at: Option<Range<usize>>,
}

impl Predicted {
    /// The statements of an extraction, with the speaker a reader of whosaid's output sees:
    /// the resolved speaker's name, else the source as written.
    pub fn from_extraction(extraction: &Extraction) -> Vec<Predicted> {
        extraction
            .statements
            .iter()
            .filter_map(Predicted::from_statement)
            .collect()
    }

    /// One statement as a prediction; none for a statement without content.
    pub fn from_statement(statement: &Statement) -> Option<Predicted> {
        let start = statement.contents.iter().map(|c| c.start).min()?;
        let end = statement.contents.iter().map(|c| c.end).max()?;
        let speaker = match &statement.speaker {
            Some(speaker) => Some(speaker.name.clone()),
            None => statement.sources.first().map(|s| s.text.clone()),
        };
        Some(Predicted {
            range: start..end,
            speaker,
            act: statement.act,
            addressee: statement
                .addressee
                .as_ref()
                .map(|a| a.span.start..a.span.end),
            medium: statement.medium.as_ref().map(|m| m.medium_type),
            confidence: statement.confidence,
            anonymous: statement.voice.anonymous,
            category: statement.voice.speaker_category,
            gender: statement.voice.speaker_gender,
            said_at: statement
                .voice
                .said_at
                .as_ref()
                .map(|said| said.span.start..said.span.end),
        })
    }

    /// Another annotator's statements, as predictions (for agreement).
    pub fn from_gold(article: &NewsArticle) -> Vec<Predicted> {
        article
            .statements
            .iter()
            .map(|statement| Predicted {
                range: statement.range(),
                speaker: statement.speaker.clone(),
                act: statement.act,
                addressee: statement.addressee.map(|[a, b]| a..b),
                medium: statement.medium(),
                confidence: 1.0,
                anonymous: statement.anonymous.unwrap_or(false),
                category: statement.category().unwrap_or_default(),
                gender: statement.gender().unwrap_or_default(),
                said_at: statement.said_at.map(|[a, b]| a..b),
            })
            .collect()
    }
}

/// Which part of the set to score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The articles choices may be tuned on.
    Tune,
    /// The articles only measured.
    Heldout,
    /// Both.
    All,
}

impl Part {
    /// `tune`, `heldout` or `all`.
    pub fn from_name(name: &str) -> Option<Part> {
        match name {
            "tune" => Some(Part::Tune),
            "heldout" => Some(Part::Heldout),
            "all" => Some(Part::All),
            _ => None,
        }
    }

    fn keeps(self, part: &str) -> bool {
        match self {
            Part::All => true,
            Part::Tune => part == "tune",
            Part::Heldout => part == "heldout",
        }
    }
}

/// Parses annotations (a JSON line per article); `origin` names them in errors.
pub fn parse_annotations(text: &str, origin: &Path) -> Result<Vec<NewsArticle>, CorpusError> {
    let mut articles = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let article: NewsArticle = serde_json::from_str(line).map_err(|err| {
            CorpusError::format(
                origin,
                number + 1,
                format!("not an annotated article: {err}"),
            )
        })?;
        if !matches!(article.part.as_str(), "tune" | "heldout") {
            let message = format!("part {:?} is neither tune nor heldout", article.part);
            return Err(CorpusError::format(origin, number + 1, message));
        }
        articles.push(article);
    }
    Ok(articles)
}

/// Reads and parses an annotations file.
pub fn read_annotations(path: &Path) -> Result<Vec<NewsArticle>, CorpusError> {
    parse_annotations(&whosaid_corpora::read_to_string(path)?, path)
}

/// Joins annotations to the gold bodies of `DIR/ground-truth.json`, keeping `part`. Every
/// annotated page must be a `dev` page of `DIR/splits.tsv` (the reserved ones are never
/// annotated), and every offset must fall inside its body.
pub fn load(
    dir: &Path,
    articles: Vec<NewsArticle>,
    part: Part,
    origin: &Path,
) -> Result<Vec<GoldNews>, CorpusError> {
    let pages = main_text::load_gold(dir, &Pages::Split("dev".to_owned()))?;
    let mut bodies: HashMap<String, String> =
        pages.into_iter().map(|page| (page.id, page.body)).collect();
    let mut gold = Vec::new();
    for article in articles {
        let Some(body) = bodies.remove(&article.page) else {
            let message = format!(
                "page {} is not a dev page of {} (or is annotated twice)",
                article.page,
                dir.display()
            );
            return Err(CorpusError::io(origin, std::io::Error::other(message)));
        };
        let chars = body.chars().count();
        let spans = article
            .statements
            .iter()
            .flat_map(|s| s.content.iter().chain(s.source.iter()).chain(s.cue.iter()));
        if let Some(bad) = spans.into_iter().find(|[a, b]| a >= b || *b > chars) {
            let message = format!(
                "page {}: span {bad:?} is not inside its body of {chars} chars",
                article.page
            );
            return Err(CorpusError::io(origin, std::io::Error::other(message)));
        }
        if part.keeps(&article.part) {
            gold.push(GoldNews { article, body });
        }
    }
    Ok(gold)
}

/// Counts of one scoring run, from which every figure is computed.
#[derive(Clone, Debug, Default, Serialize)]
pub struct NewsReport {
    /// Articles scored.
    pub articles: usize,
    /// Gold statements whose act is speech.
    pub gold_speech: usize,
    /// Gold statements whose act is thought or other.
    pub gold_not_speech: usize,
    /// Predicted statements.
    pub predictions: usize,
    /// Predictions matched to any gold statement.
    pub matched: usize,
    /// Gold speech statements matched.
    pub matched_speech: usize,
    /// Predictions matched to a gold thought or other statement.
    pub matched_not_speech: usize,
    /// Matched gold speech statements whose predicted speaker is right.
    pub speaker_right: usize,
    /// Matched statements whose predicted act is the gold act.
    pub act_right: usize,
    /// The channel's type, over matched statements: right (both give the same), predicted,
    /// gold.
    pub medium: Prf,
    /// The addressee, over matched statements: right (the spans overlap), predicted, gold.
    pub addressee: Prf,
    /// Predictions by confidence, in ten bins of width 0.1: how many, their summed confidence,
    /// and how many are right (matched, with the speaker the gold statement names).
    pub reliability: [Bin; 10],
    /// Anonymous sources, over matched statements annotated for it: right, predicted, gold.
    pub anonymous: Prf,
    /// Matched statements annotated with a kind of speaker, and those whose predicted kind
    /// is the same.
    pub category: (usize, usize),
    /// Stated genders over matched statements annotated for it: `tp` stated and right, `fp`
    /// stated and wrong (the gold says otherwise or nothing), `fn_` stated in the gold and not
    /// found. Precision is how often a stated gender is right, recall its coverage.
    pub gender: Prf,
    /// The same over the matched statements whose speaker is right: how often the evidence
    /// gives the right person the right gender, apart from statements given to the wrong
    /// person (which `speaker_right` counts).
    pub gender_right_speaker: Prf,
    /// When it was said, over matched statements annotated for it: right (the expressions
    /// overlap), predicted, gold.
    pub said_at: Prf,
}

/// One bin of a reliability table.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Bin {
    /// Predictions whose confidence falls in the bin.
    pub count: usize,
    /// Their confidences, summed.
    pub confidence: f64,
    /// How many of them are right.
    pub right: usize,
}

impl NewsReport {
    /// Matched gold speech statements over gold speech statements.
    pub fn found(&self) -> f64 {
        ratio(self.matched_speech, self.gold_speech)
    }

    /// Predictions matched to any gold statement over predictions.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predictions)
    }

    /// Among matched gold speech statements, the share with the right speaker.
    pub fn speaker_right_share(&self) -> f64 {
        ratio(self.speaker_right, self.matched_speech)
    }

    /// Who said what: matched speech statements with the right speaker, against gold speech
    /// statements and against predictions not matched to a thought or other statement.
    pub fn who_said_what(&self) -> Prf {
        let tp = self.speaker_right;
        Prf {
            tp,
            fp: self.predictions - self.matched_not_speech - tp,
            fn_: self.gold_speech - tp,
        }
    }

    /// Matched statements whose act is right, over matched statements.
    pub fn act_right_share(&self) -> f64 {
        ratio(self.act_right, self.matched)
    }

    /// Expected calibration error: over the bins of the reliability table, the gap between
    /// mean confidence and the share right, weighted by the bin's share of predictions.
    pub fn expected_calibration_error(&self) -> f64 {
        let total: usize = self.reliability.iter().map(|b| b.count).sum();
        if total == 0 {
            return 0.0;
        }
        self.reliability
            .iter()
            .filter(|b| b.count > 0)
            .map(|b| {
                let n = b.count as f64;
                (n / total as f64) * (b.confidence / n - b.right as f64 / n).abs()
            })
            .sum()
    }

    fn add(&mut self, other: &NewsReport) {
        self.act_right += other.act_right;
        self.anonymous.add(&other.anonymous);
        self.category.0 += other.category.0;
        self.category.1 += other.category.1;
        self.gender.add(&other.gender);
        self.gender_right_speaker.add(&other.gender_right_speaker);
        self.said_at.add(&other.said_at);
        self.medium.add(&other.medium);
        self.addressee.add(&other.addressee);
        for (bin, other) in self.reliability.iter_mut().zip(&other.reliability) {
            bin.count += other.count;
            bin.confidence += other.confidence;
            bin.right += other.right;
        }
        self.articles += other.articles;
        self.gold_speech += other.gold_speech;
        self.gold_not_speech += other.gold_not_speech;
        self.predictions += other.predictions;
        self.matched += other.matched;
        self.matched_speech += other.matched_speech;
        self.matched_not_speech += other.matched_not_speech;
        self.speaker_right += other.speaker_right;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl fmt::Display for NewsReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wsw = self.who_said_what();
        writeln!(
            f,
            "  {} articles, {} gold speech statements (+{} thought or other), {} predicted",
            self.articles, self.gold_speech, self.gold_not_speech, self.predictions
        )?;
        writeln!(
            f,
            "  found (speech)      {:>5.1} %   ({} of {})",
            100.0 * self.found(),
            self.matched_speech,
            self.gold_speech
        )?;
        writeln!(
            f,
            "  precision           {:>5.1} %   ({} of {})",
            100.0 * self.precision(),
            self.matched,
            self.predictions
        )?;
        writeln!(
            f,
            "  speaker right       {:>5.1} %   ({} of {})",
            100.0 * self.speaker_right_share(),
            self.speaker_right,
            self.matched_speech
        )?;
        writeln!(
            f,
            "  who said what       P {:.1}  R {:.1}  F1 {:.1}",
            100.0 * wsw.precision(),
            100.0 * wsw.recall(),
            100.0 * wsw.f1()
        )?;
        writeln!(
            f,
            "  act right           {:>5.1} %   ({} of {} matched)",
            100.0 * self.act_right_share(),
            self.act_right,
            self.matched
        )?;
        for (name, prf) in [("medium", &self.medium), ("addressee", &self.addressee)] {
            writeln!(
                f,
                "  {name:<19} P {:.1}  R {:.1}  F1 {:.1}   (of matched statements)",
                100.0 * prf.precision(),
                100.0 * prf.recall(),
                100.0 * prf.f1()
            )?;
        }
        if self.category.0 > 0 {
            let anonymous = &self.anonymous;
            writeln!(
                f,
                "  anonymous source    P {:.1}  R {:.1}  F1 {:.1}   ({} right, {} predicted, {} gold; of matched statements)",
                100.0 * anonymous.precision(),
                100.0 * anonymous.recall(),
                100.0 * anonymous.f1(),
                anonymous.tp,
                anonymous.tp + anonymous.fp,
                anonymous.tp + anonymous.fn_
            )?;
            writeln!(
                f,
                "  kind of speaker     {:>5.1} %   ({} of {} matched)",
                100.0 * ratio(self.category.1, self.category.0),
                self.category.1,
                self.category.0
            )?;
            for (label, gender) in [
                ("  gender stated      ", &self.gender),
                ("    of the right speaker ", &self.gender_right_speaker),
            ] {
                writeln!(
                    f,
                    "{label} right {:.1} %  ({} of {} stated), coverage {:.1} %  (of {} the article states)",
                    100.0 * gender.precision(),
                    gender.tp,
                    gender.tp + gender.fp,
                    100.0 * gender.recall(),
                    gender.tp + gender.fn_
                )?;
            }
            let said = &self.said_at;
            writeln!(
                f,
                "  when it was said    P {:.1}  R {:.1}  F1 {:.1}   (the time expression, of matched statements)",
                100.0 * said.precision(),
                100.0 * said.recall(),
                100.0 * said.f1()
            )?;
        }
        writeln!(
            f,
            "  calibration error   {:.3}  (confidence: predictions, mean, share right)",
            self.expected_calibration_error()
        )?;
        for (i, bin) in self.reliability.iter().enumerate() {
            if bin.count == 0 {
                continue;
            }
            let n = bin.count as f64;
            writeln!(
                f,
                "    {:.1}–{:.1}   {:>4}   {:.2}   {:.2}",
                i as f64 / 10.0,
                (i + 1) as f64 / 10.0,
                bin.count,
                bin.confidence / n,
                bin.right as f64 / n
            )?;
        }
        Ok(())
    }
}

/// For each prediction, the gold statement it is matched to, if any: pairs whose content
/// ranges overlap by at least half of the shorter, one to one, largest overlap first.
pub fn pair(gold: &[GoldStatement], predicted: &[Predicted]) -> Vec<Option<usize>> {
    let mut pairs = Vec::new();
    for (g, statement) in gold.iter().enumerate() {
        let gold_range = statement.range();
        for (p, prediction) in predicted.iter().enumerate() {
            let overlap = overlap(&gold_range, &prediction.range);
            let shorter = gold_range.len().min(prediction.range.len());
            if overlap > 0 && 2 * overlap >= shorter {
                pairs.push((overlap, g, p));
            }
        }
    }
    // Largest overlap first; ties in text order, so that the result never depends on more.
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_taken = vec![false; gold.len()];
    let mut matched = vec![None; predicted.len()];
    for (_, g, p) in pairs {
        if gold_taken[g] || matched[p].is_some() {
            continue;
        }
        gold_taken[g] = true;
        matched[p] = Some(g);
    }
    matched
}

/// Whether a prediction is right: matched to a gold statement whose speaker it names.
pub fn is_right(gold: &[GoldStatement], prediction: &Predicted, matched: Option<usize>) -> bool {
    matched.is_some_and(|g| names_match(prediction.speaker.as_deref(), gold[g].speaker.as_deref()))
}

/// Scores one article's predictions against its gold statements.
pub fn score_article(gold: &[GoldStatement], predicted: &[Predicted]) -> NewsReport {
    let matched = pair(gold, predicted);
    let mut report = NewsReport {
        articles: 1,
        gold_speech: gold.iter().filter(|s| s.act == Act::Speech).count(),
        gold_not_speech: gold.iter().filter(|s| s.act != Act::Speech).count(),
        predictions: predicted.len(),
        ..NewsReport::default()
    };
    for (prediction, &g) in predicted.iter().zip(&matched) {
        let bin = ((prediction.confidence * 10.0).floor().max(0.0) as usize).min(9);
        let bin = &mut report.reliability[bin];
        bin.count += 1;
        bin.confidence += prediction.confidence;
        bin.right += usize::from(is_right(gold, prediction, g));
        let Some(g) = g else {
            continue;
        };
        let statement = &gold[g];
        report.matched += 1;
        report.act_right += usize::from(prediction.act == statement.act);
        let medium_right = prediction.medium.is_some() && prediction.medium == statement.medium();
        report.medium.count(
            prediction.medium.is_some(),
            statement.medium().is_some(),
            medium_right,
        );
        count_span(
            &mut report.addressee,
            &prediction.addressee,
            statement.addressee,
        );
        score_voice(&mut report, statement, prediction);
        if statement.act != Act::Speech {
            report.matched_not_speech += 1;
            continue;
        }
        report.matched_speech += 1;
        if names_match(prediction.speaker.as_deref(), statement.speaker.as_deref()) {
            report.speaker_right += 1;
        }
    }
    report
}

/// Adds a matched statement's anonymity, kind of speaker and stated gender to `report`, for
/// the fields its gold statement is annotated with.
fn score_voice(report: &mut NewsReport, gold: &GoldStatement, prediction: &Predicted) {
    if let Some(anonymous) = gold.anonymous {
        let right = anonymous && prediction.anonymous;
        report
            .anonymous
            .count(prediction.anonymous, anonymous, right);
    }
    if let Some(category) = gold.category() {
        report.category.0 += 1;
        report.category.1 += usize::from(prediction.category == category);
    }
    // The second pass annotates when it was said with the other fields, null when the text
    // does not say.
    if gold.anonymous.is_some() {
        count_span(&mut report.said_at, &prediction.said_at, gold.said_at);
    }
    if let Some(gender) = gold.gender() {
        let stated = prediction.gender != Gender::Unknown;
        let right = stated && prediction.gender == gender;
        let mut counts = vec![&mut report.gender];
        if names_match(prediction.speaker.as_deref(), gold.speaker.as_deref()) {
            counts.push(&mut report.gender_right_speaker);
        }
        for prf in counts {
            prf.count(stated, gender != Gender::Unknown, right);
        }
    }
}

/// Counts a predicted span (an addressee, a time) against the gold one: right when they
/// overlap.
fn count_span(prf: &mut Prf, predicted: &Option<Range<usize>>, gold: Option<[usize; 2]>) {
    let gold = gold.map(|[a, b]| a..b);
    let right = match (predicted, &gold) {
        (Some(p), Some(g)) => overlap(p, g) > 0,
        _ => false,
    };
    prf.count(predicted.is_some(), gold.is_some(), right);
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Whether a predicted speaker names the gold speaker: compared without titles or
/// punctuation, the names are equal, or the shorter is a run of at least two words of the
/// longer: "Lt. Col. Alexander Vindman" names "Alexander Vindman", and "Donald Trump" names
/// "Donald Trump Jr." (the definition is the issue's, and lenient there), but "Trump" alone
/// does not name "Donald Trump". No gold speaker and no predicted speaker is right; one
/// without the other is wrong.
pub fn names_match(predicted: Option<&str>, gold: Option<&str>) -> bool {
    let (predicted, gold) = match (predicted, gold) {
        (None, None) => return true,
        (Some(p), Some(g)) => (name_words(p), name_words(g)),
        _ => return false,
    };
    if predicted.is_empty() || gold.is_empty() {
        return predicted.is_empty() && gold.is_empty();
    }
    if predicted == gold {
        return true;
    }
    let (shorter, longer) = if predicted.len() <= gold.len() {
        (&predicted, &gold)
    } else {
        (&gold, &predicted)
    };
    shorter.len() >= 2 && longer.windows(shorter.len()).any(|run| run == &shorter[..])
}

/// Titles, ranks and honorifics set aside at the start of a name.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "sen",
    "senator",
    "rep",
    "representative",
    "gov",
    "governor",
    "president",
    "vice",
    "prime",
    "minister",
    "secretary",
    "chancellor",
    "mayor",
    "judge",
    "justice",
    "lt",
    "lieutenant",
    "col",
    "colonel",
    "gen",
    "general",
    "maj",
    "major",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "adm",
    "admiral",
    "cmdr",
    "commander",
    "rev",
    "reverend",
    "fr",
    "father",
    "pope",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "chief",
    "officer",
    "detective",
    "attorney",
    "the",
];

/// A name's words, lower-cased, without punctuation and without leading titles.
fn name_words(name: &str) -> Vec<String> {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else if c == '\'' || c == '’' {
                '\0'
            } else {
                ' '
            }
        })
        .filter(|&c| c != '\0')
        .collect();
    let words: Vec<String> = cleaned.split_whitespace().map(str::to_owned).collect();
    let first_name = words
        .iter()
        .position(|w| !TITLES.contains(&w.as_str()))
        .unwrap_or(words.len());
    words[first_name..].to_vec()
}

/// Runs `extractor` on every article's gold body and scores it, per part and in all.
pub fn run(extractor: &Extractor, gold: &[GoldNews]) -> NewsScores {
    let reports: Vec<(String, NewsReport)> = gold
        .par_iter()
        .map(|news| {
            let extraction = extractor.extract(&news.body);
            let predicted = Predicted::from_extraction(&extraction);
            let report = score_article(&news.article.statements, &predicted);
            (news.article.part.clone(), report)
        })
        .collect();
    NewsScores::from_reports(reports)
}

/// The second annotator's statements scored against the first's on the articles both did.
pub fn agreement(first: &[GoldNews], second: &[NewsArticle]) -> NewsScores {
    let by_page: HashMap<&str, &NewsArticle> =
        second.iter().map(|a| (a.page.as_str(), a)).collect();
    let reports = first
        .iter()
        .filter_map(|news| {
            let other = by_page.get(news.article.page.as_str())?;
            let predicted = Predicted::from_gold(other);
            let report = score_article(&news.article.statements, &predicted);
            Some((news.article.part.clone(), report))
        })
        .collect();
    NewsScores::from_reports(reports)
}

/// Figures per part and over all articles scored.
#[derive(Clone, Debug, Default, Serialize)]
pub struct NewsScores {
    /// The tuning part.
    pub tune: NewsReport,
    /// The held-out part.
    pub heldout: NewsReport,
    /// Both.
    pub all: NewsReport,
}

impl NewsScores {
    fn from_reports(reports: Vec<(String, NewsReport)>) -> NewsScores {
        let mut scores = NewsScores::default();
        for (part, report) in &reports {
            match part.as_str() {
                "heldout" => scores.heldout.add(report),
                _ => scores.tune.add(report),
            }
            scores.all.add(report);
        }
        scores
    }
}

impl fmt::Display for NewsScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, report) in [
            ("held-out part", &self.heldout),
            ("tuning part", &self.tune),
            ("all", &self.all),
        ] {
            if report.articles > 0 {
                writeln!(f, "{name}:")?;
                write!(f, "{report}")?;
            }
        }
        Ok(())
    }
}

pub mod fit;

#[cfg(test)]
mod tests;
