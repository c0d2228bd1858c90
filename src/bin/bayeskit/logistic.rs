//! `bayeskit logistic train|predict|eval|inspect|export`: options and printing only.

use crate::{err, CliResult};
use bayeskit::logistic::{
    evaluate, read_phrases, read_svmlight, train_with_progress, Dataset, EvalOptions, FeatureSpace, IdBase,
    Model, PhraseFeatures, PhraseOptions, ReadReport, SvmlightOptions, TrainOptions,
};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum LogisticCmd {
    /// Train a sparse multinomial logistic model with an elastic-net penalty.
    Train {
        /// Training data (svmlight, or labelled phrase TSV).
        data: PathBuf,
        /// Penalty weight λ (scikit-learn's C = 1/(λN)).
        #[arg(long, default_value_t = 1e-3)]
        lambda: f64,
        /// Elastic-net mix ρ in [0, 1]: 1 is the lasso, 0 ridge.
        #[arg(long, default_value_t = 0.5)]
        l1_ratio: f64,
        #[command(flatten)]
        input: DataArgs,
        /// Phrase TSV: keep the N most frequent phrases.
        #[arg(long)]
        max_features: Option<usize>,
        /// Phrase TSV: keep phrases whose total count is at least C.
        #[arg(long, default_value_t = 1)]
        min_count: u64,
        /// Phrase TSV: hash phrases into 2^B ids (MurmurHash3, seed 42, as Spark's HashingTF)
        /// instead of building a dictionary.
        #[arg(long, value_name = "B")]
        hash_bits: Option<u32>,
        /// Stop when the minimum-norm subgradient's ∞-norm is at most T.
        #[arg(long, default_value_t = 1e-7)]
        tol: f64,
        /// Most (proximal Newton) iterations.
        #[arg(long, default_value_t = 1000)]
        max_iter: u32,
        /// Threads for the gradient pass of each iteration (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Where to write the model.
        #[arg(short, long)]
        output: PathBuf,
        /// Print one JSON object instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// Print each row's predicted class and class probabilities (TSV).
    Predict {
        model: PathBuf,
        data: PathBuf,
        #[command(flatten)]
        input: DataArgs,
    },
    /// Log-loss, accuracy, per-class precision/recall and the confusion matrix.
    Eval {
        model: PathBuf,
        data: PathBuf,
        #[command(flatten)]
        input: DataArgs,
        /// Clip each row's loss at −ln ε and report how many rows were clipped.
        #[arg(long, value_name = "EPS")]
        clip: Option<f64>,
        #[arg(long)]
        json: bool,
    },
    /// The strongest features of each class.
    Inspect {
        model: PathBuf,
        /// How many per class.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// The whole model as JSON.
    Export {
        model: PathBuf,
        /// JSON (the only export format).
        #[arg(long, required = true)]
        json: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `label id:value ...` (libsvm).
    Svmlight,
    /// `label<TAB>phrase:count<TAB>...` (the original trainer's input).
    Tsv,
}

/// How to read a data file.
#[derive(Args)]
pub struct DataArgs {
    /// Input format (default: tsv for *.tsv, svmlight otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// svmlight: ids start at 0 (default: 1, as libsvm).
    #[arg(long)]
    zero_based: bool,
    /// Skip malformed rows (reported on stderr) instead of stopping.
    #[arg(long)]
    skip_bad: bool,
}

impl DataArgs {
    fn format(&self, path: &Path) -> Format {
        self.format.unwrap_or_else(|| {
            if path.extension().is_some_and(|e| e == "tsv") {
                Format::Tsv
            } else {
                Format::Svmlight
            }
        })
    }

    /// Reads `path`; for a model's data (`space` given) the phrases are looked up in
    /// the model's dictionary or hashing and svmlight ids are bounded by its size.
    fn read(&self, path: &Path, phrases: PhraseFeatures, n_features: Option<usize>) -> CliResult<Dataset> {
        let (d, report) = match self.format(path) {
            Format::Tsv => read_phrases(
                path,
                &PhraseOptions {
                    features: phrases,
                    skip_bad: self.skip_bad,
                },
            ),
            Format::Svmlight => {
                let id_base = if self.zero_based {
                    IdBase::Zero
                } else {
                    IdBase::One
                };
                read_svmlight(
                    path,
                    &SvmlightOptions {
                        id_base,
                        n_features,
                        skip_bad: self.skip_bad,
                    },
                )
            }
        }
        .map_err(err)?;
        report_skips(&report);
        Ok(d)
    }

    fn read_for(&self, path: &Path, model: &Model) -> CliResult<Dataset> {
        let d = match model.features() {
            FeatureSpace::Indexed { n } => {
                self.read(path, PhraseFeatures::Fixed(model.features().clone()), Some(*n))
            }
            space => self.read(path, PhraseFeatures::Fixed(space.clone()), Some(space.len())),
        }?;
        d.relabel(model.labels()).map_err(err)
    }
}

fn report_skips(r: &ReadReport) {
    if r.skipped > 0 {
        eprintln!(
            "bayeskit: skipped {} bad rows; the first: {}",
            r.skipped,
            r.first_skipped.as_deref().unwrap_or("")
        );
    }
}

fn load(path: &Path) -> CliResult<Model> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(cmd: LogisticCmd) -> CliResult<()> {
    match cmd {
        LogisticCmd::Train {
            data,
            lambda,
            l1_ratio,
            input,
            max_features,
            min_count,
            hash_bits,
            tol,
            max_iter,
            threads,
            output,
            json,
        } => {
            let phrases = match hash_bits {
                Some(bits) => PhraseFeatures::Hashing { bits, seed: 42 },
                None => PhraseFeatures::Dictionary {
                    max_features,
                    min_count,
                },
            };
            let d = input.read(&data, phrases, None)?;
            let threads =
                threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            let opts = TrainOptions {
                lambda,
                l1_ratio,
                tol,
                max_iter,
                class_weights: None,
                threads,
                ..TrainOptions::default()
            };
            let show = std::io::stderr().is_terminal();
            let t = std::time::Instant::now();
            let m = train_with_progress(&d, &opts, &mut |pass, v| {
                if show && t.elapsed().as_secs() >= 1 {
                    eprint!("\riteration {pass:>5}   subgradient {v:.2e}   ");
                }
            })
            .map_err(err)?;
            if show && t.elapsed().as_secs() >= 1 {
                eprintln!();
            }
            std::fs::write(&output, m.to_bytes()).map_err(|e| format!("{}: {e}", output.display()))?;
            let i = m.info();
            if json {
                let v = json!({
                    "objective": i.objective, "iterations": i.iterations, "converged": i.converged,
                    "grad_norm": i.grad_norm, "nnz": m.nnz(), "stored_features": m.stored_features().len(),
                    "features": m.features().len(), "classes": m.labels(), "rows": i.rows,
                    "lambda": i.lambda, "l1_ratio": i.l1_ratio, "tol": i.tol,
                    "seconds": t.elapsed().as_secs_f64(), "model": output.display().to_string(),
                });
                println!("{v}");
            } else {
                println!(
                    "rows        {}   classes {:?}   features {}",
                    i.rows,
                    m.labels(),
                    m.features().len()
                );
                println!("objective   {:.10}", i.objective);
                println!(
                    "converged   {}   ({} passes, subgradient {:.2e} ≤ tol {:.0e})",
                    i.converged, i.iterations, i.grad_norm, i.tol
                );
                println!(
                    "non-zeros   {} weights on {} features",
                    m.nnz(),
                    m.stored_features().len()
                );
                println!("model       {}", output.display());
            }
            if !i.converged {
                return Err(format!(
                    "training did not converge in {} passes (model written anyway)",
                    i.iterations
                ));
            }
            Ok(())
        }
        LogisticCmd::Predict { model, data, input } => {
            let m = load(&model)?;
            let d = input.read_for(&data, &m)?;
            let k = m.classes();
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let io = |e: std::io::Error| e.to_string();
            write!(out, "predicted").map_err(io)?;
            for l in m.labels() {
                write!(out, "\tp_{l}").map_err(io)?;
            }
            writeln!(out).map_err(io)?;
            let mut p = vec![0.0; k];
            for i in 0..d.x.rows() {
                let (ids, vals) = d.x.row(i);
                m.predict_proba(ids, vals, &mut p).map_err(err)?;
                let best = (0..k).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(0);
                write!(out, "{}", m.labels()[best]).map_err(io)?;
                for v in &p {
                    write!(out, "\t{v:.6}").map_err(io)?;
                }
                writeln!(out).map_err(io)?;
            }
            out.flush().map_err(io)
        }
        LogisticCmd::Eval {
            model,
            data,
            input,
            clip,
            json,
        } => {
            let m = load(&model)?;
            let d = input.read_for(&data, &m)?;
            let e = evaluate(&m, &d, &EvalOptions { clip }).map_err(err)?;
            let nan_null = |v: &[f64]| -> Vec<serde_json::Value> {
                v.iter()
                    .map(|&x| {
                        if x.is_finite() {
                            json!(x)
                        } else {
                            serde_json::Value::Null
                        }
                    })
                    .collect()
            };
            if json {
                let v = json!({
                    "log_loss": if e.log_loss.is_finite() { json!(e.log_loss) } else { json!("inf") },
                    "clipped": e.clipped, "clip": clip, "accuracy": e.accuracy, "rows": e.rows,
                    "classes": m.labels(), "precision": nan_null(&e.precision), "recall": nan_null(&e.recall),
                    "confusion": e.confusion,
                });
                println!("{v}");
            } else {
                println!("rows        {}", e.rows);
                match clip {
                    Some(eps) => println!(
                        "log-loss    {:.6}   ({} rows clipped at ε = {eps:e})",
                        e.log_loss, e.clipped
                    ),
                    None => println!("log-loss    {:.6}", e.log_loss),
                }
                println!("accuracy    {:.4}", e.accuracy);
                println!("{:<12} {:>10} {:>10}", "class", "precision", "recall");
                for (c, l) in m.labels().iter().enumerate() {
                    println!("{l:<12} {:>10.4} {:>10.4}", e.precision[c], e.recall[c]);
                }
                println!("confusion (rows: true class, columns: predicted)");
                for (c, l) in m.labels().iter().enumerate() {
                    let cells: Vec<String> = e.confusion[c].iter().map(|v| format!("{v:>8}")).collect();
                    println!("{l:<12} {}", cells.join(" "));
                }
            }
            Ok(())
        }
        LogisticCmd::Inspect { model, top } => {
            let m = load(&model)?;
            inspect(&m, top);
            Ok(())
        }
        LogisticCmd::Export { model, json: _ } => {
            println!(
                "{}",
                serde_json::to_string_pretty(&load(&model)?.to_json()).map_err(|e| e.to_string())?
            );
            Ok(())
        }
    }
}

/// A feature's name (its phrase, or `#id` / `hash:id`).
pub fn feature_name(m: &Model, j: u32) -> String {
    match m.features() {
        FeatureSpace::Names(n) => n[j as usize].clone(),
        FeatureSpace::Hashed { .. } => format!("hash:{j}"),
        FeatureSpace::Indexed { .. } => format!("#{j}"),
    }
}

/// Prints, per class, the features with the largest weight for it relative to the
/// other classes (W_jk minus the mean of W_j·), which is what moves the class's
/// probability.
pub fn inspect(m: &Model, top: usize) {
    let k = m.classes();
    for (c, label) in m.labels().iter().enumerate() {
        let mut scored: Vec<(f64, u32)> = m
            .stored_features()
            .iter()
            .map(|&j| {
                let w = m.weights_of(j).unwrap_or(&[]);
                let mean = w.iter().sum::<f64>() / k as f64;
                (w[c] - mean, j)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let shown: Vec<String> = scored
            .iter()
            .take(top)
            .filter(|s| s.0 > 0.0)
            .map(|(s, j)| format!("{} ({s:+.2})", feature_name(m, *j)))
            .collect();
        println!("{label:<10} {}", shown.join(", "));
    }
}
