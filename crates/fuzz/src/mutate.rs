//! A small deterministic mutator, for a bounded fuzzing run on stable Rust in the tests: the
//! seeds, then byte flips, insertions of tokens the formats are made of, deletions,
//! duplications and splices of seeds, from a fixed random seed, so that a failure found once
//! is found again on the same commit.

/// xorshift64*: small, fast, and enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (which must not be 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// What the formats are made of: tokens a byte-level mutator would take long to find.
pub const TOKENS: &[&[u8]] = &[
    b"WARC/1.0\r\n",
    b"Content-Length: ",
    b"Content-Length: 99999999999\r\n",
    b"Content-Encoding: gzip\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"\r\n\r\n",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    b"<div>",
    b"</div>",
    b"<span>",
    b"<p>",
    b"<script>",
    b"<!--",
    b"-->",
    b"&amp;",
    b"&#x10FFFF;",
    b"<meta property=\"article:published_time\" content=\"",
    b"<link rel=\"canonical\" href=\"https://evil.example/x\">",
    b"{\"url\": \"https://evil.example/\"}",
    b"{\"text\": \"",
    b"\xef\xbb\xbf",
    b"\xff",
    "é".as_bytes(),
    "“".as_bytes(),
    b"\" he said.",
    b"2019-11-19T13:03:0",
    b"q=",
    b"from=",
    b"speaker=",
    b"limit=",
    b"offset=",
    b"\"",
    b"*",
];

/// One mutation of `input`, maybe spliced with `other`.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], max_len: usize) -> Vec<u8> {
    let mut out = input.to_vec();
    let steps = 1 + rng.below(4);
    for _ in 0..steps {
        let at = if out.is_empty() {
            0
        } else {
            rng.below(out.len() + 1)
        };
        match rng.below(6) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                out.splice(at..at, token.iter().copied());
            }
            2 if !out.is_empty() => {
                let end = (at + 1 + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            3 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(256)).min(out.len());
                let copy = out[start..end].to_vec();
                let times = 1 + rng.below(8);
                for _ in 0..times {
                    out.splice(at..at, copy.iter().copied());
                }
            }
            4 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(1024)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                let byte = rng.next_u64() as u8;
                out.insert(at, byte);
            }
        }
    }
    out.truncate(max_len);
    out
}
