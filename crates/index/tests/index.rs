//! The statement index over a small hand-made corpus: statements are written out here (not
//! extracted), so that what is tested is the index: speakers across articles, quote
//! provenance, replacement on re-indexing, search with filters and facets, timelines, bad
//! requests, and reopening.
//!
//! One file of about 600 lines, because every test reads the one corpus built at its top:
//! splitting it would copy the corpus or hide it in a helper module.

use whosaid_article::{
    Act, Addressee, Article, DateKind, EntityType, Extraction, Medium, MediumType, Metadata, Span,
    Speaker, Statement, StatementKind,
};
use whosaid_index::{dates, IndexError, Interval, SearchRequest, StatementIndex};

fn span(text: &str) -> Span {
    Span {
        start: 0,
        end: text.chars().count(),
        text: text.to_owned(),
    }
}

fn statement(speaker: Option<(&str, &[&str])>, kind: StatementKind, content: &str) -> Statement {
    let speaker = speaker.map(|(name, roles)| Speaker {
        entity: 0,
        name: name.to_owned(),
        entity_type: EntityType::Person,
        roles: roles.iter().map(|r| r.to_string()).collect(),
    });
    Statement {
        kind,
        cue: Some(span("said")),
        contents: vec![span(content)],
        sources: speaker.iter().map(|s| span(&s.name)).collect(),
        speakers: speaker.iter().cloned().collect(),
        speaker,
        act: Act::Speech,
        addressee: None,
        medium: None,
        confidence: 0.9,
        voice: Default::default(),
    }
}

fn article(url: &str, site: &str, date: &str, statements: Vec<Statement>) -> (Article, Extraction) {
    let article = Article {
        id: url.to_owned(),
        text: statements
            .iter()
            .map(|s| s.contents[0].text.clone())
            .collect::<Vec<_>>()
            .join("\n\n"),
        from_html: true,
        metadata: Metadata {
            url: Some(url.to_owned()),
            title: Some(format!("A story on {site}")),
            site: Some(site.to_owned()),
            date: Some(date.to_owned()),
            date_kind: Some(DateKind::Published),
            ..Metadata::default()
        },
        warnings: Vec::new(),
    };
    (
        article,
        Extraction {
            statements,
            entities: Vec::new(),
        },
    )
}

const PROVING: &str = "“Putin is using Ukraine as a proving ground for new weapons and \
                       tactics, and the alliance must respond,”";
const SUPPORT: &str = "to “support Ukraine unflinchingly and for as long as necessary to \
                       counter Russian aggression”";

fn corpus() -> Vec<(Article, Extraction)> {
    let rutte: &[&str] = &["NATO Secretary General"];
    use StatementKind::*;
    vec![
        article(
            "https://daily.example/nato-1",
            "The Daily",
            "2024-11-26T08:00:00Z",
            vec![
                statement(Some(("Mark Rutte", rutte)), Direct, PROVING),
                statement(Some(("Keir Starmer", &["Prime Minister"])), Mixed, SUPPORT),
                statement(
                    Some(("John Smith", &["senator"])),
                    Indirect,
                    "that the vote would be close",
                ),
            ],
        ),
        article(
            "https://herald.example/rutte",
            "The Herald",
            "2024-11-27",
            vec![
                // The same quote, with two words dropped, from a page that says only "Rutte".
                statement(
                    Some(("Rutte", &[])),
                    Direct,
                    &PROVING.replace("new ", "").replace("and tactics, ", ""),
                ),
                statement(
                    Some(("Jane Smith", &["mayor"])),
                    Indirect,
                    "that the city would host the summit in the spring",
                ),
            ],
        ),
        article(
            "https://wire.example/rutte-dec",
            "Wire",
            "2024-12-03T10:00:00Z",
            vec![
                statement(
                    Some(("Mark Rutte", rutte)),
                    Indirect,
                    "that Ukraine needed more air defence before the winter",
                ),
                statement(
                    Some(("Smith", &[])),
                    Indirect,
                    "that nobody had asked him about the budget",
                ),
            ],
        ),
        article(
            "https://late.example/copy",
            "Late Copy",
            "2024-12-05",
            vec![statement(Some(("Mark Rutte", rutte)), Direct, PROVING)],
        ),
    ]
}

fn indexed(dir: &std::path::Path) -> StatementIndex {
    let index = StatementIndex::open_or_create(dir).unwrap();
    let mut writer = index.writer().unwrap();
    for (article, extraction) in corpus() {
        writer.add(&article, &extraction).unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    index
}

fn search(index: &StatementIndex, q: &str) -> SearchRequest {
    let _ = index;
    SearchRequest {
        q: q.to_owned(),
        limit: 10,
        ..SearchRequest::default()
    }
}

#[test]
fn speakers_are_one_identity_across_articles_and_namesakes_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());
    let speakers = index.speakers("", 100).unwrap();
    let ids: Vec<(&str, usize)> = speakers
        .iter()
        .map(|s| (s.id.as_str(), s.statements))
        .collect();
    assert!(ids.contains(&("mark-rutte", 4)), "{ids:?}");
    assert!(ids.contains(&("john-smith", 1)), "{ids:?}");
    assert!(ids.contains(&("jane-smith", 1)), "{ids:?}");
    assert!(
        ids.contains(&("smith", 1)),
        "a bare Smith is neither: {ids:?}"
    );
    let rutte = index.speaker("mark-rutte").unwrap().unwrap();
    let aliases: Vec<&str> = rutte.aliases.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(aliases, ["Mark Rutte", "Rutte"]);
    assert_eq!(rutte.roles[0].role, "NATO Secretary General");
    assert_eq!(
        rutte.roles[0].first_seen.as_deref(),
        Some("2024-11-26T08:00:00Z")
    );
    assert_eq!(
        rutte.roles[0].last_seen.as_deref(),
        Some("2024-12-05T00:00:00Z")
    );
    assert_eq!(rutte.outlets.len(), 4);
    assert!(index.speaker("nobody").unwrap().is_none());
}

/// A speaker's page counts its statements a segment at a time: the counts, and each role's
/// first and last day, are the same whether the statements are in one segment or spread
/// over several, the same value in many of them.
#[test]
fn a_speakers_page_adds_up_across_segments() {
    let roles: [&[&str]; 3] = [&["Mayor"], &["Mayor", "Chair"], &[]];
    let articles: Vec<(Article, Extraction)> = (0..12)
        .map(|n| {
            let said = statement(
                Some(("Ana Ortiz", roles[n % 3])),
                StatementKind::Direct,
                &format!("“Statement number {n} on the budget.”"),
            );
            article(
                &format!("https://site{}.example/{n}", n % 4),
                &format!("Site {}", n % 4),
                &format!("2024-03-{:02}", 10 + n),
                vec![said],
            )
        })
        .collect();
    let page = |commit_every: usize| {
        let dir = tempfile::tempdir().unwrap();
        let index = StatementIndex::open_or_create(dir.path()).unwrap();
        let mut writer = index.writer().unwrap();
        for (n, (article, extraction)) in articles.iter().enumerate() {
            writer.add(article, extraction).unwrap();
            if (n + 1) % commit_every == 0 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        drop(writer);
        index.speaker("ana-ortiz").unwrap().unwrap()
    };
    let one = page(usize::MAX);
    // A commit every two articles: several segments (tantivy merges only from eight).
    let many = page(2);
    for page in [&one, &many] {
        assert_eq!(page.statements, 12);
        let outlets: Vec<(&str, usize)> = page
            .outlets
            .iter()
            .map(|o| (o.name.as_str(), o.count))
            .collect();
        assert_eq!(
            outlets,
            [("Site 0", 3), ("Site 1", 3), ("Site 2", 3), ("Site 3", 3)]
        );
        fn day(date: &Option<String>) -> Option<&str> {
            date.as_deref().and_then(|date| date.get(..10))
        }
        let roles: Vec<(&str, usize, Option<&str>, Option<&str>)> = page
            .roles
            .iter()
            .map(|r| {
                (
                    r.role.as_str(),
                    r.count,
                    day(&r.first_seen),
                    day(&r.last_seen),
                )
            })
            .collect();
        assert_eq!(
            roles,
            [
                ("Chair", 4, Some("2024-03-11"), Some("2024-03-20")),
                ("Mayor", 8, Some("2024-03-10"), Some("2024-03-20")),
            ]
        );
        assert_eq!(page.aliases.len(), 1);
        assert_eq!(page.aliases[0].count, 12);
    }
}

#[test]
fn a_quote_carried_by_several_outlets_knows_its_first_carrier_and_its_variants() {
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());
    let hits = index.search(&search(&index, "\"proving ground\"")).unwrap();
    assert_eq!(hits.total, 3);
    let group = &hits.results[0].statement.quote;
    assert!(hits.results.iter().all(|hit| &hit.statement.quote == group));
    let quote = index.quote(group, 0, 100).unwrap().unwrap();
    assert_eq!(quote.earliest.article.outlet.as_deref(), Some("The Daily"));
    assert_eq!((quote.total, quote.carriers.len()), (3, 3));
    // Paged, the carriers come in the same order, and the earliest stays the earliest.
    let all: Vec<&str> = quote
        .carriers
        .iter()
        .map(|c| c.statement.id.as_str())
        .collect();
    assert_eq!(all[0], quote.earliest.statement.id);
    let mut paged = Vec::new();
    for offset in 0..4 {
        let page = index.quote(group, offset, 1).unwrap().unwrap();
        assert_eq!((page.total, page.offset), (3, offset));
        assert_eq!(page.earliest.statement.id, quote.earliest.statement.id);
        paged.extend(page.carriers.into_iter().map(|c| c.statement.id));
    }
    assert_eq!(paged, all);
    for limit in [0, 101] {
        assert!(matches!(
            index.quote(group, 0, limit),
            Err(IndexError::Query(_))
        ));
    }
    assert!(index.quote("q-none", 0, 10).unwrap().is_none());
    assert_eq!(
        quote.variants.len(),
        1,
        "the Late Copy is word for word the same"
    );
    let variant = &quote.variants[0];
    assert!(variant.statement.starts_with("url:https://herald.example/"));
    let removed: Vec<&str> = variant
        .diff
        .iter()
        .filter(|part| part.op == "removed")
        .map(|part| part.text.as_str())
        .collect();
    assert_eq!(removed, ["new", "tactics, and"]);
    // Different speakers' statements are different quotes.
    let support = index.search(&search(&index, "unflinchingly")).unwrap();
    assert_ne!(&support.results[0].statement.quote, group);
}

#[test]
fn search_filters_facets_and_highlights() {
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());
    let mut request = search(&index, "Ukraine");
    let all = index.search(&request).unwrap();
    assert_eq!(all.total, 5);
    let speakers: Vec<(&str, u64)> = all
        .facets
        .speaker
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert_eq!(speakers[0], ("mark-rutte", 4));
    assert_eq!(all.facets.speaker[0].label.as_deref(), Some("Mark Rutte"));
    assert!(all
        .facets
        .kind
        .iter()
        .any(|f| f.value == "mixed" && f.count == 1));
    let first = &all.results[0];
    assert!(
        first
            .highlight
            .iter()
            .any(|part| part.matched && part.text == "Ukraine"),
        "{:?}",
        first.highlight
    );

    request.speaker = Some("Rutte".to_owned());
    request.from = dates::parse("2024-11-27");
    request.to = dates::parse_until("2024-12-03");
    let filtered = index.search(&request).unwrap();
    let outlets: Vec<&str> = filtered
        .results
        .iter()
        .filter_map(|h| h.article.outlet.as_deref())
        .collect();
    assert_eq!(filtered.total, 2, "{outlets:?}");
    request.kind = Some(StatementKind::Direct);
    assert_eq!(index.search(&request).unwrap().total, 1);
    request.outlet = Some("Wire".to_owned());
    assert_eq!(index.search(&request).unwrap().total, 0);

    // No text: everything, newest first.
    let newest = index.search(&search(&index, "")).unwrap();
    assert_eq!(newest.total, 8);
    assert_eq!(
        newest.results[0].article.outlet.as_deref(),
        Some("Late Copy")
    );
    let unknown = SearchRequest {
        speaker: Some("Nobody Atall".to_owned()),
        ..search(&index, "")
    };
    assert_eq!(index.search(&unknown).unwrap().total, 0);
}

#[test]
fn bad_requests_are_errors_for_the_caller() {
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());
    for request in [
        search(&index, "\"unclosed phrase"),
        search(&index, "content:(Ukraine"),
        // Parsed, but not a query these fields can answer (they are not fast fields).
        search(&index, "content:*"),
        search(&index, "content:* AND Ukraine"),
        SearchRequest {
            offset: 100_000,
            ..search(&index, "x")
        },
        SearchRequest {
            limit: 1000,
            ..search(&index, "x")
        },
        SearchRequest {
            q: "x ".repeat(600),
            ..search(&index, "")
        },
    ] {
        match index.search(&request) {
            Err(IndexError::Query(message)) => assert!(!message.is_empty()),
            other => panic!("{request:?} gave {:?}", other.map(|r| r.total)),
        }
    }
    assert_eq!(Interval::from_name("year"), None);
    assert_eq!(Interval::from_name("week"), Some(Interval::Week));
    // Dates and kinds are the caller's to read; what people write parses or is no date.
    assert_eq!(dates::parse("last week"), None);
    assert_eq!(StatementKind::from_name("rumour"), None);
}

#[test]
fn indexing_an_article_again_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let index = indexed(dir.path());
    let (article, mut extraction) = corpus().remove(0);
    extraction.statements.truncate(1);
    let mut writer = index.writer().unwrap();
    writer.add(&article, &extraction).unwrap();
    writer.commit().unwrap();
    assert_eq!(index.statements(), 8 - 2);
    // An article without a URL is the same article when its text is the same.
    let (mut plain, extraction) = corpus().remove(3);
    plain.metadata.url = None;
    writer.add(&plain, &extraction).unwrap();
    writer.add(&plain, &extraction).unwrap();
    writer.commit().unwrap();
    assert_eq!(index.statements(), 6 + 1);
}

#[test]
fn a_reopened_index_keeps_its_speakers_and_quote_groups() {
    let dir = tempfile::tempdir().unwrap();
    let group = {
        let index = indexed(dir.path());
        let hits = index.search(&search(&index, "\"proving ground\"")).unwrap();
        hits.results[0].statement.quote.clone()
    };
    let index = StatementIndex::open(dir.path()).unwrap();
    // A reader reads the speakers from columns, a writer from the stored documents: the same.
    let listed = |index: &StatementIndex| {
        let speakers = index.speakers("", 100).unwrap();
        assert!(!speakers.is_empty());
        serde_json::to_string(&speakers).unwrap()
    };
    let writing = StatementIndex::open_or_create(dir.path()).unwrap();
    assert_eq!(listed(&index), listed(&writing));
    drop(writing);
    let (article, extraction) = article(
        "https://new.example/later",
        "New",
        "2024-12-10",
        vec![statement(
            Some(("Rutte", &[])),
            StatementKind::Direct,
            PROVING,
        )],
    );
    let mut writer = index.writer().unwrap();
    writer.add(&article, &extraction).unwrap();
    writer.commit().unwrap();
    let later = index
        .search(&SearchRequest {
            outlet: Some("New".to_owned()),
            ..search(&index, "")
        })
        .unwrap();
    let hit = &later.results[0];
    assert_eq!(hit.speaker.as_ref().unwrap().id, "mark-rutte");
    assert_eq!(hit.statement.quote, group);
    let timeline = index
        .timeline("mark-rutte", Interval::Month)
        .unwrap()
        .unwrap();
    let buckets: Vec<(&str, usize)> = timeline
        .buckets
        .iter()
        .map(|b| (b.start.as_str(), b.count))
        .collect();
    assert_eq!(buckets, [("2024-11-01", 2), ("2024-12-01", 3)]);
    let weeks = index
        .timeline("mark-rutte", Interval::Week)
        .unwrap()
        .unwrap();
    assert_eq!(weeks.buckets[0].start, "2024-11-25");
    // Every day from the first to the last, those without statements too.
    let days = index
        .timeline("mark-rutte", Interval::Day)
        .unwrap()
        .unwrap();
    let starts: Vec<i64> = days
        .buckets
        .iter()
        .map(|b| dates::parse(&b.start).unwrap())
        .collect();
    assert!(
        starts.windows(2).all(|pair| pair[1] - pair[0] == 86_400),
        "{starts:?}"
    );
    assert!(days.buckets.iter().any(|b| b.count == 0));
    let counted: usize = days.buckets.iter().map(|b| b.count).sum();
    assert_eq!(counted, 5);
    assert!(StatementIndex::open(&dir.path().join("missing")).is_err());
}

#[test]
fn a_surname_indexed_before_the_full_name_joins_it() {
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    let early = article(
        "https://a.example/1",
        "A",
        "2024-11-01",
        vec![statement(
            Some(("Berg", &["minister"])),
            StatementKind::Indirect,
            "that the talks had failed",
        )],
    );
    writer.add(&early.0, &early.1).unwrap();
    writer.commit().unwrap();
    let later = article(
        "https://b.example/2",
        "B",
        "2024-11-02",
        vec![statement(
            Some(("Anna Berg", &[])),
            StatementKind::Indirect,
            "that the talks would resume",
        )],
    );
    writer.add(&later.0, &later.1).unwrap();
    writer.commit().unwrap();
    let speakers = index.speakers("berg", 10).unwrap();
    let ids: Vec<(&str, usize)> = speakers
        .iter()
        .map(|s| (s.id.as_str(), s.statements))
        .collect();
    assert_eq!(ids, [("anna-berg", 2)]);
    assert_eq!(index.statements(), 2, "rewritten, not copied");
    let by_old_id = SearchRequest {
        speaker: Some("berg".to_owned()),
        ..search(&index, "")
    };
    assert_eq!(index.search(&by_old_id).unwrap().total, 2);
    drop(writer);
    let reopened = StatementIndex::open(dir.path());
    drop(index);
    assert_eq!(reopened.unwrap().speakers("", 10).unwrap().len(), 1);
}

/// Every statement's speaker identity and quote group, after indexing `articles` in batches
/// of `batch`.
fn derived_after(
    articles: &[(Article, Extraction)],
    batch: usize,
) -> Vec<(String, Option<String>, String)> {
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    for chunk in articles.chunks(batch) {
        for (article, extraction) in chunk {
            writer.add(article, extraction).unwrap();
        }
        writer.commit().unwrap();
    }
    drop(writer);
    let derived = index.derived_fields().unwrap();
    // What a reader opening the index rebuilds agrees with what the writer stored.
    drop(index);
    let reopened = StatementIndex::open(dir.path()).unwrap();
    let mut writer = reopened.writer().unwrap();
    writer.commit().unwrap();
    assert_eq!(
        reopened.derived_fields().unwrap(),
        derived,
        "an empty commit changes nothing"
    );
    derived
}

/// The corpus with namesakes that order used to decide: Obamas and a bare "Obama" with and
/// without a role.
fn obamas() -> Vec<(Article, Extraction)> {
    use StatementKind::*;
    let speech = "“We have made real progress, and we will keep going until every family \
                  feels it,”";
    vec![
        article(
            "https://a.example/1",
            "A",
            "2016-01-01",
            vec![statement(Some(("Obama", &["President"])), Direct, speech)],
        ),
        article(
            "https://b.example/2",
            "B",
            "2016-01-02",
            vec![
                statement(
                    Some(("Michelle Obama", &["first lady"])),
                    Direct,
                    "“Every child deserves a healthy lunch and a place to play,”",
                ),
                statement(
                    Some(("Obama", &[])),
                    Indirect,
                    "that he had nothing more to say about that matter",
                ),
            ],
        ),
        article(
            "https://c.example/3",
            "C",
            "2016-01-03",
            vec![statement(
                Some(("Barack Obama", &["President"])),
                Direct,
                speech,
            )],
        ),
        article(
            "https://d.example/4",
            "D",
            "2016-01-04",
            vec![statement(
                Some(("Obama", &["President"])),
                Direct,
                &speech.replace("real ", ""),
            )],
        ),
    ]
}

#[test]
fn identities_and_quote_groups_do_not_depend_on_order_batches_or_repetition() {
    type Corpus = fn() -> Vec<(Article, Extraction)>;
    let corpora: [Corpus; 2] = [corpus, obamas];
    for corpus in corpora {
        let forward = derived_after(&corpus(), 1);
        let mut reversed = corpus();
        reversed.reverse();
        assert_eq!(derived_after(&reversed, 1), forward);
        assert_eq!(derived_after(&corpus(), 100), forward);
        let twice: Vec<_> = corpus().into_iter().chain(corpus()).collect();
        assert_eq!(derived_after(&twice, 3), forward);
    }
    let derived = derived_after(&obamas(), 1);
    let speaker = |statement: &str| {
        let found = derived.iter().find(|(id, ..)| id.starts_with(statement));
        found.and_then(|(_, speaker, _)| speaker.clone()).unwrap()
    };
    assert_eq!(
        speaker("url:https://a.example/1#0"),
        "barack-obama",
        "a President Obama"
    );
    assert_eq!(speaker("url:https://b.example/2#0"), "michelle-obama");
    assert_eq!(
        speaker("url:https://b.example/2#1"),
        "obama",
        "two Obamas, no evidence"
    );
    let quote = |statement: &str| {
        let found = derived.iter().find(|(id, ..)| id.starts_with(statement));
        found.map(|(_, _, quote)| quote.clone()).unwrap()
    };
    assert_eq!(
        quote("url:https://a.example/1#0"),
        quote("url:https://c.example/3#0")
    );
    assert_eq!(
        quote("url:https://a.example/1#0"),
        quote("url:https://d.example/4#0")
    );
}

#[test]
fn a_reader_sees_what_a_writer_commits_later() {
    let dir = tempfile::tempdir().unwrap();
    drop(indexed(dir.path()));
    let reader = StatementIndex::open(dir.path()).unwrap();
    assert_eq!(reader.statements(), 8);
    let writer_index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = writer_index.writer().unwrap();
    for (article, extraction) in obamas() {
        writer.add(&article, &extraction).unwrap();
    }
    writer.commit().unwrap();
    // The reader follows the commit within moments, speakers included.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while reader.statements() != 13 {
        assert!(
            std::time::Instant::now() < deadline,
            "the reader never saw the commit"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let speakers = reader.speakers("obama", 10).unwrap();
    assert!(
        speakers.iter().any(|s| s.id == "michelle-obama"),
        "{speakers:?}"
    );
    let hits = reader
        .search(&SearchRequest {
            speaker: Some("Barack Obama".to_owned()),
            ..search(&reader, "")
        })
        .unwrap();
    assert_eq!(hits.total, 3);
    assert!(hits
        .results
        .iter()
        .all(|h| h.speaker.as_ref().unwrap().name == "Barack Obama"));
}

#[test]
fn a_second_writer_is_told_that_another_is_writing() {
    let dir = tempfile::tempdir().unwrap();
    let first = StatementIndex::open_or_create(dir.path()).unwrap();
    let _writer = first.writer().unwrap();
    // Told when opening the index to write (the writer's state is held by the first) or
    // when asking for a writer.
    let second = StatementIndex::open_or_create(dir.path());
    match second.and_then(|second| second.writer().map(|_| ())) {
        Err(IndexError::Index(message)) => {
            assert!(message.contains("another process is writing"), "{message}");
            assert!(!message.contains("LockBusy"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn hostile_dates_are_no_dates() {
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    for date in [
        "2019-11-19T13:03:0é",
        "é",
        "2019-11-1",
        "99999999999999999999-01-01",
    ] {
        let (mut article, extraction) = corpus().remove(3);
        article.metadata.url = Some(format!("https://late.example/{date}"));
        article.metadata.date = Some(date.to_owned());
        writer.add(&article, &extraction).unwrap();
    }
    writer.commit().unwrap();
    assert_eq!(index.statements(), 4);
    assert_eq!(dates::parse("2019-11-19T13:03:0é"), None);
    assert_eq!(dates::parse_until("2019-11-19T13:03:0é"), None);
}

/// A statement of `name` with its act, addressee and medium.
fn delivered(
    name: &str,
    content: &str,
    act: Act,
    addressee: Option<&str>,
    medium: Option<(MediumType, Option<&str>)>,
) -> Statement {
    Statement {
        act,
        addressee: addressee.map(|to| Addressee {
            span: span(&format!("the {to}")),
            name: to.to_owned(),
        }),
        medium: medium.map(|(medium_type, words)| Medium {
            span: words.map(span),
            medium_type,
        }),
        ..statement(Some((name, &[])), StatementKind::Indirect, content)
    }
}

#[test]
fn acts_media_and_addressees_are_stored_filtered_faceted_and_counted_per_speaker() {
    use MediumType::*;
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    // A bare "Berg" first, so that the full name later rewrites these statements: what is
    // rewritten must keep its act, addressee and medium.
    let early = article(
        "https://a.example/1",
        "A",
        "2024-11-01",
        vec![
            delivered(
                "Berg",
                "that the talks had failed",
                Act::Speech,
                Some("Financial Times"),
                Some((Interview, Some("in an interview"))),
            ),
            delivered(
                "Berg",
                "that the talks were over",
                Act::Speech,
                Some("Financial Times"),
                None,
            ),
        ],
    );
    writer.add(&early.0, &early.1).unwrap();
    writer.commit().unwrap();
    let later = article(
        "https://b.example/2",
        "B",
        "2024-11-02",
        vec![
            delivered(
                "Anna Berg",
                "that the talks would resume",
                Act::Speech,
                Some("CBS"),
                Some((Testimony, None)),
            ),
            delivered(
                "Anna Berg",
                "the talks will resume",
                Act::Thought,
                None,
                None,
            ),
            delivered("Anna Berg", "that prices rose", Act::Other, None, None),
        ],
    );
    writer.add(&later.0, &later.1).unwrap();
    writer.commit().unwrap();
    drop(writer);
    drop(index);
    let index = StatementIndex::open(dir.path()).unwrap();

    let everything = index.search(&search(&index, "talks")).unwrap();
    assert_eq!(everything.total, 4);
    let acts: Vec<(&str, u64)> = everything
        .facets
        .act
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert_eq!(acts, [("speech", 3), ("thought", 1)]);
    let media: Vec<(&str, u64)> = everything
        .facets
        .medium
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert_eq!(media, [("interview", 1), ("testimony", 1)]);

    // What was stored comes back, also for the statements the full name rewrote.
    let interview = SearchRequest {
        medium: Some(Interview),
        ..search(&index, "")
    };
    let found = index.search(&interview).unwrap();
    assert_eq!(found.total, 1);
    let hit = &found.results[0].statement;
    assert_eq!(found.results[0].speaker.as_ref().unwrap().id, "anna-berg");
    assert_eq!(hit.act, "speech");
    assert_eq!(hit.addressee.as_deref(), Some("Financial Times"));
    assert_eq!(hit.medium.as_deref(), Some("interview"));
    assert_eq!(hit.medium_text.as_deref(), Some("in an interview"));
    let testimony = SearchRequest {
        medium: Some(Testimony),
        ..search(&index, "")
    };
    let found = index.search(&testimony).unwrap();
    assert_eq!(found.results[0].statement.medium_text, None);
    assert_eq!(found.results[0].statement.addressee.as_deref(), Some("CBS"));

    // Acts: one, several, or (empty) every one.
    let acts = |act: Vec<Act>| {
        let request = SearchRequest {
            act,
            ..search(&index, "")
        };
        index.search(&request).unwrap().total
    };
    assert_eq!(acts(vec![Act::Speech]), 3);
    assert_eq!(acts(vec![Act::Thought]), 1);
    assert_eq!(acts(vec![Act::Thought, Act::Other]), 2);
    assert_eq!(acts(Vec::new()), 5);
    let to_ft = SearchRequest {
        addressee: Some("Financial Times".to_owned()),
        ..search(&index, "")
    };
    assert_eq!(index.search(&to_ft).unwrap().total, 2);
    let speech_by_testimony = SearchRequest {
        act: vec![Act::Thought],
        medium: Some(Testimony),
        ..search(&index, "")
    };
    assert_eq!(index.search(&speech_by_testimony).unwrap().total, 0);

    let berg = index.speaker("anna-berg").unwrap().unwrap();
    let addressees: Vec<(&str, usize)> = berg
        .addressees
        .iter()
        .map(|a| (a.name.as_str(), a.count))
        .collect();
    assert_eq!(addressees, [("Financial Times", 2), ("CBS", 1)]);
}

/// A writer saves the identities beside the index; a reader opens from them when they are
/// those of the last commit, and reads the documents when they are not (another commit's, or
/// damaged), with the same answers.
#[test]
fn a_reader_opens_from_the_saved_identities_only_when_they_are_the_last_commits() {
    let dir = tempfile::tempdir().unwrap();
    drop(indexed(dir.path()));
    let path = dir.path().join("whosaid-identities.json");
    let saved = std::fs::read_to_string(&path).expect("the writer saved the identities");
    let answers = |index: &StatementIndex| {
        let speakers = index.speakers("", 100).unwrap();
        let found = index
            .search(&SearchRequest {
                speaker: Some("Rutte".to_owned()),
                ..search(index, "")
            })
            .unwrap();
        let names: Vec<String> = speakers.iter().map(|s| s.name.clone()).collect();
        (names, found.total)
    };
    let from_table = answers(&StatementIndex::open(dir.path()).unwrap());
    assert!(from_table.1 > 0, "a name resolves from the table");

    // Proof that it was read: an identity renamed in the file shows under its new name.
    let renamed = saved.replace("\"Mark Rutte\"", "\"Mark Rutte (from the table)\"");
    assert_ne!(renamed, saved);
    std::fs::write(&path, &renamed).unwrap();
    let (names, _) = answers(&StatementIndex::open(dir.path()).unwrap());
    assert!(names.iter().any(|n| n == "Mark Rutte (from the table)"));

    // Another commit's table, or a damaged one, is not used.
    let value: serde_json::Value = serde_json::from_str(&renamed).unwrap();
    let opstamp = value["opstamp"].as_u64().unwrap();
    let stale = renamed.replacen(
        &format!("\"opstamp\":{opstamp}"),
        &format!("\"opstamp\":{}", opstamp + 1),
        1,
    );
    assert_ne!(stale, renamed);
    for damaged in [stale.as_str(), "{\"format\":", ""] {
        std::fs::write(&path, damaged).unwrap();
        assert_eq!(
            answers(&StatementIndex::open(dir.path()).unwrap()),
            from_table
        );
    }
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        answers(&StatementIndex::open(dir.path()).unwrap()),
        from_table
    );
}

/// Every statement's derived fields after indexing `articles` one run per article, each run
/// opening the index anew, with `before_run` done to the index's directory before each.
fn derived_over_runs(
    articles: &[(Article, Extraction)],
    before_run: impl Fn(&std::path::Path, usize),
) -> Vec<(String, Option<String>, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (run, (article, extraction)) in articles.iter().enumerate() {
        before_run(dir.path(), run);
        let index = StatementIndex::open_or_create(dir.path()).unwrap();
        let mut writer = index.writer().unwrap();
        writer.add(article, extraction).unwrap();
        writer.commit().unwrap();
    }
    StatementIndex::open(dir.path())
        .unwrap()
        .derived_fields()
        .unwrap()
}

/// A writer opens from the state the last one saved beside the index; a state that is
/// missing, damaged, half-written or of another commit is rebuilt from the documents. Either
/// way the index comes out as if indexed in one run.
#[test]
fn a_writer_opens_from_the_saved_state_or_rebuilds_it() {
    let mut articles: Vec<_> = corpus().into_iter().chain(obamas()).collect();
    // Indexed again: a later run replaces an article of an earlier one.
    articles.push(corpus().remove(0));
    let expected = derived_after(&articles, 100);
    assert_eq!(derived_over_runs(&articles, |_, _| {}), expected);
    let store = "whosaid-writer.redb";
    let bands = "whosaid-bands.map";
    type Damage = fn(&std::path::Path);
    let damages: [(&str, Damage); 4] = [
        ("no state", |dir| {
            let _ = std::fs::remove_file(dir.join("whosaid-writer.redb"));
        }),
        ("no band keys", |dir| {
            let _ = std::fs::remove_file(dir.join("whosaid-bands.map"));
        }),
        ("a damaged state", |dir| {
            if dir.join("whosaid-writer.redb").exists() {
                std::fs::write(dir.join("whosaid-writer.redb"), b"not a store").unwrap();
            }
        }),
        ("damaged band keys", |dir| {
            if dir.join("whosaid-bands.map").exists() {
                std::fs::write(dir.join("whosaid-bands.map"), [7u8; 100]).unwrap();
            }
        }),
    ];
    for (damage, apply) in damages {
        let derived = derived_over_runs(&articles, |dir, run| {
            if run % 2 == 1 {
                apply(dir);
            }
        });
        assert_eq!(derived, expected, "{damage}");
    }
    // The state of an earlier commit (a writer died between the index's commit and its own).
    let derived = derived_over_runs(&articles, |dir, run| {
        if run == 2 {
            for file in [store, bands] {
                std::fs::copy(dir.join(file), dir.join(format!("{file}.old"))).unwrap();
            }
        }
        if run == 4 {
            for file in [store, bands] {
                std::fs::rename(dir.join(format!("{file}.old")), dir.join(file)).unwrap();
            }
        }
    });
    assert_eq!(derived, expected, "an older state");
}

/// A quote's carriers published the same day come in the order of their statement ids, read
/// from a segment that holds many other statements (so that only the carriers' ids are read
/// from its column, not all of them).
#[test]
fn carriers_of_one_day_come_in_the_order_of_their_ids() {
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let mut writer = index.writer().unwrap();
    let rutte: &[&str] = &[];
    for n in 0..80 {
        let (article, extraction) = article(
            &format!("https://other.example/{n}"),
            "Other",
            "2024-02-01",
            vec![statement(
                Some(("Ann Example", rutte)),
                StatementKind::Indirect,
                &format!("statement number {n} about something else entirely"),
            )],
        );
        writer.add(&article, &extraction).unwrap();
    }
    let urls = [
        "https://c.example/3",
        "https://a.example/1",
        "https://b.example/2",
    ];
    for url in urls {
        let (article, extraction) = article(
            url,
            "Carrier",
            "2024-02-01",
            vec![statement(
                Some(("Mark Rutte", rutte)),
                StatementKind::Direct,
                PROVING,
            )],
        );
        writer.add(&article, &extraction).unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    index.reload().unwrap();
    let hits = index.search(&search(&index, "\"proving ground\"")).unwrap();
    let group = &hits.results[0].statement.quote;
    let quote = index.quote(group, 0, 10).unwrap().unwrap();
    let ids: Vec<&str> = quote
        .carriers
        .iter()
        .map(|c| c.statement.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "url:https://a.example/1#0",
            "url:https://b.example/2#0",
            "url:https://c.example/3#0"
        ]
    );
    assert_eq!(quote.earliest.statement.id, ids[0]);
}
