//! Who gets a voice: for every statement, whether its speaker is deliberately unnamed, what
//! kind of speaker it is, and the gender the article gives them.
//!
//! This pass reads only the finished extraction (statements, entities with their mentions and
//! roles) and the text, so it decides the same way whatever found the statements. Every field
//! comes from the article's own words: a gender from a pronoun that was resolved to the
//! person, an honorific or a gendered noun the article uses for them, never from a first name;
//! a category from the roles and description the article gives. Where the article says
//! nothing, the answer is `unknown`.

use whosaid_article::dates::{expression_words, TimeExpression, MAX_EXPRESSION_WORDS};
use whosaid_article::{
    Entity, EntityType, Extraction, Gender, SaidAt, Span, SpeakerCategory, Statement,
};

/// Fills in every entity's gender with its evidence, and every statement's voice
/// (`whosaid_article::Voice`): anonymity, kind of speaker, gender, and when it was said.
pub(crate) fn describe(text: &str, extraction: &mut Extraction) {
    let index = CharOffsets::new(text);
    for entity in &mut extraction.entities {
        let (gender, evidence) = gender_of(text, &index, entity);
        entity.gender = gender;
        entity.gender_evidence = evidence;
    }
    // What the article says of each entity anywhere: every source its statements have, and
    // the words around its names ("NASA Administrator Jim Bridenstine", "Michael Howitt, who
    // studies …").
    // Only for the entities that speak: the others' kinds are never asked.
    let mut speaks = vec![false; extraction.entities.len()];
    for speaker in extraction
        .statements
        .iter()
        .filter_map(|s| s.speaker.as_ref())
    {
        if let Some(flag) = speaks.get_mut(speaker.entity) {
            *flag = true;
        }
    }
    let mut descriptions: Vec<String> = extraction
        .entities
        .iter()
        .zip(&speaks)
        .map(|(entity, &speaks)| {
            if speaks {
                described_around(text, &index, entity)
            } else {
                String::new()
            }
        })
        .collect();
    for statement in &extraction.statements {
        let (Some(speaker), Some(source)) = (&statement.speaker, statement.sources.first()) else {
            continue;
        };
        if let Some(description) = descriptions.get_mut(speaker.entity) {
            description.push('\n');
            description.push_str(&source.text);
        }
    }
    // An entity's description grows with all it says, so its category word is found once,
    // not once per statement (which made long texts quadratic).
    let description_ranks: Vec<Option<usize>> = descriptions
        .iter()
        .map(|description| category_rank(description))
        .collect();
    let said = SaidSpans::new(&extraction.statements);
    for statement in &mut extraction.statements {
        let entity = statement
            .speaker
            .as_ref()
            .and_then(|speaker| extraction.entities.get(speaker.entity));
        let description_rank = statement
            .speaker
            .as_ref()
            .and_then(|speaker| description_ranks.get(speaker.entity))
            .copied()
            .flatten();
        // A statement made by several speakers has no one gender.
        statement.voice.speaker_gender = entity
            .filter(|_| statement.speakers.len() <= 1)
            .map_or(Gender::Unknown, |e| e.gender);
        statement.voice.anonymous = is_anonymous(text, &index, statement, entity);
        statement.voice.speaker_category = category_of(statement, entity, description_rank);
        statement.voice.said_at = said_at(text, &index, &said, statement);
    }
    inherit_said_at(text, &index, &mut extraction.statements);
    // A speaker left unnamed once is unnamed in all they say: "one legal expert said …",
    // then "the expert warned …".
    let mut unnamed = vec![false; extraction.entities.len()];
    for statement in &extraction.statements {
        if let Some(speaker) = statement
            .speaker
            .as_ref()
            .filter(|_| statement.voice.anonymous)
        {
            if let Some(flag) = unnamed.get_mut(speaker.entity) {
                *flag = true;
            }
        }
    }
    for statement in &mut extraction.statements {
        if let Some(speaker) = &statement.speaker {
            statement.voice.anonymous |= unnamed.get(speaker.entity).copied().unwrap_or(false);
        }
    }
    date_statements(extraction, None);
}

/// Gives every statement's `said_at` its days, read against the day the article was
/// published (`published`, as the article's metadata gives it; see
/// [`whosaid_article::dates::parse`]): "on Tuesday" becomes the Tuesday on or before it. The
/// extractor knows only the text, so it fills in the expressions that need no date
/// ("November 18, 2019"); whoever knows the article's date calls this with it.
pub fn date_statements(extraction: &mut Extraction, published: Option<&str>) {
    let published = published.and_then(whosaid_article::dates::parse);
    for statement in &mut extraction.statements {
        let Some(said) = &mut statement.voice.said_at else {
            continue;
        };
        let words = expression_words(&said.span.text);
        let words: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
        let range =
            TimeExpression::parse(&words).and_then(|expression| expression.range(published));
        if let Some((first, last)) = range {
            said.start = Some(first.to_string());
            said.end = Some(last.to_string());
        }
    }
}

/// How far from the cue (in chars) a time expression may say when it was said.
const SAID_AT_REACH: usize = 80;

/// Words that make a following weekday the name of a day ("Black Friday", "Super Tuesday").
const NAMED_DAYS: &[&str] = &[
    "black", "super", "good", "cyber", "ash", "holy", "easter", "palm", "maundy", "bloody", "fat",
    "giving",
];

/// The time expression that says when a statement was made: the one nearest its cue or the
/// words naming its channel, within [`SAID_AT_REACH`] chars of them in the same paragraph and
/// outside what was said ("said on Tuesday", "told reporters last week", "in a 2019
/// interview", "In a letter to the president in May, …"). None when the statement has no cue
/// or the text gives no time near it.
fn said_at(
    text: &str,
    index: &CharOffsets,
    said: &SaidSpans,
    statement: &Statement,
) -> Option<SaidAt> {
    let cue = statement.cue.as_ref()?;
    let medium = statement.medium.as_ref().and_then(|m| m.span.as_ref());
    let anchors = [
        Some(cue.start..cue.end),
        medium.map(|span| span.start..span.end),
    ];
    let cue_span = cue.start..cue.end;
    let (_, range) = anchors
        .into_iter()
        .flatten()
        .filter_map(|anchor| nearest_time(text, index, said, statement, &cue_span, anchor))
        .min_by_key(|(distance, range)| (*distance, range.start))?;
    let span = Span {
        start: range.start,
        end: range.end,
        text: text
            .get(index.bytes[range.start]..index.bytes[range.end])?
            .to_owned(),
    };
    Some(SaidAt {
        span,
        start: None,
        end: None,
    })
}

/// "In a letter to the president in May, Zippy Duvall … said farmers faced … He urged Mr.
/// Trump …": a statement that gives no time of its own, made by the speaker of the statement
/// just before it in the same paragraph, goes on with that statement's time (the same
/// letter, the same hearing). Only the same paragraph: on the tuning part, letting the next
/// paragraph go on too gave F1 50.2 against 52.2, a lower precision for a little recall.
fn inherit_said_at(text: &str, index: &CharOffsets, statements: &mut [Statement]) {
    let mut order: Vec<usize> = (0..statements.len())
        .filter(|&i| statements[i].cue.is_some())
        .collect();
    order.sort_by_key(|&i| statements[i].cue.as_ref().map_or(0, |cue| cue.start));
    for pair in order.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if statements[after].voice.said_at.is_some() {
            continue;
        }
        let (Some(previous), Some(speaker)) = (
            statements[before].voice.said_at.clone(),
            statements[before].speaker.as_ref().map(|s| s.entity),
        ) else {
            continue;
        };
        if statements[after].speaker.as_ref().map(|s| s.entity) != Some(speaker) {
            continue;
        }
        let (Some(from), Some(to)) = (
            statements[before].cue.as_ref().map(|cue| cue.end),
            statements[after].cue.as_ref().map(|cue| cue.start),
        ) else {
            continue;
        };
        let gap = index
            .bytes
            .get(from)
            .zip(index.bytes.get(to))
            .and_then(|(&a, &b)| text.get(a..b))
            .unwrap_or("\n\n\n");
        if !gap.contains('\n') {
            statements[after].voice.said_at = Some(previous);
        }
    }
}

/// Words after a time that make it the subject of what was said ("said Monday was the
/// deadline"), not when it was said ("said Monday the victim was …").
const TIME_AS_SUBJECT: &[&str] = &[
    "is", "was", "will", "would", "has", "had", "could", "should", "might", "may", "marks",
    "marked",
];

/// How many contents starting before a time are looked at to ask whether it lies in one: the
/// nearest, which in an article are the ones that can hold it.
const CONTENTS_LOOKED_AT: usize = 64;

/// The contents of every statement of an article, to ask whether a span lies in what someone
/// said.
struct SaidSpans {
    /// Contents (start, end), in order.
    contents: Vec<(usize, usize)>,
}

impl SaidSpans {
    fn new(statements: &[Statement]) -> SaidSpans {
        let mut contents: Vec<(usize, usize)> = statements
            .iter()
            .flat_map(|s| s.contents.iter().map(|c| (c.start, c.end)))
            .collect();
        contents.sort_unstable();
        contents.dedup();
        SaidSpans { contents }
    }

    /// Whether `range` overlaps a content that does not hold `cue` (a statement reported
    /// inside another's words, "The Herald reported: members were told on Monday …", has its
    /// time inside them too).
    fn overlaps_outside(
        &self,
        range: &std::ops::Range<usize>,
        cue: &std::ops::Range<usize>,
    ) -> bool {
        let before_end = self
            .contents
            .partition_point(|&(start, _)| start < range.end);
        self.contents[..before_end]
            .iter()
            .rev()
            .take(CONTENTS_LOOKED_AT)
            .any(|&(start, end)| end > range.start && !(start <= cue.start && cue.end <= end))
    }
}

/// The time expression nearest `anchor` (a cue, or the words naming a channel), within
/// [`SAID_AT_REACH`] chars of it in its paragraph and outside what anyone said, with its
/// distance from the anchor. `cue` is the statement's cue: a time right after it that opens
/// the statement's content is the cue's.
fn nearest_time(
    text: &str,
    index: &CharOffsets,
    said: &SaidSpans,
    statement: &Statement,
    cue: &std::ops::Range<usize>,
    anchor: std::ops::Range<usize>,
) -> Option<(usize, std::ops::Range<usize>)> {
    let chars = index.bytes.len() - 1;
    let from = anchor.start.saturating_sub(SAID_AT_REACH);
    let to = (anchor.end + SAID_AT_REACH).min(chars);
    let window = text.get(index.bytes[from]..index.bytes[to])?;
    // The paragraph of the anchor: no expression across a line break.
    let words: Vec<(std::ops::Range<usize>, String)> = expression_words(window)
        .into_iter()
        .map(|(range, word)| (range.start + from..range.end + from, word))
        .collect();
    let between =
        |a: usize, b: usize| -> &str { text.get(index.bytes[a]..index.bytes[b]).unwrap_or("\n") };
    // Inside what was said, this statement's or another's, a time is what the words are
    // about ("the plant will close next year"); but one that opens this statement's content
    // before its "that" ("said Nov. 5 that …"), or right after the cue ("said Monday the
    // victim was …"), is the cue's, taken into the content by the labeller.
    let in_content = |range: &std::ops::Range<usize>| {
        let rest = text.get(index.bytes[range.end]..).unwrap_or("");
        let next = rest.split_whitespace().next().unwrap_or("");
        let after_cue = cue.end <= range.start
            && between(cue.end, range.start)
                .chars()
                .all(char::is_whitespace)
            && !TIME_AS_SUBJECT.contains(&next);
        let opens = statement.contents.iter().any(|c| c.start == range.start)
            && (rest.starts_with(" that ") || after_cue);
        said.overlaps_outside(range, cue) && !opens
    };
    let mut best: Option<(usize, std::ops::Range<usize>)> = None;
    for first in 0..words.len() {
        // Most words cannot open a time expression: only those that can are tried (the
        // pass runs on every statement).
        if !TimeExpression::could_open(&words[first].1) {
            continue;
        }
        for n in (1..=MAX_EXPRESSION_WORDS.min(words.len() - first)).rev() {
            let run = &words[first..first + n];
            // Words of one expression are next to each other: spaces, a comma, the full
            // stop of "Nov.", never a line break or a sentence's end.
            let joined = run.windows(2).all(|pair| {
                let gap = between(pair[0].0.end, pair[1].0.start);
                gap.len() <= 3
                    && gap.chars().all(|c| matches!(c, ' ' | ',' | '.'))
                    && !gap.contains(". ")
                    || gap == ". " && pair[0].1.len() <= 4
            });
            if !joined {
                continue;
            }
            let names: Vec<&str> = run.iter().map(|(_, w)| w.as_str()).collect();
            if TimeExpression::parse(&names).is_none() {
                continue;
            }
            let range = run[0].0.start..run[n - 1].0.end;
            // Part of a name: "USA Today" (a capitalised "Today" after a capitalised word),
            // "Black Friday", "Super Tuesday".
            let previous = first
                .checked_sub(1)
                .filter(|&p| between(words[p].0.end, range.start) == " ")
                .map(|p| (&words[p].1, text.get(index.bytes[words[p].0.start]..)));
            let capitalised = |rest: Option<&str>| {
                rest.and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_uppercase)
            };
            let named = previous.is_some_and(|(word, rest)| {
                NAMED_DAYS.contains(&word.as_str())
                    || (names[0] == "today"
                        && capitalised(rest)
                        && capitalised(text.get(index.bytes[range.start]..)))
            });
            if named
                || in_content(&range)
                || between(range.start.min(anchor.start), range.end.max(anchor.end)).contains('\n')
            {
                continue;
            }
            let distance = if range.end <= anchor.start {
                anchor.start - range.end
            } else {
                range.start.saturating_sub(anchor.end)
            };
            if best.as_ref().is_none_or(|(d, _)| distance < *d) {
                best = Some((distance, range));
            }
            break;
        }
    }
    best
}

/// How many pronouns resolved to a person, all agreeing, state a gender when nothing else
/// does (on the tuning part, asking for two halved the coverage and lowered precision too).
const MIN_PRONOUNS: usize = 1;

/// A word that says a person is a woman or a man.
fn gendered_word(lowercase: &str) -> Option<Gender> {
    const FEMALE: &[&str] = &[
        "spokeswoman",
        "chairwoman",
        "businesswoman",
        "congresswoman",
        "councilwoman",
        "policewoman",
        "sportswoman",
        "actress",
        "waitress",
        "mother",
        "daughter",
        "wife",
        "sister",
        "widow",
        "queen",
        "princess",
        "duchess",
        "countess",
        "grandmother",
        "aunt",
        "niece",
        "girlfriend",
        "woman",
        "girl",
        "mom",
        "mum",
        "stepmother",
        "granddaughter",
        "heiress",
        "empress",
    ];
    const MALE: &[&str] = &[
        "spokesman",
        "chairman",
        "businessman",
        "congressman",
        "councilman",
        "policeman",
        "sportsman",
        "actor",
        "father",
        "son",
        "husband",
        "brother",
        "widower",
        "king",
        "prince",
        "duke",
        "count",
        "grandfather",
        "uncle",
        "nephew",
        "boyfriend",
        "man",
        "boy",
        "dad",
        "stepfather",
        "grandson",
        "emperor",
    ];
    if FEMALE.contains(&lowercase) {
        Some(Gender::Female)
    } else if MALE.contains(&lowercase) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// The gender a mention or role states: an honorific as written ("Mr.", "Ms"), or a gendered
/// noun in lower case ("spokeswoman"; "Man" in a name says nothing).
fn stated_gender(text: &str) -> Option<Gender> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .find_map(|word| match crate::lexicon::honorific(word) {
            Some(crate::lexicon::Gender::Male) => Some(Gender::Male),
            Some(crate::lexicon::Gender::Female) => Some(Gender::Female),
            Some(crate::lexicon::Gender::Unknown) => None,
            None if word.chars().all(char::is_lowercase) => gendered_word(word),
            None => None,
        })
}

/// A pronoun that, resolved to a person, says their gender.
fn gendered_pronoun(lowercase: &str) -> Option<Gender> {
    match lowercase {
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        _ => None,
    }
}

/// The words of a text: runs of letters, lowercased (so "Mr." is "mr").
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

/// The gender the article gives a person, with its evidence: honorifics and gendered nouns
/// in its mentions and roles, and the pronouns resolved to it. Honorifics and nouns are read
/// as written and decide when they agree; pronouns were resolved by the extractor and may be
/// wrong, so they decide only when nothing stronger is there and they all agree, and they undo
/// a stronger reading that most of them contradict. Anything else is `unknown`: a stated
/// gender must be right far more often than it is given.
fn gender_of(text: &str, index: &CharOffsets, entity: &Entity) -> (Gender, Vec<Span>) {
    if entity.entity_type != EntityType::Person {
        return (Gender::Unknown, Vec::new());
    }
    // (gender, strong, span) for each piece of evidence.
    let mut found: Vec<(Gender, bool, Span)> = Vec::new();
    for mention in &entity.mentions {
        let lowercase = mention.text.trim().to_lowercase();
        if let Some(gender) = gendered_pronoun(&lowercase) {
            found.push((gender, false, mention.clone()));
            continue;
        }
        let stated = stated_gender(&mention.text);
        if let Some(gender) = stated {
            found.push((gender, true, mention.clone()));
        }
    }
    for role in &entity.roles {
        let Some(gender) = stated_gender(role) else {
            continue;
        };
        // The role as the article writes it, so that the evidence points at the words.
        if let Some(span) = index.find(text, role) {
            found.push((gender, true, span));
        }
    }
    let count = |gender: Gender, strong: bool| {
        found
            .iter()
            .filter(|(g, s, _)| *g == gender && *s == strong)
            .count()
    };
    let (strong_f, strong_m) = (count(Gender::Female, true), count(Gender::Male, true));
    let (weak_f, weak_m) = (count(Gender::Female, false), count(Gender::Male, false));
    let gender = match (strong_f > 0, strong_m > 0) {
        (true, true) => Gender::Unknown,
        (true, false) if weak_m <= weak_f => Gender::Female,
        (false, true) if weak_f <= weak_m => Gender::Male,
        (false, false) if weak_f >= MIN_PRONOUNS && weak_m == 0 => Gender::Female,
        (false, false) if weak_m >= MIN_PRONOUNS && weak_f == 0 => Gender::Male,
        _ => Gender::Unknown,
    };
    if gender == Gender::Unknown {
        return (gender, Vec::new());
    }
    let mut evidence: Vec<Span> = found
        .into_iter()
        .filter(|(g, _, _)| *g == gender)
        .map(|(_, _, span)| span)
        .collect();
    evidence.sort_by_key(|span| (span.start, span.end));
    evidence.dedup();
    (gender, evidence)
}

/// Words in a source that say the article will not name the speaker.
const UNNAMED_MARKERS: &[&str] = &[
    "anonym",
    "wish to be named",
    "want to be named",
    "familiar with",
    "briefed on",
    "close to the",
    "knowledge of the",
    "knowledgeable",
    "not authorized",
    "not authorised",
    "not be named",
    "not to be named",
    "not being named",
    "declined to be named",
    "requested anonymity",
    "asked not to be identified",
    "not be identified",
    "speaking privately",
    "who did not want to be named",
];

/// Head words of a description that stands for a person or people the article chose not to
/// name, when nothing names them.
const UNNAMED_HEADS: &[&str] = &[
    "source", "sources", "insider", "insiders", "official", "aide", "person",
];

/// Whether the article deliberately leaves the statement's speaker unnamed: its source says
/// so ("who spoke on condition of anonymity", "a person familiar with the matter"), the name
/// is masked, or the speaker is known only as one person of a kind ("one legal expert") or
/// as a description whose head is a source, an insider, an official or an aide. Officials
/// and people in the plural speak for an institution or a crowd, and are not counted.
fn is_anonymous(
    text: &str,
    index: &CharOffsets,
    statement: &Statement,
    entity: Option<&Entity>,
) -> bool {
    let first = statement.sources.first();
    let source = first.map(|s| s.text.to_lowercase()).unwrap_or_default();
    if UNNAMED_MARKERS.iter().any(|marker| source.contains(marker)) {
        return true;
    }
    // A name the article masks ("Jo** Al****") is withheld on purpose, also when the name
    // finder read it without its mask ("Tur** said" as "Tur").
    let masked_in_text = first.is_some_and(|source| {
        index
            .bytes
            .get(source.end)
            .and_then(|&at| text.get(at..))
            .is_some_and(|rest| rest.starts_with('*'))
    });
    if masked_in_text || entity.is_some_and(|e| e.name.contains('*')) {
        return true;
    }
    let Some(entity) = entity else {
        return false;
    };
    if is_named(entity) {
        return false;
    }
    let name = entity.name.to_lowercase();
    if UNNAMED_MARKERS.iter().any(|marker| name.contains(marker)) {
        return true;
    }
    // The head of the description: its last word before any "of", "for", "at", "in", "with",
    // "who" (a person "familiar with the matter" is caught above).
    let head = name
        .split(' ')
        .take_while(|w| !matches!(*w, "of" | "for" | "at" | "in" | "with" | "who" | "from"))
        .last()
        .unwrap_or("");
    // "one legal expert", "one neo-bank CEO": one of a kind the article does not name; "one
    // study", "one estimate" are texts and figures, not people.
    let a_text = crate::lexicon::is_document_noun(head)
        || matches!(
            head,
            "estimate" | "estimates" | "poll" | "survey" | "figure"
        );
    if entity.entity_type == EntityType::Person && source.starts_with("one ") && !a_text {
        return true;
    }
    UNNAMED_HEADS.contains(&head)
}

/// Capitalised words that head descriptions, not names ("one neo-bank CEO").
const TITLE_ACRONYMS: &[&str] = &["CEO", "CFO", "COO", "CTO", "MP", "MPs", "MEP", "MEPs"];

/// Whether an entity is known by a proper name rather than only a description: the head of
/// its name (the last word, without brackets) is capitalised, and is neither a title's
/// initials ("one neo-bank CEO") nor a common noun capitalised at a sentence start ("Sources
/// said"). A capitalised word before a common head describes ("one Washington-based trade
/// expert", "the French minister").
fn is_named(entity: &Entity) -> bool {
    if entity.entity_type == EntityType::Group {
        return false;
    }
    let words: Vec<&str> = entity
        .name
        .split(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let Some(head) = words.last() else {
        return false;
    };
    if !head.chars().next().is_some_and(char::is_uppercase) || TITLE_ACRONYMS.contains(head) {
        return false;
    }
    words.len() > 1 || !UNNAMED_HEADS.contains(&head.to_lowercase().as_str())
}

/// Which kind of speaker a word of a role or description says, most telling first: a word
/// early in this list wins over one later ("spokesperson for the ministry" is a
/// spokesperson, "ministry official" an official).
const CATEGORY_WORDS: &[(SpeakerCategory, &[&str])] = &[
    (
        SpeakerCategory::Spokesperson,
        &[
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "spokespeople",
            "spokespersons",
            "representative",
            "representatives",
            "publicist",
        ],
    ),
    (
        SpeakerCategory::Legal,
        &[
            "lawyer",
            "lawyers",
            "attorney",
            "attorneys",
            "judge",
            "judges",
            "prosecutor",
            "prosecutors",
            "court",
            "counsel",
            "solicitor",
            "barrister",
            "jury",
        ],
    ),
    (
        SpeakerCategory::Politician,
        &[
            "president",
            "senator",
            "sen",
            "congressman",
            "congresswoman",
            "congressmen",
            "lawmaker",
            "lawmakers",
            "legislator",
            "legislators",
            "governor",
            "gov",
            "mayor",
            "minister",
            "premier",
            "chancellor",
            "mp",
            "mps",
            "parliamentarian",
            "candidate",
            "democrat",
            "democrats",
            "republican",
            "republicans",
            "rep",
            "councilman",
            "councilwoman",
            "councillor",
            "politician",
            "politicians",
            "party",
            "senate",
            "congress",
            "parliament",
        ],
    ),
    (
        SpeakerCategory::Media,
        &[
            "journalist",
            "journalists",
            "reporter",
            "reporters",
            "editor",
            "columnist",
            "correspondent",
            "anchor",
            "newspaper",
            "magazine",
            "outlet",
            "broadcaster",
            "author",
            "news",
            "times",
            "post",
            "press",
            "tribune",
            "herald",
            "gazette",
            "daily",
            "television",
            "radio",
            "reuters",
            "afp",
            "ap",
            "bloomberg",
            "cnn",
            "cnbc",
            "cnet",
            "bbc",
            "chronicle",
            "guardian",
            "telegraph",
            "nbc",
            "cbs",
            "xinhua",
        ],
    ),
    (
        SpeakerCategory::Expert,
        &[
            "professor",
            "prof",
            "researcher",
            "researchers",
            "scientist",
            "scientists",
            "analyst",
            "analysts",
            "economist",
            "economists",
            "expert",
            "experts",
            "doctor",
            "doctors",
            "dr",
            "physician",
            "physicians",
            "historian",
            "scholar",
            "university",
            "institute",
            "study",
            "strategist",
            "psychologist",
            "epidemiologist",
            "studies",
            "research",
            "review",
            "survey",
            "paper",
            "journal",
        ],
    ),
    (
        SpeakerCategory::GovernmentOfficial,
        &[
            "official",
            "officials",
            "officer",
            "officers",
            "police",
            "sheriff",
            "general",
            "gen",
            "colonel",
            "col",
            "commander",
            "ambassador",
            "diplomat",
            "diplomats",
            "envoy",
            "negotiator",
            "administrator",
            "secretary",
            "agency",
            "department",
            "ministry",
            "administration",
            "military",
            "army",
            "navy",
            "government",
            "authorities",
            "commission",
            "commissioner",
            "bureau",
            "regulator",
            "regulators",
            "nasa",
            "pentagon",
            "fbi",
            "cia",
            "centre",
            "center",
            "protection",
            "office",
            "house",
        ],
    ),
    (
        SpeakerCategory::Business,
        &[
            "ceo",
            "executive",
            "executives",
            "founder",
            "co-founder",
            "cofounder",
            "chairman",
            "chairwoman",
            "company",
            "companies",
            "inc",
            "corp",
            "ltd",
            "llc",
            "investor",
            "investors",
            "manager",
            "owner",
            "entrepreneur",
            "employee",
            "employees",
            "cfo",
            "cto",
            "coo",
            "automaker",
            "retailer",
            "firm",
            "bank",
            "maker",
            "director",
            "directors",
            "vp",
            "agent",
            "banker",
            "bankers",
            "trader",
            "traders",
            "shareholder",
            "shareholders",
        ],
    ),
    (
        SpeakerCategory::Advocate,
        &[
            "activist",
            "activists",
            "advocate",
            "advocates",
            "campaigner",
            "campaigners",
            "union",
            "charity",
            "ngo",
            "nonprofit",
        ],
    ),
    (
        SpeakerCategory::Organisation,
        &[
            "club",
            "league",
            "team",
            "church",
            "school",
            "federation",
            "association",
        ],
    ),
    (
        SpeakerCategory::Public,
        &[
            "resident",
            "residents",
            "witness",
            "witnesses",
            "voter",
            "voters",
            "fan",
            "fans",
            "patient",
            "patients",
            "victim",
            "victims",
            "mother",
            "father",
            "neighbor",
            "neighbour",
            "student",
            "students",
            "parent",
            "parents",
            "customer",
            "customers",
            "user",
            "users",
            "player",
            "athlete",
            "actor",
            "actress",
            "singer",
            "artist",
            "writer",
            "novelist",
            "musician",
            "rapper",
            "prince",
            "princess",
            "royal",
        ],
    ),
];

/// How many words before a name may be its title ("Palestinian chief negotiator").
const TITLE_WORDS: usize = 4;

/// The longest word a title may have: a longer run is not a word of one.
const MAX_TITLE_WORD_CHARS: usize = 40;

/// How many chars after a name and its comma an appositive may run ("Michael Howitt, who
/// studies the immune system at …").
const APPOSITIVE_CHARS: usize = 120;

/// Words that end a name's title going back ("said Jim Bridenstine", "and Mark Rutte").
const BEFORE_A_TITLE: &[&str] = &[
    "said", "says", "told", "and", "or", "but", "with", "to", "by", "for", "from", "of", "as",
    "at", "in", "on", "that", "than", "when", "while",
];

/// First words after a name's comma that open another clause, not a description of the name
/// ("Smith, adding that …", "Smith said, and …").
const NOT_AN_APPOSITIVE: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "and",
    "or",
    "but",
    "which",
    "that",
    "according",
    "while",
    "as",
    "if",
    "so",
    "because",
    "then",
];

/// What the text says of an entity around its names: the words of a title before each
/// ("NASA Administrator Jim Bridenstine"), and the appositive or relative clause after its
/// comma ("Michael Howitt, who studies …", "Chris Early, senior vice president at Ubisoft"),
/// one per line. Pronouns and other lower-case mentions are passed over.
fn described_around(text: &str, index: &CharOffsets, entity: &Entity) -> String {
    let mut description = String::new();
    let chars = index.bytes.len() - 1;
    for mention in &entity.mentions {
        if !mention.text.chars().next().is_some_and(char::is_uppercase)
            || gendered_pronoun(&mention.text.to_lowercase()).is_some()
            || mention.end > chars
            || mention.start > mention.end
        {
            continue;
        }
        let (Some(before), Some(after)) = (
            text.get(..index.bytes[mention.start]),
            text.get(index.bytes[mention.end]..),
        ) else {
            continue;
        };
        // The title: the words just before, one space apart.
        let mut title: Vec<&str> = Vec::new();
        let mut rest = before;
        while title.len() < TITLE_WORDS {
            let Some(head) = rest.strip_suffix(' ') else {
                break;
            };
            // The word before: back to a char no word has, within a word's length.
            let is_word_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '.' | '\'' | '’');
            let mut start = head.len();
            let mut whole = false;
            for (at, c) in head.char_indices().rev().take(MAX_TITLE_WORD_CHARS + 1) {
                if !is_word_char(c) {
                    whole = true;
                    break;
                }
                start = at;
            }
            let word = &head[start..];
            // A word ending a sentence ("the police. Smith said") is not a title; an
            // abbreviated one is capitalised ("Gov.", "Dr.").
            let ends_a_sentence =
                word.ends_with('.') && word.chars().next().is_some_and(char::is_lowercase);
            if !(whole || start == 0)
                || word.is_empty()
                || ends_a_sentence
                || BEFORE_A_TITLE.contains(&word.to_lowercase().as_str())
            {
                break;
            }
            title.push(word);
            rest = &head[..start];
        }
        title.reverse();
        description.push_str(&title.join(" "));
        description.push('\n');
        // The appositive: after a comma, up to the next punctuation.
        if let Some(appositive) = after.strip_prefix(", ") {
            let end = appositive
                .char_indices()
                .take(APPOSITIVE_CHARS)
                .find(|&(_, c)| {
                    matches!(
                        c,
                        ',' | '.' | ';' | ':' | '\n' | '(' | ')' | '"' | '“' | '”'
                    )
                })
                .map_or_else(
                    || {
                        appositive
                            .char_indices()
                            .nth(APPOSITIVE_CHARS)
                            .map_or(appositive.len(), |(at, _)| at)
                    },
                    |(at, _)| at,
                );
            let clause = &appositive[..end];
            let first = clause.split(' ').next().unwrap_or("").to_lowercase();
            if !NOT_AN_APPOSITIVE.contains(&first.as_str()) && !first.ends_with("ing") {
                description.push_str(clause);
                description.push('\n');
            }
        }
    }
    description
}

/// The most telling category word of a text, as its rank in [`CATEGORY_WORDS`].
fn category_rank(text: &str) -> Option<usize> {
    let mut text = text.to_lowercase();
    let mut best = None;
    // A vice president is a company's; a president alone may be a country's.
    for vice in ["vice president", "vice-president"] {
        if text.contains(vice) {
            text = text.replace(vice, " ");
            best = CATEGORY_WORDS
                .iter()
                .position(|(category, _)| *category == SpeakerCategory::Business);
        }
    }
    for word in words(&text) {
        // Any -ologist studies something: "immunologist", "lung biologist".
        let word = if word.ends_with("ologist") || word.ends_with("ologists") {
            "expert".to_owned()
        } else {
            word
        };
        if let Some(rank) = CATEGORY_WORDS
            .iter()
            .position(|(_, list)| list.contains(&word.as_str()))
        {
            best = Some(best.map_or(rank, |b: usize| b.min(rank)));
        }
    }
    best
}

/// The kind of speaker of a statement: the most telling category word among the speaker's
/// roles, its name, and the source as written; failing one, among what the article says of
/// the speaker elsewhere (`description_rank`: the [`category_rank`] of its other sources and
/// the words around its names); else business for an organisation, the government for a
/// place, the public for a person named in full, and `unknown`.
fn category_of(
    statement: &Statement,
    entity: Option<&Entity>,
    description_rank: Option<usize>,
) -> SpeakerCategory {
    let Some(entity) = entity else {
        return SpeakerCategory::Unknown;
    };
    let mut own: Vec<&str> = entity.roles.iter().map(String::as_str).collect();
    own.push(&entity.name);
    own.extend(statement.sources.first().map(|source| source.text.as_str()));
    if let Some(rank) = own
        .into_iter()
        .filter_map(category_rank)
        .min()
        .or(description_rank)
    {
        return CATEGORY_WORDS[rank].0;
    }
    match entity.entity_type {
        // Most organisations quoted in the news without a word for what they are are
        // companies ("Boeing said", "McClatchy Co.").
        EntityType::Organisation => SpeakerCategory::Business,
        EntityType::Place => SpeakerCategory::GovernmentOfficial,
        // A person the article names but gives no office, employer or profession speaks for
        // themselves.
        EntityType::Person if is_named(entity) && entity.name.contains(' ') => {
            SpeakerCategory::Public
        }
        // A one-word name the article never gives a first name, a gender or a role ("Apple
        // said", "VW said") is more often a company taken for a person than a person known
        // by one name: a person's surname alone joins their full name.
        EntityType::Person
            if is_named(entity) && entity.roles.is_empty() && entity.gender == Gender::Unknown =>
        {
            SpeakerCategory::Business
        }
        EntityType::Person | EntityType::Group => SpeakerCategory::Unknown,
    }
}

/// Char offsets of a text's bytes, to give a found byte range as a [`Span`].
struct CharOffsets {
    /// The byte offset of every char, and the text's length at the end.
    bytes: Vec<usize>,
}

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        bytes.push(text.len());
        CharOffsets { bytes }
    }

    /// The first occurrence of `needle` in `text`, as a span.
    fn find(&self, text: &str, needle: &str) -> Option<Span> {
        if needle.is_empty() {
            return None;
        }
        let at = text.find(needle)?;
        let start = self.bytes.binary_search(&at).ok()?;
        let end = self.bytes.binary_search(&(at + needle.len())).ok()?;
        Some(Span {
            start,
            end,
            text: needle.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, needle: &str) -> Span {
        CharOffsets::new(text).find(text, needle).unwrap()
    }

    fn person(text: &str, name: &str, roles: &[&str], mentions: &[&str]) -> Entity {
        Entity {
            id: 0,
            name: name.to_owned(),
            entity_type: EntityType::Person,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            mentions: mentions.iter().map(|m| span(text, m)).collect(),
            gender: Gender::Unknown,
            gender_evidence: Vec::new(),
        }
    }

    #[test]
    fn gender_comes_from_honorifics_pronouns_and_nouns_never_a_first_name() {
        let text = "Ms. Smith, a spokeswoman, said it. She added more. Mark Rutte spoke.";
        let index = CharOffsets::new(text);
        let smith = person(text, "Smith", &["spokeswoman"], &["Ms. Smith", "She"]);
        let (gender, evidence) = gender_of(text, &index, &smith);
        assert_eq!(gender, Gender::Female);
        let words: Vec<&str> = evidence.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(words, ["Ms. Smith", "spokeswoman", "She"]);
        let rutte = person(text, "Mark Rutte", &[], &["Mark Rutte"]);
        assert_eq!(gender_of(text, &index, &rutte).0, Gender::Unknown);
    }

    #[test]
    fn a_description_is_the_title_before_a_name_and_the_appositive_after_it() {
        let text = "He met the police. NASA Administrator Jim Bridenstine, who runs the agency, \
            spoke. Later Bridenstine, adding that officials agreed, left.";
        let index = CharOffsets::new(text);
        let jim = person(
            text,
            "Jim Bridenstine",
            &[],
            &["Jim Bridenstine", "Later Bridenstine"],
        );
        let lines: Vec<String> = described_around(text, &index, &jim)
            .lines()
            .map(str::to_owned)
            .collect();
        // Not "police." of the sentence before, nor "adding that officials agreed".
        assert_eq!(lines, ["NASA Administrator", "who runs the agency", ""]);
        // A run of letters longer than a word is no title, and no run is read past its bound.
        let long = format!("{} Jim Bridenstine said it.", "a".repeat(10_000));
        let index = CharOffsets::new(&long);
        let jim = person(&long, "Jim Bridenstine", &[], &["Jim Bridenstine"]);
        assert_eq!(described_around(&long, &index, &jim), "\n");
    }

    #[test]
    fn evidence_that_disagrees_gives_no_gender() {
        let text = "Mr. Lee said it. Ms. Lee said more. He left. She stayed.";
        let index = CharOffsets::new(text);
        let both = person(text, "Lee", &[], &["Mr. Lee", "Ms. Lee"]);
        assert_eq!(gender_of(text, &index, &both).0, Gender::Unknown);
        let pronouns = person(text, "Lee", &[], &["He", "She"]);
        assert_eq!(gender_of(text, &index, &pronouns).0, Gender::Unknown);
    }
}
