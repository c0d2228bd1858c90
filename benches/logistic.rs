//! Sparse logistic regression: scoring 25 non-zeros a row, 3 classes,
//! 10⁵ features: ≥ 10 M rows/s/core batched, ≤ 150 ns a single row, no allocation;
//! training on the 10⁵ × 10⁵ tip-like set (compare with scikit-learn's saga using
//! `benches/logistic_compare_sklearn.py`).
use bayeskit::logistic::{
    laplace, mc_scratch_len, train, Csr, Dataset, FeatureSpace, LaplaceMethod, McOptions, Model, TrainOptions,
};
use bayeskit::Rng;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `n` under `cargo bench`, a hundredth of it when `cargo test` runs the bench once.
fn size(n: usize) -> usize {
    if std::env::args().any(|a| a == "--bench") {
        n
    } else {
        (n / 100).max(200)
    }
}

/// A tip-like data set: Zipf-distributed phrase ids, ~`nnz` a row, counts 1–2, and
/// labels from a sparse true model over the 2,000 most frequent phrases.
pub fn tips(n: usize, p: usize, k: usize, nnz: usize, seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let truth: Vec<f64> = (0..2000 * k)
        .map(|_| {
            if rng.random::<f64>() < 0.3 {
                rng.random_range(-1.5..1.5)
            } else {
                0.0
            }
        })
        .collect();
    let mut rows: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    let ln_p = (p as f64).ln();
    let mut z = vec![0.0; k];
    for _ in 0..n {
        // Zipf-like: id = floor(exp(U·ln p)) − 1 is log-uniform.
        let row: Vec<(u32, f64)> = (0..nnz)
            .map(|_| {
                (
                    ((rng.random::<f64>() * ln_p).exp() as usize - 1).min(p - 1) as u32,
                    rng.random_range(1..=2) as f64,
                )
            })
            .collect();
        z.iter_mut().for_each(|v| *v = 0.0);
        for &(j, x) in &row {
            if (j as usize) < 2000 {
                for c in 0..k {
                    z[c] += x * truth[j as usize * k + c];
                }
            }
        }
        let m = z.iter().cloned().fold(f64::MIN, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let mut u = rng.random::<f64>() * e.iter().sum::<f64>();
        let mut c = 0;
        while c + 1 < k && u > e[c] {
            u -= e[c];
            c += 1;
        }
        y.push(c as u32);
        rows.push(row);
    }
    let x = Csr::from_rows(rows.iter().map(|r| r.as_slice()), p).unwrap();
    Dataset {
        x,
        y,
        weights: None,
        classes: (0..k).map(|c| c.to_string()).collect(),
        features: FeatureSpace::Indexed { n: p },
    }
}

const OPTS: TrainOptions = TrainOptions {
    lambda: 1e-4,
    l1_ratio: 0.5,
    tol: 1e-6,
    max_gap: None,
    max_iter: 1000,
    class_weights: None,
    laplace: None,
    threads: 1,
};

fn model_and_data() -> (Model, Dataset) {
    let d = tips(size(100_000), 100_000, 3, 25, 1);
    let m = train(&d, &OPTS).unwrap();
    eprintln!(
        "model: {} non-zero weights on {} features, objective {:.6}, {} passes",
        m.nnz(),
        m.stored_features().len(),
        m.info().objective,
        m.info().iterations
    );
    (m, d)
}

fn scoring(c: &mut Criterion) {
    let (m, d) = model_and_data();
    let k = m.classes();
    let mut g = c.benchmark_group("logistic_score");
    g.throughput(Throughput::Elements(d.x.rows() as u64));
    g.bench_function("batch_100k_rows", |b| {
        let mut out = vec![0.0; d.x.rows() * k];
        b.iter(|| m.predict_proba_batch(black_box(&d.x), &mut out).unwrap())
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("single_row", |b| {
        let mut out = [0.0; 3];
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % d.x.rows();
            let (ids, vals) = d.x.row(i);
            m.predict_proba(black_box(ids), black_box(vals), &mut out)
                .unwrap();
        })
    });
    g.finish();
}

fn training(c: &mut Criterion) {
    let d = tips(size(100_000), 100_000, 3, 25, 1);
    let mut g = c.benchmark_group("logistic_train");
    g.sample_size(10);
    g.bench_function("100k_rows_100k_features_k3", |b| {
        b.iter(|| train(black_box(&d), &OPTS).unwrap())
    });
    g.finish();
}

fn uncertainty(c: &mut Criterion) {
    let (m, d) = model_and_data();
    let k = m.classes();
    let mut g = c.benchmark_group("logistic_uncertainty");
    g.sample_size(10);
    g.bench_function("laplace_blocks_100k_rows", |b| {
        b.iter(|| laplace(black_box(&m), &d, LaplaceMethod::Blocks, None).unwrap())
    });
    let m = laplace(&m, &d, LaplaceMethod::Blocks, None).unwrap();
    g.sample_size(100);
    g.throughput(Throughput::Elements(1));
    g.bench_function("moderated_single_row", |b| {
        let (mut out, mut var) = ([0.0; 3], [0.0; 3]);
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % d.x.rows();
            let (ids, vals) = d.x.row(i);
            m.predict_moderated(black_box(ids), black_box(vals), &mut out, &mut var)
                .unwrap();
        })
    });
    g.bench_function("mc_1000_draws_single_row", |b| {
        let opts = McOptions {
            draws: 1000,
            level: 0.95,
        };
        let mut scratch = vec![0.0; mc_scratch_len(k, opts.draws)];
        let (mut mean, mut lo, mut hi) = ([0.0; 3], [0.0; 3], [0.0; 3]);
        let mut rng = Rng::seed_from_u64(1);
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % d.x.rows();
            let (ids, vals) = d.x.row(i);
            m.predict_mc(
                ids,
                vals,
                &mut rng,
                &opts,
                &mut scratch,
                &mut mean,
                &mut lo,
                &mut hi,
            )
            .unwrap();
        })
    });
    g.finish();
}

criterion_group!(logistic, scoring, training, uncertainty);
criterion_main!(logistic);
