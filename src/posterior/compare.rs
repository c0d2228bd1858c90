//! Comparing arms: P(B > A), the expected loss of choosing each, the lift
//! B/A − 1 and its quantiles, and the probability of being best among K arms —
//! the questions behind A/B and multi-arm tests.
//!
//! Every exact comparison does a bounded amount of work and says how it was
//! computed ([`Method`]):
//!
//! * **Gamma arms with a_A + a_B ≤ 1000**: closed forms in the regularised
//!   incomplete beta function. U = b_A X_A and V = b_B X_B are unit-rate
//!   Gammas and V/(U+V) is Beta(a_B, a_A), so P(X_B > X_A) = I_z(a_A, a_B)
//!   with z = b_A/(b_A + b_B), and the lift's quantiles come from the inverse
//!   incomplete beta. Expected losses use the size-biasing identity
//!   `E[X·1{X > Y}] = E[X]·P(X⁺ > Y)`, where X⁺ has its shape raised by one.
//! * **Everything else** (Beta arms of any size, Gamma arms with larger
//!   shapes): quadrature in the variable where both posteriors are smooth
//!   bell curves (logit x or ln x, centred on and scaled to each posterior),
//!   with fixed rules and an error estimate; the other posterior's cdf is
//!   marched along by Gauss–Legendre panels instead of calling an incomplete
//!   beta function at each node, so 10⁹ trials cost what 10 do. The details
//!   and the error bounds are in the `quadrature` module's documentation and
//!   in `docs/comparisons.md`.
//!
//! Accuracy, checked against mpmath at 50 digits over trials from 10 to 10⁹ per
//! arm and rates from 10⁻⁴ to 0.5 (`tests/compare_reference.rs`): P(B > A)
//! within 10⁻¹⁰ absolute, expected losses within 10⁻¹⁰ relative to the
//! posterior means, lift quantiles within 10⁻⁸ relative.

use super::{Beta, Gamma};
use crate::error::{check_level, check_probability, Error, Result};
use crate::quadrature::{self, Chart, Map, OuterCache, Want};
use crate::special::{beta_inc, beta_inc_inv, digamma, gamma_inc_inv, norm_ppf, trigamma};
use crate::Rng;

/// How a comparison was computed.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Method {
    /// Closed forms in the regularised incomplete beta function.
    ClosedForm,
    /// Quadrature in the posteriors' chart variables.
    Quadrature {
        /// Density evaluations used (a measure of the work done; 0 for arms
        /// whose supports do not overlap, where P is 0 or 1 and the losses
        /// are differences of the means).
        evaluations: u32,
        /// The estimated error: absolute for probabilities, relative to the
        /// posterior means for expected losses, relative for lift quantiles
        /// (to |q| plus the standard deviation of ln θ_B − ln θ_A, as q may be 0).
        error: f64,
    },
    /// Seeded Monte Carlo with this many draws per arm.
    MonteCarlo {
        /// Draws per arm.
        draws: u64,
    },
}

impl Method {
    /// A short name: `"closed form"`, `"quadrature"` or `"monte carlo"`.
    pub fn name(&self) -> &'static str {
        match self {
            Method::ClosedForm => "closed form",
            Method::Quadrature { .. } => "quadrature",
            Method::MonteCarlo { .. } => "monte carlo",
        }
    }

    /// The method of a result computed from several: quadrature adds up its
    /// work and keeps the largest error; closed forms stay closed forms.
    pub fn and(self, other: Method) -> Method {
        match (self, other) {
            (
                Method::Quadrature {
                    evaluations: e1,
                    error: r1,
                },
                Method::Quadrature {
                    evaluations: e2,
                    error: r2,
                },
            ) => Method::Quadrature {
                evaluations: e1.saturating_add(e2),
                error: r1.max(r2),
            },
            (Method::Quadrature { .. }, _) => self,
            _ => other,
        }
    }
}

/// The result of comparing arm B against arm A.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// P(θ_B > θ_A).
    pub prob_b_greater: f64,
    /// E[max(θ_B − θ_A, 0)]: what is lost, on average, by choosing A.
    pub expected_loss_a: f64,
    /// E[max(θ_A − θ_B, 0)]: what is lost, on average, by choosing B.
    pub expected_loss_b: f64,
    /// How the numbers were computed.
    pub method: Method,
}

/// An equal-tailed interval of the lift θ_B / θ_A − 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LiftInterval {
    /// The lower end (the (1 − level)/2 quantile).
    pub lower: f64,
    /// The upper end (the (1 + level)/2 quantile).
    pub upper: f64,
    /// How the quantiles were computed.
    pub method: Method,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::Beta {}
    impl Sealed for crate::Gamma {}
}

/// A posterior that can be compared: Beta (rates in [0, 1]) or Gamma (rates
/// in [0, ∞)). Sealed: the exact methods are specific to these families.
pub trait Arm: Copy + sealed::Sealed {
    /// The posterior mean.
    fn arm_mean(&self) -> f64;
    /// One draw.
    fn draw(&self, rng: &mut Rng) -> f64;
    /// The posterior in its chart variable (crate-internal).
    #[doc(hidden)]
    fn chart(&self) -> Result<Chart>;
    /// The map behind P(X_I ≤ e^ℓ X_O) in chart variables (crate-internal).
    #[doc(hidden)]
    fn ratio_map(ln_ratio: f64) -> Map;
    /// A closed-form comparison, where one is cheap (crate-internal).
    #[doc(hidden)]
    fn closed_compare(_a: &Self, _b: &Self) -> Option<Result<Comparison>> {
        None
    }
    /// A closed-form lift quantile, where one is cheap (crate-internal).
    #[doc(hidden)]
    fn closed_lift(_a: &Self, _b: &Self, _p: f64) -> Option<Result<f64>> {
        None
    }
    /// E[ln X] and Var[ln X] (crate-internal: the lift solver's start).
    #[doc(hidden)]
    fn ln_moments(&self) -> (f64, f64);
    /// The third and fourth cumulants of ln X (crate-internal: the lift
    /// solver's start).
    #[doc(hidden)]
    fn ln_higher_cumulants(&self) -> (f64, f64);
    /// The chart variable's values in units of the mean of this arm: 1 for
    /// Beta (values are rates), shape/rate for Gamma (crate-internal).
    #[doc(hidden)]
    fn value_unit(&self) -> f64;
    /// The p-quantile of ln X, where the inverse incomplete function is cheap
    /// (crate-internal: the lift solver's start for arms of unequal spread;
    /// for a Beta arm with a shape of 1000 or more, an approximation).
    #[doc(hidden)]
    fn ln_quantile(&self, p: f64) -> Option<f64>;
    /// The slope of the log-density of ln X at w (crate-internal: the lift
    /// solver's start for arms of unequal spread).
    #[doc(hidden)]
    fn ln_density_slope(&self, w: f64) -> f64;
    /// The shape that sets the skewness of ln X: the smaller one for Beta,
    /// the shape for Gamma (crate-internal: the choice of the lift solver's
    /// start).
    #[doc(hidden)]
    fn skew_shape(&self) -> f64;
}

/// Where the lift solver starts from the wider arm's quantile moved by the
/// narrower arm's mean and variance, and where a Beta arm with a shape of
/// 1000 or more has its [`Arm::ln_quantile`] from logit X = ln G_a − ln G_b:
/// wherever that expansion's neglected term, (v_N/v_W)² of the wider log's
/// sd, is below the Cornish–Fisher expansion's, its fifth cumulant. For the
/// log of a Gamma (and of a Beta) of smaller shape s, κ₅ ≈ 6/s⁴ against
/// κ₂^{5/2} ≈ s^{−5/2}, and the term κ₅/κ₂^{5/2}·(z⁴ − 6z² + 3)/120 is about
/// this over s^{3/2} at z ≈ 2 (a 95 % interval). Skewed small-shape arms
/// take the wide start even at similar spreads (Beta(0.5, 1000.5) vs
/// Beta(3.5, 997.5), a sd ratio of 3.9); near-normal ones keep the
/// expansion even at very different spreads (Beta(501, 9501), where the
/// wide start would be 1/19² off).
const CF_FIFTH_CUMULANT: f64 = 0.25;

/// Shapes below which [`Arm::ln_quantile`] inverts the incomplete function
/// (its continued fraction is short there).
const QUANTILE_START_SHAPES: f64 = 1000.0;

impl Arm for Beta {
    fn arm_mean(&self) -> f64 {
        self.mean()
    }
    fn draw(&self, rng: &mut Rng) -> f64 {
        self.sample(rng)
    }
    fn chart(&self) -> Result<Chart> {
        Chart::beta(self.alpha(), self.beta())
    }
    fn ratio_map(ln_ratio: f64) -> Map {
        Map::BetaRatio(ln_ratio)
    }
    fn ln_moments(&self) -> (f64, f64) {
        let s = self.alpha() + self.beta();
        (
            digamma(self.alpha()) - digamma(s),
            trigamma(self.alpha()) - trigamma(s),
        )
    }
    fn ln_higher_cumulants(&self) -> (f64, f64) {
        let s = self.alpha() + self.beta();
        (
            polygamma_2_3(self.alpha()).0 - polygamma_2_3(s).0,
            polygamma_2_3(self.alpha()).1 - polygamma_2_3(s).1,
        )
    }
    fn value_unit(&self) -> f64 {
        1.0
    }
    fn ln_quantile(&self, p: f64) -> Option<f64> {
        let (a, b) = (self.alpha(), self.beta());
        if a + b < QUANTILE_START_SHAPES {
            return beta_inc_inv(a, b, p).ok().map(f64::ln);
        }
        // logit X = ln G_a − ln G_b with independent unit Gammas. Where one
        // shape is small enough for its inverse to be cheap and its log is
        // so much the wider that this beats the Cornish–Fisher expansion
        // ([`CF_FIFTH_CUMULANT`]), the quantile is that log's exact one moved
        // by the other's mean and variance (the expansion of
        // `solve_ln_ratio`; ln G_s has log-density slope s − e^w).
        let (small, large) = (a.min(b), a.max(b));
        let (v_small, v_large) = (trigamma(small), trigamma(large));
        if small >= QUANTILE_START_SHAPES || (v_large / v_small).powi(2) > CF_FIFTH_CUMULANT / small.powf(1.5)
        {
            return None;
        }
        // The quantile of ln G_s − ln G_l at q.
        let wide = |q: f64| {
            gamma_inc_inv(small, q)
                .ok()
                .map(|g| g.ln() - digamma(large) - 0.5 * v_large * (small - g))
        };
        let logit = if a < b { wide(p)? } else { -wide(1.0 - p)? };
        // ln x = −ln(1 + e^{−logit x}).
        Some(-(-logit).exp().ln_1p()).filter(|l| l.is_finite())
    }
    fn skew_shape(&self) -> f64 {
        self.alpha().min(self.beta())
    }
    fn ln_density_slope(&self, w: f64) -> f64 {
        // ln X has density ∝ e^{αw} (1 − e^w)^{β−1}, and x/(1 − x) = −e^w/expm1(w).
        self.alpha() + (self.beta() - 1.0) * w.exp() / w.exp_m1()
    }
}

/// Gamma pairs whose shapes add up to at most this use the closed forms: the
/// incomplete beta function costs under a microsecond there.
const GAMMA_CLOSED_FORM_SHAPES: f64 = 1000.0;

impl Arm for Gamma {
    fn arm_mean(&self) -> f64 {
        self.mean()
    }
    fn draw(&self, rng: &mut Rng) -> f64 {
        self.sample(rng)
    }
    fn chart(&self) -> Result<Chart> {
        Chart::gamma(self.shape(), self.rate())
    }
    fn ratio_map(ln_ratio: f64) -> Map {
        Map::Shift(ln_ratio)
    }
    fn closed_compare(a: &Self, b: &Self) -> Option<Result<Comparison>> {
        (a.shape() + b.shape() <= GAMMA_CLOSED_FORM_SHAPES).then(|| gamma_closed_compare(a, b))
    }
    fn closed_lift(a: &Self, b: &Self, p: f64) -> Option<Result<f64>> {
        (a.shape() + b.shape() <= GAMMA_CLOSED_FORM_SHAPES).then(|| gamma_closed_lift(a, b, p))
    }
    fn ln_moments(&self) -> (f64, f64) {
        (digamma(self.shape()) - self.rate().ln(), trigamma(self.shape()))
    }
    fn ln_higher_cumulants(&self) -> (f64, f64) {
        polygamma_2_3(self.shape())
    }
    fn value_unit(&self) -> f64 {
        self.shape() / self.rate()
    }
    fn ln_quantile(&self, p: f64) -> Option<f64> {
        (self.shape() < QUANTILE_START_SHAPES)
            .then(|| gamma_inc_inv(self.shape(), p).ok())
            .flatten()
            .map(|x| x.ln() - self.rate().ln())
    }
    fn skew_shape(&self) -> f64 {
        self.shape()
    }
    fn ln_density_slope(&self, w: f64) -> f64 {
        // ln X has density ∝ e^{a·w − b·e^w}.
        self.shape() - self.rate() * w.exp()
    }
}

/// P(X_B > X_A) for Gamma arms: I_z(a_A, a_B) with z = b_A / (b_A + b_B).
fn gamma_prob_greater(a: &Gamma, b: &Gamma) -> f64 {
    beta_inc(a.shape(), b.shape(), 1.0 / (1.0 + b.rate() / a.rate()))
}

fn gamma_closed_compare(a: &Gamma, b: &Gamma) -> Result<Comparison> {
    let plus = |g: &Gamma| Gamma::new(g.shape() + 1.0, g.rate());
    let (a1, b1) = (plus(a)?, plus(b)?);
    let p = gamma_prob_greater(a, b);
    // E[(B − A)+] = E[B] P(B⁺ > A) − E[A] P(B > A⁺), and symmetrically.
    let b_plus_wins = gamma_prob_greater(a, &b1);
    let b_wins_over_a_plus = gamma_prob_greater(&a1, b);
    let a_plus_wins = 1.0 - b_wins_over_a_plus;
    let gain_b = b.mean() * b_plus_wins - a.mean() * b_wins_over_a_plus;
    let gain_a = a.mean() * a_plus_wins - b.mean() * (1.0 - b_plus_wins);
    let c = Comparison {
        prob_b_greater: p,
        expected_loss_a: gain_b.max(0.0),
        expected_loss_b: gain_a.max(0.0),
        method: Method::ClosedForm,
    };
    finite_comparison(c)
}

/// The lift quantile of Gamma arms: X_B/X_A = (b_A/b_B)·V/U with
/// W = V/(U+V) ~ Beta(a_B, a_A), so the ratio's quantile is (b_A/b_B)·w/(1−w).
fn gamma_closed_lift(a: &Gamma, b: &Gamma, p: f64) -> Result<f64> {
    let w = beta_inc_inv(b.shape(), a.shape(), p)?;
    // 1 − w from the complementary inverse where w is close to 1.
    let one_minus_w = if w > 0.5 {
        beta_inc_inv(a.shape(), b.shape(), 1.0 - p)?
    } else {
        1.0 - w
    };
    let ln_r = (a.rate().ln() - b.rate().ln()) + (w.ln() - one_minus_w.ln());
    finite_lift(ln_r.exp_m1(), p)
}

fn finite_comparison(c: Comparison) -> Result<Comparison> {
    if c.prob_b_greater.is_finite() && c.expected_loss_a.is_finite() && c.expected_loss_b.is_finite() {
        Ok(c)
    } else {
        Err(Error::invalid(format!(
            "the comparison is not representable in double precision \
             (P(B > A) = {}, expected losses {} and {}): the posterior means overflow",
            c.prob_b_greater, c.expected_loss_a, c.expected_loss_b
        )))
    }
}

fn finite_lift(q: f64, p: f64) -> Result<f64> {
    if q.is_finite() {
        Ok(q)
    } else {
        Err(Error::NoConvergence(format!(
            "lift quantile p = {p} is beyond the range of doubles"
        )))
    }
}

/// The pair's charts with the narrower posterior first (the outer integral).
/// Returns (outer, inner, b_is_outer).
fn ordered<T: Arm>(a: &T, b: &T) -> Result<(Chart, Chart, bool)> {
    let (ca, cb) = (a.chart()?, b.chart()?);
    Ok(if cb.scale() <= ca.scale() {
        (cb, ca, true)
    } else {
        (ca, cb, false)
    })
}

/// Compares arm B against arm A exactly: P(B > A) and the expected loss of
/// each choice, by closed forms or quadrature (see the module docs).
///
/// # Example
/// ```
/// use bayeskit::{compare, Beta};
/// // 2,000 and 2,100 conversions in 100,000 visitors each, uniform priors.
/// let a = Beta::new(1.0 + 2000.0, 1.0 + 98_000.0)?;
/// let b = Beta::new(1.0 + 2100.0, 1.0 + 97_900.0)?;
/// let c = compare(&a, &b)?;
/// assert!(c.prob_b_greater > 0.94 && c.prob_b_greater < 0.96);
/// assert!(c.expected_loss_b < c.expected_loss_a);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// # Errors
/// [`Error::NoConvergence`] if the quadrature's error estimate does not settle
/// (it does on the whole reference grid; use [`compare_mc`] then), and
/// [`Error::InvalidArgument`] if the expected losses overflow (Gamma means
/// beyond 10³⁰⁸).
pub fn compare<T: Arm>(a: &T, b: &T) -> Result<Comparison> {
    if let Some(c) = T::closed_compare(a, b) {
        return c;
    }
    let (outer, inner, b_outer) = ordered(a, b)?;
    let r = quadrature::pair(&outer, &inner, Map::Shift(0.0), Want::Losses)?;
    // r.prob = P(X_I ≤ X_O); the losses are in the outer arm's value units.
    let unit = if b_outer { b.value_unit() } else { a.value_unit() };
    let loss_outer = unit * r.loss_outer;
    let loss_inner = unit * (r.mean_inner - r.mean_outer + r.loss_outer).max(0.0);
    let method = Method::Quadrature {
        evaluations: r.evals,
        error: r.error,
    };
    let c = if b_outer {
        Comparison {
            prob_b_greater: r.prob,
            expected_loss_a: loss_outer,
            expected_loss_b: loss_inner,
            method,
        }
    } else {
        Comparison {
            prob_b_greater: 1.0 - r.prob,
            expected_loss_a: loss_inner,
            expected_loss_b: loss_outer,
            method,
        }
    };
    finite_comparison(c)
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
        method: Method::MonteCarlo { draws },
    })
}

/// The most extreme lift probabilities [`lift_quantile`] resolves: its cdf is
/// computed to ~10⁻¹⁶ absolute, so quantiles further out than this would not
/// keep 10⁻⁸ relative accuracy.
pub const LIFT_TAIL_LIMIT: f64 = 1e-9;

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
/// [`Error::InvalidArgument`] for p outside [`LIFT_TAIL_LIMIT`], 1 −
/// [`LIFT_TAIL_LIMIT`]; [`Error::NoConvergence`] if the quantile cannot be
/// found to full accuracy.
pub fn lift_quantile<T: Arm>(a: &T, b: &T, p: f64) -> Result<f64> {
    lift_quantile_with_method(a, b, p).map(|(q, _)| q)
}

/// [`lift_quantile`] with the [`Method`] that computed it.
///
/// # Errors
/// As [`lift_quantile`].
pub fn lift_quantile_with_method<T: Arm>(a: &T, b: &T, p: f64) -> Result<(f64, Method)> {
    let p = check_probability("p", p)?;
    if !(LIFT_TAIL_LIMIT..=1.0 - LIFT_TAIL_LIMIT).contains(&p) {
        return Err(Error::invalid(format!(
            "lift quantile needs {LIFT_TAIL_LIMIT:e} <= p <= 1 - {LIFT_TAIL_LIMIT:e}, got {p}"
        )));
    }
    if let Some(q) = T::closed_lift(a, b, p) {
        return Ok((q?, Method::ClosedForm));
    }
    let (ln_r, method) = solve_ln_ratio(a, b, p)?;
    Ok((finite_lift(ln_r.exp_m1(), p)?, method))
}

/// The tail of G(ℓ) = P(θ_B ≤ e^ℓ θ_A) on p's side — G for `lower`, else
/// 1 − G — and G'(ℓ), by one quadrature pass, with its evaluations, its
/// relative error estimate and whether that met the rule's bound.
///
/// The outer integral runs over the narrower arm. For Beta arms the event
/// θ_I ≤ r θ_O is only smooth in θ_O when r ≤ 1 (for r > 1 the inner cdf
/// reaches 1 where r θ_O = 1, a kink of order β_I): arms of similar spread
/// share a lattice, and there the outer arm is chosen by the sign of ℓ so
/// that r ≤ 1; arms of unequal spread keep the narrower arm outside (the
/// wider one as the outer would need a step of the narrower one's scale
/// across its whole support), and a kink inside its support is integrated
/// by panels that shrink towards it (see `quadrature::pair_cached`).
fn ratio_cdf<T: Arm>(
    a: &Chart,
    b: &Chart,
    ln_r: f64,
    lower: bool,
    caches: &mut [Option<OuterCache>; 2],
) -> Result<(f64, f64, u32, f64, bool)> {
    let a_outer = if a.is_beta() && a.similar_scale(b) {
        ln_r <= 0.0
    } else {
        a.scale() <= b.scale()
    };
    // The tail on p's side is computed directly (to full relative accuracy):
    // G itself below the median, 1 − G above.
    if a_outer {
        // G = P(θ_B ≤ e^ℓ θ_A), with θ_B inner.
        let want = if lower { Want::Lower } else { Want::Upper };
        let r = quadrature::pair_cached(a, b, T::ratio_map(ln_r), want, Some(&mut caches[0]))?;
        Ok((r.prob, r.density, r.evals, r.error, r.settled))
    } else {
        // 1 − G = P(θ_A < e^{−ℓ} θ_B), with θ_A inner.
        let want = if lower { Want::Upper } else { Want::Lower };
        let r = quadrature::pair_cached(b, a, T::ratio_map(-ln_r), want, Some(&mut caches[1]))?;
        Ok((r.prob, r.density, r.evals, r.error, r.settled))
    }
}

/// (ψ₂(x), ψ₃(x)), the third and fourth derivatives of ln Γ(x), for x > 0
/// (to ~1e-14 relative; only the lift solver's starting point uses them):
/// the recurrences ψ₂(x) = ψ₂(x + 1) − 2/x³ and ψ₃(x) = ψ₃(x + 1) + 6/x⁴ up
/// to x ≥ 20 (where the first omitted terms of the series are below 1e-14 of
/// the values), then the asymptotic series
/// ψ₂ ~ −1/x² − 1/x³ − 1/(2x⁴) + 1/(6x⁶) − 1/(6x⁸) + 3/(10x¹⁰) − 5/(6x¹²) and
/// ψ₃ ~ 2/x³ + 3/x⁴ + 2/x⁵ − 1/x⁷ + 4/(3x⁹) − 3/x¹¹ + 10/x¹³.
fn polygamma_2_3(x: f64) -> (f64, f64) {
    let (mut x, mut acc2, mut acc3) = (x, 0.0, 0.0);
    while x < 20.0 {
        let x3 = x * x * x;
        acc2 -= 2.0 / x3;
        acc3 += 6.0 / (x3 * x);
        x += 1.0;
    }
    let (t, z) = (1.0 / x, 1.0 / (x * x));
    let s2 =
        -z * (1.0 + t + z * (0.5 - z * (1.0 / 6.0 - z * (1.0 / 6.0 - z * (3.0 / 10.0 - z * (5.0 / 6.0))))));
    let s3 = z * t * (2.0 + 3.0 * t + z * (2.0 - z * (1.0 - z * (4.0 / 3.0 - z * (3.0 - z * 10.0)))));
    (acc2 + s2, acc3 + s3)
}

/// Solves G(ℓ) = p for ℓ = ln(θ_B/θ_A) by Newton's method kept inside a
/// bracket, from the Cornish–Fisher expansion of ln θ_B − ln θ_A. The residual is
/// taken in log space on the side of p's tail (ln G − ln p below the median,
/// ln(1 − G) − ln(1 − p) above), where the exponential tails of small-shape
/// posteriors make it nearly linear in ℓ.
fn solve_ln_ratio<T: Arm>(a: &T, b: &T, p: f64) -> Result<(f64, Method)> {
    let (ca, cb) = (a.chart()?, b.chart()?);
    let ((ma, va), (mb, vb)) = (a.ln_moments(), b.ln_moments());
    let sd = (va + vb).sqrt();
    let lower = p < 0.5;
    let target = if lower { p.ln() } else { (-p).ln_1p() };
    // The Cornish–Fisher start: the normal quantile corrected for the
    // skewness and kurtosis of ln θ_B − ln θ_A (small shapes are far from
    // normal; a closer start saves a quadrature pass there).
    let z = norm_ppf(p)?;
    let ((a3, a4), (b3, b4)) = (a.ln_higher_cumulants(), b.ln_higher_cumulants());
    let (g1, g2) = ((b3 - a3) / (sd * sd * sd), (a4 + b4) / (sd * sd * sd * sd));
    let z2 = z * z;
    let cf = z + g1 * (z2 - 1.0) / 6.0 + g2 * z * (z2 - 3.0) / 24.0 - g1 * g1 * z * (2.0 * z2 - 5.0) / 36.0;
    let mut l = (mb - ma) + sd * if cf.is_finite() { cf } else { z };
    // ln θ_B − ln θ_A is the wider arm's log W plus the narrower one's N,
    // and W's quantile comes from the inverse incomplete function where that
    // is cheap. With N's mean μ and variance v, P(W + N ≤ x) = F_W(x − μ) +
    // (v/2)·f_W'(x − μ) + O(v^{3/2}), so the quantile is q_W + μ −
    // (v/2)·(ln f_W)'(q_W), the slope in closed form: far better than the
    // expansion when the wide arm is skewed, taken wherever its neglected
    // term is the smaller ([`CF_FIFTH_CUMULANT`]).
    let b_wide = vb > va;
    let (v_narrow, v_wide, s_wide) = if b_wide {
        (va, vb, b.skew_shape())
    } else {
        (vb, va, a.skew_shape())
    };
    if (v_narrow / v_wide).powi(2) < CF_FIFTH_CUMULANT / s_wide.powf(1.5) {
        let start = if b_wide {
            b.ln_quantile(p)
                .map(|q| q - ma - 0.5 * va * b.ln_density_slope(q))
        } else {
            a.ln_quantile(1.0 - p)
                .map(|q| mb - q + 0.5 * vb * a.ln_density_slope(q))
        };
        if let Some(start) = start.filter(|s| s.is_finite()) {
            l = start;
        }
    }
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    // The residuals at the bracket's ends (r < 0 at lo, r > 0 at hi).
    let (mut r_lo, mut r_hi) = (f64::NAN, f64::NAN);
    let mut evals = 0u32;
    // The outer arm's lattice samples, per choice of outer (a, b); made by
    // the lattice on first use.
    let mut caches = [None, None];
    // The previous pass's (ℓ, r'(ℓ)), for the curvature of r.
    let mut prev: Option<(f64, f64)> = None;
    for iter in 0..60 {
        let (tail, dg, n, e, settled) = ratio_cdf::<T>(&ca, &cb, l, lower, &mut caches)?;
        evals = evals.saturating_add(n);
        // r(ℓ) increasing in ℓ, with r' = G'/G or G'/(1 − G).
        let (r, dr) = if lower {
            (tail.ln() - target, dg / tail)
        } else {
            (target - tail.ln(), dg / tail)
        };
        // A tail whose error estimate misses its rule's bound (Kronrod panels
        // at an iterate far out: a tail of 1e-12 where 1e-7 is sought) still
        // tells the side of the root and the step, as r is off by about e:
        // it steers, but no root is accepted from it. Near the root it is a
        // failure.
        let sided = r.abs() > 100.0 * e;
        if !settled && !sided {
            return Err(Error::NoConvergence(format!(
                "lift quantile p = {p}: the quadrature's error estimate {e:.1e} is above its bound near the root"
            )));
        }
        if r < 0.0 {
            (lo, r_lo) = (l, r);
        } else {
            (hi, r_hi) = (l, r);
        }
        let step = r / dr;
        // Newton's point, corrected to second order once the previous pass
        // gives the curvature k = r''/(2r') (a difference of r' over the last
        // move): a Halley step, which lands within about |δk|·step² + the
        // cubic term step³/sd² of the root, where δk, the error of a
        // difference over |Δℓ|, is about |Δℓ|/sd of k for a normal-like r.
        // Before a second pass only Newton's step is taken, off by about
        // |r''/(2r')|·step² ≤ 0.6·step²/sd (a normal's bound).
        let (newton, off) = match prev {
            Some((pl, pdr)) if l != pl => {
                let k = (dr - pdr) / (l - pl) / (2.0 * dr);
                let correction = k * step * step;
                let off = correction.abs() * ((l - pl).abs() / sd).min(1.0) + step.abs().powi(3) / (sd * sd);
                (l - step - correction, off)
            }
            _ => (l - step, step * step / sd),
        };
        // (A point Newton leaves where it is, r = 0 to rounding, is inside.)
        let inside = (newton > lo && newton < hi) || step == 0.0;
        // An error `dl` of a root ℓ as an error of the lift q = e^ℓ − 1,
        // relative to |q| + sd (q itself may be 0).
        let as_lift = |at: f64, dl: f64| dl * at.exp() / (at.exp_m1().abs() + sd);
        // The whole error: the tail's relative error e moves ℓ by e·G/G',
        // the step's own error is `off`.
        let lift_error = |at: f64, off: f64| as_lift(at, e * tail / dg + off);
        // The point is accepted once that error, as a lift error (relative to
        // |q| + sd), is below 1e-9 (the target is 1e-8); the expansions are
        // only trusted for steps below 0.1 sd.
        if settled && inside && step.abs() <= 0.1 * sd && as_lift(newton, off) <= 1e-9 {
            let method = Method::Quadrature {
                evaluations: evals,
                error: lift_error(newton, off),
            };
            return Ok((newton, method));
        }
        // (An unsettled pass gives no curvature.)
        prev = settled.then_some((l, dr));
        l = if inside {
            newton
        } else {
            match (lo.is_finite(), hi.is_finite()) {
                // Newton overshoots a bracket from the side where r bends
                // away from it: the secant through the ends lands inside
                // (bisection where rounding puts it on an end).
                (true, true) => {
                    let secant = lo - r_lo * (hi - lo) / (r_hi - r_lo);
                    if secant > lo && secant < hi {
                        secant
                    } else {
                        0.5 * (lo + hi)
                    }
                }
                // Not bracketed yet: walk out by growing multiples of the sd.
                (true, false) => lo + sd * f64::from(1u32 << iter.min(20)),
                (false, true) => hi - sd * f64::from(1u32 << iter.min(20)),
                (false, false) => unreachable!("one side is set every iteration"),
            }
        };
        if hi - lo <= 1e-14 * sd.max(l.abs()) {
            let root = 0.5 * (lo + hi);
            let method = Method::Quadrature {
                evaluations: evals,
                error: lift_error(root, hi - lo),
            };
            return Ok((root, method));
        }
    }
    Err(Error::NoConvergence(format!(
        "lift quantile p = {p} did not converge"
    )))
}

/// The equal-tailed interval of the lift θ_B / θ_A − 1 holding probability `level`.
///
/// # Example
/// ```
/// use bayeskit::{lift_interval, Beta};
/// let a = Beta::new(1.0 + 2000.0, 1.0 + 98_000.0)?;
/// let b = Beta::new(1.0 + 2100.0, 1.0 + 97_900.0)?;
/// let lift = lift_interval(&a, &b, 0.95)?;
/// assert!(lift.lower < 0.05 && 0.05 < lift.upper);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// # Errors
/// As [`lift_quantile`], plus [`Error::InvalidArgument`] unless
/// 2·[`LIFT_TAIL_LIMIT`] ≤ 1 − level and 0 < level < 1.
pub fn lift_interval<T: Arm>(a: &T, b: &T, level: f64) -> Result<LiftInterval> {
    let level = check_level(level)?;
    let tail = 0.5 * (1.0 - level);
    let (lower, m1) = lift_quantile_with_method(a, b, tail)?;
    let (upper, m2) = lift_quantile_with_method(a, b, 1.0 - tail)?;
    Ok(LiftInterval {
        lower,
        upper,
        method: m1.and(m2),
    })
}

/// The probability that each arm has the largest value, into `out` (one value
/// per arm, summing to 1), by quadrature; K up to [`MAX_ARMS`].
///
/// # Example
/// ```
/// use bayeskit::{prob_best, Beta};
/// let arms = [Beta::new(21.0, 981.0)?, Beta::new(31.0, 971.0)?, Beta::new(26.0, 976.0)?];
/// let mut p = [0.0; 3];
/// prob_best(&arms, &mut p)?;
/// assert!(p[1] > p[2] && p[2] > p[0]);
/// assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for no arms, more than [`MAX_ARMS`] or an output
/// of another length; [`Error::NoConvergence`] if the error estimate is above 10⁻⁹.
pub fn prob_best<T: Arm>(arms: &[T], out: &mut [f64]) -> Result<Method> {
    if arms.is_empty() || arms.len() > MAX_ARMS || out.len() != arms.len() {
        return Err(Error::invalid(format!(
            "prob_best needs 1 to {MAX_ARMS} arms and an output of the same length, got {} arms and {} outputs",
            arms.len(),
            out.len()
        )));
    }
    let first = arms[0].chart()?;
    if arms.len() == 1 {
        out[0] = 1.0;
        return Ok(Method::ClosedForm);
    }
    let mut charts = [first; MAX_ARMS];
    for (slot, arm) in charts.iter_mut().zip(arms).skip(1) {
        *slot = arm.chart()?;
    }
    let (evaluations, error) = quadrature::prob_best(&charts[..arms.len()], out)?;
    Ok(Method::Quadrature { evaluations, error })
}

/// The most arms [`prob_best`] takes.
pub const MAX_ARMS: usize = quadrature::MAX_ARMS;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygammas_match_scipy() {
        // Against scipy.special.polygamma(2, x) (mpmath agrees to 1e-16).
        for (x, want) in [
            (0.5, -16.828796644234316),
            (1.0, -2.404113806319188),
            (2.5, -0.23620405164172736),
            (7.0, -0.023530472985855234),
            (31.0, -0.0010746911296545256),
            (1e3, -1.0010004999998335e-06),
            (1e6, -1.0000010000005002e-12),
        ] {
            let got = polygamma_2_3(x).0;
            assert!((got / want - 1.0).abs() < 1e-13, "x = {x}: {got} vs {want}");
        }
        // scipy.special.polygamma(3, x).
        for (x, want) in [
            (0.5, 97.40909103400242),
            (1.0, 6.493939402266829),
            (2.5, 0.2239058488172521),
            (7.0, 0.007198198563125444),
            (31.0, 7.045262923995388e-05),
            (1e3, 2.003001999999e-09),
            (1e6, 2.000003000002e-18),
        ] {
            let got = polygamma_2_3(x).1;
            assert!((got / want - 1.0).abs() < 1e-13, "x = {x}: {got} vs {want}");
        }
    }
}
