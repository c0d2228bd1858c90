//! `bayeskit posterior beta|gamma|dirichlet|normal|compare|best`: parsing options
//! and printing only.

use crate::args::{fraction, numbers, pair};
use crate::output::json_or_text;
use crate::{err, CliResult};
use bayeskit::{
    compare_mc, lift_interval, prob_best, Beta, Comparison, Dirichlet, Gamma, Method, NormalGamma,
    NormalKnownVariance, Rng,
};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

#[derive(Subcommand)]
pub enum PosteriorCmd {
    /// Beta–Binomial: a success rate from successes and failures.
    Beta(BetaArgs),
    /// Gamma–Poisson: an event rate from a count over an exposure.
    Gamma(GammaArgs),
    /// Dirichlet–categorical: category probabilities from counts.
    Dirichlet(DirichletArgs),
    /// Normal mean: with --noise-sd, known noise (prior "mean,sd", default
    /// "0,1000"); without it, unknown variance, Normal–Gamma (prior
    /// "m,kappa,alpha,beta", default "0,0.001,1,1") with a Student-t interval.
    Normal(NormalArgs),
    /// A/B comparison of two conversion rates: P(B > A), lift, expected loss.
    Compare(CompareArgs),
    /// Multi-arm test: each arm's probability of having the highest rate.
    Best(BestArgs),
}

#[derive(Args)]
pub struct Output {
    /// Credible level of the interval.
    #[arg(long, default_value_t = bayeskit::DEFAULT_LEVEL)]
    pub level: f64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct BetaArgs {
    /// Prior Beta(alpha, beta) as "alpha,beta".
    #[arg(long, default_value = "1,1")]
    prior: String,
    #[arg(long, default_value_t = 0.0)]
    successes: f64,
    #[arg(long, default_value_t = 0.0)]
    failures: f64,
    #[command(flatten)]
    out: Output,
}

#[derive(Args)]
pub struct GammaArgs {
    /// Prior Gamma(shape, rate) as "shape,rate".
    #[arg(long, default_value = "1,1")]
    prior: String,
    #[arg(long, default_value_t = 0.0)]
    count: f64,
    #[arg(long, default_value_t = 0.0)]
    exposure: f64,
    #[command(flatten)]
    out: Output,
}

#[derive(Args)]
pub struct DirichletArgs {
    /// Prior concentrations, comma-separated (one per category).
    #[arg(long)]
    prior: String,
    /// Observed counts per category, comma-separated.
    #[arg(long)]
    counts: String,
    #[command(flatten)]
    out: Output,
}

#[derive(Args)]
pub struct NormalArgs {
    /// Prior parameters (see above).
    #[arg(long)]
    prior: Option<String>,
    /// Known observation noise standard deviation.
    #[arg(long)]
    noise_sd: Option<f64>,
    /// Observations, comma-separated.
    #[arg(long, default_value = "")]
    data: String,
    #[command(flatten)]
    out: Output,
}

#[derive(Args)]
pub struct CompareArgs {
    /// Arm A as "successes/trials".
    #[arg(long)]
    a: String,
    /// Arm B as "successes/trials".
    #[arg(long)]
    b: String,
    /// Beta prior for both arms as "alpha,beta".
    #[arg(long, default_value = "1,1")]
    prior: String,
    /// `exact` (closed forms or quadrature, to ~1e-10) or `mc` (seeded Monte Carlo).
    #[arg(long, value_enum, default_value_t = CompareMethod::Exact)]
    method: CompareMethod,
    /// Monte Carlo draws per arm (with --method mc).
    #[arg(long, default_value_t = 100_000)]
    draws: u64,
    /// Monte Carlo seed (with --method mc).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    #[command(flatten)]
    out: Output,
}

#[derive(Args)]
pub struct BestArgs {
    /// The arms as "successes/trials", comma-separated (2 to 100 arms).
    #[arg(long)]
    arms: String,
    /// Beta prior for every arm as "alpha,beta".
    #[arg(long, default_value = "1,1")]
    prior: String,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// How `posterior compare` computes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CompareMethod {
    /// Closed forms or quadrature: exact to ~1e-10.
    Exact,
    /// Seeded Monte Carlo.
    Mc,
}

pub fn run(cmd: PosteriorCmd) -> CliResult<()> {
    match cmd {
        PosteriorCmd::Beta(args) => beta(args),
        PosteriorCmd::Gamma(args) => gamma(args),
        PosteriorCmd::Dirichlet(args) => dirichlet(args),
        PosteriorCmd::Normal(args) => normal(args),
        PosteriorCmd::Compare(args) => compare(args),
        PosteriorCmd::Best(args) => best(args),
    }
}

/// `bayeskit posterior beta`.
fn beta(args: BetaArgs) -> CliResult<()> {
    let BetaArgs {
        prior,
        successes,
        failures,
        out,
    } = args;
    let (a, b) = pair(&prior, "--prior")?;
    let mut p = Beta::new(a, b).map_err(err)?;
    p.update(successes, failures).map_err(err)?;
    let ci = p.interval(out.level).map_err(err)?;
    print_summary(
        "Beta",
        json!({"alpha": p.alpha(), "beta": p.beta()}),
        p.mean(),
        p.variance().sqrt(),
        p.mode(),
        ci,
        &out,
    );
    Ok(())
}

/// `bayeskit posterior gamma`.
fn gamma(args: GammaArgs) -> CliResult<()> {
    let GammaArgs {
        prior,
        count,
        exposure,
        out,
    } = args;
    let (a, b) = pair(&prior, "--prior")?;
    let mut p = Gamma::new(a, b).map_err(err)?;
    p.update(count, exposure).map_err(err)?;
    let ci = p.interval(out.level).map_err(err)?;
    print_summary(
        "Gamma",
        json!({"shape": p.shape(), "rate": p.rate()}),
        p.mean(),
        p.variance().sqrt(),
        Some(p.mode()),
        ci,
        &out,
    );
    Ok(())
}

/// `bayeskit posterior dirichlet`.
fn dirichlet(args: DirichletArgs) -> CliResult<()> {
    let DirichletArgs { prior, counts, out } = args;
    let mut d = Dirichlet::new(&numbers(&prior, "--prior")?).map_err(err)?;
    d.update(&numbers(&counts, "--counts")?).map_err(err)?;
    let mut rows = Vec::new();
    for k in 0..d.categories() {
        let (lo, hi) = d.interval(k, out.level).map_err(err)?;
        rows.push((
            d.mean(k).map_err(err)?,
            d.variance(k).map_err(err)?.sqrt(),
            lo,
            hi,
        ));
    }
    json_or_text(
        out.json,
        || {
            let cats: Vec<_> = rows
                .iter()
                .map(|(m, s, lo, hi)| json!({"mean": m, "sd": s, "interval": [lo, hi]}))
                .collect();
            json!({"distribution": "Dirichlet", "alpha": d.alpha(), "level": out.level, "categories": cats})
        },
        || {
            println!("posterior Dirichlet {:?}", d.alpha());
            println!(
                "{:>8} {:>10} {:>10} {:>24}",
                "category",
                "mean",
                "sd",
                format!("{}% CI", out.level * 100.0)
            );
            for (k, (m, s, lo, hi)) in rows.iter().enumerate() {
                println!("{k:>8} {m:>10.6} {s:>10.6}   [{lo:.6}, {hi:.6}]");
            }
        },
    );
    Ok(())
}

/// `bayeskit posterior normal`: known noise with --noise-sd, else Normal–Gamma.
fn normal(args: NormalArgs) -> CliResult<()> {
    let NormalArgs {
        prior,
        noise_sd,
        data,
        out,
    } = args;
    let xs = numbers(&data, "--data")?;
    match noise_sd {
        Some(noise_sd) => normal_known_noise(prior.as_deref(), noise_sd, &xs, &out),
        None => normal_gamma(prior.as_deref(), &xs, &out),
    }
}

fn normal_known_noise(prior: Option<&str>, noise_sd: f64, xs: &[f64], out: &Output) -> CliResult<()> {
    let (m, s) = pair(prior.unwrap_or("0,1000"), "--prior")?;
    let mut p = NormalKnownVariance::new(m, s, noise_sd).map_err(err)?;
    p.update_batch(xs).map_err(err)?;
    let mu = p.mean();
    let ci = mu.interval(out.level).map_err(err)?;
    let params = json!({"mean": mu.mean(), "sd": mu.std_dev(), "noise_sd": noise_sd});
    print_summary(
        "Normal",
        params,
        mu.mean(),
        mu.std_dev(),
        Some(mu.mean()),
        ci,
        out,
    );
    Ok(())
}

fn normal_gamma(prior: Option<&str>, xs: &[f64], out: &Output) -> CliResult<()> {
    let v = numbers(prior.unwrap_or("0,0.001,1,1"), "--prior")?;
    let [m, kappa, alpha, beta] = v[..] else {
        return Err("--prior: expected m,kappa,alpha,beta".into());
    };
    let mut p = NormalGamma::new(m, kappa, alpha, beta).map_err(err)?;
    p.update_batch(xs).map_err(err)?;
    let t = p.mean_marginal();
    let ci = t.interval(out.level).map_err(err)?;
    let (m, kappa, alpha, beta) = p.params();
    let params = json!({"m": m, "kappa": kappa, "alpha": alpha, "beta": beta, "df": t.df()});
    let sd = t.variance().map_or(f64::INFINITY, f64::sqrt);
    print_summary(
        "NormalGamma (mean: Student-t)",
        params,
        t.loc(),
        sd,
        Some(t.loc()),
        ci,
        out,
    );
    Ok(())
}

/// `bayeskit posterior compare`.
fn compare(args: CompareArgs) -> CliResult<()> {
    let CompareArgs {
        a,
        b,
        prior,
        method,
        draws,
        seed,
        out,
    } = args;
    let (a, b) = (beta_arm(&a, &prior, "--a")?, beta_arm(&b, &prior, "--b")?);
    let c = match method {
        CompareMethod::Exact => bayeskit::compare(&a, &b),
        CompareMethod::Mc => compare_mc(&a, &b, draws, &mut Rng::seed_from_u64(seed)),
    }
    .map_err(err)?;
    print_comparison(&a, &b, &c, &out)
}

/// `bayeskit posterior best`.
fn best(args: BestArgs) -> CliResult<()> {
    let BestArgs { arms, prior, json } = args;
    let arms = arms
        .split(',')
        .enumerate()
        .map(|(i, s)| beta_arm(s, &prior, &format!("--arms (arm {})", i + 1)))
        .collect::<CliResult<Vec<Beta>>>()?;
    if arms.len() < 2 {
        return Err("--arms: need at least two arms".into());
    }
    let mut p = vec![0.0; arms.len()];
    let m = prob_best(&arms, &mut p).map_err(err)?;
    json_or_text(
        json,
        || {
            json!({
                "prob_best": p,
                "means": arms.iter().map(|a| a.mean()).collect::<Vec<_>>(),
                "method": method_json(m),
            })
        },
        || {
            println!("arm  rate        P(best)");
            for (i, (a, p)) in arms.iter().zip(&p).enumerate() {
                println!("{:<4} {:<11.6} {p:.6}", i + 1, a.mean());
            }
            println!("method          {}", method_text(m));
        },
    );
    Ok(())
}

/// `x` with 6 decimals, or in scientific notation when that would print hundreds
/// of digits (or none of its own).
fn fixed(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e15).contains(&x.abs()) {
        format!("{x:.6e}")
    } else {
        format!("{x:.6}")
    }
}

/// Prints a summary of a distribution as a table or JSON.
fn print_summary(
    name: &str,
    params: serde_json::Value,
    mean: f64,
    sd: f64,
    mode: Option<f64>,
    interval: (f64, f64),
    out: &Output,
) {
    json_or_text(
        out.json,
        || {
            json!({
                "distribution": name, "params": params, "mean": mean, "sd": sd, "mode": mode,
                "level": out.level, "interval": [interval.0, interval.1],
            })
        },
        || {
            println!("posterior   {name} {params}");
            println!("mean        {}", fixed(mean));
            println!("sd          {}", fixed(sd));
            match mode {
                Some(m) => println!("mode        {}", fixed(m)),
                None => println!("mode        (none)"),
            }
            println!(
                "{:>3}% CI     [{}, {}]",
                out.level * 100.0,
                fixed(interval.0),
                fixed(interval.1)
            );
        },
    );
}

/// A Beta posterior from "successes/trials" and a prior "alpha,beta".
fn beta_arm(s: &str, prior: &str, what: &str) -> CliResult<Beta> {
    let (pa, pb) = pair(prior, "--prior")?;
    let (k, n) = fraction(s, what)?;
    let mut p = Beta::new(pa, pb).map_err(err)?;
    p.update(k, n - k).map_err(err)?;
    Ok(p)
}

fn method_text(m: Method) -> String {
    match m {
        Method::Quadrature { evaluations, error } => {
            format!("quadrature ({evaluations} density evaluations, error estimate {error:.0e})")
        }
        Method::MonteCarlo { draws } => format!("monte carlo ({draws} draws per arm)"),
        other => other.name().to_string(),
    }
}

fn method_json(m: Method) -> serde_json::Value {
    match m {
        Method::Quadrature { evaluations, error } => {
            json!({"name": m.name(), "evaluations": evaluations, "error_estimate": error})
        }
        Method::MonteCarlo { draws } => json!({"name": m.name(), "draws": draws}),
        other => json!({"name": other.name()}),
    }
}

/// Prints a comparison with the exact lift interval.
pub fn print_comparison(a: &Beta, b: &Beta, c: &Comparison, out: &Output) -> CliResult<()> {
    let lift = lift_interval(a, b, out.level).map_err(err)?;
    json_or_text(
        out.json,
        || {
            json!({
                "prob_b_greater": c.prob_b_greater,
                "mean_a": a.mean(), "mean_b": b.mean(),
                "level": out.level, "lift_interval": [lift.lower, lift.upper],
                "expected_loss_a": c.expected_loss_a, "expected_loss_b": c.expected_loss_b,
                "method": method_json(c.method), "lift_method": method_json(lift.method),
            })
        },
        || {
            println!("rate A          {:.6}", a.mean());
            println!("rate B          {:.6}", b.mean());
            println!("P(B > A)        {:.6}", c.prob_b_greater);
            println!(
                "lift B/A-1 {:>3}% [{:+.4}, {:+.4}]",
                out.level * 100.0,
                lift.lower,
                lift.upper
            );
            println!("loss if pick A  {:.3e}", c.expected_loss_a);
            println!("loss if pick B  {:.3e}", c.expected_loss_b);
            println!("method          {}", method_text(c.method));
        },
    );
    Ok(())
}
