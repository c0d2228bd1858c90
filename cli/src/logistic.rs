//! `bayeskit logistic train|predict|eval|inspect|export`: options and printing only.

mod options;
pub mod report;

use crate::files::{self, at};
use crate::output::{self, io, json_or_text};
use crate::{err, CliResult};
use bayeskit::logistic::{
    cross_validate, evaluate, mc_scratch, train_with_progress, Dataset, EvalOptions, McOptions, Model,
    TrainOptions,
};
use bayeskit::Rng;
use clap::{Args, Subcommand, ValueEnum};
use options::{DataArgs, FitArgs, GridArgs};
use report::{
    eval_json, path_json, print_eval, print_path, print_train, train_json, write_prediction,
    write_prediction_header,
};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum LogisticCmd {
    /// Train a sparse multinomial logistic model with an elastic-net penalty
    /// (at --lambda, or at the λ that --cv K-fold cross-validation picks).
    Train(TrainArgs),
    /// The regularisation path from λ_max down a geometric grid, warm-started; with
    /// --cv, the held-out log-loss of each λ and the chosen λ.
    Path(PathArgs),
    /// Print each row's predicted class and class probabilities (TSV). The rows' labels
    /// are not used (any placeholder will do), and feature ids the model does not
    /// know are ignored.
    Predict(PredictArgs),
    /// Log-loss, accuracy, per-class precision/recall and the confusion matrix.
    Eval(EvalArgs),
    /// The strongest features of each class, with 95 % Laplace intervals when the
    /// model has covariances.
    Inspect(InspectArgs),
    /// The whole model as JSON.
    Export(ExportArgs),
}

#[derive(Args)]
pub struct TrainArgs {
    /// Training data (svmlight, or labelled phrase TSV).
    data: PathBuf,
    /// Penalty weight λ (scikit-learn's C = 1/(λN)); with --cv, chosen instead.
    #[arg(long, default_value_t = TrainOptions::default().lambda, conflicts_with = "cv")]
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
}

#[derive(Args)]
pub struct PathArgs {
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
}

#[derive(Args)]
pub struct PredictArgs {
    model: PathBuf,
    data: PathBuf,
    #[command(flatten)]
    input: DataArgs,
    /// Account for the weights' uncertainty (the model needs covariances):
    /// moderated probabilities, or a Monte Carlo mean and interval per class.
    #[arg(long, value_enum)]
    uncertainty: Option<Predictive>,
    /// Monte Carlo draws per row, 2 to 10,000,000.
    #[arg(long, default_value_t = McOptions::default().draws)]
    draws: usize,
    /// Monte Carlo interval level.
    #[arg(long, default_value_t = McOptions::default().level)]
    level: f64,
    /// Monte Carlo seed (the same seed gives the same output).
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

#[derive(Args)]
pub struct EvalArgs {
    model: PathBuf,
    data: PathBuf,
    #[command(flatten)]
    input: DataArgs,
    /// Clip each row's loss at −ln ε and report how many rows were clipped.
    #[arg(long, value_name = "EPS")]
    clip: Option<f64>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct InspectArgs {
    model: PathBuf,
    /// How many per class.
    #[arg(long, default_value_t = 10)]
    top: usize,
}

#[derive(Args)]
pub struct ExportArgs {
    model: PathBuf,
    /// JSON (the only export format).
    #[arg(long, required = true)]
    json: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Predictive {
    /// Logits scaled by (1 + π·σ²/8)^(−1/2): columns p_<class> and sd_<class> (logit sd).
    Moderated,
    /// Monte Carlo: columns mean_<class>, lo_<class>, hi_<class>.
    Mc,
}

/// A model file (errors name it).
fn load(path: &Path) -> CliResult<Model> {
    Model::from_bytes(&files::read(path)?).map_err(at(path))
}

pub fn run(cmd: LogisticCmd) -> CliResult<()> {
    match cmd {
        LogisticCmd::Train(args) => train(args),
        LogisticCmd::Path(args) => path(args),
        LogisticCmd::Predict(args) => predict(args),
        LogisticCmd::Eval(args) => eval(args),
        LogisticCmd::Inspect(args) => inspect(args),
        LogisticCmd::Export(args) => export(args),
    }
}

/// `bayeskit logistic train`.
fn train(args: TrainArgs) -> CliResult<()> {
    let TrainArgs {
        data,
        lambda,
        fit,
        grid,
        output,
        json,
    } = args;
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
    files::write(&output, &m.to_bytes())?;
    json_or_text(
        json,
        || train_json(&m, cv.as_ref(), grid.seed, seconds, &output),
        || print_train(&m, cv.as_ref(), &output),
    );
    let i = m.info();
    if !i.converged {
        return Err(format!(
            "training did not converge in {} passes (model written anyway)",
            i.iterations
        ));
    }
    Ok(())
}

/// `bayeskit logistic path`.
fn path(args: PathArgs) -> CliResult<()> {
    let PathArgs {
        data,
        fit,
        grid,
        output,
        json,
    } = args;
    let d = fit.read(&data)?;
    let opts = grid.options(fit.options(0.0));
    let t = std::time::Instant::now();
    let (p, cv) = match grid.cv() {
        Some(cv) => {
            let r = cross_validate(&d, &opts, &cv).map_err(err)?;
            (r.path.clone(), Some(r))
        }
        None => (bayeskit::logistic::path(&d, &opts).map_err(err)?, None),
    };
    let seconds = t.elapsed().as_secs_f64();
    if let Some(out) = &output {
        let m = match &cv {
            Some(r) => &r.model,
            None => &p.steps[p.steps.len() - 1].model,
        };
        files::write(out, &m.to_bytes())?;
    }
    json_or_text(
        json,
        || path_json(&p, cv.as_ref(), fit.l1_ratio, grid.seed, seconds),
        || {
            print_path(&p, cv.as_ref());
            if let Some(out) = &output {
                println!("model       {}", out.display());
            }
        },
    );
    Ok(())
}

/// `bayeskit logistic predict`.
fn predict(args: PredictArgs) -> CliResult<()> {
    let PredictArgs {
        model,
        data,
        input,
        uncertainty,
        draws,
        level,
        seed,
    } = args;
    let m = load(&model)?;
    let d = input.read_to_score(&data, &m)?;
    let k = m.classes();
    // Every row is checked before anything is printed.
    m.check_rows(&d.x, uncertainty.is_some()).map_err(at(&data))?;
    let mut scratch = if uncertainty == Some(Predictive::Mc) {
        mc_scratch(k, draws).map_err(err)?
    } else {
        Vec::new()
    };
    let mut out = output::stdout();
    let columns: &[&str] = match uncertainty {
        None => &["p"],
        Some(Predictive::Moderated) => &["p", "sd"],
        Some(Predictive::Mc) => &["mean", "lo", "hi"],
    };
    write_prediction_header(&mut out, columns, m.labels()).map_err(io)?;
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
        write_prediction(&mut out, m.labels(), &cols).map_err(io)?;
    }
    out.flush().map_err(io)
}

/// `bayeskit logistic eval`.
fn eval(args: EvalArgs) -> CliResult<()> {
    let EvalArgs {
        model,
        data,
        input,
        clip,
        json,
    } = args;
    let m = load(&model)?;
    let d = input.read_for(&data, &m)?;
    let e = evaluate(&m, &d, &EvalOptions { clip }).map_err(err)?;
    json_or_text(json, || eval_json(&e, &m, clip), || print_eval(&e, &m, clip));
    Ok(())
}

/// `bayeskit logistic inspect`.
fn inspect(args: InspectArgs) -> CliResult<()> {
    let InspectArgs { model, top } = args;
    report::inspect(&load(&model)?, top);
    Ok(())
}

/// `bayeskit logistic export`.
fn export(args: ExportArgs) -> CliResult<()> {
    let ExportArgs { model, json: _ } = args;
    println!(
        "{}",
        serde_json::to_string_pretty(&load(&model)?.to_json()).map_err(|e| e.to_string())?
    );
    Ok(())
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
