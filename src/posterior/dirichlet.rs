use super::Beta;
use crate::error::{check_len, check_non_negative, check_positive, Error, Result};
use crate::rng::ln_gamma_draw;
use crate::special::ln_gamma;
use crate::Rng;

/// A Dirichlet(α₁, …, α_K) distribution: the conjugate posterior of category
/// probabilities under categorical/multinomial observations (1–5 star
/// ratings, positive/negative/mixed).
///
/// Invariant: K ≥ 2 and every αₖ is finite and > 0. Each marginal is
/// Beta(αₖ, A − αₖ) with A = Σα, which gives per-category quantiles and intervals.
///
/// # Example
/// ```
/// use bayeskit::Dirichlet;
/// let mut stars = Dirichlet::new(&[1.0; 5])?;
/// stars.update(&[0.0, 1.0, 2.0, 10.0, 30.0])?;
/// assert!((stars.mean(4)? - 31.0 / 48.0).abs() < 1e-15);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dirichlet {
    alpha: Vec<f64>,
}

impl Dirichlet {
    /// A Dirichlet with concentration `alpha` (K ≥ 2 values).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for fewer than 2 categories or a value that
    /// is not finite and > 0.
    pub fn new(alpha: &[f64]) -> Result<Self> {
        if alpha.len() < 2 {
            return Err(Error::invalid(format!(
                "need at least 2 categories, got {}",
                alpha.len()
            )));
        }
        for &a in alpha {
            check_positive("alpha", a)?;
        }
        Ok(Dirichlet {
            alpha: alpha.to_vec(),
        })
    }

    /// The concentration parameters.
    pub fn alpha(&self) -> &[f64] {
        &self.alpha
    }

    /// Number of categories K.
    pub fn categories(&self) -> usize {
        self.alpha.len()
    }

    /// A = Σαₖ.
    pub fn alpha_sum(&self) -> f64 {
        self.alpha.iter().sum()
    }

    /// Observes one draw of category `k`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `k` is out of range.
    pub fn observe(&mut self, k: usize) -> Result<()> {
        self.check_category(k)?;
        self.alpha[k] += 1.0;
        Ok(())
    }

    /// Adds (possibly weighted, fractional) counts per category. Does not allocate.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a length mismatch or a negative or
    /// non-finite count; `self` is then unchanged.
    pub fn update(&mut self, counts: &[f64]) -> Result<()> {
        check_len("counts", counts.len(), self.alpha.len())?;
        for (&c, &a) in counts.iter().zip(&self.alpha) {
            check_non_negative("count", c)?;
            check_positive("alpha + count", a + c)?;
        }
        for (a, c) in self.alpha.iter_mut().zip(counts) {
            *a += c;
        }
        Ok(())
    }

    fn check_category(&self, k: usize) -> Result<()> {
        if k < self.alpha.len() {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "category {k} out of range 0..{}",
                self.alpha.len()
            )))
        }
    }

    /// The Beta marginal of category `k`: Beta(αₖ, A − αₖ).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `k` is out of range.
    pub fn marginal(&self, k: usize) -> Result<Beta> {
        self.check_category(k)?;
        Beta::new(self.alpha[k], self.alpha_sum() - self.alpha[k])
    }

    /// Posterior mean of category `k`'s probability, αₖ / A (also the
    /// predictive probability that the next observation is `k`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `k` is out of range.
    pub fn mean(&self, k: usize) -> Result<f64> {
        self.check_category(k)?;
        Ok(self.alpha[k] / self.alpha_sum())
    }

    /// Variance of category `k`'s probability.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `k` is out of range.
    pub fn variance(&self, k: usize) -> Result<f64> {
        Ok(self.marginal(k)?.variance())
    }

    /// Writes the mode (αₖ − 1)/(A − K) into `out` and returns `true`; returns
    /// `false` (leaving `out` untouched) unless every αₖ > 1, when the density has
    /// no interior maximum.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `out` has the wrong length.
    pub fn mode(&self, out: &mut [f64]) -> Result<bool> {
        check_len("out", out.len(), self.alpha.len())?;
        if self.alpha.iter().any(|&a| a <= 1.0) {
            return Ok(false);
        }
        let denom = self.alpha_sum() - self.alpha.len() as f64;
        for (o, a) in out.iter_mut().zip(&self.alpha) {
            *o = (a - 1.0) / denom;
        }
        Ok(true)
    }

    /// Quantile `p` of category `k`'s marginal probability.
    ///
    /// # Errors
    /// As [`Beta::quantile`], plus an out-of-range `k`.
    pub fn quantile(&self, k: usize, p: f64) -> Result<f64> {
        self.marginal(k)?.quantile(p)
    }

    /// Equal-tailed credible interval of category `k`'s probability.
    ///
    /// # Errors
    /// As [`Beta::interval`], plus an out-of-range `k`.
    pub fn interval(&self, k: usize, level: f64) -> Result<(f64, f64)> {
        self.marginal(k)?.interval(level)
    }

    /// Posterior predictive (Dirichlet-multinomial) log probability of the
    /// count vector `counts` in n = Σcounts further draws, in any order
    /// (multinomial coefficient included).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a length mismatch or a negative,
    /// non-finite or non-integer count.
    pub fn ln_predictive(&self, counts: &[f64]) -> Result<f64> {
        self.check_counts(counts, true)?;
        let n: f64 = counts.iter().sum();
        let ln_coef = ln_gamma(n + 1.0) - counts.iter().map(|&c| ln_gamma(c + 1.0)).sum::<f64>();
        Ok(ln_coef + self.ln_marginal(counts)?)
    }

    /// Log marginal likelihood of one particular sequence with the given
    /// per-category counts, `self` as prior:
    /// ln Γ(A) − ln Γ(A + n) + Σ [ln Γ(αₖ + nₖ) − ln Γ(αₖ)]
    /// (no multinomial coefficient).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a length mismatch or a negative or
    /// non-finite count.
    pub fn ln_marginal(&self, counts: &[f64]) -> Result<f64> {
        self.check_counts(counts, false)?;
        let a = self.alpha_sum();
        let n: f64 = counts.iter().sum();
        let per: f64 = self
            .alpha
            .iter()
            .zip(counts)
            .map(|(&ak, &c)| ln_gamma(ak + c) - ln_gamma(ak))
            .sum();
        Ok(ln_gamma(a) - ln_gamma(a + n) + per)
    }

    fn check_counts(&self, counts: &[f64], integer: bool) -> Result<()> {
        check_len("counts", counts.len(), self.alpha.len())?;
        for &c in counts {
            check_non_negative("count", c)?;
            if integer && c.fract() != 0.0 {
                return Err(Error::invalid(format!("counts must be integers, got {c}")));
            }
        }
        Ok(())
    }

    /// Writes one draw of the probability vector into `out` (no allocation).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `out` has the wrong length.
    pub fn sample(&self, rng: &mut Rng, out: &mut [f64]) -> Result<()> {
        check_len("out", out.len(), self.alpha.len())?;
        // Independent Gamma(αₖ, 1) draws normalised in log space, so tiny
        // concentrations (whose draws underflow to 0) still give a point on the simplex.
        let mut max = f64::NEG_INFINITY;
        for (o, &a) in out.iter_mut().zip(&self.alpha) {
            *o = ln_gamma_draw(a, rng);
            max = max.max(*o);
        }
        let mut total = 0.0;
        for o in out.iter_mut() {
            *o = (*o - max).exp();
            total += *o;
        }
        for o in out.iter_mut() {
            *o /= total;
        }
        Ok(())
    }
}
