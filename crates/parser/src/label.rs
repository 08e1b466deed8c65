//! The dependency relations the parser predicts: UD English-EWT's, subtypes included.

use std::fmt;

/// The names of the relations, in the order of their numbers. Subtypes are kept where EWT
/// uses them (`nsubj:pass`, `obl:agent`, `acl:relcl`): they say what the labeller needs to
/// know (a passive subject is not the speaker; the agent of a passive is).
const NAMES: [&str; DepLabel::COUNT] = [
    "root",
    "punct",
    "case",
    "nsubj",
    "det",
    "advmod",
    "obj",
    "amod",
    "obl",
    "conj",
    "compound",
    "mark",
    "nmod",
    "cc",
    "aux",
    "cop",
    "advcl",
    "nmod:poss",
    "xcomp",
    "ccomp",
    "acl:relcl",
    "flat",
    "parataxis",
    "nummod",
    "appos",
    "acl",
    "aux:pass",
    "nsubj:pass",
    "obl:unmarked",
    "nmod:unmarked",
    "discourse",
    "compound:prt",
    "iobj",
    "list",
    "expl",
    "fixed",
    "nmod:desc",
    "obl:agent",
    "csubj",
    "nsubj:outer",
    "det:predet",
    "vocative",
    "goeswith",
    "advcl:relcl",
    "cc:preconj",
    "reparandum",
    "orphan",
    "csubj:pass",
    "dislocated",
    "dep",
];

/// One dependency relation (UD English-EWT's names, with their subtypes), such as `nsubj`,
/// `ccomp` or `obl:agent`.
///
/// A small number: [`DepLabel::index`] is below [`DepLabel::COUNT`], and the model file stores
/// the names in this order, so that a model trained with another set is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DepLabel(u8);

impl DepLabel {
    /// Number of relations.
    pub const COUNT: usize = 50;

    /// The root of a sentence: the one token without a head.
    pub const ROOT: DepLabel = DepLabel(0);
    /// Punctuation.
    pub const PUNCT: DepLabel = DepLabel(1);
    /// A preposition or postposition of a nominal (`to` in "according to the report").
    pub const CASE: DepLabel = DepLabel(2);
    /// The nominal subject of a clause (`the governor` in "the governor told …").
    pub const NSUBJ: DepLabel = DepLabel(3);
    /// A determiner.
    pub const DET: DepLabel = DepLabel(4);
    /// An adverbial modifier.
    pub const ADVMOD: DepLabel = DepLabel(5);
    /// The direct object.
    pub const OBJ: DepLabel = DepLabel(6);
    /// An oblique nominal (a prepositional phrase attached to a verb).
    pub const OBL: DepLabel = DepLabel(8);
    /// A conjunct.
    pub const CONJ: DepLabel = DepLabel(9);
    /// A subordinating marker (`that` in "said that …").
    pub const MARK: DepLabel = DepLabel(11);
    /// A nominal modifier of a nominal.
    pub const NMOD: DepLabel = DepLabel(12);
    /// An adverbial clause (`according` in "According to the report, sales fell").
    pub const ADVCL: DepLabel = DepLabel(16);
    /// An open clausal complement (`to go` in "wants to go").
    pub const XCOMP: DepLabel = DepLabel(18);
    /// A clausal complement (what was said, in "said that taxes would rise").
    pub const CCOMP: DepLabel = DepLabel(19);
    /// A relative clause.
    pub const ACL_RELCL: DepLabel = DepLabel(20);
    /// A flat multiword expression, such as the parts of a name.
    pub const FLAT: DepLabel = DepLabel(21);
    /// A clause set beside another, such as a reporting clause after a quote.
    pub const PARATAXIS: DepLabel = DepLabel(22);
    /// An appositive (`the minister` in "Rutte, the minister, said").
    pub const APPOS: DepLabel = DepLabel(24);
    /// The subject of a passive clause.
    pub const NSUBJ_PASS: DepLabel = DepLabel(27);
    /// The indirect object (`reporters` in "told reporters that …").
    pub const IOBJ: DepLabel = DepLabel(32);
    /// A fixed multiword expression (`to` of "according to" hangs from `according` by it).
    pub const FIXED: DepLabel = DepLabel(35);
    /// The agent of a passive (`by` phrase).
    pub const OBL_AGENT: DepLabel = DepLabel(37);
    /// A clausal subject.
    pub const CSUBJ: DepLabel = DepLabel(38);
    /// An unspecified dependency.
    pub const DEP: DepLabel = DepLabel(49);

    /// Every relation, in the order of their numbers.
    pub fn all() -> impl Iterator<Item = DepLabel> {
        (0..DepLabel::COUNT as u8).map(DepLabel)
    }

    /// The relation numbered `index`, if there is one.
    pub fn from_index(index: usize) -> Option<DepLabel> {
        (index < DepLabel::COUNT).then_some(DepLabel(index as u8))
    }

    /// The relation's number, below [`DepLabel::COUNT`].
    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The relation's UD name, such as `nsubj:pass`.
    pub fn name(self) -> &'static str {
        NAMES[self.0 as usize]
    }

    /// The relation without its subtype: `nsubj` for `nsubj:pass`.
    pub fn base(self) -> &'static str {
        let name = self.name();
        name.split_once(':').map_or(name, |(base, _)| base)
    }

    /// The relation named `name`. A subtype this set does not have falls back to its base
    /// relation (`obl:tmod` is `obl`); an unknown name is `None`.
    pub fn from_name(name: &str) -> Option<DepLabel> {
        let find = |n: &str| {
            NAMES
                .iter()
                .position(|&x| x == n)
                .map(|i| DepLabel(i as u8))
        };
        find(name).or_else(|| find(name.split_once(':')?.0))
    }

    /// The names joined by spaces: stored in model files to detect a change of the set.
    pub(crate) fn names_string() -> String {
        NAMES.join(" ")
    }
}

impl fmt::Display for DepLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_name_their_relations() {
        let named = [
            (DepLabel::ROOT, "root"),
            (DepLabel::PUNCT, "punct"),
            (DepLabel::CASE, "case"),
            (DepLabel::NSUBJ, "nsubj"),
            (DepLabel::DET, "det"),
            (DepLabel::ADVMOD, "advmod"),
            (DepLabel::OBJ, "obj"),
            (DepLabel::OBL, "obl"),
            (DepLabel::CONJ, "conj"),
            (DepLabel::MARK, "mark"),
            (DepLabel::NMOD, "nmod"),
            (DepLabel::ADVCL, "advcl"),
            (DepLabel::XCOMP, "xcomp"),
            (DepLabel::CCOMP, "ccomp"),
            (DepLabel::ACL_RELCL, "acl:relcl"),
            (DepLabel::FLAT, "flat"),
            (DepLabel::PARATAXIS, "parataxis"),
            (DepLabel::APPOS, "appos"),
            (DepLabel::NSUBJ_PASS, "nsubj:pass"),
            (DepLabel::IOBJ, "iobj"),
            (DepLabel::FIXED, "fixed"),
            (DepLabel::OBL_AGENT, "obl:agent"),
            (DepLabel::CSUBJ, "csubj"),
            (DepLabel::DEP, "dep"),
        ];
        for (label, name) in named {
            assert_eq!(label.name(), name);
            assert_eq!(DepLabel::from_name(name), Some(label));
        }
        assert_eq!(DepLabel::from_name("obl:tmod"), Some(DepLabel::OBL));
        assert_eq!(DepLabel::from_name("nope"), None);
        assert_eq!(DepLabel::NSUBJ_PASS.base(), "nsubj");
        assert_eq!(DepLabel::all().count(), DepLabel::COUNT);
        let mut names: Vec<_> = NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), DepLabel::COUNT, "names are distinct");
    }
}
