//! The extractor's rules, each named and each switchable.
//!
//! The learned labeller marks source, cue and content spans; turning those into statements and
//! their speakers into entities takes a core (a cue's statement from its labelled spans, its
//! source as its subject or the nearest labelled source, a name, pronoun or description
//! resolved to an entity) and, layered on it, some forty hand-written conventions: drop
//! speculation, "according to X" names the source, "he" prefers
//! the last speaker, and so on. Each convention is a [`Rule`].
//!
//! Rules are switchable so that each can be measured: `whosaid eval --cv` runs a
//! cross-validated ablation over PolNeAR train, extracting with every rule and with each rule
//! switched off ([`Extractor::with_rules`](crate::Extractor::with_rules)), and a rule that does
//! not pay is dropped. A switched-off rule is as if it were not there: a pass is skipped, a
//! branch is not taken. The default, [`Rules::all`], is the extractor as it ships.
//!
//! A new rule gets a variant here (its name is part of the command line, `whosaid extract
//! --without-rules`, so names never change once given), a check of
//! `rules.contains(Rule::…)` where it runs, and a row in `tests/rules.rs` with a text whose
//! extraction changes when it alone is switched off.

use std::fmt;

/// Which part of the extraction a rule changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Finding statements: their cues, contents and source mentions (what PolNeAR's span
    /// scorer measures).
    Statements,
    /// Resolving source mentions to speakers (what the news scorer measures).
    Speakers,
}

impl Stage {
    /// The stage's name, as `whosaid extract --list-rules` prints it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Statements => "statements",
            Stage::Speakers => "speakers",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Declares [`Rule`] and its table of names, stages and descriptions in one place, so that a
/// variant cannot lack any of them.
macro_rules! rules {
    ($($variant:ident => ($name:literal, $stage:ident, $description:literal),)+) => {
        /// One convention of the extractor, which can be switched off (see the [module
        /// documentation](self)).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = $description]
                $variant,
            )+
        }

        impl Rule {
            /// Every rule, in the order the extractor applies them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)+];

            /// The rule's name: kebab-case, stable (the command line takes it).
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)+
                }
            }

            /// The convention the rule implements, in one line.
            pub fn description(self) -> &'static str {
                match self {
                    $(Rule::$variant => $description,)+
                }
            }

            /// The part of the extraction the rule changes.
            pub fn stage(self) -> Stage {
                match self {
                    $(Rule::$variant => Stage::$stage,)+
                }
            }
        }
    };
}

rules! {
    // Statements: which labelled spans count.
    ReopenedQuoteToPreviousCue => ("reopened-quote-to-previous-cue", Statements,
        "A quote that reopens a paragraph with no cue goes to the last cue of the paragraph before."),
    // Statements: the labelled pass's rules, in order.
    FurnitureAttributesNothing => ("furniture-attributes-nothing", Statements,
        "Past the first paragraph (the headline), a paragraph that does not end like a sentence (a caption, a link list) attributes nothing."),
    DropNamingCues => ("drop-naming-cues", Statements,
        "A naming cue (\"nicknamed\", \"known as\") names, it does not report: no statement."),
    DropCalledNames => ("drop-called-names", Statements,
        "\"a poem called “Winter Solstice”\", \"the book was called …\": the participle names, it does not report: no statement."),
    DropSpeculation => ("drop-speculation", Statements,
        "A cue under \"may\", \"might\", \"will\" or \"could\" is the author's speculation: no statement."),
    DropCuesThatDoNotReport => ("drop-cues-that-do-not-report", Statements,
        "A cue with no verb, reporting verb, \"according to\", colon or dash is no statement."),
    DropCuesWithoutAttributionWord => ("drop-cues-without-attribution-word", Statements,
        "A cue with no word of saying, thinking or finding (\"hitting\", \"creating\", \"decided to\") reports an event: no statement."),
    DropReferringCues => ("drop-referring-cues", Statements,
        "\"referring to the gas company\", \"One Home Depot refers to investments\": referring to something names it; it says nothing."),
    DropThatIsToSay => ("drop-that-is-to-say", Statements,
        "\"Which is not to say that …\", \"What it is to say is that …\": the idiom is the writer's own voice."),
    DropTopicCues => ("drop-topic-cues", Statements,
        "A cue ending in \"about\" (\"talked about\", \"questions about\", \"mixed signals about\") gives a topic, not what was said: no statement."),
    DropObjectsWithoutSaying => ("drop-objects-without-saying", Statements,
        "A cue whose content is a bare noun phrase (\"observed Europa for 17 nights\", \"found signs of\") reports a statement only with a word of saying."),
    DropCuesInsideReportedContent => ("drop-cues-inside-reported-content", Statements,
        "A cue inside what an earlier cue reported after it is part of that report."),
    AccordingToSource => ("according-to-source", Statements,
        "The source of \"according to\" is the noun phrase after it, ending at its comma."),
    SpeakerAfterQuote => ("speaker-after-quote", Statements,
        "\"“…,” Lucas Paganini, a planetary scientist at … and …, said\": the phrase between a quotation and its cue is the source, however long."),
    InvertedCueSource => ("inverted-cue-source", Statements,
        "\"X, says Buser, is Y\", \"X, said Mark Quinlan.\": the noun phrase after an inverted cue is its source, and the clauses around it its content."),
    PassiveAgentSource => ("passive-agent-source", Statements,
        "The source of a passive cue followed by \"by\" is its agent."),
    RaisedSubjectIsNotSource => ("raised-subject-is-not-source", Statements,
        "\"The minister is reported to have resigned\": the subject of a passive word of saying before \"to\" is what was said about, not who said it."),
    DropGenericYou => ("drop-generic-you", Statements,
        "\"you feel\", \"you'll want\" in the writer's own words address the reader: no statement."),
    DropWriterFirstPerson => ("drop-writer-first-person", Statements,
        "\"I wrote a long rant\", \"we think\" in the writer's own words are the article's voice, not a statement it reports."),
    ParsedSubject => ("parsed-subject", Statements,
        "A cue whose subject the word patterns do not find takes its subject in the dependency parse."),
    SubjectOverRelativePronoun => ("subject-over-relative-pronoun", Statements,
        "A labelled \"who\" between a subject and its cue is a relative clause's: the subject speaks."),
    NextParagraphAfterColon => ("next-paragraph-after-colon", Statements,
        "A cue closing its paragraph with a colon (\"X continued:\") reports the next paragraph."),
    AddClauseBeforeInterposedCue => ("add-clause-before-interposed-cue", Statements,
        "\"X, Mr. Okafor said, until Y\" with only Y labelled: X is reported too."),
    ReportClausesAroundInterposedCue => ("report-clauses-around-interposed-cue", Statements,
        "An interposed cue with no labelled content reports the clauses before and after it."),
    ReportClauseBeforeClosingCue => ("report-clause-before-closing-cue", Statements,
        "A closing cue (\"…, Mr. Okafor said.\") with no labelled content reports the clause before it."),
    ReportClauseAfterAccordingTo => ("report-clause-after-according-to", Statements,
        "\"According to X,\" with no labelled content reports the rest of its sentence."),
    ReportClauseAfterColon => ("report-clause-after-colon", Statements,
        "\"Said Ellis:\" with no labelled content reports what follows the colon."),
    AccordingToADocumentAfterACue => ("according-to-a-document-after-a-cue", Statements,
        "\"“…,” he told settler leaders, according to a statement.\": a closing \"according to\" a document after the sentence's own cue says where the words were given, and reports nothing of its own."),
    CueAfterClosedQuote => ("cue-after-closed-quote", Statements,
        "\"“…,” he said, including …\" labelled as one content: the quotation is the content, \"said\" its cue and \"he\" its source."),
    DropStatementsInsideReportedClause => ("drop-statements-inside-reported-clause", Statements,
        "Statements the labeller found inside a clause an unlabelled cue reports are part of it."),
    CutPassiveAgentFromContent => ("cut-passive-agent-from-content", Statements,
        "\"was criticized | by the union as …\": the agent is cut from the content."),
    NoSpeakerForImpressions => ("no-speaker-for-impressions", Statements,
        "\"X seems to be\", \"is expected to\": an impression has no source."),
    DropInfinitivesWithoutSource => ("drop-infinitives-without-source", Statements,
        "An infinitive cue with nobody to say it (\"to discuss\") is a purpose: no statement."),
    DropUnsourcedWithoutSaying => ("drop-unsourced-without-saying", Statements,
        "A reported statement with no source and no word of saying (\"seems\", \"is expected\", \"Remember\") is the writer's own: no statement."),
    TrimClosingPunctuation => ("trim-closing-punctuation", Statements,
        "A comma or dash closing a source belongs to the appositive, not the speaker."),
    KeepRelativePronounAlone => ("keep-relative-pronoun-alone", Statements,
        "A source that is \"who\" and its clause's verb is the pronoun alone."),
    // Statements: the passes after the labelled one.
    ReportedlyAttributes => ("reportedly-attributes", Statements,
        "\"GateHouse reportedly laid off 60 employees\": \"reportedly\" attributes its clause to unnamed reports."),
    SpeakerLabels => ("speaker-labels", Statements,
        "Transcript labels (\"COLE: …\", \"Q: …\") give the paragraph's speaker."),
    AnswersNeedNoFullStop => ("answers-need-no-full-stop", Statements,
        "A transcript's \"Q:\" and \"A:\" turns are spoken even when they do not end like a sentence (\"A: Trip to Disney World\")."),
    LabelsMustRecur => ("labels-must-recur", Statements,
        "Speaker labels are a transcript's when one comes back or they are capitals (\"COLE:\", \"Q:\"): else they head a list's entries."),
    NewsroomNotesAreNotSpeakers => ("newsroom-notes-are-not-speakers", Statements,
        "\"CORRECTION:\", \"Contributing:\" open newsroom notes, not a speaker's words."),
    DatelinesAreNotSpeakers => ("datelines-are-not-speakers", Statements,
        "A dateline (\"NEW DELHI: …\", \"HANOI, Vietnam (AP) —\") opens a dispatch from a place: no speaker, and no part of a source."),
    StatementsInsideSignedParagraphs => ("statements-inside-signed-paragraphs", Statements,
        "\"Google says the controller will …\" inside a review excerpt signed \"[ CNBC ]\" is Google's statement inside CNBC's, not swallowed by it."),
    NestedQuotes => ("nested-quotes", Statements,
        "\"“And I said, ‘I want more.’”\": a quotation inside a quotation, after a word of saying and its subject, is a statement of its own, and \"I\" there is whoever speaks the outer one."),
    SignedParagraphs => ("signed-paragraphs", Statements,
        "Paragraphs above a signature (\"— Name (@handle) date\", \"– Ann Lee\") are that name's words."),
    BracketedSignatures => ("bracketed-signatures", Statements,
        "\"[ Tom's Guide ]\" under an excerpt signs it: the paragraph above is that outlet's words."),
    QuoteContinuations => ("quote-continuations", Statements,
        "A quoted paragraph with no cue continues the quoting statement of the paragraph before."),
    QuotesAfterReportedSpeech => ("quotes-after-reported-speech", Statements,
        "\"Erekat said it was only the latest move …\" then a quoted paragraph with no cue: the quote is the same speaker's statement of its own."),
    // Speakers: a source mention's parts.
    InterviewLabels => ("interview-labels", Speakers,
        "\"Q:\" and \"A:\" stand for the interviewer and interviewee the introduction names."),
    InterviewerWe => ("interviewer-we", Speakers,
        "\"we\" in a transcript's introduction is the interviewer."),
    AppositiveNamesSpeaker => ("appositive-names-speaker", Speakers,
        "\"the NATO leader, Mark Rutte\": the name in the appositive is the speaker."),
    AppositiveGivesRole => ("appositive-gives-role", Speakers,
        "A source's appositive (\"Rutte, the former prime minister\") gives the speaker a role."),
    OrganisationByDescription => ("organisation-by-description", Speakers,
        "A name described by an organisation's noun (\"Big Machine, the label\") is an organisation."),
    PersonBeforePreposition => ("person-before-preposition", Speakers,
        "\"Dr. Jane Roe of the Health Department\": the person speaks, not the department."),
    OrganisationBeforePlace => ("organisation-before-place", Speakers,
        "\"the CDC in the US\": the organisation speaks, not the place."),
    NameAfterPrepositionIsNotSpeaker => ("name-after-preposition-is-not-speaker", Speakers,
        "\"a spokesperson for the Foreign Office\": the noun before the preposition speaks."),
    ConjoinedSpeakers => ("conjoined-speakers", Speakers,
        "\"Sir Keir and President Macron\": each conjunct is a speaker."),
    PossessorSpeaks => ("possessor-speaks", Speakers,
        "\"Mr. Smith's\", \"The Wrap's report\": the possessor is the speaker."),
    DocumentSpeaksForAuthor => ("document-speaks-for-author", Speakers,
        "\"a report from InfoNation\", \"who co-authored a paper\": the document's author speaks."),
    // Speakers: pronouns.
    RelativeThatAntecedent => ("relative-that-antecedent", Speakers,
        "A relative \"that\" source is its named antecedent, or nobody."),
    RelativeWhoDescription => ("relative-who-description", Speakers,
        "\"analysts who say\": a \"who\" after an unnamed noun phrase is that description."),
    ItMakesAnOrganisation => ("it-makes-an-organisation", Speakers,
        "\"Boeing said … it said\": \"it\" may refer to a one-word name nothing shows to be a person's, which makes it an organisation."),
    PronounPrefersLastSpeaker => ("pronoun-prefers-last-speaker", Speakers,
        "A pronoun prefers an antecedent that was a speaker."),
    PronounAvoidsPeopleTalkedAbout => ("pronoun-avoids-people-talked-about", Speakers,
        "A pronoun disfavours people mentioned only inside someone's words."),
    // Speakers: descriptions.
    LoneProperNounIsAName => ("lone-proper-noun-is-a-name", Speakers,
        "A lone proper noun source the name finder left alone names an entity of its own."),
    DescriptionCore => ("description-core", Speakers,
        "\"A spokesperson who did not wish to be named\": a description is its noun phrase without the clause after it, and names its speaker without the article (\"spokesperson\")."),
    DescriptionMatchesRole => ("description-matches-role", Speakers,
        "\"the NATO leader\" is the earlier entity whose roles share its words."),
    DescriptionPlaceMustMatch => ("description-place-must-match", Speakers,
        "A description naming a place (\"the French ministry\") refers only to that place's entity."),
    PersonAnaphor => ("person-anaphor", Speakers,
        "\"the singer said\" with no matching role is the person a pronoun there would be."),
    OrganisationAnaphor => ("organisation-anaphor", Speakers,
        "\"the company said\" with no matching role is the organisation \"it\" there would be."),
    CataphoricName => ("cataphoric-name", Speakers,
        "A description the next sentence's subject names is that name."),
    // Speakers: names.
    SurnameOpeningAClause => ("surname-opening-a-clause", Speakers,
        "A known person's surname opening a clause (\"Young, in his testimony,\") is a name."),
    PersonOfAPlace => ("person-of-a-place", Speakers,
        "\"Rosa Diaz of California\" is Rosa Diaz, not one name with the place."),
    PersonOfAnOrganisation => ("person-of-an-organisation", Speakers,
        "\"Penelope Muse Abernathy of the University of North Carolina\" is the person, not one name with the organisation."),
    FirstNameGender => ("first-name-gender", Speakers,
        "\"Emily Maitlis\": a first name that names one gender tells which pronouns can refer to her."),
    AmpersandJoinsNames => ("ampersand-joins-names", Speakers,
        "\"Pacific Gas & Electric Co.\" is one name, and \"PG&E\" its acronym."),
    AcronymLinksFullName => ("acronym-links-full-name", Speakers,
        "An acronym and the name whose initials spell it (\"EU\", \"European Union\") are one entity."),
    ReportInAPublication => ("report-in-a-publication", Speakers,
        "\"a report in the Argus Leader\": a document in a named publication speaks for it."),
    DocumentNamedBefore => ("document-named-before", Speakers,
        "\"The report says\" after \"a report by the Urban Institute\": the document speaks for the author the article gave it."),
    AttributiveNamesTakeNoRole => ("attributive-names-take-no-role", Speakers,
        "\"a former NASA astronaut\": a name before a common noun modifies it, and \"former\" is no title of the name's (no person \"NASA\")."),
    AcronymOpensAnotherName => ("acronym-opens-another-name", Speakers,
        "\"a VW Atlas Cross Sport SUV\", \"VOA Pentagon correspondent\": an acronym before other capitalised words names its own organisation, and the words after it something else."),
    TitleModifiersNeedAHead => ("title-modifiers-need-a-head", Speakers,
        "\"Home Depot\", \"Health Canada\": a word that only modifies a title (\"Home Secretary\", \"Health Minister\") is no role without one after it."),
    AcronymClosesAProductName => ("acronym-closes-a-product-name", Speakers,
        "\"a compatible Samsung TV\", \"Jane Roe MP\": an acronym closing a name names a product or a post; the words before it are the name."),
    AndJoinsAnAcronymsName => ("and-joins-an-acronyms-name", Speakers,
        "\"Customs and Border Protection\" is one name when the article writes its initials (\"CBP\")."),
    ShortNameOfAnOrganisation => ("short-name-of-an-organisation", Speakers,
        "\"McClatchy said\" after \"McClatchy Co.\": one word of an organisation's name is that organisation, not a new speaker taken for a person."),
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Rule {
    /// The rule named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|rule| rule.name() == name)
    }

    fn bit(self) -> u128 {
        1 << (self as u32)
    }
}

// A `Rules` set is one u128: a rule past the 128th needs a wider set.
const _: () = assert!(Rule::ALL.len() <= 128);

/// A set of rules: those the extractor applies. Small and `Copy`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rules {
    bits: u128,
}

impl Rules {
    /// Every rule: the extractor as it ships.
    pub fn all() -> Rules {
        Rules {
            bits: Rule::ALL.iter().fold(0, |bits, rule| bits | rule.bit()),
        }
    }

    /// No rule: the core alone.
    pub fn none() -> Rules {
        Rules { bits: 0 }
    }

    /// This set without `rule`.
    pub fn without(self, rule: Rule) -> Rules {
        Rules {
            bits: self.bits & !rule.bit(),
        }
    }

    /// This set without any rule of `other`: the rules that apply when `other` is switched
    /// off (`--without-rules`).
    pub fn except(self, other: Rules) -> Rules {
        Rules {
            bits: self.bits & !other.bits,
        }
    }

    /// This set with `rule`.
    pub fn with(self, rule: Rule) -> Rules {
        Rules {
            bits: self.bits | rule.bit(),
        }
    }

    /// Whether the set holds `rule`.
    pub fn contains(self, rule: Rule) -> bool {
        self.bits & rule.bit() != 0
    }

    /// The rules of the set, in [`Rule::ALL`]'s order.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL
            .iter()
            .copied()
            .filter(move |&rule| self.contains(rule))
    }

    /// The rules a comma-separated list names ("drop-speculation,speaker-labels"; spaces
    /// around names and empty items are ignored). An unknown name is an error that names it
    /// and lists the valid ones.
    pub fn from_names(names: &str) -> Result<Rules, UnknownRule> {
        let mut rules = Rules::none();
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match Rule::from_name(name) {
                Some(rule) => rules = rules.with(rule),
                None => {
                    return Err(UnknownRule {
                        name: name.to_owned(),
                    })
                }
            }
        }
        Ok(rules)
    }

    /// The names of the set's rules, comma-separated: what [`Rules::from_names`] reads.
    pub fn names(self) -> String {
        self.iter().map(Rule::name).collect::<Vec<_>>().join(",")
    }
}

/// Which attributions count: a corpus's annotation convention, which decides the rules that
/// apply. The rules of the other stages are the same in both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Convention {
    /// The statements a reader of the news wants (`docs/news-annotation.md`): attributions of
    /// saying, thinking and finding, not events. What whosaid ships and the default.
    #[default]
    News,
    /// PolNeAR's: every attribution of a source's stance, however it is worded ("mocked",
    /// "reserved his passion for", "don't like"). What PolNeAR scores and the labeller
    /// learned; for research that follows PolNeAR.
    PolNear,
}

impl Convention {
    /// Both conventions.
    pub const ALL: [Convention; 2] = [Convention::News, Convention::PolNear];

    /// The convention's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Convention::News => "news",
            Convention::PolNear => "polnear",
        }
    }

    /// The convention named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Convention> {
        Convention::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The rules that apply under the convention: every rule under [`Convention::News`];
    /// under [`Convention::PolNear`], all but those of the news convention alone
    /// ([`Rule::news_only`]).
    pub fn rules(self) -> Rules {
        match self {
            Convention::News => Rules::all(),
            Convention::PolNear => Rule::ALL
                .iter()
                .filter(|rule| !rule.news_only())
                .fold(Rules::none(), |rules, &rule| rules.with(rule)),
        }
    }
}

impl fmt::Display for Convention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Rule {
    /// Whether the rule belongs to the news convention alone: it drops what PolNeAR annotates
    /// as an attribution and a reader of the news does not want as a statement.
    pub fn news_only(self) -> bool {
        matches!(
            self,
            Rule::DropCuesWithoutAttributionWord
                | Rule::DropGenericYou
                | Rule::LabelsMustRecur
                | Rule::DropUnsourcedWithoutSaying
                | Rule::DropTopicCues
                | Rule::DropReferringCues
                | Rule::DropThatIsToSay
                | Rule::DropCalledNames
                | Rule::DropObjectsWithoutSaying
                | Rule::DropWriterFirstPerson
                | Rule::AccordingToADocumentAfterACue
                | Rule::NestedQuotes
                | Rule::StatementsInsideSignedParagraphs
                | Rule::QuotesAfterReportedSpeech
        )
    }
}

impl Default for Rules {
    fn default() -> Rules {
        Rules::all()
    }
}

impl fmt::Debug for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(Rule::name)).finish()
    }
}

/// A rule name that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule {
    /// The name as given.
    pub name: String,
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let valid: Vec<&str> = Rule::ALL.iter().map(|rule| rule.name()).collect();
        write!(
            f,
            "unknown rule {:?}; the rules are: {}",
            self.name,
            valid.join(", ")
        )
    }
}

impl std::error::Error for UnknownRule {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for &rule in Rule::ALL {
            assert!(seen.insert(rule.name()), "{} twice", rule.name());
            assert!(
                rule.name()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name()
            );
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
            assert!(!rule.description().is_empty());
        }
        assert_eq!(Rules::from_names(&Rules::all().names()), Ok(Rules::all()));
    }

    #[test]
    fn a_set_holds_what_it_was_given() {
        let all = Rules::all();
        assert_eq!(all.iter().count(), Rule::ALL.len());
        let without = all.without(Rule::DropSpeculation);
        assert!(!without.contains(Rule::DropSpeculation));
        assert!(without.contains(Rule::DropNamingCues));
        assert_eq!(without.iter().count(), Rule::ALL.len() - 1);
        assert_eq!(without.with(Rule::DropSpeculation), all);
        assert_eq!(Rules::none().iter().count(), 0);
        let off = Rules::none()
            .with(Rule::DropSpeculation)
            .with(Rule::SpeakerLabels);
        let left = all.except(off);
        assert_eq!(left.iter().count(), Rule::ALL.len() - 2);
        assert!(!left.contains(Rule::SpeakerLabels) && left.contains(Rule::DropNamingCues));
        assert_eq!(all.except(Rules::none()), all);
        assert_eq!(all.except(all), Rules::none());
    }

    #[test]
    fn an_unknown_name_is_an_error_that_names_it_and_the_valid_ones() {
        let err = Rules::from_names("drop-speculation, no-such-rule").unwrap_err();
        assert_eq!(err.name, "no-such-rule");
        let message = err.to_string();
        assert!(message.contains("\"no-such-rule\""), "{message}");
        assert!(message.contains("drop-naming-cues"), "{message}");
        assert_eq!(
            Rules::from_names(" drop-speculation ,,speaker-labels"),
            Ok(Rules::none()
                .with(Rule::DropSpeculation)
                .with(Rule::SpeakerLabels))
        );
        assert_eq!(Rules::from_names(""), Ok(Rules::none()));
    }
}
