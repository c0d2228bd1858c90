//! Comparing two arms: P(B > A), the lift B/A − 1 and the expected loss of
//! choosing each — the questions behind an A/B test.
//!
//! Closed forms: for Gamma posteriors, P(X_B > X_A) = I_{b_A/(b_A+b_B)}(a_A, a_B)
//! for any shapes (U = b_A X_A, V = b_B X_B are unit-rate Gammas and U/(U+V) is
//! Beta(a_A, a_B)); for Beta posteriors with an integer α_B, the finite sum of
//! Evan Miller's formula. Otherwise P(B > A) = ∫ f_A(x) (1 − F_B(x)) dx by
//! adaptive Gauss–Kronrod quadrature. Expected losses use the size-biasing
//! identity `E[X·1{X > Y}] = E[X]·P(X⁺ > Y)`, where X⁺ has its shape raised by one.

use super::{Beta, Gamma};
use crate::error::{check_probability, Error, Result};
use crate::special::{beta_inc, beta_inc_c, ln_beta};
use crate::Rng;

/// The result of comparing arm B against arm A.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// P(θ_B > θ_A).
    pub prob_b_greater: f64,
    /// E[max(θ_B − θ_A, 0)]: what is lost, on average, by choosing A.
    pub expected_loss_a: f64,
    /// E[max(θ_A − θ_B, 0)]: what is lost, on average, by choosing B.
    pub expected_loss_b: f64,
}

/// A posterior that can be compared: Beta (rates in [0, 1]) or Gamma (rates in [0, ∞)).
pub trait Arm: Copy {
    /// P(other > self), exact or by quadrature.
    fn prob_greater(&self, other: &Self) -> Result<f64>;
    /// The posterior mean.
    fn arm_mean(&self) -> f64;
    /// The same family with its shape raised by one (the size-biased law).
    fn size_biased(&self) -> Self;
    /// P(other / self ≤ r) for r > 0.
    fn ratio_cdf(&self, other: &Self, r: f64) -> Result<f64>;
    /// One draw.
    fn draw(&self, rng: &mut Rng) -> f64;
}

impl Arm for Gamma {
    fn prob_greater(&self, other: &Self) -> Result<f64> {
        Ok(beta_inc(
            self.shape(),
            other.shape(),
            self.rate() / (self.rate() + other.rate()),
        ))
    }
    fn arm_mean(&self) -> f64 {
        self.mean()
    }
    fn size_biased(&self) -> Self {
        Gamma::new(self.shape() + 1.0, self.rate()).expect("shape + 1 stays valid")
    }
    fn ratio_cdf(&self, other: &Self, r: f64) -> Result<f64> {
        // P(X_B ≤ r X_A) = 1 − P(X_B > r X_A), and r X_A ~ Gamma(a_A, b_A / r).
        let ra = self.rate() / r;
        Ok(beta_inc_c(self.shape(), other.shape(), ra / (ra + other.rate())))
    }
    fn draw(&self, rng: &mut Rng) -> f64 {
        self.sample(rng)
    }
}

impl Arm for Beta {
    fn prob_greater(&self, other: &Self) -> Result<f64> {
        let (aa, ba, ab, bb) = (self.alpha(), self.beta(), other.alpha(), other.beta());
        if ab.fract() == 0.0 && ab <= 10_000.0 {
            // Σ_{i<α_B} B(α_A+i, β_A+β_B) / ((β_B+i) B(1+i, β_B) B(α_A, β_A)), in log space.
            let mut total = 0.0;
            for i in 0..ab as u64 {
                let i = i as f64;
                let ln_term =
                    ln_beta(aa + i, ba + bb) - (bb + i).ln() - ln_beta(1.0 + i, bb) - ln_beta(aa, ba);
                total += ln_term.exp();
            }
            return Ok(total.clamp(0.0, 1.0));
        }
        let v = integrate_beta(self, |x| beta_inc_c(ab, bb, x))?;
        Ok(v.clamp(0.0, 1.0))
    }
    fn arm_mean(&self) -> f64 {
        self.mean()
    }
    fn size_biased(&self) -> Self {
        Beta::new(self.alpha() + 1.0, self.beta()).expect("alpha + 1 stays valid")
    }
    fn ratio_cdf(&self, other: &Self, r: f64) -> Result<f64> {
        // P(θ_B ≤ r θ_A) = ∫ f_A(x) F_B(min(r x, 1)) dx.
        let v = integrate_beta(self, |x| other.cdf((r * x).min(1.0)))?;
        Ok(v.clamp(0.0, 1.0))
    }
    fn draw(&self, rng: &mut Rng) -> f64 {
        self.sample(rng)
    }
}

/// Compares arm B against arm A exactly (closed forms or quadrature).
///
/// # Example
/// ```
/// use bayeskit::{compare, Beta};
/// let a = Beta::new(1.0 + 20.0, 1.0 + 980.0)?;
/// let b = Beta::new(1.0 + 30.0, 1.0 + 970.0)?;
/// let c = compare(&a, &b)?;
/// assert!(c.prob_b_greater > 0.85 && c.prob_b_greater < 0.95);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// # Errors
/// [`Error::NoConvergence`] if the quadrature cannot reach its tolerance.
pub fn compare<T: Arm>(a: &T, b: &T) -> Result<Comparison> {
    let p = a.prob_greater(b)?;
    // With X⁺ the size-biased law: E[(B − A)+] = E[B] P(B⁺ > A) − E[A] P(B > A⁺),
    // and E[(A − B)+] = E[A] P(A⁺ > B) − E[B] P(A > B⁺).
    let b_plus_wins = a.prob_greater(&b.size_biased())?;
    let a_plus_wins = 1.0 - a.size_biased().prob_greater(b)?;
    let gain_b = b.arm_mean() * b_plus_wins - a.arm_mean() * (1.0 - a_plus_wins);
    let gain_a = a.arm_mean() * a_plus_wins - b.arm_mean() * (1.0 - b_plus_wins);
    Ok(Comparison {
        prob_b_greater: p,
        expected_loss_a: gain_b.max(0.0),
        expected_loss_b: gain_a.max(0.0),
    })
}

/// Estimates the same quantities by Monte Carlo with `draws` seeded draws.
///
/// # Errors
/// [`Error::InvalidArgument`] if `draws` is 0.
pub fn compare_mc<T: Arm>(a: &T, b: &T, draws: u64, rng: &mut Rng) -> Result<Comparison> {
    if draws == 0 {
        return Err(Error::invalid("draws must be > 0"));
    }
    let (mut wins, mut loss_a, mut loss_b) = (0u64, 0.0, 0.0);
    for _ in 0..draws {
        let (x, y) = (a.draw(rng), b.draw(rng));
        if y > x {
            wins += 1;
            loss_a += y - x;
        } else {
            loss_b += x - y;
        }
    }
    let n = draws as f64;
    Ok(Comparison {
        prob_b_greater: wins as f64 / n,
        expected_loss_a: loss_a / n,
        expected_loss_b: loss_b / n,
    })
}

/// A quantile of the relative lift θ_B / θ_A − 1.
///
/// # Example
/// ```
/// use bayeskit::{lift_quantile, Gamma};
/// let a = Gamma::new(100.0, 10.0)?;
/// let b = Gamma::new(120.0, 10.0)?;
/// let median = lift_quantile(&a, &b, 0.5)?;
/// assert!(median > 0.15 && median < 0.25);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for p outside (0, 1); [`Error::NoConvergence`]
/// if the quantile cannot be bracketed.
pub fn lift_quantile<T: Arm>(a: &T, b: &T, p: f64) -> Result<f64> {
    let p = check_probability("p", p)?;
    if p == 0.0 || p == 1.0 {
        return Err(Error::invalid("lift quantile needs 0 < p < 1"));
    }
    // Bisection on ln r: the ratio cdf is monotone in r.
    let (mut lo, mut hi) = (-1.0f64, 1.0f64);
    let cdf = |ln_r: f64| -> Result<f64> {
        let r = ln_r.exp();
        let v = if r > 0.0 { a.ratio_cdf(b, r)? } else { f64::NAN };
        if v.is_nan() {
            // The bracket ran past the representable ratios (p far in a tail).
            return Err(Error::NoConvergence(format!(
                "lift quantile p = {p} is beyond the range of doubles"
            )));
        }
        Ok(v)
    };
    let mut expand = 0;
    while cdf(lo)? > p {
        lo *= 2.0;
        expand += 1;
        if expand > 12 {
            return Err(Error::NoConvergence(format!(
                "cannot bracket lift quantile p = {p}"
            )));
        }
    }
    while cdf(hi)? < p {
        hi *= 2.0;
        expand += 1;
        if expand > 24 {
            return Err(Error::NoConvergence(format!(
                "cannot bracket lift quantile p = {p}"
            )));
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if hi - lo <= 1e-13 * mid.abs().max(1.0) {
            break;
        }
        if cdf(mid)? < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok((0.5 * (lo + hi)).exp() - 1.0)
}

/// The equal-tailed interval of the lift θ_B / θ_A − 1 holding probability `level`.
///
/// # Errors
/// As [`lift_quantile`], plus [`Error::InvalidArgument`] unless 0 < level < 1.
pub fn lift_interval<T: Arm>(a: &T, b: &T, level: f64) -> Result<(f64, f64)> {
    super::equal_tailed(level, |p| lift_quantile(a, b, p))
}

/// ∫₀¹ f_A(x) g(x) dx for a bounded g, split around A's bulk.
fn integrate_beta(a: &Beta, g: impl Fn(f64) -> f64) -> Result<f64> {
    let f = |x: f64| {
        let d = a.ln_pdf(x);
        if d == f64::NEG_INFINITY {
            0.0
        } else {
            d.exp() * g(x)
        }
    };
    // Break points around A's bulk, so the adaptive rule starts where the mass is
    // (a fixed array: comparisons do not allocate).
    let (m, s) = (a.mean(), a.variance().sqrt());
    let mut cuts = [0.0f64; 11];
    let mut n = 1;
    for k in [-10.0, -6.0, -3.0, -1.0, 0.0, 1.0, 3.0, 6.0, 10.0] {
        let c = m + k * s;
        if c > cuts[n - 1] && c < 1.0 {
            cuts[n] = c;
            n += 1;
        }
    }
    cuts[n] = 1.0;
    let mut total = 0.0;
    for w in cuts[..=n].windows(2) {
        total += gauss_kronrod(&f, w[0], w[1], 1e-14, 200)?;
    }
    Ok(total)
}

const XGK: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
const WGK: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_2,
    0.140_653_259_715_525_9,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_8,
];
const WG: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// Adaptive Gauss–Kronrod (7/15) on [lo, hi] to absolute tolerance `tol`.
fn gauss_kronrod(f: &impl Fn(f64) -> f64, lo: f64, hi: f64, tol: f64, depth: u32) -> Result<f64> {
    let c = 0.5 * (lo + hi);
    let h = 0.5 * (hi - lo);
    let fc = f(c);
    let mut k = WGK[7] * fc;
    let mut g = WG[3] * fc;
    for j in 0..7 {
        let (f1, f2) = (f(c - h * XGK[j]), f(c + h * XGK[j]));
        k += WGK[j] * (f1 + f2);
        if j % 2 == 1 {
            g += WG[j / 2] * (f1 + f2);
        }
    }
    let (k, g) = (k * h, g * h);
    if (k - g).abs() <= tol.max(1e-15 * k.abs()) || h < 1e-300 {
        return Ok(k);
    }
    if depth == 0 {
        return Err(Error::NoConvergence(format!(
            "quadrature on [{lo}, {hi}] did not reach tolerance {tol}"
        )));
    }
    // Halve the tolerance for each half, but not below 1e-18: the integrands are
    // probabilities, so pieces that small are below double precision of the
    // total, and an integrable endpoint singularity (shape < 1) then ends after
    // a bounded number of bisections towards the endpoint.
    let half = (0.5 * tol).max(1e-18);
    Ok(gauss_kronrod(f, lo, c, half, depth - 1)? + gauss_kronrod(f, c, hi, half, depth - 1)?)
}
