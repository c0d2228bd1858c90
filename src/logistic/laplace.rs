//! The Laplace approximation at the optimum: a Gaussian over the weights whose
//! precision is the Hessian of the penalised objective, scaled to the data.
//!
//! # What is computed
//! Training minimises F(W, b) = (1/Σw)·Σ_i w_i·loss_i + λ·((1−ρ)/2·‖W‖² + ρ·‖W‖₁)
//! (see [`crate::logistic`]), so exp(−Σw·F) is a posterior (the log-likelihood of
//! the weighted rows times a Gaussian-and-Laplace prior) and its mode is the
//! trained model. The Laplace approximation is N(mode, P⁻¹) with the precision
//!
//! P = Σw · ∇²F = Σw · [Σ_i s_i J_iᵀ (diag p_i − p_i p_iᵀ) J_i + λ(1−ρ)·I],
//!
//! s_i = w_i/Σw (class weights included), p_i the predicted probabilities and J_i
//! the Jacobian of row i's logits in the parameters.
//!
//! - **Weights that are exactly zero** under the L1 penalty sit on a kink of the
//!   objective, where there is no curvature to take: they are held at 0 (variance
//!   0) and the approximation is over the *active* weights. This understates the
//!   uncertainty of a feature the lasso removed; a smaller ρ or λ keeps more of them.
//! - **Gauge.** Softmax does not change when one constant is added to all K logits.
//!   The intercepts are unpenalised, so nothing fixes their common shift; when all K
//!   weights of a feature are active, only the prior's λ(1−ρ) fixes theirs, and
//!   that direction's large prior-only variance (1/(Σw·λ(1−ρ))) would drown what
//!   the data say. Neither changes any prediction, so such blocks (and the
//!   intercepts) are reported in the sum-to-zero gauge: Σ ← CΣC with C = I − 11ᵀ/K,
//!   the covariance of the contrasts the data identify. A feature with a weight held
//!   at 0 has no free shift and is reported as is.
//! - **[`LaplaceMethod::Blocks`]** (the default) inverts, per feature, the K×K block
//!   of P over its active classes, and the K×K intercept block: one pass over the
//!   data, O(nnz·K²), any number of features. Correlations between features are
//!   ignored, which usually makes variances smaller than the exact ones (docs/
//!   logistic-uncertainty.md measures by how much).
//! - **[`LaplaceMethod::Full`]** builds the whole P over the active weights and the
//!   intercepts (fixing b_{K−1} as the gauge, then projecting the intercept block to
//!   the sum-to-zero subspace), inverts it densely and keeps each feature's K×K
//!   block of the inverse: the exact Laplace marginals, for up to
//!   [`MAX_FULL_PARAMETERS`] parameters.
//!
//! Covariance blocks are stored packed: the lower triangle row by row, entry (r, c)
//! with r ≥ c at r(r+1)/2 + c.

use super::covariance::{packed_index, packed_len, Covariance, LaplaceMethod};
use super::data::Dataset;
use super::model::{softmax_in_place, Model};
use crate::error::{check_len, check_non_negative, Error, Result};
use nalgebra::DMatrix;

/// Most parameters (active weights + K − 1 intercepts) [`LaplaceMethod::Full`]
/// accepts: its dense inverse takes O(m³) time and 8·m² bytes.
pub const MAX_FULL_PARAMETERS: usize = 3000;

/// The model with Laplace covariances at its weights, for the data it was trained
/// on (with the same class weights, if any).
///
/// # Errors
/// [`Error::InvalidArgument`] if the data's classes or feature space do not match
/// the model, the weights sum to 0, or [`LaplaceMethod::Full`] would need more than
/// [`MAX_FULL_PARAMETERS`] parameters.
///
/// # Example
/// ```
/// use bayeskit::logistic::{laplace, train, Csr, Dataset, FeatureSpace, LaplaceMethod, TrainOptions};
/// // Feature 0 is on 40 rows, feature 1 on 4, neither on the other 56; both
/// // raise the share of class "b" from 20 % to 50 %.
/// let mut rows = Vec::new();
/// let mut y = Vec::new();
/// for i in 0..100u32 {
///     rows.push(match i { 0..40 => vec![(0, 1.0)], 40..44 => vec![(1, 1.0)], _ => vec![] });
///     y.push(u32::from(if i < 44 { i % 2 == 0 } else { i % 5 == 0 }));
/// }
/// let x = Csr::from_rows(rows.iter().map(|r| r.as_slice()), 2)?;
/// let data = Dataset { x, y, weights: None, classes: vec!["a".into(), "b".into()],
///     features: FeatureSpace::Indexed { n: 2 } };
/// let opts = TrainOptions { lambda: 0.01, l1_ratio: 0.0, ..TrainOptions::default() };
/// let model = laplace(&train(&data, &opts)?, &data, LaplaceMethod::Blocks, None)?;
/// let (common, rare) = (model.weight_variance(0, 0).unwrap(), model.weight_variance(1, 0).unwrap());
/// assert!(rare > 3.0 * common);
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub fn laplace(
    model: &Model,
    data: &Dataset,
    method: LaplaceMethod,
    class_weights: Option<&[f64]>,
) -> Result<Model> {
    data.validate()?;
    let k = model.classes();
    if data.classes != model.labels() {
        return Err(Error::invalid("the data's classes differ from the model's"));
    }
    if data.features.len() != model.features().len() {
        return Err(Error::invalid(format!(
            "the data has {} features, the model {}",
            data.features.len(),
            model.features().len()
        )));
    }
    if let Some(cw) = class_weights {
        check_len("class_weights", cw.len(), k)?;
        for &c in cw {
            check_non_negative("class weight", c)?;
        }
    }
    // Row weights w_i times class weights; the precision is their sum times ∇²F.
    let w: Vec<f64> = (0..data.x.rows())
        .map(|i| data.weight(i) * class_weights.map_or(1.0, |c| c[data.y[i] as usize]))
        .collect();
    let total: f64 = w.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return Err(Error::invalid("the sample (and class) weights sum to 0"));
    }
    let info = model.info();
    let l2 = info.lambda * (1.0 - info.l1_ratio);
    // Σw·λ(1−ρ): the prior's precision on every weight.
    let prior = total * l2;
    let cov = match method {
        LaplaceMethod::Blocks => blocks(model, data, &w, prior)?,
        LaplaceMethod::Full => full(model, data, &w, prior)?,
    };
    let cov = Covariance::new(method, k, model.stored_features().len(), cov.0, cov.1)?;
    Ok(model.clone().with_covariance(Some(cov)))
}

/// Adds w·(diag p − p pᵀ)·x² into the dense K×K `h`.
#[inline]
fn add_curvature(h: &mut [f64], p: &[f64], wx2: f64) {
    let k = p.len();
    for r in 0..k {
        let a = wx2 * p[r];
        h[r * k + r] += a;
        for c in 0..k {
            h[r * k + c] -= a * p[c];
        }
    }
}

/// Probabilities of row i under the model into `p`.
fn row_proba(model: &Model, data: &Dataset, i: usize, p: &mut [f64]) {
    let (ids, vals) = data.x.row(i);
    model
        .logits(ids, vals, p)
        .expect("lengths were checked against the model");
    softmax_in_place(p);
}

/// The inverse of the symmetric positive semidefinite `h`, packed. With
/// `free_shift`, `h` is a block whose common shift 1 is an eigenvector with no or
/// only prior curvature (H·1 = λ(1−ρ)·1): the inverse is taken with that eigenvalue
/// lifted to the mean of the others' scale, which keeps the matrix definite and
/// changes nothing but the shift direction, and then that direction is removed
/// ([`centre`]).
fn inverse_packed(mut h: DMatrix<f64>, free_shift: bool) -> Vec<f64> {
    let n = h.nrows();
    if free_shift {
        lift_shift(&mut h, 0, n);
    }
    let inv = symmetric_inverse(h);
    let mut out = vec![0.0; packed_len(n)];
    for r in 0..n {
        for c in 0..=r {
            out[packed_index(r, c)] = 0.5 * (inv[(r, c)] + inv[(c, r)]);
        }
    }
    if free_shift {
        centre(&mut out, n);
    }
    out
}

/// Adds γ·11ᵀ to the n×n diagonal block of `h` at `at`, γ = its trace/n².
fn lift_shift(h: &mut DMatrix<f64>, at: usize, n: usize) {
    let gamma = (at..at + n).map(|i| h[(i, i)]).sum::<f64>() / (n * n) as f64;
    for r in at..at + n {
        for c in at..at + n {
            h[(r, c)] += gamma;
        }
    }
}

/// The inverse of a symmetric positive semidefinite matrix: Cholesky when it is
/// definite, else the Moore–Penrose pseudo-inverse from its eigen-decomposition,
/// dropping eigenvalues below n·ε times the largest (numpy's `pinv` default).
fn symmetric_inverse(h: DMatrix<f64>) -> DMatrix<f64> {
    let n = h.nrows();
    if let Some(ch) = h.clone().cholesky() {
        return ch.inverse();
    }
    let eig = h.symmetric_eigen();
    let top = eig.eigenvalues.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let cut = n as f64 * f64::EPSILON * top;
    let mut inv = DMatrix::zeros(n, n);
    for (e, &lam) in eig.eigenvalues.iter().enumerate() {
        if lam > cut {
            let v = eig.eigenvectors.column(e);
            inv += (v * v.transpose()) / lam;
        }
    }
    inv
}

/// Σ ← CΣC with C = I − 11ᵀ/K (packed): the covariance of the same Gaussian with
/// its common shift removed, i.e. in the sum-to-zero gauge. Softmax ignores that
/// shift, and when all K weights of a feature (or the intercepts) are free the data
/// say nothing about it: only the prior's λ(1−ρ) does (or nothing at all).
fn centre(block: &mut [f64], k: usize) {
    let kf = k as f64;
    let row_mean: Vec<f64> = (0..k)
        .map(|r| (0..k).map(|c| block[packed_index(r, c)]).sum::<f64>() / kf)
        .collect();
    let all_mean = row_mean.iter().sum::<f64>() / kf;
    for r in 0..k {
        for c in 0..=r {
            block[packed_index(r, c)] += all_mean - row_mean[r] - row_mean[c];
        }
    }
}

/// Active classes of stored block `b`.
fn active(model: &Model, b: usize) -> Vec<usize> {
    let k = model.classes();
    let w = &model.stored_weights()[b * k..(b + 1) * k];
    (0..k).filter(|&c| w[c] != 0.0).collect()
}

/// Packed blocks (stored order) and the packed intercept block, by per-feature blocks;
/// `prior` is the precision Σw·λ(1−ρ) added to every weight.
fn blocks(model: &Model, data: &Dataset, w: &[f64], prior: f64) -> Result<(Vec<f64>, Vec<f64>)> {
    let k = model.classes();
    let stored = model.stored_features().len();
    // Dense K×K curvature per stored block, and for the intercepts.
    let mut h = vec![0.0; stored * k * k];
    let mut hb = vec![0.0; k * k];
    let mut p = vec![0.0; k];
    for (i, &wi) in w.iter().enumerate() {
        row_proba(model, data, i, &mut p);
        add_curvature(&mut hb, &p, wi);
        let (ids, vals) = data.x.row(i);
        for (&j, &x) in ids.iter().zip(vals) {
            if let Some(b) = model.stored_block(j) {
                add_curvature(&mut h[b * k * k..(b + 1) * k * k], &p, wi * x * x);
            }
        }
    }
    let t = packed_len(k);
    let mut out = vec![0.0; stored * t];
    for b in 0..stored {
        let act = active(model, b);
        let m = DMatrix::from_fn(act.len(), act.len(), |r, c| {
            h[b * k * k + act[r] * k + act[c]] + if r == c { prior } else { 0.0 }
        });
        let inv = inverse_packed(m, act.len() == k);
        for (r, &cr) in act.iter().enumerate() {
            for (c, &cc) in act.iter().enumerate().take(r + 1) {
                out[b * t + packed_index(cr, cc)] = inv[packed_index(r, c)];
            }
        }
    }
    let intercept = inverse_packed(DMatrix::from_row_slice(k, k, &hb), true);
    Ok((out, intercept))
}

/// Packed blocks and intercept block of the exact (dense) Laplace inverse.
fn full(model: &Model, data: &Dataset, w: &[f64], prior: f64) -> Result<(Vec<f64>, Vec<f64>)> {
    let k = model.classes();
    let stored = model.stored_features().len();
    // Parameter index of each active (block, class); intercepts 0..K−1 follow.
    let mut index = vec![usize::MAX; stored * k];
    let mut m = 0;
    for b in 0..stored {
        for c in active(model, b) {
            index[b * k + c] = m;
            m += 1;
        }
    }
    let n_weights = m;
    m += k - 1;
    if m > MAX_FULL_PARAMETERS {
        return Err(Error::invalid(format!(
            "the full Laplace approximation needs {m} parameters, more than {MAX_FULL_PARAMETERS}: \
             use the per-feature blocks"
        )));
    }
    let mut h = DMatrix::<f64>::zeros(m, m);
    let mut p = vec![0.0; k];
    // (parameter, class, x) of the row's active parameters.
    let mut entries: Vec<(usize, usize, f64)> = Vec::new();
    for (i, &wi) in w.iter().enumerate() {
        row_proba(model, data, i, &mut p);
        entries.clear();
        let (ids, vals) = data.x.row(i);
        for (&j, &x) in ids.iter().zip(vals) {
            if let Some(b) = model.stored_block(j) {
                for c in 0..k {
                    if index[b * k + c] != usize::MAX {
                        entries.push((index[b * k + c], c, x));
                    }
                }
            }
        }
        for c in 0..k - 1 {
            entries.push((n_weights + c, c, 1.0));
        }
        // H_uv += w_i x_u x_v (δ(c_u, c_v) p_cu − p_cu p_cv).
        for &(u, cu, xu) in &entries {
            let a = wi * xu * p[cu];
            for &(v, cv, xv) in &entries {
                let d = if cu == cv { 1.0 } else { 0.0 };
                h[(u, v)] += a * xv * (d - p[cv]);
            }
        }
    }
    for u in 0..n_weights {
        h[(u, u)] += prior;
    }
    // Features with all K weights active: their common shift is an eigenvector of H
    // (the data's curvature along it is exactly 0), lifted as in `inverse_packed`.
    let free: Vec<bool> = (0..stored)
        .map(|b| (0..k).all(|c| index[b * k + c] != usize::MAX))
        .collect();
    for b in (0..stored).filter(|&b| free[b]) {
        lift_shift(&mut h, index[b * k], k);
    }
    let inv = symmetric_inverse(h);
    let t = packed_len(k);
    let mut out = vec![0.0; stored * t];
    for b in 0..stored {
        for r in 0..k {
            for c in 0..=r {
                let (u, v) = (index[b * k + r], index[b * k + c]);
                if u != usize::MAX && v != usize::MAX {
                    out[b * t + packed_index(r, c)] = 0.5 * (inv[(u, v)] + inv[(v, u)]);
                }
            }
        }
        if free[b] {
            centre(&mut out[b * t..(b + 1) * t], k);
        }
    }
    // The intercepts with b_{K−1} fixed, projected onto the sum-to-zero subspace.
    let mut intercept = vec![0.0; t];
    for r in 0..k - 1 {
        for c in 0..=r {
            let (u, v) = (n_weights + r, n_weights + c);
            intercept[packed_index(r, c)] = 0.5 * (inv[(u, v)] + inv[(v, u)]);
        }
    }
    centre(&mut intercept, k);
    Ok((out, intercept))
}
