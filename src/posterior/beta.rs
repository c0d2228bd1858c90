use crate::error::{check_non_negative, check_positive, Error, Result};
use crate::special::{beta_inc, beta_inc_inv, ln_beta, ln_gamma};
use crate::Rng;
use rand_distr::Distribution;

/// A Beta(α, β) distribution: the conjugate posterior of a success rate under
/// Bernoulli/binomial observations.
///
/// Invariant: α and β are finite and > 0.
///
/// # Example
/// ```
/// use bayeskit::Beta;
/// let mut p = Beta::new(1.0, 1.0)?;          // uniform prior on a like-rate
/// p.update(3.0, 10.0)?;                      // 3 likes, 10 dislikes
/// assert_eq!((p.alpha(), p.beta()), (4.0, 11.0));
/// let (lo, hi) = p.interval(0.95)?;
/// assert!(lo < p.mean() && p.mean() < hi);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta {
    alpha: f64,
    beta: f64,
}

impl Beta {
    /// A Beta(α, β) distribution.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless both parameters are finite and > 0.
    pub fn new(alpha: f64, beta: f64) -> Result<Self> {
        Ok(Beta {
            alpha: check_positive("alpha", alpha)?,
            beta: check_positive("beta", beta)?,
        })
    }

    /// The first shape parameter α (prior successes + observed successes).
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The second shape parameter β.
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// Observes one Bernoulli trial.
    pub fn observe(&mut self, success: bool) {
        if success {
            self.alpha += 1.0;
        } else {
            self.beta += 1.0;
        }
    }

    /// Observes a batch of Bernoulli trials.
    pub fn observe_batch(&mut self, outcomes: &[bool]) {
        let s = outcomes.iter().filter(|&&o| o).count();
        self.alpha += s as f64;
        self.beta += (outcomes.len() - s) as f64;
    }

    /// Adds (possibly fractional, weighted) pseudo-counts of successes and failures.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if a count is negative or not finite, or the
    /// result would overflow; `self` is then unchanged.
    pub fn update(&mut self, successes: f64, failures: f64) -> Result<()> {
        let s = check_non_negative("successes", successes)?;
        let f = check_non_negative("failures", failures)?;
        *self = Beta::new(self.alpha + s, self.beta + f)?;
        Ok(())
    }

    /// Posterior mean α / (α + β).
    pub fn mean(&self) -> f64 {
        // α/(α + β), the same double as every other posterior mean of the
        // crate; 1/(1 + β/α) where α + β overflows (shapes near f64::MAX).
        let s = self.alpha + self.beta;
        if s.is_finite() {
            self.alpha / s
        } else {
            1.0 / (1.0 + self.beta / self.alpha)
        }
    }

    /// Variance αβ / ((α+β)²(α+β+1)) = m(1 − m)/(α + β + 1), with m the mean.
    ///
    /// Computed so that neither the products of tiny shapes underflow nor the
    /// sums of huge ones overflow: Beta(1e308, 1e308) has variance
    /// 0.25/(2·10³⁰⁸ + 1) and Beta(1e-170, 1e-170) has 0.25.
    pub fn variance(&self) -> f64 {
        let (lo, hi) = if self.alpha <= self.beta {
            (self.alpha, self.beta)
        } else {
            (self.beta, self.alpha)
        };
        // m(1 − m) with both factors from the ratio of the shapes, then
        // 1/(α + β + 1) = (1/hi)/(1 + lo/hi + 1/hi).
        let r = lo / hi;
        let m_lo = 1.0 / (1.0 + 1.0 / r);
        let m_hi = 1.0 / (1.0 + r);
        let inv = if hi >= 1.0 {
            (1.0 / hi) / (1.0 + r + 1.0 / hi)
        } else {
            1.0 / (lo + hi + 1.0)
        };
        // m(1 − m) ≤ ¼ also after rounding (it reached 0.25 + 1 ulp for α ≈ β).
        (m_lo * m_hi).min(0.25) * inv
    }

    /// The mode, or `None` where the density has no unique maximum
    /// (α ≤ 1 and β ≤ 1: uniform or U-shaped). A density that is monotone
    /// on (0, 1) has its mode at the boundary 0 or 1.
    pub fn mode(&self) -> Option<f64> {
        match (self.alpha > 1.0, self.beta > 1.0) {
            (true, true) => Some((self.alpha - 1.0) / (self.alpha + self.beta - 2.0)),
            (false, true) => Some(0.0),
            (true, false) => Some(1.0),
            (false, false) => None,
        }
    }

    /// Log density at `x` (−∞ outside [0, 1]).
    pub fn ln_pdf(&self, x: f64) -> f64 {
        if !(0.0..=1.0).contains(&x) {
            return f64::NEG_INFINITY;
        }
        (self.alpha - 1.0) * x.ln() + (self.beta - 1.0) * (-x).ln_1p() - ln_beta(self.alpha, self.beta)
    }

    /// Cumulative distribution function P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        beta_inc(self.alpha, self.beta, x.clamp(0.0, 1.0))
    }

    /// The quantile: the x with P(X ≤ x) = p.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for p outside [0, 1];
    /// [`Error::NoConvergence`] if the root finder cannot reach full accuracy.
    pub fn quantile(&self, p: f64) -> Result<f64> {
        beta_inc_inv(self.alpha, self.beta, super::check_p(p)?)
    }

    /// Equal-tailed credible interval holding probability `level`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless 0 < level < 1.
    pub fn interval(&self, level: f64) -> Result<(f64, f64)> {
        super::equal_tailed(level, |p| self.quantile(p))
    }

    /// Posterior predictive (beta-binomial) log probability of `k` successes
    /// in `n` further trials.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if k > n.
    pub fn ln_predictive(&self, k: u64, n: u64) -> Result<f64> {
        if k > n {
            return Err(Error::invalid(format!("k = {k} exceeds n = {n}")));
        }
        let (k, n) = (k as f64, n as f64);
        let ln_choose = ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0);
        Ok(ln_choose + ln_beta(self.alpha + k, self.beta + n - k) - ln_beta(self.alpha, self.beta))
    }

    /// Log marginal likelihood (evidence) of one particular sequence holding
    /// `successes` and `failures`, with `self` as the prior:
    /// ln B(α+s, β+f) − ln B(α, β). The binomial coefficient is not included
    /// (add ln C(s+f, s) for the probability of the counts in any order).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for negative or non-finite counts.
    pub fn ln_marginal(&self, successes: f64, failures: f64) -> Result<f64> {
        let s = check_non_negative("successes", successes)?;
        let f = check_non_negative("failures", failures)?;
        Ok(ln_beta(self.alpha + s, self.beta + f) - ln_beta(self.alpha, self.beta))
    }

    /// One draw from the distribution.
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        // Parameters are validated, so construction cannot fail.
        rand_distr::Beta::new(self.alpha, self.beta)
            .map(|d| d.sample(&mut rng.0))
            .unwrap_or(f64::NAN)
    }
}
