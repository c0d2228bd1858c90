//! Training by block coordinate descent: one block of K weights per feature, a
//! proximal Newton step with the diagonal of the block's Hessian, accepted only if
//! it lowers the objective, else a proximal step on Böhning's bound of the Hessian
//! (½·Σ s_i x_ij², which always lowers it). Passes alternate between all features
//! and the active (non-zero) ones, as glmnet does; the run stops when the ∞-norm of
//! the minimum-norm subgradient over every weight and intercept is at most `tol`.

use super::data::Dataset;
use super::model::{log_sum_exp, Model, TrainingInfo};
use crate::error::{check_finite, check_non_negative, Error, Result};

/// Options of [`train`].
///
/// | option | default | range |
/// |---|---|---|
/// | `lambda` | 1e-3 | ≥ 0 |
/// | `l1_ratio` | 0.5 | [0, 1] |
/// | `tol` | 1e-7 | > 0 |
/// | `max_iter` | 1000 | ≥ 1 |
/// | `class_weights` | none | K finite values ≥ 0 |
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Penalty weight λ (λ = 1/(C·N) in scikit-learn's terms).
    pub lambda: f64,
    /// Elastic-net mix ρ: 1 is the lasso (most weights exactly 0), 0 is ridge.
    pub l1_ratio: f64,
    /// Stop when the ∞-norm of the minimum-norm subgradient of the objective is ≤ tol.
    pub tol: f64,
    /// Most passes over the features.
    pub max_iter: u32,
    /// Optional per-class weights, multiplied into the sample weights.
    pub class_weights: Option<Vec<f64>>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            lambda: 1e-3,
            l1_ratio: 0.5,
            tol: 1e-7,
            max_iter: 1000,
            class_weights: None,
        }
    }
}

/// Trains a model on `data`.
///
/// # Errors
/// [`Error::InvalidArgument`] for an empty data set, fewer than two classes present,
/// all-zero weights, or options out of range. Running out of passes is not an
/// error: the model's [`TrainingInfo::converged`] is false then.
///
/// # Example
/// ```
/// use bayeskit::logistic::{train, Csr, Dataset, FeatureSpace, TrainOptions};
/// // Feature 0 says "positive", feature 1 says "negative".
/// let x = Csr::new(vec![0, 1, 2, 3, 4], vec![0, 1, 0, 1], vec![1.0; 4], 2)?;
/// let data = Dataset {
///     x,
///     y: vec![0, 1, 0, 1],
///     weights: None,
///     classes: vec!["pos".into(), "neg".into()],
///     features: FeatureSpace::Indexed { n: 2 },
/// };
/// let model = train(&data, &TrainOptions { lambda: 0.01, ..TrainOptions::default() })?;
/// assert!(model.info().converged);
/// let mut p = [0.0; 2];
/// model.predict_proba(&[0], &[1.0], &mut p)?;
/// assert!(p[0] > 0.9);
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub fn train(data: &Dataset, opts: &TrainOptions) -> Result<Model> {
    train_with_progress(data, opts, &mut |_, _| {})
}

/// [`train`], calling `progress(pass, violation)` after every pass with the largest
/// block subgradient norm seen in it (for a progress display).
pub fn train_with_progress(
    data: &Dataset,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(u32, f64),
) -> Result<Model> {
    data.validate()?;
    validate(opts, data.classes.len())?;
    let mut s = Solver::new(data, opts)?;
    let (iterations, converged, grad_norm) = s.run(progress);
    let info = TrainingInfo {
        lambda: opts.lambda,
        l1_ratio: opts.l1_ratio,
        rows: data.x.rows() as u64,
        objective: s.objective(),
        iterations,
        converged,
        grad_norm,
        tol: opts.tol,
    };
    Model::from_dense(
        data.classes.clone(),
        data.features.clone(),
        s.b.clone(),
        &s.w,
        info,
    )
}

fn validate(o: &TrainOptions, k: usize) -> Result<()> {
    check_non_negative("lambda", o.lambda)?;
    if !(0.0..=1.0).contains(&o.l1_ratio) {
        return Err(Error::invalid(format!(
            "l1_ratio must be in [0, 1], got {}",
            o.l1_ratio
        )));
    }
    if !(o.tol > 0.0 && o.tol.is_finite()) {
        return Err(Error::invalid(format!(
            "tol must be finite and > 0, got {}",
            o.tol
        )));
    }
    if o.max_iter == 0 {
        return Err(Error::invalid("max_iter must be >= 1"));
    }
    if let Some(cw) = &o.class_weights {
        crate::error::check_len("class_weights", cw.len(), k)?;
        for &c in cw {
            check_non_negative("class weight", c)?;
        }
    }
    Ok(())
}

/// Soft-thresholding: argmin_w ½(w − v)² + t|w|.
fn soft(v: f64, t: f64) -> f64 {
    if v > t {
        v - t
    } else if v < -t {
        v + t
    } else {
        0.0
    }
}

/// The block coordinate descent state.
struct Solver<'a> {
    k: usize,
    /// Columns of x (CSC): rows and values of each feature.
    col_ptr: Vec<usize>,
    col_rows: Vec<u32>,
    col_vals: Vec<f64>,
    /// Σ_i s_i x_ij² of each feature (the curvature bound's scale).
    col_sq: Vec<f64>,
    y: &'a [u32],
    /// Normalised row weights s_i = w_i / Σw.
    s: Vec<f64>,
    l1: f64,
    l2: f64,
    /// Weights, feature-major (K per feature), and intercepts.
    w: Vec<f64>,
    b: Vec<f64>,
    /// Per row: logits z (K), probabilities p (K) and log-sum-exp.
    z: Vec<f64>,
    p: Vec<f64>,
    lse: Vec<f64>,
    /// Scratch for one block: gradient, Hessian diagonal, step, trial exps and lse.
    g: Vec<f64>,
    h: Vec<f64>,
    step: Vec<f64>,
    trial: Vec<f64>,
    trial_lse: Vec<f64>,
    max_iter: u32,
    tol: f64,
}

impl<'a> Solver<'a> {
    fn new(data: &'a Dataset, opts: &TrainOptions) -> Result<Self> {
        let (n, k, nf) = (data.x.rows(), data.classes.len(), data.x.cols());
        if n == 0 {
            return Err(Error::invalid("the data set has no rows"));
        }
        let mut s: Vec<f64> = (0..n)
            .map(|i| data.weight(i) * opts.class_weights.as_ref().map_or(1.0, |c| c[data.y[i] as usize]))
            .collect();
        let total: f64 = s.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(Error::invalid("the sample (and class) weights sum to 0"));
        }
        s.iter_mut().for_each(|v| *v /= total);
        let mut prior = vec![0.0; k];
        for (i, &c) in data.y.iter().enumerate() {
            prior[c as usize] += s[i];
        }
        if prior.iter().filter(|&&m| m > 0.0).count() < 2 {
            return Err(Error::invalid(
                "training needs rows (with weight) of at least two classes",
            ));
        }
        // CSC copy of x.
        let (indptr, indices, values) = data.x.parts();
        let mut col_ptr = vec![0usize; nf + 1];
        for &j in indices {
            col_ptr[j as usize + 1] += 1;
        }
        for j in 0..nf {
            col_ptr[j + 1] += col_ptr[j];
        }
        let mut next = col_ptr.clone();
        let mut col_rows = vec![0u32; indices.len()];
        let mut col_vals = vec![0.0; indices.len()];
        for i in 0..n {
            for e in indptr[i]..indptr[i + 1] {
                let j = indices[e] as usize;
                col_rows[next[j]] = i as u32;
                col_vals[next[j]] = values[e];
                next[j] += 1;
            }
        }
        let col_sq: Vec<f64> = (0..nf)
            .map(|j| {
                (col_ptr[j]..col_ptr[j + 1])
                    .map(|e| s[col_rows[e] as usize] * col_vals[e] * col_vals[e])
                    .sum()
            })
            .collect();
        // Start at the intercept-only optimum: b = ln(class shares) (absent classes get a very low logit).
        let b: Vec<f64> = prior
            .iter()
            .map(|&m| if m > 0.0 { m.ln() } else { -30.0 })
            .collect();
        let lse0 = log_sum_exp(&b);
        let p0: Vec<f64> = b.iter().map(|&v| (v - lse0).exp()).collect();
        let max_col = (0..nf)
            .map(|j| col_ptr[j + 1] - col_ptr[j])
            .max()
            .unwrap_or(0)
            .max(n);
        let l1 = opts.lambda * opts.l1_ratio;
        let l2 = opts.lambda * (1.0 - opts.l1_ratio);
        check_finite("lambda", l1 + l2)?;
        Ok(Solver {
            k,
            col_ptr,
            col_rows,
            col_vals,
            col_sq,
            y: &data.y,
            s,
            l1,
            l2,
            w: vec![0.0; nf * k],
            z: b.repeat(n),
            p: p0.repeat(n),
            lse: vec![lse0; n],
            b,
            g: vec![0.0; k],
            h: vec![0.0; k],
            step: vec![0.0; k],
            trial: vec![0.0; max_col * k],
            trial_lse: vec![0.0; max_col],
            max_iter: opts.max_iter,
            tol: opts.tol,
        })
    }

    fn features(&self) -> usize {
        self.col_sq.len()
    }

    /// Runs passes until the subgradient criterion holds; returns (passes, converged, norm).
    fn run(&mut self, progress: &mut dyn FnMut(u32, f64)) -> (u32, bool, f64) {
        let mut passes = 0;
        loop {
            // A pass over every feature (and the intercepts).
            let v = self.pass(None);
            passes += 1;
            progress(passes, v);
            if v <= self.tol {
                let exact = self.subgradient_norm();
                if exact <= self.tol {
                    return (passes, true, exact);
                }
            }
            if passes >= self.max_iter {
                return (passes, false, self.subgradient_norm());
            }
            // Passes over the active features until they settle.
            let active: Vec<usize> = (0..self.features())
                .filter(|&j| self.w[j * self.k..(j + 1) * self.k].iter().any(|&w| w != 0.0))
                .collect();
            while passes < self.max_iter {
                let v = self.pass(Some(&active));
                passes += 1;
                progress(passes, v);
                if v <= self.tol {
                    break;
                }
            }
        }
    }

    /// One pass; returns the largest block subgradient norm met on the way.
    fn pass(&mut self, only: Option<&[usize]>) -> f64 {
        let mut worst = self.update_intercepts();
        match only {
            Some(list) => {
                for &j in list {
                    worst = worst.max(self.update_feature(j));
                }
            }
            None => {
                for j in 0..self.features() {
                    worst = worst.max(self.update_feature(j));
                }
            }
        }
        worst
    }

    /// Gradient and Hessian diagonal of the loss in block j (`None`: the intercepts).
    fn block_derivatives(&mut self, j: Option<usize>) {
        let k = self.k;
        self.g.iter_mut().for_each(|v| *v = 0.0);
        self.h.iter_mut().for_each(|v| *v = 0.0);
        let visit = |i: usize, x: f64, g: &mut [f64], h: &mut [f64]| {
            let sx = self.s[i] * x;
            let p = &self.p[i * k..(i + 1) * k];
            for c in 0..k {
                g[c] += sx * p[c];
                h[c] += sx * x * p[c] * (1.0 - p[c]);
            }
            g[self.y[i] as usize] -= sx;
        };
        match j {
            Some(j) => {
                for e in self.col_ptr[j]..self.col_ptr[j + 1] {
                    visit(
                        self.col_rows[e] as usize,
                        self.col_vals[e],
                        &mut self.g,
                        &mut self.h,
                    );
                }
            }
            None => {
                for i in 0..self.s.len() {
                    visit(i, 1.0, &mut self.g, &mut self.h);
                }
            }
        }
    }

    fn update_intercepts(&mut self) -> f64 {
        self.block_derivatives(None);
        let worst = self.g.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
        for c in 0..self.k {
            self.step[c] = if self.h[c] > 0.0 {
                -self.g[c] / self.h[c]
            } else {
                0.0
            };
        }
        if !self.try_step(None, 0.0) {
            // Böhning's bound: the Hessian of the loss in b is ≤ ½·I.
            for c in 0..self.k {
                self.step[c] = -self.g[c] / 0.5;
            }
            self.try_step(None, f64::INFINITY);
        }
        worst
    }

    /// Updates the block of feature j; returns its minimum-norm subgradient ∞-norm
    /// before the update.
    fn update_feature(&mut self, j: usize) -> f64 {
        if self.col_ptr[j] == self.col_ptr[j + 1] {
            return 0.0;
        }
        let k = self.k;
        self.block_derivatives(Some(j));
        let mut worst = 0.0_f64;
        for c in 0..k {
            let wc = self.w[j * k + c];
            self.g[c] += self.l2 * wc;
            worst = worst.max(min_norm_subgradient(self.g[c], wc, self.l1).abs());
        }
        if worst == 0.0 {
            return 0.0;
        }
        // Proximal Newton with the Hessian diagonal.
        for c in 0..k {
            let wc = self.w[j * k + c];
            let h = self.h[c] + self.l2;
            self.step[c] = if h > 0.0 {
                soft(wc - self.g[c] / h, self.l1 / h) - wc
            } else {
                0.0
            };
        }
        if !self.try_step(Some(j), 0.0) {
            // Böhning's bound ½·Σ s_i x_ij² (+ λ₂) majorises the Hessian: this step never
            // raises the objective.
            let big_l = 0.5 * self.col_sq[j] + self.l2;
            for c in 0..k {
                let wc = self.w[j * k + c];
                self.step[c] = soft(wc - self.g[c] / big_l, self.l1 / big_l) - wc;
            }
            self.try_step(Some(j), f64::INFINITY);
        }
        self.center(j);
        worst
    }

    /// The loss does not change when the same constant is added to all K weights of a
    /// feature (softmax is shift-invariant), so only the penalty decides that
    /// direction, whose curvature λ₂ the block's loss Hessian hides: left to the
    /// Newton steps it would converge at a rate of λ₂/h. Minimise it exactly instead.
    fn center(&mut self, j: usize) {
        let k = self.k;
        let c = best_shift(&self.w[j * k..(j + 1) * k], self.l1, self.l2);
        if c == 0.0 {
            return;
        }
        for v in &mut self.w[j * k..(j + 1) * k] {
            *v -= c;
        }
        for e in self.col_ptr[j]..self.col_ptr[j + 1] {
            let (i, x) = (self.col_rows[e] as usize, self.col_vals[e]);
            for v in &mut self.z[i * k..(i + 1) * k] {
                *v -= x * c;
            }
            self.lse[i] -= x * c;
        }
    }

    /// Applies `step` to block j (or the intercepts) if the objective drops by more
    /// than `-slack` (an infinite slack always applies it). Returns whether it did.
    fn try_step(&mut self, j: Option<usize>, slack: f64) -> bool {
        let k = self.k;
        if self.step.iter().all(|&d| d == 0.0) {
            return true;
        }
        let (lo, hi) = match j {
            Some(j) => (self.col_ptr[j], self.col_ptr[j + 1]),
            None => (0, self.s.len()),
        };
        let mut change = 0.0;
        if let Some(j) = j {
            for c in 0..k {
                let (w0, w1) = (self.w[j * k + c], self.w[j * k + c] + self.step[c]);
                change += 0.5 * self.l2 * (w1 * w1 - w0 * w0) + self.l1 * (w1.abs() - w0.abs());
            }
        }
        for (t, e) in (lo..hi).enumerate() {
            let (i, x) = match j {
                Some(_) => (self.col_rows[e] as usize, self.col_vals[e]),
                None => (e, 1.0),
            };
            let zi = &self.z[i * k..(i + 1) * k];
            let tr = &mut self.trial[t * k..(t + 1) * k];
            let mut m = f64::NEG_INFINITY;
            for c in 0..k {
                tr[c] = zi[c] + x * self.step[c];
                m = m.max(tr[c]);
            }
            let mut sum = 0.0;
            for v in tr.iter_mut() {
                *v = (*v - m).exp();
                sum += *v;
            }
            let lse = m + sum.ln();
            self.trial_lse[t] = lse;
            let yi = self.y[i] as usize;
            change += self.s[i] * ((lse - self.lse[i]) - x * self.step[yi]);
        }
        if !(change < slack || slack == f64::INFINITY) {
            return false;
        }
        for (t, e) in (lo..hi).enumerate() {
            let (i, x) = match j {
                Some(_) => (self.col_rows[e] as usize, self.col_vals[e]),
                None => (e, 1.0),
            };
            let lse = self.trial_lse[t];
            let tr = &self.trial[t * k..(t + 1) * k];
            let sum: f64 = tr.iter().sum();
            let zi = &mut self.z[i * k..(i + 1) * k];
            for (z, d) in zi.iter_mut().zip(&self.step) {
                *z += x * d;
            }
            for (p, e) in self.p[i * k..(i + 1) * k].iter_mut().zip(tr) {
                *p = e / sum;
            }
            self.lse[i] = lse;
        }
        match j {
            Some(j) => {
                for c in 0..k {
                    self.w[j * k + c] += self.step[c];
                }
            }
            None => {
                for c in 0..k {
                    self.b[c] += self.step[c];
                }
            }
        }
        true
    }

    /// ∞-norm of the minimum-norm subgradient over every weight and intercept, from
    /// a fresh gradient at the current point.
    fn subgradient_norm(&mut self) -> f64 {
        self.block_derivatives(None);
        let mut worst = self.g.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
        for j in 0..self.features() {
            if self.col_ptr[j] == self.col_ptr[j + 1] {
                continue;
            }
            self.block_derivatives(Some(j));
            for c in 0..self.k {
                let wc = self.w[j * self.k + c];
                worst = worst.max(min_norm_subgradient(self.g[c] + self.l2 * wc, wc, self.l1).abs());
            }
        }
        worst
    }

    /// F(W, b) at the current point.
    fn objective(&self) -> f64 {
        let k = self.k;
        let loss: f64 = (0..self.s.len())
            .map(|i| self.s[i] * (self.lse[i] - self.z[i * k + self.y[i] as usize]))
            .sum();
        let pen: f64 = self
            .w
            .iter()
            .map(|w| 0.5 * self.l2 * w * w + self.l1 * w.abs())
            .sum();
        loss + pen
    }
}

/// argmin_c λ₂/2·Σ(w_k − c)² + λ₁·Σ|w_k − c| (0 if 0 is a minimiser): the minimum
/// is at a breakpoint w_k or at a stationary point between two, so try them all.
fn best_shift(w: &[f64], l1: f64, l2: f64) -> f64 {
    if l1 == 0.0 && l2 == 0.0 {
        return 0.0;
    }
    let f = |c: f64| {
        w.iter()
            .map(|&v| 0.5 * l2 * (v - c) * (v - c) + l1 * (v - c).abs())
            .sum::<f64>()
    };
    let k = w.len() as f64;
    let sum: f64 = w.iter().sum();
    let (mut best, mut best_f) = (0.0, f(0.0));
    let mut consider = |c: f64| {
        let fc = f(c);
        if fc < best_f {
            best = c;
            best_f = fc;
        }
    };
    for &v in w {
        consider(v);
    }
    if l2 > 0.0 {
        // With m of the w_k below c: λ₂(Kc − Σw) + λ₁(2m − K) = 0.
        for m in 0..=w.len() {
            consider((sum - l1 * (2.0 * m as f64 - k) / l2) / k);
        }
    }
    best
}

/// The minimum-norm element of ∂(smooth + l1·|w|) at w, given the smooth gradient g.
fn min_norm_subgradient(g: f64, w: f64, l1: f64) -> f64 {
    if w > 0.0 {
        g + l1
    } else if w < 0.0 {
        g - l1
    } else {
        soft(g, l1)
    }
}
