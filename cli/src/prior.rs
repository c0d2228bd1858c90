//! `bayeskit prior fit beta|gamma FILE`: priors fitted from past experiments.

use crate::files::{read_table, TableRow};
use crate::output::{finite, json_or_text};
use crate::{err, CliResult};
use bayeskit::dirichlet_fit::Outcome;
use bayeskit::prior_fit::{fit_beta_prior, fit_gamma_prior, PriorFitOptions};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum PriorCmd {
    /// Fit a prior by maximum likelihood to past experiments or arms.
    #[command(subcommand)]
    Fit(FitCmd),
}

#[derive(Subcommand)]
pub enum FitCmd {
    /// A Beta prior (beta-binomial) from one row per past experiment or arm:
    /// successes, trials (tab or comma separated, an optional header line).
    Beta(FitArgs),
    /// A Gamma prior (gamma–Poisson, i.e. negative binomial) from one row per
    /// past experiment or arm: count, exposure (tab or comma separated, an
    /// optional header line).
    Gamma(FitArgs),
}

#[derive(Args)]
pub struct FitArgs {
    /// The past rows.
    file: PathBuf,
    /// Print one JSON object: the parameters, their standard errors and the outcome.
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: PriorCmd) -> CliResult<()> {
    let PriorCmd::Fit(fit) = cmd;
    match fit {
        FitCmd::Beta(a) => beta(&a.file, a.json),
        FitCmd::Gamma(a) => gamma(&a.file, a.json),
    }
}

/// The two columns of every row: (count, count) or (count, number).
fn columns<T>(
    path: &Path,
    names: [&str; 2],
    second: impl Fn(&TableRow) -> CliResult<T>,
) -> CliResult<(Vec<u64>, Vec<T>)> {
    let rows = read_table(path, &names)?;
    let mut first = Vec::with_capacity(rows.len());
    let mut other = Vec::with_capacity(rows.len());
    for r in &rows {
        first.push(r.count(path, 0, names[0])?);
        other.push(second(r)?);
    }
    Ok((first, other))
}

/// The fields every fit reports, after its two parameters.
fn common_json(
    outcome: Outcome,
    loglik: f64,
    limit: f64,
    lr: (f64, f64),
    aic_bic: (f64, f64),
    iterations: usize,
    rows: u64,
) -> Value {
    json!({
        "outcome": outcome.name(),
        "loglik": finite(loglik),
        "loglik_limit": finite(limit),
        "lr_stat": finite(lr.0),
        "lr_pvalue": finite(lr.1),
        "aic": finite(aic_bic.0),
        "bic": finite(aic_bic.1),
        "iterations": iterations,
        "rows": rows,
    })
}

/// What the outcome means for a reader, for the text report.
fn verdict(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Converged => "converged",
        Outcome::NoOverdispersion => {
            "no over-dispersion: the past rates are the same up to sampling noise, so no finite \
             prior fits (use a weak prior, or pool the data)"
        }
        Outcome::NotIdentifiable => "not identifiable: too few rows, or no events at all",
        _ => "NOT converged: do not use these parameters",
    }
}

/// An error exit for a fit that did not converge (after the report).
fn converged(outcome: Outcome, iterations: usize) -> CliResult<()> {
    if outcome == Outcome::NotConverged {
        return Err(format!("the fit did not converge in {iterations} iterations"));
    }
    Ok(())
}

fn beta(path: &Path, json: bool) -> CliResult<()> {
    let (s, n) = columns(path, ["successes", "trials"], |r| r.count(path, 1, "trials"))?;
    let f = fit_beta_prior(&s, &n, &PriorFitOptions::default())
        .map_err(|e| format!("{}: {}", path.display(), err(e)))?;
    json_or_text(
        json,
        || {
            let mut v = json!({
                "family": "beta",
                "alpha": finite(f.alpha),
                "beta": finite(f.beta),
                "std_errors": {"alpha": finite(f.std_errors[0]), "beta": finite(f.std_errors[1])},
            });
            let common = common_json(
                f.outcome,
                f.loglik,
                f.loglik_binomial,
                (f.lr_stat, f.lr_pvalue),
                (f.aic, f.bic),
                f.iterations,
                f.rows,
            );
            v.as_object_mut()
                .unwrap()
                .extend(common.as_object().unwrap().clone());
            v
        },
        || {
            println!(
                "Beta prior from {} past rows (beta-binomial maximum likelihood): {}",
                f.rows,
                verdict(f.outcome)
            );
            if f.outcome == Outcome::Converged || f.outcome == Outcome::NotConverged {
                println!("  alpha = {:.6} (se {:.4})", f.alpha, f.std_errors[0]);
                println!("  beta  = {:.6} (se {:.4})", f.beta, f.std_errors[1]);
                println!(
                    "  prior mean rate {:.6}, worth {:.1} trials",
                    f.alpha / (f.alpha + f.beta),
                    f.alpha + f.beta
                );
            }
            println!(
                "  log-likelihood {:.6} (binomial at the pooled rate {:.6}); over-dispersion LR {:.4}, p = {:.4e}",
                f.loglik, f.loglik_binomial, f.lr_stat, f.lr_pvalue
            );
        },
    );
    converged(f.outcome, f.iterations)
}

fn gamma(path: &Path, json: bool) -> CliResult<()> {
    let (y, t) = columns(path, ["count", "exposure"], |r| r.number(path, 1, "exposure"))?;
    let f = fit_gamma_prior(&y, &t, &PriorFitOptions::default())
        .map_err(|e| format!("{}: {}", path.display(), err(e)))?;
    json_or_text(
        json,
        || {
            let mut v = json!({
                "family": "gamma",
                "shape": finite(f.shape),
                "rate": finite(f.rate),
                "std_errors": {"shape": finite(f.std_errors[0]), "rate": finite(f.std_errors[1])},
            });
            let common = common_json(
                f.outcome,
                f.loglik,
                f.loglik_poisson,
                (f.lr_stat, f.lr_pvalue),
                (f.aic, f.bic),
                f.iterations,
                f.rows,
            );
            v.as_object_mut()
                .unwrap()
                .extend(common.as_object().unwrap().clone());
            v
        },
        || {
            println!(
                "Gamma prior from {} past rows (gamma-Poisson maximum likelihood): {}",
                f.rows,
                verdict(f.outcome)
            );
            if f.outcome == Outcome::Converged || f.outcome == Outcome::NotConverged {
                println!("  shape = {:.6} (se {:.4})", f.shape, f.std_errors[0]);
                println!(
                    "  rate  = {:.6} (se {:.4}) per unit of exposure",
                    f.rate, f.std_errors[1]
                );
                println!(
                    "  prior mean rate {:.6e}, worth {:.1} units of exposure",
                    f.shape / f.rate,
                    f.rate
                );
            }
            println!(
                "  log-likelihood {:.6} (Poisson at the pooled rate {:.6}); over-dispersion LR {:.4}, p = {:.4e}",
                f.loglik, f.loglik_poisson, f.lr_stat, f.lr_pvalue
            );
        },
    );
    converged(f.outcome, f.iterations)
}
