use crate::error::{Error, Result};

/// Bayes' rule over a finite set of hypotheses, kept in log space.
///
/// Holds the normalised log posterior of n hypotheses and the accumulated log
/// evidence ln p(data) of everything observed so far.
///
/// # Example: the fire alarm
/// ```
/// use bayeskit::Hypotheses;
/// // P(fire) = 1%, P(alarm | fire) = 0.9, P(alarm | no fire) = 0.05.
/// let mut h = Hypotheses::from_probabilities(&[0.01, 0.99])?;
/// h.update_likelihood(&[0.9, 0.05])?;
/// let mut post = [0.0; 2];
/// h.posterior(&mut post)?;
/// assert!((post[0] - 0.009 / (0.009 + 0.0495)).abs() < 1e-15);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hypotheses {
    ln_post: Vec<f64>,
    ln_evidence: f64,
}

impl Hypotheses {
    /// From prior probabilities (normalised here; they need not sum to 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty list, a negative or non-finite
    /// value, or all zeros.
    pub fn from_probabilities(prior: &[f64]) -> Result<Self> {
        if let Some(&p) = prior.iter().find(|p| !(p.is_finite() && **p >= 0.0)) {
            return Err(Error::invalid(format!(
                "prior probabilities must be finite and >= 0, got {p}"
            )));
        }
        let ln: Vec<f64> = prior.iter().map(|p| p.ln()).collect();
        Self::from_log_weights(&ln)
    }

    /// From unnormalised log prior weights (−∞ allowed: probability 0).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an empty list, NaN or +∞, or all −∞.
    pub fn from_log_weights(ln_weights: &[f64]) -> Result<Self> {
        if ln_weights.is_empty() {
            return Err(Error::invalid("need at least one hypothesis"));
        }
        check_log_values("log weight", ln_weights)?;
        let z = log_sum_exp(ln_weights);
        if z == f64::NEG_INFINITY {
            return Err(Error::invalid("all prior weights are zero"));
        }
        Ok(Hypotheses {
            ln_post: ln_weights.iter().map(|w| w - z).collect(),
            ln_evidence: 0.0,
        })
    }

    /// Number of hypotheses.
    pub fn len(&self) -> usize {
        self.ln_post.len()
    }

    /// Always false: there is at least one hypothesis.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Updates with the likelihood of the new data under each hypothesis.
    ///
    /// # Errors
    /// As [`Hypotheses::update_log_likelihood`], plus negative likelihoods.
    pub fn update_likelihood(&mut self, likelihood: &[f64]) -> Result<()> {
        self.check_len(likelihood.len())?;
        if let Some(&l) = likelihood.iter().find(|l| !(l.is_finite() && **l >= 0.0)) {
            return Err(Error::invalid(format!(
                "likelihoods must be finite and >= 0, got {l}"
            )));
        }
        self.update_with(|i| likelihood[i].ln())
    }

    /// Updates with the log likelihood of the new data under each hypothesis.
    /// Does not allocate.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a length mismatch, NaN or +∞, or data
    /// impossible under every hypothesis with positive probability; `self` is
    /// then unchanged.
    pub fn update_log_likelihood(&mut self, ln_likelihood: &[f64]) -> Result<()> {
        self.check_len(ln_likelihood.len())?;
        check_log_values("log likelihood", ln_likelihood)?;
        self.update_with(|i| ln_likelihood[i])
    }

    fn update_with(&mut self, ln_like: impl Fn(usize) -> f64) -> Result<()> {
        // 0 × anything: a hypothesis already ruled out stays ruled out.
        let joint = |post: &[f64], i: usize| {
            if post[i] == f64::NEG_INFINITY {
                f64::NEG_INFINITY
            } else {
                post[i] + ln_like(i)
            }
        };
        let n = self.len();
        let max = (0..n)
            .map(|i| joint(&self.ln_post, i))
            .fold(f64::NEG_INFINITY, f64::max);
        if max == f64::NEG_INFINITY {
            return Err(Error::invalid(
                "the data have zero likelihood under every hypothesis with prior mass",
            ));
        }
        let z = max
            + (0..n)
                .map(|i| (joint(&self.ln_post, i) - max).exp())
                .sum::<f64>()
                .ln();
        for i in 0..n {
            self.ln_post[i] = joint(&self.ln_post, i) - z;
        }
        self.ln_evidence += z;
        Ok(())
    }

    /// Writes the normalised posterior probabilities into `out`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `out` has the wrong length.
    pub fn posterior(&self, out: &mut [f64]) -> Result<()> {
        self.check_len(out.len())?;
        for (o, l) in out.iter_mut().zip(&self.ln_post) {
            *o = l.exp();
        }
        Ok(())
    }

    /// The normalised log posterior.
    pub fn ln_posterior(&self) -> &[f64] {
        &self.ln_post
    }

    /// Index of the maximum a posteriori hypothesis (the first on ties).
    pub fn map(&self) -> usize {
        let mut best = 0;
        for (i, &l) in self.ln_post.iter().enumerate() {
            if l > self.ln_post[best] {
                best = i;
            }
        }
        best
    }

    /// ln p(all data observed so far), under the original prior.
    pub fn ln_evidence(&self) -> f64 {
        self.ln_evidence
    }

    fn check_len(&self, n: usize) -> Result<()> {
        crate::error::check_len("input", n, self.len())
    }
}

fn check_log_values(what: &str, xs: &[f64]) -> Result<()> {
    match xs.iter().find(|x| x.is_nan() || **x == f64::INFINITY) {
        Some(x) => Err(Error::invalid(format!("{what} must not be NaN or +inf, got {x}"))),
        None => Ok(()),
    }
}

/// ln Σ exp(xᵢ), stable; −∞ for an empty slice or all −∞.
pub(crate) fn log_sum_exp(xs: &[f64]) -> f64 {
    let max = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    max + xs.iter().map(|x| (x - max).exp()).sum::<f64>().ln()
}
