//! Identities every conjugate family satisfies, checked through the shared
//! traits ([`Conjugate`], [`Univariate`], [`UnivariatePosterior`]) and
//! generated for each family by one macro, in the style of the `rv` crate's
//! `test_conjugate_prior!`:
//!
//! - the predictive is a ratio of evidences, ln p(y | x) = ln m(x ∪ y) − ln m(x)
//!   (plus the log of the number of orders of y for counts in any order);
//! - Bayes' rule in log space, ln p(θ | x) = ln p(x | θ) + ln p(θ) − ln m(x);
//! - the posterior from data, from its statistics and from one observation at
//!   a time agree, and a bad update leaves the value as it was;
//! - for the families with one quantity of interest, on its posterior: the
//!   quantile inverts the cdf, the interval is the two quantiles and holds its
//!   mass, bad probabilities are errors, seeded draws are reproducible and
//!   agree with the mean and variance.
//!
//! Each family states only what the traits cannot: how to draw a case (prior,
//! data, a further outcome, a parameter value), its likelihood and the density
//! of its parameter. Every proptest has a fixed seed, so a run is the same
//! sweep every time (`PROPTEST_CASES` widens it).

use bayeskit::special::ln_gamma;
use bayeskit::{
    Beta, Conjugate, Dirichlet, Gamma, Normal, NormalGamma, NormalKnownVariance, Rng, Univariate,
    UnivariatePosterior,
};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::borrow::Borrow;
use std::fmt::Debug;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        rng_seed: RngSeed::Fixed(0x636f_6e6a_7567_6174),
        ..ProptestConfig::default()
    }
}

/// |a − b| within `tol` relative to `scale` (at least 1): the identities
/// subtract log evidences, so their rounding is relative to those.
fn close(a: f64, b: f64, tol: f64, scale: f64) -> bool {
    (a - b).abs() <= tol * scale.abs().max(1.0)
}

fn ln_choose(n: f64, k: f64) -> f64 {
    ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0)
}

/// The largest change of `f` between `x` and its neighbouring doubles.
fn ulp_step(f: impl Fn(f64) -> f64, x: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    let (up, down) = (x.next_up(), x.next_down());
    (f(up) - f(x)).abs().max((f(x) - f(down)).abs())
}

/// One drawn test case: a prior, observed data, a further outcome and a
/// parameter value at which to check Bayes' rule.
#[derive(Debug)]
struct Case<F: Family> {
    prior: F,
    batch: F::Batch,
    y: F::Y,
    theta: F::Theta,
}

/// What the checks need of a family beyond the traits.
trait Family: Conjugate + Debug + 'static {
    /// Owned data, viewed as [`Conjugate::Data`] by [`Family::data`].
    type Batch: Debug;
    /// An owned further outcome.
    type Y: Debug + Borrow<Self::Outcome>;
    /// Owned statistics.
    type S: Debug + Borrow<Self::Stats>;
    /// A parameter value θ.
    type Theta: Debug;

    fn case() -> BoxedStrategy<Case<Self>>;
    fn data(b: &Self::Batch) -> Self::Data<'_>;
    /// The data x ∪ y, and ln of the number of orders of `y`.
    fn join(b: &Self::Batch, y: &Self::Y) -> (Self::Batch, f64);
    /// The statistics of a batch, as the caller of `update` would compute them.
    fn stats(b: &Self::Batch) -> Self::S;
    /// The batch as single observations, where they can express it.
    fn observations(b: &Self::Batch) -> Option<Vec<Self::Observation>>;
    /// Statistics that `update` refuses.
    fn bad_stats(&self) -> Self::S;
    /// ln p(θ) with `self` as the distribution of the parameter.
    fn ln_density(&self, theta: &Self::Theta) -> f64;
    /// ln p(x | θ) (for the parameters that `self` does not carry, such as a
    /// known noise, those of `self`).
    fn ln_likelihood(&self, theta: &Self::Theta, b: &Self::Batch) -> f64;
    /// The parameters, to compare posteriors.
    fn params(&self) -> Vec<f64>;
}

// ---------------------------------------------------------------- the checks

fn predictive_is_a_ratio_of_evidences<F: Family>(c: Case<F>) -> Result<(), TestCaseError> {
    let post = c.prior.posterior(F::data(&c.batch)).unwrap();
    let ln_pp = post.ln_predictive(c.y.borrow()).unwrap();
    let (both, ln_orders) = F::join(&c.batch, &c.y);
    let ln_m_both = c.prior.ln_marginal(F::data(&both)).unwrap();
    let ratio = ln_m_both - c.prior.ln_marginal(F::data(&c.batch)).unwrap() + ln_orders;
    prop_assert!(
        close(ln_pp, ratio, 1e-9, ln_m_both),
        "ln p(y|x) = {} but ln m(x ∪ y) − ln m(x) = {}",
        ln_pp,
        ratio
    );
    Ok(())
}

fn bayes_rule_in_log_space<F: Family>(c: Case<F>) -> Result<(), TestCaseError> {
    let data = F::data(&c.batch);
    let post = c.prior.posterior(data).unwrap();
    let ln_m = c.prior.ln_marginal(data).unwrap();
    let ln_like = c.prior.ln_likelihood(&c.theta, &c.batch);
    let ln_prior = c.prior.ln_density(&c.theta);
    let ln_post = post.ln_density(&c.theta);
    let scale = ln_like.abs() + ln_prior.abs() + ln_m.abs();
    prop_assert!(
        close(ln_post, ln_like + ln_prior - ln_m, 1e-9, scale),
        "ln p(θ|x) = {} but ln p(x|θ) + ln p(θ) − ln m(x) = {}",
        ln_post,
        ln_like + ln_prior - ln_m
    );
    Ok(())
}

fn same_params(a: &[f64], b: &[f64], tol: f64) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| close(*x, *y, tol, x.abs().max(y.abs())))
}

fn posterior_from_data_stats_and_observations_agree<F: Family>(c: Case<F>) -> Result<(), TestCaseError> {
    let from_data = c.prior.posterior(F::data(&c.batch)).unwrap();
    let from_stats = c.prior.posterior_from_stats(F::stats(&c.batch).borrow()).unwrap();
    prop_assert!(
        same_params(&from_data.params(), &from_stats.params(), 1e-12),
        "{:?} vs {:?}",
        from_data,
        from_stats
    );
    if let Some(xs) = F::observations(&c.batch) {
        let mut one_by_one = c.prior.clone();
        for x in xs {
            one_by_one.observe(x).unwrap();
        }
        prop_assert!(
            same_params(&from_data.params(), &one_by_one.params(), 1e-9),
            "{:?} vs {:?}",
            from_data,
            one_by_one
        );
    }
    let mut p = c.prior.clone();
    prop_assert!(p.update(p.bad_stats().borrow()).is_err());
    prop_assert_eq!(p.params(), c.prior.params());
    Ok(())
}

fn quantile_inverts_cdf<F: Family + UnivariatePosterior>(c: Case<F>, p: f64) -> Result<(), TestCaseError> {
    let d = c.prior.posterior(F::data(&c.batch)).unwrap().marginal();
    let x = d.quantile(p).unwrap();
    let tol = 1e-10 * p.max(1e-3) + ulp_step(|v| d.cdf(v), x);
    prop_assert!(
        (d.cdf(x) - p).abs() <= tol,
        "p = {} x = {} cdf = {}",
        p,
        x,
        d.cdf(x)
    );
    for bad in [-0.1, 1.1, f64::NAN] {
        prop_assert!(d.quantile(bad).is_err(), "quantile({})", bad);
    }
    Ok(())
}

fn interval_is_two_quantiles_and_holds_its_mass<F: Family + UnivariatePosterior>(
    c: Case<F>,
    level: f64,
) -> Result<(), TestCaseError> {
    let d = c.prior.posterior(F::data(&c.batch)).unwrap().marginal();
    let (lo, hi) = d.interval(level).unwrap();
    let tail = 0.5 * (1.0 - level);
    prop_assert_eq!(lo.to_bits(), d.quantile(tail).unwrap().to_bits());
    prop_assert_eq!(hi.to_bits(), d.quantile(1.0 - tail).unwrap().to_bits());
    prop_assert!(lo <= hi);
    let mass = d.cdf(hi) - d.cdf(lo);
    let tol = 2e-10 + ulp_step(|v| d.cdf(v), lo) + ulp_step(|v| d.cdf(v), hi);
    prop_assert!(
        (mass - level).abs() <= tol,
        "[{}, {}] holds {} of {}",
        lo,
        hi,
        mass,
        level
    );
    for bad in [0.0, 1.0, -0.5, f64::NAN] {
        prop_assert!(d.interval(bad).is_err(), "interval({})", bad);
    }
    Ok(())
}

fn draws_are_reproducible_and_agree_with_the_moments<F: Family + UnivariatePosterior>(
    c: Case<F>,
    seed: u64,
) -> Result<(), TestCaseError> {
    let d = c.prior.posterior(F::data(&c.batch)).unwrap().marginal();
    let n = 4000;
    let draws = |seed| {
        let mut rng = Rng::seed_from_u64(seed);
        (0..n).map(|_| d.sample(&mut rng)).collect::<Vec<f64>>()
    };
    let (x, again) = (draws(seed), draws(seed));
    prop_assert!(x.iter().zip(&again).all(|(a, b)| a.to_bits() == b.to_bits()));
    prop_assert_ne!(&x, &draws(seed ^ 1));
    if let (Some(mean), Some(var)) = (d.mean(), d.variance()) {
        prop_assert!(var > 0.0);
        // The sample mean within 6 standard errors.
        let m = x.iter().sum::<f64>() / n as f64;
        prop_assert!(
            (m - mean).abs() <= 6.0 * (var / n as f64).sqrt(),
            "draws average {} for mean {}",
            m,
            mean
        );
        // Chebyshev: at least 8/9 of the mass within 3 standard deviations.
        let sd = var.sqrt();
        prop_assert!(d.cdf(mean + 3.0 * sd) - d.cdf(mean - 3.0 * sd) >= 8.0 / 9.0 - 1e-12);
    }
    Ok(())
}

/// Generates the checks of one family: `name: Type` for the conjugate
/// identities, `name: Type, univariate` for those and the checks of its
/// [`UnivariatePosterior::marginal`].
macro_rules! family_tests {
    (@conjugate $family:ty) => {
        proptest! {
            #![proptest_config(config())]

            #[test]
            fn predictive_is_a_ratio_of_evidences(c in <$family as Family>::case()) {
                super::predictive_is_a_ratio_of_evidences(c)?;
            }

            #[test]
            fn bayes_rule_in_log_space(c in <$family as Family>::case()) {
                super::bayes_rule_in_log_space(c)?;
            }

            #[test]
            fn posterior_from_data_stats_and_observations_agree(c in <$family as Family>::case()) {
                super::posterior_from_data_stats_and_observations_agree(c)?;
            }
        }
    };
    (@univariate $family:ty) => {
        proptest! {
            #![proptest_config(config())]

            #[test]
            fn quantile_inverts_cdf(c in <$family as Family>::case(), p in 1e-6f64..0.999999) {
                super::quantile_inverts_cdf(c, p)?;
            }

            #[test]
            fn interval_is_two_quantiles_and_holds_its_mass(c in <$family as Family>::case(), level in 0.01f64..0.999) {
                super::interval_is_two_quantiles_and_holds_its_mass(c, level)?;
            }

            #[test]
            fn draws_are_reproducible_and_agree_with_the_moments(c in <$family as Family>::case(), seed in any::<u64>()) {
                super::draws_are_reproducible_and_agree_with_the_moments(c, seed)?;
            }
        }
    };
    ($name:ident: $family:ty) => {
        mod $name {
            use super::*;
            family_tests!(@conjugate $family);
        }
    };
    ($name:ident: $family:ty, univariate) => {
        mod $name {
            use super::*;
            family_tests!(@conjugate $family);
            family_tests!(@univariate $family);
        }
    };
}

family_tests!(beta: Beta, univariate);
family_tests!(gamma: Gamma, univariate);
family_tests!(normal_known_variance: NormalKnownVariance, univariate);
family_tests!(normal_gamma: NormalGamma, univariate);
family_tests!(dirichlet: Dirichlet);

// ---------------------------------------------------------------- the families

impl Family for Beta {
    type Batch = (f64, f64);
    type Y = (u64, u64);
    type S = (f64, f64);
    type Theta = f64;

    fn case() -> BoxedStrategy<Case<Self>> {
        (
            0.1f64..50.0,
            0.1f64..50.0,
            0u32..40,
            0u32..40,
            0u64..10,
            0u64..10,
            0.01f64..0.99,
        )
            .prop_map(|(a, b, s, f, k, extra, theta)| Case {
                prior: Beta::new(a, b).unwrap(),
                batch: (s as f64, f as f64),
                y: (k, k + extra),
                theta,
            })
            .boxed()
    }
    fn data(b: &(f64, f64)) -> (f64, f64) {
        *b
    }
    fn join(&(s, f): &(f64, f64), &(k, n): &(u64, u64)) -> ((f64, f64), f64) {
        let (k, n) = (k as f64, n as f64);
        ((s + k, f + n - k), ln_choose(n, k))
    }
    fn stats(b: &(f64, f64)) -> (f64, f64) {
        *b
    }
    fn observations(&(s, f): &(f64, f64)) -> Option<Vec<bool>> {
        Some([vec![true; s as usize], vec![false; f as usize]].concat())
    }
    fn bad_stats(&self) -> (f64, f64) {
        (-1.0, 0.0)
    }
    fn ln_density(&self, &theta: &f64) -> f64 {
        self.ln_pdf(theta)
    }
    fn ln_likelihood(&self, &theta: &f64, &(s, f): &(f64, f64)) -> f64 {
        s * theta.ln() + f * (-theta).ln_1p()
    }
    fn params(&self) -> Vec<f64> {
        vec![self.alpha(), self.beta()]
    }
}

impl Family for Gamma {
    /// `(counts, exposures)`.
    type Batch = (Vec<f64>, Vec<f64>);
    type Y = (u64, f64);
    type S = (f64, f64);
    type Theta = f64;

    fn case() -> BoxedStrategy<Case<Self>> {
        // Some batches have unit exposures only, so single observations can express them.
        let exposure = prop_oneof![Just(1.0), 0.1f64..10.0];
        (
            0.1f64..50.0,
            0.1f64..20.0,
            prop::collection::vec((0u32..30, exposure), 0..6),
            0u64..20,
            0.1f64..10.0,
            0.05f64..20.0,
        )
            .prop_map(|(a, b, obs, k, t, theta)| Case {
                prior: Gamma::new(a, b).unwrap(),
                batch: obs.into_iter().map(|(k, t)| (k as f64, t)).unzip(),
                y: (k, t),
                theta,
            })
            .boxed()
    }
    fn data(b: &Self::Batch) -> (&[f64], &[f64]) {
        (&b.0, &b.1)
    }
    fn join(b: &Self::Batch, &(k, t): &(u64, f64)) -> (Self::Batch, f64) {
        let (mut counts, mut exposures) = b.clone();
        counts.push(k as f64);
        exposures.push(t);
        ((counts, exposures), 0.0)
    }
    fn stats(b: &Self::Batch) -> (f64, f64) {
        (b.0.iter().sum(), b.1.iter().sum())
    }
    fn observations(b: &Self::Batch) -> Option<Vec<u64>> {
        b.1.iter()
            .all(|&t| t == 1.0)
            .then(|| b.0.iter().map(|&k| k as u64).collect())
    }
    fn bad_stats(&self) -> (f64, f64) {
        (f64::NAN, 1.0)
    }
    fn ln_density(&self, &rate: &f64) -> f64 {
        self.ln_pdf(rate)
    }
    fn ln_likelihood(&self, &rate: &f64, b: &Self::Batch) -> f64 {
        b.0.iter()
            .zip(&b.1)
            .map(|(&k, &t)| k * (rate * t).ln() - rate * t - ln_gamma(k + 1.0))
            .sum()
    }
    fn params(&self) -> Vec<f64> {
        vec![self.shape(), self.rate()]
    }
}

impl Family for NormalKnownVariance {
    type Batch = Vec<f64>;
    type Y = f64;
    type S = (f64, f64);
    type Theta = f64;

    fn case() -> BoxedStrategy<Case<Self>> {
        (
            -10.0f64..10.0,
            0.1f64..10.0,
            0.1f64..5.0,
            prop::collection::vec(-20.0f64..20.0, 0..6),
            -20.0f64..20.0,
            -10.0f64..10.0,
        )
            .prop_map(|(m, s, sigma, xs, y, mu)| Case {
                prior: NormalKnownVariance::new(m, s, sigma).unwrap(),
                batch: xs,
                y,
                theta: mu,
            })
            .boxed()
    }
    fn data(b: &Vec<f64>) -> &[f64] {
        b
    }
    fn join(b: &Vec<f64>, &y: &f64) -> (Vec<f64>, f64) {
        ([b.as_slice(), &[y]].concat(), 0.0)
    }
    fn stats(b: &Vec<f64>) -> (f64, f64) {
        if b.is_empty() {
            return (0.0, 0.0);
        }
        (b.len() as f64, b.iter().sum::<f64>() / b.len() as f64)
    }
    fn observations(b: &Vec<f64>) -> Option<Vec<f64>> {
        Some(b.clone())
    }
    fn bad_stats(&self) -> (f64, f64) {
        (-1.0, 0.0)
    }
    fn ln_density(&self, &mu: &f64) -> f64 {
        self.mean().ln_pdf(mu)
    }
    fn ln_likelihood(&self, &mu: &f64, b: &Vec<f64>) -> f64 {
        let noise = Normal::new(mu, self.noise_sd()).unwrap();
        b.iter().map(|&x| noise.ln_pdf(x)).sum()
    }
    fn params(&self) -> Vec<f64> {
        vec![self.mean().mean(), self.mean().std_dev(), self.noise_sd()]
    }
}

impl Family for NormalGamma {
    type Batch = Vec<f64>;
    type Y = f64;
    type S = (f64, f64, f64);
    /// (μ, τ): the mean and the precision.
    type Theta = (f64, f64);

    fn case() -> BoxedStrategy<Case<Self>> {
        (
            (-5.0f64..5.0, 0.1f64..5.0, 0.5f64..10.0, 0.1f64..10.0),
            prop::collection::vec(-10.0f64..10.0, 0..6),
            -10.0f64..10.0,
            (-5.0f64..5.0, 0.05f64..5.0),
        )
            .prop_map(|((m, kappa, alpha, beta), xs, y, theta)| Case {
                prior: NormalGamma::new(m, kappa, alpha, beta).unwrap(),
                batch: xs,
                y,
                theta,
            })
            .boxed()
    }
    fn data(b: &Vec<f64>) -> &[f64] {
        b
    }
    fn join(b: &Vec<f64>, &y: &f64) -> (Vec<f64>, f64) {
        ([b.as_slice(), &[y]].concat(), 0.0)
    }
    fn stats(b: &Vec<f64>) -> (f64, f64, f64) {
        if b.is_empty() {
            return (0.0, 0.0, 0.0);
        }
        let n = b.len() as f64;
        let mean = b.iter().sum::<f64>() / n;
        (n, mean, b.iter().map(|x| (x - mean) * (x - mean)).sum())
    }
    fn observations(b: &Vec<f64>) -> Option<Vec<f64>> {
        Some(b.clone())
    }
    fn bad_stats(&self) -> (f64, f64, f64) {
        (1.0, 0.0, -1.0)
    }
    /// τ ~ Gamma(α, β), μ | τ ~ Normal(m, 1/(κτ)).
    fn ln_density(&self, &(mu, tau): &(f64, f64)) -> f64 {
        let (m, kappa, alpha, beta) = self.params();
        Gamma::new(alpha, beta).unwrap().ln_pdf(tau)
            + Normal::new(m, (kappa * tau).sqrt().recip()).unwrap().ln_pdf(mu)
    }
    fn ln_likelihood(&self, &(mu, tau): &(f64, f64), b: &Vec<f64>) -> f64 {
        let noise = Normal::new(mu, tau.sqrt().recip()).unwrap();
        b.iter().map(|&x| noise.ln_pdf(x)).sum()
    }
    fn params(&self) -> Vec<f64> {
        let (m, kappa, alpha, beta) = NormalGamma::params(self);
        vec![m, kappa, alpha, beta]
    }
}

impl Family for Dirichlet {
    /// Per-category counts.
    type Batch = Vec<f64>;
    type Y = Vec<f64>;
    type S = Vec<f64>;
    /// A point of the simplex.
    type Theta = Vec<f64>;

    fn case() -> BoxedStrategy<Case<Self>> {
        prop::collection::vec(0.1f64..20.0, 2..6)
            .prop_flat_map(|alpha| {
                let k = alpha.len();
                (
                    Just(alpha),
                    prop::collection::vec(0u32..7, k),
                    prop::collection::vec(0u32..4, k),
                    prop::collection::vec(0.05f64..1.0, k),
                )
            })
            .prop_map(|(alpha, counts, future, weights)| {
                let total: f64 = weights.iter().sum();
                Case {
                    prior: Dirichlet::new(&alpha).unwrap(),
                    batch: counts.into_iter().map(f64::from).collect(),
                    y: future.into_iter().map(f64::from).collect(),
                    theta: weights.iter().map(|w| w / total).collect(),
                }
            })
            .boxed()
    }
    fn data(b: &Vec<f64>) -> &[f64] {
        b
    }
    fn join(b: &Vec<f64>, y: &Vec<f64>) -> (Vec<f64>, f64) {
        let n: f64 = y.iter().sum();
        let ln_coef = ln_gamma(n + 1.0) - y.iter().map(|&c| ln_gamma(c + 1.0)).sum::<f64>();
        (b.iter().zip(y).map(|(a, b)| a + b).collect(), ln_coef)
    }
    fn stats(b: &Vec<f64>) -> Vec<f64> {
        b.clone()
    }
    fn observations(b: &Vec<f64>) -> Option<Vec<usize>> {
        Some(
            b.iter()
                .enumerate()
                .flat_map(|(k, &c)| std::iter::repeat_n(k, c as usize))
                .collect(),
        )
    }
    fn bad_stats(&self) -> Vec<f64> {
        vec![-1.0; self.categories()]
    }
    fn ln_density(&self, p: &Vec<f64>) -> f64 {
        let alpha = self.alpha();
        ln_gamma(alpha.iter().sum())
            + alpha
                .iter()
                .zip(p)
                .map(|(&a, &pk)| (a - 1.0) * pk.ln() - ln_gamma(a))
                .sum::<f64>()
    }
    fn ln_likelihood(&self, p: &Vec<f64>, counts: &Vec<f64>) -> f64 {
        counts.iter().zip(p).map(|(&c, &pk)| c * pk.ln()).sum()
    }
    fn params(&self) -> Vec<f64> {
        self.alpha().to_vec()
    }
}
