//! Words that signal attribution: reporting verbs (with their inflections) and a few other cue
//! words. The labeller learns which of them are cues where; the list only lets it measure how
//! far a token is from the nearest likely cue, which a window of ±2 words cannot see and which
//! is what decides whether a clause is reported content.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::features::word_hash;

/// Reporting and belief verbs: (lemma, irregular past, irregular participle).
const VERBS: &[(&str, &str, &str)] = &[
    ("say", "said", "said"),
    ("tell", "told", "told"),
    ("write", "wrote", "written"),
    ("think", "thought", "thought"),
    ("feel", "felt", "felt"),
    ("know", "knew", "known"),
    ("find", "found", "found"),
    ("show", "showed", "shown"),
    ("hear", "heard", "heard"),
    ("speak", "spoke", "spoken"),
    ("tweet", "", ""),
    ("add", "", ""),
    ("state", "", ""),
    ("note", "", ""),
    ("explain", "", ""),
    ("claim", "", ""),
    ("argue", "", ""),
    ("insist", "", ""),
    ("assert", "", ""),
    ("caution", "", ""),
    ("warn", "", ""),
    ("announce", "", ""),
    ("declare", "", ""),
    ("comment", "", ""),
    ("remark", "", ""),
    ("reply", "", ""),
    ("respond", "", ""),
    ("acknowledge", "", ""),
    ("admit", "", ""),
    ("concede", "", ""),
    ("affirm", "", ""),
    ("emphasize", "", ""),
    ("stress", "", ""),
    ("contend", "", ""),
    ("maintain", "", ""),
    ("predict", "", ""),
    ("urge", "", ""),
    ("deny", "", ""),
    ("reveal", "", ""),
    ("confirm", "", ""),
    ("complain", "", ""),
    ("testify", "", ""),
    ("mention", "", ""),
    ("recall", "", ""),
    ("report", "", ""),
    ("allege", "", ""),
    ("vow", "", ""),
    ("pledge", "", ""),
    ("promise", "", ""),
    ("threaten", "", ""),
    ("boast", "", ""),
    ("quip", "", ""),
    ("joke", "", ""),
    ("observe", "", ""),
    ("suggest", "", ""),
    ("indicate", "", ""),
    ("ask", "", ""),
    ("wonder", "", ""),
    ("counter", "", ""),
    ("retort", "", ""),
    ("charge", "", ""),
    ("accuse", "", ""),
    ("estimate", "", ""),
    ("conclude", "", ""),
    ("reiterate", "", ""),
    ("repeat", "", ""),
    ("agree", "", ""),
    ("signal", "", ""),
    ("hint", "", ""),
    ("speculate", "", ""),
    ("lament", "", ""),
    ("demand", "", ""),
    ("assure", "", ""),
    ("inform", "", ""),
    ("remind", "", ""),
    ("recommend", "", ""),
    ("propose", "", ""),
    ("believe", "", ""),
    ("fear", "", ""),
    ("hope", "", ""),
    ("worry", "", ""),
    ("doubt", "", ""),
    ("expect", "", ""),
    ("want", "", ""),
    ("plan", "", ""),
    ("call", "", ""),
    ("describe", "", ""),
    ("criticize", "", ""),
    ("blame", "", ""),
    ("praise", "", ""),
    ("attack", "", ""),
    ("question", "", ""),
    ("dispute", "", ""),
    ("accuse", "", ""),
    ("suspect", "", ""),
    ("fear", "", ""),
    ("decide", "", ""),
    ("intend", "", ""),
    ("seek", "sought", "sought"),
    ("try", "", ""),
    ("refuse", "", ""),
    ("decline", "", ""),
    ("appear", "", ""),
    ("seem", "", ""),
    ("point", "", ""),
    ("cite", "", ""),
    ("quote", "", ""),
    ("understand", "understood", "understood"),
    ("realize", "", ""),
    ("recognize", "", ""),
    ("acknowledge", "", ""),
    ("agree", "", ""),
    ("disagree", "", ""),
    ("support", "", ""),
    ("oppose", "", ""),
    ("endorse", "", ""),
    ("reject", "", ""),
    ("favor", "", ""),
    ("pose", "", ""),
    ("post", "", ""),
    ("shout", "", ""),
    ("yell", "", ""),
    ("chant", "", ""),
    ("sing", "sang", "sung"),
    ("read", "read", "read"),
    ("continue", "", ""),
    ("mean", "meant", "meant"),
    ("imply", "", ""),
    ("insinuate", "", ""),
    ("suppose", "", ""),
    ("assume", "", ""),
    ("guess", "", ""),
    ("figure", "", ""),
    ("reckon", "", ""),
    ("predict", "", ""),
    ("forecast", "", ""),
    ("project", "", ""),
];

/// Cue words that are not verbs, or verb forms the inflection rules miss.
const OTHER_WORDS: &[&str] = &[
    "according",
    "statement",
    "statements",
    "interview",
    "told",
    "saying",
    "says",
    "remarks",
    "speech",
    "claims",
    "view",
    "views",
    "opinion",
    "belief",
    "argument",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "poll",
    "polls",
    "survey",
    "report",
    "reports",
    "reportedly",
    "apparently",
    "allegedly",
    "supposedly",
];

fn inflections(lemma: &str, past: &str, participle: &str, out: &mut Vec<String>) {
    let bytes = lemma.as_bytes();
    let last = bytes[bytes.len() - 1];
    let before_last = bytes
        .get(bytes.len().wrapping_sub(2))
        .copied()
        .unwrap_or(b'a');
    let consonant_y = last == b'y' && !b"aeiou".contains(&before_last);
    let stem = &lemma[..lemma.len() - 1];
    let doubled = matches!(lemma, "admit" | "quip" | "plan" | "regret" | "commit");
    out.push(lemma.to_string());
    out.push(if consonant_y {
        format!("{stem}ies")
    } else if lemma.ends_with('s') || lemma.ends_with("sh") || lemma.ends_with("ch") {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    });
    let regular_past = if consonant_y {
        format!("{stem}ied")
    } else if last == b'e' {
        format!("{lemma}d")
    } else if doubled {
        format!("{lemma}{}ed", last as char)
    } else {
        format!("{lemma}ed")
    };
    out.push(if past.is_empty() {
        regular_past.clone()
    } else {
        past.to_string()
    });
    out.push(if participle.is_empty() {
        regular_past
    } else {
        participle.to_string()
    });
    out.push(if last == b'e' && !lemma.ends_with("ee") {
        format!("{stem}ing")
    } else if doubled {
        format!("{lemma}{}ing", last as char)
    } else {
        format!("{lemma}ing")
    });
}

/// Hashes (as [`word_hash`] computes them) of every cue word form.
fn table() -> &'static HashSet<u64> {
    static TABLE: OnceLock<HashSet<u64>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut forms = Vec::new();
        for &(lemma, past, participle) in VERBS {
            inflections(lemma, past, participle, &mut forms);
        }
        forms.extend(OTHER_WORDS.iter().map(|w| w.to_string()));
        let mut buf = String::new();
        forms.iter().map(|f| word_hash(f, &mut buf).0).collect()
    })
}

/// Whether the word whose lowercased hash is `hash` is a cue word.
pub fn is_cue_word(hash: u64) -> bool {
    table().contains(&hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_inflections() {
        let mut buf = String::new();
        for w in [
            "said",
            "Says",
            "telling",
            "wrote",
            "tweeted",
            "according",
            "admitted",
        ] {
            assert!(is_cue_word(word_hash(w, &mut buf).0), "{w}");
        }
        for w in ["the", "house", "trump"] {
            assert!(!is_cue_word(word_hash(w, &mut buf).0), "{w}");
        }
    }
}
