//! `bayeskit bandit report|simulate`: parsing options and printing only.

use crate::args::{numbers, pair};
use crate::files;
use crate::output::{finite, finite_all, json_or_text};
use crate::{err, CliResult};
use bayeskit::bandit::{simulate_bernoulli, Bandit, BanditOptions, Family, ReportOptions};
use bayeskit::{Beta, Gamma, Rng};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum BanditCmd {
    /// Where a running bandit (or multi-arm test) stands: each arm's P(best)
    /// and expected loss, and the value remaining of stopping now (Scott
    /// 2015). FILE has one arm per line, "name,successes,trials" (beta) or
    /// "name,count,exposure" (gamma), comma- or tab-separated; '#' starts a
    /// comment and a first line that is not numbers is a header.
    Report(ReportArgs),
    /// Simulates Thompson (or top-two) sampling on Bernoulli arms of known
    /// rates: mean cumulative regret, each arm's share of the pulls, and how
    /// often the arm most probably best at the end is a best one.
    Simulate(SimulateArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum FamilyArg {
    /// Conversion rates: successes of trials, Beta prior.
    Beta,
    /// Poisson rates: counts over exposure, Gamma prior.
    Gamma,
}

#[derive(Args)]
pub struct ReportArgs {
    /// The arms: name, successes, trials (or count, exposure) per line.
    file: PathBuf,
    #[arg(long, value_enum, default_value = "beta")]
    family: FamilyArg,
    /// Prior of every arm as "alpha,beta" (beta) or "shape,rate" (gamma).
    #[arg(long, default_value = "1,1")]
    prior: String,
    /// Monte Carlo draws for the expected losses and the value remaining.
    #[arg(long, default_value_t = ReportOptions::default().draws)]
    draws: u64,
    /// The quantile of the value remaining reported.
    #[arg(long, default_value_t = ReportOptions::default().level)]
    level: f64,
    /// Seed of the Monte Carlo draws.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct SimulateArgs {
    /// The arms' success probabilities, comma-separated.
    #[arg(long)]
    rates: String,
    /// Choices per run.
    #[arg(long, default_value_t = 10_000)]
    rounds: u64,
    /// Runs to average over.
    #[arg(long, default_value_t = 100)]
    runs: u64,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Top-two Thompson sampling (best-arm identification) instead of Thompson sampling.
    #[arg(long)]
    top_two: bool,
    /// Prior of every arm as "alpha,beta".
    #[arg(long, default_value = "1,1")]
    prior: String,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: BanditCmd) -> CliResult<()> {
    match cmd {
        BanditCmd::Report(args) => report(args),
        BanditCmd::Simulate(args) => simulate(args),
    }
}

/// The arms of a report file: names and (value, size) pairs.
type ArmRows = (Vec<String>, Vec<(f64, f64)>);

fn read_arms(args: &ReportArgs) -> CliResult<ArmRows> {
    let text = files::read(&args.file)?;
    let text = String::from_utf8(text).map_err(files::at(&args.file))?;
    let (mut names, mut data) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split([',', '\t']).map(str::trim).collect();
        let nums = (fields.len() == 3)
            .then(|| Some((fields[1].parse::<f64>().ok()?, fields[2].parse::<f64>().ok()?)))
            .flatten();
        match nums {
            Some(d) => {
                names.push(fields[0].to_string());
                data.push(d);
            }
            None if names.is_empty() && i == 0 => {} // a header
            None => {
                return Err(format!(
                    "{}:{}: expected 'name,value,size', got '{line}'",
                    args.file.display(),
                    i + 1
                ))
            }
        }
    }
    Ok((names, data))
}

/// `bayeskit bandit report`.
fn report(args: ReportArgs) -> CliResult<()> {
    let (names, data) = read_arms(&args)?;
    let (a, b) = pair(&args.prior, "--prior")?;
    match args.family {
        FamilyArg::Beta => show(&args, &names, &data, Beta::new(a, b).map_err(err)?),
        FamilyArg::Gamma => show(&args, &names, &data, Gamma::new(a, b).map_err(err)?),
    }
}

fn show<F: Family>(args: &ReportArgs, names: &[String], data: &[(f64, f64)], prior: F) -> CliResult<()> {
    let bandit = Bandit::new(&[prior], names.len(), BanditOptions::default()).map_err(err)?;
    for (arm, &(v, n)) in data.iter().enumerate() {
        bandit
            .update(arm, v, n)
            .map_err(|e| format!("{}: arm {}: {e}", args.file.display(), names[arm]))?;
    }
    let k = names.len();
    let (mut p, mut loss) = (vec![0.0; k], vec![0.0; k]);
    let opts = ReportOptions {
        draws: args.draws,
        level: args.level,
    };
    let r = bandit
        .report(&mut Rng::seed_from_u64(args.seed), opts, &mut p, &mut loss)
        .map_err(err)?;
    json_or_text(
        args.json,
        || {
            json!({
                "arms": names,
                "prob_best": finite_all(&p),
                "expected_loss": finite_all(&loss),
                "best": names[r.best],
                "value_remaining": finite(r.value_remaining),
                "value_remaining_relative": finite(r.value_remaining_relative),
                "level": args.level,
                "draws": r.draws,
                "prob_best_method": r.prob_best_method.name(),
            })
        },
        || {
            println!(
                "{:<20} {:>12} {:>14} {:>12}",
                "arm", "P(best)", "expected loss", "observed"
            );
            for (i, name) in names.iter().enumerate() {
                let observed = data[i].0 / data[i].1;
                println!("{name:<20} {:>12.6} {:>14.6e} {:>12.6}", p[i], loss[i], observed);
            }
            println!(
                "best: {} (P(best) by {}); value remaining at {}: {:.6e} ({:.4}% of the best arm's value; {} draws)",
                names[r.best],
                r.prob_best_method.name(),
                args.level,
                r.value_remaining,
                100.0 * r.value_remaining_relative,
                r.draws
            );
        },
    );
    Ok(())
}

/// `bayeskit bandit simulate`.
fn simulate(args: SimulateArgs) -> CliResult<()> {
    let rates = numbers(&args.rates, "--rates")?;
    let (a, b) = pair(&args.prior, "--prior")?;
    let prior = Beta::new(a, b).map_err(err)?;
    let s =
        simulate_bernoulli(&rates, args.rounds, args.runs, args.seed, args.top_two, prior).map_err(err)?;
    json_or_text(
        args.json,
        || {
            json!({
                "policy": if args.top_two { "top-two" } else { "thompson" },
                "rounds": args.rounds,
                "runs": args.runs,
                "seed": args.seed,
                "mean_regret": s.mean_regret,
                "picks": s.picks,
                "found_best": s.found_best,
            })
        },
        || {
            let policy = if args.top_two {
                "top-two Thompson"
            } else {
                "Thompson"
            };
            println!(
                "{policy} sampling, {} rounds x {} runs (seed {}):",
                args.rounds, args.runs, args.seed
            );
            println!("mean cumulative regret: {:.3}", s.mean_regret);
            println!("found the best arm in {:.1}% of runs", 100.0 * s.found_best);
            println!("{:<6} {:>8} {:>8}", "arm", "rate", "pulls");
            for (i, (r, p)) in rates.iter().zip(&s.picks).enumerate() {
                println!("{i:<6} {r:>8} {:>7.2}%", 100.0 * p);
            }
        },
    );
    Ok(())
}
