//! Extreme but valid shapes: every answer is right or a clear error, never NaN or
//! an impossible value reported as success. Shapes from 1e-300 to 1e300.
//!
//! cdfs must be monotone to within 1e-13 absolute: where one shape lies between
//! 1e-16 and ~1e-3 and x is beyond the split, the incomplete beta's small tail
//! is the complement of its large one and is only good to that absolute level.

use bayeskit::dirichlet_fit::Prior;
use bayeskit::posterior::{Beta, Gamma};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// How far a cdf may step back between increasing arguments (see the module docs).
const CDF_SLACK: f64 = 1e-13;

const PS: [f64; 7] = [1e-10, 0.025, 0.3, 0.5, 0.7, 0.975, 1.0 - 1e-10];
const XS: [f64; 9] = [0.0, 1e-300, 1e-10, 0.1, 0.5, 0.9, 1.0 - 1e-10, 1.0 - 1e-16, 1.0];

fn rel(x: f64, want: f64) -> f64 {
    ((x - want) / want).abs()
}

/// Quantiles are finite, inside [0, hi] and non-decreasing in p; the only error
/// allowed is a Gamma quantile beyond the largest double (`hi` = f64::MAX).
fn check_quantiles(name: &str, q: impl Fn(f64) -> bayeskit::Result<f64>, hi: f64) {
    let mut last = f64::NEG_INFINITY;
    for p in PS {
        match q(p) {
            Ok(x) => {
                assert!(
                    x.is_finite() && (0.0..=hi).contains(&x),
                    "{name}: quantile({p}) = {x}"
                );
                assert!(x >= last, "{name}: quantile({p}) = {x} < {last}");
                last = x;
            }
            Err(e) => assert!(
                hi == f64::MAX && e.to_string().contains("beyond the largest double"),
                "{name}: quantile({p}): {e}"
            ),
        }
    }
}

fn check_beta(a: f64, b: f64) {
    let name = format!("Beta({a:e}, {b:e})");
    let d = Beta::new(a, b).unwrap();
    let (m, v) = (d.mean(), d.variance());
    assert!((0.0..=1.0).contains(&m), "{name}: mean {m}");
    assert!((0.0..=0.25).contains(&v), "{name}: variance {v}");
    let mut last = 0.0;
    for x in XS {
        let c = d.cdf(x);
        assert!((0.0..=1.0).contains(&c), "{name}: cdf({x}) = {c}");
        assert!(c >= last - CDF_SLACK, "{name}: cdf({x}) = {c} < {last}");
        last = c;
    }
    check_quantiles(&name, |p| d.quantile(p), 1.0);
}

fn check_gamma(a: f64, rate: f64) {
    let name = format!("Gamma({a:e}, rate {rate:e})");
    let d = Gamma::new(a, rate).unwrap();
    // The mean a/b and variance a/b² may overflow to +∞ (1e300/1e-300 is not a
    // double) but are never NaN, and never 0 unless they underflow.
    let (m, v) = (d.mean(), d.variance());
    assert!(m >= 0.0 && v >= 0.0, "{name}: mean {m}, variance {v}");
    let mut last = 0.0;
    for x in [0.0, 1e-300, 1e-100, 1e-10, 1.0, 1e10, 1e100, 1e300, f64::MAX] {
        let c = d.cdf(x);
        assert!((0.0..=1.0).contains(&c), "{name}: cdf({x}) = {c}");
        assert!(c >= last - CDF_SLACK, "{name}: cdf({x}) = {c} < {last}");
        last = c;
    }
    check_quantiles(&name, |p| d.quantile(p), f64::MAX);
}

const EXPONENTS: [i32; 13] = [-300, -250, -200, -150, -100, -50, 0, 50, 100, 150, 200, 250, 300];

#[test]
fn beta_grid_of_shapes() {
    for ea in EXPONENTS {
        for eb in EXPONENTS {
            check_beta(10f64.powi(ea), 10f64.powi(eb));
        }
    }
    check_beta(f64::MAX, f64::MAX);
    check_beta(f64::MIN_POSITIVE, f64::MAX);
}

#[test]
fn gamma_grid_of_shapes() {
    for ea in EXPONENTS {
        for eb in EXPONENTS {
            check_gamma(10f64.powi(ea), 10f64.powi(eb));
        }
    }
}

proptest! {
    // A fixed seed: the sweep is the same on every run (PROPTEST_CASES widens it).
    #![proptest_config(ProptestConfig {
        cases: 300,
        rng_seed: RngSeed::Fixed(0x6261_7965_736b_6974),
        ..ProptestConfig::default()
    })]

    #[test]
    fn beta_shapes_anywhere(ea in -300.0f64..300.0, eb in -300.0f64..300.0) {
        check_beta(10f64.powf(ea), 10f64.powf(eb));
    }

    #[test]
    fn gamma_shapes_anywhere(ea in -300.0f64..300.0, eb in -300.0f64..300.0) {
        check_gamma(10f64.powf(ea), 10f64.powf(eb));
    }
}

#[test]
fn the_reported_cases_are_right() {
    // Beta(1e308, 1e308): mean ½, variance ¼/(2e308 + 1), cdf(½) = ½ by symmetry.
    let d = Beta::new(1e308, 1e308).unwrap();
    assert_eq!(d.mean(), 0.5);
    assert!(rel(d.variance(), 0.125e-308) < 1e-10, "{}", d.variance());
    assert!((d.cdf(0.5) - 0.5).abs() < 1e-12, "{}", d.cdf(0.5));
    let d = Beta::new(1e200, 1e200).unwrap();
    assert!(rel(d.variance(), 1.25e-201) < 1e-14);
    assert!((d.cdf(0.5) - 0.5).abs() < 1e-12);
    // Beta(1e-170, 1e-170): half the mass at each end.
    let d = Beta::new(1e-170, 1e-170).unwrap();
    assert_eq!(d.mean(), 0.5);
    assert!(rel(d.variance(), 0.25) < 1e-14);
    assert!((d.cdf(0.5) - 0.5).abs() < 1e-12, "{}", d.cdf(0.5));
    // Gamma(1e308, rate 1e-308): all its mass is near 1e616, beyond every double.
    let d = Gamma::new(1e308, 1e-308).unwrap();
    assert_eq!(d.cdf(f64::MAX), 0.0);
    assert!(d.quantile(0.5).is_err());
    assert_eq!(d.mean(), f64::INFINITY);
    // Gamma(1e308, 1): the median is a − 1/3 + O(1/a), cdf(a) = ½ + O(a^−½).
    let d = Gamma::new(1e308, 1.0).unwrap();
    assert!((d.cdf(1e308) - 0.5).abs() < 1e-12, "{}", d.cdf(1e308));
    assert!(rel(d.quantile(0.5).unwrap(), 1e308) < 1e-14);
}

#[test]
fn dm_interval_at_the_largest_counts_is_ordered() {
    let prior = Prior::new(&[0.5, 0.5]).unwrap();
    for counts in [[u64::MAX, 0], [0, u64::MAX], [u64::MAX, u64::MAX], [u64::MAX, 1]] {
        for k in 0..2 {
            let (lo, hi) = prior.interval(&counts, k, 0.95).unwrap();
            assert!(
                (0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi) && lo <= hi,
                "counts {counts:?}, category {k}: ({lo}, {hi})"
            );
        }
    }
}

#[test]
fn tiny_shapes_keep_the_small_tail() {
    // Closed forms: I_x(1, b) = 1 − (1 − x)^b and 1 − I_x(a, 1) = 1 − x^a.
    for b in [1e-300, 6.657e-205, 1e-100, 1e-20] {
        for x in [0.5f64, 0.9, 1.0 - 1e-10, 1.0 - 1e-16] {
            let d = Beta::new(1.0, b).unwrap();
            let want = -(b * (-x).ln_1p()).exp_m1();
            assert!(rel(d.cdf(x), want) < 1e-12, "b={b} x={x}: {} vs {want}", d.cdf(x));
            let d = Beta::new(b, 1.0).unwrap();
            let x = 1.0 - x;
            let want = -(b * x.ln()).exp_m1();
            let got = bayeskit::special::beta_inc_c(b, 1.0, x);
            assert!(rel(got, want) < 1e-12, "a={b} x={x}: {got} vs {want}");
            assert!(d.cdf(x) <= 1.0);
        }
    }
    // Q(a, x) ≈ a·E₁(x) for tiny a, and P = 1 − Q to the last bit.
    let q = bayeskit::special::gamma_inc_c(1e-50, 1e-10);
    assert!(rel(q, 1e-50 * 22.448_635_265_138_92) < 1e-9, "{q}");
    assert_eq!(bayeskit::special::gamma_inc(1e-50, 1e-10), 1.0);
}
