//! What an extraction finds in an article: statements with their spans and speakers, and the
//! entities the speakers resolve to.
//!
//! Every offset here counts Unicode code points (chars) into the input text exactly as it was
//! given, end exclusive: the convention of PolNeAR's BRAT files and of BBC R&D's Citron JSON.

use serde::{Deserialize, Serialize};

/// A stretch of the input text. `start`/`end` are char offsets, end exclusive, and `text` is
/// always exactly the input's chars `start..end`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The first char of the span.
    pub start: usize,
    /// The char after the span's last.
    pub end: usize,
    /// The chars `start..end` of the text.
    pub text: String,
}

/// How a statement is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    /// The content is wholly quoted: “…,” she said.
    Direct,
    /// A reported clause with a quoted part: vowed to “support Ukraine”.
    Mixed,
    /// Reported speech with no quotation marks: X stated that …
    Indirect,
}

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person, named or described ("Mark Rutte", "a senior official").
    Person,
    /// A company, party, ministry, newspaper, agency …
    Organisation,
    /// A country, city or its government ("Ukraine has firmly maintained …").
    Place,
    /// An unnamed or collective group ("analysts", "foreign ministers").
    Group,
}

/// One attributed statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Direct, mixed or indirect.
    pub kind: StatementKind,
    /// The words that signal the attribution (said, according to, a colon …). The extractor
    /// always finds one; `None` is for other systems' predictions read back for scoring.
    pub cue: Option<Span>,
    /// What was said; a quote interrupted by its cue (“…,” he said, “…”) has two contents, and
    /// a quoted paragraph with no cue of its own that continues the statement adds another.
    pub contents: Vec<Span>,
    /// The mentions of who said it, as written ("He", "The NATO leader").
    pub sources: Vec<Span>,
    /// The resolved speaker: the first of `speakers`, or `None` when nothing in the article
    /// supports any speaker.
    pub speaker: Option<Speaker>,
    /// Every resolved speaker, for statements made jointly ("both Sir Keir and President Macron").
    pub speakers: Vec<Speaker>,
    /// What the attribution reports: something said or written, a thought, or a finding.
    pub act: Act,
    /// To whom it was said ("told the Financial Times", "in a letter to the board"), when the
    /// text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addressee: Option<Addressee>,
    /// Through what it was said ("in a statement", "on Twitter", "told the committee"), when
    /// the text gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium: Option<Medium>,
    /// How likely the statement is to be right, in [0, 1]: an attributed statement with the
    /// right speaker. Calibrated, so that of the statements given about p, about a share p are
    /// right on the news the calibration was measured on.
    pub confidence: f64,
    /// Who the speaker is as a voice in the news (anonymous or not, what kind of speaker, the
    /// gender the article gives them) and when the statement was made.
    #[serde(flatten)]
    pub voice: Voice,
}

/// A statement's speaker as coverage counts them (who gets quoted): every field is decided
/// from what the article itself says, never from outside knowledge or name lists.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voice {
    /// Whether the article deliberately leaves the speaker unnamed ("a person familiar with
    /// the matter", "officials who spoke on condition of anonymity", "sources said").
    #[serde(default)]
    pub anonymous: bool,
    /// What kind of speaker it is, from the speaker's roles, description and type.
    #[serde(default)]
    pub speaker_category: SpeakerCategory,
    /// The speaker's gender as the article states it (see [`Entity::gender`]).
    #[serde(default)]
    pub speaker_gender: Gender,
    /// When the statement was made, when the text says ("said on Tuesday", "told reporters
    /// last week"); absent when it does not, and then the article's date is the best bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_at: Option<SaidAt>,
}

/// When a statement was made, as the text says it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaidAt {
    /// The time expression ("on Tuesday", "last week", "Nov. 5").
    pub span: Span,
    /// The first day it names (`YYYY-MM-DD`, UTC), when the expression or the article's date
    /// fixes it: "on Tuesday" needs the article's date, "November 18, 2019" does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The last day it names: the same day for "on Tuesday", Sunday for "last week".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// What kind of speaker someone is, for counting who gets quoted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerCategory {
    /// Elected officials and candidates, ministers, heads of state, parties.
    Politician,
    /// Civil servants, diplomats, military, police; government bodies and agencies.
    GovernmentOfficial,
    /// Anyone speaking as a spokesperson or representative for someone else.
    Spokesperson,
    /// Academics, analysts, researchers, doctors; universities and institutes.
    Expert,
    /// Executives, company staff, companies, investors.
    Business,
    /// Lawyers, judges, prosecutors, courts.
    Legal,
    /// NGOs, charities, unions, activists.
    Advocate,
    /// People speaking for themselves: residents, witnesses, voters, fans, athletes, artists.
    Public,
    /// Journalists, outlets, news agencies.
    Media,
    /// Any other organisation.
    Organisation,
    /// Nobody is given, or the article does not say what the speaker is.
    #[default]
    Unknown,
}

impl SpeakerCategory {
    /// Every category, in the order above.
    pub const ALL: [SpeakerCategory; 11] = [
        SpeakerCategory::Politician,
        SpeakerCategory::GovernmentOfficial,
        SpeakerCategory::Spokesperson,
        SpeakerCategory::Expert,
        SpeakerCategory::Business,
        SpeakerCategory::Legal,
        SpeakerCategory::Advocate,
        SpeakerCategory::Public,
        SpeakerCategory::Media,
        SpeakerCategory::Organisation,
        SpeakerCategory::Unknown,
    ];

    /// The name used in JSON, tables, the index and the API.
    pub fn name(self) -> &'static str {
        match self {
            SpeakerCategory::Politician => "politician",
            SpeakerCategory::GovernmentOfficial => "government_official",
            SpeakerCategory::Spokesperson => "spokesperson",
            SpeakerCategory::Expert => "expert",
            SpeakerCategory::Business => "business",
            SpeakerCategory::Legal => "legal",
            SpeakerCategory::Advocate => "advocate",
            SpeakerCategory::Public => "public",
            SpeakerCategory::Media => "media",
            SpeakerCategory::Organisation => "organisation",
            SpeakerCategory::Unknown => "unknown",
        }
    }

    /// The category with this name ([`SpeakerCategory::name`]; a space may stand for the
    /// underscore).
    pub fn from_name(name: &str) -> Option<SpeakerCategory> {
        let name = name.trim().replace(' ', "_");
        SpeakerCategory::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// A speaker's gender as the article states it: from pronouns that refer to them, honorifics
/// (Mr, Ms, Mrs) and gendered nouns (spokeswoman, father), never from a first name.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// The article refers to the speaker as a woman.
    Female,
    /// The article refers to the speaker as a man.
    Male,
    /// The article says nothing either way, or its evidence disagrees.
    #[default]
    Unknown,
}

impl Gender {
    /// The name used in JSON, tables, the index and the API.
    pub fn name(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Unknown => "unknown",
        }
    }

    /// The gender with this name ([`Gender::name`]).
    pub fn from_name(name: &str) -> Option<Gender> {
        [Gender::Female, Gender::Male, Gender::Unknown]
            .into_iter()
            .find(|g| g.name() == name.trim())
    }
}

/// What kind of act an attribution reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Act {
    /// Spoken or written: said, told, wrote, tweeted, announced, according to.
    #[default]
    Speech,
    /// A mental state: believes, hopes, expects, wants, fears.
    Thought,
    /// Findings of documents, studies and polls; perceptions.
    Other,
}

/// To whom a statement was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Addressee {
    /// The words naming the addressee ("the Financial Times", "reporters").
    pub span: Span,
    /// The addressee as an index keys it: the span without a leading article ("Financial
    /// Times").
    pub name: String,
}

/// The channel a statement was made through.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Medium {
    /// The words naming the channel ("in a statement", "on Twitter"); `None` when only the
    /// cue gives it ("testified", "told the committee").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// What kind of channel it is.
    #[serde(rename = "type")]
    pub medium_type: MediumType,
}

/// What kind of channel a statement was made through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediumType {
    /// A written or read statement, a press release.
    Statement,
    /// An interview given to an outlet.
    Interview,
    /// A post on a social network: a tweet, a Facebook or Instagram post.
    SocialMedia,
    /// A letter or an email.
    Letter,
    /// A press conference, briefing or news conference.
    PressConference,
    /// Testimony to a committee, a court or a hearing.
    Testimony,
    /// A court filing, a lawsuit, a complaint.
    CourtFiling,
    /// On air: television, radio, a podcast.
    Broadcast,
    /// An article, book, report or blog post the speaker wrote.
    Publication,
    /// Any other channel the text names (a speech, a rally, a meeting).
    Other,
}

/// A statement's speaker: an entity of the article, summarised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    /// Index into the extraction's `entities`.
    pub entity: usize,
    /// The entity's name ([`Entity::name`]).
    pub name: String,
    /// The entity's type.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// The entity's roles ([`Entity::roles`]).
    pub roles: Vec<String>,
}

/// A person, organisation, place or group that the article mentions as a speaker or as a
/// speaker's antecedent, with every mention linked to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its index in the extraction's `entities`.
    pub id: usize,
    /// The fullest proper name in the entity's chain ("Mark Rutte"), or its description when the
    /// article never names it ("a US-based think tank").
    pub name: String,
    /// What kind of thing it is.
    #[serde(rename = "type")]
    pub entity_type: EntityType,
    /// Roles and titles the article gives it ("NATO Secretary General").
    pub roles: Vec<String>,
    /// Every mention of it in the text, in order.
    pub mentions: Vec<Span>,
    /// Its gender as the article states it; `unknown` for anything but a person.
    #[serde(default, skip_serializing_if = "is_unknown")]
    pub gender: Gender,
    /// The words that state its gender ("He", "Mr. Putin", "spokeswoman"), in text order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gender_evidence: Vec<Span>,
}

fn is_unknown(gender: &Gender) -> bool {
    *gender == Gender::Unknown
}

/// Everything extracted from one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The statements, in text order.
    pub statements: Vec<Statement>,
    /// The entities that speakers and their mentions resolve to.
    pub entities: Vec<Entity>,
}

impl Statement {
    /// The content as one text: its spans (“…,” he said, “…” has two) joined by ` … `, as
    /// the statements table and the index keep it.
    pub fn content_text(&self) -> String {
        let parts: Vec<&str> = self.contents.iter().map(|s| s.text.as_str()).collect();
        parts.join(" … ")
    }
}

impl StatementKind {
    /// The kind as the outputs name it: "direct", "mixed", "indirect".
    pub fn name(self) -> &'static str {
        match self {
            StatementKind::Direct => "direct",
            StatementKind::Mixed => "mixed",
            StatementKind::Indirect => "indirect",
        }
    }

    /// The kind a name says, as [`StatementKind::name`] gives it.
    pub fn from_name(name: &str) -> Option<StatementKind> {
        [
            StatementKind::Direct,
            StatementKind::Mixed,
            StatementKind::Indirect,
        ]
        .into_iter()
        .find(|kind| kind.name() == name)
    }
}

impl Act {
    /// Every act, in the order the outputs list them.
    pub const ALL: [Act; 3] = [Act::Speech, Act::Thought, Act::Other];

    /// The act as the outputs name it: "speech", "thought", "other".
    pub fn name(self) -> &'static str {
        match self {
            Act::Speech => "speech",
            Act::Thought => "thought",
            Act::Other => "other",
        }
    }

    /// The act a name says, as [`Act::name`] gives it.
    pub fn from_name(name: &str) -> Option<Act> {
        Act::ALL.into_iter().find(|act| act.name() == name)
    }
}

impl MediumType {
    /// Every medium type, in the order the outputs list them.
    pub const ALL: [MediumType; 10] = [
        MediumType::Statement,
        MediumType::Interview,
        MediumType::SocialMedia,
        MediumType::Letter,
        MediumType::PressConference,
        MediumType::Testimony,
        MediumType::CourtFiling,
        MediumType::Broadcast,
        MediumType::Publication,
        MediumType::Other,
    ];

    /// The type as the outputs name it: "statement", "social_media", "press_conference" …
    pub fn name(self) -> &'static str {
        match self {
            MediumType::Statement => "statement",
            MediumType::Interview => "interview",
            MediumType::SocialMedia => "social_media",
            MediumType::Letter => "letter",
            MediumType::PressConference => "press_conference",
            MediumType::Testimony => "testimony",
            MediumType::CourtFiling => "court_filing",
            MediumType::Broadcast => "broadcast",
            MediumType::Publication => "publication",
            MediumType::Other => "other",
        }
    }

    /// The type a name says, as [`MediumType::name`] gives it; a space or a hyphen may stand
    /// for the underscore ("social media").
    pub fn from_name(name: &str) -> Option<MediumType> {
        let name = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        MediumType::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl EntityType {
    /// The type as the outputs name it: "person", "organisation", "place", "group".
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organisation => "organisation",
            EntityType::Place => "place",
            EntityType::Group => "group",
        }
    }
}
