//! The comparison targets at every point of the accuracy grid: P(B > A) with
//! the expected losses ≤ 20 µs, and with the 95 % lift interval ≤ 100 µs,
//! for each of the 300 Beta and 180 Gamma pairs of
//! `tests/reference/compare.json` (10 to 10⁹ trials per arm, equal and very
//! different arm sizes, rates 10⁻⁴ to 0.95, small and large shapes).
//!
//! `cargo bench --bench compare_grid` prints the distribution of times per
//! family and every pair above a target. Each time is the best of five runs
//! of about 20 ms each (so one pair costs ~0.2 s and the grid ~2 minutes);
//! criterion's statistics per point would take an hour over this grid, and
//! `benches/compare.rs` keeps them for a representative subset.
use bayeskit::posterior::Arm;
use bayeskit::{compare, lift_interval, Beta, Gamma};
use serde_json::Value;
use std::hint::black_box;
use std::time::Instant;

/// The best per-call time (µs) of `f` over five runs of ~20 ms.
fn time(mut f: impl FnMut()) -> f64 {
    if !std::env::args().any(|a| a == "--bench") {
        f();
        return 0.0;
    }
    let start = Instant::now();
    f();
    let once = start.elapsed().as_secs_f64();
    let calls = ((0.02 / once.max(1e-7)) as usize).clamp(1, 100_000);
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / calls as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// (P(B > A) with the losses, the same and the 95 % lift interval), in µs.
fn time_pair<T: Arm>(a: &T, b: &T) -> (f64, f64) {
    (
        time(|| {
            black_box(compare(black_box(a), black_box(b)).unwrap());
        }),
        time(|| {
            black_box(compare(black_box(a), black_box(b)).unwrap());
            black_box(lift_interval(black_box(a), black_box(b), 0.95).unwrap());
        }),
    )
}

fn params(v: &Value) -> (f64, f64) {
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this
    // binary without it, and then one pair is enough to check that it runs.
    let timing = std::env::args().any(|a| a == "--bench");
    // A filter argument selects a family.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/compare.json"
    ))
    .expect("tests/reference/compare.json");
    let grid: Value = serde_json::from_str(&text).expect("valid JSON");
    for (family, key) in [("beta", "beta_pairs"), ("gamma", "gamma_pairs")] {
        if filter.as_deref().is_some_and(|f| !family.contains(f)) {
            continue;
        }
        let mut rows = Vec::new();
        let cases = grid[key].as_array().unwrap();
        for case in &cases[..if timing { cases.len() } else { 1 }] {
            let (a, b) = (params(&case["a"]), params(&case["b"]));
            let (c, l) = if family == "beta" {
                time_pair(&Beta::new(a.0, a.1).unwrap(), &Beta::new(b.0, b.1).unwrap())
            } else {
                time_pair(&Gamma::new(a.0, a.1).unwrap(), &Gamma::new(b.0, b.1).unwrap())
            };
            rows.push((c, l, a, b, case["note"].as_str().unwrap_or("").to_string()));
        }
        let mut cs: Vec<f64> = rows.iter().map(|r| r.0).collect();
        let mut ls: Vec<f64> = rows.iter().map(|r| r.1).collect();
        cs.sort_by(f64::total_cmp);
        ls.sort_by(f64::total_cmp);
        println!(
            "{family}: {} pairs; P(B > A) + losses: median {:.1} µs, 90 % {:.1}, max {:.1}; \
             with the 95 % lift interval: median {:.1} µs, 90 % {:.1}, max {:.1}",
            rows.len(),
            percentile(&cs, 0.5),
            percentile(&cs, 0.9),
            cs[cs.len() - 1],
            percentile(&ls, 0.5),
            percentile(&ls, 0.9),
            ls[ls.len() - 1],
        );
        let over: Vec<_> = rows.iter().filter(|r| r.0 > 20.0 || r.1 > 100.0).collect();
        println!(
            "  above a target (20 µs, 100 µs): {} of {} pairs",
            over.len(),
            rows.len()
        );
        for (c, l, a, b, note) in over {
            println!("    {c:7.1} µs {l:7.1} µs  {a:?} vs {b:?}  ({note})");
        }
    }
}
