//! What kind of cue a cue is: one that names rather than reports, speculation, an impression,
//! "according to". The rules of the labelled pass ask these; they read the cue and the words
//! around it, and change nothing.

use std::ops::Range;

use whosaid_tagger::Tag;

use super::Finder;
use crate::lexicon;

impl Finder<'_, '_> {
    /// Cues that name or describe rather than report: "nicknamed “Oreshnik”", "known as the
    /// Budapest Memorandum", "designated by Mr. Trump as …", "displaying a copy".
    pub(super) fn is_naming_cue(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        cue.clone().any(|token| {
            matches!(
                article.lower(token),
                "nicknamed"
                    | "dubbed"
                    | "known"
                    | "named"
                    | "titled"
                    | "entitled"
                    | "designated"
                    | "labelled"
                    | "labeled"
                    | "displaying"
                    | "branded"
                    | "billed"
            )
        })
    }

    /// "a poem called “Winter Solstice”", "The book was called The Dragon Waiting": the
    /// participle "called" names; "some have called it …" and "Noem called the campaign …"
    /// report.
    pub(super) fn is_called_naming(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        let perfect = |token: usize| {
            token > 0
                && matches!(
                    article.lower(token - 1),
                    "have" | "has" | "had" | "'ve" | "’ve" | "having"
                )
        };
        cue.clone().any(|token| {
            article.lower(token) == "called" && article.tag(token) == Tag::VBN && !perfect(token)
        })
    }

    /// A cue reports when it has a verb, or is "according to", a colon or a dash before a
    /// quote; nouns alone ("a copy of", "arrival at") are where the labeller strays. A
    /// reporting verb of the lexicon counts whatever its tag: the tagger reads some verbs in -s
    /// as plural nouns ("The Tax Policy Center estimates that …", "the letter reads").
    pub(super) fn reports(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        cue.clone().any(|token| {
            article.tag(token).is_verb()
                || whosaid_attribution::is_reporting_verb(article.lower(token))
                || matches!(article.lower(token), "according" | ":" | "―" | "—" | "--")
        })
    }

    /// Whether a cue has a word that names an attribution: a reporting verb (but for
    /// decisions and attempts), a word of thinking or finding, a verb or noun of communication
    /// ("condemned", "in a statement"), "according to", a colon or a dash.
    pub(super) fn names_an_attribution(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        cue.clone().any(|token| {
            let word = article.lower(token);
            // Decisions and attempts are on the labeller's list of cue verbs, as PolNeAR
            // annotates them, but report no words: "decided to move the game".
            let decision = matches!(
                word,
                "decide"
                    | "decides"
                    | "decided"
                    | "deciding"
                    | "seek"
                    | "seeks"
                    | "sought"
                    | "seeking"
                    | "try"
                    | "tries"
                    | "tried"
                    | "trying"
            );
            !decision && whosaid_attribution::is_reporting_verb(word)
                || crate::delivery::is_thought_word(word)
                || crate::delivery::is_finding_verb(word)
                || lexicon::is_communication_word(word)
                || is_attribution_mark(word)
        })
    }

    /// Whether a cue has a word that reports words said or written: a reporting verb or a
    /// word of communication that is not one of thinking, finding or seeming ("seems",
    /// "appears", "meant"), "according to", a colon or a dash.
    pub(super) fn names_saying(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        cue.clone().any(|token| {
            let word = article.lower(token);
            let seeming = ["seem", "appear", "look", "sound"]
                .iter()
                .any(|verb| word.starts_with(verb))
                || matches!(word, "mean" | "means" | "meant" | "meaning");
            (whosaid_attribution::is_reporting_verb(word) || lexicon::is_communication_word(word))
                && !seeming
                && !crate::delivery::is_thought_word(word)
                && !crate::delivery::is_finding_verb(word)
                || is_attribution_mark(word)
        })
    }

    /// "may conclude", "might argue", "will advocate": the author's speculation or forecast;
    /// nobody has said it (yet).
    pub(super) fn is_hypothetical(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        let mut start = cue.start;
        while start > 0 && article.is_verb_modifier(start - 1) {
            start -= 1;
        }
        // Only the modals of possibility and the future: PolNeAR attributes refusals ("did
        // not comment") and conditionals ("would back") to their sources, and keeping those as
        // statements raised attribution F1 on PolNeAR train. "could" is a
        // possibility ("Beijing could declare …") unless it tells what someone could or could
        // not bring themselves to do ("could not explain", "could only quip").
        (start..cue.end).any(|token| match article.lower(token) {
            "may" | "might" | "will" => true,
            "could" => {
                token + 1 == article.len()
                    || !matches!(
                        article.lower(token + 1),
                        "not" | "n't" | "never" | "only" | "hardly" | "barely"
                    )
            }
            _ => false,
        })
    }

    /// "Melania seems to have vanished", "it appears that …", "Obama's veto is expected to
    /// come": the writer's impression or a general expectation, not something the subject
    /// said, and naming the subject as its speaker would put words in their mouth. PolNeAR
    /// annotates these without a source: on PolNeAR train, the sources whosaid gave them were
    /// mostly wrong. "seemed hopeful", "appeared to mock" describe the subject's own stance,
    /// and keep it as the source, as PolNeAR does.
    pub(super) fn is_impression(&self, cue: &Range<usize>) -> bool {
        let article = self.article;
        // A contracted "’s" before a participle is "is" ("she’s expected to").
        let be = |token: usize| article.is_be(token) || matches!(article.lower(token), "'s" | "’s");
        let copula_after = |token: usize| {
            (token + 2 < article.len()
                && article.lower(token + 1) == "to"
                && matches!(article.lower(token + 2), "be" | "have"))
                || (token + 1 < article.len() && article.lower(token + 1) == "that")
        };
        cue.clone().any(|token| {
            let w = article.lower(token);
            ((w.starts_with("seem") || w.starts_with("appear")) && copula_after(token))
                || (w == "expected" && (cue.start..token).any(be))
        })
    }
}

/// "according" (to), a colon or a dash: the marks that attribute with no verb of their own.
fn is_attribution_mark(word: &str) -> bool {
    matches!(word, "according" | ":" | "―" | "—" | "--" | "–")
}
