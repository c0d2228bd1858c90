//! C ABI of the posterior core: conjugate values, finite hypotheses, comparisons.
//!
//! Conjugate values are plain `#[repr(C)]` structs passed by pointer. Their
//! fields are validated on every call (the caller may have written them), so a
//! struct with a non-positive or non-finite parameter gives
//! `BK_ERR_INVALID_ARGUMENT`. Updates leave the struct unchanged on error.
//!
//! The conjugate families' entry points are declarations: each is a
//! written-out `#[no_mangle]` function (cbindgen, which writes the header,
//! sees only written-out items) whose body calls one function of
//! `conjugate.rs`, generic over the core's traits and over the `families!`
//! table below (one row per C struct). Adding a family is a row of the table
//! and one such declaration per entry point.

use super::conjugate::{
    cdf, families, init, interval, ln_marginal, ln_predictive, load, moment, moment_or, quantile, sample,
    update, update_batch, write_interval, Core, Family,
};
use super::{
    bk_rng, bk_status, deref, deref_mut, free_handle, guard, new_handle, put, put_versioned, read_options,
    slice, slice_mut, FfiResult,
};
use bayeskit::error::{check_finite, check_len};
use bayeskit::posterior::{
    compare, compare_mc, lift_interval, lift_quantile, prob_best, Arm, Comparison, Method, Univariate,
    MAX_ARMS,
};
use bayeskit::{Beta, Dirichlet, Error, Gamma, Hypotheses, NormalGamma, NormalKnownVariance};

/// A Beta(alpha, beta) distribution: the posterior of a success rate.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_beta {
    /// First shape (prior + observed successes), finite and > 0.
    pub alpha: f64,
    /// Second shape (prior + observed failures), finite and > 0.
    pub beta: f64,
}

/// A Gamma(shape, rate) distribution: the posterior of a Poisson rate.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_gamma {
    /// Shape, finite and > 0.
    pub shape: f64,
    /// Rate (inverse scale), finite and > 0.
    pub rate: f64,
}

/// The posterior Normal(mean, sd²) of an unknown mean under observations with
/// known noise standard deviation `noise_sd`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_normal_known_var {
    /// Posterior mean of μ, finite.
    pub mean: f64,
    /// Posterior standard deviation of μ, finite and > 0.
    pub sd: f64,
    /// Known observation noise standard deviation, finite and > 0.
    pub noise_sd: f64,
}

/// How a comparison was computed: one of the `BK_METHOD_*` values (a
/// `uint32_t`; treat a value this header does not name as "computed some
/// other way", its error estimate still valid).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_method(pub u32);

/// `bk_method_report::method`: closed forms in the regularised incomplete beta function.
pub const BK_METHOD_CLOSED_FORM: bk_method = bk_method(1);
/// `bk_method_report::method`: quadrature in the posteriors' chart variables.
pub const BK_METHOD_QUADRATURE: bk_method = bk_method(2);
/// `bk_method_report::method`: seeded Monte Carlo.
pub const BK_METHOD_MONTE_CARLO: bk_method = bk_method(3);

/// How a comparison was computed, and how well.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_method_report {
    /// `BK_METHOD_CLOSED_FORM`, `BK_METHOD_QUADRATURE` or `BK_METHOD_MONTE_CARLO`.
    pub method: bk_method,
    /// Always 0 (written, so the struct has no uninitialised padding).
    pub reserved: u32,
    /// The work done: density evaluations (quadrature), draws per arm (Monte
    /// Carlo), 0 (closed form).
    pub work: u64,
    /// The estimated error: for quadrature absolute for probabilities and
    /// relative to the posterior means for expected losses; for Monte Carlo
    /// the standard error of P(B > A); 0 for closed forms (rounding only).
    pub error_estimate: f64,
}

/// The result of comparing arm B against arm A.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_comparison {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// Always 0.
    pub reserved: u32,
    /// P(θ_B > θ_A).
    pub prob_b_greater: f64,
    /// E[max(θ_B − θ_A, 0)]: the expected loss of choosing A.
    pub expected_loss_a: f64,
    /// E[max(θ_A − θ_B, 0)]: the expected loss of choosing B.
    pub expected_loss_b: f64,
    /// How these were computed.
    pub method: bk_method_report,
}

// The family table: each conjugate C struct, the core type it carries, its
// argument's name in messages, and its fields read (validated) and written.
// The functions of `conjugate.rs` are generic over these rows.
families! {
    bk_beta <=> Beta("beta"): |b| Beta::new(b.alpha, b.beta), |v| bk_beta { alpha: v.alpha(), beta: v.beta() };
    bk_gamma <=> Gamma("gamma"): |g| Gamma::new(g.shape, g.rate), |v| bk_gamma { shape: v.shape(), rate: v.rate() };
    bk_normal_known_var <=> NormalKnownVariance("normal"):
        |n| NormalKnownVariance::new(n.mean, n.sd, n.noise_sd),
        |v| bk_normal_known_var { mean: v.mean().mean(), sd: v.mean().std_dev(), noise_sd: v.noise_sd() };
    bk_normal_gamma <=> NormalGamma("normal_gamma"):
        |p| NormalGamma::new(p.m, p.kappa, p.alpha, p.beta),
        |v| {
            let (m, kappa, alpha, beta) = v.params();
            bk_normal_gamma { m, kappa, alpha, beta }
        };
}

const BETA_NO_MODE: &str = "Beta with alpha <= 1 and beta <= 1 has no unique mode";
const MU_NO_VARIANCE: &str = "the variance of mu is infinite for alpha <= 1";

pub(crate) fn method_out(m: Method, prob: f64) -> bk_method_report {
    match m {
        Method::ClosedForm => bk_method_report {
            method: BK_METHOD_CLOSED_FORM,
            reserved: 0,
            work: 0,
            error_estimate: 0.0,
        },
        Method::Quadrature { evaluations, error } => bk_method_report {
            method: BK_METHOD_QUADRATURE,
            reserved: 0,
            work: u64::from(evaluations),
            error_estimate: error,
        },
        Method::MonteCarlo { draws } => bk_method_report {
            method: BK_METHOD_MONTE_CARLO,
            reserved: 0,
            work: draws,
            error_estimate: (prob * (1.0 - prob) / draws as f64).sqrt(),
        },
        // A method this ABI does not know yet: reported as such (0), with
        // an error estimate that promises nothing.
        _ => bk_method_report {
            method: bk_method(0),
            reserved: 0,
            work: 0,
            error_estimate: f64::INFINITY,
        },
    }
}

fn comparison_out(c: Comparison) -> bk_comparison {
    bk_comparison {
        struct_size: 0,
        reserved: 0,
        prob_b_greater: c.prob_b_greater,
        expected_loss_a: c.expected_loss_a,
        expected_loss_b: c.expected_loss_b,
        method: method_out(c.method, c.prob_b_greater),
    }
}

// ---------------------------------------------------------------- Beta

/// Initialises `*out` to Beta(alpha, beta); both must be finite and > 0.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_init(alpha: f64, beta: f64, out: *mut bk_beta) -> bk_status {
    unsafe { guard(|| init(Beta::new(alpha, beta), out)) }
}

/// Adds (possibly fractional) counts of successes and failures.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_update(b: *mut bk_beta, successes: f64, failures: f64) -> bk_status {
    unsafe { guard(|| update(b, &(successes, failures))) }
}

/// Observes `n` Bernoulli trials: `outcomes[i]` non-zero is a success.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_observe_batch(b: *mut bk_beta, outcomes: *const u8, n: usize) -> bk_status {
    unsafe {
        guard(|| {
            update_batch(b, || {
                let s = slice(outcomes, n, "outcomes")?
                    .iter()
                    .filter(|&&o| o != 0)
                    .count();
                Ok((s as f64, (n - s) as f64))
            })
        })
    }
}

/// Mean α / (α + β).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_mean(b: *const bk_beta, out: *mut f64) -> bk_status {
    unsafe { guard(|| moment(b, out, Univariate::mean)) }
}

/// Variance.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_variance(b: *const bk_beta, out: *mut f64) -> bk_status {
    unsafe { guard(|| moment(b, out, Univariate::variance)) }
}

/// Mode; `BK_ERR_INVALID_ARGUMENT` when α ≤ 1 and β ≤ 1 (no unique mode).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_mode(b: *const bk_beta, out: *mut f64) -> bk_status {
    unsafe { guard(|| moment_or(b, out, Univariate::mode, BETA_NO_MODE)) }
}

/// Cumulative distribution P(X ≤ x).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_cdf(b: *const bk_beta, x: f64, out: *mut f64) -> bk_status {
    unsafe { guard(|| cdf(b, x, out)) }
}

/// Quantile: the x with P(X ≤ x) = p, p in [0, 1].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_quantile(b: *const bk_beta, p: f64, out: *mut f64) -> bk_status {
    unsafe { guard(|| quantile(b, p, out)) }
}

/// Equal-tailed credible interval holding probability `level` in (0, 1).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_interval(
    b: *const bk_beta,
    level: f64,
    lo: *mut f64,
    hi: *mut f64,
) -> bk_status {
    unsafe { guard(|| interval(b, level, lo, hi)) }
}

/// Posterior predictive (beta-binomial) log probability of `k` successes in `n` trials.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_ln_predictive(
    b: *const bk_beta,
    k: u64,
    n: u64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| ln_predictive(b, &(k, n), out)) }
}

/// Log marginal likelihood of one sequence with the given counts, `*b` as prior
/// (binomial coefficient not included).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_ln_marginal(
    b: *const bk_beta,
    successes: f64,
    failures: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| ln_marginal(b, || Ok((successes, failures)), out)) }
}

/// Writes `n` draws into `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_sample(
    b: *const bk_beta,
    rng: *mut bk_rng,
    out: *mut f64,
    n: usize,
) -> bk_status {
    unsafe { guard(|| sample(b, rng, out, n)) }
}

/// Compares B against A exactly: P(B > A) and the expected loss of each choice.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_compare(
    a: *const bk_beta,
    b: *const bk_beta,
    out: *mut bk_comparison,
) -> bk_status {
    unsafe { guard(|| put_versioned(out, "out", comparison_out(compare(&load(a)?, &load(b)?)?))) }
}

/// Compares B against A by Monte Carlo with `draws` draws from `rng`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_compare_mc(
    a: *const bk_beta,
    b: *const bk_beta,
    draws: u64,
    rng: *mut bk_rng,
    out: *mut bk_comparison,
) -> bk_status {
    unsafe {
        guard(|| {
            let (a, b) = (load(a)?, load(b)?);
            let rng = deref_mut(rng, "rng")?;
            deref_mut(out, "out")?;
            put_versioned(out, "out", comparison_out(compare_mc(&a, &b, draws, &mut rng.0)?))
        })
    }
}

/// Quantile `p` in (0, 1) of the lift θ_B / θ_A − 1.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_lift_quantile(
    a: *const bk_beta,
    b: *const bk_beta,
    p: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| lift_into(a, b, p, out)) }
}

/// Options of [`bk_beta_compare_summary`] and [`bk_gamma_compare_summary`].
/// Fill with [`bk_compare_options_default`], then change what you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_compare_options {
    /// `sizeof(bk_compare_options)`, set by the default function.
    pub struct_size: u32,
    /// Credible level of the lift interval, in (0, 1). Default 0.95.
    pub level: f64,
}

super::versioned! {
    bk_compare_options { level }
    bk_comparison {}
    bk_compare_summary {}
}

/// The defaults of [`bk_compare_options`], from the core's
/// [`DEFAULT_LEVEL`](bayeskit::DEFAULT_LEVEL).
fn compare_defaults() -> bk_compare_options {
    bk_compare_options {
        struct_size: std::mem::size_of::<bk_compare_options>() as u32,
        level: bayeskit::DEFAULT_LEVEL,
    }
}

/// Everything an A/B read-out needs, from one call.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_compare_summary {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// Always 0.
    pub reserved: u32,
    /// P(θ_B > θ_A).
    pub prob_b_greater: f64,
    /// E[max(θ_B − θ_A, 0)]: the expected loss of choosing A.
    pub expected_loss_a: f64,
    /// E[max(θ_A − θ_B, 0)]: the expected loss of choosing B.
    pub expected_loss_b: f64,
    /// Median of the lift θ_B / θ_A − 1.
    pub lift_median: f64,
    /// Lower end of the equal-tailed lift interval at the requested level.
    pub lift_lo: f64,
    /// Upper end of the equal-tailed lift interval.
    pub lift_hi: f64,
    /// How the comparison and the lift were computed (work and error over all of them).
    pub method: bk_method_report,
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_compare_options_default(opts: *mut bk_compare_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", compare_defaults())) }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn summary_into<F: Family>(
    a: *const F,
    b: *const F,
    opts: *const bk_compare_options,
    out: *mut bk_compare_summary,
) -> FfiResult<()>
where
    Core<F>: Arm,
{
    unsafe {
        let (a, b) = (&load(a)?, &load(b)?);
        let opts = read_options(opts, compare_defaults(), "opts")?;
        deref_mut(out, "out")?;
        let c = compare(a, b)?;
        let lift = lift_interval(a, b, opts.level)?;
        let median = bayeskit::posterior::compare::lift_quantile_with_method(a, b, 0.5)?;
        let summary = bk_compare_summary {
            struct_size: 0,
            reserved: 0,
            prob_b_greater: c.prob_b_greater,
            expected_loss_a: c.expected_loss_a,
            expected_loss_b: c.expected_loss_b,
            lift_median: median.0,
            lift_lo: lift.lower,
            lift_hi: lift.upper,
            method: method_out(c.method.and(lift.method).and(median.1), c.prob_b_greater),
        };
        put_versioned(out, "out", summary)
    }
}

/// Compares B against A in one call: P(B > A), expected losses and the lift's
/// median and interval. `opts` may be NULL for the defaults.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_compare_summary(
    a: *const bk_beta,
    b: *const bk_beta,
    opts: *const bk_compare_options,
    out: *mut bk_compare_summary,
) -> bk_status {
    unsafe { guard(|| summary_into(a, b, opts, out)) }
}

/// As [`bk_beta_compare_summary`], for Gamma (rate) posteriors.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_compare_summary(
    a: *const bk_gamma,
    b: *const bk_gamma,
    opts: *const bk_compare_options,
    out: *mut bk_compare_summary,
) -> bk_status {
    unsafe { guard(|| summary_into(a, b, opts, out)) }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn lift_into<F: Family>(a: *const F, b: *const F, p: f64, out: *mut f64) -> FfiResult<()>
where
    Core<F>: Arm,
{
    unsafe {
        let (a, b) = (load(a)?, load(b)?);
        deref_mut(out, "out")?;
        put(out, "out", lift_quantile(&a, &b, p)?)
    }
}

/// P(arm i has the largest rate) for each of `k` arms (1 ≤ k ≤ `BK_MAX_ARMS`),
/// written to `out[0..k]` (`out_len` must equal `k`); `report` (may be NULL)
/// receives how it was computed. Outputs are written only on success.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_prob_best(
    arms: *const bk_beta,
    k: usize,
    out: *mut f64,
    out_len: usize,
    report: *mut bk_method_report,
) -> bk_status {
    unsafe {
        guard(|| {
            let arms = arms_in(arms, k)?;
            prob_best_into(&arms[..k], out, out_len, report)
        })
    }
}

/// As [`bk_beta_prob_best`], for Gamma (rate) posteriors.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_prob_best(
    arms: *const bk_gamma,
    k: usize,
    out: *mut f64,
    out_len: usize,
    report: *mut bk_method_report,
) -> bk_status {
    unsafe {
        guard(|| {
            let arms = arms_in(arms, k)?;
            prob_best_into(&arms[..k], out, out_len, report)
        })
    }
}

/// The most arms `bk_beta_prob_best` and `bk_gamma_prob_best` take.
pub const BK_MAX_ARMS: usize = 100;
const _: () = assert!(BK_MAX_ARMS == MAX_ARMS, "the C constant states the core's limit");

/// Validates `k` C arms into a fixed array (no allocation; `k ≤ BK_MAX_ARMS`).
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn arms_in<F: Family>(arms: *const F, k: usize) -> FfiResult<[Core<F>; MAX_ARMS]>
where
    Core<F>: Arm,
{
    unsafe {
        if k == 0 || k > MAX_ARMS {
            return Err(Error::invalid(format!("k must be between 1 and {MAX_ARMS}, got {k}")).into());
        }
        let c = slice(arms, k, "arms")?;
        let first = load::<F>(&c[0])?;
        let mut out = [first; MAX_ARMS];
        for (slot, arm) in out.iter_mut().zip(c).skip(1) {
            *slot = load::<F>(arm)?;
        }
        Ok(out)
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn prob_best_into<T: Arm>(
    arms: &[T],
    out: *mut f64,
    out_len: usize,
    report: *mut bk_method_report,
) -> FfiResult<()> {
    unsafe {
        check_len("out", out_len, arms.len())?;
        let out = slice_mut(out, out_len, "out")?;
        let mut p = [0.0; MAX_ARMS];
        let method = prob_best(arms, &mut p[..arms.len()])?;
        out.copy_from_slice(&p[..arms.len()]);
        if !report.is_null() {
            report.write(method_out(method, f64::NAN));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- Gamma

/// Initialises `*out` to Gamma(shape, rate); both must be finite and > 0.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_init(shape: f64, rate: f64, out: *mut bk_gamma) -> bk_status {
    unsafe { guard(|| init(Gamma::new(shape, rate), out)) }
}

/// Adds a (possibly weighted) total `count` observed over total `exposure`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_update(g: *mut bk_gamma, count: f64, exposure: f64) -> bk_status {
    unsafe { guard(|| update(g, &(count, exposure))) }
}

/// Observes `n` counts, `counts[i]` over `exposures[i]`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_update_batch(
    g: *mut bk_gamma,
    counts: *const f64,
    exposures: *const f64,
    n: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            update_batch(g, || {
                Ok((slice(counts, n, "counts")?, slice(exposures, n, "exposures")?))
            })
        })
    }
}

/// Mean shape / rate.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_mean(g: *const bk_gamma, out: *mut f64) -> bk_status {
    unsafe { guard(|| moment(g, out, Univariate::mean)) }
}

/// Variance shape / rate².
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_variance(g: *const bk_gamma, out: *mut f64) -> bk_status {
    unsafe { guard(|| moment(g, out, Univariate::variance)) }
}

/// Mode max(shape − 1, 0) / rate.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_mode(g: *const bk_gamma, out: *mut f64) -> bk_status {
    unsafe { guard(|| moment(g, out, Univariate::mode)) }
}

/// Cumulative distribution P(X ≤ x).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_cdf(g: *const bk_gamma, x: f64, out: *mut f64) -> bk_status {
    unsafe { guard(|| cdf(g, x, out)) }
}

/// Quantile: the x with P(X ≤ x) = p, p in [0, 1] (p = 1 gives +inf).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_quantile(g: *const bk_gamma, p: f64, out: *mut f64) -> bk_status {
    unsafe { guard(|| quantile(g, p, out)) }
}

/// Equal-tailed credible interval holding probability `level` in (0, 1).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_interval(
    g: *const bk_gamma,
    level: f64,
    lo: *mut f64,
    hi: *mut f64,
) -> bk_status {
    unsafe { guard(|| interval(g, level, lo, hi)) }
}

/// Posterior predictive (negative binomial) log probability of `k` events over `exposure`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_ln_predictive(
    g: *const bk_gamma,
    k: u64,
    exposure: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| ln_predictive(g, &(k, exposure), out)) }
}

/// Log marginal likelihood of Poisson counts over exposures, `*g` as prior.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_ln_marginal(
    g: *const bk_gamma,
    counts: *const f64,
    exposures: *const f64,
    n: usize,
    out: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            ln_marginal(
                g,
                || Ok((slice(counts, n, "counts")?, slice(exposures, n, "exposures")?)),
                out,
            )
        })
    }
}

/// Writes `n` draws into `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_sample(
    g: *const bk_gamma,
    rng: *mut bk_rng,
    out: *mut f64,
    n: usize,
) -> bk_status {
    unsafe { guard(|| sample(g, rng, out, n)) }
}

/// Compares rate B against rate A exactly.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_compare(
    a: *const bk_gamma,
    b: *const bk_gamma,
    out: *mut bk_comparison,
) -> bk_status {
    unsafe { guard(|| put_versioned(out, "out", comparison_out(compare(&load(a)?, &load(b)?)?))) }
}

/// Compares rate B against rate A by Monte Carlo with `draws` draws from `rng`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_compare_mc(
    a: *const bk_gamma,
    b: *const bk_gamma,
    draws: u64,
    rng: *mut bk_rng,
    out: *mut bk_comparison,
) -> bk_status {
    unsafe {
        guard(|| {
            let (a, b) = (load(a)?, load(b)?);
            let rng = deref_mut(rng, "rng")?;
            deref_mut(out, "out")?;
            put_versioned(out, "out", comparison_out(compare_mc(&a, &b, draws, &mut rng.0)?))
        })
    }
}

/// Quantile `p` in (0, 1) of the lift θ_B / θ_A − 1.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_lift_quantile(
    a: *const bk_gamma,
    b: *const bk_gamma,
    p: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| lift_into(a, b, p, out)) }
}

// ---------------------------------------------------------------- Normal, known variance

/// Initialises `*out`: prior μ ~ Normal(prior_mean, prior_sd²), known noise sd.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_init(
    prior_mean: f64,
    prior_sd: f64,
    noise_sd: f64,
    out: *mut bk_normal_known_var,
) -> bk_status {
    unsafe { guard(|| init(NormalKnownVariance::new(prior_mean, prior_sd, noise_sd), out)) }
}

/// Observes `n` values.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_update_batch(
    p: *mut bk_normal_known_var,
    xs: *const f64,
    n: usize,
) -> bk_status {
    unsafe { guard(|| update_batch(p, || slice(xs, n, "xs"))) }
}

/// Observes `count` (a possibly fractional weight) values averaging `mean`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_update_stats(
    p: *mut bk_normal_known_var,
    count: f64,
    mean: f64,
) -> bk_status {
    unsafe { guard(|| update(p, &(count, mean))) }
}

/// Quantile p of the posterior of μ.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_quantile(
    p: *const bk_normal_known_var,
    prob: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| quantile(p, prob, out)) }
}

/// Equal-tailed credible interval of μ holding probability `level`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_interval(
    p: *const bk_normal_known_var,
    level: f64,
    lo: *mut f64,
    hi: *mut f64,
) -> bk_status {
    unsafe { guard(|| interval(p, level, lo, hi)) }
}

/// Posterior predictive log density of one new observation `x`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_ln_predictive(
    p: *const bk_normal_known_var,
    x: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| ln_predictive(p, &check_finite("x", x)?, out)) }
}

/// Log marginal likelihood of `n` observations, `*p` as prior.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_ln_marginal(
    p: *const bk_normal_known_var,
    xs: *const f64,
    n: usize,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| ln_marginal(p, || slice(xs, n, "xs"), out)) }
}

/// Writes `n` draws of μ into `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_known_var_sample(
    p: *const bk_normal_known_var,
    rng: *mut bk_rng,
    out: *mut f64,
    n: usize,
) -> bk_status {
    unsafe { guard(|| sample(p, rng, out, n)) }
}

// ---------------------------------------------------------------- Finite hypotheses

/// Bayes' rule over n hypotheses (opaque). Not thread-safe for updates.
pub struct bk_hypotheses(Hypotheses);

/// Creates a handle from `n` prior probabilities (normalised here).
/// Free it with [`bk_hypotheses_free`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_new(
    prior: *const f64,
    n: usize,
    out: *mut *mut bk_hypotheses,
) -> bk_status {
    unsafe {
        guard(|| {
            new_handle(
                out,
                bk_hypotheses(Hypotheses::from_probabilities(slice(prior, n, "prior")?)?),
            )
        })
    }
}

/// Creates a handle from `n` unnormalised log prior weights.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_new_log(
    ln_weights: *const f64,
    n: usize,
    out: *mut *mut bk_hypotheses,
) -> bk_status {
    unsafe {
        guard(|| {
            new_handle(
                out,
                bk_hypotheses(Hypotheses::from_log_weights(slice(ln_weights, n, "ln_weights")?)?),
            )
        })
    }
}

/// Frees the handle. NULL is a no-op.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_free(h: *mut bk_hypotheses) {
    unsafe { free_handle(h) }
}

/// Updates with the likelihood of new data under each of the `n` hypotheses.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_update(
    h: *mut bk_hypotheses,
    likelihood: *const f64,
    n: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            Ok(deref_mut(h, "h")?
                .0
                .update_likelihood(slice(likelihood, n, "likelihood")?)?)
        })
    }
}

/// Updates with log likelihoods.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_update_log(
    h: *mut bk_hypotheses,
    ln_likelihood: *const f64,
    n: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            Ok(deref_mut(h, "h")?
                .0
                .update_log_likelihood(slice(ln_likelihood, n, "ln_likelihood")?)?)
        })
    }
}

/// Writes the `n` posterior probabilities into `out` (n must equal the count).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_posterior(
    h: *const bk_hypotheses,
    out: *mut f64,
    n: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let h = deref(h, "h")?;
            Ok(h.0.posterior(slice_mut(out, n, "out")?)?)
        })
    }
}

/// Number of hypotheses.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_len(h: *const bk_hypotheses, out: *mut usize) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(h, "h")?.0.len())) }
}

/// Index of the maximum a posteriori hypothesis.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_map(h: *const bk_hypotheses, out: *mut usize) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(h, "h")?.0.map())) }
}

/// ln p(all data so far) under the original prior.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_hypotheses_ln_evidence(h: *const bk_hypotheses, out: *mut f64) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(h, "h")?.0.ln_evidence())) }
}

// ---------------------------------------------------------------- Dirichlet

/// A Dirichlet posterior over K category probabilities (opaque, K ≥ 2).
/// Immutable calls (const handle) may run concurrently; updates may not.
pub struct bk_dirichlet(Dirichlet);

/// Creates a Dirichlet from `k` concentrations, each finite and > 0.
/// Free it with [`bk_dirichlet_free`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_new(
    alpha: *const f64,
    k: usize,
    out: *mut *mut bk_dirichlet,
) -> bk_status {
    unsafe { guard(|| new_handle(out, bk_dirichlet(Dirichlet::new(slice(alpha, k, "alpha")?)?))) }
}

/// Frees the handle. NULL is a no-op.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_free(d: *mut bk_dirichlet) {
    unsafe { free_handle(d) }
}

/// Number of categories.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_len(d: *const bk_dirichlet, out: *mut usize) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(d, "d")?.0.categories())) }
}

/// Copies the `k` concentrations into `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_alpha(d: *const bk_dirichlet, out: *mut f64, k: usize) -> bk_status {
    unsafe {
        guard(|| {
            let d = &deref(d, "d")?.0;
            let out = slice_mut(out, k, "out")?;
            check_len("out", k, d.categories())?;
            out.copy_from_slice(d.alpha());
            Ok(())
        })
    }
}

/// Adds `k` (possibly fractional) per-category counts.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_update(
    d: *mut bk_dirichlet,
    counts: *const f64,
    k: usize,
) -> bk_status {
    unsafe { guard(|| Ok(deref_mut(d, "d")?.0.update(slice(counts, k, "counts")?)?)) }
}

/// Writes the `k` posterior means αₖ / A into `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_mean(d: *const bk_dirichlet, out: *mut f64, k: usize) -> bk_status {
    unsafe {
        guard(|| {
            let d = &deref(d, "d")?.0;
            let out = slice_mut(out, k, "out")?;
            check_len("out", k, d.categories())?;
            let a = d.alpha_sum();
            for (o, ak) in out.iter_mut().zip(d.alpha()) {
                *o = ak / a;
            }
            Ok(())
        })
    }
}

/// Variance of category `category`'s probability.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_variance(
    d: *const bk_dirichlet,
    category: usize,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(d, "d")?.0.variance(category)?)) }
}

/// Quantile `p` of category `category`'s marginal probability.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_quantile(
    d: *const bk_dirichlet,
    category: usize,
    p: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(d, "d")?.0.quantile(category, p)?)) }
}

/// Equal-tailed credible interval of category `category`'s probability.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_interval(
    d: *const bk_dirichlet,
    category: usize,
    level: f64,
    lo: *mut f64,
    hi: *mut f64,
) -> bk_status {
    unsafe { guard(|| write_interval(lo, hi, deref(d, "d")?.0.interval(category, level)?)) }
}

/// Predictive (Dirichlet-multinomial) log probability of integer `counts` in Σcounts further draws.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_ln_predictive(
    d: *const bk_dirichlet,
    counts: *const f64,
    k: usize,
    out: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            put(
                out,
                "out",
                deref(d, "d")?.0.ln_predictive(slice(counts, k, "counts")?)?,
            )
        })
    }
}

/// Log marginal likelihood of one sequence with these per-category counts, `*d` as prior.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_ln_marginal(
    d: *const bk_dirichlet,
    counts: *const f64,
    k: usize,
    out: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            put(
                out,
                "out",
                deref(d, "d")?.0.ln_marginal(slice(counts, k, "counts")?)?,
            )
        })
    }
}

/// Writes one draw of the probability vector (`k` values) into `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_sample(
    d: *const bk_dirichlet,
    rng: *mut bk_rng,
    out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let d = &deref(d, "d")?.0;
            let rng = deref_mut(rng, "rng")?;
            let out = slice_mut(out, k, "out")?;
            Ok(d.sample(&mut rng.0, out)?)
        })
    }
}

// ---------------------------------------------------------------- Normal–Gamma

/// Normal–Gamma posterior of an unknown mean and precision:
/// τ ~ Gamma(alpha, beta), μ | τ ~ Normal(m, 1/(kappa·τ)).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_normal_gamma {
    /// Location of μ, finite.
    pub m: f64,
    /// Pseudo-count of the mean, finite and > 0.
    pub kappa: f64,
    /// Precision shape, finite and > 0.
    pub alpha: f64,
    /// Precision rate, finite and > 0.
    pub beta: f64,
}

/// Initialises `*out` to NormalGamma(m, kappa, alpha, beta).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_init(
    m: f64,
    kappa: f64,
    alpha: f64,
    beta: f64,
    out: *mut bk_normal_gamma,
) -> bk_status {
    unsafe { guard(|| init(NormalGamma::new(m, kappa, alpha, beta), out)) }
}

/// Observes `n` values.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_update_batch(
    p: *mut bk_normal_gamma,
    xs: *const f64,
    n: usize,
) -> bk_status {
    unsafe { guard(|| update_batch(p, || slice(xs, n, "xs"))) }
}

/// Observes `count` (a possibly fractional weight) values with mean `mean`
/// and sum of squared deviations `ss`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_update_stats(
    p: *mut bk_normal_gamma,
    count: f64,
    mean: f64,
    ss: f64,
) -> bk_status {
    unsafe { guard(|| update(p, &(count, mean, ss))) }
}

/// Quantile `prob` of the Student-t marginal of μ.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_mean_quantile(
    p: *const bk_normal_gamma,
    prob: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| quantile(p, prob, out)) }
}

/// Equal-tailed credible interval of μ.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_mean_interval(
    p: *const bk_normal_gamma,
    level: f64,
    lo: *mut f64,
    hi: *mut f64,
) -> bk_status {
    unsafe { guard(|| interval(p, level, lo, hi)) }
}

/// Posterior predictive (Student-t) log density of one new observation `x`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_ln_predictive(
    p: *const bk_normal_gamma,
    x: f64,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| ln_predictive(p, &check_finite("x", x)?, out)) }
}

/// Log marginal likelihood of `n` observations, `*p` as prior.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_ln_marginal(
    p: *const bk_normal_gamma,
    xs: *const f64,
    n: usize,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| ln_marginal(p, || slice(xs, n, "xs"), out)) }
}

/// Writes `n` joint draws: means into `mu`, variances σ² into `var`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_sample(
    p: *const bk_normal_gamma,
    rng: *mut bk_rng,
    mu: *mut f64,
    var: *mut f64,
    n: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let v = load(p)?;
            let rng = deref_mut(rng, "rng")?;
            let (mu, var) = (slice_mut(mu, n, "mu")?, slice_mut(var, n, "var")?);
            for (m, s) in mu.iter_mut().zip(var.iter_mut()) {
                (*m, *s) = v.sample(&mut rng.0);
            }
            Ok(())
        })
    }
}

/// Variance of μ's Student-t marginal, β/(κ(α − 1)); `BK_ERR_INVALID_ARGUMENT`
/// for α ≤ 1, where it is infinite or undefined. (μ's mean and mode are `m`.)
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_normal_gamma_mean_variance(
    p: *const bk_normal_gamma,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| moment_or(p, out, Univariate::variance, MU_NO_VARIANCE)) }
}

/// Writes the mode (αₖ − 1)/(A − K) of the `k` category probabilities;
/// `BK_ERR_INVALID_ARGUMENT` (and `out` untouched) unless every αₖ > 1.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dirichlet_mode(d: *const bk_dirichlet, out: *mut f64, k: usize) -> bk_status {
    unsafe {
        guard(|| {
            let d = &deref(d, "d")?.0;
            let out = slice_mut(out, k, "out")?;
            if d.mode(out)? {
                Ok(())
            } else {
                Err(Error::invalid("the Dirichlet has no interior mode unless every alpha > 1").into())
            }
        })
    }
}
