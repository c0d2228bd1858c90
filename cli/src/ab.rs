//! `bayeskit ab sequential FILE` and `bayeskit ab simulate`: peek-safe A/B
//! decisions, look by look, and their error rates by simulation.

use crate::args::pair;
use crate::files::read_table;
use crate::output::{finite, json_or_text};
use crate::{err, CliResult};
use bayeskit::sequential::{
    bayes_factor_proportions, simulate, AlwaysValid, RuleReport, Simulation, DEFAULT_ALPHA,
    DEFAULT_PROPORTION_MIXING_SD,
};
use bayeskit::{compare, Beta};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum AbCmd {
    /// Each look's decision under the naive rule, the Bayes factor and the
    /// always-valid test (mSPRT), from one row per look with cumulative counts:
    /// look, successes_a, trials_a, successes_b, trials_b (tab or comma
    /// separated, an optional header line).
    Sequential(SequentialArgs),
    /// The false-positive rate (A/A) or power of each rule, and its median
    /// stopping look, over simulated experiments with your rates and looks.
    Simulate(SimulateArgs),
}

/// The rules' settings, shared by both subcommands (defaults: the library's).
#[derive(Args)]
pub struct Rules {
    /// α: the Bayes factor rule stops at BF₁₀ ≥ 1/α, the mSPRT at p ≤ α [default: 0.05].
    #[arg(long)]
    alpha: Option<f64>,
    /// The mSPRT's mixing sd τ, in units of p_B − p_A: the effect size it is
    /// tuned for [default: 0.01].
    #[arg(long)]
    mixing_sd: Option<f64>,
    /// The naive rule stops when P(B > A) exceeds this [default: 0.95].
    #[arg(long)]
    naive_threshold: Option<f64>,
    /// The Beta prior of each rate (and of the common rate of the Bayes
    /// factor's "equal" hypothesis), as "alpha,beta" [default: 1,1].
    #[arg(long)]
    prior: Option<String>,
}

impl Rules {
    fn into_simulation(self, base: Simulation) -> CliResult<Simulation> {
        let prior = match self.prior {
            Some(p) => {
                let (a, b) = pair(&p, "--prior")?;
                Beta::new(a, b).map_err(err)?
            }
            None => base.prior,
        };
        Ok(Simulation {
            alpha: self.alpha.unwrap_or(DEFAULT_ALPHA),
            mixing_sd: self.mixing_sd.unwrap_or(DEFAULT_PROPORTION_MIXING_SD),
            naive_threshold: self.naive_threshold.unwrap_or(base.naive_threshold),
            prior,
            ..base
        })
    }
}

#[derive(Args)]
pub struct SequentialArgs {
    /// One row per look: look, successes_a, trials_a, successes_b, trials_b (cumulative).
    file: PathBuf,
    #[command(flatten)]
    rules: Rules,
    /// Print one JSON object with a "looks" array.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct SimulateArgs {
    /// True conversion rate of A [default: 0.05].
    #[arg(long)]
    rate_a: Option<f64>,
    /// True conversion rate of B [default: the rate of A, an A/A test].
    #[arg(long)]
    rate_b: Option<f64>,
    /// New visitors per arm between looks [default: 1000].
    #[arg(long)]
    per_look: Option<u64>,
    /// Looks per experiment [default: 28].
    #[arg(long)]
    looks: Option<u32>,
    /// Experiments to simulate [default: 10000].
    #[arg(long)]
    experiments: Option<u32>,
    /// Seed of the draws [default: 0].
    #[arg(long)]
    seed: Option<u64>,
    #[command(flatten)]
    rules: Rules,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: AbCmd) -> CliResult<()> {
    match cmd {
        AbCmd::Sequential(a) => sequential(a),
        AbCmd::Simulate(a) => simulated(a),
    }
}

fn sequential(args: SequentialArgs) -> CliResult<()> {
    let SequentialArgs { file, rules, json } = args;
    let s = rules.into_simulation(Simulation::default())?;
    let rows = read_table(
        &file,
        &["look", "successes_a", "trials_a", "successes_b", "trials_b"],
    )?;
    let mut test = AlwaysValid::proportions(s.alpha, s.mixing_sd).map_err(err)?;
    let bf_threshold = (1.0 / s.alpha).ln();
    let mut looks = Vec::with_capacity(rows.len());
    for r in &rows {
        let at = |e: bayeskit::Error| format!("{}:{}: {e}", file.display(), r.line);
        let look = r.number(&file, 0, "look")?;
        let a = (r.count(&file, 1, "successes_a")?, r.count(&file, 2, "trials_a")?);
        let b = (r.count(&file, 3, "successes_b")?, r.count(&file, 4, "trials_b")?);
        let posterior = |(k, n): (u64, u64)| {
            let mut p = s.prior;
            p.update(k as f64, n.saturating_sub(k) as f64).map(|_| p)
        };
        let ln_bf = bayes_factor_proportions(&s.prior, a, b).map_err(at)?;
        let p_better = compare(&posterior(a).map_err(at)?, &posterior(b).map_err(at)?)
            .map_err(at)?
            .prob_b_greater;
        let m = test
            .look((a.0 as f64, a.1 as f64), (b.0 as f64, b.1 as f64))
            .map_err(at)?;
        looks.push((look, a, b, p_better, ln_bf, m));
    }
    json_or_text(
        json,
        || {
            let rows: Vec<Value> = looks
                .iter()
                .map(|(look, a, b, p, ln_bf, m)| {
                    json!({
                        "look": look,
                        "a": [a.0, a.1], "b": [b.0, b.1],
                        "naive": {"prob_b_greater": finite(*p), "stop": *p > s.naive_threshold},
                        "bayes_factor": {"ln_bf10": finite(*ln_bf), "stop": *ln_bf >= bf_threshold},
                        "always_valid": {
                            "estimate": finite(m.estimate), "p_value": finite(m.p_value),
                            "lower": finite(m.lower), "upper": finite(m.upper), "stop": m.reject,
                        },
                    })
                })
                .collect();
            json!({
                "alpha": s.alpha, "mixing_sd": s.mixing_sd, "naive_threshold": s.naive_threshold,
                "prior": [s.prior.alpha(), s.prior.beta()], "looks": rows,
            })
        },
        || {
            println!(
                "{:>6} {:>10} {:>10}  {:>9} {:>5}  {:>9} {:>5}  {:>9} {:>21} {:>5}",
                "look",
                "rate A",
                "rate B",
                "P(B>A)",
                "stop",
                "BF10",
                "stop",
                "p (mSPRT)",
                "p_B - p_A in",
                "stop"
            );
            for (look, a, b, p, ln_bf, m) in &looks {
                println!(
                    "{:>6} {:>10.5} {:>10.5}  {:>9.4} {:>5}  {:>9.3} {:>5}  {:>9.4} [{:>+9.5}, {:>+9.5}] {:>5}",
                    look,
                    a.0 as f64 / a.1 as f64,
                    b.0 as f64 / b.1 as f64,
                    p,
                    yes(*p > s.naive_threshold),
                    ln_bf.exp(),
                    yes(*ln_bf >= bf_threshold),
                    m.p_value,
                    m.lower,
                    m.upper,
                    yes(m.reject)
                );
            }
            println!(
                "naive: stop at P(B > A) > {} (not safe to check repeatedly); Bayes factor: stop at \
                 BF10 >= {:.0}; mSPRT: stop at p <= {} (tau = {})",
                s.naive_threshold,
                1.0 / s.alpha,
                s.alpha,
                s.mixing_sd
            );
        },
    );
    Ok(())
}

fn yes(b: bool) -> &'static str {
    if b {
        "STOP"
    } else {
        "-"
    }
}

fn simulated(args: SimulateArgs) -> CliResult<()> {
    let SimulateArgs {
        rate_a,
        rate_b,
        per_look,
        looks,
        experiments,
        seed,
        rules,
        json,
    } = args;
    let d = Simulation::default();
    let rate_a = rate_a.unwrap_or(d.rate_a);
    let base = Simulation {
        rate_a,
        rate_b: rate_b.unwrap_or(rate_a),
        per_look: per_look.unwrap_or(d.per_look),
        looks: looks.unwrap_or(d.looks),
        experiments: experiments.unwrap_or(d.experiments),
        seed: seed.unwrap_or(d.seed),
        ..d
    };
    let s = rules.into_simulation(base)?;
    let r = simulate(&s).map_err(err)?;
    let rule = |x: &RuleReport| json!({"stopped": x.stopped, "rate": x.rate, "std_error": x.std_error, "median_stop": finite(x.median_stop)});
    let what = if s.rate_a == s.rate_b {
        "false-positive rate"
    } else {
        "power"
    };
    json_or_text(
        json,
        || {
            json!({
                "rate_a": s.rate_a, "rate_b": s.rate_b, "per_look": s.per_look, "looks": s.looks,
                "experiments": s.experiments, "alpha": s.alpha, "mixing_sd": s.mixing_sd,
                "naive_threshold": s.naive_threshold, "seed": s.seed,
                "naive": rule(&r.naive), "bayes_factor": rule(&r.bayes_factor), "always_valid": rule(&r.always_valid),
            })
        },
        || {
            println!(
                "{} experiments, rates {} vs {}, {} looks of {} visitors per arm (seed {}):",
                s.experiments, s.rate_a, s.rate_b, s.looks, s.per_look, s.seed
            );
            println!("{:>34}  {:>20}  {:>12}", "rule", what, "median stop");
            for (name, x) in [
                (format!("naive, P(B > A) > {}", s.naive_threshold), &r.naive),
                (
                    format!("Bayes factor, BF10 >= {:.0}", 1.0 / s.alpha),
                    &r.bayes_factor,
                ),
                (format!("always valid (mSPRT), p <= {}", s.alpha), &r.always_valid),
            ] {
                println!(
                    "{name:>34}  {:>11.4} ± {:.4}  {:>12}",
                    x.rate,
                    x.std_error,
                    if x.median_stop.is_nan() {
                        "-".to_string()
                    } else {
                        format!("look {}", x.median_stop)
                    }
                );
            }
        },
    );
    Ok(())
}
