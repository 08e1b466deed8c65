//! The plain decoder the fast one is tested against, and the tests that compare them.

use super::*;
use crate::features::{reference_sentence_info, History, N_STATIC};
use crate::tag::Tag;
use crate::token::hash_bytes;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::path::{Path, PathBuf};
use whosaid_corpora::conllu;

/// Greedy decoding written as plainly as possible, with the weights in a `HashMap` and
/// token information from the general (slow) path: what [`Tagger::tag`] must reproduce tag
/// for tag, whatever is done to make it fast.
struct Reference<'a> {
    tagger: &'a Tagger,
    rows: HashMap<u64, Vec<(usize, i16)>, BuildHasherDefault<KeysAreHashes>>,
    /// Tags with at least one weight: the only ones decoding may output.
    present: [bool; Tag::COUNT],
    dict: HashMap<u64, u8, BuildHasherDefault<KeysAreHashes>>,
}

/// Feature keys are hashes already; hashing them again only slows the test down.
#[derive(Default)]
struct KeysAreHashes(u64);

impl std::hash::Hasher for KeysAreHashes {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys")
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k;
    }
}

impl<'a> Reference<'a> {
    fn new(tagger: &'a Tagger) -> Reference<'a> {
        let bytes = tagger.to_bytes();
        let back = Tagger::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        let mut rows = HashMap::default();
        let mut start = 0;
        for (&key, len) in tagger.keys.iter().zip(tagger.row_lens()) {
            let row = &tagger.entries[start..start + len];
            rows.insert(
                key,
                row.iter().map(|e| (e.tag as usize, e.weight)).collect(),
            );
            start += len;
        }
        assert_eq!(start, tagger.entries.len());
        let dict = tagger.dict.iter().copied().collect();
        let mut present = [false; Tag::COUNT];
        for e in &tagger.entries {
            present[e.tag as usize] = true;
        }
        Reference {
            tagger,
            rows,
            present,
            dict,
        }
    }

    fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        let t = self.tagger;
        let info = reference_sentence_info(tokens, &t.class_table);
        let mut out = Vec::new();
        let mut history = History::new();
        for i in 0..tokens.len() {
            // The empty token hashes to 0, the key of an empty dictionary slot, and has
            // always been given tag 0 (`` `` ``) that way.
            let cased = info.cased(i);
            let dict = match cased {
                0 => Some(0),
                _ => self.dict.get(&cased).copied(),
            };
            let fixed = info.forced(i).or(dict);
            let tag = fixed.unwrap_or_else(|| {
                let mut keys = [0u64; N_STATIC + N_DYNAMIC];
                let (s, d) = keys.split_at_mut(N_STATIC);
                info.static_features(i, s.try_into().unwrap());
                info.dynamic_features(i, &history, d.try_into().unwrap());
                let mut scores = [0i32; Tag::COUNT];
                for k in keys {
                    for &(tag, w) in self.rows.get(&k).map_or(&[][..], |r| &r[..]) {
                        scores[tag] += w as i32;
                    }
                }
                let mut best = 0;
                let mut best_score = i32::MIN;
                for (tag, &s) in scores.iter().enumerate() {
                    if self.present[tag] && s > best_score {
                        best = tag;
                        best_score = s;
                    }
                }
                best as u8
            });
            out.push(Tag::ALL[tag as usize]);
            history.push(tag);
        }
        out
    }
}

fn data_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    d.join("ud_english_ewt").exists().then_some(d)
}

/// Token sequences from plain text, split crudely (whitespace, with leading and trailing
/// punctuation split off, sentences cut after `.`, `?` and `!`): any token stream will do
/// to compare two decoders, and odd ones are welcome.
fn crude_sentences(text: &str) -> Vec<Vec<&str>> {
    let mut sentences = vec![Vec::new()];
    for word in text.split_whitespace() {
        let core = word.trim_matches(|c: char| !c.is_alphanumeric());
        let (lead, rest) = word.split_at(word.find(core).unwrap_or(0));
        let (core, trail) = rest.split_at(core.len());
        let s = sentences.last_mut().unwrap();
        s.extend(lead.char_indices().map(|(i, c)| &lead[i..i + c.len_utf8()]));
        if !core.is_empty() {
            s.push(core);
        }
        s.extend(
            trail
                .char_indices()
                .map(|(i, c)| &trail[i..i + c.len_utf8()]),
        );
        if trail.contains(['.', '?', '!']) {
            sentences.push(Vec::new());
        }
    }
    sentences
}

/// The sentence's forms in Title Case and in ALL CAPS, and with the hyphenated words that
/// UD splits (`two` `-` `day`, no spaces around the hyphen) joined into one token.
fn variants(sentence: &conllu::Sentence) -> Vec<Vec<String>> {
    let words = &sentence.words;
    let title = words
        .iter()
        .map(|w| {
            let mut chars = w.form.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    let upper = words.iter().map(|w| w.form.to_uppercase()).collect();
    let mut joined: Vec<String> = Vec::new();
    let mut glue = false;
    for (i, w) in words.iter().enumerate() {
        let hyphen = w.form == "-" && i > 0 && !words[i - 1].space_after() && !w.space_after();
        match joined.last_mut() {
            Some(last) if hyphen || glue => last.push_str(&w.form),
            _ => joined.push(w.form.clone()),
        }
        glue = hyphen;
    }
    vec![title, upper, joined]
}

fn check_same(reference: &Reference, sentences: &[Vec<&str>], what: &str) -> usize {
    let mut out = Vec::new();
    let mut n = 0;
    for s in sentences {
        reference.tagger.tag_into(s, &mut out);
        assert_eq!(out, reference.tag(s), "{what}: {s:?}");
        n += s.len();
    }
    n
}

#[test]
fn tags_equal_the_reference_decoder_on_real_text() {
    let tagger = Tagger::default_model();
    let reference = Reference::new(tagger);
    let odd = [
        vec![],
        vec![""],
        vec![
            "\u{1F600}",
            "日本",
            "ÉTAT",
            "x\u{0301}",
            "http://example.com/a-b",
            "--",
            "\u{2026}",
        ],
        vec!["word"; 300],
        vec![
            "\u{201C}",
            "I",
            "do",
            "n\u{2019}t",
            "know",
            ",",
            "\u{201D}",
            "said",
            "Smith",
            ".",
        ],
        vec![
            "A-B-C-D-E-F-G-H-I-J-K-L-M-N-O-P-Q-R-S-T-U-V-W",
            "1,000,000.00",
            "I",
            "A",
            "Mr.",
        ],
    ];
    check_same(&reference, &odd, "odd input");
    let Some(data) = data_dir() else {
        // CI has the corpora: there their absence is a broken path, not a reason to pass.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "../shared/data/ud_english_ewt is missing, and CI must have it"
        );
        println!("skipped the corpora: ../shared/data not found");
        return;
    };
    let mut n = 0;
    for (dir, prefix) in [("ud_english_ewt", "en_ewt"), ("ud_english_gum", "en_gum")] {
        for split in ["train", "dev", "test"] {
            let f = data.join(dir).join(format!("{prefix}-ud-{split}.conllu"));
            let Ok(sentences) = conllu::read_file(&f) else {
                continue;
            };
            let mut streams: Vec<Vec<String>> = sentences
                .iter()
                .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
                .collect();
            // Headline casings and joined hyphens too, on the smaller splits: the kinds of
            // token stream training sees as well.
            if split != "train" {
                for s in &sentences {
                    streams.extend(variants(s));
                }
            }
            let forms: Vec<Vec<&str>> = streams
                .iter()
                .map(|s| s.iter().map(String::as_str).collect())
                .collect();
            n += check_same(&reference, &forms, &f.display().to_string());
        }
    }
    for split in ["train", "dev"] {
        let Ok(files) = std::fs::read_dir(data.join("polnear").join(split).join("text")) else {
            continue;
        };
        for f in files {
            let f = f.unwrap().path();
            let text = std::fs::read_to_string(&f).unwrap();
            n += check_same(
                &reference,
                &crude_sentences(&text),
                &f.display().to_string(),
            );
        }
    }
    println!("{n} tokens tagged the same as the reference");
}

/// Re-seals `bytes` with a correct checksum after a change.
fn reseal(bytes: &mut [u8]) {
    let n = bytes.len() - 8;
    let sum = hash_bytes(&bytes[..n]);
    bytes[n..].copy_from_slice(&sum.to_le_bytes());
}

#[test]
fn damaged_models_with_valid_checksums_never_panic() {
    let good = Tagger::load_default().unwrap().to_bytes();
    let mut state = 0x9e37_79b9_u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut loaded = 0;
    for round in 0..300 {
        let mut bytes = good.clone();
        // Damage the header fields in early rounds, anywhere later.
        let span = if round < 100 { 120 } else { bytes.len() - 8 };
        for _ in 0..1 + round % 3 {
            let i = next() % span;
            bytes[i] ^= 1 << (next() % 8);
        }
        reseal(&mut bytes);
        if let Ok(t) = Tagger::from_bytes(&bytes) {
            loaded += 1;
            let tags = t.tag(&["The", "minister", "said", "\u{201C}", "no", "\u{201D}", "."]);
            assert_eq!(tags.len(), 7);
        }
    }
    // Most single-bit changes in the weights still give a valid (slightly different) model.
    assert!(loaded > 0);
}
