//! C ABI of the uncertainty of sparse logistic models: Laplace covariances
//! ([`bk_logistic_laplace`] and the covariance accessors), moderated and
//! Monte Carlo predictive probabilities, and the regularisation path with
//! k-fold cross-validation ([`bk_logistic_path`]).
//!
//! Ownership as in the rest of the logistic API: every handle is made by one
//! constructor and released by its own `*_free`; arrays passed in are only
//! read during the call. Models and paths are immutable (any number of
//! threads may use one at once); a `bk_rng` is not.
//!
//! Covariance blocks are K×K symmetric matrices stored packed: the lower
//! triangle row by row, entry (r, c) with r ≥ c at `r·(r+1)/2 + c`, so a
//! block has `K·(K+1)/2` values.

use super::logistic::{
    bk_laplace_method, bk_logistic_data, bk_logistic_model, bk_logistic_train_options, check_batch, check_k,
    class_weights_in, indptr_in, laplace_code, train_defaults, train_options_in, BK_LAPLACE_BLOCKS,
    BK_LAPLACE_FULL, BK_LAPLACE_NONE,
};
use super::{
    array_len, bk_rng, bk_status, deref, deref_mut, disjoint, free_handle, guard, need, new_handle, put,
    put_versioned, read_options, region, slice, slice_mut, FfiResult,
};
use bayeskit::limits::{MAX_CLASSES, MAX_MC_DRAWS};
use bayeskit::logistic::{
    check_draws, cross_validate, laplace, mc_scratch_len, packed_len, path, Choice, CvOptions, CvPoint,
    Lambdas, LaplaceMethod, McOptions, Model, Path, PathOptions,
};
use bayeskit::Error;

// ---------------------------------------------------------------- helpers

/// The model's covariances, or the error every covariance call gives without them.
fn require_covariance(m: &Model) -> FfiResult<&bayeskit::logistic::Covariance> {
    m.covariance().ok_or_else(|| {
        Error::invalid(
            "the model has no Laplace covariances: train it with the Laplace option \
             (blocks or full) or add them to the trained model with the Laplace call",
        )
        .into()
    })
}

/// A packed block into the caller's `out` of exactly `K·(K+1)/2` values.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn block_out(block: Option<&[f64]>, k: usize, out: *mut f64, len: usize) -> FfiResult<()> {
    unsafe {
        need(out, "out")?;
        let t = packed_len(k);
        if len != t {
            return Err(Error::invalid(format!(
                "len = {len}, but a packed {k}×{k} block has K·(K+1)/2 = {t} values"
            ))
            .into());
        }
        let out = slice_mut(out, len, "out")?;
        match block {
            Some(b) => out.copy_from_slice(b),
            None => out.fill(0.0),
        }
        Ok(())
    }
}

fn method_code(m: &Model) -> bk_laplace_method {
    laplace_code(m.covariance().map(|c| c.method()))
}

// ---------------------------------------------------------------- Laplace

/// Computes the Laplace approximation at the weights of `model` on `data`
/// (the data it was trained on, with the same class weights) and writes a
/// new model handle — `model`'s weights plus the covariances — to `*out`; the
/// caller owns it: release it with `bk_logistic_model_free`. `model` and
/// `data` are only read; a model that already has covariances gets them
/// replaced in the copy.
///
/// - `method`: `BK_LAPLACE_BLOCKS` (per-feature K×K blocks of the Hessian,
///   one pass over the data, any number of features; ignores correlations
///   between features) or `BK_LAPLACE_FULL` (the exact dense inverse over
///   the active weights, up to 3000 parameters).
/// - `class_weights`: NULL (with `k` ignored) or `k` values, `k` = the
///   model's classes, multiplied into the row weights as in
///   `bk_logistic_train_weighted`.
///
/// Weights that are exactly zero get variance 0; blocks with all K weights
/// active and the intercepts are reported in the sum-to-zero gauge (see
/// docs/logistic-uncertainty.md).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `model`,
/// `data` or `out`; `BK_ERR_INVALID_ARGUMENT` for `method` not
/// `BK_LAPLACE_BLOCKS`/`_FULL`, `k` not the model's classes, a bad class
/// weight, data whose classes or feature count differ from the model's,
/// weights that sum to 0, or `BK_LAPLACE_FULL` with more than 3000
/// parameters.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_laplace(
    model: *const bk_logistic_model,
    data: *const bk_logistic_data,
    method: bk_laplace_method,
    class_weights: *const f64,
    k: usize,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            let d = &deref(data, "data")?.0;
            need(out, "out")?;
            let method = match method {
            BK_LAPLACE_BLOCKS => LaplaceMethod::Blocks,
            BK_LAPLACE_FULL => LaplaceMethod::Full,
            BK_LAPLACE_NONE => {
                return Err(Error::invalid(
                    "method must be blocks or full (got none: to remove covariances, copy the model without them)",
                )
                .into())
            }
            other => return Err(Error::invalid(format!("method must be blocks or full (got {})", other.0)).into()),
        };
            let cw = if class_weights.is_null() {
                None
            } else {
                check_k(k, m.classes())?;
                let w = slice(class_weights, k, "class_weights")?;
                // The core takes class weights as given; training refuses these.
                if let Some(c) = w.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
                    return Err(Error::invalid(format!(
                        "class_weights[{c}] = {} must be finite and >= 0",
                        w[c]
                    ))
                    .into());
                }
                Some(w)
            };
            let with = laplace(m, d, method, cw)?;
            new_handle(out, bk_logistic_model::new(with))
        })
    }
}

/// Writes how the model's covariances were computed to `*method`:
/// `BK_LAPLACE_NONE` (the model has none), `BK_LAPLACE_BLOCKS` or
/// `BK_LAPLACE_FULL`.
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `model` or `method`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_laplace(
    model: *const bk_logistic_model,
    method: *mut bk_laplace_method,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            put(method, "method", method_code(m))
        })
    }
}

/// Writes a new handle to a copy of `model` without Laplace covariances to
/// `*out` — the same weights, labels, feature space and training metadata,
/// the same bytes as the model trained with `BK_LAPLACE_NONE` — e.g. to
/// ship a smaller model (covariances take about 4·K(K+1) bytes per stored
/// feature) for point predictions; the caller owns it: release it with
/// `bk_logistic_model_free`. `model` is only read, and may have no
/// covariances (the copy is then the same model). The inverse of
/// [`bk_logistic_laplace`].
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `model` or
/// `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_without_covariances(
    model: *const bk_logistic_model,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(out, "out")?;
            new_handle(out, bk_logistic_model::new(m.without_covariance()))
        })
    }
}

/// Copies the packed K×K Laplace covariance of the K weights of feature
/// `feature_id` into the caller's `out` (`len` = K·(K+1)/2 values; entry
/// (r, c), r ≥ c, at `r·(r+1)/2 + c`). A feature without stored weights (all
/// K exactly zero) has the zero block: the approximation holds its weights
/// at 0. Does not allocate.
///
/// Errors (`out` untouched): `BK_ERR_NULL_POINTER` for a NULL `model` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for a model without covariances, a
/// `feature_id` outside the model's feature space, or a wrong `len`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_covariance(
    model: *const bk_logistic_model,
    feature_id: u32,
    out: *mut f64,
    len: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(out, "out")?;
            require_covariance(m)?;
            let n = m.features().len();
            if feature_id as usize >= n {
                return Err(Error::invalid(format!(
                    "feature_id {feature_id} out of range (the model has {n} features)"
                ))
                .into());
            }
            block_out(m.covariance_of(feature_id), m.classes(), out, len)
        })
    }
}

/// Copies the packed K×K Laplace covariance of the K intercepts (in the
/// sum-to-zero gauge) into the caller's `out` (`len` = K·(K+1)/2 values).
///
/// Errors (`out` untouched): `BK_ERR_NULL_POINTER` for a NULL `model` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for a model without covariances or a
/// wrong `len`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_intercept_covariance(
    model: *const bk_logistic_model,
    out: *mut f64,
    len: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(out, "out")?;
            let cov = require_covariance(m)?;
            block_out(Some(cov.intercept()), m.classes(), out, len)
        })
    }
}

// ---------------------------------------------------------------- predictive

/// Writes the moderated class probabilities of one sparse row into
/// `proba_out` and the variances of its K logits into `logit_var_out` (`k`
/// values each, `k` = the model's classes). Under the Laplace approximation
/// logit c is Gaussian with variance σ_c² = Σ_b(c,c) + Σ_j x_j²·Σ_j(c,c)
/// (features taken as independent); each logit is scaled by
/// (1 + π·σ_c²/8)^(−1/2) before the softmax (MacKay), which pulls an
/// uncertain prediction towards uniform. The row is as in
/// `bk_logistic_model_predict_proba` (ids in any order; ids outside the
/// feature space and features without weights are ignored), but give each id
/// once: a repeated id adds up in the logits, while its variance is counted
/// per entry (x₁² + x₂², not (x₁ + x₂)²). Does not allocate; `model` may be
/// used by other threads at the same time.
///
/// Errors (outputs untouched): `BK_ERR_NULL_POINTER` for a NULL `model`,
/// `proba_out` or `logit_var_out`, or a NULL `ids`/`values` with `nnz > 0`;
/// `BK_ERR_INVALID_ARGUMENT` for a model without covariances, `k` not the
/// model's classes, or output arrays that overlap each other or `values`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_predict_moderated(
    model: *const bk_logistic_model,
    ids: *const u32,
    values: *const f64,
    nnz: usize,
    proba_out: *mut f64,
    logit_var_out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(proba_out, "proba_out")?;
            need(logit_var_out, "logit_var_out")?;
            require_covariance(m)?;
            check_k(k, m.classes())?;
            let ids = slice(ids, nnz, "ids")?;
            let vs = slice(values, nnz, "values")?;
            disjoint(&[
                region(vs.as_ptr(), nnz, false, "values"),
                region(proba_out, k, true, "proba_out"),
                region(logit_var_out, k, true, "logit_var_out"),
            ])?;
            let p = slice_mut(proba_out, k, "proba_out")?;
            let v = slice_mut(logit_var_out, k, "logit_var_out")?;
            Ok(m.predict_moderated(ids, vs, p, v)?)
        })
    }
}

/// [`bk_logistic_model_predict_moderated`] for the `n_rows` rows of a CSR
/// matrix (as in `bk_logistic_model_predict_proba_batch`): `proba_out` and
/// `logit_var_out` receive `n_rows · k` values each, row-major, each row bit
/// for bit the single-row result. `logit_var_out` may be NULL if the
/// variances are not wanted. Does not allocate.
///
/// Errors (outputs untouched): `BK_ERR_NULL_POINTER` for a NULL `model`,
/// `indptr` or `proba_out` (with `n_rows > 0`), or a NULL `indices`/`values`
/// with `nnz > 0`; `BK_ERR_INVALID_ARGUMENT` for a model without
/// covariances, `k` not the model's classes, a bad `indptr`, overlapping
/// arrays, or a row with a value that is not finite or logits (or logit
/// variances) that overflow (every row is checked before anything is written).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_predict_moderated_batch(
    model: *const bk_logistic_model,
    indptr: *const usize,
    n_rows: usize,
    indices: *const u32,
    values: *const f64,
    nnz: usize,
    proba_out: *mut f64,
    logit_var_out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            let p = indptr_in(indptr, n_rows, nnz)?;
            let ix = slice(indices, nnz, "indices")?;
            let vs = slice(values, nnz, "values")?;
            let n = array_len::<f64>(n_rows, k, "proba_out")?;
            if n > 0 {
                need(proba_out, "proba_out")?;
            }
            require_covariance(m)?;
            check_k(k, m.classes())?;
            let var_len = if logit_var_out.is_null() { 0 } else { n };
            disjoint(&[
                region(vs.as_ptr(), nnz, false, "values"),
                region(proba_out, n, true, "proba_out"),
                region(logit_var_out, var_len, true, "logit_var_out"),
            ])?;
            check_batch(m, p, ix, vs, true)?;
            let out = slice_mut(proba_out, n, "proba_out")?;
            if logit_var_out.is_null() {
                // An empty variance buffer: the core computes them class by class.
                for (o, w) in out.chunks_exact_mut(k).zip(p.windows(2)) {
                    m.predict_moderated(&ix[w[0]..w[1]], &vs[w[0]..w[1]], o, &mut [])?;
                }
            } else {
                let var = slice_mut(logit_var_out, n, "logit_var_out")?;
                for ((o, v), w) in out
                    .chunks_exact_mut(k)
                    .zip(var.chunks_exact_mut(k))
                    .zip(p.windows(2))
                {
                    m.predict_moderated(&ix[w[0]..w[1]], &vs[w[0]..w[1]], o, v)?;
                }
            }
            Ok(())
        })
    }
}

/// Options of [`bk_logistic_model_predict_mc`]. Fill with
/// [`bk_logistic_mc_options_default`], then change what you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_mc_options {
    /// `sizeof(bk_logistic_mc_options)`, set by the default function.
    pub struct_size: u32,
    /// Draws of the logits, 2 to `BK_MAX_MC_DRAWS`. Default 1000.
    pub draws: u64,
    /// Central probability of the reported interval, in (0, 1). Default 0.95.
    pub level: f64,
}

super::versioned! {
    bk_logistic_mc_options { draws, level }
    bk_logistic_path_options { n_lambdas, min_ratio, lambdas, n_values, seed, folds, choice, early_stop }
    bk_logistic_step { gap }
    bk_logistic_cv_summary {}
}

/// The defaults of [`bk_logistic_mc_options`], from the core's
/// `McOptions::default()`.
fn mc_defaults() -> bk_logistic_mc_options {
    let d = McOptions::default();
    bk_logistic_mc_options {
        struct_size: std::mem::size_of::<bk_logistic_mc_options>() as u32,
        draws: d.draws as u64,
        level: d.level,
    }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_mc_options_default(opts: *mut bk_logistic_mc_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", mc_defaults())) }
}

/// The scratch length of K classes and `draws` draws, or None if it overflows.
/// [`mc_scratch_len`] when a buffer that long can exist (it saturates to
/// `usize::MAX` on overflow).
fn mc_scratch(k: usize, draws: usize) -> Option<usize> {
    let n = mc_scratch_len(k, draws);
    (draws <= MAX_MC_DRAWS && n <= isize::MAX as usize / std::mem::size_of::<f64>()).then_some(n)
}

/// The number of doubles of the `scratch` buffer
/// [`bk_logistic_model_predict_mc`] needs for `k` classes and `draws` draws:
/// 2·k² + 2·k + draws·k. 0 for `draws` above `BK_MAX_MC_DRAWS` or a length
/// that does not fit in memory (the call would refuse such `draws`). Never fails.
///
/// Deprecated: use [`bk_logistic_mc_scratch_size`], which refuses bad input
/// with a status and a message instead of returning 0 (and takes `draws` as
/// the `uint64_t` of `bk_logistic_mc_options`). Kept, unchanged, until the
/// next release that may break the ABI (0.4; `docs/abi-policy.md`).
#[no_mangle]
pub extern "C" fn bk_logistic_mc_scratch_len(k: usize, draws: usize) -> usize {
    mc_scratch(k, draws).unwrap_or(0)
}

/// Writes to `*len` the number of doubles of the `scratch` buffer
/// [`bk_logistic_model_predict_mc`] needs for a model of `k` classes and
/// `draws` draws (the `draws` of its `bk_logistic_mc_options`):
/// 2·k² + 2·k + draws·k. A larger buffer works as well (the call uses the
/// first `*len` doubles), so one buffer sized for the most draws serves
/// every call with fewer.
///
/// ```c
/// size_t n;
/// if (bk_logistic_mc_scratch_size(k, opts.draws, &n) == BK_OK) {
///   double *scratch = malloc(n * sizeof *scratch);
///   bk_logistic_model_predict_mc(model, ids, values, nnz, rng, &opts, scratch, n, mean, lo, hi, k);
/// }
/// ```
///
/// Errors (`*len` untouched): `BK_ERR_NULL_POINTER` for a NULL `len`;
/// `BK_ERR_INVALID_ARGUMENT` for `k` outside 2..=`BK_MAX_CLASSES`, `draws`
/// outside 2..=`BK_MAX_MC_DRAWS`, or a size too large for memory (on a
/// 32-bit platform).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_mc_scratch_size(k: usize, draws: u64, len: *mut usize) -> bk_status {
    unsafe {
        guard(|| {
            need(len, "len")?;
            if !(2..=MAX_CLASSES).contains(&k) {
                return Err(Error::invalid(format!("k must be in 2..={MAX_CLASSES}, got {k}")).into());
            }
            check_draws(draws)?;
            let n = usize::try_from(draws)
                .ok()
                .and_then(|d| mc_scratch(k, d))
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "{draws} draws of {k} classes need more memory than exists"
                    ))
                })?;
            put(len, "len", n)
        })
    }
}

/// The Monte Carlo predictive of one sparse row: draws the K logits `draws`
/// times from their Gaussian under the Laplace approximation (mean the point
/// logits, covariance Σ_b + Σ_j x_j²·Σ_j), and writes per class the mean of
/// the drawn probabilities to `mean` and the central `level` interval (type-7
/// quantiles) to `lower` and `upper` (`k` values each, `k` = the model's
/// classes). `opts` may be NULL for the defaults (1000 draws, level 0.95).
/// Give each id of the row once (see
/// [`bk_logistic_model_predict_moderated`]).
///
/// `scratch` is caller memory of `scratch_len` doubles, at least
/// [`bk_logistic_mc_scratch_size`]`(k, draws)`, so the call does not
/// allocate; it uses the first that many, whose contents afterwards are
/// unspecified, and leaves the rest untouched. `rng` is advanced (only
/// on success): the same seed gives bit-identical results on every platform
/// and binding. `model` may be used by other threads at the same time, `rng`
/// not.
///
/// Errors (outputs, scratch and `rng` untouched): `BK_ERR_NULL_POINTER` for a
/// NULL `model`, `rng`, `scratch`, `mean`, `lower` or `upper`, or a NULL
/// `ids`/`values` with `nnz > 0`; `BK_ERR_INVALID_ARGUMENT` for a model
/// without covariances, `k` not the model's classes, `draws` outside
/// 2..=`BK_MAX_MC_DRAWS`, `level` outside (0, 1), `struct_size < 4`, a
/// `scratch_len` below the size needed, or arrays that overlap (the part
/// of `scratch` the call uses counts).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_predict_mc(
    model: *const bk_logistic_model,
    ids: *const u32,
    values: *const f64,
    nnz: usize,
    rng: *mut bk_rng,
    opts: *const bk_logistic_mc_options,
    scratch: *mut f64,
    scratch_len: usize,
    mean: *mut f64,
    lower: *mut f64,
    upper: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(rng, "rng")?;
            need(scratch, "scratch")?;
            need(mean, "mean")?;
            need(lower, "lower")?;
            need(upper, "upper")?;
            let o = read_options(opts, mc_defaults(), "opts")?;
            require_covariance(m)?;
            check_k(k, m.classes())?;
            check_draws(o.draws)?;
            let draws = usize::try_from(o.draws)
                .ok()
                .filter(|&d| mc_scratch(k, d).is_some())
                .ok_or_else(|| Error::invalid(format!("draws = {} is too large for {k} classes", o.draws)))?;
            if !(o.level > 0.0 && o.level < 1.0) {
                return Err(Error::invalid(format!("level must be in (0, 1), got {}", o.level)).into());
            }
            let need_len = mc_scratch(k, draws).unwrap_or(0);
            if scratch_len < need_len {
                return Err(Error::invalid(format!(
                    "scratch has {scratch_len} values, but {k} classes and {draws} draws need {need_len}"
                ))
                .into());
            }
            // Only the part the draws use is touched (a larger buffer may hold other data).
            let scratch_len = need_len;
            let ids = slice(ids, nnz, "ids")?;
            let vs = slice(values, nnz, "values")?;
            disjoint(&[
                region(vs.as_ptr(), nnz, false, "values"),
                region(scratch, scratch_len, true, "scratch"),
                region(mean, k, true, "mean"),
                region(lower, k, true, "lower"),
                region(upper, k, true, "upper"),
            ])?;
            let rng = &mut deref_mut(rng, "rng")?.0;
            let scratch = slice_mut(scratch, scratch_len, "scratch")?;
            let (mean, lower, upper) = (
                slice_mut(mean, k, "mean")?,
                slice_mut(lower, k, "lower")?,
                slice_mut(upper, k, "upper")?,
            );
            let mc = McOptions {
                draws,
                level: o.level,
            };
            Ok(m.predict_mc(ids, vs, rng, &mc, scratch, mean, lower, upper)?)
        })
    }
}

// ---------------------------------------------------------------- path and CV

/// Which λ cross-validation picks: one of the `BK_CV_*` values (a
/// `uint32_t`; others are refused with `BK_ERR_INVALID_ARGUMENT`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_cv_choice(pub u32);

/// Cross-validation picks the λ with the smallest mean held-out log-loss.
pub const BK_CV_MIN: bk_cv_choice = bk_cv_choice(0);
/// Cross-validation picks the largest λ whose mean held-out log-loss is
/// within one standard error of the smallest (a sparser model that predicts
/// about as well).
pub const BK_CV_ONE_SE: bk_cv_choice = bk_cv_choice(1);

/// Options of [`bk_logistic_path_fit`]. Fill with
/// [`bk_logistic_path_options_default`], then change what you need. Flags
/// are `uint8_t`: 0 is false, any other value true.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_path_options {
    /// `sizeof(bk_logistic_path_options)`, set by the default function.
    pub struct_size: u32,
    /// The grid: this many λ values (≥ 2) from λ_max down to
    /// λ_max·`min_ratio`, evenly spaced in log λ. Default 20.
    pub n_lambdas: u32,
    /// The grid's λ_min/λ_max, in (0, 1). Default 1e-3.
    pub min_ratio: f64,
    /// Explicit λ values instead of the grid (strictly decreasing, finite,
    /// > 0), or NULL (the default) for the grid. Only read during the call.
    pub lambdas: *const f64,
    /// Number of values at `lambdas` (≥ 1 when `lambdas` is not NULL).
    pub n_values: usize,
    /// The seed of the stratified fold assignment. Default 0.
    pub seed: u64,
    /// 0 (the default): the path only; ≥ 2: k-fold cross-validation over it.
    pub folds: u32,
    /// Which λ cross-validation picks: `BK_CV_MIN` (the default) or
    /// `BK_CV_ONE_SE`.
    pub choice: bk_cv_choice,
    /// Stop a grid early once the training loss stops improving (relative
    /// gain below 1e-5) or explains 99.9 % of the null loss (glmnet's rule).
    /// Explicit values always run to the end. Default 1.
    pub early_stop: u8,
}

/// The `BK_CV_*` value of a choice.
fn choice_code(c: Choice) -> bk_cv_choice {
    match c {
        Choice::Min => BK_CV_MIN,
        Choice::OneSe => BK_CV_ONE_SE,
    }
}

/// The defaults of [`bk_logistic_path_options`], from the core's
/// `PathOptions::default()` (a grid: no explicit values) and, for the
/// cross-validation a caller asks for, `CvOptions::default()`. `folds` 0 is
/// not a number of folds but "no cross-validation": by default the call fits
/// the path alone, as the core's `path` does.
fn path_defaults() -> bk_logistic_path_options {
    let d = PathOptions::default();
    let cv = CvOptions::default();
    let Lambdas::Grid { count, min_ratio } = d.lambdas else {
        unreachable!("the core's default λ sequence is a grid (no explicit values in C)")
    };
    bk_logistic_path_options {
        struct_size: std::mem::size_of::<bk_logistic_path_options>() as u32,
        n_lambdas: u32::try_from(count).unwrap_or(u32::MAX),
        min_ratio,
        lambdas: std::ptr::null(),
        n_values: 0,
        seed: cv.seed,
        folds: 0,
        choice: choice_code(cv.choice),
        early_stop: d.early_stop as u8,
    }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_options_default(opts: *mut bk_logistic_path_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", path_defaults())) }
}

/// What cross-validation found, kept with the path.
struct Cv {
    points: Vec<CvPoint>,
    folds: usize,
    seed: u64,
    choice: bk_cv_choice,
    best: usize,
    one_se: usize,
    chosen: usize,
    model: Model,
}

/// A fitted regularisation path (opaque, immutable; may be used from several
/// threads at once): the models at a decreasing sequence of λ and, if asked
/// for, the cross-validated choice among them. Made by
/// [`bk_logistic_path_fit`] or [`bk_logistic_path_fit_weighted`]; the caller
/// owns it and releases it with [`bk_logistic_path_free`]. Models taken from
/// it are copies with their own handles.
pub struct bk_logistic_path {
    path: Path,
    cv: Option<Cv>,
}

/// One fit of a path ([`bk_logistic_path_step`]).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_step {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// Proximal Newton iterations of this fit (warm-started from the previous).
    pub iterations: u32,
    /// 1 if the fit met the tolerance, 0 if the iterations ran out.
    pub converged: u32,
    /// Always 0.
    pub reserved: u32,
    /// The penalty λ.
    pub lambda: f64,
    /// The training loss: weighted mean log-loss (class weights included).
    pub loss: f64,
    /// The final objective (loss plus penalty).
    pub objective: f64,
    /// Mean over the folds of the held-out log-loss; NaN without CV.
    pub cv_mean: f64,
    /// Standard error of `cv_mean` (the folds' standard deviation / √folds);
    /// NaN without CV.
    pub cv_se: f64,
    /// Non-zero weights of the model (intercepts not counted).
    pub nnz: u64,
    /// The relative duality gap (F − D)/F: an upper bound on the fit's relative
    /// suboptimality (F − F*)/F. A later field than the others: a caller's
    /// struct that ends at `nnz` is filled up to there.
    pub gap: f64,
}

/// The outcome of cross-validation ([`bk_logistic_path_cv`]).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_cv_summary {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// The rule used: `BK_CV_MIN` or `BK_CV_ONE_SE`.
    pub choice: bk_cv_choice,
    /// Number of folds.
    pub folds: usize,
    /// The seed of the fold assignment.
    pub seed: u64,
    /// Step index of the λ with the smallest mean held-out loss.
    pub best: usize,
    /// Step index of the largest λ within one standard error of the best.
    pub one_se: usize,
    /// Step index of the chosen λ (`best` or `one_se`, as `choice` asked).
    pub chosen: usize,
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn path_fit_in(
    data: *const bk_logistic_data,
    train_opts: *const bk_logistic_train_options,
    path_opts: *const bk_logistic_path_options,
    class_weights: Option<(*const f64, usize)>,
    out: *mut *mut bk_logistic_path,
) -> FfiResult<()> {
    unsafe {
        let d = &deref(data, "data")?.0;
        need(out, "out")?;
        let t = read_options(train_opts, train_defaults(), "train_opts")?;
        let p = read_options(path_opts, path_defaults(), "path_opts")?;
        let cw = match class_weights {
            None => None,
            Some((w, k)) => Some(class_weights_in(w, k, d)?),
        };
        let lambdas = if p.lambdas.is_null() {
            if p.n_values > 0 {
                return Err(super::Failure::Null("path_opts.lambdas"));
            }
            Lambdas::Grid {
                count: p.n_lambdas as usize,
                min_ratio: p.min_ratio,
            }
        } else {
            if p.n_values == 0 {
                return Err(Error::invalid("path_opts.lambdas is set but n_values = 0").into());
            }
            Lambdas::Values(slice(p.lambdas, p.n_values, "path_opts.lambdas")?.to_vec())
        };
        let choice = match p.choice {
            BK_CV_MIN => Choice::Min,
            BK_CV_ONE_SE => Choice::OneSe,
            other => {
                return Err(Error::invalid(format!("choice must be min or one_se (got {})", other.0)).into())
            }
        };
        if p.folds == 1 {
            return Err(Error::invalid("folds must be 0 (no cross-validation) or >= 2, got 1").into());
        }
        let opts = PathOptions {
            lambdas,
            early_stop: p.early_stop != 0,
            train: train_options_in(&t, cw)?,
        };
        let handle = if p.folds == 0 {
            bk_logistic_path {
                path: path(d, &opts)?,
                cv: None,
            }
        } else {
            let cvo = CvOptions {
                folds: p.folds as usize,
                seed: p.seed,
                choice,
            };
            let r = cross_validate(d, &opts, &cvo)?;
            bk_logistic_path {
                path: r.path,
                cv: Some(Cv {
                    points: r.points,
                    folds: cvo.folds,
                    seed: cvo.seed,
                    choice: p.choice,
                    best: r.best,
                    one_se: r.one_se,
                    chosen: r.chosen,
                    model: r.model,
                }),
            }
        };
        new_handle(out, handle)
    }
}

/// Fits the regularisation path of `data` and, with `path_opts->folds ≥ 2`,
/// cross-validates it; writes the new path handle to `*out`; the caller owns
/// it: release it with [`bk_logistic_path_free`]. `data` (and the λ array of
/// the options) are only read. Either options pointer may be NULL for the
/// defaults.
///
/// Each fit starts from the previous optimum, from λ_max (the smallest λ at
/// which every weight is zero) down the grid or through the explicit values.
/// Of `train_opts`, `lambda` is ignored; `threads` parallelises each fit and,
/// with CV, runs the folds concurrently (results do not depend on it);
/// `laplace` sets the covariances: without CV every step's model gets them;
/// with CV only the chosen model does (the step models of a cross-validated
/// path have none).
///
/// Cross-validation deals each class's rows, shuffled with `seed`, to
/// `folds` stratified folds, fits every fold's complement along the full
/// path's λ values and scores the held-out rows by weighted mean log-loss;
/// the chosen model is the full-data path's model at the chosen λ.
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `data` or
/// `out`, or a NULL `lambdas` with `n_values > 0`; `BK_ERR_INVALID_ARGUMENT`
/// for training options as `bk_logistic_train`, `n_lambdas < 2`, `min_ratio`
/// outside (0, 1), explicit values that are not strictly decreasing, finite
/// and > 0 (or `n_values = 0` with `lambdas` set), `folds` = 1 or more than
/// the rows, an unknown `choice`, `struct_size < 4`, or a Laplace method the
/// model is too large for.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_fit(
    data: *const bk_logistic_data,
    train_opts: *const bk_logistic_train_options,
    path_opts: *const bk_logistic_path_options,
    out: *mut *mut bk_logistic_path,
) -> bk_status {
    unsafe { guard(|| path_fit_in(data, train_opts, path_opts, None, out)) }
}

/// [`bk_logistic_path_fit`] with per-class weights (`k` values, `k` = the
/// data's classes, finite, ≥ 0, only read) multiplied into the row weights
/// of every fit, as `bk_logistic_train_weighted`. Held-out losses of CV use
/// the row weights only.
///
/// Errors: as [`bk_logistic_path_fit`], plus `BK_ERR_NULL_POINTER` for a
/// NULL `class_weights` with `k > 0` and `BK_ERR_INVALID_ARGUMENT` for a `k`
/// other than the data's classes or a bad weight.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_fit_weighted(
    data: *const bk_logistic_data,
    train_opts: *const bk_logistic_train_options,
    path_opts: *const bk_logistic_path_options,
    class_weights: *const f64,
    k: usize,
    out: *mut *mut bk_logistic_path,
) -> bk_status {
    unsafe { guard(|| path_fit_in(data, train_opts, path_opts, Some((class_weights, k)), out)) }
}

/// Frees a path. NULL is a no-op. Models taken from it stay valid.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_free(path: *mut bk_logistic_path) {
    unsafe { free_handle(path) }
}

/// Writes the number of fits (steps) of the path to `*out` (≥ 1; fewer than
/// asked for if a grid stopped early).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_len(path: *const bk_logistic_path, out: *mut usize) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(path, "path")?.path.steps.len())) }
}

/// Writes λ_max, the smallest λ at which every weight is zero, to `*out`
/// (for ridge, `l1_ratio` = 0, the λ where the weights are small: the
/// gradient at zero over 10⁻³).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_lambda_max(
    path: *const bk_logistic_path,
    out: *mut f64,
) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(path, "path")?.path.lambda_max)) }
}

/// Writes 1 to `*out` if a grid stopped before its last value (`early_stop`),
/// else 0.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_stopped_early(
    path: *const bk_logistic_path,
    out: *mut u8,
) -> bk_status {
    unsafe { guard(|| put(out, "out", u8::from(deref(path, "path")?.path.stopped_early))) }
}

/// Writes 1 to `*out` if the path was cross-validated (fitted with
/// `path_opts.folds ≥ 2`), else 0: whether [`bk_logistic_path_cv`],
/// [`bk_logistic_path_cv_folds`] and [`bk_logistic_path_chosen_model`]
/// apply to it, without calling one to find out.
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `path` or
/// `out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_has_cv(path: *const bk_logistic_path, out: *mut u8) -> bk_status {
    unsafe { guard(|| put(out, "out", u8::from(deref(path, "path")?.cv.is_some()))) }
}

/// The step `i` of a path, or the error for an index out of range.
fn step_at(p: &bk_logistic_path, i: usize) -> FfiResult<&bayeskit::logistic::PathStep> {
    p.path.steps.get(i).ok_or_else(|| {
        Error::invalid(format!(
            "step {i} out of range (the path has {} steps)",
            p.path.steps.len()
        ))
        .into()
    })
}

/// The cross-validation of a path, or the error for a path without it.
fn cv_of(p: &bk_logistic_path) -> FfiResult<&Cv> {
    p.cv.as_ref()
        .ok_or_else(|| Error::invalid("the path was fitted without cross-validation (folds = 0)").into())
}

/// Writes fit `i` (0-based, below [`bk_logistic_path_len`]; λ decreasing
/// with `i`) to `*out`: λ, training loss, objective, non-zero weights,
/// iterations, convergence and, for a cross-validated path, the mean held-out
/// loss and its standard error (NaN otherwise).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `path` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for `i` out of range.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_step(
    path: *const bk_logistic_path,
    i: usize,
    out: *mut bk_logistic_step,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = deref(path, "path")?;
            need(out, "out")?;
            let s = step_at(p, i)?;
            let info = s.model.info();
            let (cv_mean, cv_se) =
                p.cv.as_ref()
                    .map_or((f64::NAN, f64::NAN), |c| (c.points[i].mean, c.points[i].se));
            let v = bk_logistic_step {
                struct_size: 0,
                reserved: 0,
                lambda: s.lambda,
                loss: s.loss,
                objective: info.objective,
                cv_mean,
                cv_se,
                nnz: s.model.nnz() as u64,
                iterations: info.iterations,
                converged: u32::from(info.converged),
                gap: s.gap,
            };
            put_versioned(out, "out", v)
        })
    }
}

/// Writes a new handle to a copy of the model of fit `i` to `*out`; the
/// caller owns it: release it with `bk_logistic_model_free` (it stays valid
/// after the path is freed).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `path` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for `i` out of range.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_model(
    path: *const bk_logistic_path,
    i: usize,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = deref(path, "path")?;
            need(out, "out")?;
            let m = step_at(p, i)?.model.clone();
            new_handle(out, bk_logistic_model::new(m))
        })
    }
}

/// Writes the outcome of cross-validation (folds, seed, the indices of the
/// best, one-standard-error and chosen steps, the rule) to `*out`.
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `path` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for a path fitted without CV.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_cv(
    path: *const bk_logistic_path,
    out: *mut bk_logistic_cv_summary,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = deref(path, "path")?;
            need(out, "out")?;
            let c = cv_of(p)?;
            let v = bk_logistic_cv_summary {
                struct_size: 0,
                folds: c.folds,
                seed: c.seed,
                best: c.best,
                one_se: c.one_se,
                chosen: c.chosen,
                choice: c.choice,
            };
            put_versioned(out, "out", v)
        })
    }
}

/// Copies the held-out log-loss of every fold at fit `i` into the caller's
/// `out` (`folds` values, `folds` = `bk_logistic_cv_summary.folds`).
///
/// Errors (`out` untouched): `BK_ERR_NULL_POINTER` for a NULL `path` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for a path without CV, `i` out of range
/// or a wrong `folds`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_cv_folds(
    path: *const bk_logistic_path,
    i: usize,
    out: *mut f64,
    folds: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = deref(path, "path")?;
            need(out, "out")?;
            let c = cv_of(p)?;
            step_at(p, i)?;
            let src = &c.points[i].folds;
            if folds != src.len() {
                return Err(
                    Error::invalid(format!("folds = {folds}, but the path has {} folds", src.len())).into(),
                );
            }
            slice_mut(out, folds, "out")?.copy_from_slice(src);
            Ok(())
        })
    }
}

/// Writes a new handle to a copy of the cross-validated model — the
/// full-data path's model at the chosen λ, with the Laplace covariances the
/// training options asked for — to `*out`; the caller owns it: release it
/// with `bk_logistic_model_free`.
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `path` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for a path fitted without CV.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_path_chosen_model(
    path: *const bk_logistic_path,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = deref(path, "path")?;
            need(out, "out")?;
            let m = cv_of(p)?.model.clone();
            new_handle(out, bk_logistic_model::new(m))
        })
    }
}
