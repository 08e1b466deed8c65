//! A baseline for turning role labels into statements, scored with whosaid-eval's PolNeAR
//! scorer next to the rule-based extractor: evidence for how the extractor should use the
//! labeller, not a component of it.
//!
//! Grouping, per paragraph: every cue span starts a statement; every content span joins the
//! nearest cue span of its paragraph (by token gap; on a tie the cue before it), or, with no
//! cue in the paragraph, continues the previous statement when it is quoted; every source span
//! joins the nearest cue of its sentence, else of its paragraph. A content that starts or
//! ends at a quotation's inner edge takes in the mark. A statement is direct when its
//! contents are wholly quoted, mixed when they contain a quotation. Statements without content
//! are dropped. Last, the crudest combination with the rules: their statements plus the
//! labeller's that have a source and whose contents overlap none of theirs.
//!
//! `cargo run --release -p whosaid-attribution --example statements -- [POLNEAR_DIR]`

use std::ops::Range;
use std::path::PathBuf;

use whosaid_attribution::{spans, tag_document, Kind, Labeller, Role};
use whosaid_extract::{Extraction, Extractor, Span, Statement, StatementKind};
use whosaid_text::{CharIndex, Document};

fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

fn group(doc: &Document, roles: &[Role]) -> Extraction {
    let index = CharIndex::new(doc.text);
    let span = |r: &Range<usize>| {
        let bytes = doc.byte_range(r.clone());
        Span {
            start: index.char_offset(bytes.start),
            end: index.char_offset(bytes.end),
            text: doc.text[bytes].to_string(),
        }
    };
    let mut sentence_of = vec![0; doc.tokens.len()];
    for (i, s) in doc.sentences.iter().enumerate() {
        sentence_of[s.tokens.clone()].fill(i);
    }
    let mut statements: Vec<Statement> = Vec::new();
    for p in &doc.paragraphs {
        let found = spans(&roles[p.tokens.clone()]);
        let shift = |r: &Range<usize>| r.start + p.tokens.start..r.end + p.tokens.start;
        let cues: Vec<Range<usize>> = found
            .iter()
            .filter(|(k, _)| *k == Kind::Cue)
            .map(|(_, r)| shift(r))
            .collect();
        let first = statements.len();
        for c in &cues {
            statements.push(Statement {
                kind: StatementKind::Indirect,
                cue: Some(span(c)),
                contents: vec![],
                sources: vec![],
                speaker: None,
                speakers: vec![],
                confidence: 0.5,
            });
        }
        for (kind, r) in &found {
            let r = shift(r);
            let nearest = |same_sentence: bool| {
                cues.iter()
                    .enumerate()
                    .filter(|(_, c)| !same_sentence || sentence_of[c.start] == sentence_of[r.start])
                    .min_by_key(|(_, c)| (gap(c, &r), c.start > r.start))
                    .map(|(i, _)| first + i)
            };
            match kind {
                Kind::Cue => {}
                Kind::Content => {
                    // Take in the quotation marks around a content that starts or ends at
                    // them: PolNeAR's quoted contents include their marks.
                    let mut r = r.clone();
                    if r.start > 0 && doc.quotes.iter().any(|q| q.open + 1 == r.start) {
                        r.start -= 1;
                    }
                    if r.end < doc.tokens.len() && doc.quotes.iter().any(|q| q.close == Some(r.end))
                    {
                        r.end += 1;
                    }
                    let quoted = doc.quote_of_token[r.start].is_some();
                    let wholly = quoted && doc.quote_of_token[r.end - 1].is_some();
                    let partly = r.clone().any(|k| doc.quote_of_token[k].is_some());
                    let target = nearest(false).or_else(|| {
                        (quoted && !statements.is_empty()).then(|| statements.len() - 1)
                    });
                    if let Some(t) = target {
                        statements[t].contents.push(span(&r));
                        let s = &mut statements[t];
                        if wholly && s.kind != StatementKind::Mixed {
                            s.kind = StatementKind::Direct;
                        } else if partly {
                            s.kind = StatementKind::Mixed;
                        }
                    }
                }
                Kind::Source => {
                    if let Some(t) = nearest(true).or_else(|| nearest(false)) {
                        statements[t].sources.push(span(&r));
                    }
                }
            }
        }
    }
    statements.retain(|s| !s.contents.is_empty());
    Extraction {
        statements,
        entities: vec![],
    }
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/polnear")
        });
    let dev_dir = dir.join("dev");
    let gold = whosaid_eval::polnear::load(&dev_dir).expect("load dev");
    let model = Labeller::default_model();
    for (name, first_pass) in [
        ("labeller, both passes", false),
        ("labeller, first pass", true),
    ] {
        let predicted: Vec<(String, Extraction)> = gold
            .iter()
            .map(|a| {
                let doc = Document::parse(&a.text);
                let tags = tag_document(&doc);
                let roles = if first_pass {
                    model.label_first_pass(&doc, &tags)
                } else {
                    model.label(&doc, &tags)
                };
                (a.name.clone(), group(&doc, &roles))
            })
            .collect();
        println!(
            "== {name} + grouping baseline\n{}",
            whosaid_eval::score(&gold, &predicted)
        );
    }
    let extractor = Extractor::new();
    let rules = whosaid_eval::run_polnear(&extractor, &dev_dir).expect("rules");
    println!("== rule-based extractor\n{rules}");

    // The crudest combination: the rules' statements, plus the labeller's statements whose
    // contents overlap none of the rules' contents and that have a source.
    let combined: Vec<(String, Extraction)> = gold
        .iter()
        .map(|a| {
            let mut extraction = extractor.extract(&a.text);
            let doc = Document::parse(&a.text);
            let tags = tag_document(&doc);
            let labelled = group(&doc, &model.label(&doc, &tags));
            let overlaps = |x: &Span, y: &Span| x.start < y.end && y.start < x.end;
            let extra: Vec<Statement> = labelled
                .statements
                .into_iter()
                .filter(|s| {
                    !s.sources.is_empty()
                        && !extraction.statements.iter().any(|r| {
                            r.contents
                                .iter()
                                .any(|c| s.contents.iter().any(|d| overlaps(c, d)))
                        })
                })
                .collect();
            extraction.statements.extend(extra);
            (a.name.clone(), extraction)
        })
        .collect();
    println!(
        "== rules + labelled statements with a source that the rules missed\n{}",
        whosaid_eval::score(&gold, &combined)
    );
}
