//! Greedy decoding: tagging a sentence with the weight table, left to right, the previous two
//! predicted tags as history.

use std::cell::RefCell;

use super::{Tagger, NO_SLOT};
use crate::features::{History, SentenceInfo, N_WORD};
use crate::tag::Tag;

/// Working memory of one tagging call, kept per thread so that tagging allocates nothing once
/// warmed up.
#[derive(Default)]
struct Scratch {
    info: SentenceInfo,
    buf: String,
    fixed: Vec<u8>,
    todo: Vec<usize>,
    keys: Vec<[u64; N_WORD]>,
    found: Vec<[u32; N_WORD]>,
    scores: Vec<[i16; 64]>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Tagger {
    /// Tags one sentence of tokens (as whosaid's tokenizer splits them), one tag per token.
    ///
    /// Tokens may use curly or straight quotes and apostrophes, and hyphenated words may be one
    /// token (`US-based`) or three (`US` `-` `based`). Pass one sentence at a time: the first
    /// word and the casing of the whole sentence (headlines) are features.
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(tokens.len());
        self.tag_into(tokens, &mut out);
        out
    }

    /// Like [`Tagger::tag`], but clears `out` and writes the tags there, so that a caller
    /// tagging many sentences can reuse one buffer.
    pub fn tag_into<S: AsRef<str>>(&self, tokens: &[S], out: &mut Vec<Tag>) {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => self.tag_with(tokens, &mut scratch, out),
            Err(_) => self.tag_with(tokens, &mut Scratch::default(), out),
        })
    }

    /// [`Tagger::tag_into`] with explicit working memory.
    fn tag_with<S: AsRef<str>>(&self, tokens: &[S], scratch: &mut Scratch, out: &mut Vec<Tag>) {
        out.clear();
        let Scratch {
            info,
            buf,
            fixed,
            todo,
            keys,
            found,
            scores,
        } = scratch;
        info.fill(tokens, buf, &self.class_table);
        let n = info.len();

        // Tokens whose tag is known without scoring: curly quotes, dictionary words.
        fixed.clear();
        fixed.extend((0..n).map(|i| {
            info.forced(i)
                .or_else(|| self.dict_tag(info.cased(i)))
                .unwrap_or(u8::MAX)
        }));

        // Greedy decoding, left to right. Table lookups are memory-bound, so they are issued
        // early: the tag-independent ("static") part of the scores is computed AHEAD tokens in
        // advance, as the last step of a pipeline that prefetches the table slots of a token,
        // then, a token later, finds its slots and prefetches the weights kept outside them,
        // and adds them a token later still. It runs while the slots of the current token's
        // tag-history features, prefetched first, load.
        const AHEAD: usize = 2;
        todo.clear();
        todo.extend((0..n).filter(|&i| fixed[i] == u8::MAX));
        let m = todo.len();
        keys.clear();
        scores.clear();
        for &i in todo.iter() {
            let mut k = [0u64; N_WORD];
            info.word_features(i, &mut k);
            keys.push(k);
            scores.push(self.contexts[info.context(i)].0);
        }
        for k in keys.iter().take(2) {
            k.iter().for_each(|&k| self.prefetch(k));
        }
        found.clear();
        found.resize(m, [NO_SLOT; N_WORD]);
        if let (Some(k), Some(f)) = (keys.first(), found.first_mut()) {
            self.find_all(k, f);
        }
        let mut done = 0; // static scores are computed for todo[..done]
        let mut next = 0; // todo[next] is the next token to decode by score
        let mut history = History::new();
        for (i, &f) in fixed.iter().enumerate() {
            let tag = if f != u8::MAX {
                f
            } else {
                let dynamic = info.word_history_features(i, &history);
                dynamic.iter().for_each(|&k| self.prefetch(k));
                while done < (next + AHEAD + 1).min(m) {
                    if let Some(k) = keys.get(done + 2) {
                        k.iter().for_each(|&k| self.prefetch(k));
                    }
                    if let (Some(k), Some(f)) = (keys.get(done + 1), found.get_mut(done + 1)) {
                        self.find_all(k, f);
                    }
                    for &f in &found[done] {
                        if f != NO_SLOT {
                            self.add_slot(&self.slots[f as usize], &mut scores[done]);
                        }
                    }
                    done += 1;
                }
                let s = &mut scores[next];
                next += 1;
                Tagger::add_row(&self.histories[history.index()], s);
                for &k in &dynamic {
                    self.add(k, s);
                }
                Tagger::best(s)
            };
            out.push(Tag::ALL[tag as usize]);
            history.push(tag);
        }
    }
}
