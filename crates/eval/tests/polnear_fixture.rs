//! The scorer against a hand-made gold set with hand-counted figures.
//!
//! `tests/fixtures/polnear/` holds two invented articles in PolNeAR's layout:
//! - `alpha_…`: three attributions. E1 "Mayor Jane Doe said the council would delay the vote",
//!   E2 a quote interrupted by its cue, annotated as one *discontinuous* content of two
//!   fragments (`“We need more time,” she told reporters, “and the public …”`), E3 "…, according
//!   to city documents";
//! - `beta_…`: annotated by `bb02|cc03`, so only `bb02` counts. Three attributions: "Forecasters
//!   warned …", "Officials said …", and E3 "Residents are urged to stay home" *without source*.
//!   Its file also has a Discuss span covering a blank line (continuation lines), a Discard
//!   span, and an E line with a double space and a trailing space.

use std::path::{Path, PathBuf};
use whosaid_eval::{polnear, read_jsonl, score, score_jsonl, Prf, Report};
use whosaid_extract::{Extraction, Span, Statement, StatementKind};

const ALPHA: &str = "alpha_2020-01-01_council-delays-vote";
const BETA: &str = "beta_2020-01-02_storm-warning-issued";

fn gold_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/polnear/dev")
}

/// The span of the `nth` (0-based) occurrence of `needle` in `text`, in chars.
fn span(text: &str, needle: &str, nth: usize) -> Span {
    let mut from = 0;
    let mut byte = 0;
    for _ in 0..=nth {
        byte = from + text[from..].find(needle).expect("needle in text");
        from = byte + needle.len();
    }
    let start = text[..byte].chars().count();
    Span {
        start,
        end: start + needle.chars().count(),
        text: needle.to_string(),
    }
}

fn statement(
    kind: StatementKind,
    sources: Vec<Span>,
    cue: Option<Span>,
    contents: Vec<Span>,
) -> Statement {
    Statement {
        kind,
        cue,
        contents,
        sources,
        speaker: None,
        speakers: Vec::new(),
        act: whosaid_extract::Act::Speech,
        addressee: None,
        medium: None,
        confidence: 0.9,
        voice: Default::default(),
    }
}

/// Hand-built predictions; the comments give what each one should score.
fn predictions(gold: &[polnear::GoldArticle]) -> Vec<(String, Extraction)> {
    let a = &gold.iter().find(|g| g.name == ALPHA).unwrap().text;
    let b = &gold.iter().find(|g| g.name == BETA).unwrap().text;
    use StatementKind::*;
    let alpha = vec![
        // Matches E1: source "Jane Doe" only overlaps "Mayor Jane Doe"; the content keeps the
        // sentence's period, which exact matching trims.
        statement(
            Indirect,
            vec![span(a, "Jane Doe", 0)],
            Some(span(a, "said", 0)),
            vec![span(a, "the council would delay the vote.", 0)],
        ),
        // Matches E2 with only the first fragment of its discontinuous content, quotes and
        // comma included (trimmed to the gold fragment's boundaries).
        statement(
            Direct,
            vec![span(a, "she", 0)],
            Some(span(a, "told", 0)),
            vec![span(a, "“We need more time,”", 0)],
        ),
        // A second statement on the same quote: one-to-one matching leaves it a false
        // positive, for the content role and for attributions alike.
        statement(
            Direct,
            vec![span(a, "she", 0)],
            Some(span(a, "told", 0)),
            vec![span(a, "need more time", 0)],
        ),
        // Content inside E3's, but E3 has a source and this statement has none: no match.
        statement(
            Indirect,
            vec![],
            Some(span(a, "is expected", 0)),
            vec![span(a, "to cost $40 million", 0)],
        ),
    ];
    let beta = vec![
        statement(
            Indirect,
            vec![span(b, "Officials", 0)],
            Some(span(b, "said", 0)),
            vec![span(b, "roads could flood.", 0)],
        ),
        // Gold E3 has no source, so any source (or none) is fine; "stay home" is 9 chars, all
        // inside the gold "to stay home": at least half of the shorter span.
        statement(
            Indirect,
            vec![span(b, "Residents", 0)],
            Some(span(b, "are urged", 0)),
            vec![span(b, "stay home", 0)],
        ),
    ];
    vec![
        (ALPHA.to_string(), alpha),
        (BETA.to_string(), beta),
        ("gamma_unknown".to_string(), vec![]),
    ]
    .into_iter()
    .map(|(name, statements)| {
        (
            name,
            Extraction {
                statements,
                entities: vec![],
            },
        )
    })
    .collect()
}

fn counts(p: &Prf) -> (usize, usize, usize) {
    (p.tp, p.fp, p.fn_)
}

#[test]
fn loads_the_first_annotator_with_all_format_traps() {
    let gold = polnear::load(&gold_dir()).unwrap();
    assert_eq!(gold.len(), 2, "the train row of metadata.tsv is not in dev");
    assert_eq!(gold[0].name, ALPHA);
    assert_eq!(gold[1].annotator, "bb02");
    assert_eq!(
        gold[1].attributions.len(),
        3,
        "cc03's single attribution is ignored"
    );

    let e2 = &gold[0].attributions[1];
    assert_eq!(
        e2.content.len(),
        2,
        "discontinuous content keeps its fragments"
    );
    let chars: Vec<char> = gold[0].text.chars().collect();
    assert_eq!(
        e2.content[1].text(&chars),
        "“and the public deserves answers.”"
    );
    assert!(e2.is_quoted(&chars));

    let e3 = &gold[1].attributions[2];
    assert!(e3.source.is_empty());
    assert_eq!(e3.cue.len(), 1);
    assert_eq!(e3.content.len(), 1);
}

#[test]
fn hand_counted_figures() {
    let gold = polnear::load(&gold_dir()).unwrap();
    let report = score(&gold, &predictions(&gold));

    assert_eq!(report.articles, 2);
    assert_eq!(report.gold_attributions, 6);
    assert_eq!(report.predicted_statements, 6);
    assert_eq!(
        report.ignored_predictions,
        vec!["gamma_unknown".to_string()]
    );
    assert_eq!(report.offset_mismatches, 0);

    // Sources. Gold: Mayor Jane Doe, she, city documents | Forecasters, Officials.
    // Predicted (deduplicated): Jane Doe, she | Officials, Residents.
    assert_eq!(counts(&report.source.exact), (2, 2, 3));
    assert_eq!(counts(&report.source.overlap), (3, 1, 2));
    // Cues. Gold: said, told, according to | warned, said, are urged.
    // Predicted: said, told, is expected | said, are urged.
    assert_eq!(counts(&report.cue.exact), (4, 1, 2));
    assert_eq!(counts(&report.cue.overlap), (4, 1, 2));
    // Contents. Gold fragments: 4 in alpha (E2 counts twice), 3 in beta. Exact hits after
    // trimming: "…the vote." , "“We need more time,”", "roads could flood.". Overlap adds
    // "to cost $40 million" and "stay home"; "need more time" is the second prediction on an
    // already matched fragment.
    assert_eq!(counts(&report.content.exact), (3, 3, 4));
    assert_eq!(counts(&report.content.overlap), (5, 1, 2));
    // Attributions: E1, E2 (once), beta E2 and the sourceless beta E3 are found.
    assert_eq!(counts(&report.attribution), (4, 2, 2));
    assert!((report.attribution.precision() - 4.0 / 6.0).abs() < 1e-12);
    assert!((report.attribution.f1() - 4.0 / 6.0).abs() < 1e-12);
    // Quoted subset: gold E2 only; predicted: the two direct statements.
    assert_eq!(counts(&report.quoted), (1, 1, 0));

    let e = &report.errors;
    assert_eq!((e.gold_quoted, e.missed_quoted), (1, 0));
    assert_eq!((e.gold_unquoted, e.missed_unquoted), (5, 2));
    // Neither "according to" nor "warned" is any statement's cue. Of the spurious statements,
    // the second one on the quote would have matched E2 had the first not taken it, and "is
    // expected" is no gold cue.
    let reasons = |r: &whosaid_eval::Reasons| (r.paired_elsewhere, r.cue, r.content, r.source);
    assert_eq!(reasons(&e.missed_by), (0, 2, 0, 0));
    assert_eq!(reasons(&e.spurious_by), (1, 1, 0, 0));
    assert_eq!(
        e.top_missed_cues,
        vec![("according to".to_string(), 1), ("warned".to_string(), 1)]
    );
    assert_eq!(
        e.top_spurious_cues,
        vec![("is expected".to_string(), 1), ("told".to_string(), 1)]
    );

    let table = report.to_string();
    assert!(table.contains("attribution"), "{table}");
    assert!(table.contains("66.7"), "{table}");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["attribution"]["fn"], 2);
}

#[test]
fn nothing_predicted_scores_zero_without_dividing_by_zero() {
    let gold = polnear::load(&gold_dir()).unwrap();
    let report = score(&gold, &[]);
    assert_eq!(counts(&report.attribution), (0, 0, 6));
    assert_eq!(report.attribution.precision(), 0.0);
    assert_eq!(report.attribution.f1(), 0.0);
    assert_eq!(counts(&report.content.overlap), (0, 0, 7));
}

#[test]
fn offsets_in_bytes_are_flagged() {
    let gold = polnear::load(&gold_dir()).unwrap();
    let a = &gold[0].text;
    // "she" follows a pair of curly quotes, 3 bytes each: its byte offset is 4 past its char
    // offset.
    let mut quote = span(a, "she", 0);
    let byte = a.find("she").unwrap();
    assert_eq!(byte, quote.start + 4);
    quote.end = byte + (quote.end - quote.start);
    quote.start = byte;
    let predicted = vec![(
        ALPHA.to_string(),
        Extraction {
            statements: vec![statement(StatementKind::Direct, vec![], None, vec![quote])],
            entities: vec![],
        },
    )];
    assert_eq!(score(&gold, &predicted).offset_mismatches, 1);
}

fn temp_file(name: &str, content: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, content).unwrap();
    path
}

#[test]
fn jsonl_round_trip_scores_the_same() {
    let gold = polnear::load(&gold_dir()).unwrap();
    let predicted = predictions(&gold);
    // Ids are paths, as `whosaid extract --format jsonl` writes them.
    let lines: Vec<String> = predicted
        .iter()
        .map(|(name, extraction)| {
            let mut value = serde_json::to_value(extraction).unwrap();
            value["id"] = format!("/somewhere/polnear/dev/text/{name}.txt").into();
            value.to_string()
        })
        .collect();
    let path = temp_file("whosaid-eval-roundtrip.jsonl", &(lines.join("\n") + "\n\n"));

    let read = read_jsonl(&path).unwrap();
    assert_eq!(read.len(), 3);
    assert_eq!(
        read[0].1, predicted[0].1,
        "whosaid's own lines are read in full"
    );

    let from_file = score_jsonl(&gold_dir(), &path).unwrap();
    let in_memory: Report = score(&gold, &predicted);
    assert_eq!(from_file, in_memory);
}

#[test]
fn jsonl_from_another_system_needs_only_kind_and_offsets() {
    let gold = polnear::load(&gold_dir()).unwrap();
    let b = &gold[1].text;
    let s = |needle: &str| {
        let sp = span(b, needle, 0);
        format!(r#"{{"start": {}, "end": {}}}"#, sp.start, sp.end)
    };
    let line = format!(
        r#"{{"id": "{BETA}", "statements": [{{"kind": "indirect", "cue": {}, "contents": [{}], "sources": [{}]}}]}}"#,
        s("said"),
        s("roads could flood"),
        s("Officials")
    );
    let path = temp_file("whosaid-eval-minimal.jsonl", &line);
    let report = score_jsonl(&gold_dir(), &path).unwrap();
    assert_eq!(counts(&report.attribution), (1, 0, 5));
    assert_eq!(counts(&report.cue.exact), (1, 0, 5));

    let bad = temp_file(
        "whosaid-eval-bad.jsonl",
        &format!("{line}\n{{\"id\": 3}}\n"),
    );
    let err = read_jsonl(&bad).unwrap_err().to_string();
    assert!(err.contains("whosaid-eval-bad.jsonl:2:"), "{err}");
}

#[test]
fn missing_gold_directory_is_an_error_naming_it() {
    let err = polnear::load(Path::new("/nonexistent/polnear/dev")).unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/polnear/dev"),
        "{err}"
    );
}
