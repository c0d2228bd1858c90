//! C ABI of priors fitted from past experiments: a Beta prior from
//! (successes, trials) per past experiment or arm ([`bk_beta_prior_fit`]), a
//! Gamma prior from (count, exposure) pairs ([`bk_gamma_prior_fit`]). Each
//! writes a result struct whose `outcome` (a `bk_dm_outcome`, the same values
//! as the Dirichlet–multinomial fit) says whether the parameters are a prior
//! to use: pass them to `bk_beta_new` / `bk_gamma_new` for the next
//! comparison or bandit arm. The arrays are only read during the call.

use super::{bk_dm_outcome, bk_status, guard, outcome_out, put_versioned, read_options, slice, FfiResult};
use bayeskit::prior_fit::{fit_beta_prior, fit_gamma_prior, PriorFitOptions};

/// Options of [`bk_beta_prior_fit`] and [`bk_gamma_prior_fit`]. Fill with
/// [`bk_prior_fit_options_default`], then change what you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_prior_fit_options {
    /// `sizeof(bk_prior_fit_options)`, set by the default function.
    pub struct_size: u32,
    /// Most Newton iterations (≥ 1) before giving up with `BK_DM_NOT_CONVERGED`.
    pub max_iter: u32,
    /// Stop when the gradient in the log of each parameter, per row, is at most
    /// this, in (0, 1e-2].
    pub tol: f64,
}

/// A Beta prior fitted by [`bk_beta_prior_fit`]. Read `outcome` first: the
/// parameters are a prior only for `BK_DM_CONVERGED`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_beta_prior_fit_result {
    /// `sizeof` the caller's struct, set by the caller before the call.
    pub struct_size: u32,
    /// How the fit ended: `BK_DM_CONVERGED`, `BK_DM_NO_OVERDISPERSION` (every
    /// rate the same up to binomial noise: α = β = +inf, no finite prior),
    /// `BK_DM_NOT_CONVERGED`.
    pub outcome: bk_dm_outcome,
    /// α, the prior's pseudo-successes.
    pub alpha: f64,
    /// β, the prior's pseudo-failures.
    pub beta: f64,
    /// Standard errors of α and β (observed information); NaN unless converged.
    pub alpha_std_error: f64,
    /// See `alpha_std_error`.
    pub beta_std_error: f64,
    /// The beta-binomial log-likelihood of the past data (with the binomial coefficients).
    pub loglik: f64,
    /// The binomial log-likelihood at the pooled rate (the limit without over-dispersion).
    pub loglik_limit: f64,
    /// 2·(loglik − loglik_limit).
    pub lr_stat: f64,
    /// Its p-value ½·P(χ²₁ > lr_stat); 1 when lr_stat = 0.
    pub lr_pvalue: f64,
    /// AIC = 4 − 2·loglik.
    pub aic: f64,
    /// BIC = 2·ln(rows with a trial) − 2·loglik.
    pub bic: f64,
    /// Newton iterations taken.
    pub iterations: u64,
    /// Rows read.
    pub rows: u64,
}

/// A Gamma prior fitted by [`bk_gamma_prior_fit`]. Read `outcome` first: the
/// parameters are a prior only for `BK_DM_CONVERGED`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_gamma_prior_fit_result {
    /// `sizeof` the caller's struct, set by the caller before the call.
    pub struct_size: u32,
    /// How the fit ended: `BK_DM_CONVERGED`, `BK_DM_NO_OVERDISPERSION` (shape =
    /// rate = +inf), `BK_DM_NOT_IDENTIFIABLE` (no counts at all, or one row:
    /// NaN), `BK_DM_NOT_CONVERGED`.
    pub outcome: bk_dm_outcome,
    /// The shape a.
    pub shape: f64,
    /// The rate b, in units of exposure (the prior mean rate is a/b).
    pub rate: f64,
    /// Standard errors of the shape and the rate; NaN unless converged.
    pub shape_std_error: f64,
    /// See `shape_std_error`.
    pub rate_std_error: f64,
    /// The negative-binomial log-likelihood of the past data.
    pub loglik: f64,
    /// The Poisson log-likelihood at the pooled rate (the limit without over-dispersion).
    pub loglik_limit: f64,
    /// 2·(loglik − loglik_limit).
    pub lr_stat: f64,
    /// Its p-value ½·P(χ²₁ > lr_stat); 1 when lr_stat = 0.
    pub lr_pvalue: f64,
    /// AIC = 4 − 2·loglik.
    pub aic: f64,
    /// BIC = 2·ln(rows) − 2·loglik.
    pub bic: f64,
    /// Newton iterations taken.
    pub iterations: u64,
    /// Rows read.
    pub rows: u64,
}

super::versioned! {
    bk_prior_fit_options { max_iter, tol }
    bk_beta_prior_fit_result {}
    bk_gamma_prior_fit_result {}
}

/// The defaults of [`bk_prior_fit_options`], from the core's `PriorFitOptions::default()`.
fn defaults() -> bk_prior_fit_options {
    let d = PriorFitOptions::default();
    bk_prior_fit_options {
        struct_size: std::mem::size_of::<bk_prior_fit_options>() as u32,
        max_iter: u32::try_from(d.max_iter).unwrap_or(u32::MAX),
        tol: d.tol,
    }
}

/// # Safety
/// `opts` is an entry point's, under the pointer contract.
pub(super) unsafe fn options_in(opts: *const bk_prior_fit_options) -> FfiResult<PriorFitOptions> {
    let o = unsafe { read_options(opts, defaults(), "opts")? };
    Ok(PriorFitOptions {
        max_iter: o.max_iter as usize,
        tol: o.tol,
    })
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_prior_fit_options_default(opts: *mut bk_prior_fit_options) -> bk_status {
    unsafe { guard(|| super::put(opts, "opts", defaults())) }
}

/// Fits a Beta prior to `n` past (successes, trials) pairs by maximum
/// likelihood on the beta-binomial distribution and writes it to `*out`.
/// `opts` may be NULL for the defaults.
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER`; `BK_ERR_INVALID_ARGUMENT`
/// for `n` = 0, a row with more successes than trials, data without any
/// success or without any failure, or bad options. Data without
/// over-dispersion and non-convergence are reported in `outcome`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_prior_fit(
    successes: *const u64,
    trials: *const u64,
    n: usize,
    opts: *const bk_prior_fit_options,
    out: *mut bk_beta_prior_fit_result,
) -> bk_status {
    unsafe {
        guard(|| {
            let (s, t) = (slice(successes, n, "successes")?, slice(trials, n, "trials")?);
            super::need(out, "out")?;
            let f = fit_beta_prior(s, t, &options_in(opts)?)?;
            let r = bk_beta_prior_fit_result {
                struct_size: 0,
                outcome: outcome_out(f.outcome),
                alpha: f.alpha,
                beta: f.beta,
                alpha_std_error: f.std_errors[0],
                beta_std_error: f.std_errors[1],
                loglik: f.loglik,
                loglik_limit: f.loglik_binomial,
                lr_stat: f.lr_stat,
                lr_pvalue: f.lr_pvalue,
                aic: f.aic,
                bic: f.bic,
                iterations: f.iterations as u64,
                rows: f.rows,
            };
            put_versioned(out, "out", r)
        })
    }
}

/// Fits a Gamma prior to `n` past (count, exposure) pairs by maximum
/// likelihood on the gamma–Poisson (negative binomial) distribution and writes
/// it to `*out`. `opts` may be NULL for the defaults.
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER`; `BK_ERR_INVALID_ARGUMENT`
/// for `n` = 0, an exposure that is not finite and positive, or bad options;
/// `BK_ERR_OUT_OF_MEMORY`. Data without over-dispersion, without counts or
/// with one row, and non-convergence are reported in `outcome`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_prior_fit(
    counts: *const u64,
    exposures: *const f64,
    n: usize,
    opts: *const bk_prior_fit_options,
    out: *mut bk_gamma_prior_fit_result,
) -> bk_status {
    unsafe {
        guard(|| {
            let (y, t) = (slice(counts, n, "counts")?, slice(exposures, n, "exposures")?);
            super::need(out, "out")?;
            let f = fit_gamma_prior(y, t, &options_in(opts)?)?;
            let r = bk_gamma_prior_fit_result {
                struct_size: 0,
                outcome: outcome_out(f.outcome),
                shape: f.shape,
                rate: f.rate,
                shape_std_error: f.std_errors[0],
                rate_std_error: f.std_errors[1],
                loglik: f.loglik,
                loglik_limit: f.loglik_poisson,
                lr_stat: f.lr_stat,
                lr_pvalue: f.lr_pvalue,
                aic: f.aic,
                bic: f.bic,
                iterations: f.iterations as u64,
                rows: f.rows,
            };
            put_versioned(out, "out", r)
        })
    }
}
