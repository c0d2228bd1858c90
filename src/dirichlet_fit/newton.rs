//! Maximum-likelihood (or MAP) α by a safeguarded Newton method on the
//! compressed statistics.
//!
//! # Formula
//! With A = Σα, the log-likelihood up to a constant is
//! ℓ(α) = Σ_k Σ_j U_k[j]·ln(α_k + j) − Σ_j V[j]·ln(A + j).
//! Its gradient is g_k = Σ_j U_k[j]/(α_k + j) − Σ_j V[j]/(A + j) and its Hessian is
//! diag(−Σ_j U_k[j]/(α_k + j)²) + c·11ᵀ with c = Σ_j V[j]/(A + j)²: diagonal plus
//! rank one, so a Newton step and the standard errors cost O(K) by Sherman–Morrison.
//!
//! The constant is Σ_rows w·(ln n! − Σ_k ln x_k!) = Σ_j V[j]·ln(j+1) − Σ_k Σ_j U_k[j]·ln(j+1);
//! [`DmFit::loglik`] includes it, so it is the log-probability of the data.
//!
//! The hyperprior H ≥ 0 adds H·(Σ_k ln α_k − Σ_{j<K} ln(A + j)) to ℓ: the kernel of
//! one extra row with one count in every category, seen H times. Its gradient is
//! H/α_k − H·Σ_{j<K} 1/(A + j) and its Hessian H·diag(−1/α_k²) + H·Σ_{j<K} 1/(A + j)²·11ᵀ
//! (the same shape as the likelihood's, which is why it is implemented as that
//! pseudo-row). It pulls towards large A (tight Dirichlets: a row spread evenly is
//! evidence against over-dispersion) and keeps every α_k > 0, so a category never
//! observed gets a finite α_k. It is bounded as A → ∞, so it never creates a maximum
//! the data do not support.

use super::stats::{DmStats, StepFunction};
use crate::error::{Error, Result};
use crate::special::gamma_inc_c;

/// Options of [`fit`]. Defaults: 200 iterations, tolerance 1e-10, no hyperprior,
/// never-observed categories are an error.
///
/// | option | default | range |
/// |---|---|---|
/// | `max_iter` | 200 | ≥ 1 |
/// | `tol` | 1e-10 | (0, 1e-2] |
/// | `hyperprior` | 0 | ≥ 0, finite |
/// | `drop_empty` | false | |
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    /// Most Newton iterations before giving up with [`Outcome::NotConverged`].
    pub max_iter: usize,
    /// Stop when max_k |α_k·∂ℓ/∂α_k| ≤ tol·W, W the total row weight: the gradient in
    /// log α per unit of data, so the criterion does not depend on the data's size.
    pub tol: f64,
    /// Weight H ≥ 0 of the hyperprior H·(Σ_k ln α_k − Σ_{j<K} ln(A + j)): one pseudo-row
    /// with one count in each category, seen H times; it keeps every α_k > 0.
    pub hyperprior: f64,
    /// Fit without the categories that have no counts at all (their α is reported
    /// as 0) instead of failing. Not needed with a hyperprior.
    pub drop_empty: bool,
}

impl Default for FitOptions {
    fn default() -> Self {
        FitOptions {
            max_iter: 200,
            tol: 1e-10,
            hyperprior: 0.0,
            drop_empty: false,
        }
    }
}

/// How a fit ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// α is a finite (local) maximum: the gradient criterion was met.
    Converged,
    /// The data show no over-dispersion: the likelihood keeps rising as A → ∞,
    /// the limit being the plain multinomial with the observed proportions. α and A
    /// are +∞, θ = 0, the mean holds the multinomial proportions.
    NoOverdispersion,
    /// No row has a total of 2 or more (or fewer than two categories were ever
    /// observed), so A cannot be estimated. α and A are NaN; the mean holds the
    /// observed proportions.
    NotIdentifiable,
    /// The iteration limit was reached first, no step could raise the likelihood,
    /// or the criterion was met where the log-likelihood or a standard error is not
    /// finite (weights so small that the curvature underflows). α is the last
    /// iterate; do not use it without checking.
    NotConverged,
}

impl Outcome {
    /// A stable lower-case name (`"converged"`, `"no_overdispersion"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Converged => "converged",
            Outcome::NoOverdispersion => "no_overdispersion",
            Outcome::NotIdentifiable => "not_identifiable",
            Outcome::NotConverged => "not_converged",
        }
    }
}

/// The result of [`fit`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DmFit {
    /// How the fit ended; read it before using α.
    pub outcome: Outcome,
    /// α_k (0 for a dropped category; see [`Outcome`] for the degenerate cases).
    pub alpha: Vec<f64>,
    /// A = Σα.
    pub alpha_sum: f64,
    /// The mean proportions π_k = α_k/A (the multinomial proportions in the limit).
    pub mean: Vec<f64>,
    /// θ = 1/(1 + A): 0 is the multinomial limit, 1 the most over-dispersed.
    pub theta: f64,
    /// Weighted log-likelihood of the data, *including* the multinomial coefficients
    /// (Σ_rows w·ln P(row | α)); without the hyperprior term.
    pub loglik: f64,
    /// The same for the plain multinomial at the observed proportions (the A → ∞ limit).
    pub loglik_multinomial: f64,
    /// Likelihood-ratio statistic 2·(loglik − loglik_multinomial) for over-dispersion.
    pub lr_stat: f64,
    /// Its p-value. θ = 0 lies on the boundary, so the null distribution is
    /// ½χ²₀ + ½χ²₁ (Self & Liang): p = ½·P(χ²₁ > lr_stat), and 1 when lr_stat = 0.
    pub lr_pvalue: f64,
    /// AIC = 2K − 2·loglik (K the fitted categories).
    pub aic: f64,
    /// BIC = K·ln W − 2·loglik, W the total row weight.
    pub bic: f64,
    /// Newton iterations taken.
    pub iterations: usize,
    /// Final max_k |α_k·∂/∂α_k| / W of the objective (the stopping criterion).
    pub grad_norm: f64,
    /// Standard errors of α_k from the observed information (inverse of the negative
    /// Hessian, in closed form); NaN when not at a finite maximum, 0 for a dropped category.
    pub std_errors: Vec<f64>,
    /// Categories without any count that were dropped ([`FitOptions::drop_empty`]).
    pub dropped: Vec<usize>,
    /// Total weight W of the rows with a non-zero total.
    pub weight: f64,
}

/// Fits α to the statistics.
///
/// # Errors
/// [`Error::InvalidArgument`] for bad options, statistics without any counts, a
/// category with no counts when neither `drop_empty` nor a hyperprior is set, or
/// row weights or a hyperprior so large that the weighted sums overflow.
/// Degenerate data and non-convergence are not errors: they are reported in
/// [`DmFit::outcome`].
///
/// # Example
/// ```
/// use bayeskit::dirichlet_fit::{fit, DmStats, FitOptions, Outcome};
/// let mut s = DmStats::new(2)?;
/// for row in [[0, 5], [5, 0], [1, 4], [4, 1], [2, 3], [3, 2], [5, 0], [0, 5]] {
///     s.add(&row)?;
/// }
/// let f = fit(&s, &FitOptions::default())?;
/// assert_eq!(f.outcome, Outcome::Converged);
/// assert!(f.alpha_sum < 5.0); // strongly over-dispersed
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub fn fit(stats: &DmStats, opts: &FitOptions) -> Result<DmFit> {
    validate(opts)?;
    let k_all = stats.categories();
    let empty: Vec<usize> = (0..k_all).filter(|&k| stats.max_count(k) == 0).collect();
    if stats.max_total() == 0 {
        return Err(Error::invalid("no counts: every row is empty"));
    }
    let h = opts.hyperprior;
    let dropped = if h > 0.0 || empty.is_empty() {
        Vec::new()
    } else if opts.drop_empty {
        empty
    } else {
        return Err(Error::invalid(format!(
            "categories {empty:?} have no counts at all; their MLE is α = 0. Drop them \
             (drop_empty / --drop-empty) or give a hyperprior"
        )));
    };
    let active: Vec<usize> = (0..k_all).filter(|k| !dropped.contains(k)).collect();
    let p = Problem::new(stats, &active, h);
    if !p.is_finite() {
        return Err(Error::invalid(format!(
            "the weighted sums of the counts overflow (total row weight {:e}, hyperprior {h:e}): \
             scale the row weights and the hyperprior down (the fit depends on their ratios only)",
            stats.total_weight()
        )));
    }

    let mut out = DmFit {
        outcome: Outcome::NotIdentifiable,
        alpha: vec![0.0; k_all],
        alpha_sum: f64::NAN,
        mean: vec![0.0; k_all],
        theta: f64::NAN,
        loglik: f64::NAN,
        loglik_multinomial: p.loglik_multinomial,
        lr_stat: f64::NAN,
        lr_pvalue: f64::NAN,
        aic: f64::NAN,
        bic: f64::NAN,
        iterations: 0,
        grad_norm: f64::NAN,
        std_errors: vec![f64::NAN; k_all],
        dropped,
        weight: p.data_weight,
    };
    for (i, &k) in active.iter().enumerate() {
        out.mean[k] = p.proportions[i];
    }
    for &k in &out.dropped {
        out.std_errors[k] = 0.0;
    }
    let set_active = |dst: &mut Vec<f64>, v: &dyn Fn(usize) -> f64| {
        for (i, &k) in active.iter().enumerate() {
            dst[k] = v(i);
        }
    };
    let identifiable = active.len() >= 2 && p.pair_moment_totals > 0.0;
    if !identifiable {
        // With every total ≤ 1 the likelihood is the multinomial one for any A.
        set_active(&mut out.alpha, &|_| f64::NAN);
        out.loglik = out.loglik_multinomial;
        out.lr_stat = 0.0;
        out.lr_pvalue = 1.0;
        return Ok(out);
    }

    let mut s = Solver::new(&p, opts, p.start_alpha_sum);
    let mut status = s.run();
    // When one row's total dwarfs the others (one row of 10⁹ among thousands of
    // small ones), the likelihood in A has two maxima: a finite one and the
    // multinomial limit A = ∞. The moment start weights each row by n(n − 1), so
    // the heavy row alone decides it and the iteration climbs to the limit. The
    // best point of the ray α = p·A on a log grid of A finds the other basin: start
    // there too unless the first run already reached a finite maximum at least as
    // high, and keep the higher maximum.
    let (ray_a, ray_obj) = p.best_on_ray();
    if !(status == Status::Converged && s.obj >= ray_obj - s.slack()) {
        let mut t = Solver::new(&p, opts, ray_a);
        let second = t.run();
        let better = match (second == Status::Converged, status == Status::Converged) {
            (true, false) => true,
            (true, true) => t.obj > s.obj,
            (false, false) => second != Status::Runaway && (status == Status::Runaway || t.obj > s.obj),
            (false, true) => false,
        };
        if better {
            (s, status) = (t, second);
        }
    }
    out.iterations = s.iterations;
    out.grad_norm = s.grad_norm;
    let at_limit = p.limit_objective();
    let finite_max = status == Status::Converged && s.obj > at_limit + s.slack();
    // A finite α above the limit rules out "no over-dispersion", whatever S says.
    let above_limit = finite_max || ray_obj > at_limit + s.slack();
    if !above_limit && (status == Status::Runaway || p.score_at_infinity <= 0.0) {
        out.outcome = Outcome::NoOverdispersion;
        set_active(&mut out.alpha, &|_| f64::INFINITY);
        out.alpha_sum = f64::INFINITY;
        out.theta = 0.0;
        out.loglik = out.loglik_multinomial;
        out.lr_stat = 0.0;
        out.lr_pvalue = 1.0;
    } else {
        out.outcome = if status == Status::Converged {
            Outcome::Converged
        } else {
            Outcome::NotConverged
        };
        let a = &s.alpha;
        let big_a: f64 = a.iter().sum();
        set_active(&mut out.alpha, &|i| a[i]);
        set_active(&mut out.mean, &|i| a[i] / big_a);
        out.alpha_sum = big_a;
        out.theta = 1.0 / (1.0 + big_a);
        out.loglik = p.loglik(a);
        out.lr_stat = (2.0 * (out.loglik - out.loglik_multinomial)).max(0.0);
        out.lr_pvalue = if out.lr_stat > 0.0 {
            0.5 * gamma_inc_c(0.5, out.lr_stat / 2.0)
        } else {
            1.0
        };
        if out.outcome == Outcome::Converged {
            let se = s.std_errors();
            let finite = |v: &f64| v.is_finite() && *v > 0.0;
            if out.loglik.is_finite() && a.iter().all(finite) && se.iter().all(finite) {
                set_active(&mut out.std_errors, &|i| se[i]);
            } else {
                // Weights so small that the curvature underflows (or anything else
                // non-finite): the criterion was met, but the answer is not usable.
                out.outcome = Outcome::NotConverged;
            }
        }
    }
    let kf = active.len() as f64;
    out.aic = 2.0 * kf - 2.0 * out.loglik;
    out.bic = kf * p.data_weight.ln() - 2.0 * out.loglik;
    Ok(out)
}

fn validate(o: &FitOptions) -> Result<()> {
    if o.max_iter == 0 {
        return Err(Error::invalid("max_iter must be >= 1"));
    }
    if !(o.tol > 0.0 && o.tol <= 1e-2) {
        return Err(Error::invalid(format!("tol must be in (0, 1e-2], got {}", o.tol)));
    }
    crate::error::check_non_negative("hyperprior", o.hyperprior)?;
    Ok(())
}

/// The objective (ℓ plus the hyperprior as a pseudo-row) over the active categories.
struct Problem {
    cats: Vec<StepFunction>,
    totals: StepFunction,
    /// The data's multinomial log-likelihood at its own proportions (the A → ∞ limit
    /// without hyperprior).
    loglik_multinomial: f64,
    /// Hyperprior weight and the pseudo-row's total (the number of active categories).
    h: f64,
    /// Weight of the data rows with a non-zero total, and the same with the pseudo-row.
    data_weight: f64,
    weight: f64,
    /// Observed proportions (with the pseudo-row).
    proportions: Vec<f64>,
    /// Σ_rows w·n(n − 1)/2 (with the pseudo-row).
    pair_moment_totals: f64,
    /// d objective / d(1/A) at 1/A = 0 with π at the observed proportions.
    score_at_infinity: f64,
    start_alpha_sum: f64,
}

/// Objective value, gradient, and the Hessian as diag(`diag`) + `c`·11ᵀ.
struct Eval {
    obj: f64,
    grad: Vec<f64>,
    diag: Vec<f64>,
    c: f64,
}

impl Eval {
    fn zeros(k: usize) -> Self {
        Eval {
            obj: 0.0,
            grad: vec![0.0; k],
            diag: vec![0.0; k],
            c: 0.0,
        }
    }
}

impl Problem {
    fn new(stats: &DmStats, active: &[usize], h: f64) -> Self {
        let mut cats: Vec<StepFunction> = active.iter().map(|&k| stats.step_function(Some(k))).collect();
        let mut totals = stats.step_function(None);
        let constant = totals.ln_factorials() - cats.iter().map(StepFunction::ln_factorials).sum::<f64>();
        let data_n = totals.mass();
        let loglik_multinomial = constant
            + cats
                .iter()
                .map(StepFunction::mass)
                .filter(|&m| m > 0.0)
                .map(|m| m * (m / data_n).ln())
                .sum::<f64>();
        let data_weight = totals.at_zero();
        if h > 0.0 {
            for c in &mut cats {
                c.add_row(1, h);
            }
            totals.add_row(active.len() as u64, h);
        }
        let masses: Vec<f64> = cats.iter().map(StepFunction::mass).collect();
        let n: f64 = totals.mass();
        let proportions: Vec<f64> = masses.iter().map(|m| m / n).collect();
        let pair_moment_totals = totals.pair_mass();
        let pairs: Vec<f64> = cats.iter().map(StepFunction::pair_mass).collect();
        let score_at_infinity =
            pairs.iter().zip(&proportions).map(|(m, p)| m / p).sum::<f64>() - pair_moment_totals;
        // Moment estimates of A, one per category: E[x(x−1)] / E[n(n−1)] = π(πA + 1)/(A + 1).
        let mut estimates: Vec<f64> = pairs
            .iter()
            .zip(&proportions)
            .filter_map(|(m, &p)| {
                let r = m / pair_moment_totals;
                let a = (p - r) / (r - p * p);
                (a.is_finite() && a > 0.0).then_some(a)
            })
            .collect();
        estimates.sort_by(f64::total_cmp);
        let start_alpha_sum = match estimates.len() {
            0 => 10.0 * active.len() as f64,
            m => estimates[m / 2].clamp(1e-6, 1e12),
        };
        let weight = totals.at_zero();
        Problem {
            cats,
            totals,
            loglik_multinomial,
            h,
            data_weight,
            weight,
            proportions,
            pair_moment_totals,
            score_at_infinity,
            start_alpha_sum,
        }
    }

    fn eval(&self, alpha: &[f64], e: &mut Eval) {
        let a: f64 = alpha.iter().sum();
        let v = self.totals.sums(a);
        e.obj = -v.ln;
        e.c = v.inv2;
        for (i, (f, &ak)) in self.cats.iter().zip(alpha).enumerate() {
            let u = f.sums(ak);
            e.obj += u.ln;
            e.grad[i] = u.inv - v.inv;
            e.diag[i] = -u.inv2;
        }
    }

    /// The A of the grid 10^(−3), 10^(−2.75), …, [`RUNAWAY_ALPHA_SUM`] where the
    /// objective along α = p·A (p the observed proportions) is highest, and that value.
    fn best_on_ray(&self) -> (f64, f64) {
        let k = self.cats.len();
        let (mut alpha, mut e) = (vec![0.0; k], Eval::zeros(k));
        let mut best = (self.start_alpha_sum, f64::NEG_INFINITY);
        for i in -12..=60 {
            let a = 10f64.powf(i as f64 / 4.0);
            for (x, &q) in alpha.iter_mut().zip(&self.proportions) {
                *x = (q * a).max(MIN_ALPHA);
            }
            self.eval(&alpha, &mut e);
            if e.obj > best.1 {
                best = (a, e.obj);
            }
        }
        best
    }

    /// Whether every sum the fit starts from is finite (huge weights overflow them).
    fn is_finite(&self) -> bool {
        [
            self.loglik_multinomial,
            self.weight,
            self.pair_moment_totals,
            self.score_at_infinity,
            self.totals.mass(),
        ]
        .iter()
        .chain(&self.proportions)
        .all(|v| v.is_finite())
    }

    /// Σ_k N_k·ln p_k: the objective's limit as A → ∞ along α = pA.
    fn limit_objective(&self) -> f64 {
        self.cats
            .iter()
            .zip(&self.proportions)
            .map(|(f, &p)| f.mass() * p.ln())
            .sum()
    }

    /// The data's log-likelihood with the multinomial coefficients, summed row-wise
    /// as ln(Γ(α + x)/(Γ(α)·x!)) so huge totals cancel before they are added up.
    fn loglik(&self, alpha: &[f64]) -> f64 {
        let a: f64 = alpha.iter().sum();
        let with_pseudo_row = self
            .cats
            .iter()
            .zip(alpha)
            .map(|(f, &x)| f.ln_rising_over_factorial(x))
            .sum::<f64>()
            - self.totals.ln_rising_over_factorial(a);
        if self.h == 0.0 {
            return with_pseudo_row;
        }
        // The pseudo-row (one count in each of K categories, weight H) in the same form.
        let k = alpha.len();
        let pseudo = alpha.iter().map(|x| x.ln()).sum::<f64>()
            - (0..k).map(|j| ((a - 1.0) / (j + 1) as f64).ln_1p()).sum::<f64>();
        with_pseudo_row - self.h * pseudo
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Converged,
    /// A grew past any meaningful size: the maximum is at A = ∞.
    Runaway,
    MaxIter,
    Stalled,
}

/// Above this A the Dirichlet–multinomial is indistinguishable from the multinomial
/// in double precision (θ < 1e-15).
const RUNAWAY_ALPHA_SUM: f64 = 1e15;

struct Solver<'a> {
    p: &'a Problem,
    opts: &'a FitOptions,
    alpha: Vec<f64>,
    obj: f64,
    e: Eval,
    trial_e: Eval,
    trial: Vec<f64>,
    step: Vec<f64>,
    iterations: usize,
    grad_norm: f64,
}

/// The smallest α_k a start takes (a category with a tiny share).
const MIN_ALPHA: f64 = 1e-8;

impl<'a> Solver<'a> {
    /// A solver starting at α = p·`alpha_sum` (p the observed proportions).
    fn new(p: &'a Problem, opts: &'a FitOptions, alpha_sum: f64) -> Self {
        let k = p.cats.len();
        let alpha: Vec<f64> = p
            .proportions
            .iter()
            .map(|&q| (q * alpha_sum).max(MIN_ALPHA))
            .collect();
        let e = Eval::zeros(k);
        Solver {
            p,
            opts,
            alpha,
            obj: f64::NAN,
            trial_e: Eval::zeros(k),
            e,
            trial: vec![0.0; k],
            step: vec![0.0; k],
            iterations: 0,
            grad_norm: f64::NAN,
        }
    }

    /// How far a recomputed objective can move from rounding alone.
    fn slack(&self) -> f64 {
        1e-13 * (self.obj.abs() + self.p.weight)
    }

    fn run(&mut self) -> Status {
        self.p.eval(&self.alpha, &mut self.e);
        loop {
            self.obj = self.e.obj;
            self.grad_norm = self
                .alpha
                .iter()
                .zip(&self.e.grad)
                .map(|(a, g)| (a * g).abs())
                .fold(0.0, f64::max)
                / self.p.weight;
            if self.grad_norm <= self.opts.tol {
                return Status::Converged;
            }
            if self.alpha.iter().sum::<f64>() > RUNAWAY_ALPHA_SUM {
                return Status::Runaway;
            }
            if self.iterations >= self.opts.max_iter {
                return Status::MaxIter;
            }
            self.iterations += 1;
            if !(self.newton_alpha() || self.newton_log_alpha() || self.fixed_point() || self.halving()) {
                return Status::Stalled;
            }
        }
    }

    /// Accepts `trial` if it is inside α > 0 and does not lower the objective (by
    /// more than rounding); its evaluation becomes the current one, so each
    /// iteration evaluates the step functions once.
    fn try_accept(&mut self) -> bool {
        self.accept_if(-self.slack())
    }

    /// Accepts `trial` if its objective exceeds the current one by more than `margin`.
    fn accept_if(&mut self, margin: f64) -> bool {
        if !self.trial.iter().all(|&x| x > 0.0 && x.is_finite()) {
            return false;
        }
        self.p.eval(&self.trial, &mut self.trial_e);
        if self.trial_e.obj > self.obj + margin {
            std::mem::swap(&mut self.alpha, &mut self.trial);
            std::mem::swap(&mut self.e, &mut self.trial_e);
            return true;
        }
        false
    }

    /// The Newton step in α, if the Hessian is negative definite.
    fn newton_alpha(&mut self) -> bool {
        let Eval { grad, diag, c, .. } = &self.e;
        if !solve_dpr1(diag, *c, None, grad, &mut self.step) {
            return false;
        }
        for ((t, a), s) in self.trial.iter_mut().zip(&self.alpha).zip(&self.step) {
            *t = a + s;
        }
        self.try_accept()
    }

    /// The Newton step in β = ln α: its Hessian is diag(α²d + αg) + c·ααᵀ.
    fn newton_log_alpha(&mut self) -> bool {
        let Eval { grad, diag, c, .. } = &self.e;
        let k = grad.len();
        let mut d = vec![0.0; k];
        let mut gb = vec![0.0; k];
        for i in 0..k {
            let a = self.alpha[i];
            d[i] = a * a * diag[i] + a * grad[i];
            gb[i] = a * grad[i];
        }
        if !solve_dpr1(&d, *c, Some(&self.alpha), &gb, &mut self.step) {
            return false;
        }
        for ((t, a), s) in self.trial.iter_mut().zip(&self.alpha).zip(&self.step) {
            *t = a * s.clamp(-5.0, 5.0).exp();
        }
        self.try_accept()
    }

    /// Minka's fixed-point step α_k ← α_k·Σ_j U_k[j]/(α_k + j) / Σ_j V[j]/(A + j), an MM
    /// step that never lowers the likelihood.
    fn fixed_point(&mut self) -> bool {
        let a: f64 = self.alpha.iter().sum();
        let v = self.p.totals.sums(a).inv;
        for (i, f) in self.p.cats.iter().enumerate() {
            self.trial[i] = self.alpha[i] * f.sums(self.alpha[i]).inv / v;
        }
        self.try_accept()
    }

    /// Halves a step along the gradient in ln α until the objective rises.
    fn halving(&mut self) -> bool {
        let g: Vec<f64> = self.alpha.iter().zip(&self.e.grad).map(|(a, g)| a * g).collect();
        let scale = g.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
        let mut step = 1.0 / scale;
        for _ in 0..60 {
            for ((t, a), gi) in self.trial.iter_mut().zip(&self.alpha).zip(&g) {
                *t = a * (step * gi).clamp(-5.0, 5.0).exp();
            }
            if self.accept_if(0.0) {
                return true;
            }
            step *= 0.5;
        }
        false
    }

    /// sqrt of the diagonal of −H⁻¹ at the current α.
    fn std_errors(&self) -> Vec<f64> {
        let Eval { diag, c, .. } = &self.e;
        let s: f64 = diag.iter().map(|d| 1.0 / d).sum();
        let denom = 1.0 + c * s;
        diag.iter()
            .map(|&d| {
                let v = -(1.0 / d - c / (d * d * denom));
                if v > 0.0 && denom > 0.0 {
                    v.sqrt()
                } else {
                    f64::NAN
                }
            })
            .collect()
    }
}

/// Solves (diag(d) + c·uuᵀ)·x = −g by Sherman–Morrison (u = 1 when `u` is None),
/// writing the Newton step x. Returns false unless the matrix is negative definite
/// (then x is an ascent direction).
fn solve_dpr1(d: &[f64], c: f64, u: Option<&[f64]>, g: &[f64], x: &mut [f64]) -> bool {
    if !d.iter().all(|&v| v < 0.0 && v.is_finite()) {
        return false;
    }
    let ui = |i: usize| u.map_or(1.0, |u| u[i]);
    let (mut s_uu, mut s_ug) = (0.0, 0.0);
    for i in 0..d.len() {
        s_uu += ui(i) * ui(i) / d[i];
        s_ug += ui(i) * g[i] / d[i];
    }
    let denom = 1.0 + c * s_uu;
    if denom.is_nan() || denom <= 0.0 {
        return false;
    }
    let f = c * s_ug / denom;
    for i in 0..d.len() {
        // H⁻¹g = D⁻¹g − c·D⁻¹u·(uᵀD⁻¹g)/(1 + c·uᵀD⁻¹u)
        x[i] = -(g[i] - f * ui(i)) / d[i];
    }
    x.iter().all(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sherman_morrison_matches_a_dense_solve() {
        let d = [-3.0, -1.5, -0.25];
        let c = 0.1;
        let u = [1.0, 2.0, 0.5];
        let g = [0.3, -1.0, 2.0];
        let mut x = [0.0; 3];
        assert!(solve_dpr1(&d, c, Some(&u), &g, &mut x));
        for i in 0..3 {
            let hx: f64 = (0..3)
                .map(|j| (if i == j { d[i] } else { 0.0 } + c * u[i] * u[j]) * x[j])
                .sum();
            assert!((hx + g[i]).abs() < 1e-14, "row {i}: {hx} vs {}", -g[i]);
        }
    }

    #[test]
    fn not_negative_definite_is_refused() {
        let mut x = [0.0; 2];
        assert!(!solve_dpr1(&[-1.0, -1.0], 10.0, None, &[1.0, 1.0], &mut x));
        assert!(!solve_dpr1(&[-1.0, 0.0], 0.1, None, &[1.0, 1.0], &mut x));
    }
}
