//! Words that signal attribution: reporting verbs (with their inflections) and a few other cue
//! words. The labeller learns which of them are cues where; the list only lets it measure how
//! far a token is from the nearest likely cue, which a window of ±2 words cannot see and which
//! is what decides whether a clause is reported content.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::features::{word_hash, WordHashes};

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

/// The verbs that report speech in most of their uses, and whose nearest occurrence is
/// therefore worth a feature of its own (the weaker ones above often mean something else).
const STRONG: &[&str] = &[
    "say",
    "tell",
    "write",
    "add",
    "state",
    "note",
    "explain",
    "claim",
    "argue",
    "insist",
    "assert",
    "warn",
    "announce",
    "declare",
    "tweet",
    "reply",
    "respond",
    "acknowledge",
    "admit",
    "ask",
    "contend",
    "predict",
    "deny",
    "confirm",
    "testify",
    "allege",
    "vow",
    "pledge",
    "promise",
    "urge",
    "suggest",
    "report",
    "believe",
    "think",
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

/// Appends a verb's forms to `out`: the lemma, the third person, the past, the past
/// participle and the present participle ("say", "says", "said", "said", "saying"). `past` and
/// `participle` give irregular forms; empty, the regular ones are made.
pub fn inflections(lemma: &str, past: &str, participle: &str, out: &mut Vec<String>) {
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

/// Whether a lowercased word is a form of one of the reporting verbs ("said", "tells",
/// "vowing"). The extractor uses the same list to recognise a speaker as a verb's subject.
pub fn is_reporting_verb(lowercase: &str) -> bool {
    static FORMS: OnceLock<HashSet<String>> = OnceLock::new();
    FORMS
        .get_or_init(|| {
            let mut forms = Vec::new();
            for &(lemma, past, participle) in VERBS {
                inflections(lemma, past, participle, &mut forms);
            }
            forms.into_iter().collect()
        })
        .contains(lowercase)
}

/// Hashes (as [`word_hash`] computes them) of every cue word form, and of the strong ones.
fn tables() -> &'static (HashSet<u64, WordHashes>, HashSet<u64, WordHashes>) {
    type Set = HashSet<u64, WordHashes>;
    static TABLES: OnceLock<(Set, Set)> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut buf = String::new();
        let mut all = Set::default();
        let mut strong = Set::default();
        for &(lemma, past, participle) in VERBS {
            let mut forms = Vec::new();
            inflections(lemma, past, participle, &mut forms);
            for f in forms {
                let h = word_hash(&f, &mut buf).0;
                all.insert(h);
                if STRONG.contains(&lemma) {
                    strong.insert(h);
                }
            }
        }
        for w in OTHER_WORDS {
            all.insert(word_hash(w, &mut buf).0);
        }
        strong.insert(word_hash("according", &mut buf).0);
        (all, strong)
    })
}

/// 2 for a strong cue word, 1 for another cue word, 0 for any other word (by the hash of
/// its lowercased form).
pub fn cue_class(hash: u64) -> u8 {
    let (all, strong) = tables();
    if strong.contains(&hash) {
        2
    } else {
        u8::from(all.contains(&hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_reporting_verb_forms() {
        for form in [
            "said",
            "says",
            "saying",
            "told",
            "tells",
            "stated",
            "cautioned",
            "vowing",
        ] {
            assert!(is_reporting_verb(form), "{form}");
        }
        assert!(!is_reporting_verb("table"));
        assert!(!is_reporting_verb("Said"), "the caller lowercases");
    }

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
            assert!(cue_class(word_hash(w, &mut buf).0) > 0, "{w}");
        }
        for w in ["the", "house", "trump"] {
            assert_eq!(cue_class(word_hash(w, &mut buf).0), 0, "{w}");
        }
    }
}
