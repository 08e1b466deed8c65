//! Training one pass of the labeller: a structured averaged perceptron over paragraphs, and
//! the export of its averaged weights into a [`Pass`].

use whosaid_attribution::training::{viterbi, Pass, ROW, START};
use whosaid_attribution::Role;

use super::{EpochReport, Scores, TrainOptions};

const NL: usize = Role::COUNT;

/// The outcome of training one pass.
pub(super) struct Fit {
    /// The averaged model after the epoch kept.
    pub level: Pass,
    /// Its scores on the held-out articles (zero without them).
    pub held_out: Scores,
    /// Scores on the held-out articles after every epoch, when they were given.
    pub epochs: Vec<EpochReport>,
}

/// Trains one pass: a structured averaged perceptron over paragraphs `inputs` (`width` row
/// indexes per token) with gold labels `golds`, and keeps the averaged model after epoch
/// `keep`. With `held_out`, every epoch up to `run` (at least `keep`) is scored on it, so
/// that cross-validation can draw the learning curve past the kept epoch; the scores never
/// choose anything here.
#[allow(clippy::too_many_arguments)]
pub(super) fn fit(
    inputs: &[&[u32]],
    golds: &[&[Role]],
    width: usize,
    options: &TrainOptions,
    keep: usize,
    run: usize,
    max_bytes: usize,
    held_out: Option<&dyn Fn(&Pass) -> Scores>,
    pass: usize,
) -> Fit {
    let keep = keep.max(1);
    let run = if held_out.is_some() {
        run.max(keep)
    } else {
        keep
    };
    let n_rows = 1usize << options.bits;
    let mut replicas: Vec<Replica> = (0..options.replicas)
        .map(|r| Replica {
            w: vec![[0f32; ROW]; n_rows],
            u: vec![[0f64; ROW]; n_rows],
            tw: [[0f32; ROW]; NL + 1],
            tu: [[0f64; ROW]; NL + 1],
            order: (0..inputs.len()).collect(),
            rng: (options.seed ^ (r as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1,
        })
        .collect();
    let mut c: f64 = 1.0;
    let mut scores: Vec<[f32; ROW]> = Vec::new();
    let mut back = Vec::new();
    let mut predicted = Vec::new();
    let mut kept = None;
    let mut kept_scores = Scores::default();
    let mut reports = Vec::new();

    for epoch in 1..=run {
        let mut wrong = 0;
        for replica in &mut replicas {
            let Replica {
                w,
                u,
                tw,
                tu,
                order,
                rng,
            } = replica;
            // Fisher–Yates with xorshift64*, seeded: the same order on every run.
            for i in (1..order.len()).rev() {
                *rng ^= *rng >> 12;
                *rng ^= *rng << 25;
                *rng ^= *rng >> 27;
                let r = rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
                order.swap(i, (r % (i as u64 + 1)) as usize);
            }
            let mut step = c;
            wrong = 0;
            for &e in order.iter() {
                let (indices, gold) = (inputs[e], golds[e]);
                scores.clear();
                for features in indices.chunks_exact(width) {
                    let mut s = [0f32; ROW];
                    for &f in features {
                        for (a, &x) in s.iter_mut().zip(&w[f as usize]) {
                            *a += x;
                        }
                    }
                    scores.push(s);
                }
                viterbi(&scores, tw, &mut back, &mut predicted);
                if predicted != gold {
                    wrong += 1;
                    for (t, (&g, &p)) in gold.iter().zip(&predicted).enumerate() {
                        let (g, p) = (g.index(), p.index());
                        if g != p {
                            for &f in &indices[t * width..(t + 1) * width] {
                                let (row, acc) = (&mut w[f as usize], &mut u[f as usize]);
                                row[g] += 1.0;
                                acc[g] += step;
                                row[p] -= 1.0;
                                acc[p] -= step;
                            }
                        }
                        let gp = if t == 0 { START } else { gold[t - 1].index() };
                        let pp = if t == 0 {
                            START
                        } else {
                            predicted[t - 1].index()
                        };
                        if (gp, g) != (pp, p) {
                            tw[gp][g] += 1.0;
                            tu[gp][g] += step;
                            tw[pp][p] -= 1.0;
                            tu[pp][p] -= step;
                        }
                    }
                }
                step += 1.0;
            }
        }
        c += inputs.len() as f64;

        let Some(held_out) = held_out else {
            if epoch == keep {
                kept = Some(export(&replicas, c, max_bytes));
            }
            continue;
        };
        let level = export(&replicas, c, max_bytes);
        let held_out_scores = held_out(&level);
        if options.verbose {
            eprintln!(
                "pass {pass} epoch {epoch}: {wrong}/{} paragraphs wrong; held-out exact F1 source {:.1} cue {:.1} content {:.1} (mean {:.2}); rows {}",
                inputs.len(),
                100.0 * held_out_scores.exact[0].f1(),
                100.0 * held_out_scores.exact[1].f1(),
                100.0 * held_out_scores.exact[2].f1(),
                100.0 * held_out_scores.mean_exact_f1(),
                level.nonzero_rows(),
            );
        }
        reports.push(EpochReport {
            pass,
            epoch,
            wrong_paragraphs: wrong,
            held_out: held_out_scores,
        });
        if epoch == keep {
            kept = Some(level);
            kept_scores = held_out_scores;
        }
    }
    Fit {
        level: kept.expect("the kept epoch is within the epochs run"),
        held_out: kept_scores,
        epochs: reports,
    }
}

/// One perceptron of a pass: weights, their running sums for averaging, and its own order
/// of the training paragraphs.
struct Replica {
    w: Vec<[f32; ROW]>,
    u: Vec<[f64; ROW]>,
    tw: [[f32; ROW]; NL + 1],
    tu: [[f64; ROW]; NL + 1],
    order: Vec<usize>,
    rng: u64,
}

/// Averages the weights over training (and over the replicas) and quantises them into a
/// pass, keeping the rows with the largest weights when the pass would take more than
/// `max_bytes` of the file.
fn export(replicas: &[Replica], c: f64, max_bytes: usize) -> Pass {
    let k = replicas.len() as f64;
    let average = |pick: &dyn Fn(&Replica) -> (f32, f64)| -> f32 {
        let mut sum = 0f64;
        for r in replicas {
            let (w, u) = pick(r);
            sum += w as f64 - u / c;
        }
        (sum / k) as f32
    };
    let n_rows = replicas[0].w.len();
    let mut weights = vec![[0f32; ROW]; n_rows];
    let mut max_abs = 0f32;
    for (i, out) in weights.iter_mut().enumerate() {
        for (l, x) in out.iter_mut().enumerate().take(NL) {
            *x = average(&|r: &Replica| (r.w[i][l], r.u[i][l]));
            max_abs = max_abs.max(x.abs());
        }
    }
    let mut transition_weights = [[0f32; ROW]; NL + 1];
    for (p, out) in transition_weights.iter_mut().enumerate() {
        for (l, x) in out.iter_mut().enumerate().take(NL) {
            *x = average(&|r: &Replica| (r.tw[p][l], r.tu[p][l]));
            max_abs = max_abs.max(x.abs());
        }
    }
    let scale = if max_abs > 0.0 {
        32767.0 / max_abs
    } else {
        1.0
    };
    let quantise = |x: f32| (x * scale).round().clamp(-32767.0, 32767.0) as i16;
    let mut rows = vec![[0i16; ROW]; n_rows];
    let mut strength = Vec::new();
    for (i, (row, out)) in weights.iter().zip(rows.iter_mut()).enumerate() {
        let mut m = 0i32;
        for l in 0..NL {
            out[l] = quantise(row[l]);
            m = m.max((out[l] as i32).abs());
        }
        if m > 0 {
            strength.push((m, i));
        }
    }
    let budget = max_bytes.saturating_sub(256) / (4 + 2 * NL);
    if strength.len() > budget {
        // Drop the weakest rows; ties broken by index, so the result is deterministic.
        strength.sort_unstable();
        let drop = strength.len() - budget;
        for &(_, i) in &strength[..drop] {
            rows[i] = [0; ROW];
        }
    }
    let mut transitions = [[0i16; ROW]; NL + 1];
    for (row, out) in transition_weights.iter().zip(transitions.iter_mut()) {
        for l in 0..NL {
            out[l] = quantise(row[l]);
        }
    }
    Pass::new(scale, transitions, rows)
}
