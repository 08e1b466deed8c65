//! Variants of training sentences that look like whosaid's input rather than EWT's.
//!
//! EWT splits hyphenated words (`US - based`, tagged `NNP HYPH VBN`) while whosaid's tokenizer
//! keeps them whole (`US-based`), and EWT has few headlines while news has one per article.
//! Training also sees these variants so that the tagger copes with both; the functions are
//! public so that the same variants can be used to measure robustness on dev.

use super::sentences::{Sentence, Word};
use whosaid_tagger::Tag;

/// The sentence with every hyphenated word that EWT split (`two` `-` `day`, no spaces around
/// the hyphen) joined into one token (`two-day`), or `None` if it has none.
///
/// The joined token gets the tag PTB would give the whole word: the tag of its syntactic head,
/// except that a modifier of a following noun (`two-day trip`, `US-based company`) becomes `JJ`
/// unless all its parts are proper nouns (`Al-Zaman`).
pub fn join_hyphens(sentence: &Sentence) -> Option<Sentence> {
    let words = &sentence.words;
    let n = words.len();
    let joinable = |i: usize| -> bool {
        // words[i] is a hyphen glued to both neighbours, which are not punctuation.
        i > 0
            && i + 1 < n
            && words[i].xpos == Tag::HYPH
            && words[i].form == "-"
            && !words[i - 1].space_after
            && !words[i].space_after
            && !words[i - 1].xpos.is_punct()
            && !words[i + 1].xpos.is_punct()
    };
    if !(0..n).any(joinable) {
        return None;
    }
    let mut out = Sentence {
        id: sentence.id.clone(),
        words: Vec::with_capacity(n),
    };
    let mut i = 0;
    while i < n {
        // Span [i, j) of word, hyphen, word, hyphen, word …
        let mut j = i + 1;
        while j < n && joinable(j) {
            j += 2;
        }
        if j == i + 1 {
            out.words.push(words[i].clone());
            i += 1;
            continue;
        }
        let span = &words[i..j];
        let form: String = span.iter().map(|w| w.form.as_str()).collect();
        // The span's head: the word whose head lies outside the span (the last one if several).
        let inside = |h: Option<u32>| h.is_some_and(|h| h as usize > i && h as usize <= j);
        let head_idx = (i..j)
            .rev()
            .find(|&k| !inside(words[k].head) && words[k].xpos != Tag::HYPH)
            .unwrap_or(j - 1);
        let head = &words[head_idx];
        let parts = span.iter().filter(|w| w.xpos != Tag::HYPH);
        let all_proper = parts.clone().all(|w| w.xpos.is_proper_noun());
        let modifies_right = head.head.is_some_and(|h| h as usize > j);
        let modifier_rel = head.deprel.starts_with("amod")
            || ((head.deprel.starts_with("compound") || head.deprel.starts_with("nummod"))
                && parts.clone().any(|w| {
                    matches!(
                        w.xpos,
                        Tag::CD | Tag::JJ | Tag::VBN | Tag::VBG | Tag::JJR | Tag::JJS
                    )
                }));
        let xpos = if all_proper {
            head.xpos
        } else if modifies_right && modifier_rel {
            Tag::JJ
        } else {
            head.xpos
        };
        out.words.push(Word {
            form,
            upos: head.upos.clone(),
            xpos,
            head: None,
            deprel: head.deprel.clone(),
            space_after: span[span.len() - 1].space_after,
        });
        i = j;
    }
    Some(out)
}

/// Words a headline writer leaves in lower case in Title Case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "of", "in", "on", "at", "to",
    "by", "up", "as", "off", "per", "via", "vs",
];

/// The sentence as a Title Case headline: every word capitalised except short function words
/// (the first word is always capitalised). Tags are unchanged.
pub fn title_case(sentence: &Sentence) -> Sentence {
    let mut out = sentence.clone();
    let mut first = true;
    for w in &mut out.words {
        let Some(c) = w.form.chars().next() else {
            continue;
        };
        if !c.is_alphabetic() {
            continue;
        }
        if c.is_lowercase() && (first || !SMALL_WORDS.contains(&w.form.as_str())) {
            let rest = &w.form[c.len_utf8()..];
            w.form = c.to_uppercase().chain(rest.chars()).collect();
        }
        first = false;
    }
    out
}

/// The sentence in ALL CAPS. Tags are unchanged.
pub fn upper_case(sentence: &Sentence) -> Sentence {
    let mut out = sentence.clone();
    for w in &mut out.words {
        w.form = w.form.to_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::sentences::parse_str;

    #[test]
    fn joins_hyphenated_words_and_tags_modifiers_jj() {
        let text = "1\ta\ta\tDET\tDT\t_\t5\tdet\t_\t_\n\
                    2\ttwo\ttwo\tNUM\tCD\t_\t4\tnummod\t_\tSpaceAfter=No\n\
                    3\t-\t-\tPUNCT\tHYPH\t_\t4\tpunct\t_\tSpaceAfter=No\n\
                    4\tday\tday\tNOUN\tNN\t_\t5\tcompound\t_\t_\n\
                    5\ttrip\ttrip\tNOUN\tNN\t_\t0\troot\t_\t_\n\
                    6\tto\tto\tADP\tIN\t_\t7\tcase\t_\t_\n\
                    7\tAl\tAl\tPROPN\tNNP\t_\t5\tnmod\t_\tSpaceAfter=No\n\
                    8\t-\t-\tPUNCT\tHYPH\t_\t9\tpunct\t_\tSpaceAfter=No\n\
                    9\tZaman\tZaman\tPROPN\tNNP\t_\t7\tflat\t_\t_\n\
                    10\t-\t-\tPUNCT\t:\t_\t5\tpunct\t_\t_\n";
        let s = &parse_str(text, "t").unwrap()[0];
        let j = join_hyphens(s).unwrap();
        assert_eq!(
            j.forms(),
            vec!["a", "two-day", "trip", "to", "Al-Zaman", "-"]
        );
        assert_eq!(
            j.tags(),
            vec![Tag::DT, Tag::JJ, Tag::NN, Tag::IN, Tag::NNP, Tag::Colon]
        );
        let t = title_case(s);
        assert_eq!(t.forms()[..5], ["A", "Two", "-", "Day", "Trip"]);
        assert_eq!(t.forms()[5], "to");
        assert_eq!(upper_case(s).forms()[4], "TRIP");
    }
}
