use crate::error::{check_finite, check_non_negative, check_positive, Error, Result};
use crate::special::{norm_cdf, norm_ppf};
use crate::Rng;
use rand_distr::Distribution;

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// A Normal(μ, σ) distribution.
///
/// Invariant: μ finite, σ finite and > 0.
///
/// # Example
/// ```
/// use bayeskit::Normal;
/// let n = Normal::new(0.0, 1.0)?;
/// assert!((n.quantile(0.975)? - 1.959963984540054).abs() < 1e-12);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normal {
    mu: f64,
    sigma: f64,
}

impl Normal {
    /// A Normal with mean `mu` and standard deviation `sigma`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless μ is finite and σ finite and > 0.
    pub fn new(mu: f64, sigma: f64) -> Result<Self> {
        Ok(Normal {
            mu: check_finite("mu", mu)?,
            sigma: check_positive("sigma", sigma)?,
        })
    }

    /// The mean μ (also the median and mode).
    pub fn mean(&self) -> f64 {
        self.mu
    }

    /// The standard deviation σ.
    pub fn std_dev(&self) -> f64 {
        self.sigma
    }

    /// The variance σ².
    pub fn variance(&self) -> f64 {
        self.sigma * self.sigma
    }

    /// Log density at `x`.
    pub fn ln_pdf(&self, x: f64) -> f64 {
        let z = (x - self.mu) / self.sigma;
        -0.5 * z * z - self.sigma.ln() - LN_SQRT_2PI
    }

    /// Cumulative distribution function P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        norm_cdf((x - self.mu) / self.sigma)
    }

    /// The quantile: the x with P(X ≤ x) = p (±∞ at p = 0, 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for p outside [0, 1].
    pub fn quantile(&self, p: f64) -> Result<f64> {
        Ok(self.mu + self.sigma * norm_ppf(super::check_p(p)?)?)
    }

    /// Equal-tailed interval holding probability `level`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless 0 < level < 1.
    pub fn interval(&self, level: f64) -> Result<(f64, f64)> {
        super::equal_tailed(level, |p| self.quantile(p))
    }

    /// One draw.
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        rand_distr::Normal::new(self.mu, self.sigma)
            .map(|d| d.sample(&mut rng.0))
            .unwrap_or(f64::NAN)
    }
}

/// The posterior of an unknown mean μ when observations are Normal(μ, σ²) with
/// σ² known: μ ~ Normal(m, s²), conjugate.
///
/// # Example
/// ```
/// use bayeskit::NormalKnownVariance;
/// let mut post = NormalKnownVariance::new(0.0, 10.0, 1.0)?; // prior N(0, 10²), noise sd 1
/// post.update_batch(&[4.8, 5.1, 5.3])?;
/// assert!((post.mean().mean() - 5.06).abs() < 0.05);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormalKnownVariance {
    mean: Normal,
    noise_sd: f64,
}

impl NormalKnownVariance {
    /// Prior μ ~ Normal(`prior_mean`, `prior_sd`²), observation noise sd `noise_sd`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite mean or non-positive sd.
    pub fn new(prior_mean: f64, prior_sd: f64, noise_sd: f64) -> Result<Self> {
        Ok(NormalKnownVariance {
            mean: Normal::new(prior_mean, prior_sd)?,
            noise_sd: check_positive("noise_sd", noise_sd)?,
        })
    }

    /// The current distribution of μ.
    pub fn mean(&self) -> Normal {
        self.mean
    }

    /// The known observation standard deviation σ.
    pub fn noise_sd(&self) -> f64 {
        self.noise_sd
    }

    /// Observes `n` (possibly fractional: a weight) observations whose average is `xbar`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for non-finite values or negative `n`;
    /// `self` is then unchanged.
    pub fn update_stats(&mut self, n: f64, xbar: f64) -> Result<()> {
        let n = check_non_negative("n", n)?;
        let xbar = check_finite("xbar", xbar)?;
        let prior_prec = 1.0 / self.mean.variance();
        let data_prec = n / (self.noise_sd * self.noise_sd);
        let prec = prior_prec + data_prec;
        let mu = (prior_prec * self.mean.mu + data_prec * xbar) / prec;
        self.mean = Normal::new(mu, prec.sqrt().recip())?;
        Ok(())
    }

    /// Observes one value.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite value.
    pub fn observe(&mut self, x: f64) -> Result<()> {
        self.update_stats(1.0, x)
    }

    /// Observes a batch of values.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty batch or a non-finite value.
    pub fn update_batch(&mut self, xs: &[f64]) -> Result<()> {
        if xs.is_empty() {
            return Ok(());
        }
        let mut sum = 0.0;
        for &x in xs {
            sum += check_finite("observation", x)?;
        }
        self.update_stats(xs.len() as f64, sum / xs.len() as f64)
    }

    /// The posterior predictive distribution of one new observation:
    /// Normal(m, s² + σ²).
    pub fn predictive(&self) -> Normal {
        let sd = (self.mean.variance() + self.noise_sd * self.noise_sd).sqrt();
        Normal {
            mu: self.mean.mu,
            sigma: sd,
        }
    }

    /// Log marginal likelihood of the observations `xs`, with `self` as the
    /// prior (the product of sequential predictive densities, which equals the
    /// joint Gaussian density).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite value.
    pub fn ln_marginal(&self, xs: &[f64]) -> Result<f64> {
        let mut state = *self;
        let mut total = 0.0;
        for &x in xs {
            if !x.is_finite() {
                return Err(Error::invalid(format!("observation must be finite, got {x}")));
            }
            total += state.predictive().ln_pdf(x);
            state.observe(x)?;
        }
        Ok(total)
    }
}
