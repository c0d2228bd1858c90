//! Applying a fitted prior: each row's posterior Dirichlet(α + counts), its means,
//! credible intervals and a score to rank rows by.

use crate::error::{check_len, check_level, check_positive, Error, Result};
use crate::posterior::Beta;

/// What to rank rows by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RankBy {
    /// The posterior mean of category `k`.
    Mean(usize),
    /// The lower end of the equal-tailed credible interval of category `k` at `level`:
    /// a row needs both a high rate and enough evidence to rank high, which is what
    /// separates a venue with 3 reviews from one with 3,000.
    Lower {
        /// The category.
        k: usize,
        /// Credible level in (0, 1), e.g. 0.95.
        level: f64,
    },
}

/// A Dirichlet prior α applied to rows of counts. Every method works on a
/// caller's row and buffer, without allocating.
///
/// # Example: 3 reviews against 3,000
/// ```
/// use bayeskit::dirichlet_fit::{Prior, RankBy};
/// // (negative, positive) prior fitted elsewhere: mean positive rate 0.8, A = 10.
/// let prior = Prior::new(&[2.0, 8.0])?;
/// let few = [0, 3];        // 3 of 3 positive
/// let many = [300, 2700];  // 2,700 of 3,000 positive
/// let by = RankBy::Lower { k: 1, level: 0.9 };
/// // Shrunk towards 0.8, the 3/3 venue no longer beats the well-evidenced 0.9.
/// assert!(prior.score(&few, by)? < prior.score(&many, by)?);
/// let mut mean = [0.0; 2];
/// prior.posterior_mean(&few, &mut mean)?;
/// assert!((mean[1] - 11.0 / 13.0).abs() < 1e-15);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    alpha: Vec<f64>,
    alpha_sum: f64,
}

impl Prior {
    /// A prior from α (K ≥ 2 finite positive values).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for fewer than 2 categories or a value that is not
    /// finite and positive (a dropped category's α = 0, or the infinite α of a fit
    /// without over-dispersion, cannot be applied as a Dirichlet).
    pub fn new(alpha: &[f64]) -> Result<Self> {
        if alpha.len() < 2 {
            return Err(Error::invalid(format!(
                "need at least 2 categories, got {}",
                alpha.len()
            )));
        }
        for (k, &a) in alpha.iter().enumerate() {
            check_positive(&format!("alpha[{k}]"), a)?;
        }
        let alpha_sum: f64 = alpha.iter().sum();
        if !alpha_sum.is_finite() {
            return Err(Error::invalid(format!(
                "the alphas sum to {alpha_sum} (each is finite, the sum overflows): scale them down"
            )));
        }
        Ok(Prior {
            alpha: alpha.to_vec(),
            alpha_sum,
        })
    }

    /// α.
    pub fn alpha(&self) -> &[f64] {
        &self.alpha
    }

    /// Number of categories K.
    pub fn categories(&self) -> usize {
        self.alpha.len()
    }

    fn check_row(&self, counts: &[u64]) -> Result<f64> {
        check_len("counts", counts.len(), self.alpha.len())?;
        Ok(counts.iter().map(|&c| c as f64).sum())
    }

    fn check_category(&self, k: usize) -> Result<()> {
        if k < self.alpha.len() {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "category {k} out of range (K = {})",
                self.alpha.len()
            )))
        }
    }

    /// Writes the posterior means (α_k + x_k)/(A + n) into `out`.
    pub fn posterior_mean(&self, counts: &[u64], out: &mut [f64]) -> Result<()> {
        let n = self.check_row(counts)?;
        check_len("out", out.len(), self.alpha.len())?;
        let denom = self.alpha_sum + n;
        for ((o, &a), &c) in out.iter_mut().zip(&self.alpha).zip(counts) {
            *o = (a + c as f64) / denom;
        }
        Ok(())
    }

    /// The posterior marginal of category `k`: Beta(α_k + x_k, Σ_{j≠k} (α_j + x_j)).
    ///
    /// The second shape is summed over the other categories rather than formed as
    /// A + n − α_k − x_k, which would lose it to rounding when it is tiny.
    pub fn marginal(&self, counts: &[u64], k: usize) -> Result<Beta> {
        self.check_row(counts)?;
        self.check_category(k)?;
        let mut rest_alpha = 0.0;
        let mut rest_counts = 0.0;
        for (j, (&a, &c)) in self.alpha.iter().zip(counts).enumerate() {
            if j != k {
                rest_alpha += a;
                rest_counts += c as f64;
            }
        }
        Beta::new(self.alpha[k] + counts[k] as f64, rest_alpha + rest_counts)
    }

    /// Equal-tailed credible interval of category `k`'s probability at `level`.
    pub fn interval(&self, counts: &[u64], k: usize, level: f64) -> Result<(f64, f64)> {
        check_level(level)?;
        self.marginal(counts, k)?.interval(level)
    }

    /// The row's ranking score (higher ranks first).
    pub fn score(&self, counts: &[u64], by: RankBy) -> Result<f64> {
        match by {
            RankBy::Mean(k) => Ok(self.marginal(counts, k)?.mean()),
            RankBy::Lower { k, level } => self
                .marginal(counts, k)?
                .quantile((1.0 - check_level(level)?) / 2.0),
        }
    }
}
