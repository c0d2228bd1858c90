//! C ABI of the bandit core (`bayeskit::bandit`): Thompson-sampling bandits
//! over Beta, Gamma and Normal–Gamma arms.
//!
//! A `bk_bandit` is made for one family by `bk_bandit_new_beta`, `_gamma` or
//! `_normal_gamma` and freed by `bk_bandit_free`. It is internally
//! synchronised: every call takes a `const bk_bandit *` and may run from
//! many threads at once (choices and reports share a read lock, updates take
//! a write lock for a few additions); each thread passes its own `bk_rng`.

use super::posterior::{bk_beta, bk_gamma, bk_method_report, bk_normal_gamma, method_out};
use super::{
    bk_rng, bk_status, deref, deref_mut, free_handle, guard, need, new_handle, put, put_versioned,
    read_options, slice, slice_mut, FfiResult,
};
use bayeskit::bandit::{
    AnyBandit, Bandit, BanditOptions, Family, Report, ReportOptions, Update, MAX_BANDIT_ARMS,
};
use bayeskit::error::check_len;
use bayeskit::{Beta, Error, Gamma, NormalGamma};

/// A Thompson-sampling bandit (opaque): K arms of one family with their
/// priors and statistics. Safe to share between threads (see
/// `docs/decisions.md`, "Bandits").
pub struct bk_bandit(AnyBandit);

/// The family of a bandit's arms: one of the `BK_BANDIT_*` values (a `uint32_t`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_bandit_family(pub u32);

/// Beta arms: Bernoulli or binomial rewards (`value` successes of `size` trials).
pub const BK_BANDIT_BETA: bk_bandit_family = bk_bandit_family(1);
/// Gamma arms: Poisson counts (`value`) over an exposure (`size`).
pub const BK_BANDIT_GAMMA: bk_bandit_family = bk_bandit_family(2);
/// Normal–Gamma arms: Normal rewards (`value`, `size` 1) of unknown mean and variance.
pub const BK_BANDIT_NORMAL_GAMMA: bk_bandit_family = bk_bandit_family(3);

/// The most arms of a bandit.
pub const BK_MAX_BANDIT_ARMS: usize = 100;
const _: () = assert!(
    BK_MAX_BANDIT_ARMS == MAX_BANDIT_ARMS,
    "the C constant states the core's limit"
);

/// Options of a bandit. Fill with [`bk_bandit_options_default`], then change
/// what you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_bandit_options {
    /// `sizeof(bk_bandit_options)`, set by the default function.
    pub struct_size: u32,
    /// Top-two sampling plays the leader with this probability, in (0, 1).
    /// Default 0.5.
    pub top_two_beta: f64,
}

/// Options of [`bk_bandit_report`]. Fill with
/// [`bk_bandit_report_options_default`], then change what you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_bandit_report_options {
    /// `sizeof(bk_bandit_report_options)`, set by the default function.
    pub struct_size: u32,
    /// Monte Carlo draws for the expected losses and the value remaining
    /// (and P(best) of Normal–Gamma arms), 2 to `BK_MAX_MC_DRAWS`. Default 10000.
    pub draws: u64,
    /// The quantile of the value remaining reported, in (0, 1). Default 0.95.
    pub level: f64,
}

/// What [`bk_bandit_report`] writes besides the per-arm arrays.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_bandit_summary {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// Always 0.
    pub reserved: u32,
    /// The arm with the largest probability of being best (lowest index among ties).
    pub best: u64,
    /// The `level` quantile of max_k θ_k − θ_best (absolute value remaining).
    pub value_remaining: f64,
    /// The `level` quantile of (max_k θ_k − θ_best)/θ_best (Scott's value
    /// remaining), for Beta and Gamma arms; NaN for Normal–Gamma arms.
    pub value_remaining_relative: f64,
    /// The Monte Carlo draws behind the expected losses and the value remaining.
    pub draws: u64,
    /// How P(best) was computed: `BK_METHOD_QUADRATURE` (Beta, Gamma; or
    /// `BK_METHOD_CLOSED_FORM` for one arm) or `BK_METHOD_MONTE_CARLO`
    /// (Normal–Gamma; `error_estimate` the largest standard error of a P(best)).
    pub prob_best_method: bk_method_report,
}

super::versioned! {
    bk_bandit_options { top_two_beta }
    bk_bandit_report_options { draws, level }
    bk_bandit_summary {}
}

/// The defaults of [`bk_bandit_options`], from the core's `BanditOptions::default()`.
fn options_defaults() -> bk_bandit_options {
    bk_bandit_options {
        struct_size: std::mem::size_of::<bk_bandit_options>() as u32,
        top_two_beta: BanditOptions::default().top_two_beta,
    }
}

/// The defaults of [`bk_bandit_report_options`], from the core's `ReportOptions::default()`.
fn report_defaults() -> bk_bandit_report_options {
    let d = ReportOptions::default();
    bk_bandit_report_options {
        struct_size: std::mem::size_of::<bk_bandit_report_options>() as u32,
        draws: d.draws,
        level: d.level,
    }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_options_default(opts: *mut bk_bandit_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", options_defaults())) }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_report_options_default(opts: *mut bk_bandit_report_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", report_defaults())) }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn new_into<C: Copy, F: Family>(
    priors: *const C,
    n_priors: usize,
    k: usize,
    opts: *const bk_bandit_options,
    out: *mut *mut bk_bandit,
    load: impl Fn(&C) -> bayeskit::Result<F>,
) -> FfiResult<()>
where
    AnyBandit: From<Bandit<F>>,
{
    unsafe {
        need(out, "out")?;
        if n_priors != 1 && n_priors != k {
            return Err(Error::invalid(format!(
                "give 1 prior (for every arm) or k = {k} (one per arm), got n_priors = {n_priors}"
            ))
            .into());
        }
        if k == 0 || k > MAX_BANDIT_ARMS {
            return Err(Error::invalid(format!("k must be between 1 and {MAX_BANDIT_ARMS}, got {k}")).into());
        }
        let c = slice(priors, n_priors, "priors")?;
        let mut arms = [load(&c[0])?; MAX_BANDIT_ARMS];
        for (slot, p) in arms.iter_mut().zip(c).skip(1) {
            *slot = load(p)?;
        }
        let o = read_options(opts, options_defaults(), "opts")?;
        let options = BanditOptions {
            top_two_beta: o.top_two_beta,
        };
        let bandit = Bandit::new(&arms[..n_priors], k, options)?;
        new_handle(out, bk_bandit(bandit.into()))
    }
}

/// Creates a bandit of `k` Beta arms (1 ≤ k ≤ `BK_MAX_BANDIT_ARMS`) with no
/// data: `priors` holds 1 prior (for every arm) or `k` (one per arm), as
/// `n_priors` says. `opts` may be NULL for the defaults. Free it with
/// [`bk_bandit_free`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_new_beta(
    priors: *const bk_beta,
    n_priors: usize,
    k: usize,
    opts: *const bk_bandit_options,
    out: *mut *mut bk_bandit,
) -> bk_status {
    unsafe {
        guard(|| {
            new_into(priors, n_priors, k, opts, out, |p: &bk_beta| {
                Beta::new(p.alpha, p.beta)
            })
        })
    }
}

/// As [`bk_bandit_new_beta`], for Gamma arms (Poisson counts with exposure).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_new_gamma(
    priors: *const bk_gamma,
    n_priors: usize,
    k: usize,
    opts: *const bk_bandit_options,
    out: *mut *mut bk_bandit,
) -> bk_status {
    unsafe {
        guard(|| {
            new_into(priors, n_priors, k, opts, out, |p: &bk_gamma| {
                Gamma::new(p.shape, p.rate)
            })
        })
    }
}

/// As [`bk_bandit_new_beta`], for Normal–Gamma arms (Normal rewards of
/// unknown mean and variance; the arms are compared by their mean).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_new_normal_gamma(
    priors: *const bk_normal_gamma,
    n_priors: usize,
    k: usize,
    opts: *const bk_bandit_options,
    out: *mut *mut bk_bandit,
) -> bk_status {
    unsafe {
        guard(|| {
            new_into(priors, n_priors, k, opts, out, |p: &bk_normal_gamma| {
                NormalGamma::new(p.m, p.kappa, p.alpha, p.beta)
            })
        })
    }
}

/// Frees a bandit. NULL is a no-op.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call (nor during it, by another thread).
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_free(bandit: *mut bk_bandit) {
    unsafe { free_handle(bandit) }
}

/// Writes the number of arms to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_arms(bandit: *const bk_bandit, out: *mut usize) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            put(out, "out", b.0.arms())
        })
    }
}

/// Writes the family of the bandit's arms (`BK_BANDIT_*`) to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_family_of(
    bandit: *const bk_bandit,
    out: *mut bk_bandit_family,
) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            let f = match b.0 {
                AnyBandit::Beta(_) => BK_BANDIT_BETA,
                AnyBandit::Gamma(_) => BK_BANDIT_GAMMA,
                AnyBandit::NormalGamma(_) => BK_BANDIT_NORMAL_GAMMA,
            };
            put(out, "out", f)
        })
    }
}

/// Thompson sampling: draws each arm's value once from its posterior and
/// writes the arm with the largest draw to `*arm`. Draws from `rng` (give
/// each thread its own); allocates nothing.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_choose(
    bandit: *const bk_bandit,
    rng: *mut bk_rng,
    arm: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            let r = deref_mut(rng, "rng")?;
            need(arm, "arm")?;
            put(arm, "arm", b.0.choose(&mut r.0))
        })
    }
}

/// Top-two Thompson sampling (Russo 2016) for finding the best arm: the
/// leader with probability `top_two_beta`, else a challenger (redrawn until
/// another arm leads, at most `TOP_TWO_MAX_REDRAWS` = 16 times, then the
/// arm other than the leader with the largest draw of the last redraw).
/// Allocates nothing.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_choose_top_two(
    bandit: *const bk_bandit,
    rng: *mut bk_rng,
    arm: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            let r = deref_mut(rng, "rng")?;
            need(arm, "arm")?;
            put(arm, "arm", b.0.choose_top_two(&mut r.0))
        })
    }
}

/// Adds one observation of weight `weight` (finite, ≥ 0; 1 for an ordinary
/// one) to `arm`: `value` successes of `size` trials (Beta), a count `value`
/// over exposure `size` (Gamma), the observation `value` with `size` 1
/// (Normal–Gamma). Updates commute, so late rewards are applied when they
/// arrive. On error the bandit is unchanged.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_update(
    bandit: *const bk_bandit,
    arm: usize,
    value: f64,
    size: f64,
    weight: f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            Ok(b.0.update_weighted(arm, value, size, weight)?)
        })
    }
}

/// Applies `n` updates at once (all or none: on error nothing is applied):
/// update i is `(arms[i], values[i], sizes[i], weights[i])` as in
/// [`bk_bandit_update`]; `sizes` NULL means every size is 1 (Bernoulli
/// rewards 0/1, Normal observations), `weights` NULL every weight 1.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_update_batch(
    bandit: *const bk_bandit,
    arms: *const usize,
    values: *const f64,
    sizes: *const f64,
    weights: *const f64,
    n: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            let arms = slice(arms, n, "arms")?;
            let values = slice(values, n, "values")?;
            let sizes = if sizes.is_null() {
                None
            } else {
                Some(slice(sizes, n, "sizes")?)
            };
            let weights = if weights.is_null() {
                None
            } else {
                Some(slice(weights, n, "weights")?)
            };
            let mut updates = Vec::new();
            bayeskit::limits::try_reserve(&mut updates, n, "bandit updates")?;
            for i in 0..n {
                updates.push(Update {
                    arm: arms[i],
                    value: values[i],
                    size: sizes.map_or(1.0, |s| s[i]),
                    weight: weights.map_or(1.0, |w| w[i]),
                });
            }
            Ok(b.0.update_batch(&updates)?)
        })
    }
}

/// Exponential forgetting: multiplies every arm's observed statistics by
/// `gamma` in (0, 1] (the priors are not discounted), moving each posterior
/// towards its prior. Call once per period.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_discount(bandit: *const bk_bandit, gamma: f64) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            Ok(b.0.discount(gamma)?)
        })
    }
}

fn wrong_family(want: &str) -> Error {
    Error::invalid(format!("the bandit's arms are not {want}"))
}

/// Writes the posterior of `arm` of a Beta bandit to `*out`
/// (`BK_ERR_INVALID_ARGUMENT` for another family).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_posterior_beta(
    bandit: *const bk_bandit,
    arm: usize,
    out: *mut bk_beta,
) -> bk_status {
    unsafe {
        guard(|| {
            let AnyBandit::Beta(b) = &deref(bandit, "bandit")?.0 else {
                return Err(wrong_family("Beta").into());
            };
            need(out, "out")?;
            let p = b.posterior(arm)?;
            put(
                out,
                "out",
                bk_beta {
                    alpha: p.alpha(),
                    beta: p.beta(),
                },
            )
        })
    }
}

/// Writes the posterior of `arm` of a Gamma bandit to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_posterior_gamma(
    bandit: *const bk_bandit,
    arm: usize,
    out: *mut bk_gamma,
) -> bk_status {
    unsafe {
        guard(|| {
            let AnyBandit::Gamma(b) = &deref(bandit, "bandit")?.0 else {
                return Err(wrong_family("Gamma").into());
            };
            need(out, "out")?;
            let p = b.posterior(arm)?;
            put(
                out,
                "out",
                bk_gamma {
                    shape: p.shape(),
                    rate: p.rate(),
                },
            )
        })
    }
}

/// Writes the posterior of `arm` of a Normal–Gamma bandit to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_posterior_normal_gamma(
    bandit: *const bk_bandit,
    arm: usize,
    out: *mut bk_normal_gamma,
) -> bk_status {
    unsafe {
        guard(|| {
            let AnyBandit::NormalGamma(b) = &deref(bandit, "bandit")?.0 else {
                return Err(wrong_family("Normal-Gamma").into());
            };
            need(out, "out")?;
            let (m, kappa, alpha, beta) = b.posterior(arm)?.params();
            put(
                out,
                "out",
                bk_normal_gamma {
                    m,
                    kappa,
                    alpha,
                    beta,
                },
            )
        })
    }
}

/// For a stopping rule: writes each arm's probability of being best to
/// `prob_best[0..k]` (exact by quadrature for Beta and Gamma arms, Monte
/// Carlo for Normal–Gamma) and its expected loss E[max_j θ_j − θ_i] to
/// `expected_loss[0..k]` (Monte Carlo), and the value remaining of stopping
/// now with the most probably best arm (Scott 2015) to `*out`. `k` must be
/// the bandit's number of arms; `opts` may be NULL for the defaults. Draws
/// come from `rng`. Outputs are written only on success.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_bandit_report(
    bandit: *const bk_bandit,
    rng: *mut bk_rng,
    opts: *const bk_bandit_report_options,
    prob_best: *mut f64,
    expected_loss: *mut f64,
    k: usize,
    out: *mut bk_bandit_summary,
) -> bk_status {
    unsafe {
        guard(|| {
            let b = deref(bandit, "bandit")?;
            let r = deref_mut(rng, "rng")?;
            let o = read_options(opts, report_defaults(), "opts")?;
            let arms = b.0.arms();
            check_len("prob_best", k, arms)?;
            let pb_out = slice_mut(prob_best, k, "prob_best")?;
            let loss_out = slice_mut(expected_loss, k, "expected_loss")?;
            need(out, "out")?;
            super::disjoint(&[
                super::region(prob_best, k, true, "prob_best"),
                super::region(expected_loss, k, true, "expected_loss"),
            ])?;
            let (mut pb, mut loss) = ([0.0; MAX_BANDIT_ARMS], [0.0; MAX_BANDIT_ARMS]);
            let opts = ReportOptions {
                draws: o.draws,
                level: o.level,
            };
            let rep: Report = b.0.report(&mut r.0, opts, &mut pb[..k], &mut loss[..k])?;
            // The largest standard error of a Monte Carlo P(best).
            let p_se = pb[..k]
                .iter()
                .copied()
                .min_by(|a, b| (a - 0.5).abs().total_cmp(&(b - 0.5).abs()))
                .unwrap_or(0.5);
            let summary = bk_bandit_summary {
                struct_size: 0,
                reserved: 0,
                best: rep.best as u64,
                value_remaining: rep.value_remaining,
                value_remaining_relative: rep.value_remaining_relative,
                draws: rep.draws,
                prob_best_method: method_out(rep.prob_best_method, p_se),
            };
            put_versioned(out, "out", summary)?;
            pb_out.copy_from_slice(&pb[..k]);
            loss_out.copy_from_slice(&loss[..k]);
            Ok(())
        })
    }
}
