use super::*;

fn gold(act: Act, speaker: Option<&str>, content: Range<usize>) -> GoldStatement {
    GoldStatement {
        act,
        speaker: speaker.map(str::to_owned),
        content: vec![[content.start, content.end]],
        source: None,
        cue: None,
        addressee: None,
        medium_type: None,
        anonymous: None,
        category: None,
        gender: None,
        said_at: None,
    }
}

fn predicted(range: Range<usize>, speaker: Option<&str>) -> Predicted {
    Predicted {
        range,
        speaker: speaker.map(str::to_owned),
        act: Act::Speech,
        addressee: None,
        medium: None,
        confidence: 0.5,
        anonymous: false,
        category: Default::default(),
        gender: Default::default(),
        said_at: None,
    }
}

#[test]
fn a_match_needs_half_of_the_shorter_range() {
    let gold = [gold(Act::Speech, Some("Jane Doe"), 0..100)];
    // 50 of the shorter 100: half, a match.
    let half = score_article(&gold, &[predicted(50..200, Some("Jane Doe"))]);
    assert_eq!((half.matched, half.speaker_right), (1, 1));
    // 49 of 100: not a match.
    let less = score_article(&gold, &[predicted(51..200, Some("Jane Doe"))]);
    assert_eq!(less.matched, 0);
    // A short prediction inside a long gold range: all of the shorter overlaps.
    let inside = score_article(&gold, &[predicted(10..20, None)]);
    assert_eq!((inside.matched, inside.speaker_right), (1, 0));
}

#[test]
fn pairs_are_one_to_one_largest_overlap_first() {
    let gold = [
        gold(Act::Speech, Some("A B"), 0..100),
        gold(Act::Speech, Some("C D"), 100..130),
    ];
    // The first prediction overlaps both; it goes to the larger overlap (the first gold), and
    // the second prediction, overlapping only the first gold, finds it taken.
    let report = score_article(
        &gold,
        &[
            predicted(20..120, Some("A B")),
            predicted(0..30, Some("A B")),
        ],
    );
    assert_eq!(report.matched, 1);
    assert_eq!(report.matched_speech, 1);
    assert_eq!(report.speaker_right, 1);
    assert_eq!(report.found(), 0.5);
    assert_eq!(report.precision(), 0.5);
}

#[test]
fn statements_that_are_not_speech_count_for_precision_only() {
    let gold = [
        gold(Act::Speech, Some("Jane Doe"), 0..50),
        gold(Act::Other, None, 60..100),
        gold(Act::Thought, Some("Jane Doe"), 110..150),
    ];
    let report = score_article(
        &gold,
        &[
            predicted(0..50, Some("Ambassador Jane Doe")),
            predicted(60..100, Some("the report")),
            predicted(200..250, Some("Someone Else")),
        ],
    );
    assert_eq!(report.gold_speech, 1);
    assert_eq!(report.gold_not_speech, 2);
    assert_eq!(report.matched, 2);
    assert_eq!(report.matched_not_speech, 1);
    assert!((report.precision() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(report.found(), 1.0);
    // Who said what: 1 true positive; the prediction matched to `other` is out of the
    // denominator, the unmatched one is a false positive.
    let wsw = report.who_said_what();
    assert_eq!((wsw.tp, wsw.fp, wsw.fn_), (1, 1, 0));
}

#[test]
fn a_wrong_speaker_is_found_but_not_who_said_what() {
    let gold = [gold(Act::Speech, Some("Jane Doe"), 0..50)];
    let report = score_article(&gold, &[predicted(0..50, Some("Financial Times"))]);
    assert_eq!(report.found(), 1.0);
    assert_eq!(report.speaker_right, 0);
    let wsw = report.who_said_what();
    assert_eq!((wsw.tp, wsw.fp, wsw.fn_), (0, 1, 1));
}

#[test]
fn names_compare_without_titles_and_punctuation() {
    let right = |p: &str, g: &str| names_match(Some(p), Some(g));
    assert!(right("Lt. Col. Alexander Vindman", "Alexander Vindman"));
    assert!(right("Alexander Vindman", "Alexander Vindman"));
    assert!(right("Mr. O’Rourke", "O'Rourke"));
    assert!(right("Donald Trump", "Donald Trump Jr."));
    assert!(right("the Trump administration", "Trump administration"));
    assert!(right("NASA", "nasa"));
    // One word of a longer name is not enough, nor a run that is not contiguous.
    assert!(!right("Trump", "Donald Trump"));
    assert!(!right("Alexander Vindman", "Alexander S. Vindman"));
    assert!(!right("Financial Times", "Jane Doe"));
    assert!(names_match(None, None));
    assert!(!names_match(Some("Jane Doe"), None));
    assert!(!names_match(None, Some("Jane Doe")));
    // A name that is all titles has no words: it names nobody, as no speaker would.
    assert!(!right("Mr.", "Jane Doe"));
}

#[test]
fn a_statement_in_pieces_is_matched_on_its_whole_range() {
    let mut statement = gold(Act::Speech, Some("Jane Doe"), 0..10);
    statement.content.push([40, 60]);
    // 0..60 against 5..55: an overlap of 50 of the shorter 50.
    let report = score_article(&[statement], &[predicted(5..55, Some("Jane Doe"))]);
    assert_eq!(report.matched_speech, 1);
}

const LINE: &str = r#"{"page": "p1", "annotator": "A1", "part": "heldout", "statements": [{"act": "speech", "kind": "direct", "speaker": "Jane Doe", "content": [[1, 10]], "source": [12, 20], "cue": [21, 25]}]}"#;

#[test]
fn annotations_parse_and_errors_name_the_line() {
    let origin = Path::new("annotations.jsonl");
    let articles = parse_annotations(&format!("\n{LINE}\n"), origin).unwrap();
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].statements[0].act, Act::Speech);
    assert_eq!(articles[0].statements[0].range(), 1..10);

    let error = parse_annotations(&format!("{LINE}\n{{\"page\": 3}}\n"), origin).unwrap_err();
    assert!(
        error.to_string().starts_with("annotations.jsonl:2: "),
        "{error}"
    );
    let bad_part = LINE.replace("heldout", "test");
    let error = parse_annotations(&bad_part, origin).unwrap_err();
    assert!(
        error.to_string().contains("neither tune nor heldout"),
        "{error}"
    );
}

/// A news-html layout with one dev and one reserved page.
fn pages_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let truth = serde_json::json!({
        "p1": {"articleBody": "“We will win,” Jane Doe said on Monday.", "url": "https://x.example/1"},
        "p2": {"articleBody": "Held out for others.", "url": "https://x.example/2"},
    });
    std::fs::write(dir.path().join("ground-truth.json"), truth.to_string()).unwrap();
    std::fs::write(
        dir.path().join("splits.tsv"),
        "page\tsplit\np1\tdev\np2\treserved\n",
    )
    .unwrap();
    dir
}

#[test]
fn loading_joins_bodies_and_refuses_what_is_not_a_dev_page_or_outside_it() {
    let dir = pages_dir();
    let origin = Path::new("annotations.jsonl");
    let articles = parse_annotations(LINE, origin).unwrap();
    let gold = load(dir.path(), articles.clone(), Part::All, origin).unwrap();
    assert_eq!(gold.len(), 1);
    assert!(gold[0].body.starts_with("“We"));
    assert!(load(dir.path(), articles.clone(), Part::Tune, origin)
        .unwrap()
        .is_empty());

    let reserved = parse_annotations(&LINE.replace("\"p1\"", "\"p2\""), origin).unwrap();
    let error = load(dir.path(), reserved, Part::All, origin).unwrap_err();
    assert!(
        error.to_string().contains("page p2 is not a dev page"),
        "{error}"
    );

    let outside = parse_annotations(&LINE.replace("[21, 25]", "[21, 99]"), origin).unwrap();
    let error = load(dir.path(), outside, Part::All, origin).unwrap_err();
    assert!(
        error.to_string().contains("is not inside its body"),
        "{error}"
    );
}

#[test]
fn whosaid_is_scored_on_the_bodies() {
    let dir = pages_dir();
    let origin = Path::new("annotations.jsonl");
    // “We will win,” is chars 1..12 without the marks; Jane Doe said it.
    let line = LINE.replace("[[1, 10]]", "[[1, 12]]");
    let gold = load(
        dir.path(),
        parse_annotations(&line, origin).unwrap(),
        Part::All,
        origin,
    )
    .unwrap();
    let scores = run(&Extractor::new(), &gold);
    assert_eq!(scores.heldout.articles, 1);
    assert_eq!(scores.tune.articles, 0);
    assert_eq!(scores.all.gold_speech, 1);
    assert_eq!(scores.all.matched_speech, 1, "{scores}");
    assert_eq!(scores.all.speaker_right, 1, "{scores}");
}

#[test]
fn agreement_scores_the_second_annotator_on_shared_pages() {
    let dir = pages_dir();
    let origin = Path::new("annotations.jsonl");
    let first = load(
        dir.path(),
        parse_annotations(LINE, origin).unwrap(),
        Part::All,
        origin,
    )
    .unwrap();
    let second = parse_annotations(&LINE.replace("Jane Doe", "Doe"), origin).unwrap();
    let scores = agreement(&first, &second);
    assert_eq!(scores.all.matched_speech, 1);
    assert_eq!(scores.all.speaker_right, 0, "one word does not name two");
    assert!(agreement(&first, &[]).all.articles == 0);
}

#[test]
fn the_shipped_annotations_parse() {
    let origin = Path::new("crates/eval/data/news/annotations.jsonl");
    let first = parse_annotations(ANNOTATIONS, origin).unwrap();
    let second = parse_annotations(SECOND_ANNOTATOR, origin).unwrap();
    let pages: std::collections::HashSet<&str> = first.iter().map(|a| a.page.as_str()).collect();
    assert_eq!(pages.len(), first.len(), "an article annotated twice");
    assert!(second.iter().all(|a| pages.contains(a.page.as_str())));
}

#[test]
fn act_medium_and_addressee_are_scored_on_matched_statements() {
    let mut told = gold(Act::Speech, Some("Jane Doe"), 0..50);
    told.addressee = Some([60, 70]);
    told.medium_type = Some("social media".to_owned());
    let mut thought = gold(Act::Thought, Some("Jane Doe"), 100..150);
    thought.medium_type = Some("interview".to_owned());
    let gold = [told, thought];
    let mut first = predicted(0..50, Some("Jane Doe"));
    first.addressee = Some(65..75);
    first.medium = Some(MediumType::SocialMedia);
    let mut second = predicted(100..150, Some("Jane Doe"));
    second.medium = Some(MediumType::Statement);
    let report = score_article(&gold, &[first, second, predicted(300..350, None)]);
    // The second's act (speech) is not the gold's (thought).
    assert_eq!(report.act_right, 1);
    // Medium: one right, one of the wrong type (a false positive and a false negative).
    assert_eq!(
        (report.medium.tp, report.medium.fp, report.medium.fn_),
        (1, 1, 1)
    );
    // The addressee spans overlap.
    assert_eq!(
        (
            report.addressee.tp,
            report.addressee.fp,
            report.addressee.fn_
        ),
        (1, 0, 0)
    );
}

#[test]
fn the_reliability_table_bins_predictions_by_confidence_and_counts_the_right_ones() {
    let gold = [
        gold(Act::Speech, Some("Jane Doe"), 0..50),
        gold(Act::Speech, Some("John Roe"), 100..150),
    ];
    let mut right = predicted(0..50, Some("Jane Doe"));
    right.confidence = 0.95;
    let mut wrong_speaker = predicted(100..150, Some("Jane Doe"));
    wrong_speaker.confidence = 0.95;
    let mut unmatched = predicted(300..350, Some("Jane Doe"));
    unmatched.confidence = 0.05;
    let report = score_article(&gold, &[right, wrong_speaker, unmatched]);
    let top = report.reliability[9];
    assert_eq!((top.count, top.right), (2, 1));
    assert_eq!(
        (report.reliability[0].count, report.reliability[0].right),
        (1, 0)
    );
    // Two of three at 0.95 with half right, one at 0.05 with none: (2 × 0.45 + 0.05) / 3.
    let ece = report.expected_calibration_error();
    assert!((ece - (2.0 * 0.45 + 0.05) / 3.0).abs() < 1e-9, "{ece}");
    // A confidence of exactly 1 falls in the last bin, not past it.
    let mut sure = predicted(0..50, Some("Jane Doe"));
    sure.confidence = 1.0;
    assert_eq!(score_article(&gold, &[sure]).reliability[9].count, 1);
}

#[test]
fn anonymity_kind_and_gender_are_scored_on_matched_statements() {
    let annotated =
        |anonymous, category: &str, gender: &str, content: Range<usize>| GoldStatement {
            anonymous: Some(anonymous),
            category: Some(category.to_owned()),
            gender: Some(gender.to_owned()),
            ..gold(Act::Speech, Some("official"), content)
        };
    let gold = vec![
        GoldStatement {
            said_at: Some([55, 65]),
            ..annotated(true, "government official", "unknown", 0..50)
        },
        annotated(false, "politician", "female", 100..150),
        annotated(false, "expert", "male", 200..250),
    ];
    let voiced = |range: Range<usize>, anonymous, category, gender| Predicted {
        anonymous,
        category,
        gender,
        // Said "on Tuesday" (55..65) after the first, "today" (160..165) after the second.
        said_at: Some(if range.start == 0 { 55..65 } else { 160..165 }),
        ..predicted(range, Some("official"))
    };
    let predicted = vec![
        // Right on all three.
        voiced(
            0..50,
            true,
            SpeakerCategory::GovernmentOfficial,
            Gender::Unknown,
        ),
        // A gender stated and wrong; anonymous when the gold is not.
        voiced(100..150, true, SpeakerCategory::Politician, Gender::Male),
        // Unmatched: not scored.
        voiced(300..350, true, SpeakerCategory::Expert, Gender::Male),
    ];
    let report = score_article(&gold, &predicted);
    assert_eq!(
        (
            report.anonymous.tp,
            report.anonymous.fp,
            report.anonymous.fn_
        ),
        (1, 1, 0)
    );
    assert_eq!(report.category, (2, 2));
    // The first time is right; the second is given where the gold has none.
    assert_eq!(
        (report.said_at.tp, report.said_at.fp, report.said_at.fn_),
        (1, 1, 0)
    );
    // The female speaker given as male is a wrong stated gender and a miss; the male expert's
    // statement was not found, so it is not counted.
    assert_eq!(
        (report.gender.tp, report.gender.fp, report.gender.fn_),
        (0, 1, 1)
    );
}

#[test]
fn a_stated_gender_is_also_scored_apart_from_wrong_speakers() {
    let gold = vec![
        GoldStatement {
            gender: Some("female".to_owned()),
            ..gold(Act::Speech, Some("Jane Doe"), 0..50)
        },
        GoldStatement {
            gender: Some("male".to_owned()),
            ..gold(Act::Speech, Some("John Roe"), 100..150)
        },
    ];
    let predicted = vec![
        // The right speaker, the right gender.
        Predicted {
            gender: Gender::Female,
            ..predicted(0..50, Some("Jane Doe"))
        },
        // Given to the wrong person, whose gender the article states right: a wrong stated
        // gender for the statement, not for the evidence.
        Predicted {
            gender: Gender::Female,
            ..predicted(100..150, Some("Ann Poe"))
        },
    ];
    let report = score_article(&gold, &predicted);
    assert_eq!(
        (report.gender.tp, report.gender.fp, report.gender.fn_),
        (1, 1, 1)
    );
    let right_speaker = &report.gender_right_speaker;
    assert_eq!(
        (right_speaker.tp, right_speaker.fp, right_speaker.fn_),
        (1, 0, 0)
    );
}
