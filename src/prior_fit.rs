//! Priors fitted from past experiments.
//!
//! A team that has run many experiments knows more than a uniform prior says:
//! conversion rates of past variants cluster, and so do the event rates of past
//! campaigns. This module fits that knowledge by maximum likelihood on the
//! marginal distribution of the past data, and hands it over as the prior of the
//! next comparison or bandit arm:
//!
//! - [`fit_beta_prior`]: a [`Beta`] prior from (successes, trials) per past
//!   experiment or arm, by the beta-binomial likelihood — the Dirichlet–multinomial
//!   fit of [`crate::dirichlet_fit`] with two categories (successes, failures),
//!   so it has the same compressed statistics, Newton method and outcomes;
//! - [`fit_gamma_prior`]: a [`Gamma`] prior from (count, exposure) pairs, by the
//!   gamma–Poisson (negative binomial) likelihood with exposures:
//!   count_i ~ Poisson(λ_i·t_i), λ_i ~ Gamma(shape a, rate b).
//!
//! Both report how the fit ended ([`Outcome`]) instead of a number that looks
//! like a prior when it is not: past data without over-dispersion (every rate
//! the same, up to Poisson or binomial noise) have their maximum at an infinitely
//! concentrated prior, [`Outcome::NoOverdispersion`], and `prior()` then says so.
//!
//! # Example
//! ```
//! use bayeskit::prior_fit::{fit_beta_prior, PriorFitOptions};
//! use bayeskit::dirichlet_fit::Outcome;
//! use bayeskit::{compare, Beta};
//! // Conversions and visitors of eight past experiments.
//! let successes = [12, 30, 7, 45, 20, 9, 33, 15];
//! let trials = [400, 700, 350, 900, 500, 410, 650, 480];
//! let f = fit_beta_prior(&successes, &trials, &PriorFitOptions::default())?;
//! assert_eq!(f.outcome, Outcome::Converged);
//! // The next experiment starts from the fitted prior.
//! let prior = f.prior()?;
//! let mut a = prior;
//! a.update(3.0, 97.0)?;
//! let mut b = prior;
//! b.update(6.0, 94.0)?;
//! let c = compare(&a, &b)?;
//! assert!(c.prob_b_greater > 0.5);
//! # Ok::<(), bayeskit::Error>(())
//! ```

use crate::dirichlet_fit::{fit, DmStats, FitOptions, Outcome, StepFunction};
use crate::error::{check_len, Error, Result};
use crate::limits::try_reserve;
use crate::posterior::{Beta, Gamma};
use crate::special::gamma_inc_c;

/// Options of [`fit_beta_prior`] and [`fit_gamma_prior`]: the iteration limit
/// and the tolerance of the Dirichlet–multinomial fit ([`FitOptions`]), whose
/// defaults they take.
///
/// | option | default | range |
/// |---|---|---|
/// | `max_iter` | 200 | ≥ 1 |
/// | `tol` | 1e-10 | (0, 1e-2] |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PriorFitOptions {
    /// Most Newton iterations before giving up with [`Outcome::NotConverged`].
    pub max_iter: usize,
    /// Stop when the gradient in the log of each parameter, per row, is at most
    /// this (the criterion of [`FitOptions::tol`]).
    pub tol: f64,
}

impl Default for PriorFitOptions {
    fn default() -> Self {
        let d = FitOptions::default();
        PriorFitOptions {
            max_iter: d.max_iter,
            tol: d.tol,
        }
    }
}

impl PriorFitOptions {
    fn validate(&self) -> Result<()> {
        if self.max_iter == 0 {
            return Err(Error::invalid("max_iter must be >= 1"));
        }
        if !(self.tol > 0.0 && self.tol <= 1e-2) {
            return Err(Error::invalid(format!(
                "tol must be in (0, 1e-2], got {}",
                self.tol
            )));
        }
        Ok(())
    }
}

/// The likelihood-ratio test of over-dispersion: (statistic, p-value). The
/// null (no over-dispersion) is on the boundary of the parameter space, so the
/// statistic's null distribution is ½χ²₀ + ½χ²₁ (Self and Liang, 1987).
fn over_dispersion_test(loglik: f64, loglik_limit: f64) -> (f64, f64) {
    let stat = (2.0 * (loglik - loglik_limit)).max(0.0);
    let p = if stat > 0.0 {
        0.5 * gamma_inc_c(0.5, stat / 2.0)
    } else {
        1.0
    };
    (stat, p)
}

/// The fitted prior as a value, or the reason there is none.
fn usable(outcome: Outcome, what: &str) -> Result<()> {
    match outcome {
        Outcome::Converged => Ok(()),
        Outcome::NoOverdispersion => Err(Error::invalid(format!(
            "the past data show no over-dispersion: every {what} is the same up to sampling noise, \
             so the maximum-likelihood prior is infinitely concentrated (no finite prior)"
        ))),
        Outcome::NotIdentifiable => Err(Error::invalid(format!(
            "the past data cannot identify a {what} prior (too few rows, or no events at all)"
        ))),
        _ => Err(Error::NoConvergence(format!(
            "the {what} prior fit did not converge; do not use its parameters"
        ))),
    }
}

// ------------------------------------------------------------ Beta prior

/// A Beta prior fitted by [`fit_beta_prior`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BetaPriorFit {
    /// How the fit ended; read it before using the parameters.
    pub outcome: Outcome,
    /// α (the prior's pseudo-successes): finite for [`Outcome::Converged`],
    /// +∞ for [`Outcome::NoOverdispersion`], NaN for [`Outcome::NotIdentifiable`].
    pub alpha: f64,
    /// β (the prior's pseudo-failures), as `alpha`.
    pub beta: f64,
    /// Standard errors of (α, β) from the observed information; NaN unless converged.
    pub std_errors: [f64; 2],
    /// The beta-binomial log-likelihood of the past data, with the binomial coefficients.
    pub loglik: f64,
    /// The binomial log-likelihood at the pooled rate (the limit without over-dispersion).
    pub loglik_binomial: f64,
    /// Likelihood-ratio statistic 2·(loglik − loglik_binomial) for over-dispersion.
    pub lr_stat: f64,
    /// Its p-value (½χ²₀ + ½χ²₁ null, the boundary case).
    pub lr_pvalue: f64,
    /// AIC = 4 − 2·loglik.
    pub aic: f64,
    /// BIC = 2·ln(rows with a trial) − 2·loglik.
    pub bic: f64,
    /// Newton iterations taken.
    pub iterations: usize,
    /// Rows read (including rows without trials, which carry no information).
    pub rows: u64,
}

impl BetaPriorFit {
    /// The prior, ready for [`Beta::update`], [`crate::compare`] or a bandit arm.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the fit found no finite prior (no
    /// over-dispersion, or not identifiable), [`Error::NoConvergence`] when it did
    /// not converge.
    pub fn prior(&self) -> Result<Beta> {
        usable(self.outcome, "rate")?;
        Beta::new(self.alpha, self.beta)
    }
}

/// Fits a Beta prior to past (successes, trials), one pair per experiment or
/// arm, by maximum likelihood on the beta-binomial distribution.
///
/// # Errors
/// [`Error::InvalidArgument`] for slices of different lengths, no rows, a row
/// with more successes than trials, past data without any success or without
/// any failure (the likelihood's maximum is then at α = 0 or β = 0, not a
/// prior), or bad options. Data without over-dispersion and non-convergence
/// are reported in [`BetaPriorFit::outcome`].
pub fn fit_beta_prior(successes: &[u64], trials: &[u64], opts: &PriorFitOptions) -> Result<BetaPriorFit> {
    opts.validate()?;
    check_len("trials", trials.len(), successes.len())?;
    if successes.is_empty() {
        return Err(Error::invalid("no rows: a prior needs past experiments"));
    }
    let mut stats = DmStats::new(2)?;
    for (i, (&s, &n)) in successes.iter().zip(trials).enumerate() {
        if s > n {
            return Err(Error::invalid(format!(
                "row {i}: {s} successes is more than its {n} trials"
            )));
        }
        stats.add(&[s, n - s])?;
    }
    for (k, what) in [(0, "success"), (1, "failure")] {
        if stats.max_count(k) == 0 {
            return Err(Error::invalid(format!(
                "no row has a {what}: the likelihood's maximum is a prior with all its mass at \
                 {}, not a usable prior",
                if k == 0 { "rate 0" } else { "rate 1" }
            )));
        }
    }
    let f = fit(
        &stats,
        &FitOptions {
            max_iter: opts.max_iter,
            tol: opts.tol,
            ..FitOptions::default()
        },
    )?;
    Ok(BetaPriorFit {
        outcome: f.outcome,
        alpha: f.alpha[0],
        beta: f.alpha[1],
        std_errors: [f.std_errors[0], f.std_errors[1]],
        loglik: f.loglik,
        loglik_binomial: f.loglik_multinomial,
        lr_stat: f.lr_stat,
        lr_pvalue: f.lr_pvalue,
        aic: f.aic,
        bic: f.bic,
        iterations: f.iterations,
        rows: stats.rows(),
    })
}

// ------------------------------------------------------------ Gamma prior

/// A Gamma prior fitted by [`fit_gamma_prior`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GammaPriorFit {
    /// How the fit ended; read it before using the parameters.
    pub outcome: Outcome,
    /// The shape a: finite for [`Outcome::Converged`], +∞ for
    /// [`Outcome::NoOverdispersion`], NaN for [`Outcome::NotIdentifiable`].
    pub shape: f64,
    /// The rate b (in units of exposure), as `shape`; the prior mean rate is a/b.
    pub rate: f64,
    /// Standard errors of (a, b) from the observed information; NaN unless converged.
    pub std_errors: [f64; 2],
    /// The negative-binomial log-likelihood of the past data (with the 1/count!
    /// and exposure terms, so it compares with other models of the same counts).
    pub loglik: f64,
    /// The Poisson log-likelihood at the pooled rate Σcount/Σexposure (the limit
    /// without over-dispersion).
    pub loglik_poisson: f64,
    /// Likelihood-ratio statistic 2·(loglik − loglik_poisson) for over-dispersion.
    pub lr_stat: f64,
    /// Its p-value (½χ²₀ + ½χ²₁ null, the boundary case).
    pub lr_pvalue: f64,
    /// AIC = 4 − 2·loglik.
    pub aic: f64,
    /// BIC = 2·ln(rows) − 2·loglik.
    pub bic: f64,
    /// Newton iterations taken.
    pub iterations: usize,
    /// Rows read.
    pub rows: u64,
}

impl GammaPriorFit {
    /// The prior, ready for [`Gamma::update`], [`crate::compare`] or a bandit arm.
    ///
    /// # Errors
    /// As [`BetaPriorFit::prior`].
    pub fn prior(&self) -> Result<Gamma> {
        usable(self.outcome, "rate")?;
        Gamma::new(self.shape, self.rate)
    }
}

/// Past rows with one exposure: how many, and their summed counts.
#[derive(Debug, Clone, Copy)]
struct Exposure {
    t: f64,
    rows: f64,
    count: f64,
}

/// The gamma–Poisson log-likelihood's statistics: the counts as a step
/// function U[j] = #{rows with count > j} (so Σ ln Γ(a + y)/Γ(a) costs the
/// same whatever the counts), and the rows grouped by exposure.
struct GammaPoisson {
    counts: StepFunction,
    exposures: Vec<Exposure>,
    rows: f64,
    total_count: f64,
    total_exposure: f64,
    /// Σ y², Σ y·t, Σ t², for the score at the Poisson limit.
    count_squares: f64,
    count_exposure: f64,
    exposure_squares: f64,
    /// Σ y·ln t − Σ ln y!: the Poisson log-likelihood's terms without the rate.
    constant: f64,
}

/// The objective and its derivatives at (a, b).
#[derive(Debug, Clone, Copy)]
struct Point {
    a: f64,
    b: f64,
    obj: f64,
    /// ∂ℓ/∂a, and the observed information −∂²ℓ (aa, ab, bb).
    da: f64,
    iaa: f64,
    iab: f64,
    ibb: f64,
}

impl Point {
    /// d²/da² of the profile ℓ(a, b̂(a)), negated: I_aa − I_ab²/I_bb.
    fn profile_information(&self) -> f64 {
        self.iaa - self.iab * self.iab / self.ibb
    }
}

/// Above this shape the negative binomial is the Poisson in double precision.
const RUNAWAY_SHAPE: f64 = 1e15;

impl GammaPoisson {
    fn new(counts: &[u64], exposures: &[f64]) -> Result<Self> {
        let mut pairs = Vec::new();
        try_reserve(&mut pairs, counts.len(), "the exposures")?;
        let (mut count_squares, mut total_count) = (0.0, 0.0);
        for (i, (&y, &t)) in counts.iter().zip(exposures).enumerate() {
            if !(t.is_finite() && t > 0.0) {
                return Err(Error::invalid(format!(
                    "row {i}: exposure must be finite and > 0, got {t}"
                )));
            }
            let yf = y as f64;
            total_count += yf;
            count_squares += yf * yf;
            pairs.push((t, yf));
        }
        pairs.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
        let mut groups: Vec<Exposure> = Vec::new();
        for (t, y) in pairs {
            match groups.last_mut() {
                Some(g) if g.t == t => {
                    g.rows += 1.0;
                    g.count += y;
                }
                _ => groups.push(Exposure {
                    t,
                    rows: 1.0,
                    count: y,
                }),
            }
        }
        let steps = StepFunction::from_counts(counts)?;
        let total_exposure = groups.iter().map(|g| g.rows * g.t).sum();
        let count_exposure = groups.iter().map(|g| g.count * g.t).sum();
        let exposure_squares = groups.iter().map(|g| g.rows * g.t * g.t).sum();
        let constant = groups.iter().map(|g| g.count * g.t.ln()).sum::<f64>() - steps.ln_factorials();
        Ok(GammaPoisson {
            counts: steps,
            exposures: groups,
            rows: counts.len() as f64,
            total_count,
            total_exposure,
            count_squares,
            count_exposure,
            exposure_squares,
            constant,
        })
    }

    /// The rate b maximising ℓ(a, ·): the root of
    /// h(b) = a·N − Σ (a·n_t + y_t)·b/(b + t), which falls from a·N to −Σy as b
    /// grows, by Newton's method in ln b kept inside a bracket.
    fn rate_given_shape(&self, a: f64) -> f64 {
        let h = |v: f64| {
            let b = v.exp();
            let (mut h, mut dh) = (a * self.rows, 0.0);
            for g in &self.exposures {
                let w = a * g.rows + g.count;
                let s = b / (b + g.t);
                h -= w * s;
                dh -= w * s * (1.0 - s);
            }
            (h, dh)
        };
        // Exact when every exposure is the same.
        let mut v = (a * self.total_exposure / self.total_count).ln();
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for _ in 0..200 {
            let (f, df) = h(v);
            if f == 0.0 {
                return v.exp();
            }
            if f > 0.0 {
                lo = v;
            } else {
                hi = v;
            }
            let newton = v - f / df;
            let next = if newton > lo && newton < hi && (newton - v).abs() <= 2.0 {
                newton
            } else if lo.is_finite() && hi.is_finite() {
                0.5 * (lo + hi)
            } else if f > 0.0 {
                v + 2.0
            } else {
                v - 2.0
            };
            if (next - v).abs() <= 4.0 * f64::EPSILON * v.abs().max(1.0) {
                return next.exp();
            }
            v = next;
        }
        v.exp()
    }

    /// ℓ(a, b) and its derivatives, in forms that keep their digits for large
    /// a and b: Σ ln(Γ(y + a)/(Γ(a)·y!)) from the step function, then
    /// a·N·ln b − Σ a·n_t·ln(b + t) = −Σ a·n_t·ln(1 + t/b), and
    /// y_t·(ln t − ln(b + t)) = −y_t·ln(1 + b/t).
    fn at(&self, a: f64, b: f64) -> Point {
        let s = self.counts.sums(a);
        let (mut obj, mut da) = (self.counts.ln_rising_over_factorial(a), s.inv);
        let (mut iab, mut ibb) = (0.0, a * self.rows / (b * b));
        for g in &self.exposures {
            let (t, n, y) = (g.t, g.rows, g.count);
            obj -= a * n * (t / b).ln_1p() + y * (b / t).ln_1p();
            da -= n * (t / b).ln_1p();
            iab -= n * t / (b * (b + t));
            ibb -= (a * n + y) / ((b + t) * (b + t));
        }
        Point {
            a,
            b,
            obj,
            da,
            iaa: s.inv2,
            iab,
            ibb,
        }
    }

    fn profile(&self, a: f64) -> Point {
        self.at(a, self.rate_given_shape(a))
    }

    /// The Poisson log-likelihood at the pooled rate m = Σy/Σt: the limit of
    /// ℓ as a → ∞ with a/b = m.
    fn loglik_poisson(&self) -> f64 {
        let m = self.total_count / self.total_exposure;
        let ln_m = if self.total_count > 0.0 { m.ln() } else { 0.0 };
        self.total_count * ln_m - m * self.total_exposure + self.constant
    }

    /// 2·a·(ℓ − ℓ_Poisson) as a → ∞: Σ (y − m·t)² − Σ y. Positive when the
    /// counts vary more than Poisson noise allows.
    fn score_at_infinity(&self) -> f64 {
        let m = self.total_count / self.total_exposure;
        self.count_squares - 2.0 * m * self.count_exposure + m * m * self.exposure_squares - self.total_count
    }
}

/// How the Newton iteration on the profile likelihood ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Converged,
    Runaway,
    MaxIter,
    Stalled,
}

/// Maximises the profile likelihood p(a) = ℓ(a, b̂(a)) over u = ln a by
/// Newton's method (p'(u) = a·∂ℓ/∂a by the envelope theorem, p''(u) from the
/// profile information) with halving steps that must raise p.
fn newton(gp: &GammaPoisson, start: f64, opts: &PriorFitOptions) -> (Point, Status, usize) {
    let mut x = gp.profile(start);
    for iteration in 0..opts.max_iter {
        let grad = x.a * x.da;
        if (grad / gp.rows).abs() <= opts.tol && x.obj.is_finite() {
            return (x, Status::Converged, iteration);
        }
        if x.a > RUNAWAY_SHAPE {
            return (x, Status::Runaway, iteration);
        }
        let curvature = grad - x.a * x.a * x.profile_information();
        // Newton where p is concave in u, else a unit step uphill.
        let mut step = if curvature < 0.0 {
            -grad / curvature
        } else {
            grad.signum()
        };
        step = step.clamp(-3.0, 3.0);
        // Near the maximum a Newton step gains less than the objective's
        // rounding (a sum of N terms), so a step is kept unless it loses more
        // than that; the gradient, accurate to far below the tolerance, then
        // decides convergence.
        let slack = 1e-12 * (x.obj.abs() + gp.rows);
        let mut moved = false;
        for _ in 0..60 {
            let trial = gp.profile(x.a * step.exp());
            if trial.obj.is_finite() && trial.obj >= x.obj - slack {
                x = trial;
                moved = true;
                break;
            }
            step *= 0.5;
        }
        if !moved {
            return (x, Status::Stalled, iteration);
        }
    }
    (x, Status::MaxIter, opts.max_iter)
}

/// Fits a Gamma prior to past (count, exposure) pairs — events and the time,
/// impressions or users they were counted over, one pair per experiment or arm
/// — by maximum likelihood on the gamma–Poisson (negative binomial) distribution:
/// P(y | a, b, t) = Γ(y + a)/(Γ(a)·y!) · (b/(b + t))^a · (t/(b + t))^y.
///
/// The rate b is profiled out (for each shape a it solves ∂ℓ/∂b = 0, one
/// monotone equation), and the shape by Newton's method on ln a from the best
/// point of a log grid 10⁻³ … 10¹⁵ (a likelihood with two maxima, one at the
/// Poisson limit, cannot trap it). The counts enter through a step function
/// of their distinct values, so counts of 10⁹ cost what counts of 10 cost;
/// exposures are grouped by value.
///
/// # Example
/// ```
/// use bayeskit::prior_fit::{fit_gamma_prior, PriorFitOptions};
/// use bayeskit::dirichlet_fit::Outcome;
/// // Purchases and visitor-days of six past campaigns.
/// let counts = [30, 80, 12, 55, 140, 20];
/// let exposures = [1000.0, 1500.0, 800.0, 1200.0, 2000.0, 900.0];
/// let f = fit_gamma_prior(&counts, &exposures, &PriorFitOptions::default())?;
/// assert_eq!(f.outcome, Outcome::Converged);
/// let prior = f.prior()?;
/// assert!(prior.mean() > 0.01 && prior.mean() < 0.1);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for slices of different lengths, no rows, an
/// exposure that is not finite and positive, or bad options;
/// [`Error::OutOfMemory`] if the grouped exposures cannot be allocated. Data
/// without over-dispersion, without any count or with a single row, and
/// non-convergence are reported in [`GammaPriorFit::outcome`].
pub fn fit_gamma_prior(counts: &[u64], exposures: &[f64], opts: &PriorFitOptions) -> Result<GammaPriorFit> {
    opts.validate()?;
    check_len("exposures", exposures.len(), counts.len())?;
    if counts.is_empty() {
        return Err(Error::invalid("no rows: a prior needs past experiments"));
    }
    let gp = GammaPoisson::new(counts, exposures)?;
    let loglik_poisson = gp.loglik_poisson();
    let mut out = GammaPriorFit {
        outcome: Outcome::NotIdentifiable,
        shape: f64::NAN,
        rate: f64::NAN,
        std_errors: [f64::NAN; 2],
        loglik: loglik_poisson,
        loglik_poisson,
        lr_stat: 0.0,
        lr_pvalue: 1.0,
        aic: f64::NAN,
        bic: f64::NAN,
        iterations: 0,
        rows: counts.len() as u64,
    };
    let finish = |mut out: GammaPriorFit| {
        out.aic = 4.0 - 2.0 * out.loglik;
        out.bic = 2.0 * gp.rows.ln() - 2.0 * out.loglik;
        out
    };
    if gp.total_count == 0.0 || counts.len() < 2 {
        return Ok(finish(out));
    }
    if !(gp.total_count.is_finite() && gp.total_exposure.is_finite() && gp.count_squares.is_finite()) {
        return Err(Error::invalid(
            "the sums of the counts or exposures overflow: rescale the exposures",
        ));
    }
    // The best shape of a log grid, then Newton from there.
    let grid = (-6..=30).map(|i| gp.profile(10f64.powf(i as f64 / 2.0)));
    let best = grid.fold(None::<Point>, |best, p| match best {
        Some(q) if q.obj >= p.obj || !p.obj.is_finite() => Some(q),
        _ => Some(p),
    });
    let best = best.expect("the grid is not empty");
    let (x, status, iterations) = newton(&gp, best.a, opts);
    out.iterations = iterations;
    // Whether a point is above the Poisson limit beyond rounding: ℓ is a sum
    // of terms of size Σy·|ln a| that cancel to it.
    let above = |p: &Point| {
        let slack = 1e-13 * (p.obj.abs() + gp.rows + gp.total_count * p.a.ln().abs().max(1.0));
        p.obj > loglik_poisson + slack
    };
    let above_limit = above(&x) || above(&best);
    if !above_limit && (status == Status::Runaway || gp.score_at_infinity() <= 0.0) {
        out.outcome = Outcome::NoOverdispersion;
        out.shape = f64::INFINITY;
        out.rate = f64::INFINITY;
        return Ok(finish(out));
    }
    out.outcome = if status == Status::Converged && above(&x) {
        Outcome::Converged
    } else {
        Outcome::NotConverged
    };
    out.shape = x.a;
    out.rate = x.b;
    out.loglik = x.obj;
    (out.lr_stat, out.lr_pvalue) = over_dispersion_test(x.obj, loglik_poisson);
    if out.outcome == Outcome::Converged {
        // The inverse of the observed information [[I_aa, I_ab], [I_ab, I_bb]].
        let det = x.iaa * x.ibb - x.iab * x.iab;
        let se = [(x.ibb / det).sqrt(), (x.iaa / det).sqrt()];
        if det > 0.0 && se.iter().all(|s| s.is_finite() && *s > 0.0) {
            out.std_errors = se;
        } else {
            out.outcome = Outcome::NotConverged;
        }
    }
    Ok(finish(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_profile_rate_solves_its_equation() {
        let gp = GammaPoisson::new(&[3, 10, 0, 7, 25], &[1.0, 2.0, 0.5, 1.0, 4.0]).unwrap();
        for a in [0.01, 1.0, 7.5, 1e6] {
            let b = gp.rate_given_shape(a);
            let db = a * gp.rows / b
                - gp.exposures
                    .iter()
                    .map(|g| (a * g.rows + g.count) / (b + g.t))
                    .sum::<f64>();
            assert!(
                db.abs() * b < 1e-9 * (a * gp.rows + gp.total_count),
                "a = {a}: {db}"
            );
        }
    }

    #[test]
    fn derivatives_match_differences() {
        let gp = GammaPoisson::new(&[3, 10, 0, 7, 25, 1], &[1.0, 2.0, 0.5, 1.0, 4.0, 1.0]).unwrap();
        let (a, b) = (2.3, 0.4);
        let p = gp.at(a, b);
        let h = 1e-6;
        let da = (gp.at(a + h, b).obj - gp.at(a - h, b).obj) / (2.0 * h);
        assert!((da - p.da).abs() < 1e-6, "{da} vs {}", p.da);
        let daa = (gp.at(a + h, b).da - gp.at(a - h, b).da) / (2.0 * h);
        assert!((daa + p.iaa).abs() < 1e-5, "{daa} vs {}", -p.iaa);
        let dab = (gp.at(a, b + h).da - gp.at(a, b - h).da) / (2.0 * h);
        assert!((dab + p.iab).abs() < 1e-5, "{dab} vs {}", -p.iab);
        let db = |b: f64| (gp.at(a, b + h).obj - gp.at(a, b - h).obj) / (2.0 * h);
        let dbb = (db(b + h) - db(b - h)) / (2.0 * h);
        assert!((dbb + p.ibb).abs() < 1e-2 * p.ibb.abs(), "{dbb} vs {}", -p.ibb);
    }
}
