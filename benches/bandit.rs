//! Thompson-sampling choices (issue 19's target: `choose` over 10 Beta arms
//! at ≥ 3 M choices/s on one core, no allocation — `tests/alloc.rs` checks
//! the latter) and top-two choices, on arms with realistic data (rates
//! 4–5 %, a few thousand trials each), and one report.
//!
//! `cargo bench --bench bandit`.
use bayeskit::bandit::{Bandit, BanditOptions, ReportOptions};
use bayeskit::{Beta, Gamma, NormalGamma, Rng};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

fn beta_bandit() -> Bandit<Beta> {
    let b = Bandit::new(&[Beta::new(1.0, 1.0).unwrap()], 10, BanditOptions::default()).unwrap();
    for arm in 0..10 {
        b.update(arm, 40.0 + arm as f64, 1000.0).unwrap();
    }
    b
}

fn choices(c: &mut Criterion) {
    let mut g = c.benchmark_group("bandit");
    g.throughput(Throughput::Elements(1));
    let b = beta_bandit();
    let mut rng = Rng::seed_from_u64(1);
    g.bench_function("choose/beta/10", |bench| {
        bench.iter(|| black_box(b.choose(&mut rng)))
    });
    g.bench_function("choose_top_two/beta/10", |bench| {
        bench.iter(|| black_box(b.choose_top_two(&mut rng)))
    });
    let gb = Bandit::new(&[Gamma::new(1.0, 1.0).unwrap()], 10, BanditOptions::default()).unwrap();
    for arm in 0..10 {
        gb.update(arm, 300.0 + arm as f64, 100.0).unwrap();
    }
    g.bench_function("choose/gamma/10", |bench| {
        bench.iter(|| black_box(gb.choose(&mut rng)))
    });
    let nb = Bandit::new(
        &[NormalGamma::new(0.0, 1.0, 2.0, 2.0).unwrap()],
        10,
        BanditOptions::default(),
    )
    .unwrap();
    for arm in 0..10 {
        nb.observe(arm, arm as f64 * 0.1).unwrap();
    }
    g.bench_function("choose/normal_gamma/10", |bench| {
        bench.iter(|| black_box(nb.choose(&mut rng)))
    });
    g.bench_function("update/beta", |bench| {
        bench.iter(|| b.update(black_box(3), 1.0, 1.0).unwrap())
    });
    g.finish();
    let mut p = [0.0; 10];
    let mut l = [0.0; 10];
    c.bench_function("bandit/report/beta/10", |bench| {
        bench.iter(|| {
            b.report(&mut rng, ReportOptions::default(), &mut p, &mut l)
                .unwrap()
        })
    });
}

criterion_group!(benches, choices);
criterion_main!(benches);
