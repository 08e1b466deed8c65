//! Tests of [`super`]: the speakers module's behaviour on hand-made input.

use std::sync::Arc;

use super::*;

fn person(name: &str, roles: &[&str]) -> SpeakerFacts {
    SpeakerFacts {
        name: name.to_owned(),
        person: true,
        roles: roles.iter().map(|r| r.to_string()).collect(),
    }
}

/// Adds `facts` as statements s0, s1, … and returns each statement's identity.
fn identities(facts: &[SpeakerFacts]) -> Vec<String> {
    let mut speakers = Speakers::default();
    let records: Vec<NameRecord> = facts
        .iter()
        .enumerate()
        .map(|(n, f)| speakers.add(&format!("s{n}").into(), f).unwrap())
        .collect();
    records
        .iter()
        .zip(facts)
        .map(|(record, f)| speakers.identity_of(&record.key, &f.roles))
        .collect()
}

#[test]
fn names_parse_into_first_middle_last() {
    assert_eq!(
        NameKey::of("Lt. Col. Alexander S. Vindman", true),
        Some(NameKey::Full {
            first: "alexander".into(),
            middle: "s".into(),
            last: "vindman".into(),
            suffix: String::new(),
        })
    );
    assert_eq!(
        NameKey::of("Mr. Obama", true),
        Some(NameKey::Bare {
            surname: "obama".into(),
            suffix: String::new()
        })
    );
    let jr = NameKey::of("Joseph R. Biden Jr.", true).unwrap();
    assert!(matches!(jr, NameKey::Full { ref suffix, .. } if suffix == "jr"));
    assert_eq!(
        NameKey::of("Bernie Sanders of Vermont", true),
        NameKey::of("Bernie Sanders", true)
    );
    assert_eq!(
        NameKey::of("The Obama  administration", false),
        Some(NameKey::Other("the obama administration".into()))
    );
    assert_eq!(NameKey::of("—", true), None);
    // Descriptions of people are compared whole, not as first and last names.
    assert_eq!(
        NameKey::of("the New Jersey governor", true),
        Some(NameKey::Other("the new jersey governor".into()))
    );
    assert_eq!(
        NameKey::of("A senior Obama administration official", true),
        Some(NameKey::Other(
            "a senior obama administration official".into()
        ))
    );
    assert!(matches!(
        NameKey::of("Ursula von der Leyen", true),
        Some(NameKey::Full { ref first, ref last, .. }) if first == "ursula" && last == "leyen"
    ));
}

#[test]
fn full_names_and_middle_name_variants_are_one_speaker() {
    let ids = identities(&[
        person("Mark Rutte", &["NATO Secretary General"]),
        person("mark  rutte", &[]),
        person("Mark R. Rutte", &[]),
        person("Rutte", &[]),
        person("Sen. Mark Rutte", &[]),
    ]);
    assert!(ids.iter().all(|id| id == "mark-rutte"), "{ids:?}");
}

#[test]
fn a_different_first_name_middle_name_or_suffix_is_another_speaker() {
    let ids = identities(&[
        person("George W. Bush", &[]),
        person("George H. W. Bush", &[]),
        person("George Bush", &[]),
        person("Jeb Bush", &[]),
        person("Donald Trump", &[]),
        person("Donald Trump Jr.", &[]),
    ]);
    assert_eq!(
        ids,
        [
            "george-w-bush",
            "george-hw-bush",
            "george-bush",
            "jeb-bush",
            "donald-trump",
            "donald-trump-jr"
        ]
    );
}

#[test]
fn a_bare_surname_needs_evidence() {
    let ids = identities(&[
        person("Barack Obama", &["President"]),
        person("Michelle Obama", &["First lady"]),
        person("Obama", &["president"]),
        person("Obama", &[]),
        person("Smith", &["senator"]),
        person("Jane Smith", &["mayor"]),
    ]);
    assert_eq!(ids[2], "barack-obama", "a shared role settles it");
    assert_eq!(ids[3], "obama", "two Obamas and no role: neither");
    assert_eq!(
        ids[4], "smith",
        "the only Smith is a mayor, this one a senator"
    );
}

#[test]
fn identities_do_not_depend_on_order_or_repetition() {
    let facts = [
        person("Trump", &["candidate"]),
        person("Donald Trump", &["candidate"]),
        person("Obama", &["President"]),
        person("Michelle Obama", &[]),
        person("Barack Obama", &["President"]),
        person("Hillary Clinton", &[]),
        person("Mrs. Clinton", &[]),
        person("Bill Clinton", &["former president"]),
    ];
    let forward = identities(&facts);
    let mut reversed = facts.to_vec();
    reversed.reverse();
    let mut backward = identities(&reversed);
    backward.reverse();
    assert_eq!(forward, backward);
    let mut twice = facts.to_vec();
    twice.extend(facts.iter().cloned());
    assert_eq!(&identities(&twice)[..facts.len()], &forward[..]);
    assert_eq!(forward[2], "barack-obama");
    assert_eq!(forward[6], "clinton");
}

#[test]
fn removing_a_name_undoes_what_it_decided() {
    let mut speakers = Speakers::default();
    let bare = person("Berg", &[]);
    let s1 = speakers.add(&"s1".into(), &bare).unwrap();
    assert_eq!(speakers.identity_of_statement(&s1), "berg");
    speakers.take_dirty();
    let full = person("Anna Berg", &[]);
    let s2 = speakers.add(&"s2".into(), &full).unwrap();
    assert_eq!(speakers.take_dirty(), [Arc::from("s1"), Arc::from("s2")]);
    assert_eq!(speakers.identity_of_statement(&s1), "anna-berg");
    speakers.remove(&s2);
    assert_eq!(speakers.take_dirty(), [Arc::from("s1")]);
    assert_eq!(speakers.identity_of_statement(&s1), "berg");
}

#[test]
fn an_identity_is_shown_by_its_most_used_full_name() {
    let mut speakers = Speakers::default();
    for (n, facts) in [
        person("OBAMA", &["President"]),
        person("Barack Obama", &["President"]),
        person("Barack Obama", &["U.S. President"]),
        person("Barack H. Obama", &["president"]),
    ]
    .iter()
    .enumerate()
    {
        speakers.add(&format!("s{n}").into(), facts);
    }
    let all = speakers.identities().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "Barack Obama");
    assert_eq!(all[0].statements, 4);
    assert_eq!(all[0].roles, ["President", "U.S. President"]);
    assert_eq!(speakers.lookup("Obama").as_deref(), Some("barack-obama"));
    assert_eq!(
        speakers.lookup("barack-obama").as_deref(),
        Some("barack-obama")
    );
    assert_eq!(speakers.lookup("Macron"), None);
}

#[test]
fn a_bare_name_split_between_identities_names_each() {
    let mut speakers = Speakers::default();
    for (n, facts) in [
        person("Barack Obama", &["President"]),
        person("Michelle Obama", &[]),
        person("Obama", &["President"]),
        person("Obama", &[]),
    ]
    .iter()
    .enumerate()
    {
        speakers.add(&format!("s{n}").into(), facts);
    }
    let all = speakers.identities().unwrap();
    let named: Vec<(&str, &str, usize)> = all
        .iter()
        .map(|i| (i.id.as_str(), i.name.as_str(), i.statements))
        .collect();
    assert_eq!(
        named,
        [
            ("barack-obama", "Barack Obama", 2),
            ("michelle-obama", "Michelle Obama", 1),
            ("obama", "Obama", 1),
        ]
    );
}

/// A reader resolves names from the saved table exactly as the speakers themselves do:
/// ids, full names (split by middle names or not), bare surnames (one candidate, several,
/// one by role), suffixes, organisations, and names the index does not hold.
#[test]
fn the_saved_table_resolves_names_as_the_speakers_do() {
    let facts = [
        person("George W. Bush", &["President"]),
        person("George H. W. Bush", &["President"]),
        person("George Bush", &[]),
        person("Barack Obama", &["President"]),
        person("Michelle Obama", &["First Lady"]),
        person("President Obama", &["President"]),
        person("Mark Rutte", &["NATO Secretary General"]),
        person("Rutte", &[]),
        person("Donald Trump Jr.", &[]),
        person("Donald Trump", &[]),
        person("Jane Roe", &[]),
        SpeakerFacts {
            name: "The European Commission".into(),
            person: false,
            roles: Vec::new(),
        },
    ];
    let mut speakers = Speakers::default();
    for (n, f) in facts.iter().enumerate() {
        speakers.add(&format!("s{n}").into(), f);
    }
    let table = speakers.table(speakers.identities().unwrap()).unwrap();
    let saved: IdentityTable =
        serde_json::from_str(&serde_json::to_string(&table).unwrap()).unwrap();
    assert_eq!(saved.identities, speakers.identities().unwrap());
    let (identities, resolver) = saved.into_parts();
    let ids: BTreeSet<&str> = identities.iter().map(|i| i.id.as_str()).collect();
    let mut queries: Vec<String> = [
        "Bush",
        "George Bush",
        "George W. Bush",
        "george h w bush",
        "Obama",
        "Rutte",
        "Mr. Rutte",
        "Trump",
        "Trump Jr.",
        "Donald J. Trump",
        "Roe",
        "Jane Q. Roe",
        "European Commission",
        "the european commission",
        "Nobody Known",
        "",
    ]
    .map(str::to_owned)
    .to_vec();
    queries.extend(ids.iter().map(|id| id.to_string()));
    let mut resolved = 0;
    for query in &queries {
        let expected = speakers.lookup(query);
        resolved += usize::from(expected.is_some());
        assert_eq!(
            resolver.lookup(query, |id| ids.contains(id)),
            expected,
            "{query:?}"
        );
    }
    assert!(resolved > 15, "most of the queries name someone");
}

/// Statements that say the same of a name share one copy of it, which goes with the last of
/// them; what each says still decides its own identity and counts.
#[test]
fn what_statements_say_of_a_name_is_kept_once_and_goes_with_the_last() {
    let mut speakers = Speakers::default();
    let plain = person("Mark Rutte", &[]);
    let titled = person("Mark Rutte", &["NATO chief"]);
    let s: Vec<StatementId> = (0..4).map(|n| format!("s{n}").into()).collect();
    let records: Vec<NameRecord> = [&plain, &plain, &titled, &plain]
        .iter()
        .zip(&s)
        .map(|(facts, id)| speakers.add(id, facts).unwrap())
        .collect();
    let key = records[0].key.clone();
    assert!(records.iter().all(|record| record.key == key));
    let sayings = |speakers: &Speakers| {
        let entry = speakers.names.get(&key);
        entry.map_or(0, |e| e.sayings.iter().filter(|s| s.statements > 0).count())
    };
    assert_eq!(sayings(&speakers), 2);
    let number = |n: usize| records[n].saying;
    assert_eq!(number(0), number(3), "one saying");
    assert_ne!(number(0), number(2));
    let places: BTreeSet<u64> = records.iter().map(|record| record.place).collect();
    assert_eq!(places.len(), 4, "a place each");
    let identity = &speakers.identities().unwrap()[0];
    assert_eq!((identity.statements, identity.roles.len()), (4, 1));

    speakers.remove(&records[2]);
    assert_eq!(
        sayings(&speakers),
        1,
        "the role went with its one statement"
    );
    assert!(speakers.identities().unwrap()[0].roles.is_empty());
    speakers.remove(&records[0]);
    speakers.remove(&records[1]);
    assert_eq!(sayings(&speakers), 1, "one statement still says it");
    speakers.remove(&records[3]);
    assert!(speakers.identities().unwrap().is_empty());
    assert!(speakers.names.get(&key).is_none(), "the name went with it");
}

/// A store keeps a name's statements in runs of places: what the name lists when it may
/// change identity is what it holds, across commits, after statements go, and after the name
/// goes and comes back (its places start again).
#[test]
fn a_stored_name_lists_the_statements_it_holds() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::create(dir.path()).unwrap());
    let mut speakers = Speakers::in_store(&store);
    let mut opstamp = 0;
    let mut commit = |speakers: &mut Speakers| {
        opstamp += 1;
        let meta = crate::state::StoreMeta { opstamp, seed: 0 };
        store.commit(meta, |txn| speakers.flush(txn)).unwrap();
    };
    let bare = person("Berg", &[]);
    let full = person("Anna Berg", &[]);
    let id = |n: u64| StatementId::from(format!("s{n}"));
    // The statements the bare name lists when a full name of its surname comes or goes.
    let listed = |speakers: &mut Speakers, full_id: &str| {
        speakers.take_dirty();
        let record = speakers.add(&full_id.into(), &full).unwrap();
        let mut listed: BTreeSet<StatementId> = speakers.take_dirty().into_iter().collect();
        assert!(listed.remove(full_id), "the full name lists its statement");
        speakers.remove(&record);
        speakers.take_dirty();
        listed
    };

    let mut records = Vec::new();
    let mut held = BTreeSet::new();
    for n in 0..PLACES_PER_ENTRY * 3 + 5 {
        records.push(speakers.add(&id(n), &bare).unwrap());
        held.insert(id(n));
        if n % 40 == 39 {
            commit(&mut speakers);
        }
    }
    assert_eq!(listed(&mut speakers, "f1"), held, "before a commit");
    commit(&mut speakers);
    assert_eq!(listed(&mut speakers, "f2"), held, "after one");

    // Every third goes, a whole run among them.
    for (n, record) in records.iter().enumerate() {
        let n = n as u64;
        if n.is_multiple_of(3) || (PLACES_PER_ENTRY..PLACES_PER_ENTRY * 2).contains(&n) {
            speakers.remove(record);
            held.remove(&id(n));
        }
    }
    assert_eq!(listed(&mut speakers, "f3"), held, "removed, not committed");
    commit(&mut speakers);
    assert_eq!(listed(&mut speakers, "f4"), held, "removed and committed");

    // The name goes, then comes back: its places start again, with nothing left of before.
    for (n, record) in records.iter().enumerate() {
        if held.contains(&id(n as u64)) {
            speakers.remove(record);
        }
    }
    commit(&mut speakers);
    let again = speakers.add(&"again".into(), &bare).unwrap();
    assert_eq!(again.place, 0);
    commit(&mut speakers);
    assert_eq!(
        listed(&mut speakers, "f5"),
        BTreeSet::from([StatementId::from("again")])
    );
}
