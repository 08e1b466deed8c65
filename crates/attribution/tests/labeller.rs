//! The labeller's contract: safe loading of model bytes and files, the shipped model, labels
//! for every token, Send + Sync. (Training and the dev figures are tested in whosaid-train.)

use std::time::Instant;

use whosaid_attribution::{tag_document, Labeller, ModelErrorKind, Role};
use whosaid_parser::{Parse, Parser};
use whosaid_tagger::Tagger;
use whosaid_text::Document;

#[test]
fn garbage_bytes_are_an_error() {
    for foreign in [&b""[..], b"not a model at all"] {
        let e = Labeller::from_bytes(foreign).unwrap_err();
        assert!(matches!(e.kind(), ModelErrorKind::BadMagic), "{e:?}");
        assert_eq!(
            e.to_string(),
            "not a whosaid attribution model (bad signature)"
        );
    }
    let good = Labeller::default_model().to_bytes();
    assert!(Labeller::from_bytes(&good[..good.len() / 2]).is_err());
    let mut extra = good.clone();
    extra.push(0);
    assert!(Labeller::from_bytes(&extra).is_err());
    let mut version = good.clone();
    version[8] = 99;
    assert!(matches!(
        Labeller::from_bytes(&version).unwrap_err().kind(),
        ModelErrorKind::UnsupportedVersion { found: 99, .. }
    ));
    for at in [12, 40, good.len() / 3, good.len() - 20, good.len() - 1] {
        let mut bad = good.clone();
        bad[at] ^= 0x41;
        assert!(Labeller::from_bytes(&bad).is_err(), "flipped byte {at}");
    }
    // Every prefix fails cleanly (sampled: the model is megabytes).
    for len in (0..200).chain((200..good.len()).step_by(good.len() / 97 + 1)) {
        assert!(Labeller::from_bytes(&good[..len]).is_err());
    }
}

#[test]
fn shipped_model_loads_fast_and_round_trips() {
    let bytes = Labeller::default_model().to_bytes();
    assert!(bytes.len() <= 8 << 20, "model is {} bytes", bytes.len());
    let started = Instant::now();
    let model = Labeller::load_default().expect("shipped model loads");
    let elapsed = started.elapsed();
    assert_eq!(model.to_bytes(), bytes);
    eprintln!(
        "shipped model: {} bytes, loaded in {elapsed:?}",
        bytes.len()
    );
}

#[test]
fn labeller_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Labeller>();
    check::<Role>();
}

#[test]
fn labels_every_token_including_empty_text() {
    let model = Labeller::default_model();
    for text in ["", "   \n\n ", "Hello.", "“Yes,” he said.\n\nNo."] {
        let doc = Document::parse(text);
        let tags = tag_document(Tagger::default_model(), &doc);
        let roles = model.label(&doc, &tags, &Parser::default_model().parse(&doc, &tags));
        assert_eq!(roles.len(), doc.tokens.len());
        // Valid BIO.
        let mut previous = None;
        for r in &roles {
            assert!(r.may_follow(previous));
            previous = Some(*r);
        }
    }
    // Fewer tags than tokens is tolerated, and so is a missing parse.
    let doc = Document::parse("“We will win,” the governor told reporters.");
    assert_eq!(
        model.label(&doc, &[], &Parse::default()).len(),
        doc.tokens.len()
    );
}

#[test]
fn model_files_load_and_bad_files_are_errors_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("whosaid-labeller-files-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bytes = Labeller::default_model().to_bytes();
    let good = dir.join(Labeller::FILE_NAME);
    std::fs::write(&good, &bytes).unwrap();
    assert_eq!(Labeller::from_file(&good).unwrap().to_bytes(), bytes);

    let missing = dir.join("missing.bin");
    let e = Labeller::from_file(&missing).unwrap_err();
    assert!(matches!(e.kind(), ModelErrorKind::Io(_)), "{e:?}");
    assert!(
        e.to_string().starts_with(&format!(
            "{}: cannot read the attribution model",
            missing.display()
        )),
        "{e}"
    );

    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x10;
    let damaged = dir.join("damaged.bin");
    std::fs::write(&damaged, &flipped).unwrap();
    let e = Labeller::from_file(&damaged).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}: attribution model is corrupt (checksum mismatch)",
            damaged.display()
        )
    );

    // The tagger's model is a model file of another kind.
    let foreign = dir.join(Tagger::FILE_NAME);
    std::fs::write(&foreign, Tagger::default_model().to_bytes()).unwrap();
    let e = Labeller::from_file(&foreign).unwrap_err();
    assert!(matches!(e.kind(), ModelErrorKind::BadMagic), "{e:?}");
    assert_eq!(e.path(), Some(foreign.as_path()));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn margins_come_with_the_same_labels_and_say_how_close_each_call_was() {
    let text = "“We will not back down,” the mayor said on Tuesday.\n\nThe river rose overnight.\n\nAnalysts said the plan would fail, according to a report.";
    let doc = Document::parse(text);
    let tags = tag_document(Tagger::default_model(), &doc);
    let parse = Parser::default_model().parse(&doc, &tags);
    let labeller = Labeller::default_model();
    let (roles, margins) = labeller.label_with_margins(&doc, &tags, &parse);
    assert_eq!(roles, labeller.label(&doc, &tags, &parse));
    assert_eq!(margins.len(), doc.tokens.len());
    // The chosen label's score is never below another's by Viterbi's choice alone: emission
    // margins may be negative only where transitions decided; the cue "said" is a clear call.
    let said = (0..doc.tokens.len())
        .find(|&k| doc.token_text(k) == "said")
        .unwrap();
    assert!(matches!(roles[said], Role::BCue | Role::ICue));
    assert!(margins[said] > 0.0, "{}", margins[said]);
    assert!(margins.iter().all(|m| m.is_finite()));
    // A paragraph with no attribution is all O, with its margins.
    let river = (0..doc.tokens.len())
        .find(|&k| doc.token_text(k) == "river")
        .unwrap();
    assert_eq!(roles[river], Role::O);
}

#[test]
fn the_boundary_stage_round_trips_and_moves_spans_only_when_present() {
    use whosaid_attribution::Boundaries;
    let shipped = Labeller::default_model();
    assert!(
        shipped.boundaries().is_some(),
        "the shipped model has its stage"
    );
    let bytes = shipped.to_bytes();
    assert_eq!(Labeller::from_bytes(&bytes).unwrap().to_bytes(), bytes);
    // Without the stage, the passes' labels are returned as they are; with it, they are the
    // same labels but for spans' ends.
    let plain = shipped.clone().with_boundaries(None);
    let again = Labeller::from_bytes(&plain.to_bytes()).unwrap();
    assert!(again.boundaries().is_none());
    let text = "Officials told reporters on Monday that the bridge, which opened in 1990, \
                would close for repairs. “It is not safe,” the mayor said.";
    let doc = Document::parse(text);
    let tags = tag_document(Tagger::default_model(), &doc);
    let parse = Parser::default_model().parse(&doc, &tags);
    let with = shipped.label(&doc, &tags, &parse);
    let without = plain.label(&doc, &tags, &parse);
    assert_eq!(with.len(), without.len());
    for (a, b) in with.iter().zip(&without) {
        // The stage never creates or removes a cue.
        assert_eq!(
            a.kind() == Some(whosaid_attribution::Kind::Cue),
            b.kind() == Some(whosaid_attribution::Kind::Cue)
        );
    }
    // A stage with other bits is written and read back as it was.
    let stage = Boundaries::from_weights(9, (0..512).map(|i| (i % 3) as f32 - 1.0).collect());
    let custom = plain.with_boundaries(stage.clone());
    let read = Labeller::from_bytes(&custom.to_bytes()).unwrap();
    assert_eq!(read.boundaries(), stage.as_ref());
}
