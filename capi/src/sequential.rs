//! C ABI of the peek-safe A/B decisions: the Bayes factor of "A and B
//! differ" against "equal" for each rate family ([`bk_beta_bayes_factor`],
//! [`bk_gamma_bayes_factor`]), and the always-valid mSPRT as a handle fed the
//! cumulative counts of each look ([`bk_always_valid`]).

use super::conjugate::load;
use super::{bk_beta, bk_gamma, bk_status, deref_mut, free_handle, guard, new_handle, put, put_versioned};
use bayeskit::sequential::{bayes_factor_proportions, bayes_factor_rates, AlwaysValid};

/// Writes ln BF₁₀ for "A and B differ" (independent rates, each with `prior`)
/// against "A and B are equal" (one common rate with `prior`), for binomial
/// (successes, trials) of each arm. Stopping when BF₁₀ ≥ 1/α keeps the
/// false-positive rate below α however often one looks, averaged over the
/// prior on the common rate (`docs/decisions.md`).
///
/// Errors: `BK_ERR_NULL_POINTER`; `BK_ERR_INVALID_ARGUMENT` for an invalid
/// prior or more successes than trials.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_beta_bayes_factor(
    prior: *const bk_beta,
    successes_a: u64,
    trials_a: u64,
    successes_b: u64,
    trials_b: u64,
    ln_bf: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = load(prior)?;
            super::need(ln_bf, "ln_bf")?;
            let v = bayes_factor_proportions(&p, (successes_a, trials_a), (successes_b, trials_b))?;
            put(ln_bf, "ln_bf", v)
        })
    }
}

/// Writes ln BF₁₀ for "A and B differ" against "A and B are equal", for
/// Poisson (count, exposure) of each arm, with `prior` on each rate (and on
/// the common rate).
///
/// Errors: `BK_ERR_NULL_POINTER`; `BK_ERR_INVALID_ARGUMENT` for an invalid
/// prior or an exposure that is not finite and positive.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_gamma_bayes_factor(
    prior: *const bk_gamma,
    count_a: u64,
    exposure_a: f64,
    count_b: u64,
    exposure_b: f64,
    ln_bf: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = load(prior)?;
            super::need(ln_bf, "ln_bf")?;
            let v = bayes_factor_rates(&p, (count_a, exposure_a), (count_b, exposure_b))?;
            put(ln_bf, "ln_bf", v)
        })
    }
}

/// An always-valid test (the mSPRT of Johari, Pekelis and Walsh) of two
/// proportions or two Poisson rates: feed it the cumulative counts of each
/// look with [`bk_always_valid_look`]. Made by [`bk_always_valid_proportions`]
/// or [`bk_always_valid_rates`], released with [`bk_always_valid_free`]; one
/// thread at a time (a look changes it).
pub struct bk_always_valid(AlwaysValid);

/// One look of a [`bk_always_valid`] test.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_always_valid_result {
    /// `sizeof` the caller's struct, set by the caller before the call.
    pub struct_size: u32,
    /// 1 when p ≤ α: "A and B differ" may be declared now, whenever one looks.
    pub reject: u32,
    /// The estimate: p_B − p_A, or ln(λ_B/λ_A) (with ½ added to each count).
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// The mixture likelihood ratio of this look.
    pub likelihood_ratio: f64,
    /// The always-valid p-value (the smallest 1/Λ so far, at most 1).
    pub p_value: f64,
    /// The confidence sequence: the intersection of every look's interval,
    /// on the estimate's scale.
    pub lower: f64,
    /// See `lower`.
    pub upper: f64,
}

super::versioned! {
    bk_always_valid_result {}
}

/// The default α of the sequential rules (`bayeskit::sequential::DEFAULT_ALPHA`).
pub const BK_DEFAULT_ALPHA: f64 = 0.05;
/// The default mixing sd of [`bk_always_valid_proportions`]: one percentage point.
pub const BK_DEFAULT_PROPORTION_MIXING_SD: f64 = 0.01;
/// The default mixing sd of [`bk_always_valid_rates`]: 10 % in the log rate ratio.
pub const BK_DEFAULT_RATE_MIXING_SD: f64 = 0.1;

const _: () = {
    use bayeskit::sequential as s;
    assert!(BK_DEFAULT_ALPHA == s::DEFAULT_ALPHA);
    assert!(BK_DEFAULT_PROPORTION_MIXING_SD == s::DEFAULT_PROPORTION_MIXING_SD);
    assert!(BK_DEFAULT_RATE_MIXING_SD == s::DEFAULT_RATE_MIXING_SD);
};

/// A new test of two proportions (p_B − p_A) at level `alpha` in (0, 1) with
/// mixing sd `mixing_sd` > 0 (the effect size it is tuned for; the library's
/// default is `BK_DEFAULT_PROPORTION_MIXING_SD`).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER`, `BK_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_always_valid_proportions(
    alpha: f64,
    mixing_sd: f64,
    out: *mut *mut bk_always_valid,
) -> bk_status {
    unsafe {
        guard(|| {
            super::need(out, "out")?;
            new_handle(out, bk_always_valid(AlwaysValid::proportions(alpha, mixing_sd)?))
        })
    }
}

/// A new test of two Poisson rates (ln(λ_B/λ_A)) at level `alpha` with mixing
/// sd `mixing_sd` in units of the log ratio (default
/// `BK_DEFAULT_RATE_MIXING_SD`).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER`, `BK_ERR_INVALID_ARGUMENT`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_always_valid_rates(
    alpha: f64,
    mixing_sd: f64,
    out: *mut *mut bk_always_valid,
) -> bk_status {
    unsafe {
        guard(|| {
            super::need(out, "out")?;
            new_handle(out, bk_always_valid(AlwaysValid::rates(alpha, mixing_sd)?))
        })
    }
}

/// Takes the next look from the cumulative (successes, trials) — or (count,
/// exposure) for rates — of each arm and writes its result to `*out`.
///
/// Errors (the test and `*out` untouched): `BK_ERR_NULL_POINTER`;
/// `BK_ERR_INVALID_ARGUMENT` for counts that are not finite and ≥ 0, more
/// successes than trials, or no trials (exposure).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_always_valid_look(
    test: *mut bk_always_valid,
    count_a: f64,
    trials_a: f64,
    count_b: f64,
    trials_b: f64,
    out: *mut bk_always_valid_result,
) -> bk_status {
    unsafe {
        guard(|| {
            let t = &mut deref_mut(test, "test")?.0;
            super::need(out, "out")?;
            // The look runs on a copy, kept only once `*out` is written.
            let mut next = t.clone();
            let l = next.look((count_a, trials_a), (count_b, trials_b))?;
            let r = bk_always_valid_result {
                struct_size: 0,
                reject: u32::from(l.reject),
                estimate: l.estimate,
                std_error: l.std_error,
                likelihood_ratio: l.likelihood_ratio,
                p_value: l.p_value,
                lower: l.lower,
                upper: l.upper,
            };
            put_versioned(out, "out", r)?;
            *t = next;
            Ok(())
        })
    }
}

/// Frees a test. NULL is a no-op.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_always_valid_free(test: *mut bk_always_valid) {
    unsafe { free_handle(test) }
}
