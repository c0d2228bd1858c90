//! `bayeskit logistic train|predict|eval|inspect|export`: options and printing only.

use crate::{err, CliResult};
use bayeskit::limits::MAX_THREADS;
use bayeskit::logistic::{
    cross_validate, evaluate, mc_scratch, path, read_phrases, read_svmlight, train_with_progress, Choice,
    CrossValidation, CvOptions, Dataset, EvalOptions, FeatureSpace, IdBase, Lambdas, LaplaceMethod,
    McOptions, Model, Path as LambdaPath, PathOptions, PhraseFeatures, PhraseOptions, ReadReport,
    SvmlightOptions, TrainOptions,
};
use bayeskit::Rng;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum LogisticCmd {
    /// Train a sparse multinomial logistic model with an elastic-net penalty
    /// (at --lambda, or at the λ that --cv K-fold cross-validation picks).
    Train {
        /// Training data (svmlight, or labelled phrase TSV).
        data: PathBuf,
        /// Penalty weight λ (scikit-learn's C = 1/(λN)); with --cv, chosen instead.
        #[arg(long, default_value_t = 1e-3, conflicts_with = "cv")]
        lambda: f64,
        #[command(flatten)]
        fit: FitArgs,
        #[command(flatten)]
        grid: GridArgs,
        /// Where to write the model.
        #[arg(short, long)]
        output: PathBuf,
        /// Print one JSON object instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// The regularisation path from λ_max down a geometric grid, warm-started; with
    /// --cv, the held-out log-loss of each λ and the chosen λ.
    Path {
        /// Training data (svmlight, or labelled phrase TSV).
        data: PathBuf,
        #[command(flatten)]
        fit: FitArgs,
        #[command(flatten)]
        grid: GridArgs,
        /// Also write the model at the chosen λ (with --cv) or the last λ.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print each row's predicted class and class probabilities (TSV). The rows' labels
    /// are not used (any placeholder will do), and feature ids the model does not
    /// know are ignored.
    Predict {
        model: PathBuf,
        data: PathBuf,
        #[command(flatten)]
        input: DataArgs,
        /// Account for the weights' uncertainty (the model needs covariances):
        /// moderated probabilities, or a Monte Carlo mean and interval per class.
        #[arg(long, value_enum)]
        uncertainty: Option<Predictive>,
        /// Monte Carlo draws per row, 2 to 10,000,000.
        #[arg(long, default_value_t = 1000)]
        draws: usize,
        /// Monte Carlo interval level.
        #[arg(long, default_value_t = 0.95)]
        level: f64,
        /// Monte Carlo seed (the same seed gives the same output).
        #[arg(long, default_value_t = 0)]
        seed: u64,
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
    /// The strongest features of each class, with 95 % Laplace intervals when the
    /// model has covariances.
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

/// Everything of a fit but λ.
#[derive(Args)]
pub struct FitArgs {
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
    /// Phrase TSV: hash phrases into 2^B ids, 1 ≤ B ≤ 31 (MurmurHash3, seed 42, as
    /// Spark's HashingTF) instead of building a dictionary. Memory follows the ids
    /// that occur in the data, not 2^B.
    #[arg(long, value_name = "B")]
    hash_bits: Option<u32>,
    /// Stop when the minimum-norm subgradient's ∞-norm is at most T.
    #[arg(long, default_value_t = 1e-7)]
    tol: f64,
    /// Most (proximal Newton) iterations per fit.
    #[arg(long, default_value_t = 1000)]
    max_iter: u32,
    /// Threads (default: all cores): the gradient pass of a fit, and the CV folds.
    #[arg(long)]
    threads: Option<usize>,
    /// Laplace covariances stored with the model: per-feature K×K blocks, the full
    /// inverse (up to 3000 parameters), or none.
    #[arg(long, value_enum, default_value_t = Covariances::Blocks)]
    uncertainty: Covariances,
}

/// The λ sequence and cross-validation.
#[derive(Args)]
pub struct GridArgs {
    /// Number of λ values from λ_max down.
    #[arg(long, default_value_t = 20)]
    n_lambdas: usize,
    /// λ_min / λ_max.
    #[arg(long, default_value_t = 1e-3)]
    min_ratio: f64,
    /// Explicit λ values, strictly decreasing, comma-separated (instead of the grid).
    #[arg(long, value_delimiter = ',')]
    lambdas: Option<Vec<f64>>,
    /// Run the whole grid even when the training loss stops improving.
    #[arg(long)]
    no_early_stop: bool,
    /// K-fold cross-validation (stratified), K ≥ 2.
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Seed of the CV folds.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// The λ cross-validation picks: the smallest held-out loss, or the largest λ
    /// within one standard error of it.
    #[arg(long, value_enum, default_value_t = Choose::Min)]
    choose: Choose,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Covariances {
    None,
    Blocks,
    Full,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Choose {
    Min,
    #[value(name = "1se")]
    OneSe,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Predictive {
    /// Logits scaled by (1 + π·σ²/8)^(−1/2): columns p_<class> and sd_<class> (logit sd).
    Moderated,
    /// Monte Carlo: columns mean_<class>, lo_<class>, hi_<class>.
    Mc,
}

impl FitArgs {
    fn read(&self, data: &Path) -> CliResult<Dataset> {
        let phrases = match self.hash_bits {
            Some(bits) => PhraseFeatures::Hashing { bits, seed: 42 },
            None => PhraseFeatures::Dictionary {
                max_features: self.max_features,
                min_count: self.min_count,
            },
        };
        self.input.read(data, phrases, None)
    }

    fn options(&self, lambda: f64) -> TrainOptions {
        TrainOptions {
            lambda,
            l1_ratio: self.l1_ratio,
            tol: self.tol,
            max_iter: self.max_iter,
            class_weights: None,
            threads: self.threads.unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS))
            }),
            laplace: match self.uncertainty {
                Covariances::None => None,
                Covariances::Blocks => Some(LaplaceMethod::Blocks),
                Covariances::Full => Some(LaplaceMethod::Full),
            },
        }
    }
}

impl GridArgs {
    fn options(&self, train: TrainOptions) -> PathOptions {
        PathOptions {
            lambdas: match &self.lambdas {
                Some(v) => Lambdas::Values(v.clone()),
                None => Lambdas::Grid {
                    count: self.n_lambdas,
                    min_ratio: self.min_ratio,
                },
            },
            early_stop: !self.no_early_stop,
            train,
        }
    }

    fn cv(&self) -> Option<CvOptions> {
        self.cv.map(|folds| CvOptions {
            folds,
            seed: self.seed,
            choice: match self.choose {
                Choose::Min => Choice::Min,
                Choose::OneSe => Choice::OneSe,
            },
        })
    }
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

    /// Rows to score with `model`: in its feature space, but neither their labels
    /// (placeholders are fine) nor their ids need to be known to the model (ids
    /// beyond it are ignored, as the library's scoring ignores them).
    fn read_to_score(&self, path: &Path, model: &Model) -> CliResult<Dataset> {
        match model.features() {
            FeatureSpace::Indexed { .. } => {
                self.read(path, PhraseFeatures::Fixed(model.features().clone()), None)
            }
            space => self.read(path, PhraseFeatures::Fixed(space.clone()), Some(space.len())),
        }
    }

    /// [`DataArgs::read_to_score`] with the labels renumbered to the model's classes
    /// (for evaluation: a label the model does not know is an error).
    fn read_for(&self, path: &Path, model: &Model) -> CliResult<Dataset> {
        self.read_to_score(path, model)?
            .relabel(model.labels())
            .map_err(err)
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
            fit,
            grid,
            output,
            json,
        } => {
            let d = fit.read(&data)?;
            let opts = fit.options(lambda);
            let t = std::time::Instant::now();
            let (m, cv) = match grid.cv() {
                Some(cv) => {
                    let r = cross_validate(&d, &grid.options(opts), &cv).map_err(err)?;
                    (r.model.clone(), Some(r))
                }
                None => (train_progress(&d, &opts)?, None),
            };
            let seconds = t.elapsed().as_secs_f64();
            std::fs::write(&output, m.to_bytes()).map_err(|e| format!("{}: {e}", output.display()))?;
            let i = m.info();
            if json {
                let mut v = json!({
                    "objective": i.objective, "iterations": i.iterations, "converged": i.converged,
                    "grad_norm": i.grad_norm, "nnz": m.nnz(), "stored_features": m.stored_features().len(),
                    "features": m.features().len(), "classes": m.labels(), "rows": i.rows,
                    "lambda": i.lambda, "l1_ratio": i.l1_ratio, "tol": i.tol,
                    "uncertainty": m.covariance().map(|c| format!("{:?}", c.method()).to_lowercase()),
                    "seconds": seconds, "model": output.display().to_string(),
                });
                if let Some(r) = &cv {
                    v["cv"] = cv_json(r, grid.seed);
                }
                println!("{v}");
            } else {
                if let Some(r) = &cv {
                    print_path(&r.path, Some(r));
                    println!();
                }
                println!(
                    "rows        {}   classes {:?}   features {}",
                    i.rows,
                    m.labels(),
                    m.features().len()
                );
                println!("lambda      {:e}", i.lambda);
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
                if let Some(c) = m.covariance() {
                    println!("covariances Laplace, {:?}", c.method());
                }
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
        LogisticCmd::Path {
            data,
            fit,
            grid,
            output,
            json,
        } => {
            let d = fit.read(&data)?;
            let opts = grid.options(fit.options(0.0));
            let t = std::time::Instant::now();
            let (p, cv) = match grid.cv() {
                Some(cv) => {
                    let r = cross_validate(&d, &opts, &cv).map_err(err)?;
                    (r.path.clone(), Some(r))
                }
                None => (path(&d, &opts).map_err(err)?, None),
            };
            let seconds = t.elapsed().as_secs_f64();
            if let Some(out) = &output {
                let m = match &cv {
                    Some(r) => &r.model,
                    None => &p.steps[p.steps.len() - 1].model,
                };
                std::fs::write(out, m.to_bytes()).map_err(|e| format!("{}: {e}", out.display()))?;
            }
            if json {
                let steps: Vec<serde_json::Value> = p
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(s, step)| {
                        let i = step.model.info();
                        let mut v = json!({
                            "lambda": step.lambda, "objective": i.objective, "loss": step.loss,
                            "nnz": step.model.nnz(), "iterations": i.iterations, "converged": i.converged,
                        });
                        if let Some(r) = &cv {
                            v["cv_loss"] = json!(r.points[s].mean);
                            v["cv_se"] = json!(r.points[s].se);
                        }
                        v
                    })
                    .collect();
                let mut v = json!({
                    "lambda_max": p.lambda_max, "l1_ratio": fit.l1_ratio, "steps": steps,
                    "stopped_early": p.stopped_early, "seconds": seconds,
                });
                if let Some(r) = &cv {
                    v["cv"] = cv_json(r, grid.seed);
                }
                println!("{v}");
            } else {
                print_path(&p, cv.as_ref());
                if let Some(out) = &output {
                    println!("model       {}", out.display());
                }
            }
            Ok(())
        }
        LogisticCmd::Predict {
            model,
            data,
            input,
            uncertainty,
            draws,
            level,
            seed,
        } => {
            let m = load(&model)?;
            let d = input.read_to_score(&data, &m)?;
            let k = m.classes();
            // Every row is checked before anything is printed.
            m.check_rows(&d.x, uncertainty.is_some())
                .map_err(|e| format!("{}: {e}", data.display()))?;
            let mut scratch = if uncertainty == Some(Predictive::Mc) {
                mc_scratch(k, draws).map_err(err)?
            } else {
                Vec::new()
            };
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let io = |e: std::io::Error| e.to_string();
            let columns: &[&str] = match uncertainty {
                None => &["p"],
                Some(Predictive::Moderated) => &["p", "sd"],
                Some(Predictive::Mc) => &["mean", "lo", "hi"],
            };
            write!(out, "predicted").map_err(io)?;
            for col in columns {
                for l in m.labels() {
                    write!(out, "\t{col}_{l}").map_err(io)?;
                }
            }
            writeln!(out).map_err(io)?;
            // Per class: the probability (or MC mean), then the extra columns.
            let mut cols = vec![vec![0.0; k]; columns.len()];
            let mc = McOptions { draws, level };
            let mut rng = Rng::seed_from_u64(seed);
            for i in 0..d.x.rows() {
                let (ids, vals) = d.x.row(i);
                match uncertainty {
                    None => m.predict_proba(ids, vals, &mut cols[0]),
                    Some(Predictive::Moderated) => {
                        let (p, rest) = cols.split_at_mut(1);
                        m.predict_moderated(ids, vals, &mut p[0], &mut rest[0]).map(|()| {
                            rest[0].iter_mut().for_each(|v| *v = v.sqrt());
                        })
                    }
                    Some(Predictive::Mc) => {
                        let [mean, lo, hi] = &mut cols[..] else {
                            unreachable!("three columns")
                        };
                        m.predict_mc(ids, vals, &mut rng, &mc, &mut scratch, mean, lo, hi)
                    }
                }
                .map_err(err)?;
                let p = &cols[0];
                let best = (0..k).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(0);
                write!(out, "{}", m.labels()[best]).map_err(io)?;
                for v in cols.iter().flatten() {
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
/// probability, with its 95 % Laplace interval when the model has covariances.
pub fn inspect(m: &Model, top: usize) {
    if m.covariance().is_some() {
        println!(
            "(each weight relative to the mean of its feature's K weights, with a 95 % Laplace interval)"
        );
    }
    for (c, label) in m.labels().iter().enumerate() {
        let mut scored: Vec<(f64, u32)> = m
            .stored_features()
            .iter()
            .map(|&j| (m.contrast(j, c).unwrap_or(0.0), j))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let shown: Vec<String> = scored
            .iter()
            .take(top)
            .filter(|s| s.0 > 0.0)
            .map(|&(s, j)| match interval95(m, j, c) {
                Some((lo, hi)) => format!("{} ({s:+.2} [{lo:+.2}, {hi:+.2}])", feature_name(m, j)),
                None => format!("{} ({s:+.2})", feature_name(m, j)),
            })
            .collect();
        println!("{label:<10} {}", shown.join(", "));
    }
}

/// The 95 % Laplace interval of [`Model::contrast`] (None without covariances).
pub fn interval95(m: &Model, j: u32, c: usize) -> Option<(f64, f64)> {
    let (w, v) = (m.contrast(j, c)?, m.contrast_variance(j, c)?);
    let h = 1.959963984540054 * v.sqrt();
    Some((w - h, w + h))
}

fn train_progress(d: &Dataset, opts: &TrainOptions) -> CliResult<Model> {
    let show = std::io::stderr().is_terminal();
    let t = std::time::Instant::now();
    let m = train_with_progress(d, opts, &mut |pass, v| {
        if show && t.elapsed().as_secs() >= 1 {
            eprint!("\riteration {pass:>5}   subgradient {v:.2e}   ");
        }
    })
    .map_err(err)?;
    if show && t.elapsed().as_secs() >= 1 {
        eprintln!();
    }
    Ok(m)
}

fn cv_json(r: &CrossValidation, seed: u64) -> serde_json::Value {
    json!({
        "folds": r.points[0].folds.len(), "seed": seed,
        "lambda_min": r.path.steps[r.best].lambda,
        "lambda_1se": r.path.steps[r.one_se].lambda,
        "lambda": r.path.steps[r.chosen].lambda,
        "best": r.best, "one_se": r.one_se, "chosen": r.chosen,
    })
}

/// The path as a table: λ, training loss, held-out loss ± se, non-zeros, iterations.
fn print_path(p: &LambdaPath, cv: Option<&CrossValidation>) {
    println!("lambda_max  {:e}", p.lambda_max);
    println!(
        "{:>12} {:>10} {:>21} {:>8} {:>6}",
        "lambda", "loss", "cv loss ± se", "nnz", "iter"
    );
    for (s, step) in p.steps.iter().enumerate() {
        let i = step.model.info();
        let held = cv.map_or(String::new(), |r| {
            format!("{:.5} ± {:.5}", r.points[s].mean, r.points[s].se)
        });
        let mark = cv.map_or("", |r| match (s == r.best, s == r.one_se) {
            (true, true) => "  ← min, 1se",
            (true, false) => "  ← min",
            (false, true) => "  ← 1se",
            _ => "",
        });
        println!(
            "{:>12.4e} {:>10.5} {held:>21} {:>8} {:>6}{}{mark}",
            step.lambda,
            step.loss,
            step.model.nnz(),
            i.iterations,
            if i.converged { "" } else { " (not converged)" }
        );
    }
    if p.stopped_early {
        println!("(stopped early: the training loss stopped improving)");
    }
    if let Some(r) = cv {
        println!(
            "chosen      lambda = {:e} ({} of {} folds)",
            r.path.steps[r.chosen].lambda,
            match r.chosen == r.best {
                true => "min",
                false => "1se",
            },
            r.points[0].folds.len()
        );
    }
}
