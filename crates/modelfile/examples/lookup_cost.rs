//! What a hashed weight lookup costs on this machine, by the size of the table: the physics
//! behind every model's speed (the tagger, the parser and the labeller all sum rows of a hashed
//! weight table per feature, and all prefetch the rows of the next tokens while summing the
//! current one).
//!
//! For each table size, sums `FEATURES` random rows of eight `i16` (16 bytes, the labeller's
//! row) per "token" over many tokens, prefetching the rows of the token `AHEAD` places ahead
//! exactly as the labeller's decoding does, and prints nanoseconds per lookup and the lookups
//! a token may make at 10 MB/s of text (about 5.3 bytes of text per token in news, as
//! `cargo run --release -p whosaid-attribution --example lookup_counts` counts on PolNeAR),
//! if lookups were all it did.
//!
//! `cargo run --release -p whosaid-modelfile --example lookup_cost`

use std::hint::black_box;
use std::time::Instant;

use whosaid_modelfile::prefetch;

const FEATURES: usize = 64;
const AHEAD: usize = 3;
const TOKENS: usize = 200_000;

/// SplitMix64: the random row indexes (feature hashes are uniform over the table).
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn main() {
    let mut seed = 0x5eed;
    println!("table       ns per lookup   lookups per token at 10 MB/s");
    for bits in [12u32, 14, 16, 17, 18, 19, 20, 22] {
        let rows: Vec<[i16; 8]> = (0..1usize << bits)
            .map(|i| [(i & 0x7fff) as i16; 8])
            .collect();
        let indices: Vec<u32> = (0..TOKENS * FEATURES)
            .map(|_| (next(&mut seed) >> (64 - bits)) as u32)
            .collect();
        let mut best = f64::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            let mut total = [0i32; 8];
            for (t, features) in indices.chunks_exact(FEATURES).enumerate() {
                if let Some(ahead) = indices.get((t + AHEAD) * FEATURES..(t + AHEAD + 1) * FEATURES)
                {
                    for &f in ahead {
                        prefetch(rows.as_ptr().wrapping_add(f as usize));
                    }
                }
                let mut s = [0i32; 8];
                for &f in features {
                    for (a, &w) in s.iter_mut().zip(&rows[f as usize]) {
                        *a += i32::from(w);
                    }
                }
                for (a, b) in total.iter_mut().zip(s) {
                    *a = a.wrapping_add(b);
                }
            }
            black_box(total);
            best = best.min(start.elapsed().as_secs_f64());
        }
        let ns = best * 1e9 / (TOKENS * FEATURES) as f64;
        // 10 MB/s of text at about 5.3 bytes per token: 530 ns per token.
        let budget = 530.0 / ns;
        println!(
            "{:>7} KB  {ns:>13.2}   {budget:>10.0}",
            (16usize << bits) / 1024
        );
    }
}
