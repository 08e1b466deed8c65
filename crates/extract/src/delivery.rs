//! How a statement was delivered: what kind of act its cue reports (speech, thought, a
//! finding), to whom it was made and through what channel. These read the words of the cue
//! and of its clause and change nothing about which statements there are.
//!
//! The word lists follow `docs/news-annotation.md` (the guidelines of the hand-annotated news
//! set) and were checked against that set's tuning part only.

use std::ops::Range;

use whosaid_article::{Act, MediumType};
use whosaid_tagger::Tag;

use crate::article::Article;
use crate::lexicon;
use crate::statements::Found;

/// What a statement's delivery is, as token ranges.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Delivery {
    pub act: Act,
    pub addressee: Option<Range<usize>>,
    /// The words naming the channel (none when only the cue gives it) and its type.
    pub medium: Option<(Option<Range<usize>>, MediumType)>,
}

/// The delivery of `statement` in `article`.
pub(crate) fn describe(article: &Article, statement: &Found) -> Delivery {
    // A cue always has a token; an empty one, were a pass ever to make it, reports nothing.
    let Some(cue) = statement.cue.clone().filter(|c| !c.is_empty()) else {
        return Delivery {
            act: Act::Speech,
            addressee: None,
            medium: statement.medium.map(|medium| (None, medium)),
        };
    };
    // A transcript's speaker label: the colon that ends "SMITH" or "Q" at a paragraph's
    // start. A transcript is an interview.
    if cue.len() == 1
        && article.word(cue.start) == ":"
        && statement
            .source
            .as_ref()
            .is_some_and(|s| s.end == cue.start)
        && article.doc.paragraphs[article.paragraph_of(cue.start)]
            .tokens
            .start
            + 6
            > cue.start
    {
        return Delivery {
            act: Act::Speech,
            addressee: None,
            medium: Some((None, MediumType::Interview)),
        };
    }
    let act = act_of(article, &cue, statement.source.as_ref());
    let mut addressee = addressee_of(article, &cue, statement);
    let medium = medium_of(article, &cue, statement, addressee.as_ref());
    // "in an interview with the BBC", "in a letter to the board": the one spoken to.
    if addressee.is_none() {
        if let Some((
            Some(span),
            MediumType::Interview | MediumType::Letter | MediumType::PressConference,
        )) = &medium
        {
            addressee = span
                .clone()
                .find(|&k| matches!(article.lower(k), "with" | "to"))
                .and_then(|k| article.np_starting_at(k + 1, span.end))
                .filter(|np| np.end == span.end);
        }
    }
    Delivery {
        act,
        addressee,
        medium,
    }
}

/// The act a cue reports: a thought when its words name a mental state, a finding when they
/// name what a document, study or observation shows, else speech.
fn act_of(article: &Article, cue: &Range<usize>, source: Option<&Range<usize>>) -> Act {
    let words: Vec<&str> = cue.clone().map(|k| article.lower(k)).collect();
    if words.iter().any(|w| is_thought_word(w)) && !words.iter().any(|w| is_speech_word(w)) {
        return Act::Thought;
    }
    if words.iter().any(|w| is_finding_verb(w)) {
        return Act::Other;
    }
    // "the study suggests", "according to the survey", "the data indicate": what a study
    // says is a finding.
    let source_is_study =
        source.is_some_and(|s| !s.is_empty() && is_study_noun(article.lower(article.head_of(s))));
    if source_is_study
        && words.iter().any(|w| {
            matches!(
                *w,
                "according"
                    | "suggest"
                    | "suggests"
                    | "suggested"
                    | "estimates"
                    | "estimated"
                    | "concluded"
                    | "concludes"
            )
        })
    {
        return Act::Other;
    }
    Act::Speech
}

/// Words that make a cue a thought (believes, hopes, fears, is convinced; a belief, a view).
pub(crate) fn is_thought_word(w: &str) -> bool {
    let verb_forms = |base: &str| {
        w == base
            || w.strip_suffix('s') == Some(base)
            || w.strip_suffix("ed") == Some(base)
            || w.strip_suffix('d') == Some(base)
            || w.strip_suffix("ing") == Some(base)
            || (base.ends_with('e') && w.strip_suffix("ing") == base.strip_suffix('e'))
    };
    const BASES: [&str; 32] = [
        "believe", "hope", "expect", "want", "fear", "feel", "doubt", "suspect", "assume", "wish",
        "intend", "plan", "consider", "trust", "realise", "realize", "suppose", "imagine",
        "reckon", "guess", "wonder", "prefer", "regard", "view", "remember", "aim", "bet", "worry",
        "love", "hate", "dream", "see",
    ];
    BASES.iter().any(|base| verb_forms(base))
        || matches!(
            w,
            "think"
                | "thinks"
                | "thinking"
                | "thought"
                | "worried"
                | "worries"
                | "felt"
                | "know"
                | "knows"
                | "knew"
                | "known"
                | "understand"
                | "understands"
                | "understood"
                | "planned"
                | "planning"
                | "saw"
                | "seen"
                | "betting"
                | "convinced"
                | "confident"
                | "hopeful"
                | "optimistic"
                | "pessimistic"
                | "skeptical"
                | "sceptical"
                | "uncertain"
                | "unsure"
                | "eager"
                | "afraid"
                | "belief"
                | "beliefs"
                | "opinion"
                | "idea"
                | "assumption"
                | "expectation"
                | "expectations"
                | "feeling"
                | "hopes"
                | "fears"
                | "confidence"
        )
}

/// Words that make a cue speech even beside a thought word ("said he hoped": the cue is
/// "said"; "told me he believes").
fn is_speech_word(w: &str) -> bool {
    whosaid_attribution::is_reporting_verb(w) && !is_thought_word(w) && !is_finding_verb(w)
        || matches!(w, "said" | "says" | "say" | "told" | "according")
}

/// Verbs of findings and perceptions: a report found, a poll shows, data indicate, she noticed.
pub(crate) fn is_finding_verb(w: &str) -> bool {
    matches!(
        w,
        "found"
            | "find"
            | "finds"
            | "show"
            | "shows"
            | "showed"
            | "shown"
            | "showing"
            | "indicate"
            | "indicates"
            | "indicated"
            | "indicating"
            | "noticed"
            | "notice"
            | "notices"
            | "observed"
            | "observes"
            | "discovered"
            | "discover"
            | "discovers"
            | "demonstrate"
            | "demonstrates"
            | "demonstrated"
    )
}

/// Nouns for studies, polls and data, whose "saying" is a finding.
fn is_study_noun(w: &str) -> bool {
    matches!(
        w,
        "study"
            | "studies"
            | "survey"
            | "surveys"
            | "poll"
            | "polls"
            | "polling"
            | "data"
            | "research"
            | "analysis"
            | "figures"
            | "estimates"
            | "statistics"
            | "findings"
            | "records"
            | "documents"
            | "paper"
            | "report"
            | "reports"
    )
}

/// The cue verbs whose object is the one spoken to: told X, asked X, assured X.
fn takes_addressee(w: &str) -> bool {
    matches!(
        w,
        "told"
            | "tell"
            | "tells"
            | "telling"
            | "asked"
            | "ask"
            | "asks"
            | "asking"
            | "assured"
            | "assures"
            | "urged"
            | "urges"
            | "informed"
            | "informs"
            | "reminded"
            | "reminds"
            | "briefed"
            | "promised"
            | "warned"
            | "warns"
            | "advised"
            | "instructed"
            | "notified"
    )
}

/// To whom: the object of "told" or "asked" ("told reporters", "told CNN's Jake Tapper"), the
/// object of "to" after a cue ("said to the board", "wrote to lawmakers"), or of "with" after an
/// interview ("in an interview with the BBC").
fn addressee_of(article: &Article, cue: &Range<usize>, statement: &Found) -> Option<Range<usize>> {
    let sentence = article.sentence(cue.start);
    let hi = sentence.end.min(cue.end + 12);
    let last = cue.end - 1;
    let contents_start = |k: usize| statement.contents.iter().any(|c| c.start == k);
    let object = |start: usize| -> Option<Range<usize>> {
        if start >= hi {
            return None;
        }
        if matches!(
            article.lower(start),
            "me" | "him" | "her" | "them" | "us" | "you" | "himself" | "herself" | "themselves"
        ) {
            return Some(start..start + 1);
        }
        let np = article.np_starting_at(start, hi)?;
        // "told the committee on Tuesday that …": the phrase, not its time.
        let end = (np.start..np.end)
            .find(|&k| lexicon::is_time_noun(article.lower(k)) && k > np.start)
            .unwrap_or(np.end);
        let np = np.start..end;
        // "urged Mr. Trump to make a deal": the labeller often takes the one urged into
        // what they were urged to do; a phrase that opens the content and is followed by "to"
        // is the addressee all the same.
        let opens_content =
            contents_start(np.start) && np.end < article.len() && article.lower(np.end) == "to";
        (!np.is_empty()
            && (opens_content
                || !statement
                    .contents
                    .iter()
                    .any(|c| c.start < np.end && np.start < c.end))
            && !statement
                .source
                .as_ref()
                .is_some_and(|s| s.start < np.end && np.start < s.end))
        .then_some(np)
    };
    // The verb may be inside the cue with its object ("asked them", "later asked").
    if let Some(verb) = cue
        .clone()
        .rev()
        .find(|&k| takes_addressee(article.lower(k)))
    {
        if let Some(np) = object(verb + 1) {
            return Some(np);
        }
    }
    if cue.end < hi
        && article.lower(cue.end) == "to"
        && matches!(
            article.lower(last),
            "said"
                | "says"
                | "say"
                | "wrote"
                | "writes"
                | "write"
                | "spoke"
                | "speaks"
                | "complained"
                | "explained"
                | "admitted"
                | "confided"
                | "revealed"
        )
    {
        if let Some(np) = object(cue.end + 1) {
            return Some(np);
        }
    }
    None
}

/// Through what: a phrase "in a statement", "on Twitter", "at a news conference", "in an
/// interview with CNN" in the cue's clause, else what the cue itself says ("testified",
/// "tweeted", "told the committee").
fn medium_of(
    article: &Article,
    cue: &Range<usize>,
    statement: &Found,
    addressee: Option<&Range<usize>>,
) -> Option<(Option<Range<usize>>, MediumType)> {
    let sentence = article.sentence(cue.start);
    // The clause around the cue: not inside what was said.
    let in_content = |k: usize| statement.contents.iter().any(|c| c.contains(&k));
    let lo = sentence.start.max(cue.start.saturating_sub(24));
    let hi = sentence.end.min(cue.end + 16);
    let mut best: Option<(usize, Range<usize>, MediumType)> = None;
    for k in lo..hi {
        if in_content(k) || article.in_quote(k) {
            continue;
        }
        let according_to = article.lower(k) == "to" && k > 0 && article.lower(k - 1) == "according";
        if !according_to
            && !matches!(
                article.lower(k),
                "in" | "on" | "at" | "during" | "via" | "through" | "from"
            )
        {
            continue;
        }
        // "said, via USA Today": a report passed on through another outlet.
        if article.lower(k) == "via" && k + 1 < hi && article.is_name_token(k + 1) {
            if let Some(np) = article.np_starting_at(k + 1, hi) {
                best = Some((0, k..np.end, MediumType::Other));
                break;
            }
        }
        let Some((end, medium_type)) = medium_phrase(article, k, hi, &in_content) else {
            continue;
        };
        let distance = if k >= cue.end {
            k - cue.end
        } else {
            cue.start.saturating_sub(end)
        };
        let start = if according_to { k - 1 } else { k };
        if best.as_ref().is_none_or(|b| distance < b.0) {
            best = Some((distance, start..end, medium_type));
        }
    }
    if let Some((_, span, medium_type)) = best {
        return Some((Some(span), medium_type));
    }
    // "according to a statement", "according to the report": the source is the channel.
    if let Some(source) = statement.source.as_ref().filter(|s| !s.is_empty()) {
        if article.is_according_to(cue) {
            if let Some(medium_type) = channel_noun(article.lower(article.head_of(source)), "in") {
                return Some((Some(source.clone()), medium_type));
            }
        }
    }
    let words: Vec<&str> = cue.clone().map(|k| article.lower(k)).collect();
    if words.iter().any(|w| w.starts_with("testif")) {
        return Some((None, MediumType::Testimony));
    }
    if words
        .iter()
        .any(|w| matches!(*w, "tweeted" | "tweets" | "tweet" | "tweeting"))
    {
        return Some((None, MediumType::SocialMedia));
    }
    if let Some(addressee) = addressee {
        let head = article.lower(article.head_of(addressee));
        if matches!(head, "interviewer" | "interviewers") {
            return Some((None, MediumType::Interview));
        }
        if matches!(
            head,
            "committee"
                | "committees"
                | "panel"
                | "jury"
                | "jurors"
                | "court"
                | "judge"
                | "lawmakers"
                | "investigators"
                | "senators"
                | "congress"
                | "subcommittee"
                | "inquiry"
                | "prosecutors"
        ) {
            return Some((None, MediumType::Testimony));
        }
    }
    None
}

/// The phrase a preposition at `k` opens when it names a channel: its end and the channel's
/// type. The head is the first noun of the phrase that names a channel, at most six tokens on
/// ("in a strongly worded statement", "at a Nov. 6 news conference"); an interview or a letter
/// keeps its "with X" or "to X".
fn medium_phrase(
    article: &Article,
    k: usize,
    hi: usize,
    in_content: &dyn Fn(usize) -> bool,
) -> Option<(usize, MediumType)> {
    let preposition = article.lower(k);
    let mut j = k + 1;
    while j < hi && j <= k + 7 {
        // A stop ends the phrase, except the one of an abbreviated month ("a Nov. 6 event").
        let abbreviation = article.word(j) == "."
            && j > 0
            && matches!(
                article.lower(j - 1),
                "jan" | "feb" | "aug" | "sept" | "sep" | "oct" | "nov" | "dec"
            );
        if in_content(j)
            || article.in_quote(j)
            || (!abbreviation && matches!(article.word(j), "," | "." | ";"))
        {
            return None;
        }
        let w = article.lower(j);
        let next = (j + 1 < hi).then(|| article.lower(j + 1));
        let medium_type = match (w, next) {
            (
                "press" | "news" | "media",
                Some("conference" | "conferences" | "briefing" | "release"),
            ) => {
                j += 1;
                if article.lower(j) == "release" {
                    MediumType::Statement
                } else {
                    MediumType::PressConference
                }
            }
            ("social", Some("media")) => {
                j += 1;
                MediumType::SocialMedia
            }
            ("town", Some("hall" | "halls")) => {
                j += 1;
                MediumType::Other
            }
            ("court", Some("filing" | "filings" | "documents" | "papers" | "records")) => {
                j += 1;
                MediumType::CourtFiling
            }
            _ => match channel_noun(w, preposition) {
                Some(t) => t,
                None => {
                    let tag = article.tag(j);
                    let inner = tag.is_adjective()
                        || tag.is_noun()
                        || matches!(tag, Tag::DT | Tag::PRPS | Tag::CD | Tag::POS | Tag::VBN)
                        || article.is_capitalised(j);
                    if !inner {
                        return None;
                    }
                    j += 1;
                    continue;
                }
            },
        };
        // A channel noun ends the phrase; an interview "with X", a letter "to X" keep X.
        let mut end = j + 1;
        if end + 1 < hi
            && matches!(
                (medium_type, article.lower(end)),
                (MediumType::Interview | MediumType::PressConference, "with")
                    | (MediumType::Letter, "to")
            )
        {
            if let Some(np) = article.np_starting_at(end + 1, hi) {
                end = np.end;
            }
        }
        return Some((end, medium_type));
    }
    None
}

/// The channel a noun names, after the preposition `preposition` ("on Twitter", "in a tweet").
fn channel_noun(w: &str, preposition: &str) -> Option<MediumType> {
    let on = preposition == "on";
    Some(match w {
        "statement" | "statements" | "communique" | "communiqué" | "release" => {
            MediumType::Statement
        }
        "interview" | "interviews" => MediumType::Interview,
        "tweet" | "tweets" | "twitter" | "facebook" | "instagram" | "tiktok" | "weibo"
        | "linkedin" | "bluesky" => MediumType::SocialMedia,
        "threads" | "truth" | "x" if on => MediumType::SocialMedia,
        "post" | "posts" if !on => MediumType::SocialMedia,
        "letter" | "letters" | "email" | "emails" | "e-mail" | "memo" => MediumType::Letter,
        "briefing" | "telecon" => MediumType::PressConference,
        "testimony" | "hearing" | "deposition" => MediumType::Testimony,
        "filing" | "filings" | "lawsuit" | "complaint" => MediumType::CourtFiling,
        "podcast" | "radio" | "television" | "tv" | "broadcast" | "programme" => {
            MediumType::Broadcast
        }
        "show" | "cnn" | "msnbc" | "fox" | "bbc" | "npr" | "abc" | "cbs" | "nbc" | "air" if on => {
            MediumType::Broadcast
        }
        "op-ed" | "article" | "column" | "book" | "blog" | "essay" | "newsletter" | "paper"
        | "report" | "memoir" => MediumType::Publication,
        "speech" | "rally" | "meeting" | "event" | "address" | "remarks" | "summit"
        | "ceremony" | "debate" | "video" => MediumType::Other,
        _ => return None,
    })
}
