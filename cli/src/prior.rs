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

/// What both fits report, for one printer.
struct Fitted {
    family: &'static str,
    /// The likelihood's name and its limit's (without over-dispersion).
    model: (&'static str, &'static str),
    /// The two parameters' names, values and standard errors.
    names: [&'static str; 2],
    values: [f64; 2],
    std_errors: [f64; 2],
    /// What the prior is worth: trials, or units of exposure.
    worth: &'static str,
    outcome: Outcome,
    loglik: f64,
    loglik_limit: f64,
    lr: (f64, f64),
    aic_bic: (f64, f64),
    iterations: usize,
    rows: u64,
}

impl Fitted {
    fn json(&self) -> Value {
        let mut v = json!({
            "family": self.family,
            "std_errors": {
                self.names[0]: finite(self.std_errors[0]),
                self.names[1]: finite(self.std_errors[1]),
            },
            "outcome": self.outcome.name(),
            "loglik": finite(self.loglik),
            "loglik_limit": finite(self.loglik_limit),
            "lr_stat": finite(self.lr.0),
            "lr_pvalue": finite(self.lr.1),
            "aic": finite(self.aic_bic.0),
            "bic": finite(self.aic_bic.1),
            "iterations": self.iterations,
            "rows": self.rows,
        });
        for (name, value) in self.names.iter().zip(self.values) {
            v[*name] = finite(value);
        }
        v
    }

    fn print(&self) {
        let verdict = match self.outcome {
            Outcome::Converged => "converged",
            Outcome::NoOverdispersion => {
                "no over-dispersion: the past rates are the same up to sampling noise, so no finite \
                 prior fits (use a weak prior, or pool the data)"
            }
            Outcome::NotIdentifiable => "not identifiable: too few rows, or no events at all",
            _ => "NOT converged: do not use these parameters",
        };
        let (family, model) = (self.family, self.model.0);
        println!(
            "{} prior from {} past rows ({model} maximum likelihood): {verdict}",
            if family == "beta" { "Beta" } else { "Gamma" },
            self.rows
        );
        if matches!(self.outcome, Outcome::Converged | Outcome::NotConverged) {
            for i in 0..2 {
                println!(
                    "  {:<5} = {:.6} (se {:.4})",
                    self.names[i], self.values[i], self.std_errors[i]
                );
            }
            let [a, b] = self.values;
            let (mean, worth) = if family == "beta" {
                (a / (a + b), a + b)
            } else {
                (a / b, b)
            };
            println!("  prior mean rate {mean:.6e}, worth {worth:.1} {}", self.worth);
        }
        println!(
            "  log-likelihood {:.6} ({} at the pooled rate {:.6}); over-dispersion LR {:.4}, p = {:.4e}",
            self.loglik, self.model.1, self.loglik_limit, self.lr.0, self.lr.1
        );
    }

    /// Prints the report, then fails for a fit that did not converge.
    fn report(self, json: bool) -> CliResult<()> {
        json_or_text(json, || self.json(), || self.print());
        if self.outcome == Outcome::NotConverged {
            return Err(format!(
                "the fit did not converge in {} iterations",
                self.iterations
            ));
        }
        Ok(())
    }
}

fn beta(path: &Path, json: bool) -> CliResult<()> {
    let (s, n) = columns(path, ["successes", "trials"], |r| r.count(path, 1, "trials"))?;
    let f = fit_beta_prior(&s, &n, &PriorFitOptions::default())
        .map_err(|e| format!("{}: {}", path.display(), err(e)))?;
    Fitted {
        family: "beta",
        model: ("beta-binomial", "binomial"),
        names: ["alpha", "beta"],
        values: [f.alpha, f.beta],
        std_errors: f.std_errors,
        worth: "trials",
        outcome: f.outcome,
        loglik: f.loglik,
        loglik_limit: f.loglik_binomial,
        lr: (f.lr_stat, f.lr_pvalue),
        aic_bic: (f.aic, f.bic),
        iterations: f.iterations,
        rows: f.rows,
    }
    .report(json)
}

fn gamma(path: &Path, json: bool) -> CliResult<()> {
    let (y, t) = columns(path, ["count", "exposure"], |r| r.number(path, 1, "exposure"))?;
    let f = fit_gamma_prior(&y, &t, &PriorFitOptions::default())
        .map_err(|e| format!("{}: {}", path.display(), err(e)))?;
    Fitted {
        family: "gamma",
        model: ("gamma-Poisson", "Poisson"),
        names: ["shape", "rate"],
        values: [f.shape, f.rate],
        std_errors: f.std_errors,
        worth: "units of exposure",
        outcome: f.outcome,
        loglik: f.loglik,
        loglik_limit: f.loglik_poisson,
        lr: (f.lr_stat, f.lr_pvalue),
        aic_bic: (f.aic, f.bic),
        iterations: f.iterations,
        rows: f.rows,
    }
    .report(json)
}
