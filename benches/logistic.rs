//! Sparse logistic regression: scoring 25 non-zeros a row, 3 classes,
//! 10⁵ features: ≥ 10 M rows/s/core batched, ≤ 150 ns a single row, no allocation;
//! training on the 10⁵ × 10⁵ tip-like set (compare with scikit-learn's saga using
//! `benches/logistic_compare_sklearn.py`).
#[path = "common/tips.rs"]
mod tips;

use bayeskit::logistic::{
    laplace, mc_scratch_len, train, Dataset, LaplaceMethod, McOptions, Model, TrainOptions,
};
use bayeskit::Rng;
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use tips::tips;

/// `n` under `cargo bench`, a hundredth of it when `cargo test` runs the bench once.
fn size(n: usize) -> usize {
    if std::env::args().any(|a| a == "--bench") {
        n
    } else {
        (n / 100).max(200)
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
