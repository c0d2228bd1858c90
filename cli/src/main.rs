//! The `bayeskit` command-line tool: argument parsing and printing only; all
//! logic lives in the library.

use bayeskit::dirichlet_fit::{fit, CountRows, DmStats, FitOptions, Layout, Outcome, Prior, RankBy};
use bayeskit::{
    compare, compare_mc, lift_interval, prob_best, Beta, Comparison, Dirichlet, Gamma, Hypotheses, Method,
    NormalGamma, NormalKnownVariance, Rng,
};
use clap::{Args, Parser, Subcommand, ValueEnum};

mod dirichlet;
mod logistic;
use serde_json::json;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "bayeskit",
    version,
    about = "Bayesian inference: posteriors, priors, sparse logistic regression"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Conjugate posterior updates and A/B comparisons.
    #[command(subcommand)]
    Posterior(PosteriorCmd),
    /// Fit a Dirichlet prior to many rows of category counts, and apply it.
    #[command(subcommand)]
    Dirichlet(dirichlet::DirichletCmd),
    /// Sparse multinomial logistic regression: train, predict, evaluate, inspect.
    #[command(subcommand)]
    Logistic(logistic::LogisticCmd),
    /// Walk through the questions bayeskit answers, on bundled data.
    Demo,
}

#[derive(Args)]
struct Output {
    /// Credible level of the interval.
    #[arg(long, default_value_t = 0.95)]
    level: f64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum PosteriorCmd {
    /// Beta–Binomial: a success rate from successes and failures.
    Beta {
        /// Prior Beta(alpha, beta) as "alpha,beta".
        #[arg(long, default_value = "1,1")]
        prior: String,
        #[arg(long, default_value_t = 0.0)]
        successes: f64,
        #[arg(long, default_value_t = 0.0)]
        failures: f64,
        #[command(flatten)]
        out: Output,
    },
    /// Gamma–Poisson: an event rate from a count over an exposure.
    Gamma {
        /// Prior Gamma(shape, rate) as "shape,rate".
        #[arg(long, default_value = "1,1")]
        prior: String,
        #[arg(long, default_value_t = 0.0)]
        count: f64,
        #[arg(long, default_value_t = 0.0)]
        exposure: f64,
        #[command(flatten)]
        out: Output,
    },
    /// Dirichlet–categorical: category probabilities from counts.
    Dirichlet {
        /// Prior concentrations, comma-separated (one per category).
        #[arg(long)]
        prior: String,
        /// Observed counts per category, comma-separated.
        #[arg(long)]
        counts: String,
        #[command(flatten)]
        out: Output,
    },
    /// Normal mean: with --noise-sd, known noise (prior "mean,sd", default
    /// "0,1000"); without it, unknown variance, Normal–Gamma (prior
    /// "m,kappa,alpha,beta", default "0,0.001,1,1") with a Student-t interval.
    Normal {
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
    },
    /// A/B comparison of two conversion rates: P(B > A), lift, expected loss.
    Compare {
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
    },
    /// Multi-arm test: each arm's probability of having the highest rate.
    Best {
        /// The arms as "successes/trials", comma-separated (2 to 100 arms).
        #[arg(long)]
        arms: String,
        /// Beta prior for every arm as "alpha,beta".
        #[arg(long, default_value = "1,1")]
        prior: String,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// How `posterior compare` computes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CompareMethod {
    /// Closed forms or quadrature: exact to ~1e-10.
    Exact,
    /// Seeded Monte Carlo.
    Mc,
}

type CliResult<T> = Result<T, String>;

fn main() -> ExitCode {
    // A closed pipe (`bayeskit ... | head`) ends the process quietly, as it does
    // any Unix tool, instead of an error about writing to it.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Posterior(cmd) => posterior(cmd),
        Command::Dirichlet(cmd) => dirichlet::run(cmd),
        Command::Logistic(cmd) => logistic::run(cmd),
        Command::Demo => demo(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("bayeskit: error: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn numbers(s: &str, what: &str) -> CliResult<Vec<f64>> {
    if s.trim().is_empty() {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|t| {
            t.trim()
                .parse::<f64>()
                .map_err(|_| format!("{what}: '{t}' is not a number"))
        })
        .collect()
}

fn pair(s: &str, what: &str) -> CliResult<(f64, f64)> {
    match numbers(s, what)?.as_slice() {
        [a, b] => Ok((*a, *b)),
        _ => Err(format!("{what}: expected two comma-separated numbers, got '{s}'")),
    }
}

fn fraction(s: &str, what: &str) -> CliResult<(f64, f64)> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| format!("{what}: expected 'successes/trials', got '{s}'"))?;
    let parse = |t: &str| {
        t.trim()
            .parse::<f64>()
            .map_err(|_| format!("{what}: '{t}' is not a number"))
    };
    let (k, n) = (parse(k)?, parse(n)?);
    if !(k >= 0.0 && n >= k) {
        return Err(format!("{what}: need 0 <= successes <= trials, got {s}"));
    }
    Ok((k, n))
}

fn err(e: bayeskit::Error) -> String {
    e.to_string()
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
    if out.json {
        let v = json!({
            "distribution": name, "params": params, "mean": mean, "sd": sd, "mode": mode,
            "level": out.level, "interval": [interval.0, interval.1],
        });
        println!("{v}");
    } else {
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
    }
}

fn posterior(cmd: PosteriorCmd) -> CliResult<()> {
    match cmd {
        PosteriorCmd::Beta {
            prior,
            successes,
            failures,
            out,
        } => {
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
        }
        PosteriorCmd::Gamma {
            prior,
            count,
            exposure,
            out,
        } => {
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
        }
        PosteriorCmd::Dirichlet { prior, counts, out } => {
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
            if out.json {
                let cats: Vec<_> = rows
                    .iter()
                    .map(|(m, s, lo, hi)| json!({"mean": m, "sd": s, "interval": [lo, hi]}))
                    .collect();
                println!(
                    "{}",
                    json!({"distribution": "Dirichlet", "alpha": d.alpha(), "level": out.level, "categories": cats})
                );
            } else {
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
            }
        }
        PosteriorCmd::Normal {
            prior,
            noise_sd,
            data,
            out,
        } => {
            let xs = numbers(&data, "--data")?;
            if let Some(noise_sd) = noise_sd {
                let (m, s) = pair(prior.as_deref().unwrap_or("0,1000"), "--prior")?;
                let mut p = NormalKnownVariance::new(m, s, noise_sd).map_err(err)?;
                p.update_batch(&xs).map_err(err)?;
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
                    &out,
                );
            } else {
                let v = numbers(prior.as_deref().unwrap_or("0,0.001,1,1"), "--prior")?;
                let [m, kappa, alpha, beta] = v[..] else {
                    return Err("--prior: expected m,kappa,alpha,beta".into());
                };
                let mut p = NormalGamma::new(m, kappa, alpha, beta).map_err(err)?;
                p.update_batch(&xs).map_err(err)?;
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
                    &out,
                );
            }
        }
        PosteriorCmd::Compare {
            a,
            b,
            prior,
            method,
            draws,
            seed,
            out,
        } => {
            let (a, b) = (beta_arm(&a, &prior, "--a")?, beta_arm(&b, &prior, "--b")?);
            let c = match method {
                CompareMethod::Exact => compare(&a, &b),
                CompareMethod::Mc => compare_mc(&a, &b, draws, &mut Rng::seed_from_u64(seed)),
            }
            .map_err(err)?;
            print_comparison(&a, &b, &c, &out)?;
        }
        PosteriorCmd::Best { arms, prior, json } => {
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
            if json {
                let v = json!({
                    "prob_best": p,
                    "means": arms.iter().map(|a| a.mean()).collect::<Vec<_>>(),
                    "method": method_json(m),
                });
                println!("{v}");
            } else {
                println!("arm  rate        P(best)");
                for (i, (a, p)) in arms.iter().zip(&p).enumerate() {
                    println!("{:<4} {:<11.6} {p:.6}", i + 1, a.mean());
                }
                println!("method          {}", method_text(m));
            }
        }
    }
    Ok(())
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
fn print_comparison(a: &Beta, b: &Beta, c: &Comparison, out: &Output) -> CliResult<()> {
    let lift = lift_interval(a, b, out.level).map_err(err)?;
    if out.json {
        let v = json!({
            "prob_b_greater": c.prob_b_greater,
            "mean_a": a.mean(), "mean_b": b.mean(),
            "level": out.level, "lift_interval": [lift.lower, lift.upper],
            "expected_loss_a": c.expected_loss_a, "expected_loss_b": c.expected_loss_b,
            "method": method_json(c.method), "lift_method": method_json(lift.method),
        });
        println!("{v}");
    } else {
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
    }
    Ok(())
}

const VENUES: &str = include_str!("../../data/demo/venues.tsv");
const VENUE_RATINGS: &str = include_str!("../../data/demo/venue_ratings.tsv");
const TIPS: &str = include_str!("../../data/demo/tips.tsv");
const AB_TEST: &str = include_str!("../../data/demo/ab_test.tsv");

/// Rows of (name, a, b) from a bundled TSV; `#` lines are comments.
fn rows(text: &str) -> CliResult<Vec<(&str, f64, f64)>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |i: usize| {
                f.get(i)
                    .and_then(|t| t.trim().parse::<f64>().ok())
                    .ok_or_else(|| format!("bad demo row: {l}"))
            };
            Ok((f[0], num(1)?, num(2)?))
        })
        .collect()
}

/// Demo step 3: a Dirichlet prior over 1–5 star ratings, fitted on 4,000 venues,
/// ranks a venue with 3 ratings against one with 3,000.
fn demo_star_ratings() -> CliResult<()> {
    println!("== 3. A prior from 4,000 venues' star ratings: who ranks first on five-star share? ==");
    let layout = Layout {
        header: true,
        id_column: true,
        ..Layout::default()
    };
    let mut rows =
        CountRows::new(VENUE_RATINGS.as_bytes(), "venue_ratings.tsv", layout, false).map_err(err)?;
    let mut stats = DmStats::new(5).map_err(err)?;
    let mut venues: Vec<(String, [u64; 5])> = Vec::new();
    while let Some(r) = rows.next_row().map_err(err)? {
        stats.add(r.counts).map_err(err)?;
        let counts: [u64; 5] = r.counts.try_into().map_err(|_| "demo ratings need 5 columns")?;
        venues.push((r.id.to_string(), counts));
    }
    let f = fit(&stats, &FitOptions::default()).map_err(err)?;
    if f.outcome != Outcome::Converged {
        return Err(format!("demo star-rating fit: {}", f.outcome.name()));
    }
    let a: Vec<String> = f.alpha.iter().map(|x| format!("{x:.2}")).collect();
    println!(
        "fitted α = ({}) in {} Newton steps, A = {:.2}: a venue's mix is worth about {:.0} ratings of evidence",
        a.join(", "),
        f.iterations,
        f.alpha_sum,
        f.alpha_sum
    );
    let prior = Prior::new(&f.alpha).map_err(err)?;
    let by = RankBy::Lower { k: 4, level: 0.9 };
    let share = |c: &[u64; 5]| c[4] as f64 / c.iter().sum::<u64>().max(1) as f64;
    let raw: Vec<f64> = venues.iter().map(|(_, c)| share(c)).collect();
    let scored: Vec<f64> = venues
        .iter()
        .map(|(_, c)| prior.score(c, by))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let rank = |xs: &[f64], x: f64| 1 + xs.iter().filter(|&&y| y > x).count();
    println!(
        "{:<14} {:>7} {:>7} {:>9}   {:<22} rank by lower bound",
        "venue", "ratings", "raw 5★", "raw rank", "posterior 5★ (90%)"
    );
    for name in ["corner_cafe", "harbour_grill"] {
        let (_, c) = venues
            .iter()
            .find(|(n, _)| n == name)
            .ok_or("demo venue missing")?;
        let post = prior.marginal(c, 4).map_err(err)?;
        let (lo, hi) = post.interval(0.9).map_err(err)?;
        println!(
            "{name:<14} {:>7} {:>7.3} {:>9}   {:.3} [{lo:.2}, {hi:.2}]   {:>6}",
            c.iter().sum::<u64>(),
            share(c),
            rank(&raw, share(c)),
            post.mean(),
            rank(&scored, prior.score(c, by).map_err(err)?)
        );
    }
    println!(
        "By raw share, 3 five-star ratings tie for first; the posterior's lower bound ranks the venue\n\
         with 3,000 ratings far above it. Same on the command line:\n  \
         bayeskit dirichlet fit data/demo/venue_ratings.tsv --header --id\n  \
         bayeskit dirichlet apply data/demo/venue_ratings.tsv --header --id --alpha <α> --rank-by lower:5 --level 0.9\n"
    );
    Ok(())
}

/// Demo step: a sparse logistic model of tips' sentiment from phrase counts.
fn demo_tips() -> CliResult<()> {
    use bayeskit::logistic::{
        read_phrases_from, train, PhraseFeatures, PhraseIndex, PhraseOptions, SparseRow, TrainOptions,
    };
    println!("== 4. Classifying tips: sparse multinomial logistic regression on 3,000 labelled tips ==");
    let opts = PhraseOptions {
        features: PhraseFeatures::Dictionary {
            max_features: None,
            min_count: 1,
        },
        skip_bad: false,
    };
    let (data, _) = read_phrases_from(TIPS.as_bytes(), "tips.tsv", &opts).map_err(err)?;
    let t = std::time::Instant::now();
    let m = train(
        &data,
        &TrainOptions {
            lambda: 2e-3,
            l1_ratio: 0.9,
            tol: 1e-8,
            ..TrainOptions::default()
        },
    )
    .map_err(err)?;
    println!(
        "elastic net (λ = 0.002, ρ = 0.9): {} of {} weights non-zero, objective {:.5}, converged in {} passes ({:.0} ms)",
        m.nnz(),
        m.features().len() * m.classes(),
        m.info().objective,
        m.info().iterations,
        t.elapsed().as_secs_f64() * 1e3
    );
    println!("strongest phrases per class:");
    logistic::inspect(&m, 5);
    similar_weights_different_certainty(&m, &data.x)?;
    let index = PhraseIndex::new(m.features()).map_err(err)?;
    let mut row = SparseRow::new();
    let mut p = vec![0.0; m.classes()];
    for tip in [
        &["great", "coffee", "friendly staff"][..],
        &["slow service", "cold food"],
        &["decent", "but", "a bit pricey"],
    ] {
        index.featurize(tip.iter().map(|s| (*s, 1.0)), &mut row);
        m.predict_proba(row.ids(), row.values(), &mut p).map_err(err)?;
        let shown: Vec<String> = m
            .labels()
            .iter()
            .zip(&p)
            .map(|(l, v)| format!("{l} {v:.2}"))
            .collect();
        println!(
            "  {:<38} → {}",
            format!("\"{}\"", tip.join(", ")),
            shown.join("  ")
        );
    }
    println!("Same on the command line: bayeskit logistic train data/demo/tips.tsv --cv 5 -o tips.model;");
    println!("  bayeskit logistic inspect tips.model; bayeskit logistic predict tips.model data/demo/tips.tsv --uncertainty mc\n");
    Ok(())
}

/// Two phrases pointing to the same class about equally strongly, one seen far
/// more often than the other: the Laplace intervals tell them apart.
fn similar_weights_different_certainty(
    m: &bayeskit::logistic::Model,
    x: &bayeskit::logistic::Csr,
) -> CliResult<()> {
    let mut seen = vec![0u32; m.features().len()];
    for i in 0..x.rows() {
        for &j in x.row(i).0 {
            seen[j as usize] += 1;
        }
    }
    let k = m.classes();
    let contrast = |j: u32, c: usize| m.contrast(j, c).unwrap_or(0.0);
    let sd = |j: u32, c: usize| m.contrast_variance(j, c).map_or(f64::NAN, f64::sqrt);
    // The pair with the most different intervals among those with weights within 0.1.
    let mut best: Option<(f64, usize, u32, u32)> = None;
    for c in 0..k {
        let strong: Vec<u32> = m
            .stored_features()
            .iter()
            .copied()
            .filter(|&j| contrast(j, c) > 0.3)
            .collect();
        for &a in &strong {
            for &b in &strong {
                let ratio = sd(a, c) / sd(b, c);
                if (contrast(a, c) - contrast(b, c)).abs() < 0.1 && best.is_none_or(|t| ratio > t.0) {
                    best = Some((ratio, c, a, b));
                }
            }
        }
    }
    let Some((_, c, rare, common)) = best else {
        return Err("demo: no pair of phrases with similar weights".into());
    };
    println!(
        "similar weights, different certainty (class {}, weight relative to the classes' mean, 95 % Laplace interval):",
        m.labels()[c]
    );
    for j in [common, rare] {
        let (lo, hi) = logistic::interval95(m, j, c).ok_or("demo: the model has no covariances")?;
        println!(
            "  {:<18} {:+.2}  [{lo:+.2}, {hi:+.2}]   in {} tips",
            format!("\"{}\"", logistic::feature_name(m, j)),
            contrast(j, c),
            seen[j as usize]
        );
    }
    Ok(())
}

fn demo() -> CliResult<()> {
    println!("== 1. The fire alarm: Bayes' rule over two hypotheses ==");
    println!("P(fire) = 1%, P(alarm | fire) = 90%, P(alarm | no fire) = 5%. The alarm rings.");
    let mut h = Hypotheses::from_probabilities(&[0.01, 0.99]).map_err(err)?;
    h.update_likelihood(&[0.9, 0.05]).map_err(err)?;
    let mut post = [0.0; 2];
    h.posterior(&mut post).map_err(err)?;
    println!(
        "P(fire | alarm) = {:.4}   (evidence P(alarm) = {:.4})\n",
        post[0],
        h.ln_evidence().exp()
    );

    println!("== 2. Shrinking a venue's like-rate: 3 ratings versus 3,000 ==");
    let venues = rows(VENUES)?;
    // The population prior: a Dirichlet-multinomial (here Beta-binomial) fit to every venue's counts.
    let mut stats = DmStats::new(2).map_err(err)?;
    for (_, likes, dislikes) in &venues {
        stats.add(&[*likes as u64, *dislikes as u64]).map_err(err)?;
    }
    let f = fit(&stats, &FitOptions::default()).map_err(err)?;
    if f.outcome != Outcome::Converged {
        return Err(format!("demo prior fit: {}", f.outcome.name()));
    }
    let prior = Beta::new(f.alpha[0], f.alpha[1]).map_err(err)?;
    println!(
        "population prior Beta({:.2}, {:.2}), mean {:.3}",
        prior.alpha(),
        prior.beta(),
        prior.mean()
    );
    println!(
        "{:<18} {:>7} {:>8} {:>9} {:>19}",
        "venue", "ratings", "raw", "shrunk", "95% interval"
    );
    for (name, likes, dislikes) in &venues {
        let mut p = prior;
        p.update(*likes, *dislikes).map_err(err)?;
        let (lo, hi) = p.interval(0.95).map_err(err)?;
        println!(
            "{name:<18} {:>7} {:>8.3} {:>9.3}    [{lo:.3}, {hi:.3}]",
            likes + dislikes,
            likes / (likes + dislikes),
            p.mean()
        );
    }
    println!("corner_cafe's 2 of 3 likes is shrunk towards the population; harbour_grill's 3,000 ratings barely move.\n");

    demo_star_ratings()?;
    demo_tips()?;

    println!("== 5. An A/B test: is B's checkout button better? ==");
    let arms = rows(AB_TEST)?;
    let arm = |i: usize| -> CliResult<Beta> {
        let (_, k, n) = arms.get(i).ok_or("demo A/B data needs two arms")?;
        let mut p = Beta::new(1.0, 1.0).map_err(err)?;
        p.update(*k, n - k).map_err(err)?;
        Ok(p)
    };
    let (a, b) = (arm(0)?, arm(1)?);
    let c = compare(&a, &b).map_err(err)?;
    print_comparison(
        &a,
        &b,
        &c,
        &Output {
            level: 0.95,
            json: false,
        },
    )
}
