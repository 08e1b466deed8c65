//! The bundled example article lists what a careful human reader would list.

use std::path::Path;
use whosaid_extract::{Extractor, StatementKind};

#[test]
fn nato_article() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/nato-foreign-ministers.txt");
    let text = std::fs::read_to_string(path).expect("bundled example");
    let extraction = Extractor::new().extract(&text);
    let by = |name: &str| {
        extraction
            .statements
            .iter()
            .filter(|s| s.speakers.iter().any(|p| p.name == name))
            .count()
    };
    // Seven are his statements. One more that the labeller reads as an attribution, "Mark
    // Rutte delivered these comments as …", is an event in the news convention; PolNeAR's
    // convention keeps it.
    assert_eq!(
        by("Mark Rutte"),
        7,
        "Rutte: cautioned, stated, believing, commented, seemed to reference, stated, expressed"
    );
    let polnear = Extractor::new()
        .with_rules(whosaid_extract::Convention::PolNear.rules())
        .extract(&text);
    let cues: Vec<&str> = polnear
        .statements
        .iter()
        .filter(|s| s.speakers.iter().any(|p| p.name == "Mark Rutte"))
        .filter_map(|s| s.cue.as_ref().map(|c| c.text.as_str()))
        .collect();
    assert!(cues.contains(&"delivered"), "{cues:?}");
    assert_eq!(by("Andrii Sybiha"), 3);
    assert_eq!(by("Keir Starmer"), 3, "indicating, affirmed, were vowing");
    assert_eq!(by("Emmanuel Macron"), 1);
    assert_eq!(
        by("Institute for the Study of War (ISW)"),
        3,
        "asserted, emphasized, indicating"
    );
    assert_eq!(by("Keith Kellogg"), 1);

    // "He" and "The NATO leader" are Rutte's; the continuation paragraphs belong to his quotes.
    for statement in &extraction.statements {
        let source = statement.sources.first().map(|s| s.text.as_str());
        if matches!(
            source,
            Some("He") | Some("The NATO leader") | Some("NATO’s Secretary General")
        ) {
            assert_eq!(statement.speaker.as_ref().unwrap().name, "Mark Rutte");
        }
    }
    let multi_paragraph: Vec<_> = extraction
        .statements
        .iter()
        .filter(|s| s.kind == StatementKind::Direct && s.contents.len() == 2)
        .collect();
    assert_eq!(multi_paragraph.len(), 2);

    let rutte = extraction
        .entities
        .iter()
        .find(|e| e.name == "Mark Rutte")
        .unwrap();
    // Each role once, without the comma that closed its appositive.
    assert_eq!(
        rutte.roles,
        [
            "previous prime minister of the Netherlands",
            "NATO Secretary General"
        ]
    );
    // "… Keith Kellogg, who co-authored a paper earlier this year arguing …": the speaker is
    // named by "who", not by the clause it opens.
    let arguing = extraction
        .statements
        .iter()
        .find(|s| s.cue.as_ref().unwrap().text.starts_with("arguing"))
        .unwrap();
    assert_eq!(arguing.sources[0].text, "who");
    assert_eq!(arguing.speaker.as_ref().unwrap().name, "Keith Kellogg");
    let starmer = extraction
        .entities
        .iter()
        .find(|e| e.name == "Keir Starmer")
        .unwrap();
    assert!(starmer.mentions.iter().any(|m| m.text == "Sir Keir"));

    // Nothing for the missile's nickname or the page furniture.
    for statement in &extraction.statements {
        for content in &statement.contents {
            assert!(!content.text.starts_with("“Oreshnik"));
            assert!(!content.text.contains("Read more"));
            assert!(!content.text.contains("martial law"));
        }
    }
    assert!(!extraction
        .statements
        .iter()
        .any(|s| s.contents.iter().any(|c| c.text == "“Oreshnik”")));
}

/// The JSON excerpt in README.md is real output: its statement and entity appear verbatim in
/// the extraction of the bundled example.
#[test]
fn readme_excerpt_is_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let text = std::fs::read_to_string(root.join("examples/nato-foreign-ministers.txt")).unwrap();
    let extraction = Extractor::new().extract(&text);
    let output = serde_json::to_value(&extraction).unwrap();
    let blocks: Vec<serde_json::Value> = readme
        .split("```json\n")
        .skip(1)
        .map(|block| serde_json::from_str(block.split("```").next().unwrap()).expect("README JSON"))
        .collect();
    assert_eq!(
        blocks.len(),
        2,
        "README has a statement and an entity excerpt"
    );
    let statements = output["statements"].as_array().unwrap();
    assert!(
        statements.contains(&blocks[0]),
        "README statement excerpt is stale"
    );
    let entities = output["entities"].as_array().unwrap();
    assert!(
        entities.contains(&blocks[1]),
        "README entity excerpt is stale"
    );
}
