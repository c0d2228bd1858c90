//! Posterior core: finite hypotheses, moments and quantiles over wide
//! shapes, comparisons checked against independent methods in both orders,
//! and bad input. The identities every conjugate family satisfies (predictive
//! = ratio of evidences, Bayes' rule in log space, batch = sequential
//! updates) are checked for all of them at once in `tests/conjugate.rs`.

use bayeskit::{
    compare, compare_mc, lift_quantile, Beta, Error, Gamma, Hypotheses, NormalKnownVariance, Rng,
};
use proptest::prelude::*;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1e-300)
}

/// The largest change of `f` between `x` (> 0) and its neighbouring doubles.
fn ulp_step(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    let up = f64::from_bits(x.to_bits() + 1);
    let down = f64::from_bits(x.to_bits() - 1);
    (f(up) - f(x)).abs().max((f(x) - f(down)).abs())
}

#[test]
fn fire_alarm() {
    let mut h = Hypotheses::from_probabilities(&[0.01, 0.99]).unwrap();
    h.update_likelihood(&[0.9, 0.05]).unwrap();
    let mut post = [0.0; 2];
    h.posterior(&mut post).unwrap();
    let expected = 0.009 / (0.009 + 0.0495);
    assert!(close(post[0], expected, 1e-14), "{} vs {expected}", post[0]);
    assert!(close(h.ln_evidence(), (0.009f64 + 0.0495).ln(), 1e-14));
    assert_eq!(h.map(), 1);
    // A second, independent alarm: the posterior becomes the prior.
    h.update_log_likelihood(&[0.9f64.ln(), 0.05f64.ln()]).unwrap();
    h.posterior(&mut post).unwrap();
    let p2 = 0.01 * 0.81 / (0.01 * 0.81 + 0.99 * 0.0025);
    assert!(close(post[0], p2, 1e-13));
    assert_eq!(h.map(), 0);
}

#[test]
fn hypotheses_reject_bad_input_and_stay_unchanged() {
    assert!(Hypotheses::from_probabilities(&[]).is_err());
    assert!(Hypotheses::from_probabilities(&[0.0, 0.0]).is_err());
    assert!(Hypotheses::from_probabilities(&[-0.1, 1.0]).is_err());
    assert!(Hypotheses::from_log_weights(&[f64::NAN]).is_err());
    let mut h = Hypotheses::from_probabilities(&[0.5, 0.5, 0.0]).unwrap();
    let before = h.clone();
    assert!(h.update_likelihood(&[0.1, 0.2]).is_err());
    assert!(h.update_likelihood(&[0.1, f64::INFINITY, 0.3]).is_err());
    assert!(
        h.update_likelihood(&[0.0, 0.0, 1.0]).is_err(),
        "only the impossible hypothesis explains the data"
    );
    assert_eq!(h, before);
    let mut out = [0.0; 2];
    assert!(h.posterior(&mut out).is_err());
}

#[test]
fn invalid_parameters_are_errors_and_updates_are_atomic() {
    for (a, b) in [(0.0, 1.0), (1.0, -1.0), (f64::NAN, 1.0), (1.0, f64::INFINITY)] {
        assert!(matches!(Beta::new(a, b), Err(Error::InvalidArgument(_))));
        assert!(matches!(Gamma::new(a, b), Err(Error::InvalidArgument(_))));
    }
    let mut b = Beta::new(2.0, 3.0).unwrap();
    assert!(b.update(-1.0, 2.0).is_err());
    assert!(b.update(1.0, f64::NAN).is_err());
    let mut big = Beta::new(f64::MAX, 1.0).unwrap();
    assert!(big.update(f64::MAX, 0.0).is_err(), "overflow to infinity");
    assert_eq!(big, Beta::new(f64::MAX, 1.0).unwrap());
    assert_eq!(b, Beta::new(2.0, 3.0).unwrap());
    assert!(b.quantile(1.5).is_err());
    assert!(b.interval(1.0).is_err());
    assert!(b.ln_predictive(3, 2).is_err());
    let mut g = Gamma::new(2.0, 3.0).unwrap();
    assert!(g.update_batch(&[1.0, 2.0], &[1.0]).is_err());
    assert!(g.update_batch(&[1.0, -2.0], &[1.0, 1.0]).is_err());
    assert_eq!(g, Gamma::new(2.0, 3.0).unwrap());
    assert!(
        g.ln_marginal(&[1.5], &[1.0]).is_err(),
        "non-integer Poisson count"
    );
    let mut n = NormalKnownVariance::new(0.0, 1.0, 1.0).unwrap();
    assert!(n.update_batch(&[1.0, f64::NAN]).is_err());
    assert_eq!(n, NormalKnownVariance::new(0.0, 1.0, 1.0).unwrap());
}

#[test]
fn beta_moments_and_mode() {
    let b = Beta::new(4.0, 11.0).unwrap();
    assert!(close(b.mean(), 4.0 / 15.0, 1e-15));
    assert!(close(b.variance(), 44.0 / (225.0 * 16.0), 1e-15));
    assert!(close(b.mode().unwrap(), 3.0 / 13.0, 1e-15));
    assert_eq!(Beta::new(1.0, 1.0).unwrap().mode(), None);
    assert_eq!(Beta::new(0.5, 2.0).unwrap().mode(), Some(0.0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The quantile's cdf is p to 1e-10, or as close as any double can get: near x = 1 a
    /// tiny shape makes the cdf jump by more than that between neighbouring doubles
    /// (Beta(414, 0.05) at p = 0.553 sits at 1 − 1.4e-10, where one ulp moves the cdf 4e-8).
    #[test]
    fn quantile_inverts_cdf(a in 0.05f64..500.0, b in 0.05f64..500.0, p in 1e-6f64..0.999999) {
        let d = Beta::new(a, b).unwrap();
        let x = d.quantile(p).unwrap();
        let tol = 1e-10 * p.max(1e-3) + ulp_step(|v| d.cdf(v), x);
        prop_assert!((d.cdf(x) - p).abs() <= tol, "Beta({},{}) p={} x={} cdf={}", a, b, p, x, d.cdf(x));
        let g = Gamma::new(a, b).unwrap();
        let y = g.quantile(p).unwrap();
        prop_assert!((g.cdf(y) - p).abs() <= 1e-10 * p.max(1e-3) + ulp_step(|v| g.cdf(v), y));
    }

    /// P(B > A) + P(A > B) = 1 for continuous posteriors, for both arms' orders.
    #[test]
    fn prob_greater_both_orders(a1 in 0.5f64..60.0, b1 in 0.5f64..60.0, a2 in 0.5f64..60.0, b2 in 0.5f64..60.0) {
        let (x, y) = (Beta::new(a1, b1).unwrap(), Beta::new(a2, b2).unwrap());
        let s = compare(&x, &y).unwrap().prob_b_greater + compare(&y, &x).unwrap().prob_b_greater;
        prop_assert!((s - 1.0).abs() < 1e-9, "sum {}", s);
        let (g, h) = (Gamma::new(a1, b1).unwrap(), Gamma::new(a2, b2).unwrap());
        let s = compare(&g, &h).unwrap().prob_b_greater + compare(&h, &g).unwrap().prob_b_greater;
        prop_assert!((s - 1.0).abs() < 1e-12);
    }
}

#[test]
fn beta_exact_sum_agrees_with_quadrature() {
    // Integer alpha_B takes the closed-form sum; nudging it by 1e-9 takes the quadrature path.
    let a = Beta::new(21.0, 981.0).unwrap();
    for alpha_b in [1.0, 7.0, 31.0, 250.0] {
        let exact = compare(&a, &Beta::new(alpha_b, 971.0).unwrap())
            .unwrap()
            .prob_b_greater;
        let quad = compare(&a, &Beta::new(alpha_b + 1e-9, 971.0).unwrap())
            .unwrap()
            .prob_b_greater;
        assert!(
            (exact - quad).abs() < 1e-8,
            "alpha_b={alpha_b}: {exact} vs {quad}"
        );
    }
}

#[test]
fn comparisons_agree_with_monte_carlo() {
    let mut rng = Rng::seed_from_u64(7);
    let draws = 400_000;
    let (a, b) = (Beta::new(21.0, 981.0).unwrap(), Beta::new(31.0, 971.0).unwrap());
    let exact = compare(&a, &b).unwrap();
    let mc = compare_mc(&a, &b, draws, &mut rng).unwrap();
    // Binomial standard error of P is at most 0.5/sqrt(draws) < 8e-4; allow 5 se.
    assert!(
        (exact.prob_b_greater - mc.prob_b_greater).abs() < 4e-3,
        "{exact:?} vs {mc:?}"
    );
    assert!(
        close(exact.expected_loss_a, mc.expected_loss_a, 0.03),
        "{exact:?} vs {mc:?}"
    );
    assert!(
        close(exact.expected_loss_b, mc.expected_loss_b, 0.1),
        "{exact:?} vs {mc:?}"
    );
    // E[B − A] = loss_a − loss_b exactly.
    assert!(close(
        exact.expected_loss_a - exact.expected_loss_b,
        b.mean() - a.mean(),
        1e-9
    ));

    let (g, h) = (Gamma::new(100.0, 10.0).unwrap(), Gamma::new(120.0, 11.0).unwrap());
    let exact = compare(&g, &h).unwrap();
    let mc = compare_mc(&g, &h, draws, &mut rng).unwrap();
    assert!(
        (exact.prob_b_greater - mc.prob_b_greater).abs() < 4e-3,
        "{exact:?} vs {mc:?}"
    );
    assert!(close(
        exact.expected_loss_a - exact.expected_loss_b,
        h.mean() - g.mean(),
        1e-9
    ));
    assert!(close(exact.expected_loss_a, mc.expected_loss_a, 0.03));

    // Lift quantiles against the empirical quantiles of B/A − 1.
    let mut lifts: Vec<f64> = (0..200_000)
        .map(|_| b.sample(&mut rng) / a.sample(&mut rng) - 1.0)
        .collect();
    lifts.sort_by(f64::total_cmp);
    for p in [0.025, 0.5, 0.975] {
        let q = lift_quantile(&a, &b, p).unwrap();
        let emp = lifts[(p * lifts.len() as f64) as usize];
        assert!((q - emp).abs() < 0.02, "p={p}: {q} vs {emp}");
    }
}

#[test]
fn sampling_is_reproducible_and_unbiased() {
    let d = Beta::new(2.0, 3.0).unwrap();
    let (mut r1, mut r2) = (Rng::seed_from_u64(42), Rng::seed_from_u64(42));
    let x: Vec<f64> = (0..100).map(|_| d.sample(&mut r1)).collect();
    let y: Vec<f64> = (0..100).map(|_| d.sample(&mut r2)).collect();
    assert_eq!(x, y);
    let mut r = Rng::seed_from_u64(1);
    let n = 100_000;
    let mean = (0..n).map(|_| d.sample(&mut r)).sum::<f64>() / n as f64;
    assert!((mean - 0.4).abs() < 0.004);
    let g = Gamma::new(3.0, 2.0).unwrap();
    let mean = (0..n).map(|_| g.sample(&mut r)).sum::<f64>() / n as f64;
    assert!((mean - 1.5).abs() < 0.02);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Each marginal of a Dirichlet is the Beta of its category.
    #[test]
    fn dirichlet_marginals_are_betas(alpha in prop::collection::vec(0.1f64..20.0, 2..6), seed in 0u64..1000) {
        let k = alpha.len();
        let counts: Vec<f64> = (0..k).map(|i| ((seed >> i) % 7) as f64).collect();
        let mut post = bayeskit::Dirichlet::new(&alpha).unwrap();
        post.update(&counts).unwrap();
        let a: f64 = post.alpha().iter().sum();
        let m = post.marginal(0).unwrap();
        prop_assert!((m.alpha() - post.alpha()[0]).abs() < 1e-12 && (m.beta() - (a - post.alpha()[0])).abs() < 1e-9);
        prop_assert!((post.mean(0).unwrap() - m.mean()).abs() < 1e-15);
    }
}

#[test]
fn dirichlet_two_categories_is_beta() {
    // With K = 2 the Dirichlet evidence equals the Beta evidence.
    let d = bayeskit::Dirichlet::new(&[2.0, 3.0]).unwrap();
    let b = Beta::new(2.0, 3.0).unwrap();
    assert!(close(
        d.ln_marginal(&[4.0, 6.0]).unwrap(),
        b.ln_marginal(4.0, 6.0).unwrap(),
        1e-13
    ));
    assert!(bayeskit::Dirichlet::new(&[1.0]).is_err());
    let mut d2 = d.clone();
    assert!(d2.update(&[1.0, -1.0]).is_err());
    assert!(d2.update(&[1.0]).is_err());
    assert_eq!(d2, d);
    let mut rng = Rng::seed_from_u64(3);
    let mut out = [0.0; 2];
    d.sample(&mut rng, &mut out).unwrap();
    assert!((out[0] + out[1] - 1.0).abs() < 1e-15);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn student_t_quantile_inverts_cdf(df in 0.2f64..200.0, p in 1e-8f64..0.99999999) {
        let t = bayeskit::StudentT::new(df, 1.0, 2.0).unwrap();
        let x = t.quantile(p).unwrap();
        prop_assert!((t.cdf(x) - p).abs() <= 1e-10 * p.min(1.0 - p).max(1e-3), "df={} p={} x={} cdf={}", df, p, x, t.cdf(x));
    }
}

#[test]
fn dirichlet_mode_and_student_t_moments() {
    let d = bayeskit::Dirichlet::new(&[3.0, 2.0, 5.0]).unwrap();
    let mut out = [0.0; 3];
    assert!(d.mode(&mut out).unwrap());
    assert_eq!(out, [2.0 / 7.0, 1.0 / 7.0, 4.0 / 7.0]);
    let flat = bayeskit::Dirichlet::new(&[1.0, 2.0]).unwrap();
    let mut untouched = [9.0; 2];
    assert!(!flat.mode(&mut untouched).unwrap());
    assert_eq!(untouched, [9.0; 2]);
    assert!(d.mode(&mut [0.0; 2]).is_err());
    // Normal–Gamma: var(mu) = beta / (kappa (alpha - 1)).
    let ng = bayeskit::NormalGamma::new(1.0, 2.0, 3.0, 4.0).unwrap();
    assert!(close(
        ng.mean_marginal().variance().unwrap(),
        4.0 / (2.0 * 2.0),
        1e-15
    ));
    assert_eq!(
        bayeskit::NormalGamma::new(1.0, 2.0, 1.0, 4.0)
            .unwrap()
            .mean_marginal()
            .variance(),
        None
    );
}

#[test]
fn lift_quantile_far_tail_is_an_error_not_garbage() {
    let (a, b) = (Gamma::new(0.01, 1.0).unwrap(), Gamma::new(0.01, 1.0).unwrap());
    // The quantile's cdf is resolved to ~1e-16 absolute: p = 1e-300 is refused
    // rather than answered with a number that has no correct digits.
    match lift_quantile(&a, &b, 1e-300) {
        Err(Error::InvalidArgument(msg)) => assert!(msg.contains("lift quantile needs"), "{msg}"),
        other => panic!("{other:?}"),
    }
    assert!(lift_quantile(&a, &b, bayeskit::LIFT_TAIL_LIMIT)
        .unwrap()
        .is_finite());
    assert!(lift_quantile(&a, &b, 0.0).is_err());
    assert!(lift_quantile(&a, &b, f64::NAN).is_err());
}
