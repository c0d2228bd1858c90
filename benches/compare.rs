//! A/B comparisons over the sizes real experiments have (targets: P(B > A)
//! with expected losses ≤ 20 µs, and with the 95 % lift interval ≤ 100 µs, at
//! every point of the grid of `tests/compare_reference.rs`).
//!
//! `cargo bench --bench compare` runs the whole grid; a filter such as
//! `cargo bench --bench compare -- 'beta/1e9'` runs part of it.
use bayeskit::{compare, lift_interval, prob_best, Beta, Gamma};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::time::Duration;

/// Arms of n trials at rate p (B's rate 1 % higher), with a Beta(prior, prior) prior.
fn beta_pair(n: f64, p: f64, prior: f64) -> (Beta, Beta) {
    let arm = |rate: f64| {
        let k = (rate * n).round();
        Beta::new(prior + k, prior + n - k).unwrap()
    };
    (arm(p), arm(p * 1.01))
}

/// Poisson arms: counts at rate p per unit over exposure n, Gamma(prior, prior) prior.
fn gamma_pair(n: f64, p: f64, prior: f64) -> (Gamma, Gamma) {
    let arm = |rate: f64| Gamma::new(prior + (rate * n).round(), prior + n).unwrap();
    (arm(p), arm(p * 1.01))
}

const SIZES: [(&str, f64); 5] = [
    ("10", 10.0),
    ("1e3", 1e3),
    ("1e5", 1e5),
    ("1e7", 1e7),
    ("1e9", 1e9),
];
const RATES: [(&str, f64); 3] = [("1e-4", 1e-4), ("0.02", 0.02), ("0.5", 0.5)];
const PRIORS: [(&str, f64); 2] = [("uniform", 1.0), ("jeffreys", 0.5)];

fn grid(c: &mut Criterion) {
    for (ns, n) in SIZES {
        for (ps, p) in RATES {
            for (prior_name, prior) in PRIORS {
                let (a, b) = beta_pair(n, p, prior);
                let id = format!("beta/{ns}/{ps}/{prior_name}");
                c.bench_function(&format!("{id}/compare"), |bn| {
                    bn.iter(|| compare(black_box(&a), black_box(&b)).unwrap())
                });
                c.bench_function(&format!("{id}/compare+lift95"), |bn| {
                    bn.iter(|| {
                        (
                            compare(black_box(&a), black_box(&b)).unwrap(),
                            lift_interval(black_box(&a), black_box(&b), 0.95).unwrap(),
                        )
                    })
                });
            }
            let (a, b) = gamma_pair(n, p, 0.5);
            let id = format!("gamma/{ns}/{ps}");
            c.bench_function(&format!("{id}/compare"), |bn| {
                bn.iter(|| compare(black_box(&a), black_box(&b)).unwrap())
            });
            c.bench_function(&format!("{id}/compare+lift95"), |bn| {
                bn.iter(|| {
                    (
                        compare(black_box(&a), black_box(&b)).unwrap(),
                        lift_interval(black_box(&a), black_box(&b), 0.95).unwrap(),
                    )
                })
            });
        }
    }
    for k in [3usize, 10] {
        let arms: Vec<Beta> = (0..k)
            .map(|i| {
                let s = 2000.0 + 15.0 * i as f64;
                Beta::new(1.0 + s, 1.0 + 1e5 - s).unwrap()
            })
            .collect();
        let mut out = vec![0.0; k];
        c.bench_function(&format!("beta/prob_best/k{k}/1e5"), |bn| {
            bn.iter(|| prob_best(black_box(&arms), &mut out).unwrap())
        });
    }
}

criterion_group! {
    name = compare_grid;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    targets = grid
}
criterion_main!(compare_grid);
