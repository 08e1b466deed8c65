//! One article as the rules see it: the text layer's structure plus part-of-speech tags, and
//! the noun-phrase helpers that finding sources and mentions needs.

use std::borrow::Cow;
use std::ops::Range;
use whosaid_attribution::{Labeller, Role};
use whosaid_parser::{Parse, Parser};
use whosaid_tagger::{Tag, Tagger};
use whosaid_text::{Document, TokenKind};

use crate::lexicon;

pub(crate) struct Article<'a> {
    pub doc: Document<'a>,
    pub tags: Vec<Tag>,
    /// The dependency trees of its sentences.
    pub parse: Parse,
    /// The learned labeller's attribution role for each token.
    pub roles: Vec<Role>,
    /// How clear the labeller's call on each token was ([`Labeller::label_with_margins`]).
    pub margins: Vec<f32>,
    lower: Vec<Cow<'a, str>>,
    /// Index of the sentence each token belongs to.
    pub sentence_of: Vec<usize>,
}

impl<'a> Article<'a> {
    pub fn analyse(
        text: &'a str,
        tagger: &Tagger,
        parser: &Parser,
        labeller: &Labeller,
    ) -> Article<'a> {
        let doc = Document::parse(text);
        let mut tags = Vec::with_capacity(doc.tokens.len());
        let mut sentence_of = vec![0; doc.tokens.len()];
        let mut words: Vec<&str> = Vec::new();
        let mut sentence_tags = Vec::new();
        for (index, sentence) in doc.sentences.iter().enumerate() {
            words.clear();
            words.extend(sentence.tokens.clone().map(|k| doc.token_text(k)));
            tagger.tag_into(&words, &mut sentence_tags);
            tags.extend_from_slice(&sentence_tags);
            sentence_of[sentence.tokens.clone()].fill(index);
        }
        let lower = (0..doc.tokens.len())
            .map(|k| {
                let word = doc.token_text(k);
                if word.chars().any(char::is_uppercase) {
                    Cow::Owned(word.to_lowercase())
                } else {
                    Cow::Borrowed(word)
                }
            })
            .collect();
        let parse = parser.parse(&doc, &tags);
        let (roles, margins) = labeller.label_with_margins(&doc, &tags, &parse);
        Article {
            doc,
            tags,
            parse,
            roles,
            margins,
            lower,
            sentence_of,
        }
    }

    pub fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    pub fn word(&self, k: usize) -> &'a str {
        self.doc.token_text(k)
    }

    pub fn lower(&self, k: usize) -> &str {
        &self.lower[k]
    }

    pub fn tag(&self, k: usize) -> Tag {
        self.tags[k]
    }

    pub fn sentence(&self, k: usize) -> Range<usize> {
        self.doc.sentences[self.sentence_of[k]].tokens.clone()
    }

    pub fn paragraph_of(&self, k: usize) -> usize {
        self.doc.sentences[self.sentence_of[k]].paragraph
    }

    pub fn is_quote_mark(&self, k: usize) -> bool {
        self.doc.tokens[k].kind == TokenKind::QuoteMark && self.doc.quote_of_token[k].is_some()
    }

    /// Inside a quote (its marks included).
    pub fn in_quote(&self, k: usize) -> bool {
        self.doc.quote_of_token[k].is_some()
    }

    /// First word of a sentence or of a quoted or bracketed stretch, where capitals say nothing.
    pub fn is_clause_initial(&self, k: usize) -> bool {
        k == self.sentence(k).start
            || matches!(self.word(k - 1), ":" | "(" | "—" | "–" | "-" | ";")
            || self.is_quote_mark(k - 1)
    }

    /// A token that is part of a proper name: tagged as one, or capitalised in mid-sentence
    /// (the tagger, trained on web text, misses capitalised rare names such as "Starmer").
    pub fn is_name_token(&self, k: usize) -> bool {
        let tag = self.tag(k);
        if !self.is_capitalised(k) || self.in_quote(k) || self.word(k) == "I" {
            return false;
        }
        if lexicon::is_time_noun(self.lower(k)) {
            return false;
        }
        tag.is_proper_noun()
            || (!self.is_clause_initial(k)
                && (tag.is_noun() || tag.is_verb() || tag.is_adjective())
                && lexicon::place(self.word(k)).is_none())
    }

    /// A paragraph that does not end like a sentence is a headline, a caption or page
    /// furniture ("Read more from Sky News:"): nothing is attributed there.
    pub fn is_prose_paragraph(&self, paragraph: usize) -> bool {
        let range = &self.doc.paragraphs[paragraph].tokens;
        let mut k = range.end;
        while k > range.start {
            k -= 1;
            let word = self.word(k);
            // A stray closing mark counts too: some papers close a quotation the text never
            // opened ("… and a pillow.\"").
            if self.doc.tokens[k].kind == TokenKind::QuoteMark || matches!(word, ")" | "]") {
                continue;
            }
            return matches!(word, "." | "!" | "?" | "…" | "...")
                || (word.ends_with('.') && word.len() > 1);
        }
        false
    }

    pub fn is_capitalised(&self, k: usize) -> bool {
        self.word(k).starts_with(|c: char| c.is_uppercase())
    }

    /// A form of "be" ("is", "were", "been", …): before a participle, it makes it passive.
    pub fn is_be(&self, k: usize) -> bool {
        matches!(
            self.lower(k),
            "is" | "are" | "was" | "were" | "be" | "been" | "being"
        )
    }

    /// Words that may stand between a subject and its verb: adverbs, auxiliaries, negation.
    pub fn is_verb_modifier(&self, k: usize) -> bool {
        let tag = self.tag(k);
        if tag.is_adverb() || tag == Tag::MD {
            return true;
        }
        matches!(
            self.lower(k),
            "has"
                | "have"
                | "had"
                | "is"
                | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "being"
                | "do"
                | "does"
                | "did"
                | "not"
                | "n't"
                | "n’t"
                | "also"
                | "then"
                | "again"
                | "reportedly"
                | "repeatedly"
                | "previously"
                | "later"
                | "once"
                | "publicly"
                | "privately"
                | "already"
                | "still"
                | "just"
                | "even"
                | "recently"
                | "often"
        )
    }

    /// Tokens that continue a noun phrase leftwards from its head.
    fn is_np_inner(&self, k: usize) -> bool {
        let tag = self.tag(k);
        if self.in_quote(k) {
            return false;
        }
        tag.is_noun()
            || tag.is_adjective()
            || self.is_name_token(k)
            || matches!(tag, Tag::CD | Tag::POS | Tag::HYPH | Tag::NFP)
            || (tag == Tag::VBN && self.lower(k).ends_with("-based"))
            || (self.is_capitalised(k) && lexicon::honorific(self.word(k)).is_some())
    }

    fn is_determiner_like(&self, k: usize) -> bool {
        matches!(self.tag(k), Tag::DT | Tag::PDT | Tag::PRPS | Tag::WPS)
            || matches!(
                self.lower(k),
                "both" | "all" | "many" | "some" | "several" | "most"
            )
    }

    /// Heads a noun phrase can have.
    fn is_np_head(&self, k: usize) -> bool {
        let tag = self.tag(k);
        !self.in_quote(k)
            && (tag.is_noun()
                || self.is_name_token(k)
                || lexicon::is_title_word(self.lower(k))
                || (tag == Tag::CD && self.lower(k) != "%"))
    }

    /// The head noun of a noun phrase: its last token before a preposition ("minister" in "the
    /// previous prime minister of the Netherlands").
    pub fn head_of(&self, np: &Range<usize>) -> usize {
        let mut head = np.end - 1;
        for k in np.clone().skip(1) {
            if self.tag(k) == Tag::IN || self.word(k) == "," {
                head = k - 1;
                break;
            }
        }
        head
    }

    /// A cue that ends in "according to": its source is the noun phrase right after it,
    /// whatever the sentence's subject (PolNeAR's convention), and a statement or report
    /// named there is the channel.
    pub fn is_according_to(&self, cue: &Range<usize>) -> bool {
        cue.len() >= 2 && self.lower(cue.end - 2) == "according" && self.lower(cue.end - 1) == "to"
    }

    /// A subject pronoun (he, she, they, it, we, I, you, who) standing as a noun phrase.
    pub fn is_subject_pronoun(&self, k: usize) -> bool {
        matches!(
            self.lower(k),
            "he" | "she" | "they" | "it" | "we" | "i" | "you" | "who"
        )
    }

    /// The noun phrase that ends just before `end`, no further left than `lo`: a pronoun, or a
    /// phrase such as "NATO’s Secretary General", "a US-based think tank", "The Institute for
    /// the Study of War (ISW)", "both Sir Keir and French President Emmanuel Macron".
    pub fn np_ending_at(&self, end: usize, lo: usize) -> Option<Range<usize>> {
        if end <= lo {
            return None;
        }
        let mut k = end - 1;
        if self.word(k) == ")"
            && k >= lo + 3
            && self.word(k - 2) == "("
            && is_acronym(self.word(k - 1))
        {
            k -= 3;
        }
        if self.is_subject_pronoun(k) && !self.in_quote(k) {
            return (k + 1 == end).then_some(k..end);
        }
        if !self.is_np_head(k) {
            return None;
        }
        let mut start = k;
        loop {
            while start > lo && self.is_np_inner(start - 1) {
                start -= 1;
            }
            while start > lo && self.is_determiner_like(start - 1) {
                start -= 1;
            }
            if start > lo + 1 {
                let link = self.lower(start - 1);
                let first_word = if self.tag(start) == Tag::DT {
                    start + 1
                } else {
                    start
                };
                let extends = link == "of"
                    || (matches!(link, "for" | "and" | "&")
                        && first_word < end
                        && self.is_capitalised(first_word));
                if extends {
                    if let Some(left) = self.np_ending_at(start - 1, lo) {
                        let left_ok = left.len() > 1 || !self.is_subject_pronoun(left.start);
                        let coordinated = matches!(link, "and" | "&");
                        if left_ok && (!coordinated || self.tag(left.end - 1).is_proper_noun()) {
                            start = left.start;
                            continue;
                        }
                    }
                }
            }
            break;
        }
        Some(start..end)
    }

    /// The noun phrase that starts at `start` (after a verb, as in “…,” said the NATO leader),
    /// no further right than `hi`.
    pub fn np_starting_at(&self, start: usize, hi: usize) -> Option<Range<usize>> {
        if start >= hi || self.in_quote(start) {
            return None;
        }
        if self.is_subject_pronoun(start) {
            return Some(start..start + 1);
        }
        let mut k = start;
        while k < hi && self.is_determiner_like(k) {
            k += 1;
        }
        let body = k;
        while k < hi && (self.is_np_inner(k) || self.is_np_head(k)) {
            k += 1;
        }
        if k == body || !self.is_np_head(k - 1) {
            return None;
        }
        if k + 1 < hi && self.lower(k) == "of" {
            if let Some(rest) = self.np_starting_at(k + 1, hi) {
                k = rest.end;
            }
        }
        if k + 2 < hi
            && self.word(k) == "("
            && is_acronym(self.word(k + 1))
            && self.word(k + 2) == ")"
        {
            k += 3;
        }
        // "said the French envoy, Luc Martin."
        if k + 1 < hi && self.word(k) == "," && self.is_name_token(k + 1) {
            let mut name_end = k + 1;
            while name_end < hi && self.is_name_token(name_end) {
                name_end += 1;
            }
            let closes = name_end == hi || matches!(self.word(name_end), "," | "." | ";");
            if closes {
                k = name_end;
            }
        }
        Some(start..k)
    }

    /// The appositive after a noun phrase: ", the previous prime minister of the Netherlands,"
    /// for the phrase ending at `end` (exclusive). Returns the appositive's tokens (without
    /// commas) when it is closed by a comma or ends the range.
    pub fn appositive_after(&self, end: usize, hi: usize) -> Option<Range<usize>> {
        if end >= hi || self.word(end) != "," {
            return None;
        }
        let np = self.np_starting_at(end + 1, hi)?;
        if !self.is_determiner_like(np.start) && !self.tag(np.start).is_adjective() {
            return None;
        }
        Some(np)
    }

    /// The subject of the verb at `verb` in the dependency parse: its `nsubj` (or passive
    /// subject), the whole phrase of it, or, for a participle, an open complement or a
    /// conjoined verb without one ("…, saying …", "wants to say", "arrived and said"), the
    /// subject of the verb it hangs on. The phrase is the subject's subtree, as one range
    /// without the punctuation at its edges; `None` when the subtree is not one contiguous
    /// run of the sentence (the parse went wrong there) or lies across the verb.
    pub fn parsed_subject(&self, verb: usize) -> Option<Range<usize>> {
        use whosaid_parser::DepLabel;
        let parse = &self.parse;
        if verb >= parse.len() {
            return None;
        }
        // An infinitive ("appeared before reporters to discuss …") is a purpose or a plan, whose
        // subject is left to the rules that judge it: it borrows none from the parse.
        let infinitive = parse
            .children(verb)
            .iter()
            .any(|&c| parse.label(c as usize) == DepLabel::MARK && self.tag(c as usize) == Tag::TO);
        if infinitive {
            return None;
        }
        let mut at = verb;
        // Up through at most a few verbs that share their subject with the one they hang on.
        for _ in 0..4 {
            let subject = parse
                .children(at)
                .iter()
                .map(|&c| c as usize)
                .find(|&c| matches!(parse.label(c), DepLabel::NSUBJ | DepLabel::NSUBJ_PASS));
            if let Some(subject) = subject {
                return self
                    .subtree_span(subject)
                    .filter(|s| s.end <= verb || s.start > verb);
            }
            match (parse.label(at), parse.head(at)) {
                (DepLabel::XCOMP | DepLabel::ADVCL | DepLabel::CONJ, Some(head)) => at = head,
                _ => return None,
            }
        }
        None
    }

    /// The tokens of the subtree under `root` in the parse, as one range trimmed of
    /// punctuation at its edges, if they are contiguous. Bounded by the sentence's length:
    /// every token is visited at most once.
    fn subtree_span(&self, root: usize) -> Option<Range<usize>> {
        let sentence = self.sentence(root);
        let (mut lo, mut hi, mut count) = (root, root, 0usize);
        let mut stack = vec![root];
        while let Some(k) = stack.pop() {
            count += 1;
            if count > sentence.len() || !sentence.contains(&k) {
                return None;
            }
            lo = lo.min(k);
            hi = hi.max(k);
            stack.extend(self.parse.children(k).iter().map(|&c| c as usize));
        }
        if hi + 1 - lo != count {
            return None;
        }
        let (mut start, mut end) = (lo, hi + 1);
        let edge = |k: usize| {
            matches!(
                self.doc.tokens[k].kind,
                TokenKind::Punct | TokenKind::QuoteMark
            )
        };
        while start < end && edge(start) {
            start += 1;
        }
        while end > start && edge(end - 1) {
            end -= 1;
        }
        (start < end).then_some(start..end)
    }

    /// The subject of the verb at `verb`: the noun phrase before it (over adverbs and
    /// auxiliaries, and over an appositive between commas), a relative "who", or, for a
    /// participle after a comma ("…, saying …"), the subject of the clause it hangs on.
    pub fn subject_of(&self, verb: usize, depth: usize) -> Option<Range<usize>> {
        let lo = self.sentence(verb).start;
        let mut end = verb;
        while end > lo && self.is_verb_modifier(end - 1) && !self.in_quote(end - 1) {
            end -= 1;
        }
        if end == lo {
            return None;
        }
        // "By offering Kasich the second spot, Trump …", "… and won over voters by citing …":
        // a gerund after a preposition has the main clause's subject.
        if depth == 0
            && self.tag(verb) == Tag::VBG
            && matches!(
                self.lower(end - 1),
                "by" | "after" | "before" | "while" | "when" | "since" | "without" | "despite"
            )
        {
            let preposition = end - 1;
            if preposition == lo {
                let hi = self.sentence(verb).end;
                let comma = (verb + 1..hi).find(|&k| self.word(k) == ",")?;
                let main =
                    (comma + 1..hi).find(|&k| !self.in_quote(k) && self.tag(k).is_finite_verb())?;
                return self.subject_of(main, 1);
            }
            return self.main_subject_before(preposition, lo);
        }
        if self.word(end - 1) == "," {
            // "Mr. Rutte, the previous prime minister of the Netherlands, stated"
            let mut k = end - 1;
            let limit = k.saturating_sub(25).max(lo);
            while k > limit {
                k -= 1;
                if self.word(k) == "," {
                    if let Some(core) = self.np_ending_at(k, lo) {
                        let appositive = self.np_starting_at(k + 1, end - 1);
                        if appositive.is_some_and(|a| a.end == end - 1)
                            && !self.is_subject_pronoun(core.start)
                        {
                            return Some(core.start..end - 1);
                        }
                    }
                    break;
                }
                if self.tag(k).is_finite_verb() || self.in_quote(k) {
                    break;
                }
            }
            // "Sanders, who has already sent fundraising pleas on Canova’s behalf, said": the
            // subject is the noun phrase before the relative clause.
            if let Some(core) = self.before_relative_clause(end - 1, lo) {
                return Some(core);
            }
            // "…, saying …": the participle's subject is the main clause's.
            if depth == 0 && matches!(self.tag(verb), Tag::VBG | Tag::VBN) {
                return self.main_subject_before(end - 1, lo);
            }
            return None;
        }
        // "The union accused … and said …": the coordinated verb shares the first one's subject.
        if matches!(self.lower(end - 1), "and" | "but") && depth == 0 {
            return self.main_subject_before(end - 1, lo);
        }
        let mut np = self.np_ending_at(end, lo)?;
        // "a paper earlier this year arguing": step over time phrases.
        if self.is_time_phrase(&np) {
            let mut before = np.start;
            while before > lo && self.is_verb_modifier(before - 1) {
                before -= 1;
            }
            np = self.np_ending_at(before, lo)?;
        }
        if self.tag(np.end - 1) == Tag::CD && np.len() == 1 {
            return None;
        }
        Some(np)
    }

    /// "who" or "which", which open the relative clauses that stand between a subject and its
    /// verb.
    pub fn is_relative_pronoun(&self, k: usize) -> bool {
        matches!(self.lower(k), "who" | "which")
    }

    /// For `comma` closing a non-restrictive relative clause (", who …,"), the noun phrase
    /// the clause hangs on.
    fn before_relative_clause(&self, comma: usize, lo: usize) -> Option<Range<usize>> {
        let limit = comma.saturating_sub(40).max(lo);
        let relative = (limit + 1..comma)
            .rev()
            .take_while(|&k| !self.in_quote(k))
            .find(|&k| self.is_relative_pronoun(k) && self.word(k - 1) == ",")?;
        let core = self.np_ending_at(relative - 1, lo)?;
        (!self.is_subject_pronoun(core.start)).then_some(core)
    }

    fn is_time_phrase(&self, np: &Range<usize>) -> bool {
        lexicon::is_time_noun(self.lower(np.end - 1))
    }

    /// The subject of the sentence's main clause, taken as the subject of its first finite
    /// verb before `end` (news sentences put the main clause first: "Mr. Rutte … stated that
    /// Mr. Putin was …, believing …").
    fn main_subject_before(&self, end: usize, lo: usize) -> Option<Range<usize>> {
        (lo..end)
            .filter(|&k| !self.in_quote(k) && matches!(self.tag(k), Tag::VBD | Tag::VBZ | Tag::VBP))
            .find_map(|k| self.subject_of(k, 1))
    }
}

/// `COLE`, `HANOI`: a word in capitals, two or more letters and nothing lowercase (a
/// transcript's label, a dateline's place).
pub(crate) fn is_in_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !word.chars().any(char::is_lowercase)
}

/// `ISW`, `NATO`, `U.N.`: two or more capitals and nothing lowercase.
pub(crate) fn is_acronym(word: &str) -> bool {
    word.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !word.chars().any(|c| c.is_lowercase())
}
