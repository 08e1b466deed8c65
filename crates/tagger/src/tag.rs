//! The Penn Treebank tag set as UD English-EWT uses it in its XPOS column.

use std::fmt;
use std::str::FromStr;

/// One Penn Treebank (XPOS) tag, as found in column 5 of UD English-EWT.
///
/// The variant names are the tag strings themselves where Rust allows it (`Tag::NNP`,
/// `Tag::VBD`), so that code reading like the PTB guidelines stays easy to check against them.
/// Punctuation tags get names ([`Tag::Comma`], [`Tag::OpenQuote`] for `` `` ``, …); use
/// [`Tag::as_str`] for the exact PTB string. The discriminant order is part of the model file
/// format: append new variants at the end only.
#[allow(clippy::upper_case_acronyms)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Tag {
    /// `` `` ``: opening quotation mark.
    OpenQuote,
    /// `''`: closing quotation mark.
    CloseQuote,
    /// `,`: comma (EWT also uses it for some dashes, ellipses, slashes and semicolons).
    Comma,
    /// `-LRB-`: opening bracket of any kind.
    LRB,
    /// `-RRB-`: closing bracket of any kind.
    RRB,
    /// `.`: sentence-final punctuation (`.`, `?`, `!`).
    Period,
    /// `:`: colon, semicolon, some dashes and ellipses.
    Colon,
    /// `$`: currency sign.
    Dollar,
    /// `ADD`: e-mail address or URL.
    ADD,
    /// `AFX`: affix written as a separate token (`pre`, `anti` when split off).
    AFX,
    /// `CC`: coordinating conjunction.
    CC,
    /// `CD`: cardinal number.
    CD,
    /// `DT`: determiner.
    DT,
    /// `EX`: existential *there*.
    EX,
    /// `FW`: foreign word.
    FW,
    /// `GW`: "goes with": a fragment of a word split by a space.
    GW,
    /// `HYPH`: hyphen between parts of a word.
    HYPH,
    /// `IN`: preposition or subordinating conjunction.
    IN,
    /// `JJ`: adjective.
    JJ,
    /// `JJR`: comparative adjective.
    JJR,
    /// `JJS`: superlative adjective.
    JJS,
    /// `LS`: list item marker.
    LS,
    /// `MD`: modal verb.
    MD,
    /// `NFP`: superfluous punctuation (emoticons, decorations).
    NFP,
    /// `NN`: singular or mass common noun.
    NN,
    /// `NNP`: singular proper noun.
    NNP,
    /// `NNPS`: plural proper noun.
    NNPS,
    /// `NNS`: plural common noun.
    NNS,
    /// `PDT`: predeterminer (*all* the, *such* a).
    PDT,
    /// `POS`: possessive ending (`'s`, `'`).
    POS,
    /// `PRP`: personal pronoun.
    PRP,
    /// `PRP$`: possessive pronoun.
    PRPS,
    /// `RB`: adverb (and *not*, *n't*).
    RB,
    /// `RBR`: comparative adverb.
    RBR,
    /// `RBS`: superlative adverb.
    RBS,
    /// `RP`: particle.
    RP,
    /// `SYM`: symbol.
    SYM,
    /// `TO`: infinitival *to*.
    TO,
    /// `UH`: interjection.
    UH,
    /// `VB`: verb, base form.
    VB,
    /// `VBD`: verb, past tense.
    VBD,
    /// `VBG`: verb, gerund or present participle.
    VBG,
    /// `VBN`: verb, past participle.
    VBN,
    /// `VBP`: verb, non-3rd person singular present.
    VBP,
    /// `VBZ`: verb, 3rd person singular present.
    VBZ,
    /// `WDT`: wh-determiner.
    WDT,
    /// `WP`: wh-pronoun.
    WP,
    /// `WP$`: possessive wh-pronoun.
    WPS,
    /// `WRB`: wh-adverb.
    WRB,
    /// `XX`: unknown (typos the annotators could not classify). Never predicted by the shipped
    /// model, which saw none in EWT train, but accepted when reading CoNLL-U.
    XX,
}

impl Tag {
    /// Number of tags.
    pub const COUNT: usize = 50;

    /// Every tag, in discriminant order.
    pub const ALL: [Tag; Tag::COUNT] = [
        Tag::OpenQuote,
        Tag::CloseQuote,
        Tag::Comma,
        Tag::LRB,
        Tag::RRB,
        Tag::Period,
        Tag::Colon,
        Tag::Dollar,
        Tag::ADD,
        Tag::AFX,
        Tag::CC,
        Tag::CD,
        Tag::DT,
        Tag::EX,
        Tag::FW,
        Tag::GW,
        Tag::HYPH,
        Tag::IN,
        Tag::JJ,
        Tag::JJR,
        Tag::JJS,
        Tag::LS,
        Tag::MD,
        Tag::NFP,
        Tag::NN,
        Tag::NNP,
        Tag::NNPS,
        Tag::NNS,
        Tag::PDT,
        Tag::POS,
        Tag::PRP,
        Tag::PRPS,
        Tag::RB,
        Tag::RBR,
        Tag::RBS,
        Tag::RP,
        Tag::SYM,
        Tag::TO,
        Tag::UH,
        Tag::VB,
        Tag::VBD,
        Tag::VBG,
        Tag::VBN,
        Tag::VBP,
        Tag::VBZ,
        Tag::WDT,
        Tag::WP,
        Tag::WPS,
        Tag::WRB,
        Tag::XX,
    ];

    /// The tag's position in [`Tag::ALL`]; used to index score arrays.
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The tag at `index` in [`Tag::ALL`], if there is one.
    #[inline]
    pub fn from_index(index: usize) -> Option<Tag> {
        Tag::ALL.get(index).copied()
    }

    /// The PTB string, exactly as written in EWT's XPOS column (`NNP`, `PRP$`, `` `` ``, `-LRB-`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::OpenQuote => "``",
            Tag::CloseQuote => "''",
            Tag::Comma => ",",
            Tag::LRB => "-LRB-",
            Tag::RRB => "-RRB-",
            Tag::Period => ".",
            Tag::Colon => ":",
            Tag::Dollar => "$",
            Tag::ADD => "ADD",
            Tag::AFX => "AFX",
            Tag::CC => "CC",
            Tag::CD => "CD",
            Tag::DT => "DT",
            Tag::EX => "EX",
            Tag::FW => "FW",
            Tag::GW => "GW",
            Tag::HYPH => "HYPH",
            Tag::IN => "IN",
            Tag::JJ => "JJ",
            Tag::JJR => "JJR",
            Tag::JJS => "JJS",
            Tag::LS => "LS",
            Tag::MD => "MD",
            Tag::NFP => "NFP",
            Tag::NN => "NN",
            Tag::NNP => "NNP",
            Tag::NNPS => "NNPS",
            Tag::NNS => "NNS",
            Tag::PDT => "PDT",
            Tag::POS => "POS",
            Tag::PRP => "PRP",
            Tag::PRPS => "PRP$",
            Tag::RB => "RB",
            Tag::RBR => "RBR",
            Tag::RBS => "RBS",
            Tag::RP => "RP",
            Tag::SYM => "SYM",
            Tag::TO => "TO",
            Tag::UH => "UH",
            Tag::VB => "VB",
            Tag::VBD => "VBD",
            Tag::VBG => "VBG",
            Tag::VBN => "VBN",
            Tag::VBP => "VBP",
            Tag::VBZ => "VBZ",
            Tag::WDT => "WDT",
            Tag::WP => "WP",
            Tag::WPS => "WP$",
            Tag::WRB => "WRB",
            Tag::XX => "XX",
        }
    }

    /// The Universal POS tag this XPOS tag most often goes with in EWT.
    ///
    /// The mapping is many-to-many in the treebank (`DT` is DET or PRON, `IN` is ADP or SCONJ,
    /// `VB*` is VERB or AUX, `RB` is ADV or PART), so this is only the usual reading: good for
    /// coarse filters, not for reproducing EWT's UPOS column.
    pub fn upos(self) -> &'static str {
        match self {
            Tag::OpenQuote
            | Tag::CloseQuote
            | Tag::Comma
            | Tag::LRB
            | Tag::RRB
            | Tag::Period
            | Tag::Colon
            | Tag::HYPH
            | Tag::NFP => "PUNCT",
            Tag::Dollar | Tag::SYM => "SYM",
            Tag::ADD | Tag::GW | Tag::LS | Tag::FW | Tag::XX => "X",
            Tag::AFX | Tag::JJ | Tag::JJR | Tag::JJS => "ADJ",
            Tag::CC => "CCONJ",
            Tag::CD => "NUM",
            Tag::DT | Tag::PDT | Tag::WDT => "DET",
            Tag::EX | Tag::PRP | Tag::PRPS | Tag::WP | Tag::WPS => "PRON",
            Tag::IN => "ADP",
            Tag::MD => "AUX",
            Tag::NN | Tag::NNS => "NOUN",
            Tag::NNP | Tag::NNPS => "PROPN",
            Tag::POS | Tag::RP | Tag::TO => "PART",
            Tag::RB | Tag::RBR | Tag::RBS | Tag::WRB => "ADV",
            Tag::UH => "INTJ",
            Tag::VB | Tag::VBD | Tag::VBG | Tag::VBN | Tag::VBP | Tag::VBZ => "VERB",
        }
    }

    /// Any verb form: `VB`, `VBD`, `VBG`, `VBN`, `VBP`, `VBZ`. Modals (`MD`) are not included;
    /// see [`Tag::is_modal`].
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Tag::VB | Tag::VBD | Tag::VBG | Tag::VBN | Tag::VBP | Tag::VBZ
        )
    }

    /// A verb form that can head a finite clause on its own: `VBD`, `VBP`, `VBZ` or `MD`.
    /// Reporting clauses ("she *said*", "he *says*") have one.
    pub fn is_finite_verb(self) -> bool {
        matches!(self, Tag::VBD | Tag::VBP | Tag::VBZ | Tag::MD)
    }

    /// `MD`: *will*, *would*, *can*, *'ll* …
    pub fn is_modal(self) -> bool {
        self == Tag::MD
    }

    /// Any noun: `NN`, `NNS`, `NNP`, `NNPS`.
    pub fn is_noun(self) -> bool {
        matches!(self, Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS)
    }

    /// A common noun: `NN`, `NNS`.
    pub fn is_common_noun(self) -> bool {
        matches!(self, Tag::NN | Tag::NNS)
    }

    /// A proper noun: `NNP`, `NNPS`. Names of people and organisations get these.
    pub fn is_proper_noun(self) -> bool {
        matches!(self, Tag::NNP | Tag::NNPS)
    }

    /// A pronoun of any kind: `PRP`, `PRP$`, `WP`, `WP$`, `EX`.
    pub fn is_pronoun(self) -> bool {
        matches!(self, Tag::PRP | Tag::PRPS | Tag::WP | Tag::WPS | Tag::EX)
    }

    /// A personal pronoun, `PRP` (*he*, *she*, *they*, *it*, *him* …), the usual pronoun
    /// speaker of a reporting clause.
    pub fn is_personal_pronoun(self) -> bool {
        self == Tag::PRP
    }

    /// A possessive: `PRP$`, `WP$` or the `POS` ending.
    pub fn is_possessive(self) -> bool {
        matches!(self, Tag::PRPS | Tag::WPS | Tag::POS)
    }

    /// An adjective: `JJ`, `JJR`, `JJS`.
    pub fn is_adjective(self) -> bool {
        matches!(self, Tag::JJ | Tag::JJR | Tag::JJS)
    }

    /// An adverb: `RB`, `RBR`, `RBS`, `WRB`.
    pub fn is_adverb(self) -> bool {
        matches!(self, Tag::RB | Tag::RBR | Tag::RBS | Tag::WRB)
    }

    /// A determiner: `DT`, `PDT`, `WDT`.
    pub fn is_determiner(self) -> bool {
        matches!(self, Tag::DT | Tag::PDT | Tag::WDT)
    }

    /// A wh-word: `WDT`, `WP`, `WP$`, `WRB`.
    pub fn is_wh(self) -> bool {
        matches!(self, Tag::WDT | Tag::WP | Tag::WPS | Tag::WRB)
    }

    /// A quotation mark: `` `` `` or `''`.
    pub fn is_quote(self) -> bool {
        matches!(self, Tag::OpenQuote | Tag::CloseQuote)
    }

    /// Punctuation: quotes, brackets, `,`, `.`, `:`, `HYPH`, `NFP`.
    pub fn is_punct(self) -> bool {
        self.upos() == "PUNCT"
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The string given to [`Tag::from_str`] is not a tag of the EWT XPOS set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTag(pub String);

impl fmt::Display for UnknownTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown XPOS tag {:?}", self.0)
    }
}

impl std::error::Error for UnknownTag {}

impl FromStr for Tag {
    type Err = UnknownTag;

    /// Parses the exact PTB string (`"NNP"`, `"PRP$"`, `"``"`, `"-LRB-"`).
    fn from_str(s: &str) -> Result<Tag, UnknownTag> {
        Tag::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| UnknownTag(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_is_in_discriminant_order_and_round_trips() {
        for (i, t) in Tag::ALL.iter().enumerate() {
            assert_eq!(t.index(), i);
            assert_eq!(Tag::from_index(i), Some(*t));
            assert_eq!(t.as_str().parse::<Tag>(), Ok(*t));
        }
        assert_eq!(Tag::from_index(Tag::COUNT), None);
        assert!("NNX".parse::<Tag>().is_err());
    }

    #[test]
    fn helpers() {
        assert!(Tag::VBD.is_verb() && Tag::VBD.is_finite_verb());
        assert!(!Tag::VBN.is_finite_verb());
        assert!(Tag::NNP.is_proper_noun() && Tag::NNP.is_noun());
        assert!(Tag::PRP.is_pronoun() && Tag::PRP.is_personal_pronoun());
        assert!(Tag::OpenQuote.is_punct() && Tag::OpenQuote.is_quote());
        assert_eq!(Tag::PRPS.as_str(), "PRP$");
        assert_eq!(Tag::NN.upos(), "NOUN");
    }
}
