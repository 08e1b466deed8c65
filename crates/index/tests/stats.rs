//! Who gets a voice, counted by the index: statements and distinct speakers by gender, kind
//! of speaker and anonymity, per outlet and per month, search filters on the same fields, a
//! speaker's gender across articles, and when a statement was said.

use whosaid_article::{
    Act, Article, DateKind, EntityType, Extraction, Gender, Metadata, SaidAt, Span, Speaker,
    SpeakerCategory, Statement, StatementKind, Voice,
};
use whosaid_index::{SearchRequest, StatementIndex, StatsBy, StatsGroup, StatsRequest};

fn span(text: &str) -> Span {
    Span {
        start: 0,
        end: text.chars().count(),
        text: text.to_owned(),
    }
}

fn said(name: &str, content: &str, voice: Voice) -> Statement {
    let speaker = Speaker {
        entity: 0,
        name: name.to_owned(),
        entity_type: EntityType::Person,
        roles: Vec::new(),
    };
    Statement {
        kind: StatementKind::Indirect,
        cue: Some(span("said")),
        contents: vec![span(content)],
        sources: vec![span(name)],
        speakers: vec![speaker.clone()],
        speaker: Some(speaker),
        act: Act::Speech,
        addressee: None,
        medium: None,
        confidence: 0.9,
        voice,
    }
}

fn voice(gender: Gender, category: SpeakerCategory, anonymous: bool) -> Voice {
    Voice {
        anonymous,
        speaker_category: category,
        speaker_gender: gender,
        said_at: None,
    }
}

fn article(url: &str, site: &str, date: &str, statements: Vec<Statement>) -> (Article, Extraction) {
    let article = Article {
        id: url.to_owned(),
        text: String::new(),
        from_html: true,
        metadata: Metadata {
            url: Some(url.to_owned()),
            site: Some(site.to_owned()),
            date: Some(date.to_owned()),
            date_kind: Some(DateKind::Published),
            ..Metadata::default()
        },
        warnings: Vec::new(),
    };
    let extraction = Extraction {
        statements,
        entities: Vec::new(),
    };
    (article, extraction)
}

fn index() -> (tempfile::TempDir, StatementIndex) {
    use Gender::{Female, Male};
    use SpeakerCategory::{Expert, GovernmentOfficial, Politician};
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let corpus = vec![
        article(
            "https://a.example/1",
            "Alpha",
            "2024-01-10",
            vec![
                said(
                    "Maria Lopez",
                    "the budget will be cut",
                    voice(Female, Politician, false),
                ),
                said(
                    "Maria Lopez",
                    "the cuts are temporary",
                    voice(Female, Politician, false),
                ),
                said(
                    "senior official",
                    "the talks stalled",
                    voice(Gender::Unknown, GovernmentOfficial, true),
                ),
            ],
        ),
        article(
            "https://b.example/1",
            "Beta",
            "2024-03-02",
            vec![
                said("Alan Reed", "growth will slow", voice(Male, Expert, false)),
                said(
                    "Maria Lopez",
                    "the budget is fair",
                    voice(Female, Politician, false),
                ),
            ],
        ),
    ];
    let mut writer = index.writer().unwrap();
    for (article, extraction) in &corpus {
        writer.add(article, extraction).unwrap();
    }
    writer.commit().unwrap();
    drop(writer);
    (dir, index)
}

fn request(group: StatsGroup, by: Option<StatsBy>) -> StatsRequest {
    StatsRequest {
        filter: SearchRequest::default(),
        group,
        by,
    }
}

#[test]
fn gender_is_counted_in_statements_and_distinct_speakers() {
    let (_dir, index) = index();
    let stats = index.stats(&request(StatsGroup::Gender, None)).unwrap();
    assert_eq!(stats.statements, 5);
    assert_eq!(stats.unbucketed, 0);
    let whole = &stats.buckets[0];
    assert_eq!(whole.key, None);
    assert_eq!(whole.speakers, 3);
    let female = whole.groups.iter().find(|g| g.value == "female").unwrap();
    assert_eq!((female.statements, female.speakers), (3, 1));
    let male = whole.groups.iter().find(|g| g.value == "male").unwrap();
    assert_eq!((male.statements, male.speakers), (1, 1));
}

#[test]
fn anonymity_is_counted_per_outlet() {
    let (_dir, index) = index();
    let stats = index
        .stats(&request(StatsGroup::Anonymous, Some(StatsBy::Outlet)))
        .unwrap();
    let keys: Vec<_> = stats.buckets.iter().map(|b| b.key.clone()).collect();
    assert_eq!(keys, [Some("Alpha".to_owned()), Some("Beta".to_owned())]);
    let alpha = &stats.buckets[0];
    let anonymous = alpha.groups.iter().find(|g| g.value == "true").unwrap();
    assert_eq!(anonymous.statements, 1);
    assert!(stats.buckets[1].groups.iter().all(|g| g.value == "false"));
}

#[test]
fn months_keep_time_proportional_and_filters_apply() {
    let (_dir, index) = index();
    let mut by_month = request(StatsGroup::Category, Some(StatsBy::Month));
    by_month.filter.speaker = Some("Maria Lopez".to_owned());
    let stats = index.stats(&by_month).unwrap();
    let months: Vec<(Option<String>, u64)> = stats
        .buckets
        .iter()
        .map(|b| (b.key.clone(), b.statements))
        .collect();
    assert_eq!(
        months,
        [
            (Some("2024-01".to_owned()), 2),
            (Some("2024-02".to_owned()), 0),
            (Some("2024-03".to_owned()), 1)
        ]
    );
    assert_eq!(stats.buckets[0].groups[0].value, "politician");
}

#[test]
fn search_filters_and_facets_know_the_voice() {
    let (_dir, index) = index();
    let request = SearchRequest {
        gender: Some(Gender::Female),
        limit: 10,
        ..SearchRequest::default()
    };
    let results = index.search(&request).unwrap();
    assert_eq!(results.total, 3);
    assert!(results
        .results
        .iter()
        .all(|hit| hit.statement.speaker_gender == "female"));
    let anonymous = SearchRequest {
        anonymous: Some(true),
        limit: 10,
        ..SearchRequest::default()
    };
    let results = index.search(&anonymous).unwrap();
    assert_eq!(results.total, 1);
    assert!(results.results[0].statement.anonymous);
    assert_eq!(
        results.results[0].statement.speaker_category,
        "government_official"
    );
    let all = index
        .search(&SearchRequest {
            limit: 1,
            ..SearchRequest::default()
        })
        .unwrap();
    let categories: Vec<(&str, u64)> = all
        .facets
        .category
        .iter()
        .map(|f| (f.value.as_str(), f.count))
        .collect();
    assert!(categories.contains(&("politician", 3)), "{categories:?}");
}

#[test]
fn a_speakers_gender_is_what_the_articles_that_state_one_agree_on() {
    let (_dir, index) = index();
    let lopez = index.speaker("maria-lopez").unwrap().unwrap();
    // Two articles call her a woman (one of them twice): each article counts once.
    assert_eq!(lopez.gender.gender, "female");
    assert_eq!(
        (lopez.gender.female_articles, lopez.gender.male_articles),
        (2, 0)
    );
    assert_eq!(lopez.categories[0].name, "politician");
    let official = index.speaker("senior-official").unwrap().unwrap();
    assert_eq!(official.gender.gender, "unknown");
    assert_eq!(
        official.gender.female_articles + official.gender.male_articles,
        0
    );
}

#[test]
fn a_quotes_earliest_carrier_is_the_one_said_first() {
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let quote = "the alliance will stand by Ukraine for as long as it takes, whatever it costs";
    let plain = voice(Gender::Unknown, SpeakerCategory::Politician, false);
    // Published first, with no time for the statement.
    let early = article(
        "https://first.example/1",
        "First",
        "2024-03-05",
        vec![said("Mark Rutte", quote, plain.clone())],
    );
    // Published later, but it says the statement was made on 1 March.
    let told = Voice {
        said_at: Some(SaidAt {
            span: span("on March 1"),
            start: Some("2024-03-01".to_owned()),
            end: Some("2024-03-01".to_owned()),
        }),
        ..plain
    };
    let later = article(
        "https://second.example/1",
        "Second",
        "2024-03-10",
        vec![said("Mark Rutte", quote, told)],
    );
    let mut writer = index.writer().unwrap();
    for (article, extraction) in [&early, &later] {
        writer.add(article, extraction).unwrap();
    }
    writer.commit().unwrap();
    let hit = index
        .search(&SearchRequest {
            q: "Ukraine".to_owned(),
            limit: 1,
            ..SearchRequest::default()
        })
        .unwrap()
        .results
        .remove(0);
    let group = index.quote(&hit.statement.quote, 0, 10).unwrap().unwrap();
    assert_eq!(group.total, 2);
    assert_eq!(group.earliest.article.outlet.as_deref(), Some("Second"));
    let said = group.earliest.statement.said.as_ref().unwrap();
    assert_eq!(
        (said.date.as_str(), said.basis.as_str()),
        ("2024-03-01", "text")
    );
    assert_eq!(said.text.as_deref(), Some("on March 1"));
    let other = group.carriers[1].statement.said.as_ref().unwrap();
    assert_eq!(
        (other.date.as_str(), other.basis.as_str()),
        ("2024-03-05", "published")
    );
}

/// An article whose statements lie in two segments (one was written again when its quote
/// group was renamed) counts once among the articles that state the speaker's gender.
#[test]
fn an_article_in_two_segments_counts_once_for_the_gender() {
    let dir = tempfile::tempdir().unwrap();
    let index = StatementIndex::open_or_create(dir.path()).unwrap();
    let quote = "the new budget will protect every school and hospital in the region";
    let woman = voice(Gender::Female, SpeakerCategory::Politician, false);
    let first = article(
        "https://a.example/1",
        "Alpha",
        "2024-01-10",
        vec![
            said("Maria Lopez", quote, woman.clone()),
            said("Maria Lopez", "the cuts are temporary", woman.clone()),
        ],
    );
    let mut writer = index.writer().unwrap();
    writer.add(&first.0, &first.1).unwrap();
    writer.commit().unwrap();
    let group_of_first = |index: &StatementIndex| {
        index.reload().unwrap();
        let hits = index
            .search(&SearchRequest {
                q: "hospital".to_owned(),
                limit: 100,
                ..SearchRequest::default()
            })
            .unwrap();
        hits.results
            .iter()
            .find(|hit| hit.statement.id == "url:https://a.example/1#0")
            .map(|hit| hit.statement.quote.clone())
            .unwrap()
    };
    let named = group_of_first(&index);
    // Carriers of the quote with a word of their own each, one commit each, until one names
    // the group in place of the first article's quote: the first article's statement is then
    // written again, in that commit's segment. (A carrier names the group with a chance of
    // one in the number of its variants, so a few are enough.)
    let mut carriers = 0;
    while group_of_first(&index) == named {
        assert!(carriers < 64, "no carrier renamed the group");
        let (carried, extraction) = article(
            &format!("https://c.example/{carriers}"),
            "Carrier",
            "2024-01-11",
            vec![said(
                "Maria Lopez",
                &format!("{quote} said w{carriers}"),
                woman.clone(),
            )],
        );
        writer.add(&carried, &extraction).unwrap();
        writer.commit().unwrap();
        carriers += 1;
    }
    drop(writer);
    index.reload().unwrap();
    let lopez = index.speaker("maria-lopez").unwrap().unwrap();
    assert_eq!(lopez.statements, 2 + carriers);
    assert_eq!(
        (lopez.gender.female_articles, lopez.gender.male_articles),
        (1 + carriers, 0)
    );
}
