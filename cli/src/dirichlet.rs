//! `bayeskit dirichlet fit|stats|apply`: parsing options and printing only.

use crate::args::{numbers, threads};
use crate::files::{self, at, progress_bar, report_skips};
use crate::output::{self, finite, finite_all, io, json_or_text};
use crate::{err, CliResult};
use bayeskit::dirichlet_fit::{
    read_stats_from, CountRows, DmFit, DmStats, FitOptions, Layout, Outcome, Prior, RankBy, ReadOptions,
    ReadReport, Row, RowFilter,
};
use clap::{Args, Subcommand};
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum DirichletCmd {
    /// Fit a Dirichlet prior α to rows of category counts (maximum likelihood, or
    /// MAP with --hyperprior).
    Fit(FitArgs),
    /// Build the compressed statistics of a count file and save them (merge several
    /// with `fit --stats A --stats B`).
    Stats(StatsArgs),
    /// Apply a prior α to each row: posterior means, and optionally a ranking.
    Apply(ApplyArgs),
}

#[derive(Args)]
pub struct FitArgs {
    /// Count file (one row per unit, one column per category).
    file: Option<PathBuf>,
    /// Fit from saved statistics instead of a file (repeat to merge several).
    #[arg(long = "stats", value_name = "STATS")]
    stats: Vec<PathBuf>,
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    fit: FitOptionArgs,
    /// Print one JSON object instead of a report.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct StatsArgs {
    /// Count file.
    file: PathBuf,
    /// Where to write the statistics.
    #[arg(short, long)]
    output: PathBuf,
    #[command(flatten)]
    input: Input,
}

#[derive(Args)]
pub struct ApplyArgs {
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
    #[arg(long, default_value_t = bayeskit::DEFAULT_LEVEL)]
    level: f64,
    /// Print only the first N rows of the ranking.
    #[arg(long)]
    top: Option<usize>,
    #[command(flatten)]
    layout: LayoutArgs,
    /// Skip bad rows (reported on stderr) instead of stopping.
    #[arg(long)]
    skip_bad: bool,
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

/// How to read a count file into statistics. Defaults are the core's
/// (`ReadOptions`), except the thread count.
#[derive(Args)]
pub struct Input {
    #[command(flatten)]
    layout: LayoutArgs,
    /// Thin rows with more than M counts to M (drawn without replacement, seeded).
    #[arg(long, value_name = "M")]
    max_count: Option<u64>,
    /// Keep each row with probability R (seeded).
    #[arg(long, default_value_t = RowFilter::default().sample_rate, value_name = "R")]
    sample_rate: f64,
    /// Seed of --sample-rate and --max-count.
    #[arg(long, default_value_t = RowFilter::default().seed)]
    seed: u64,
    /// Parsing threads, 1 to 256 (default: all cores, at most 256; deliberately
    /// unlike the library's default, as a command line has the machine to itself).
    // The one default that differs from the core's ReadOptions (see args::threads).
    #[arg(long)]
    threads: Option<usize>,
    /// Skip bad rows (counted in the report) instead of stopping at the first.
    #[arg(long)]
    skip_bad: bool,
}

impl Input {
    fn read(&self, file: &Path) -> CliResult<(DmStats, ReadReport)> {
        let opts = ReadOptions {
            layout: self.layout.layout()?,
            skip_bad: self.skip_bad,
            threads: threads(self.threads),
            filter: RowFilter {
                sample_rate: self.sample_rate,
                max_total: self.max_count,
                seed: self.seed,
            },
        };
        let f = std::fs::File::open(file).map_err(at(file))?;
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
        report_skips(report.skipped, report.first_skipped.as_deref());
        Ok((stats, report))
    }
}

/// The options of a fit; defaults are the core's (`FitOptions`).
#[derive(Args)]
pub struct FitOptionArgs {
    /// Hyperprior weight H ≥ 0: adds H·(Σ ln α_k − Σ_{j<K} ln(A + j)), one pseudo-row
    /// with a count in every category; pulls towards large A and keeps every α_k > 0.
    #[arg(long, default_value_t = FitOptions::default().hyperprior, value_name = "H")]
    hyperprior: f64,
    /// Drop categories without any count (their α is reported as 0) instead of failing.
    #[arg(long)]
    drop_empty: bool,
    /// Most Newton iterations.
    #[arg(long, default_value_t = FitOptions::default().max_iter)]
    max_iter: usize,
    /// Gradient tolerance: max_k |α_k ∂ℓ/∂α_k| / (total row weight).
    #[arg(long, default_value_t = FitOptions::default().tol)]
    tol: f64,
}

impl FitOptionArgs {
    fn options(&self) -> FitOptions {
        FitOptions {
            max_iter: self.max_iter,
            tol: self.tol,
            hyperprior: self.hyperprior,
            drop_empty: self.drop_empty,
        }
    }
}

pub fn run(cmd: DirichletCmd) -> CliResult<()> {
    match cmd {
        DirichletCmd::Fit(args) => fit(args),
        DirichletCmd::Stats(args) => stats(args),
        DirichletCmd::Apply(args) => apply(args),
    }
}

/// `bayeskit dirichlet fit`.
fn fit(args: FitArgs) -> CliResult<()> {
    let FitArgs {
        file,
        stats,
        input,
        fit: fa,
        json,
    } = args;
    let (s, report) = match (file, stats.is_empty()) {
        (Some(f), true) => input.read(&f).map(|(s, r)| (s, Some(r)))?,
        (None, false) => (merge_stats(&stats)?, None),
        (Some(_), false) => return Err("give a count FILE or --stats, not both".into()),
        (None, true) => return Err("give a count FILE or one or more --stats files".into()),
    };
    let r = bayeskit::dirichlet_fit::fit(&s, &fa.options()).map_err(err)?;
    json_or_text(
        json,
        || fit_json(&r, &s, report.as_ref()),
        || print_fit(&r, &s, report.as_ref()),
    );
    if matches!(r.outcome, Outcome::NotConverged) {
        return Err(format!("the fit did not converge in {} iterations", r.iterations));
    }
    Ok(())
}

/// `bayeskit dirichlet stats`.
fn stats(args: StatsArgs) -> CliResult<()> {
    let StatsArgs { file, output, input } = args;
    let (s, report) = input.read(&file)?;
    files::write(&output, &s.to_bytes())?;
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

/// `bayeskit dirichlet apply`.
///
/// Streams rows: without a ranking, prints each row as it is read; with one, keeps
/// only (score, id, counts) in flat arenas and prints the sorted table at the end.
fn apply(args: ApplyArgs) -> CliResult<()> {
    let ApplyArgs {
        file,
        alpha,
        rank_by,
        level,
        top,
        layout,
        skip_bad,
    } = args;
    let prior = Prior::new(&numbers(&alpha, "--alpha")?).map_err(err)?;
    let by = rank_by
        .as_deref()
        .map(|s| parse_rank_by(s, level, prior.categories()))
        .transpose()?;
    let mut rows = CountRows::open(&file, layout.layout()?, skip_bad).map_err(err)?;
    let mut out = output::stdout();
    write_header(&mut out, prior.categories(), by).map_err(io)?;
    match by {
        None => write_means(&mut rows, &file, &prior, &mut out)?,
        Some(by) => write_ranked(&mut rows, &file, &prior, by, level, top, &mut out)?,
    }
    report_skips(rows.skipped, rows.first_skipped.as_deref());
    out.flush().map_err(io)
}

fn merge_stats(paths: &[PathBuf]) -> CliResult<DmStats> {
    let mut merged: Option<DmStats> = None;
    for f in paths {
        let s = DmStats::from_bytes(&files::read(f)?).map_err(at(f))?;
        match &mut merged {
            None => merged = Some(s),
            Some(m) => m.merge(&s).map_err(at(f))?,
        }
    }
    merged.ok_or_else(|| "no --stats files".into())
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

/// The table's header: the means, and with a ranking the interval and the score.
fn write_header(out: &mut dyn Write, k: usize, by: Option<RankBy>) -> std::io::Result<()> {
    write!(out, "id\ttotal")?;
    for c in 1..=k {
        write!(out, "\tmean_{c}")?;
    }
    if let Some(RankBy::Mean(c) | RankBy::Lower { k: c, .. }) = by {
        write!(out, "\tlower_{0}\tupper_{0}\tscore", c + 1)?;
    }
    writeln!(out)
}

/// The next row, which must have a count for each of the prior's categories.
fn next_row<'r, R: BufRead>(
    rows: &'r mut CountRows<R>,
    file: &Path,
    prior: &Prior,
) -> CliResult<Option<Row<'r>>> {
    let k = prior.categories();
    let Some(row) = rows.next_row().map_err(err)? else {
        return Ok(None);
    };
    if row.counts.len() != k {
        return Err(format!(
            "{}:{}: the row has {} categories, --alpha has {k}",
            file.display(),
            row.line,
            row.counts.len()
        ));
    }
    Ok(Some(row))
}

/// Without a ranking: each row's posterior means, as it is read.
fn write_means<R: BufRead>(
    rows: &mut CountRows<R>,
    file: &Path,
    prior: &Prior,
    out: &mut dyn Write,
) -> CliResult<()> {
    let mut mean = vec![0.0; prior.categories()];
    while let Some(row) = next_row(rows, file, prior)? {
        prior.posterior_mean(row.counts, &mut mean).map_err(err)?;
        print_row(out, row.id, row.counts, &mean, None).map_err(io)?;
    }
    Ok(())
}

/// With a ranking: every row's score, id and counts kept in flat arenas, then the
/// `top` rows by score with their posterior means and interval.
fn write_ranked<R: BufRead>(
    rows: &mut CountRows<R>,
    file: &Path,
    prior: &Prior,
    by: RankBy,
    level: f64,
    top: Option<usize>,
    out: &mut dyn Write,
) -> CliResult<()> {
    let k = prior.categories();
    let (mut ids, mut spans, mut counts_arena, mut scores) =
        (String::new(), Vec::new(), Vec::new(), Vec::new());
    while let Some(row) = next_row(rows, file, prior)? {
        scores.push((prior.score(row.counts, by).map_err(err)?, spans.len()));
        spans.push((ids.len(), row.id.len()));
        ids.push_str(row.id);
        counts_arena.extend_from_slice(row.counts);
    }
    let (RankBy::Mean(c) | RankBy::Lower { k: c, .. }) = by;
    scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut mean = vec![0.0; k];
    for &(score, i) in scores.iter().take(top.unwrap_or(usize::MAX)) {
        let (start, len) = spans[i];
        let counts = &counts_arena[i * k..(i + 1) * k];
        prior.posterior_mean(counts, &mut mean).map_err(err)?;
        let (lo, hi) = prior.interval(counts, c, level).map_err(err)?;
        print_row(
            out,
            &ids[start..start + len],
            counts,
            &mean,
            Some((lo, hi, score)),
        )
        .map_err(io)?;
    }
    Ok(())
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
