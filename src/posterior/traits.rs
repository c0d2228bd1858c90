//! What every conjugate family has in common, stated once as traits.
//!
//! - [`Univariate`]: the summaries of a distribution of one real number
//!   (mean, variance, mode, density, cdf, quantile with its error, the
//!   equal-tailed interval from two quantiles, a seeded draw), for [`Beta`],
//!   [`Gamma`], [`Normal`] and [`StudentT`].
//! - [`Conjugate`]: a prior whose posterior is of its own family, updated
//!   from one observation, a batch or weighted sufficient statistics, with
//!   the log marginal likelihood (evidence) of a batch and the log posterior
//!   predictive of a further outcome; for [`Beta`], [`Gamma`],
//!   [`NormalKnownVariance`], [`NormalGamma`] and [`Dirichlet`].
//! - [`UnivariatePosterior`]: a conjugate family whose quantity of interest is
//!   one number (a rate, a mean), with the [`Univariate`] distribution of that
//!   number; every family above but the multivariate [`Dirichlet`].
//!
//! The design follows the `ConjugatePrior` trait of the `rv` crate
//! (posterior, `ln_m`, `ln_pp` over data or sufficient statistics), with
//! each family's data, statistics and predictive outcome as associated types
//! instead of a likelihood type parameter, since each family here has one
//! likelihood. Every method delegates to the family's inherent method of the
//! same meaning, so the numbers are those of the inherent methods, bit for
//! bit; the inherent methods take their arguments one by one (`Beta::update(s,
//! f)`), the trait methods as the associated type (`Conjugate::update(&mut p,
//! &(s, f))`). On a concrete type a method call finds the inherent method
//! first; generic code (`fn f<P: Conjugate>`) and the C ABI, which generates
//! every family's entry points from these traits, use the trait's.
//!
//! [`Beta`]: super::Beta
//! [`Gamma`]: super::Gamma
//! [`Normal`]: super::Normal
//! [`StudentT`]: super::StudentT
//! [`NormalKnownVariance`]: super::NormalKnownVariance
//! [`NormalGamma`]: super::NormalGamma
//! [`Dirichlet`]: super::Dirichlet

use super::{Beta, Dirichlet, Gamma, Normal, NormalGamma, NormalKnownVariance, StudentT};
use crate::error::{check_finite, Result};
use crate::Rng;

/// A continuous distribution of one real number.
///
/// `mean`, `variance` and `mode` are `None` where they do not exist (a
/// Student-t's mean for ν ≤ 1, its variance for ν ≤ 2, a U-shaped Beta's
/// mode); `quantile` says why it has no answer; `interval` is the
/// equal-tailed interval from two quantiles.
///
/// # Example
/// ```
/// use bayeskit::{Beta, Rng, StudentT, Univariate};
///
/// /// The central 90% of any distribution of one number, and one draw from it.
/// fn describe(d: &impl Univariate, rng: &mut Rng) -> bayeskit::Result<(f64, f64, f64)> {
///     let (lo, hi) = d.interval(0.9)?;
///     Ok((lo, hi, d.sample(rng)))
/// }
///
/// let mut rng = Rng::seed_from_u64(1);
/// let (lo, hi, x) = describe(&Beta::new(4.0, 11.0)?, &mut rng)?;
/// assert!(0.0 < lo && lo < hi && hi < 1.0 && 0.0 < x && x < 1.0);
/// let t = StudentT::new(1.0, 0.0, 1.0)?;  // Cauchy: no mean, no variance
/// assert_eq!((Univariate::mean(&t), Univariate::variance(&t)), (None, None));
/// let (lo, hi) = t.interval(0.5)?;                 // the quartiles of a Cauchy are ±1
/// assert!((lo + 1.0).abs() < 1e-12 && (hi - 1.0).abs() < 1e-12);
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub trait Univariate {
    /// The mean, `None` where it does not exist.
    fn mean(&self) -> Option<f64>;

    /// The variance, `None` where it is infinite or undefined.
    fn variance(&self) -> Option<f64>;

    /// The mode, `None` where the density has no unique maximum.
    fn mode(&self) -> Option<f64>;

    /// Log density at `x` (−∞ outside the support).
    fn ln_pdf(&self, x: f64) -> f64;

    /// Cumulative distribution function P(X ≤ x) (NaN for a NaN `x`).
    fn cdf(&self, x: f64) -> f64;

    /// The quantile: the x with P(X ≤ x) = p.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for p outside
    /// [0, 1] or a quantile that no double holds;
    /// [`Error::NoConvergence`](crate::Error::NoConvergence) if an inverse
    /// cannot reach full accuracy.
    fn quantile(&self, p: f64) -> Result<f64>;

    /// Equal-tailed interval holding probability `level`: the quantiles
    /// (1 − level)/2 and (1 + level)/2.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) unless
    /// 0 < level < 1; the errors of [`quantile`](Univariate::quantile).
    fn interval(&self, level: f64) -> Result<(f64, f64)> {
        super::equal_tailed(level, |p| self.quantile(p))
    }

    /// One draw, from the crate's seeded generator (the same seed gives the
    /// same draws everywhere).
    fn sample(&self, rng: &mut Rng) -> f64;
}

/// A conjugate prior: updating it with observations gives a posterior of the
/// same family.
///
/// The associated types say what each family observes:
///
/// | family | `Observation` | `Data` (a batch) | `Stats` (weighted) | `Outcome` (predicted) |
/// |---|---|---|---|---|
/// | [`Beta`] | a trial, `bool` | `(successes, failures)` of one sequence | `(successes, failures)` | `(k, n)`: k successes in n trials, any order |
/// | [`Gamma`] | a count over unit exposure, `u64` | `(counts, exposures)` | `(count, exposure)` | `(k, exposure)` |
/// | [`NormalKnownVariance`] | a value | values `&[f64]` | `(n, mean)` | a value |
/// | [`NormalGamma`] | a value | values `&[f64]` | `(n, mean, ss)` | a value |
/// | [`Dirichlet`] | a category, `usize` | counts `&[f64]` of one sequence | counts `[f64]` | counts `[f64]`, any order |
///
/// Weights may be fractional (pseudo-counts). The evidence of a Bernoulli or
/// categorical sequence depends on its counts alone, so those families take
/// the counts as their data. Every update leaves the value unchanged when it
/// returns an error.
///
/// Identities every family satisfies (tested for all of them in
/// `tests/conjugate.rs`): the predictive is a ratio of evidences,
/// ln p(y | x) = ln m(x ∪ y) − ln m(x) (plus the log of the number of orders
/// of y where the outcome is a count in any order), and Bayes' rule holds in
/// log space, ln p(θ | x) = ln p(x | θ) + ln p(θ) − ln m(x).
///
/// # Example
/// ```
/// use bayeskit::{Beta, Conjugate, Gamma};
///
/// /// The Bayes factor of prior `a` over prior `b` for the same data.
/// fn ln_bayes_factor<P: Conjugate>(a: &P, b: &P, data: P::Data<'_>) -> bayeskit::Result<f64> {
///     Ok(a.ln_marginal(data)? - b.ln_marginal(data)?)
/// }
///
/// // 30 successes in 100 trials: a prior around 0.3 explains them better than a flat one.
/// let sharp = Beta::new(30.0, 70.0)?;
/// let flat = Beta::new(1.0, 1.0)?;
/// assert!(ln_bayes_factor(&sharp, &flat, (30.0, 70.0))? > 0.0);
///
/// // Posterior from data, then the predictive of 2 events over 1.5 units of exposure.
/// let prior = Gamma::new(2.0, 1.0)?;
/// let post = prior.posterior((&[3.0, 5.0], &[1.0, 2.0]))?;
/// assert_eq!((post.shape(), post.rate()), (10.0, 4.0));
/// // On a concrete type `post.ln_predictive(2, 1.5)` is the inherent method; the
/// // trait's takes the outcome as one value.
/// let ln_p = Conjugate::ln_predictive(&post, &(2, 1.5))?;
/// let ratio = Conjugate::ln_marginal(&prior, (&[3.0, 5.0, 2.0], &[1.0, 2.0, 1.5]))?
///     - Conjugate::ln_marginal(&prior, (&[3.0, 5.0], &[1.0, 2.0]))?;
/// assert!((ln_p - ratio).abs() < 1e-12);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// [`Beta`]: super::Beta
/// [`Gamma`]: super::Gamma
/// [`NormalKnownVariance`]: super::NormalKnownVariance
/// [`NormalGamma`]: super::NormalGamma
/// [`Dirichlet`]: super::Dirichlet
pub trait Conjugate: Clone {
    /// One observation.
    type Observation;
    /// A batch of observations: what [`update_batch`](Conjugate::update_batch)
    /// adds and [`ln_marginal`](Conjugate::ln_marginal) gives the evidence of
    /// (counts or slices, so `Copy`).
    type Data<'a>: Copy;
    /// Weighted sufficient statistics of observations (pseudo-counts), what
    /// [`update`](Conjugate::update) adds.
    type Stats: ?Sized;
    /// An outcome of further observation, what
    /// [`ln_predictive`](Conjugate::ln_predictive) gives the probability of.
    type Outcome: ?Sized;

    /// Observes one value.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for an
    /// observation outside the family's domain (a non-finite value, a
    /// category out of range); `self` is then unchanged.
    fn observe(&mut self, x: Self::Observation) -> Result<()>;

    /// Observes a batch.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a bad
    /// value or mismatched lengths; `self` is then unchanged.
    fn update_batch(&mut self, data: Self::Data<'_>) -> Result<()>;

    /// Adds weighted sufficient statistics.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for a
    /// negative or non-finite statistic or a posterior that would overflow;
    /// `self` is then unchanged.
    fn update(&mut self, stats: &Self::Stats) -> Result<()>;

    /// Log marginal likelihood (evidence) of `data` with `self` as the prior.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for data
    /// outside the family's domain.
    fn ln_marginal(&self, data: Self::Data<'_>) -> Result<f64>;

    /// Log posterior predictive probability (or density) of the outcome `y`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) for an
    /// outcome outside the family's domain.
    fn ln_predictive(&self, y: &Self::Outcome) -> Result<f64>;

    /// The posterior after observing `data`, `self` as the prior.
    ///
    /// # Errors
    /// As [`update_batch`](Conjugate::update_batch).
    fn posterior(&self, data: Self::Data<'_>) -> Result<Self> {
        let mut post = self.clone();
        post.update_batch(data)?;
        Ok(post)
    }

    /// The posterior after adding the weighted statistics `stats`.
    ///
    /// # Errors
    /// As [`update`](Conjugate::update).
    fn posterior_from_stats(&self, stats: &Self::Stats) -> Result<Self> {
        let mut post = self.clone();
        post.update(stats)?;
        Ok(post)
    }
}

/// A conjugate family whose quantity of interest is one number, with that
/// number's distribution: the family itself for [`Beta`](super::Beta) and
/// [`Gamma`](super::Gamma), μ's for
/// [`NormalKnownVariance`](super::NormalKnownVariance) (a [`Normal`]) and
/// [`NormalGamma`](super::NormalGamma) (a [`StudentT`]).
///
/// # Example
/// ```
/// use bayeskit::{Beta, NormalKnownVariance, Univariate, UnivariatePosterior};
///
/// /// The 95% interval of any family's quantity of interest.
/// fn interval95(p: &impl UnivariatePosterior) -> bayeskit::Result<(f64, f64)> {
///     p.marginal().interval(0.95)
/// }
///
/// let rate = Beta::new(21.0, 981.0)?;
/// let mean = NormalKnownVariance::new(5.0, 0.1, 1.0)?;
/// assert_eq!(interval95(&rate)?, rate.interval(0.95)?);
/// assert_eq!(interval95(&mean)?, mean.mean().interval(0.95)?);
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub trait UnivariatePosterior: Conjugate {
    /// The distribution of the quantity of interest.
    type Marginal: Univariate;

    /// The distribution of the quantity of interest.
    fn marginal(&self) -> Self::Marginal;
}

// ---------------------------------------------------------------- Univariate

impl Univariate for Beta {
    fn mean(&self) -> Option<f64> {
        Some(Beta::mean(self))
    }
    fn variance(&self) -> Option<f64> {
        Some(Beta::variance(self))
    }
    fn mode(&self) -> Option<f64> {
        Beta::mode(self)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        Beta::ln_pdf(self, x)
    }
    fn cdf(&self, x: f64) -> f64 {
        Beta::cdf(self, x)
    }
    fn quantile(&self, p: f64) -> Result<f64> {
        Beta::quantile(self, p)
    }
    fn interval(&self, level: f64) -> Result<(f64, f64)> {
        Beta::interval(self, level)
    }
    fn sample(&self, rng: &mut Rng) -> f64 {
        Beta::sample(self, rng)
    }
}

impl Univariate for Gamma {
    fn mean(&self) -> Option<f64> {
        Some(Gamma::mean(self))
    }
    fn variance(&self) -> Option<f64> {
        Some(Gamma::variance(self))
    }
    fn mode(&self) -> Option<f64> {
        Some(Gamma::mode(self))
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        Gamma::ln_pdf(self, x)
    }
    fn cdf(&self, x: f64) -> f64 {
        Gamma::cdf(self, x)
    }
    fn quantile(&self, p: f64) -> Result<f64> {
        Gamma::quantile(self, p)
    }
    fn interval(&self, level: f64) -> Result<(f64, f64)> {
        Gamma::interval(self, level)
    }
    fn sample(&self, rng: &mut Rng) -> f64 {
        Gamma::sample(self, rng)
    }
}

impl Univariate for Normal {
    fn mean(&self) -> Option<f64> {
        Some(Normal::mean(self))
    }
    fn variance(&self) -> Option<f64> {
        Some(Normal::variance(self))
    }
    fn mode(&self) -> Option<f64> {
        Some(Normal::mean(self))
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        Normal::ln_pdf(self, x)
    }
    fn cdf(&self, x: f64) -> f64 {
        Normal::cdf(self, x)
    }
    fn quantile(&self, p: f64) -> Result<f64> {
        Normal::quantile(self, p)
    }
    fn interval(&self, level: f64) -> Result<(f64, f64)> {
        Normal::interval(self, level)
    }
    fn sample(&self, rng: &mut Rng) -> f64 {
        Normal::sample(self, rng)
    }
}

impl Univariate for StudentT {
    fn mean(&self) -> Option<f64> {
        StudentT::mean(self)
    }
    fn variance(&self) -> Option<f64> {
        StudentT::variance(self)
    }
    fn mode(&self) -> Option<f64> {
        Some(self.loc())
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        StudentT::ln_pdf(self, x)
    }
    fn cdf(&self, x: f64) -> f64 {
        StudentT::cdf(self, x)
    }
    fn quantile(&self, p: f64) -> Result<f64> {
        StudentT::quantile(self, p)
    }
    fn interval(&self, level: f64) -> Result<(f64, f64)> {
        StudentT::interval(self, level)
    }
    fn sample(&self, rng: &mut Rng) -> f64 {
        StudentT::sample(self, rng)
    }
}

// ---------------------------------------------------------------- Conjugate

impl Conjugate for Beta {
    type Observation = bool;
    /// `(successes, failures)` of one sequence of trials.
    type Data<'a> = (f64, f64);
    /// `(successes, failures)`, possibly fractional.
    type Stats = (f64, f64);
    /// `(k, n)`: k successes in n further trials, in any order (beta-binomial).
    type Outcome = (u64, u64);

    fn observe(&mut self, success: bool) -> Result<()> {
        Beta::observe(self, success);
        Ok(())
    }
    fn update_batch(&mut self, (s, f): (f64, f64)) -> Result<()> {
        Beta::update(self, s, f)
    }
    fn update(&mut self, &(s, f): &(f64, f64)) -> Result<()> {
        Beta::update(self, s, f)
    }
    fn ln_marginal(&self, (s, f): (f64, f64)) -> Result<f64> {
        Beta::ln_marginal(self, s, f)
    }
    fn ln_predictive(&self, &(k, n): &(u64, u64)) -> Result<f64> {
        Beta::ln_predictive(self, k, n)
    }
}

impl Conjugate for Gamma {
    /// A count over one unit of exposure.
    type Observation = u64;
    /// `(counts, exposures)`: `counts[i]` events over `exposures[i]`.
    type Data<'a> = (&'a [f64], &'a [f64]);
    /// `(count, exposure)`: a total count over a total exposure, possibly weighted.
    type Stats = (f64, f64);
    /// `(k, exposure)`: k events over a further exposure (negative binomial).
    type Outcome = (u64, f64);

    fn observe(&mut self, count: u64) -> Result<()> {
        Gamma::observe(self, count);
        Ok(())
    }
    fn update_batch(&mut self, (counts, exposures): (&[f64], &[f64])) -> Result<()> {
        Gamma::update_batch(self, counts, exposures)
    }
    fn update(&mut self, &(count, exposure): &(f64, f64)) -> Result<()> {
        Gamma::update(self, count, exposure)
    }
    fn ln_marginal(&self, (counts, exposures): (&[f64], &[f64])) -> Result<f64> {
        Gamma::ln_marginal(self, counts, exposures)
    }
    fn ln_predictive(&self, &(k, exposure): &(u64, f64)) -> Result<f64> {
        Gamma::ln_predictive(self, k, exposure)
    }
}

impl Conjugate for NormalKnownVariance {
    type Observation = f64;
    type Data<'a> = &'a [f64];
    /// `(n, mean)`: n (a possibly fractional weight) values averaging `mean`.
    type Stats = (f64, f64);
    /// One further value; its log density.
    type Outcome = f64;

    fn observe(&mut self, x: f64) -> Result<()> {
        NormalKnownVariance::observe(self, x)
    }
    fn update_batch(&mut self, xs: &[f64]) -> Result<()> {
        NormalKnownVariance::update_batch(self, xs)
    }
    fn update(&mut self, &(n, mean): &(f64, f64)) -> Result<()> {
        self.update_stats(n, mean)
    }
    fn ln_marginal(&self, xs: &[f64]) -> Result<f64> {
        NormalKnownVariance::ln_marginal(self, xs)
    }
    fn ln_predictive(&self, &x: &f64) -> Result<f64> {
        Ok(self.predictive().ln_pdf(check_finite("x", x)?))
    }
}

impl Conjugate for NormalGamma {
    type Observation = f64;
    type Data<'a> = &'a [f64];
    /// `(n, mean, ss)`: n (a possibly fractional weight) values with mean
    /// `mean` and sum of squared deviations from it `ss`.
    type Stats = (f64, f64, f64);
    /// One further value; its log density.
    type Outcome = f64;

    fn observe(&mut self, x: f64) -> Result<()> {
        NormalGamma::observe(self, x)
    }
    fn update_batch(&mut self, xs: &[f64]) -> Result<()> {
        NormalGamma::update_batch(self, xs)
    }
    fn update(&mut self, &(n, mean, ss): &(f64, f64, f64)) -> Result<()> {
        self.update_stats(n, mean, ss)
    }
    fn ln_marginal(&self, xs: &[f64]) -> Result<f64> {
        NormalGamma::ln_marginal(self, xs)
    }
    fn ln_predictive(&self, &x: &f64) -> Result<f64> {
        Ok(self.predictive().ln_pdf(check_finite("x", x)?))
    }
}

impl Conjugate for Dirichlet {
    /// A category index.
    type Observation = usize;
    /// Per-category counts of one sequence.
    type Data<'a> = &'a [f64];
    /// Per-category counts, possibly fractional.
    type Stats = [f64];
    /// Per-category counts of further draws, in any order (Dirichlet-multinomial).
    type Outcome = [f64];

    fn observe(&mut self, k: usize) -> Result<()> {
        Dirichlet::observe(self, k)
    }
    fn update_batch(&mut self, counts: &[f64]) -> Result<()> {
        Dirichlet::update(self, counts)
    }
    fn update(&mut self, counts: &[f64]) -> Result<()> {
        Dirichlet::update(self, counts)
    }
    fn ln_marginal(&self, counts: &[f64]) -> Result<f64> {
        Dirichlet::ln_marginal(self, counts)
    }
    fn ln_predictive(&self, counts: &[f64]) -> Result<f64> {
        Dirichlet::ln_predictive(self, counts)
    }
}

// ---------------------------------------------------------------- UnivariatePosterior

impl UnivariatePosterior for Beta {
    type Marginal = Beta;
    fn marginal(&self) -> Beta {
        *self
    }
}

impl UnivariatePosterior for Gamma {
    type Marginal = Gamma;
    fn marginal(&self) -> Gamma {
        *self
    }
}

impl UnivariatePosterior for NormalKnownVariance {
    type Marginal = Normal;
    fn marginal(&self) -> Normal {
        self.mean()
    }
}

impl UnivariatePosterior for NormalGamma {
    type Marginal = StudentT;
    fn marginal(&self) -> StudentT {
        self.mean_marginal()
    }
}
