//! Who gets a voice: anonymity, kind of speaker and stated gender, through the whole
//! extractor, decided from the article's own words.

use whosaid_extract::{date_statements, Extractor, Gender, SpeakerCategory, Statement};

const ARTICLE: &str = "The ministry will cut the budget, a senior official said on Tuesday.\n\n\
The cuts were agreed last week, according to a person familiar with the talks.\n\n\
“We have no choice,” said Ms. Maria Lopez, a spokeswoman for the ministry. She added that the \
cuts would be temporary.\n\n\
Professor Alan Reed, an economist at Leeds University, said the cuts would slow growth.\n\n\
Jordan Blake, who lives near the plant, said the town would suffer.\n";

fn by_content<'a>(statements: &'a [Statement], words: &str) -> &'a Statement {
    statements
        .iter()
        .find(|s| s.contents.iter().any(|c| c.text.contains(words)))
        .unwrap_or_else(|| panic!("no statement says {words:?}: {statements:#?}"))
}

#[test]
fn statements_say_who_gets_a_voice() {
    let extraction = Extractor::new().extract(ARTICLE);
    let statements = &extraction.statements;

    let unnamed = by_content(statements, "cut the budget");
    assert!(unnamed.voice.anonymous, "{unnamed:#?}");
    assert_eq!(
        unnamed.voice.speaker_category,
        SpeakerCategory::GovernmentOfficial
    );

    let familiar = by_content(statements, "agreed last week");
    assert!(familiar.voice.anonymous, "{familiar:#?}");

    let spokeswoman = by_content(statements, "no choice");
    assert!(!spokeswoman.voice.anonymous);
    assert_eq!(
        spokeswoman.voice.speaker_category,
        SpeakerCategory::Spokesperson
    );
    assert_eq!(spokeswoman.voice.speaker_gender, Gender::Female);
    let lopez = &extraction.entities[spokeswoman.speaker.as_ref().unwrap().entity];
    let evidence: Vec<&str> = lopez
        .gender_evidence
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert!(evidence.contains(&"Ms. Maria Lopez"), "{evidence:?}");
    for span in &lopez.gender_evidence {
        let chars: String = ARTICLE
            .chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect();
        assert_eq!(chars, span.text, "evidence points at the article's words");
    }

    let economist = by_content(statements, "slow growth");
    assert_eq!(economist.voice.speaker_category, SpeakerCategory::Expert);
    // Nothing in the article says whether Alan Reed is a man or a woman: a first name is no
    // evidence.
    assert_eq!(economist.voice.speaker_gender, Gender::Unknown);

    let resident = by_content(statements, "town would suffer");
    assert_eq!(resident.voice.speaker_category, SpeakerCategory::Public);
    assert!(!resident.voice.anonymous);
}

#[test]
fn the_time_a_statement_was_made_is_read_against_the_articles_date() {
    let text = "Mark Rutte said on Tuesday that the alliance would hold.\n\n\
                The minister said the plant will close next year.\n\n\
                In a 2019 interview, Jane Smith said the plan was sound.\n";
    let mut extraction = Extractor::new().extract(text);
    let said = |extraction: &whosaid_extract::Extraction, words: &str| {
        by_content(&extraction.statements, words)
            .voice
            .said_at
            .clone()
    };
    let tuesday = said(&extraction, "alliance would hold").expect("on Tuesday");
    assert_eq!(tuesday.span.text, "on Tuesday");
    // Without the article's date, "on Tuesday" is no day yet; a year is one.
    assert_eq!(tuesday.start, None);
    let interview = said(&extraction, "plan was sound").expect("a 2019 interview");
    assert_eq!(interview.start.as_deref(), Some("2019-01-01"));
    // "next year" is what the content is about, not when it was said.
    assert_eq!(said(&extraction, "plant will close"), None);

    // 2019-11-20 was a Wednesday.
    date_statements(&mut extraction, Some("2019-11-20T09:00:00Z"));
    let tuesday = said(&extraction, "alliance would hold").unwrap();
    assert_eq!(tuesday.start.as_deref(), Some("2019-11-19"));
    assert_eq!(tuesday.end.as_deref(), Some("2019-11-19"));
}

#[test]
fn a_statement_of_several_speakers_has_no_one_gender() {
    let text = "Ms. Ann Lee and Mr. Bob Ray said the bridge would reopen in spring.\n\n\
                Ms. Lee said the repairs had cost more than planned.\n";
    let extraction = Extractor::new().extract(text);
    let joint = by_content(&extraction.statements, "bridge would reopen");
    assert_eq!(joint.speakers.len(), 2, "{joint:#?}");
    assert_eq!(joint.voice.speaker_gender, Gender::Unknown);
    let alone = by_content(&extraction.statements, "repairs had cost");
    assert_eq!(alone.voice.speaker_gender, Gender::Female);
}

#[test]
fn a_kind_of_speaker_comes_from_what_the_article_says_of_them_anywhere() {
    let text = "The agency hired Palestinian chief negotiator Saeb Erekat last year.\n\n\
Tom Vaughan, who works as a lung biologist at the university, followed the work.\n\n\
“The cells are strange,” Vaughan said.\n\n\
“We will sell the cars in May,” Erekat said.\n\n\
Volkswagen said the cars would be cheaper.\n\n\
Maria Kent said the town would suffer.\n";
    let extraction = Extractor::new().extract(text);
    let statements = &extraction.statements;
    // Neither source says what Vaughan and Erekat are; the sentences that name them do.
    let vaughan = by_content(statements, "cells are strange");
    assert_eq!(vaughan.voice.speaker_category, SpeakerCategory::Expert);
    let erekat = by_content(statements, "sell the cars");
    assert_eq!(
        erekat.voice.speaker_category,
        SpeakerCategory::GovernmentOfficial,
        "{erekat:#?}"
    );
    // One word with no first name, gender or role: a company.
    let company = by_content(statements, "cheaper");
    assert_eq!(company.voice.speaker_category, SpeakerCategory::Business);
    // A person named in full with nothing said of them speaks for themselves.
    let resident = by_content(statements, "town would suffer");
    assert_eq!(resident.voice.speaker_category, SpeakerCategory::Public);
}

#[test]
fn a_speaker_left_unnamed_once_is_unnamed_in_all_they_say() {
    let text = "“The prince has no immunity,” said one legal expert.\n\n\
“The case is open,” the expert warned.\n\n\
One Washington-based trade expert said the talks would fail.\n\n\
One study found that sleep helps.\n\n\
“I was there,” said Mel**.\n";
    let extraction = Extractor::new().extract(text);
    let statements = &extraction.statements;
    for words in ["no immunity", "case is open", "talks would fail"] {
        let statement = by_content(statements, words);
        assert!(statement.voice.anonymous, "{statement:#?}");
    }
    // A text is not a person left unnamed.
    if let Some(study) = statements
        .iter()
        .find(|s| s.contents.iter().any(|c| c.text.contains("sleep helps")))
    {
        assert!(!study.voice.anonymous, "{study:#?}");
    }
    // The name finder reads "Mel" without its mask; the text after it still says it.
    let masked = by_content(statements, "I was there");
    assert_eq!(masked.sources[0].text, "Mel");
    assert!(masked.voice.anonymous, "{masked:#?}");
}

#[test]
fn a_time_is_read_from_the_channel_and_carried_through_the_paragraph() {
    let text =
        "In a Nov. 5 letter to Kevin McAleenan, who was the acting director of the Department \
of Homeland Security, the doctors said they would provide 100 doses.\n\n\
Zippy Duvall said on Tuesday that farmers faced hardship. He urged the governor to act.\n\n\
He later said the farms would recover.\n\n\
County officials said Monday the victim was one of two people.\n\n\
Ann Roe said Monday was the deadline.\n";
    let extraction = Extractor::new().extract(text);
    let statements = &extraction.statements;
    let said = |words: &str| {
        by_content(statements, words)
            .voice
            .said_at
            .as_ref()
            .map(|said| said.span.text.clone())
    };
    // Too far from the cue, but in the words that name the letter.
    assert_eq!(said("100 doses").as_deref(), Some("Nov. 5"));
    // The same speaker goes on in the same paragraph, not in the next.
    assert_eq!(said("farmers faced").as_deref(), Some("on Tuesday"));
    assert_eq!(said("to act").as_deref(), Some("on Tuesday"));
    assert_eq!(said("would recover"), None);
    // A day right after the cue is when it was said, though the labeller took it into the
    // content; one that is the content's subject is not.
    assert_eq!(said("the victim").as_deref(), Some("Monday"));
    assert_eq!(said("the deadline"), None);
}
