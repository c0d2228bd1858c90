//! Posterior hot paths (targets: update ≤ 10 ns, Beta/Gamma quantile ≤ 1 µs).
use bayeskit::{compare, Beta, Gamma};
use criterion::{black_box, criterion_group, criterion_main, Criterion};

fn benches(c: &mut Criterion) {
    c.bench_function("beta_update", |bn| {
        let mut b = Beta::new(1.0, 1.0).unwrap();
        bn.iter(|| b.update(black_box(3.0), black_box(10.0)).unwrap());
    });
    c.bench_function("gamma_update", |bn| {
        let mut g = Gamma::new(1.0, 1.0).unwrap();
        bn.iter(|| g.update(black_box(3.0), black_box(1.5)).unwrap());
    });
    let b = Beta::new(41.0, 161.0).unwrap();
    c.bench_function("beta_quantile", |bn| {
        bn.iter(|| b.quantile(black_box(0.025)).unwrap())
    });
    c.bench_function("beta_quantile_upper", |bn| {
        bn.iter(|| b.quantile(black_box(0.975)).unwrap())
    });
    // Large shapes (ranking by a posterior lower bound, a + b in the thousands).
    let (l1, l2) = (
        Beta::new(850.6, 2150.3).unwrap(),
        Beta::new(2700.6, 305.4).unwrap(),
    );
    c.bench_function("beta_quantile_large", |bn| {
        bn.iter(|| {
            (
                black_box(&l1).quantile(black_box(0.05)).unwrap(),
                black_box(&l2).quantile(black_box(0.05)).unwrap(),
            )
        })
    });
    let g = Gamma::new(13.0, 5.0).unwrap();
    c.bench_function("gamma_quantile_lower", |bn| {
        bn.iter(|| g.quantile(black_box(0.025)).unwrap())
    });
    c.bench_function("gamma_quantile", |bn| {
        bn.iter(|| g.quantile(black_box(0.975)).unwrap())
    });
    let (a, bb) = (Beta::new(21.0, 981.0).unwrap(), Beta::new(31.0, 971.0).unwrap());
    c.bench_function("beta_compare_exact", |bn| {
        bn.iter(|| compare(black_box(&a), black_box(&bb)).unwrap())
    });
    let bq = Beta::new(31.5, 971.0).unwrap();
    c.bench_function("beta_compare_quadrature", |bn| {
        bn.iter(|| compare(black_box(&a), black_box(&bq)).unwrap())
    });
}

criterion_group!(posterior, benches);
criterion_main!(posterior);
