//! A/B comparisons against mpmath at high precision over the sizes real
//! experiments have: trials from 10 to 10⁹ per arm, rates from 10⁻⁴ to 0.5,
//! integer and non-integer shapes, equal and very different arm sizes, Gamma
//! shapes and rates of the same ranges, and K = 3 and 10 arms.
//!
//! The reference values are in `tests/reference/compare.json`, written by
//! `tests/reference/generate_compare.py` (an independent computation in
//! mpmath; see its docstring). Required accuracy: P(B > A) and P(best) within
//! 1e-10 absolute, expected losses within 1e-10 relative to the posterior
//! means, lift quantiles within 1e-8 relative — relative to the lift itself,
//! or, for a lift near zero, to the spread of ln(θ_B/θ_A).

use bayeskit::posterior::compare::lift_quantile_with_method;
use bayeskit::posterior::Arm;
use bayeskit::special::trigamma;
use bayeskit::{compare, prob_best, Beta, Gamma, Method};
use serde_json::Value;

fn reference() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/compare.json"
    ))
    .expect("tests/reference/compare.json (run tests/reference/generate_compare.py)");
    serde_json::from_str(&text).expect("valid JSON")
}

fn pair(v: &Value) -> (f64, f64) {
    let a = v.as_array().expect("a pair");
    (a[0].as_f64().unwrap(), a[1].as_f64().unwrap())
}

/// The worst error seen for one quantity, with the case that produced it.
#[derive(Default)]
struct Worst {
    err: f64,
    case: String,
}

impl Worst {
    fn see(&mut self, err: f64, case: impl FnOnce() -> String) {
        if err > self.err || err.is_nan() {
            self.err = err;
            self.case = case();
        }
    }
}

/// Checks every pair of one family; `sd_ln` is the sd of ln θ for an arm.
fn check_pairs<T: Arm + std::fmt::Debug>(
    cases: &[Value],
    make: impl Fn(f64, f64) -> T,
    sd_ln: impl Fn(&T) -> f64,
    family: &str,
) {
    let (mut wp, mut wl, mut wq) = (Worst::default(), Worst::default(), Worst::default());
    let mut quad_evals = 0u32;
    let mut lift_checks = 0;
    let mut worst_estimate = 0.0f64;
    let mut lift_evals = 0u32;
    for c in cases {
        let (a1, a2) = pair(&c["a"]);
        let (b1, b2) = pair(&c["b"]);
        let (a, b) = (make(a1, a2), make(b1, b2));
        let note = c["note"].as_str().unwrap_or("");
        let got = compare(&a, &b).unwrap_or_else(|e| panic!("{family} {a:?} vs {b:?} ({note}): {e}"));
        if let Method::Quadrature { evaluations, .. } = got.method {
            quad_evals = quad_evals.max(evaluations);
        }
        let p = c["prob_b_greater"].as_f64().unwrap();
        wp.see((got.prob_b_greater - p).abs(), || {
            format!("{a:?} vs {b:?} ({note}): {} vs {p}", got.prob_b_greater)
        });
        let scale = a.arm_mean().max(b.arm_mean());
        for (name, mine, theirs) in [
            ("loss_a", got.expected_loss_a, c["loss_a"].as_f64().unwrap()),
            ("loss_b", got.expected_loss_b, c["loss_b"].as_f64().unwrap()),
        ] {
            wl.see((mine - theirs).abs() / scale, || {
                format!("{name} {a:?} vs {b:?} ({note}): {mine:e} vs {theirs:e}")
            });
        }
        let spread = (sd_ln(&a).powi(2) + sd_ln(&b).powi(2)).sqrt();
        for q in c["lift_q"].as_array().unwrap() {
            let (p, want) = pair(q);
            let (got, method) = lift_quantile_with_method(&a, &b, p)
                .unwrap_or_else(|e| panic!("lift {a:?} vs {b:?} p={p} ({note}): {e}"));
            lift_checks += 1;
            // The estimate is what the method promises: below the 1e-8 target.
            if let Method::Quadrature { error, evaluations } = method {
                assert!(
                    error.is_finite() && error <= 1e-8,
                    "lift {a:?} vs {b:?} p={p} ({note}): error estimate {error:e}"
                );
                worst_estimate = worst_estimate.max(error);
                lift_evals = lift_evals.max(evaluations);
            }
            wq.see((got - want).abs() / (want.abs() + spread), || {
                format!("{a:?} vs {b:?} p={p} ({note}): {got:e} vs {want:e}")
            });
        }
    }
    println!(
        "{family}: {} pairs, {lift_checks} lift quantiles; worst P error {:.1e} [{}]; \
         worst loss error {:.1e} of the means [{}]; worst lift error {:.1e} [{}]; \
         most evaluations in one comparison {quad_evals}, in one lift quantile {lift_evals}; \
         largest lift error estimate {worst_estimate:.1e}",
        cases.len(),
        wp.err,
        wp.case,
        wl.err,
        wl.case,
        wq.err,
        wq.case
    );
    assert!(wp.err <= 1e-10, "{family} P(B > A): {:e} at {}", wp.err, wp.case);
    assert!(
        wl.err <= 1e-10,
        "{family} expected loss: {:e} at {}",
        wl.err,
        wl.case
    );
    assert!(
        wq.err <= 1e-8,
        "{family} lift quantile: {:e} at {}",
        wq.err,
        wq.case
    );
    // Bounded work, whatever the sizes: a comparison of arms 10⁸ times
    // apart in spread once took 2·10⁶ evaluations for one lift quantile.
    assert!(
        quad_evals <= 1_000,
        "{family}: {quad_evals} evaluations in one comparison"
    );
    assert!(
        lift_evals <= 5_000,
        "{family}: {lift_evals} evaluations in one lift quantile"
    );
}

fn beta_sd_ln(a: &Beta) -> f64 {
    (trigamma(a.alpha()) - trigamma(a.alpha() + a.beta())).sqrt()
}

fn gamma_sd_ln(g: &Gamma) -> f64 {
    trigamma(g.shape()).sqrt()
}

#[test]
fn beta_pairs_match_mpmath() {
    let r = reference();
    let cases = r["beta_pairs"].as_array().unwrap();
    assert!(cases.len() >= 200, "the reference grid is too small");
    check_pairs(cases, |x, y| Beta::new(x, y).unwrap(), beta_sd_ln, "Beta");
}

#[test]
fn gamma_pairs_match_mpmath() {
    let r = reference();
    let cases = r["gamma_pairs"].as_array().unwrap();
    assert!(cases.len() >= 100, "the reference grid is too small");
    check_pairs(cases, |x, y| Gamma::new(x, y).unwrap(), gamma_sd_ln, "Gamma");
}

fn check_best<T: Arm + std::fmt::Debug>(sets: &[Value], make: impl Fn(f64, f64) -> T, family: &str) {
    let mut worst = Worst::default();
    let mut sizes = std::collections::BTreeSet::new();
    for s in sets {
        let arms: Vec<T> = s["arms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let (x, y) = pair(v);
                make(x, y)
            })
            .collect();
        sizes.insert(arms.len());
        let want: Vec<f64> = s["prob_best"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let mut got = vec![0.0; arms.len()];
        prob_best(&arms, &mut got).unwrap_or_else(|e| panic!("{family} {arms:?}: {e}"));
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            worst.see((g - w).abs(), || format!("arm {i} of {arms:?}: {g} vs {w}"));
        }
    }
    println!(
        "{family} P(best): {} sets of sizes {sizes:?}; worst error {:.1e} [{}]",
        sets.len(),
        worst.err,
        worst.case
    );
    assert!(
        sizes.contains(&3) && sizes.contains(&10),
        "K = 3 and 10 are both covered"
    );
    assert!(
        worst.err <= 1e-10,
        "{family} P(best): {:e} at {}",
        worst.err,
        worst.case
    );
}

#[test]
fn prob_best_matches_mpmath() {
    let r = reference();
    check_best(
        r["beta_best"].as_array().unwrap(),
        |x, y| Beta::new(x, y).unwrap(),
        "Beta",
    );
    check_best(
        r["gamma_best"].as_array().unwrap(),
        |x, y| Gamma::new(x, y).unwrap(),
        "Gamma",
    );
}

/// Arms so far apart that the mass of one below the other is under 1e-80:
/// P(B > A) is 1 to double precision and, since E[max(B − A, 0)] =
/// E[B] − E[A] + E[max(A − B, 0)], the loss of choosing A is the difference of
/// the means (closed forms) and that of choosing B is 0. At 12 sd the supports
/// overlap (the lattice runs); at 300 sd they do not (no density is evaluated).
#[test]
fn far_apart_arms_give_certainty_and_the_difference_of_means() {
    let cases: [(f64, f64, f64); 4] = [
        (1e9, 0.5, 300.0),
        (1e5, 0.02, 12.0),
        (1e3, 0.3, 12.0),
        (1e7, 1e-3, 25.0),
    ];
    for (n, rate, sds) in cases {
        let sd = (2.0 * rate * (1.0 - rate) / n).sqrt();
        let (ka, kb) = ((rate * n).round(), (rate * n + sds * sd * n).round());
        let a = Beta::new(1.0 + ka, 1.0 + n - ka).unwrap();
        let b = Beta::new(1.0 + kb, 1.0 + n - kb).unwrap();
        let diff = (1.0 + kb) / (2.0 + n) - (1.0 + ka) / (2.0 + n);
        for (x, y, sign) in [(a, b, 1.0), (b, a, -1.0)] {
            let c = compare(&x, &y).unwrap();
            let (p, loss_x, loss_y) = (c.prob_b_greater, c.expected_loss_a, c.expected_loss_b);
            let case = format!("{x:?} vs {y:?} ({sds} sd)");
            if sign > 0.0 {
                assert!((p - 1.0).abs() < 1e-15, "{case}: P = {p}");
                assert!((loss_x / diff - 1.0).abs() < 1e-12, "{case}: {loss_x} vs {diff}");
                assert!(loss_y < 1e-13 * diff, "{case}: {loss_y}");
            } else {
                assert!(p < 1e-15, "{case}: P = {p}");
                assert!((loss_y / diff - 1.0).abs() < 1e-12, "{case}: {loss_y} vs {diff}");
                assert!(loss_x < 1e-13 * diff, "{case}: {loss_x}");
            }
        }
        let g = |count: f64| Gamma::new(0.5 + count, n).unwrap();
        let (ga, gb) = (g(ka), g(kb));
        let c = compare(&ga, &gb).unwrap();
        let gdiff = (kb - ka) / n;
        assert!(
            (c.prob_b_greater - 1.0).abs() < 1e-15,
            "Gamma {sds} sd: {}",
            c.prob_b_greater
        );
        assert!(
            (c.expected_loss_a / gdiff - 1.0).abs() < 1e-12,
            "Gamma {sds} sd: {} vs {gdiff}",
            c.expected_loss_a
        );
    }
}

/// A narrow arm 1 sd above a wide one at rates of 1e-9 and 1e-3: the wide
/// arm's cdf is marched down from its top there, and its partial moment
/// below each point is its mean less the moment above, which must keep
/// full accuracy relative to the means however small they are. References
/// from `tests/reference/generate_compare.py`'s `run_pair` (mpmath, 50 digits):
/// (P(B > A), E[max(B − A, 0)], E[max(A − B, 0)]).
#[test]
fn a_narrow_arm_above_a_wide_one_keeps_tiny_rates_to_full_accuracy() {
    let cases = [
        (
            (1000.0, 1e12),
            (1.6e6, 1.55e15),
            (0.8460180920558795, 3.487571259665445e-11, 2.6176481460821265e-12),
        ),
        (
            (1000.0, 1e6),
            (1.6e6, 1.55e9),
            (0.845892109696875, 3.480885084102188e-05, 2.616243242381802e-06),
        ),
    ];
    for ((a0, a1), (b0, b1), (p, loss_a, loss_b)) in cases {
        let (a, b) = (Beta::new(a0, a1).unwrap(), Beta::new(b0, b1).unwrap());
        let scale = a.mean().max(b.mean());
        for (x, y, swapped) in [(a, b, false), (b, a, true)] {
            let c = compare(&x, &y).unwrap();
            let (p, loss_x, loss_y) = if swapped {
                (1.0 - p, loss_b, loss_a)
            } else {
                (p, loss_a, loss_b)
            };
            let case = format!("{x:?} vs {y:?}");
            assert!(
                (c.prob_b_greater - p).abs() < 1e-14,
                "{case}: P {}",
                c.prob_b_greater
            );
            assert!(
                (c.expected_loss_a - loss_x).abs() < 1e-12 * scale,
                "{case}: {} vs {loss_x}",
                c.expected_loss_a
            );
            assert!(
                (c.expected_loss_b - loss_y).abs() < 1e-12 * scale,
                "{case}: {} vs {loss_y}",
                c.expected_loss_b
            );
        }
    }
}

/// Lift quantiles far out for a small-shape arm against a narrow one, where
/// the solver's iterates overshoot to tails of 1e-10 to 1e-14 that the
/// Kronrod panels at the kink resolve only to 1e-8 to 1e-7 of themselves:
/// such a pass still steers the solver (each failed the whole quantile
/// before). References from `tests/reference/generate_compare.py`'s
/// `run_pair` (mpmath, 50 digits).
#[test]
fn lift_quantiles_survive_unsettled_iterates_far_from_the_root() {
    let cases = [
        ((11.0, 1.0), (2001.0, 8001.0), 1e-9, -0.821137320718253),
        ((11.0, 1.0), (2001.0, 8001.0), 1e-7, -0.8178784604837025),
        ((11.0, 1.0), (2001.0, 8001.0), 1e-6, -0.8160184297572751),
        ((11.0, 1.0), (2001.0, 8001.0), 1e-4, -0.811555274168505),
        ((2000.8, 8002.3), (10.8, 2.3), 1.0 - 1e-7, 4.397030717246358),
        ((11.0, 1.0), (5001.0, 5001.0), 1e-9, -0.5266162519935931),
    ];
    for ((a0, a1), (b0, b1), p, want) in cases {
        let (a, b) = (Beta::new(a0, a1).unwrap(), Beta::new(b0, b1).unwrap());
        let (q, method) = lift_quantile_with_method(&a, &b, p).unwrap();
        assert!(
            (q / want - 1.0).abs() < 1e-8,
            "{a:?} vs {b:?} p = {p}: {q} vs {want}"
        );
        match method {
            Method::Quadrature { error, .. } => assert!(error < 1e-8, "{a:?} vs {b:?} p = {p}: {error}"),
            other => panic!("{other:?}"),
        }
    }
}
