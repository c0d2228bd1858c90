//! `bayeskit dirichlet fit|stats|apply`: parsing options and printing only.

use crate::args::numbers;
use crate::{err, CliResult};
use bayeskit::dirichlet_fit::{
    fit, read_stats_from, CountRows, DmFit, DmStats, FitOptions, Layout, Outcome, Prior, RankBy, ReadOptions,
    ReadReport, RowFilter,
};
use bayeskit::limits::MAX_THREADS;
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum DirichletCmd {
    /// Fit a Dirichlet prior α to rows of category counts (maximum likelihood, or
    /// MAP with --hyperprior).
    Fit {
        /// Count file (one row per unit, one column per category).
        file: Option<PathBuf>,
        /// Fit from saved statistics instead of a file (repeat to merge several).
        #[arg(long = "stats", value_name = "STATS")]
        stats: Vec<PathBuf>,
        #[command(flatten)]
        input: Input,
        #[command(flatten)]
        fit: FitArgs,
        /// Print one JSON object instead of a report.
        #[arg(long)]
        json: bool,
    },
    /// Build the compressed statistics of a count file and save them (merge several
    /// with `fit --stats A --stats B`).
    Stats {
        /// Count file.
        file: PathBuf,
        /// Where to write the statistics.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        input: Input,
    },
    /// Apply a prior α to each row: posterior means, and optionally a ranking.
    Apply {
        /// Count file.
        file: PathBuf,
        /// The prior α, comma-separated (from `dirichlet fit`).
        #[arg(long)]
        alpha: String,
        /// Rank rows by `mean:K` (posterior mean of category K, 1-based) or
        /// `lower:K` (lower end of its credible interval at --level).
        #[arg(long)]
        rank_by: Option<String>,
        /// Credible level for `lower:K` and the interval columns.
        #[arg(long, default_value_t = 0.95)]
        level: f64,
        /// Print only the first N rows of the ranking.
        #[arg(long)]
        top: Option<usize>,
        #[command(flatten)]
        layout: LayoutArgs,
        /// Skip bad rows (reported on stderr) instead of stopping.
        #[arg(long)]
        skip_bad: bool,
    },
}

/// Where things are in each line of a count file.
#[derive(Args, Clone)]
pub struct LayoutArgs {
    /// The first line is a header.
    #[arg(long)]
    header: bool,
    /// The first column is an id (the original tool's format: id column, no header).
    #[arg(long)]
    id: bool,
    /// Field separator (default: tab, or comma if the first line has no tab).
    #[arg(long)]
    delimiter: Option<char>,
    /// Column N (1-based, counting every column) holds a row weight.
    #[arg(long, value_name = "N")]
    weights_column: Option<usize>,
}

impl LayoutArgs {
    fn layout(&self) -> CliResult<Layout> {
        let delimiter = match self.delimiter {
            None => None,
            Some(c) if c.is_ascii() && c != '\n' => Some(c as u8),
            Some(c) => return Err(format!("--delimiter must be one ASCII character, got {c:?}")),
        };
        let weight_column = match self.weights_column {
            Some(0) => return Err("--weights-column is 1-based".into()),
            w => w.map(|n| n - 1),
        };
        Ok(Layout {
            delimiter,
            header: self.header,
            id_column: self.id,
            weight_column,
        })
    }
}

/// How to read a count file into statistics.
#[derive(Args)]
pub struct Input {
    #[command(flatten)]
    layout: LayoutArgs,
    /// Thin rows with more than M counts to M (drawn without replacement, seeded).
    #[arg(long, value_name = "M")]
    max_count: Option<u64>,
    /// Keep each row with probability R (seeded).
    #[arg(long, default_value_t = 1.0, value_name = "R")]
    sample_rate: f64,
    /// Seed of --sample-rate and --max-count.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Parsing threads, 1 to 256 (default: all cores, at most 256).
    #[arg(long)]
    threads: Option<usize>,
    /// Skip bad rows (counted in the report) instead of stopping at the first.
    #[arg(long)]
    skip_bad: bool,
}

impl Input {
    fn read(&self, file: &Path) -> CliResult<(DmStats, ReadReport)> {
        let threads = self
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS)));
        let opts = ReadOptions {
            layout: self.layout.layout()?,
            skip_bad: self.skip_bad,
            threads,
            filter: RowFilter {
                sample_rate: self.sample_rate,
                max_total: self.max_count,
                seed: self.seed,
            },
        };
        let f = std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let size = f.metadata().map(|m| m.len()).unwrap_or(0);
        let bar = progress_bar(size);
        let result = read_stats_from(f, &file.display().to_string(), &opts, &mut |n| {
            if let Some(b) = &bar {
                b.set_position(n);
            }
        });
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        let (stats, report) = result.map_err(err)?;
        if report.skipped > 0 {
            eprintln!(
                "bayeskit: skipped {} bad rows; the first: {}",
                report.skipped,
                report.first_skipped.as_deref().unwrap_or("")
            );
        }
        Ok((stats, report))
    }
}

/// A byte progress bar on stderr for files over 64 MiB, only when stderr is a terminal.
fn progress_bar(size: u64) -> Option<indicatif::ProgressBar> {
    if size < 64 << 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({bytes_per_sec})")
    {
        bar.set_style(style);
    }
    Some(bar)
}

#[derive(Args)]
pub struct FitArgs {
    /// Hyperprior weight H ≥ 0: adds H·(Σ ln α_k − Σ_{j<K} ln(A + j)), one pseudo-row
    /// with a count in every category; pulls towards large A and keeps every α_k > 0.
    #[arg(long, default_value_t = 0.0, value_name = "H")]
    hyperprior: f64,
    /// Drop categories without any count (their α is reported as 0) instead of failing.
    #[arg(long)]
    drop_empty: bool,
    /// Most Newton iterations.
    #[arg(long, default_value_t = 200)]
    max_iter: usize,
    /// Gradient tolerance: max_k |α_k ∂ℓ/∂α_k| / (total row weight).
    #[arg(long, default_value_t = 1e-10)]
    tol: f64,
}

pub fn run(cmd: DirichletCmd) -> CliResult<()> {
    match cmd {
        DirichletCmd::Fit {
            file,
            stats,
            input,
            fit: fa,
            json,
        } => {
            let (s, report) = match (file, stats.is_empty()) {
                (Some(f), true) => input.read(&f).map(|(s, r)| (s, Some(r)))?,
                (None, false) => (merge_stats(&stats)?, None),
                (Some(_), false) => return Err("give a count FILE or --stats, not both".into()),
                (None, true) => return Err("give a count FILE or one or more --stats files".into()),
            };
            let opts = FitOptions {
                max_iter: fa.max_iter,
                tol: fa.tol,
                hyperprior: fa.hyperprior,
                drop_empty: fa.drop_empty,
            };
            let r = fit(&s, &opts).map_err(err)?;
            if json {
                println!("{}", fit_json(&r, &s, report.as_ref()));
            } else {
                print_fit(&r, &s, report.as_ref());
            }
            if matches!(r.outcome, Outcome::NotConverged) {
                return Err(format!("the fit did not converge in {} iterations", r.iterations));
            }
            Ok(())
        }
        DirichletCmd::Stats { file, output, input } => {
            let (s, report) = input.read(&file)?;
            std::fs::write(&output, s.to_bytes()).map_err(|e| format!("{}: {e}", output.display()))?;
            eprintln!(
                "bayeskit: {} rows ({} sampled out, {} thinned), K = {} -> {}",
                report.rows,
                report.sampled_out,
                report.thinned,
                s.categories(),
                output.display()
            );
            Ok(())
        }
        DirichletCmd::Apply {
            file,
            alpha,
            rank_by,
            level,
            top,
            layout,
            skip_bad,
        } => {
            let prior = Prior::new(&numbers(&alpha, "--alpha")?).map_err(err)?;
            let by = rank_by
                .as_deref()
                .map(|s| parse_rank_by(s, level, prior.categories()))
                .transpose()?;
            apply(&file, &prior, by, level, top, &layout.layout()?, skip_bad)
        }
    }
}

fn merge_stats(files: &[PathBuf]) -> CliResult<DmStats> {
    let mut merged: Option<DmStats> = None;
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let s = DmStats::from_bytes(&bytes).map_err(|e| format!("{}: {e}", f.display()))?;
        match &mut merged {
            None => merged = Some(s),
            Some(m) => m.merge(&s).map_err(|e| format!("{}: {e}", f.display()))?,
        }
    }
    merged.ok_or_else(|| "no --stats files".into())
}

fn finite(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

fn finite_all(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|&x| finite(x)).collect())
}

fn fit_json(r: &DmFit, s: &DmStats, report: Option<&ReadReport>) -> Value {
    let mut v = json!({
        "outcome": r.outcome.name(),
        "converged": r.outcome == Outcome::Converged,
        "alpha": finite_all(&r.alpha),
        "alpha_sum": finite(r.alpha_sum),
        "mean": finite_all(&r.mean),
        "theta": finite(r.theta),
        "loglik": finite(r.loglik),
        "loglik_includes_multinomial_coefficient": true,
        "loglik_multinomial": finite(r.loglik_multinomial),
        "lr_stat": finite(r.lr_stat),
        "lr_pvalue": finite(r.lr_pvalue),
        "aic": finite(r.aic),
        "bic": finite(r.bic),
        "iterations": r.iterations,
        "grad_norm": finite(r.grad_norm),
        "std_errors": finite_all(&r.std_errors),
        "dropped": r.dropped,
        "rows": s.rows(),
        "weight": r.weight,
    });
    if let Some(rep) = report {
        v["skipped"] = json!(rep.skipped);
        v["sampled_out"] = json!(rep.sampled_out);
        v["thinned"] = json!(rep.thinned);
    }
    v
}

fn print_fit(r: &DmFit, s: &DmStats, report: Option<&ReadReport>) {
    println!("rows        {} (weight {})", s.rows(), r.weight);
    if let Some(rep) = report {
        if rep.sampled_out + rep.thinned + rep.skipped > 0 {
            println!(
                "            {} sampled out, {} thinned, {} skipped",
                rep.sampled_out, rep.thinned, rep.skipped
            );
        }
    }
    println!("outcome     {}", r.outcome.name());
    match r.outcome {
        Outcome::NoOverdispersion => println!(
            "            no over-dispersion: the likelihood rises as A → ∞; the rows look like one\n            \
             multinomial with the proportions below (θ = 0)"
        ),
        Outcome::NotIdentifiable => {
            println!("            no row has 2 or more counts (or one category holds them all): A cannot be estimated")
        }
        Outcome::NotConverged => println!("            NOT converged: do not use α below"),
        _ => {}
    }
    println!(
        "{:>10} {:>14} {:>12} {:>10}",
        "category", "alpha", "std.err", "mean"
    );
    for k in 0..r.alpha.len() {
        println!(
            "{:>10} {:>14.6} {:>12.6} {:>10.6}",
            k + 1,
            r.alpha[k],
            r.std_errors[k],
            r.mean[k]
        );
    }
    println!("A = Σα      {:.6}   (θ = 1/(1+A) = {:.6})", r.alpha_sum, r.theta);
    println!("loglik      {:.6}   (with multinomial coefficients)", r.loglik);
    println!(
        "LR test     {:.4} vs the multinomial, p = {:.3e}",
        r.lr_stat, r.lr_pvalue
    );
    println!("AIC / BIC   {:.3} / {:.3}", r.aic, r.bic);
    println!("iterations  {}   gradient {:.2e}", r.iterations, r.grad_norm);
}

fn parse_rank_by(s: &str, level: f64, k: usize) -> CliResult<RankBy> {
    let bad = || format!("--rank-by: expected mean:K or lower:K with K in 1..={k}, got '{s}'");
    let (what, cat) = s.split_once(':').ok_or_else(bad)?;
    let c: usize = cat.trim().parse().map_err(|_| bad())?;
    if c == 0 || c > k {
        return Err(bad());
    }
    match what {
        "mean" => Ok(RankBy::Mean(c - 1)),
        "lower" => Ok(RankBy::Lower { k: c - 1, level }),
        _ => Err(bad()),
    }
}

/// Streams rows: without a ranking, prints each row as it is read; with one, keeps
/// only (score, id, counts) in flat arenas and prints the sorted table at the end.
fn apply(
    file: &Path,
    prior: &Prior,
    by: Option<RankBy>,
    level: f64,
    top: Option<usize>,
    layout: &Layout,
    skip_bad: bool,
) -> CliResult<()> {
    let k = prior.categories();
    let mut rows = CountRows::open(file, *layout, skip_bad).map_err(err)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let io = |e: std::io::Error| e.to_string();
    let mut mean = vec![0.0; k];
    let header = |out: &mut dyn Write| -> std::io::Result<()> {
        write!(out, "id\ttotal")?;
        for c in 1..=k {
            write!(out, "\tmean_{c}")?;
        }
        if let Some(RankBy::Mean(c) | RankBy::Lower { k: c, .. }) = by {
            write!(out, "\tlower_{0}\tupper_{0}\tscore", c + 1)?;
        }
        writeln!(out)
    };
    header(&mut out).map_err(io)?;
    let (mut ids, mut spans, mut counts_arena, mut scores) =
        (String::new(), Vec::new(), Vec::new(), Vec::new());
    while let Some(row) = rows.next_row().map_err(err)? {
        if row.counts.len() != k {
            return Err(format!(
                "{}:{}: the row has {} categories, --alpha has {k}",
                file.display(),
                row.line,
                row.counts.len()
            ));
        }
        match by {
            None => {
                prior.posterior_mean(row.counts, &mut mean).map_err(err)?;
                print_row(&mut out, row.id, row.counts, &mean, None).map_err(io)?;
            }
            Some(by) => {
                scores.push((prior.score(row.counts, by).map_err(err)?, spans.len()));
                spans.push((ids.len(), row.id.len()));
                ids.push_str(row.id);
                counts_arena.extend_from_slice(row.counts);
            }
        }
    }
    if let Some(by) = by {
        let (RankBy::Mean(c) | RankBy::Lower { k: c, .. }) = by;
        scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(score, i) in scores.iter().take(top.unwrap_or(usize::MAX)) {
            let (start, len) = spans[i];
            let counts = &counts_arena[i * k..(i + 1) * k];
            prior.posterior_mean(counts, &mut mean).map_err(err)?;
            let (lo, hi) = prior.interval(counts, c, level).map_err(err)?;
            print_row(
                &mut out,
                &ids[start..start + len],
                counts,
                &mean,
                Some((lo, hi, score)),
            )
            .map_err(io)?;
        }
    }
    if rows.skipped > 0 {
        eprintln!(
            "bayeskit: skipped {} bad rows; the first: {}",
            rows.skipped,
            rows.first_skipped.unwrap_or_default()
        );
    }
    out.flush().map_err(io)
}

fn print_row(
    out: &mut dyn Write,
    id: &str,
    counts: &[u64],
    mean: &[f64],
    ranked: Option<(f64, f64, f64)>,
) -> std::io::Result<()> {
    write!(out, "{id}\t{}", counts.iter().sum::<u64>())?;
    for m in mean {
        write!(out, "\t{m:.6}")?;
    }
    if let Some((lo, hi, score)) = ranked {
        write!(out, "\t{lo:.6}\t{hi:.6}\t{score:.6}")?;
    }
    writeln!(out)
}
