use super::Gamma;
use crate::error::{check_finite, check_non_negative, check_positive, shown, Error, Result};
use crate::rng::ln_gamma_draw;
use crate::special::{beta_inc, beta_inc_inv, ln_gamma};
use crate::Rng;
use rand_distr::Distribution;

/// A location-scale Student-t distribution with ν degrees of freedom.
///
/// Invariant: ν and scale finite and > 0, loc finite.
///
/// # Example
/// ```
/// use bayeskit::StudentT;
/// let t = StudentT::new(5.0, 0.0, 1.0)?;
/// assert!((t.quantile(0.975)? - 2.570581835636314).abs() < 1e-10);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StudentT {
    df: f64,
    loc: f64,
    scale: f64,
}

impl StudentT {
    /// Student-t with `df` degrees of freedom, location `loc` and scale `scale`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for non-finite or non-positive df/scale.
    pub fn new(df: f64, loc: f64, scale: f64) -> Result<Self> {
        Ok(StudentT {
            df: check_positive("df", df)?,
            loc: check_finite("loc", loc)?,
            scale: check_positive("scale", scale)?,
        })
    }

    /// Degrees of freedom ν.
    pub fn df(&self) -> f64 {
        self.df
    }

    /// Location (the median and mode).
    pub fn loc(&self) -> f64 {
        self.loc
    }

    /// Scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// Mean (= loc), `None` for ν ≤ 1.
    pub fn mean(&self) -> Option<f64> {
        (self.df > 1.0).then_some(self.loc)
    }

    /// Variance scale²·ν/(ν − 2), `None` for ν ≤ 2 (infinite or undefined).
    pub fn variance(&self) -> Option<f64> {
        (self.df > 2.0).then(|| self.scale * self.scale * self.df / (self.df - 2.0))
    }

    /// Log density at `x`.
    pub fn ln_pdf(&self, x: f64) -> f64 {
        let nu = self.df;
        let z = (x - self.loc) / self.scale;
        ln_gamma(0.5 * (nu + 1.0))
            - ln_gamma(0.5 * nu)
            - 0.5 * (nu * std::f64::consts::PI).ln()
            - self.scale.ln()
            - 0.5 * (nu + 1.0) * (z * z / nu).ln_1p()
    }

    /// Cumulative distribution function.
    pub fn cdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        if z.is_nan() {
            return f64::NAN;
        }
        let nu = self.df;
        // Tail: P(T < −|z|) = ½ I_{ν/(ν+z²)}(ν/2, ½).
        let tail = 0.5 * beta_inc(0.5 * nu, 0.5, nu / (nu + z * z));
        if z < 0.0 {
            tail
        } else {
            1.0 - tail
        }
    }

    /// The quantile: the x with P(X ≤ x) = p (±∞ at p = 0, 1).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for p outside [0, 1]; [`Error::NoConvergence`]
    /// from the inverse incomplete beta.
    pub fn quantile(&self, p: f64) -> Result<f64> {
        let p = super::check_p(p)?;
        let nu = self.df;
        let tail = p.min(1.0 - p);
        if tail == 0.0 {
            return Ok(if p == 0.0 {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        let z = if tail < 0.25 {
            // x = ν/(ν+z²) is small in the tail: z = √(ν(1−x)/x).
            let x = beta_inc_inv(0.5 * nu, 0.5, 2.0 * tail)?;
            (nu * (1.0 - x) / x).sqrt()
        } else {
            // Near the centre use y = z²/(ν+z²) with P(|T| < z) = I_y(½, ν/2).
            let y = beta_inc_inv(0.5, 0.5 * nu, 1.0 - 2.0 * tail)?;
            (nu * y / (1.0 - y)).sqrt()
        };
        let z = if p < 0.5 { -z } else { z };
        Ok(self.loc + self.scale * z)
    }

    /// Equal-tailed interval holding probability `level`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless 0 < level < 1.
    pub fn interval(&self, level: f64) -> Result<(f64, f64)> {
        super::equal_tailed(level, |p| self.quantile(p))
    }

    /// One draw: loc + scale·Z/√(V/ν) with Z standard normal and V
    /// chi-squared with ν degrees of freedom (V/2 a Gamma(ν/2) draw).
    ///
    /// V is drawn in log space, as [`NormalGamma::sample`] draws the
    /// precision, so a tiny ν gives a draw that saturates at ±∞ rather than
    /// NaN.
    pub fn sample(&self, rng: &mut Rng) -> f64 {
        let ln_half_v = ln_gamma_draw(0.5 * self.df, rng);
        let sd = (0.5 * (self.df.ln() - std::f64::consts::LN_2 - ln_half_v) + self.scale.ln()).exp();
        let z: f64 = rand_distr::StandardNormal.sample(&mut rng.0);
        if sd.is_finite() {
            self.loc + z * sd
        } else {
            f64::INFINITY.copysign(z)
        }
    }
}

/// The Normal–Gamma posterior of an unknown mean μ and precision τ = 1/σ²
/// of Normal observations: τ ~ Gamma(α, β), μ | τ ~ Normal(m, 1/(κτ)).
/// The marginal of μ and the predictive are Student-t.
///
/// Invariant: m finite; κ, α, β finite and > 0.
///
/// # Example
/// ```
/// use bayeskit::NormalGamma;
/// let mut p = NormalGamma::new(0.0, 0.01, 1.0, 1.0)?;
/// p.update_batch(&[4.8, 5.1, 5.3, 4.9])?;
/// let (lo, hi) = p.mean_marginal().interval(0.95)?;
/// assert!(lo < 5.0 && 5.0 < hi);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormalGamma {
    m: f64,
    kappa: f64,
    alpha: f64,
    beta: f64,
}

impl NormalGamma {
    /// Prior with mean `m`, mean pseudo-count `kappa`, precision shape `alpha` and rate `beta`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite m or non-positive κ, α, β.
    pub fn new(m: f64, kappa: f64, alpha: f64, beta: f64) -> Result<Self> {
        Ok(NormalGamma {
            m: check_finite("m", m)?,
            kappa: check_positive("kappa", kappa)?,
            alpha: check_positive("alpha", alpha)?,
            beta: check_positive("beta", beta)?,
        })
    }

    /// The parameters (m, κ, α, β).
    pub fn params(&self) -> (f64, f64, f64, f64) {
        (self.m, self.kappa, self.alpha, self.beta)
    }

    /// Observes `n` (a possibly fractional weight) values with mean `mean` and
    /// sum of squared deviations from that mean `ss`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for negative or non-finite statistics;
    /// `self` is then unchanged.
    pub fn update_stats(&mut self, n: f64, mean: f64, ss: f64) -> Result<()> {
        let n = check_non_negative("n", n)?;
        let xbar = check_finite("mean", mean)?;
        let ss = check_non_negative("ss", ss)?;
        let kn = self.kappa + n;
        let d = xbar - self.m;
        let beta = self.beta + 0.5 * ss + self.kappa * n * d * d / (2.0 * kn);
        if !beta.is_finite() {
            return Err(Error::invalid(format!(
                "the observations (mean {}) are so far from the prior mean that the posterior's \
                 beta overflows: scale the data down",
                shown(xbar)
            )));
        }
        *self = NormalGamma::new(
            (self.kappa * self.m + n * xbar) / kn,
            kn,
            self.alpha + 0.5 * n,
            beta,
        )?;
        Ok(())
    }

    /// Observes one value.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite value.
    pub fn observe(&mut self, x: f64) -> Result<()> {
        self.update_stats(1.0, x, 0.0)
    }

    /// Observes a batch of values (two-pass mean and squared deviations).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite value.
    pub fn update_batch(&mut self, xs: &[f64]) -> Result<()> {
        if xs.is_empty() {
            return Ok(());
        }
        let (n, mean, ss) = batch_stats(xs)?;
        self.update_stats(n, mean, ss)
    }

    /// The marginal posterior of μ: Student-t(2α, m, √(β/(ακ))).
    pub fn mean_marginal(&self) -> StudentT {
        StudentT {
            df: 2.0 * self.alpha,
            loc: self.m,
            scale: (self.beta / (self.alpha * self.kappa)).sqrt(),
        }
    }

    /// The marginal posterior of the precision τ: Gamma(α, β).
    pub fn precision(&self) -> Gamma {
        Gamma::new(self.alpha, self.beta).expect("validated parameters")
    }

    /// The predictive distribution of one new observation:
    /// Student-t(2α, m, √(β(κ+1)/(ακ))).
    pub fn predictive(&self) -> StudentT {
        StudentT {
            df: 2.0 * self.alpha,
            loc: self.m,
            scale: (self.beta * (self.kappa + 1.0) / (self.alpha * self.kappa)).sqrt(),
        }
    }

    /// Log marginal likelihood of `xs` with `self` as prior:
    /// ln Γ(αₙ) − ln Γ(α) + α ln β − αₙ ln βₙ + ½ ln(κ/κₙ) − (n/2) ln 2π.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a non-finite value.
    pub fn ln_marginal(&self, xs: &[f64]) -> Result<f64> {
        if xs.is_empty() {
            return Ok(0.0);
        }
        let mut post = *self;
        post.update_batch(xs)?;
        let n = xs.len() as f64;
        Ok(
            ln_gamma(post.alpha) - ln_gamma(self.alpha) + self.alpha * self.beta.ln()
                - post.alpha * post.beta.ln()
                + 0.5 * (self.kappa / post.kappa).ln()
                - 0.5 * n * (2.0 * std::f64::consts::PI).ln(),
        )
    }

    /// One joint draw (μ, σ²).
    ///
    /// With a very small α the precision can fall below the smallest double;
    /// the draw is then taken in log space and σ² (and μ − m) saturate at ±∞
    /// rather than turning into NaN.
    pub fn sample(&self, rng: &mut Rng) -> (f64, f64) {
        let ln_var = self.beta.ln() - ln_gamma_draw(self.alpha, rng);
        let sd = (0.5 * (ln_var - self.kappa.ln())).exp();
        let z: f64 = rand_distr::StandardNormal.sample(&mut rng.0);
        let mu = if sd.is_finite() {
            self.m + z * sd
        } else {
            f64::INFINITY.copysign(z)
        };
        (mu, ln_var.exp())
    }
}

fn batch_stats(xs: &[f64]) -> Result<(f64, f64, f64)> {
    let mut sum = 0.0;
    for &x in xs {
        if !x.is_finite() {
            return Err(Error::invalid(format!("observation must be finite, got {x}")));
        }
        sum += x;
    }
    let n = xs.len() as f64;
    let mean = sum / n;
    let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    if !(sum.is_finite() && ss.is_finite()) {
        let big = xs.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
        return Err(Error::invalid(format!(
            "the observations (up to {}) overflow their sum of squares: scale the data down",
            shown(big)
        )));
    }
    Ok((n, mean, ss))
}
