//! Dirichlet–multinomial fitting: ingest ≥ 200 M counts/s/core from
//! memory; 10 M rows × 5 categories from a TSV file fitted end to end in ≤ 2 s;
//! a Newton fit from statistics ≤ 10 ms, flat in the largest count and linear in K.
//!
//! The TSV file is written once to the system temp dir (about 130 MB) and reused;
//! `benches/dm_compare_scipy.py` times a scipy fit on the same file.
use bayeskit::dirichlet_fit::{fit, read_stats, DmStats, FitOptions, Layout, Prior, RankBy, ReadOptions};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Gamma};
use std::io::Write;
use std::path::PathBuf;

/// `n` rows of a Dirichlet–multinomial with `alpha`, totals drawn by `total`, row-major.
fn dm_rows(n: usize, alpha: &[f64], seed: u64, mut total: impl FnMut(&mut ChaCha8Rng) -> u64) -> Vec<u64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let gammas: Vec<Gamma<f64>> = alpha.iter().map(|&a| Gamma::new(a, 1.0).unwrap()).collect();
    let mut out = Vec::with_capacity(n * alpha.len());
    let mut p = vec![0.0; alpha.len()];
    for _ in 0..n {
        for (pk, g) in p.iter_mut().zip(&gammas) {
            *pk = g.sample(&mut rng);
        }
        let s: f64 = p.iter().sum();
        let (mut left, mut mass) = (total(&mut rng), 1.0);
        for pk in &p {
            let q = (pk / s / mass).clamp(0.0, 1.0);
            let x = if left == 0 {
                0
            } else {
                Binomial::new(left, q).unwrap().sample(&mut rng)
            };
            out.push(x);
            left -= x;
            mass -= pk / s;
        }
        // Rounding can leave a count unassigned; give it to the last category.
        *out.last_mut().unwrap() += left;
    }
    out
}

const ALPHA5: [f64; 5] = [0.6, 0.5, 0.9, 2.2, 3.8];

/// `n` under `cargo bench`; a thousandth of it when `cargo test --all-targets` runs
/// each benchmark once as a smoke test (criterion passes `--bench` only to the former).
fn size(n: usize) -> usize {
    if std::env::args().any(|a| a == "--bench") {
        n
    } else {
        (n / 1000).max(100)
    }
}

fn stats_of(rows: &[u64], k: usize) -> DmStats {
    let mut s = DmStats::new(k).unwrap();
    s.add_rows(rows, None).unwrap();
    s
}

fn ingest(c: &mut Criterion) {
    let rows = dm_rows(size(1_000_000), &ALPHA5, 1, |r| r.random_range(1..=50));
    let mut g = c.benchmark_group("dm_ingest");
    g.throughput(Throughput::Elements(rows.len() as u64));
    g.bench_function("1M_rows_x5_counts", |b| {
        let mut s = stats_of(&rows, 5); // sized by a first pass: no allocation while adding
        b.iter(|| {
            for row in rows.chunks_exact(5) {
                s.add(black_box(row)).unwrap();
            }
        })
    });
    g.finish();
}

fn fit_from_stats(c: &mut Criterion) {
    let mut g = c.benchmark_group("dm_fit_from_stats");
    g.sample_size(20);
    // 10 M rows × 5, totals 1..=50.
    let s = {
        let mut s = DmStats::new(5).unwrap();
        for seed in 0..10 {
            s.add_rows(
                &dm_rows(size(1_000_000), &ALPHA5, 100 + seed, |r| r.random_range(1..=50)),
                None,
            )
            .unwrap();
        }
        s
    };
    g.bench_function("10M_rows_x5", |b| {
        b.iter(|| fit(black_box(&s), &FitOptions::default()).unwrap())
    });
    // Flat in the largest count: 200k rows with totals ≤ 50, plus 100 rows of total M.
    for max_exp in [3u32, 6, 9] {
        let big = 10u64.pow(max_exp);
        let mut rows = dm_rows(size(200_000), &ALPHA5, 7, |r| r.random_range(1..=50));
        rows.extend(dm_rows(100, &ALPHA5, 8, |_| big));
        let s = stats_of(&rows, 5);
        g.bench_with_input(
            BenchmarkId::new("plus_100_rows_of_total", format!("1e{max_exp}")),
            &s,
            |b, s| b.iter(|| fit(black_box(s), &FitOptions::default()).unwrap()),
        );
    }
    // The cost grows with the number of distinct counts (≤ rows): log-uniform totals to 1e6.
    let rows = dm_rows(size(200_000), &ALPHA5, 7, |r| {
        r.random_range(0.0..1e6f64.ln()).exp().round().max(1.0) as u64
    });
    let s = stats_of(&rows, 5);
    g.bench_function("200k_rows_log_uniform_totals_to_1e6", |b| {
        b.iter(|| fit(black_box(&s), &FitOptions::default()).unwrap())
    });
    // Linear in K.
    for k in [10usize, 100, 1000] {
        let alpha: Vec<f64> = (0..k).map(|i| 0.2 + (i % 7) as f64 * 0.3).collect();
        let rows = dm_rows(size(20_000), &alpha, 9, |r| r.random_range(10..=2000));
        let s = stats_of(&rows, k);
        g.bench_with_input(BenchmarkId::new("categories", k), &s, |b, s| {
            b.iter(|| fit(black_box(s), &FitOptions::default()).unwrap())
        });
    }
    g.finish();
}

/// The 10 M × 5 TSV file, written on first use.
fn tsv_file() -> PathBuf {
    let rows = 10 * size(1_000_000);
    let name = if rows == 10_000_000 {
        "bayeskit-bench-dm-10M-x5.tsv".into()
    } else {
        format!("bayeskit-bench-dm-{rows}-x5.tsv")
    };
    let path = std::env::temp_dir().join(name);
    if std::fs::metadata(&path).map(|m| m.len() > 0).unwrap_or(false) {
        return path;
    }
    let tmp = path.with_extension("partial");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp).unwrap());
    for seed in 0..10 {
        let rows = dm_rows(size(1_000_000), &ALPHA5, 200 + seed, |r| r.random_range(1..=50));
        for row in rows.chunks_exact(5) {
            writeln!(f, "{}\t{}\t{}\t{}\t{}", row[0], row[1], row[2], row[3], row[4]).unwrap();
        }
    }
    f.flush().unwrap();
    drop(f);
    std::fs::rename(&tmp, &path).unwrap();
    path
}

fn end_to_end(c: &mut Criterion) {
    let path = tsv_file();
    let mut g = c.benchmark_group("dm_tsv_end_to_end");
    g.sample_size(10);
    for threads in [1usize, 2] {
        let opts = ReadOptions {
            threads,
            layout: Layout::default(),
            ..ReadOptions::default()
        };
        g.bench_with_input(
            BenchmarkId::new("10M_rows_x5_threads", threads),
            &opts,
            |b, opts| {
                b.iter(|| {
                    let (s, _) = read_stats(&path, opts).unwrap();
                    fit(&s, &FitOptions::default()).unwrap()
                })
            },
        );
    }
    g.finish();
}

fn apply(c: &mut Criterion) {
    let rows = dm_rows(size(10_000), &ALPHA5, 3, |r| r.random_range(1..=3000));
    let prior = Prior::new(&ALPHA5).unwrap();
    let mut g = c.benchmark_group("dm_apply");
    g.throughput(Throughput::Elements((rows.len() / 5) as u64));
    g.bench_function("posterior_mean_per_row", |b| {
        let mut out = [0.0; 5];
        b.iter(|| {
            for row in rows.chunks_exact(5) {
                prior.posterior_mean(black_box(row), &mut out).unwrap();
            }
        })
    });
    g.bench_function("lower_bound_score_per_row", |b| {
        b.iter(|| {
            let mut best = f64::MIN;
            for row in rows.chunks_exact(5) {
                best = best.max(
                    prior
                        .score(black_box(row), RankBy::Lower { k: 4, level: 0.9 })
                        .unwrap(),
                );
            }
            best
        })
    });
    g.finish();
}

criterion_group!(dirichlet, ingest, fit_from_stats, end_to_end, apply);
criterion_main!(dirichlet);
