//! `whosaid eval`: accuracy against annotated data, printed as tables and optionally written as
//! JSON. The scoring itself belongs to `whosaid-eval`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use whosaid_extract::Extractor;

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("data").required(true).args(["gold", "main_text", "news"]))]
pub struct EvalArgs {
    /// A PolNeAR split: DIR/text/*.txt and DIR/attributions/*.ann, with metadata.tsv in DIR's
    /// parent (e.g. ../shared/data/polnear/dev).
    #[arg(long, value_name = "DIR")]
    gold: Option<PathBuf>,

    /// Score main-text extraction from HTML instead, on the news-html pages: DIR/html/*.html.gz
    /// and DIR/ground-truth.json (e.g. ../shared/data/news-html).
    #[arg(long, value_name = "DIR")]
    main_text: Option<PathBuf>,

    /// Score who said what on the hand-annotated news set (docs/news-annotation.md): the gold
    /// bodies of the news-html pages in DIR (e.g. ../shared/data/news-html), the annotations
    /// shipped with whosaid unless --annotations names others.
    #[arg(long, value_name = "DIR")]
    news: Option<PathBuf>,

    /// With --news: score the `tune` part, the `heldout` part, or `all` (each part's figures
    /// are printed apart).
    #[arg(long, value_name = "PART", default_value = "all", requires = "news")]
    part: String,

    /// With --news: the annotations to score against (a JSON line per article, as shipped in
    /// crates/eval/data/news/annotations.jsonl).
    #[arg(long, value_name = "FILE", requires = "news")]
    annotations: Option<PathBuf>,

    /// With --news: instead of running whosaid, score the second annotator's redo of some
    /// articles against the first annotator's: the agreement between people.
    #[arg(long, requires = "news", conflicts_with = "models")]
    agreement: bool,

    /// With --news --part tune: fit the confidence model on the tuning part (the statements
    /// whosaid finds there, scored against the annotations) and write it to FILE, then score
    /// with it. Copy FILE to crates/extract/models/news-confidence.bin to ship it, or put it in
    /// a --models directory.
    #[arg(
        long,
        value_name = "FILE",
        requires = "news",
        conflicts_with = "agreement"
    )]
    fit_confidence: Option<PathBuf>,

    /// With --fit-confidence: PolNeAR train (e.g. ../shared/data/polnear/train), whose
    /// attribution F1 the threshold may not lower by more than 0.2 points.
    #[arg(long, value_name = "DIR", requires = "fit_confidence")]
    polnear_train: Option<PathBuf>,

    /// With --main-text: score the pages DIR/splits.tsv puts in this split, or `all` for every
    /// page. The `reserved` pages are kept for independent evaluation: score them only to
    /// report, never while choosing rules.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "dev",
        requires = "main_text"
    )]
    split: String,

    /// Score this `whosaid extract --format jsonl` output (or another system's, in the same
    /// format) instead of running the extractor. With --main-text, each line needs "id" (the
    /// page's file name or path) and "text".
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,

    /// GUM in CoNLL-U (the folder holding en_gum-ud-dev.conllu), for the speaker-resolution
    /// measure [default: ud_english_gum beside the PolNeAR folder, when present].
    #[arg(long, value_name = "DIR")]
    gum: Option<PathBuf>,

    /// Also write the figures as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,

    /// Run the extractor with the models in DIR, as `whosaid train --out DIR` writes them
    /// (en-ewt-xpos.bin and polnear-roles.bin), instead of the ones built in.
    #[arg(long, value_name = "DIR", conflicts_with = "predictions")]
    models: Option<PathBuf>,

    /// Which attributions the extractor counts (see `whosaid extract --convention`)
    /// [default: polnear with --gold, news with --news]: each corpus is scored under its own
    /// annotation convention.
    #[arg(long, value_name = "CONVENTION", value_parser = crate::extract_cmd::convention, conflicts_with = "predictions")]
    convention: Option<whosaid_extract::Convention>,

    /// Score the extractor with these rules switched off (names as `whosaid extract
    /// --list-rules` prints them): what a rule does on PolNeAR or on the news set.
    #[arg(long, value_name = "RULE,...", value_parser = crate::extract_cmd::rules, conflicts_with = "predictions")]
    without_rules: Option<whosaid_extract::Rules>,

    /// With --gold: cross-validate over that split (PolNeAR train) in K folds of articles
    /// instead: train a labeller on every K-1 folds, score the extractor on the fold left out,
    /// and print each fold, the mean and spread, and the labeller's learning curve. Choices of
    /// features, epochs and rules are made on these figures; dev is only a check. Training
    /// takes minutes a fold (folds run in parallel, one a core).
    #[arg(
        long,
        value_name = "K",
        requires = "gold",
        conflicts_with_all = ["predictions", "models", "news", "main_text"]
    )]
    cv: Option<usize>,

    /// With --cv: keep the fold labellers in DIR and reuse them on the next run (a file trained
    /// on other folds or options is an error, never reused).
    #[arg(long, value_name = "DIR", requires = "cv")]
    cv_models: Option<PathBuf>,

    /// With --cv: epochs of the labeller's two passes [default: the shipped model's].
    #[arg(long, value_name = "N,M", requires = "cv")]
    cv_epochs: Option<String>,

    /// With --cv: also score each fold with every statement rule left out in turn (`whosaid
    /// extract --list-rules` lists them), and print what each rule does on the folds: the
    /// measure that keeps a rule or drops it.
    #[arg(long, requires = "cv")]
    cv_ablate: bool,

    /// With --cv: train each fold up to this many epochs, scoring every one on the held-out
    /// fold, to draw the learning curve past the kept epochs (0: no curve).
    #[arg(long, value_name = "N", requires = "cv", default_value_t = 15)]
    cv_curve: usize,

    /// With --cv: epochs of the labeller's boundary stage, trained for each fold on the other
    /// folds' articles as each fold's labeller labels them (0: no stage) [default: the shipped
    /// model's].
    #[arg(long, value_name = "N", requires = "cv")]
    cv_boundary_epochs: Option<usize>,

    /// With --cv: log2 of the number of weight rows of each of the labeller's passes (8 to 24;
    /// a smaller table is faster to look up, see docs/speed.md) [default: the shipped
    /// model's].
    #[arg(long, value_name = "BITS", requires = "cv",
          value_parser = clap::value_parser!(u32).range(8..=24))]
    cv_bits: Option<u32>,

    /// With --cv: train each fold's labeller with its first pass only, without the stacked
    /// second pass (what the second pass is worth against what it costs, see docs/speed.md).
    #[arg(long, requires = "cv")]
    cv_one_pass: bool,
}

pub fn run(args: EvalArgs) -> ExitCode {
    let gold = match (&args.gold, &args.main_text, &args.news) {
        (Some(gold), _, _) => gold.clone(),
        (None, Some(dir), _) => return run_main_text(dir, &args),
        (None, None, Some(dir)) => return run_news(dir, &args),
        (None, None, None) => unreachable!("clap requires one of them"),
    };
    if let Some(folds) = args.cv {
        return run_cv(&gold, folds, &args);
    }
    let Some(extractor) = extractor(&args) else {
        return ExitCode::FAILURE;
    };
    let report = match &args.predictions {
        Some(predictions) => whosaid_eval::score_jsonl(&gold, predictions),
        None => whosaid_eval::run_polnear(&extractor, &gold),
    };
    let report = match report {
        Ok(report) => report,
        Err(error) => {
            crate::error(&error.to_string());
            return ExitCode::FAILURE;
        }
    };
    println!("PolNeAR ({}):\n{report}", gold.display());

    // Speaker resolution needs the extractor's entities, so it runs only on live extraction.
    let gum_dir = args.gum.clone().or_else(|| default_gum_dir(&gold));
    let resolution = match (&args.predictions, gum_dir) {
        (None, Some(dir)) => match whosaid_eval::gum::run(&extractor, &dir) {
            Ok(resolution) => {
                println!(
                    "Speaker resolution on GUM dev ({}):\n{resolution}",
                    dir.display()
                );
                Some(resolution)
            }
            Err(error) => {
                crate::error(&error.to_string());
                return ExitCode::FAILURE;
            }
        },
        _ => None,
    };

    if let Some(path) = &args.json {
        let figures = serde_json::json!({
            "gold": gold,
            "polnear": report,
            "speaker_resolution": resolution,
        });
        return write_json(path, &figures);
    }
    ExitCode::SUCCESS
}

fn run_cv(gold: &Path, folds: usize, args: &EvalArgs) -> ExitCode {
    use whosaid_eval::cv;
    let mut train = whosaid_train::roles::TrainOptions {
        curve_epochs: args.cv_curve,
        ..Default::default()
    };
    if let Some(epochs) = &args.cv_epochs {
        let parsed = epochs
            .split_once(',')
            .and_then(|(a, b)| Some([a.trim().parse().ok()?, b.trim().parse().ok()?]));
        match parsed {
            Some(epochs) if !epochs.contains(&0) => train.epochs = epochs,
            _ => {
                crate::error(&format!(
                    "--cv-epochs {epochs:?}: expected two epoch counts of at least 1, as N,M"
                ));
                return ExitCode::FAILURE;
            }
        }
    }
    if let Some(bits) = args.cv_bits {
        train.bits = bits;
    }
    if args.cv_one_pass {
        train.stacking = false;
    }
    let mut boundary = whosaid_train::roles::BoundaryOptions::default();
    if let Some(epochs) = args.cv_boundary_epochs {
        boundary.epochs = epochs;
    }
    let rules = convention(args).rules();
    let options = cv::CvOptions {
        folds,
        train,
        boundary,
        models_dir: args.cv_models.clone(),
        rules,
        variants: if args.cv_ablate {
            // Speaker rules change who a source is, which PolNeAR's spans do not score.
            // The rules of the convention scored; ablating one it lacks would change nothing.
            rules
                .iter()
                .filter(|rule| rule.stage() == whosaid_extract::rules::Stage::Statements)
                .map(|rule| (rule.name().to_string(), rules.without(rule)))
                .collect()
        } else {
            Vec::new()
        },
    };
    let report = match cv::cross_validate(gold, &options) {
        Ok(report) => report,
        Err(error) => {
            crate::error(&error.to_string());
            return ExitCode::FAILURE;
        }
    };
    println!("PolNeAR ({}), {report}", gold.display());
    if let Some(path) = &args.json {
        let summary: Vec<_> = cv::FIGURES
            .iter()
            .zip(report.summary())
            .map(|(name, (mean, sd))| serde_json::json!({"figure": name, "mean": mean, "sd": sd}))
            .collect();
        let figures = serde_json::json!({
            "gold": gold,
            "cross_validation": report,
            "summary": summary,
            "rule_effects": report.effects(),
        });
        return write_json(path, &figures);
    }
    ExitCode::SUCCESS
}

/// The extractor with the shipped models, or with those of --models (an error is printed).
fn extractor(args: &EvalArgs) -> Option<Extractor> {
    let extractor = match args.models.as_deref().map(Extractor::with_models_in) {
        None => Extractor::new(),
        Some(Ok(extractor)) => extractor,
        Some(Err(error)) => {
            crate::error(&error.to_string());
            return None;
        }
    };
    let off = args.without_rules.unwrap_or(whosaid_extract::Rules::none());
    Some(extractor.with_rules(convention(args).rules().except(off)))
}

/// The convention the extractor is scored under: the one asked for, else the scored corpus's.
fn convention(args: &EvalArgs) -> whosaid_extract::Convention {
    use whosaid_extract::Convention;
    args.convention.unwrap_or(if args.news.is_some() {
        Convention::News
    } else {
        Convention::PolNear
    })
}

fn run_news(dir: &Path, args: &EvalArgs) -> ExitCode {
    use whosaid_eval::news;
    let Some(part) = news::Part::from_name(&args.part) else {
        crate::error(&format!(
            "--part {}: not a part (tune, heldout or all)",
            args.part
        ));
        return ExitCode::FAILURE;
    };
    let shipped = Path::new("crates/eval/data/news/annotations.jsonl");
    let loaded = match &args.annotations {
        Some(path) => news::read_annotations(path).map(|articles| (articles, path.as_path())),
        None => news::parse_annotations(news::ANNOTATIONS, shipped).map(|a| (a, shipped)),
    }
    .and_then(|(articles, origin)| news::load(dir, articles, part, origin));
    let gold = match loaded {
        Ok(gold) => gold,
        Err(error) => {
            crate::error(&error.to_string());
            return ExitCode::FAILURE;
        }
    };
    let (what, scores) = if args.agreement {
        let second = Path::new("crates/eval/data/news/second-annotator.jsonl");
        match news::parse_annotations(news::SECOND_ANNOTATOR, second) {
            Ok(second) => (
                "the second annotator against the first",
                news::agreement(&gold, &second),
            ),
            Err(error) => {
                crate::error(&error.to_string());
                return ExitCode::FAILURE;
            }
        }
    } else {
        let Some(mut extractor) = extractor(args) else {
            return ExitCode::FAILURE;
        };
        if let Some(out) = &args.fit_confidence {
            // Fitting on what is measured would make the held-out figures meaningless.
            if part != news::Part::Tune {
                crate::error("--fit-confidence fits on the tuning part only: give --part tune");
                return ExitCode::FAILURE;
            }
            let polnear = match &args.polnear_train {
                Some(dir) => match whosaid_eval::polnear::load(dir) {
                    Ok(articles) => articles,
                    Err(error) => {
                        crate::error(&error.to_string());
                        return ExitCode::FAILURE;
                    }
                },
                None => Vec::new(),
            };
            let (model, report) = news::fit::fit(&extractor, &gold, &polnear);
            if let Err(error) = std::fs::write(out, model.to_bytes()) {
                crate::error(&format!("{}: cannot write: {error}", out.display()));
                return ExitCode::FAILURE;
            }
            println!(
                "Fitted the confidence model on {} statements ({} matched): threshold {:.2} \
                 (who-said-what F1 {:.1}, {:.1} without); written to {}",
                report.statements,
                report.matched,
                report.threshold,
                100.0 * report.f1.0,
                100.0 * report.f1.1,
                out.display()
            );
            println!(
                "Confidence: penalty {}, cross-validated calibration error {:.3}",
                report.penalty, report.cross_validated_calibration_error
            );
            if let Some((at, none)) = report.polnear {
                println!(
                    "PolNeAR train attribution F1 {:.1} at that threshold, {:.1} without",
                    100.0 * at,
                    100.0 * none
                );
            }
            for (name, (right, statement)) in whosaid_extract::EVIDENCE_FEATURES
                .iter()
                .zip(model.right.iter().zip(&model.statement))
            {
                println!("  {name:<40} right {right:>7.3}   statement {statement:>7.3}");
            }
            extractor = extractor.with_confidence(model);
        }
        ("whosaid", news::run(&extractor, &gold))
    };
    println!(
        "Who said what on the news set ({}), {what}:\n{scores}",
        dir.display()
    );
    match &args.json {
        Some(path) => write_json(
            path,
            &serde_json::json!({ "gold": dir, "scored": what, "news": scores }),
        ),
        None => ExitCode::SUCCESS,
    }
}

fn run_main_text(dir: &Path, args: &EvalArgs) -> ExitCode {
    let pages = whosaid_eval::main_text::Pages::from_name(&args.split);
    let report = match &args.predictions {
        Some(predictions) => whosaid_eval::main_text::score_jsonl(dir, &pages, predictions),
        None => whosaid_eval::main_text::run(dir, &pages),
    };
    let report = match report {
        Ok(report) => report,
        Err(error) => {
            crate::error(&error.to_string());
            return ExitCode::FAILURE;
        }
    };
    let source = match &args.predictions {
        Some(path) => path.display().to_string(),
        None => "whosaid".to_owned(),
    };
    println!(
        "Main text of {} (split {}, {source}), token figures:\n{report}",
        dir.display(),
        args.split
    );
    match &args.json {
        Some(path) => write_json(
            path,
            &serde_json::json!({ "gold": dir, "split": args.split, "main_text": report }),
        ),
        None => ExitCode::SUCCESS,
    }
}

fn write_json(path: &Path, figures: &serde_json::Value) -> ExitCode {
    let written = serde_json::to_string_pretty(figures)
        .map_err(std::io::Error::other)
        .and_then(|json| std::fs::write(path, json + "\n"));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            crate::error(&format!("{}: {error}", path.display()));
            ExitCode::FAILURE
        }
    }
}

/// `polnear/dev` → `ud_english_gum`, the layout of the shared data folder.
fn default_gum_dir(gold: &Path) -> Option<PathBuf> {
    let dir = gold.parent()?.parent()?.join("ud_english_gum");
    dir.join("en_gum-ud-dev.conllu").is_file().then_some(dir)
}
