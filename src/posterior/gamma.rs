use crate::error::{check_non_negative, check_positive, Error, Result};
use crate::special::{gamma_inc, gamma_inc_inv, ln_gamma};
use crate::Rng;
use rand_distr::Distribution;

/// A Gamma(shape a, rate b) distribution: the conjugate posterior of a Poisson
/// rate observed with exposure (counts per unit of time, visits per venue-day).
///
/// Invariant: shape and rate are finite and > 0.
///
/// # Example
/// ```
/// use bayeskit::Gamma;
/// let mut rate = Gamma::new(1.0, 1.0)?;
/// rate.update(12.0, 4.0)?;                  // 12 visits in 4 days
/// assert_eq!(rate.mean(), 13.0 / 5.0);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gamma {
    shape: f64,
    rate: f64,
}

impl Gamma {
    /// A Gamma(shape, rate) distribution.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless both are finite and > 0.
    pub fn new(shape: f64, rate: f64) -> Result<Self> {
        Ok(Gamma {
            shape: check_positive("shape", shape)?,
            rate: check_positive("rate", rate)?,
        })
    }

    /// The shape parameter a.
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The rate parameter b (inverse scale).
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// Observes one count over unit exposure.
    pub fn observe(&mut self, count: u64) {
        self.shape += count as f64;
        self.rate += 1.0;
    }

    /// Adds a (possibly weighted, fractional) total `count` observed over
    /// total `exposure`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for negative or non-finite values; `self` is
    /// then unchanged.
    pub fn update(&mut self, count: f64, exposure: f64) -> Result<()> {
        let c = check_non_negative("count", count)?;
        let e = check_non_negative("exposure", exposure)?;
        *self = Gamma::new(self.shape + c, self.rate + e)?;
        Ok(())
    }

    /// Observes a batch of counts, each with its exposure.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for mismatched lengths or a bad value;
    /// `self` is then unchanged.
    pub fn update_batch(&mut self, counts: &[f64], exposures: &[f64]) -> Result<()> {
        let (c, e) = sum_counts_exposures(counts, exposures)?;
        self.update(c, e)
    }

    /// Mean a / b.
    pub fn mean(&self) -> f64 {
        self.shape / self.rate
    }

    /// Variance a / b².
    pub fn variance(&self) -> f64 {
        // (a/b)/b: b² alone underflows or overflows for rates beyond 1e±154.
        self.shape / self.rate / self.rate
    }

    /// Mode (a − 1) / b for a ≥ 1, else 0 (the density is decreasing).
    pub fn mode(&self) -> f64 {
        ((self.shape - 1.0) / self.rate).max(0.0)
    }

    /// Log density at `x` (−∞ for x < 0).
    pub fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            return f64::NEG_INFINITY;
        }
        self.shape * self.rate.ln() + (self.shape - 1.0) * x.ln() - self.rate * x - ln_gamma(self.shape)
    }

    /// Cumulative distribution function P(X ≤ x).
    pub fn cdf(&self, x: f64) -> f64 {
        if x.is_nan() {
            return f64::NAN;
        }
        gamma_inc(self.shape, (self.rate * x).max(0.0))
    }

    /// The quantile: the x with P(X ≤ x) = p (p = 1 gives +∞).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for p outside [0, 1], or a quantile beyond
    /// the largest double (Gamma(1e308, rate 1e-308) has all its mass near
    /// 10⁶¹⁶); [`Error::NoConvergence`] if the root finder cannot reach full
    /// accuracy.
    pub fn quantile(&self, p: f64) -> Result<f64> {
        let x = gamma_inc_inv(self.shape, super::check_p(p)?)? / self.rate;
        if x.is_infinite() && p < 1.0 {
            return Err(Error::invalid(format!(
                "the {p} quantile of Gamma(shape {}, rate {}) is beyond the largest double",
                self.shape, self.rate
            )));
        }
        Ok(x)
    }

    /// Equal-tailed credible interval holding probability `level`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless 0 < level < 1.
    pub fn interval(&self, level: f64) -> Result<(f64, f64)> {
        super::equal_tailed(level, |p| self.quantile(p))
    }

    /// Posterior predictive (negative binomial) log probability of `k` events
    /// over a further `exposure`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless exposure is finite and > 0.
    pub fn ln_predictive(&self, k: u64, exposure: f64) -> Result<f64> {
        let t = check_positive("exposure", exposure)?;
        let (a, b, k) = (self.shape, self.rate, k as f64);
        Ok(ln_gamma(a + k) - ln_gamma(a) - ln_gamma(k + 1.0)
            + a * (b / (b + t)).ln()
            + k * (t / (b + t)).ln())
    }

    /// Log marginal likelihood of Poisson counts `counts[i]` observed over
    /// `exposures[i]`, with `self` as the prior (the full likelihood,
    /// including the Π tᵏ/k! terms).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for mismatched lengths, negative or
    /// non-integer counts, or non-positive exposures.
    pub fn ln_marginal(&self, counts: &[f64], exposures: &[f64]) -> Result<f64> {
        let (sum_k, sum_t) = sum_counts_exposures(counts, exposures)?;
        let mut data_terms = 0.0;
        for (&k, &t) in counts.iter().zip(exposures) {
            if k.fract() != 0.0 {
                return Err(Error::invalid(format!(
                    "Poisson count must be an integer, got {k}"
                )));
            }
            if t <= 0.0 {
                return Err(Error::invalid(format!("exposure must be > 0, got {t}")));
            }
            data_terms += k * t.ln() - ln_gamma(k + 1.0);
        }
        let (a, b) = (self.shape, self.rate);
        Ok(data_terms + a * b.ln() - ln_gamma(a) + ln_gamma(a + sum_k) - (a + sum_k) * (b + sum_t).ln())
    }

    /// One draw from the distribution.
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        rand_distr::Gamma::new(self.shape, 1.0 / self.rate)
            .map(|d| d.sample(&mut rng.0))
            .unwrap_or(f64::NAN)
    }
}

fn sum_counts_exposures(counts: &[f64], exposures: &[f64]) -> Result<(f64, f64)> {
    if counts.len() != exposures.len() {
        return Err(Error::invalid(format!(
            "counts has {} values but exposures has {}",
            counts.len(),
            exposures.len()
        )));
    }
    let mut c = 0.0;
    let mut e = 0.0;
    for (&k, &t) in counts.iter().zip(exposures) {
        c += check_non_negative("count", k)?;
        e += check_non_negative("exposure", t)?;
    }
    Ok((c, e))
}
