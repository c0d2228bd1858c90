//! Training by proximal Newton (as newGLMNET, Yuan, Ho & Lin 2012, for the
//! multinomial): each outer iteration builds the quadratic model of the loss at the
//! current point, minimises it plus the exact elastic-net penalty by coordinate
//! descent over a working set (the non-zero features and those violating the
//! optimality condition) without computing a single exponential, then takes the
//! step with an Armijo line search. The run stops when the ∞-norm of the
//! minimum-norm subgradient over every weight and intercept is at most `tol`.
//!
//! The coordinate descent goes class by class and moves each weight together with
//! its class's intercept so that the two directions are orthogonal in the model
//! (glmnet's implicit centring of sparse columns): features present in most rows,
//! or with values far from zero, then converge in a few sweeps instead of fighting
//! the intercept. Along a path, each fit after the first screens features with the
//! sequential strong rule and checks the optimality conditions over every feature
//! at the end (Tibshirani et al. 2012).

use super::covariance::LaplaceMethod;
use super::data::Dataset;
use super::laplace::laplace;
use super::model::{log_sum_exp, Model, TrainingInfo};
use crate::error::{check_finite, check_non_negative, Error, Result};
use crate::limits::{check_range, out_of_memory, try_vec, MAX_THREADS};

/// Options of [`train`].
///
/// | option | default | range |
/// |---|---|---|
/// | `lambda` | 1e-3 | ≥ 0 |
/// | `l1_ratio` | 0.5 | [0, 1] |
/// | `tol` | 1e-7 | > 0 |
/// | `max_gap` | none | > 0 |
/// | `max_iter` | 1000 | ≥ 1 |
/// | `class_weights` | none | K finite values ≥ 0 |
/// | `threads` | 1 | 1..=256 |
/// | `laplace` | per-feature blocks | none, blocks or full |
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Penalty weight λ (λ = 1/(C·N) in scikit-learn's terms).
    pub lambda: f64,
    /// Elastic-net mix ρ: 1 is the lasso (most weights exactly 0), 0 is ridge.
    pub l1_ratio: f64,
    /// Stop when the ∞-norm of the minimum-norm subgradient of the objective is ≤ tol.
    pub tol: f64,
    /// Also stop once the relative duality gap (as [`PathStep::gap`](super::PathStep::gap)),
    /// a bound on (F − F*)/F that means the same at every scale of the data, is at
    /// most this. Checking it costs a pass over the data per iteration.
    pub max_gap: Option<f64>,
    /// Most proximal Newton (outer) iterations.
    pub max_iter: u32,
    /// Optional per-class weights, multiplied into the sample weights.
    pub class_weights: Option<Vec<f64>>,
    /// Threads for the full gradient pass of each iteration (the coordinate descent
    /// itself is sequential). The result does not depend on it.
    pub threads: usize,
    /// The Laplace covariances to attach to the model ([`laplace`](super::laplace())),
    /// or none. With [`LaplaceMethod::Full`] training fails if the model has more
    /// than [`MAX_FULL_PARAMETERS`](super::MAX_FULL_PARAMETERS) parameters.
    pub laplace: Option<LaplaceMethod>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            lambda: 1e-3,
            l1_ratio: 0.5,
            tol: 1e-7,
            max_gap: None,
            max_iter: 1000,
            class_weights: None,
            threads: 1,
            laplace: Some(LaplaceMethod::Blocks),
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
    Fit::new(data, opts)?.fit(opts.lambda, progress)
}

/// A training problem set up once (data validated, columns copied) and fitted at
/// one λ after another, each fit warm-started from the previous optimum: the
/// regularisation path.
pub(super) struct Fit<'a> {
    solver: AnySolver<'a>,
    data: &'a Dataset,
    opts: &'a TrainOptions,
    /// The λ₁ whose fit the current point is, with every feature's gradient in the
    /// solver: the next fit screens features from it (strong rules). None before
    /// the first fit or [`null_gradient`](Fit::null_gradient).
    fitted_l1: Option<f64>,
}

impl<'a> Fit<'a> {
    pub(super) fn new(data: &'a Dataset, opts: &'a TrainOptions) -> Result<Self> {
        data.validate()?;
        validate(opts, data.classes.len())?;
        // Values that are all exact in f32 (counts, binary and most small-integer
        // features) are copied as f32: a third less memory for the columns.
        let (_, _, values) = data.x.parts();
        let solver = if values.iter().all(|&v| f64::from(v as f32) == v) {
            AnySolver::Narrow(Solver::new(data, opts)?)
        } else {
            AnySolver::Wide(Solver::new(data, opts)?)
        };
        Ok(Fit {
            solver,
            data,
            opts,
            fitted_l1: None,
        })
    }

    /// The largest |∂loss/∂W_jc| at the intercept-only model (W = 0): W = 0 is
    /// optimal exactly when λ·ρ is at least this. Call it before any fit.
    pub(super) fn null_gradient(&mut self) -> f64 {
        let max = with_solver!(&mut self.solver, s => {
            debug_assert!(s.w.iter().all(|&v| v == 0.0));
            s.gradient(None);
            s.g.iter().fold(0.0_f64, |m, g| m.max(g.abs()))
        });
        // W = 0 is the fit at every λ₁ ≥ max.
        self.fitted_l1 = Some(max);
        max
    }

    /// The weighted mean training loss at the current point.
    pub(super) fn loss(&self) -> f64 {
        with_solver!(&self.solver, s => s.loss())
    }

    /// The relative duality gap at the current point (a bound on (F − F*)/F).
    pub(super) fn gap(&self) -> f64 {
        with_solver!(&self.solver, s => s.gap())
    }

    /// Fits at `lambda`, starting from the current point, and returns the model
    /// (with the Laplace covariances the options ask for). After a previous fit (a
    /// path) the features are screened by the sequential strong rule, and the
    /// optimality conditions checked over all of them at the end.
    pub(super) fn fit(&mut self, lambda: f64, progress: &mut dyn FnMut(u32, f64)) -> Result<Model> {
        check_non_negative("lambda", lambda)?;
        let (l1, l2) = (lambda * self.opts.l1_ratio, lambda * (1.0 - self.opts.l1_ratio));
        check_finite("lambda", l1 + l2)?;
        let previous = self.fitted_l1;
        let (iterations, converged, grad_norm, objective, (stored, weights), b) = with_solver!(&mut self.solver, s => {
            s.l1 = l1;
            s.l2 = l2;
            let screen = previous.and_then(|previous| s.strong_set(l1, previous));
            let (iterations, converged, grad_norm) = s.run(screen, progress);
            (iterations, converged, grad_norm, s.objective(), s.blocks(), s.b.clone())
        });
        self.fitted_l1 = Some(l1);
        // Softmax is unchanged by adding one constant to every intercept, and the
        // intercepts are not penalised: the fit fixes them only up to that constant,
        // which depends on the path the iterations took. Report the representative
        // with mean 0 (the one gradient methods started at 0 keep), so the logits of
        // equal problems are equal, not only their probabilities.
        let mean = b.iter().sum::<f64>() / b.len() as f64;
        let b: Vec<f64> = b.iter().map(|v| v - mean).collect();
        let info = TrainingInfo {
            lambda,
            l1_ratio: self.opts.l1_ratio,
            rows: self.data.x.rows() as u64,
            objective,
            iterations,
            converged,
            grad_norm,
            tol: self.opts.tol,
        };
        let model = Model::from_blocks(
            self.data.classes.clone(),
            self.data.features.clone(),
            b,
            stored,
            weights,
            None,
            info,
        )?;
        match self.opts.laplace {
            Some(method) => laplace(&model, self.data, method, self.opts.class_weights.as_deref()),
            None => Ok(model),
        }
    }
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
    if let Some(g) = o.max_gap {
        if !(g > 0.0 && g.is_finite()) {
            return Err(Error::invalid(format!("max_gap must be finite and > 0, got {g}")));
        }
    }
    if o.max_iter == 0 {
        return Err(Error::invalid("max_iter must be >= 1"));
    }
    check_range("threads", o.threads as u64, 1, MAX_THREADS as u64)?;
    if let Some(cw) = &o.class_weights {
        crate::error::check_len("class_weights", cw.len(), k)?;
        for &c in cw {
            check_non_negative("class weight", c)?;
        }
    }
    Ok(())
}

/// The union of two sorted, disjoint index lists, sorted.
fn merge_sorted(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    out.extend_from_slice(a);
    out.extend_from_slice(b);
    out.sort_unstable();
    out
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

/// The type the columns' values are copied as: f64, or f32 when every value is
/// exactly an f32.
trait Value: Copy + Send + Sync + Into<f64> {
    /// The value, which the caller has checked to be exact in this type.
    fn narrow(x: f64) -> Self;
}

impl Value for f64 {
    fn narrow(x: f64) -> Self {
        x
    }
}

impl Value for f32 {
    fn narrow(x: f64) -> Self {
        x as f32
    }
}

/// The solver over f32 or f64 column values.
enum AnySolver<'a> {
    Narrow(Solver<'a, f32>),
    Wide(Solver<'a, f64>),
}

/// Runs `$body` with `$s` bound to the solver, whichever its value type.
macro_rules! with_solver {
    ($solver:expr, $s:ident => $body:expr) => {
        match $solver {
            AnySolver::Narrow($s) => $body,
            AnySolver::Wide($s) => $body,
        }
    };
}
use with_solver;

/// The columns of x (CSC), borrowed by the gradient threads.
#[derive(Clone, Copy)]
struct Columns<'a, V> {
    ptr: &'a [usize],
    rows: &'a [u32],
    vals: &'a [V],
}

/// Below this many features per thread the gradient stays on one thread.
const PARALLEL_MIN_FEATURES: usize = 2048;
/// Below this many entries a screened gradient stays on one thread.
const PARALLEL_MIN_ENTRIES: usize = 1 << 16;

/// The proximal Newton state.
struct Solver<'a, V> {
    k: usize,
    /// The feature id of each column: the ids that occur in x, ascending.
    ids: Vec<u32>,
    /// Columns of x (CSC): rows and values of each feature.
    col_ptr: Vec<usize>,
    col_rows: Vec<u32>,
    col_vals: Vec<V>,
    y: &'a [u32],
    /// Normalised row weights s_i = w_i / Σw.
    s: Vec<f64>,
    /// Σ_i s_i·[y_i = c]: the class shares, which Σ_i s_i p_i meets at the optimum.
    shares: Vec<f64>,
    /// Per feature Σ_i s_i x_ij, and per feature and class Σ_{i: y_i = c} s_i x_ij
    /// (for the duality gap).
    xbar: Vec<f64>,
    ybar: Vec<f64>,
    l1: f64,
    l2: f64,
    /// Weights, feature-major (K per feature), and intercepts.
    w: Vec<f64>,
    b: Vec<f64>,
    /// Per row: logits z (K), probabilities p (K) and log-sum-exp. The logits may
    /// differ from Wᵀx + b by a constant per row, which changes neither p nor the loss.
    z: Vec<f64>,
    p: Vec<f64>,
    lse: Vec<f64>,
    /// Loss gradient in W and b at the current point.
    g: Vec<f64>,
    gb: Vec<f64>,
    /// The step being built, and r_i = X_i·Δ + Δb (K per row), q_i = p_iᵀ r_i.
    dw: Vec<f64>,
    db: Vec<f64>,
    r: Vec<f64>,
    q: Vec<f64>,
    /// Trial exps of the line search (K per row) and their log-sum-exp.
    trial: Vec<f64>,
    trial_lse: Vec<f64>,
    /// Class c's column of r, and the weights of the class's coordinate steps
    /// ([`Solver::inner`]), one per row.
    rc: Vec<f64>,
    cw: Vec<f64>,
    co: Vec<f64>,
    /// W_j + Δ_j of the feature being centred.
    shift_buf: Vec<f64>,
    threads: usize,
    max_iter: u32,
    tol: f64,
    max_gap: Option<f64>,
}

impl<'a, V: Value> Solver<'a, V> {
    fn new(data: &'a Dataset, opts: &TrainOptions) -> Result<Self> {
        let (n, k) = (data.x.rows(), data.classes.len());
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
        // CSC copy of x over the features that occur: a feature without entries
        // keeps all-zero weights (its gradient is 0), so it needs no column, and
        // memory follows the data rather than the feature space (2^31 hashed ids).
        let (indptr, indices, values) = data.x.parts();
        // Each entry's column: through a dense map of the id range when it is no
        // larger than the entries (u32::MAX marks an id that does not occur), by
        // binary search over the sorted ids otherwise (2^31 hashed ids).
        let cols = data.x.cols();
        let (ids, map) = if cols <= indices.len().max(1 << 16) {
            let mut map = try_vec(cols, u32::MAX, "training's feature map")?;
            for &j in indices {
                map[j as usize] = 0;
            }
            let present = map.iter().filter(|&&m| m == 0).count();
            let mut ids = try_vec(present, 0u32, "training's feature list")?;
            let mut next = 0;
            for (j, m) in map.iter_mut().enumerate() {
                if *m == 0 {
                    *m = next as u32;
                    ids[next] = j as u32;
                    next += 1;
                }
            }
            (ids, Some(map))
        } else {
            let mut ids = try_vec(indices.len(), 0u32, "training's feature list")?;
            ids.copy_from_slice(indices);
            ids.sort_unstable();
            ids.dedup();
            ids.shrink_to_fit();
            (ids, None)
        };
        let nf = ids.len();
        let column = |j: u32| match &map {
            Some(map) => map[j as usize] as usize,
            None => ids.binary_search(&j).expect("every id occurs"),
        };
        let mut col_ptr = try_vec(nf + 1, 0usize, "training's columns")?;
        for &j in indices {
            col_ptr[column(j) + 1] += 1;
        }
        for j in 0..nf {
            col_ptr[j + 1] += col_ptr[j];
        }
        let mut next = try_vec(nf, 0usize, "training's columns")?;
        next.copy_from_slice(&col_ptr[..nf]);
        let mut col_rows = try_vec(indices.len(), 0u32, "training's columns")?;
        let mut col_vals = try_vec(indices.len(), V::narrow(0.0), "training's columns")?;
        for i in 0..n {
            for e in indptr[i]..indptr[i + 1] {
                let j = column(indices[e]);
                col_rows[next[j]] = i as u32;
                col_vals[next[j]] = V::narrow(values[e]);
                next[j] += 1;
            }
        }
        drop(next);
        drop(map);
        let mut xbar = try_vec(nf, 0.0, "training's column sums")?;
        let mut ybar = try_vec(nf.saturating_mul(k), 0.0, "training's column sums")?;
        for j in 0..nf {
            for e in col_ptr[j]..col_ptr[j + 1] {
                let i = col_rows[e] as usize;
                let sx = s[i] * col_vals[e].into();
                xbar[j] += sx;
                ybar[j * k + data.y[i] as usize] += sx;
            }
        }
        let nfk = nf
            .checked_mul(k)
            .ok_or_else(|| out_of_memory::<f64>("training's weights", usize::MAX))?;
        let nk = n
            .checked_mul(k)
            .ok_or_else(|| out_of_memory::<f64>("training's per-row state", usize::MAX))?;
        // Start at the intercept-only optimum: b = ln(class shares) (absent classes get a very low logit).
        let b: Vec<f64> = prior
            .iter()
            .map(|&m| if m > 0.0 { m.ln() } else { -30.0 })
            .collect();
        let lse0 = log_sum_exp(&b);
        let p0: Vec<f64> = b.iter().map(|&v| (v - lse0).exp()).collect();
        let l1 = opts.lambda * opts.l1_ratio;
        let l2 = opts.lambda * (1.0 - opts.l1_ratio);
        check_finite("lambda", l1 + l2)?;
        let z = try_vec(nk, 0.0, "training's logits")?;
        let mut z = z;
        for zi in z.chunks_exact_mut(k) {
            zi.copy_from_slice(&b);
        }
        let mut p = try_vec(nk, 0.0, "training's probabilities")?;
        for pi in p.chunks_exact_mut(k) {
            pi.copy_from_slice(&p0);
        }
        Ok(Solver {
            k,
            ids,
            col_ptr,
            col_rows,
            col_vals,
            y: &data.y,
            s,
            shares: prior,
            xbar,
            ybar,
            l1,
            l2,
            w: try_vec(nfk, 0.0, "training's weights")?,
            z,
            p,
            lse: try_vec(n, lse0, "training's per-row state")?,
            b,
            g: try_vec(nfk, 0.0, "training's gradient")?,
            gb: vec![0.0; k],
            dw: try_vec(nfk, 0.0, "training's step")?,
            db: vec![0.0; k],
            r: try_vec(nk, 0.0, "training's step")?,
            q: try_vec(n, 0.0, "training's step")?,
            rc: try_vec(n, 0.0, "training's step")?,
            cw: try_vec(n, 0.0, "training's step")?,
            co: try_vec(n, 0.0, "training's step")?,
            trial: try_vec(nk, 0.0, "training's line search")?,
            trial_lse: try_vec(n, 0.0, "training's line search")?,
            shift_buf: vec![0.0; k],
            threads: opts.threads,
            max_iter: opts.max_iter,
            tol: opts.tol,
            max_gap: opts.max_gap,
        })
    }

    fn features(&self) -> usize {
        self.col_ptr.len() - 1
    }

    /// The feature ids with a non-zero weight and their K weights each (the
    /// model's stored blocks).
    fn blocks(&self) -> (Vec<u32>, Vec<f64>) {
        let (mut stored, mut weights) = (Vec::new(), Vec::new());
        for (&id, blk) in self.ids.iter().zip(self.w.chunks_exact(self.k)) {
            if blk.iter().any(|&w| w != 0.0) {
                stored.push(id);
                weights.extend_from_slice(blk);
            }
        }
        (stored, weights)
    }

    /// Outer iterations until the subgradient criterion holds; returns
    /// (iterations, converged, final subgradient norm).
    ///
    /// With a `screen` (the strong set of the path), the iterations see only those
    /// features; once they have converged there, one pass over every feature checks
    /// the optimality conditions, and the features that break them join the set and
    /// the iterations go on. Convergence is always judged on every feature, and on
    /// return the gradient of every feature is current.
    fn run(
        &mut self,
        mut screen: Option<Vec<usize>>,
        progress: &mut dyn FnMut(u32, f64),
    ) -> (u32, bool, f64) {
        let mut iterations = 0;
        let mut v = self.gradient(screen.as_deref());
        loop {
            progress(iterations, v);
            if v <= self.tol {
                let Some(set) = screen.take() else {
                    return (iterations, true, v);
                };
                v = self.gradient(None);
                let broken = self.violators(&set);
                if broken.is_empty() {
                    return (iterations, true, v);
                }
                screen = Some(merge_sorted(&set, &broken));
                continue;
            }
            // The gap bounds the suboptimality over every feature: no further check.
            if let Some(max_gap) = self.max_gap {
                let v_all = if screen.is_some() { self.gradient(None) } else { v };
                if self.gap() <= max_gap {
                    return (iterations, true, v_all);
                }
            }
            if iterations >= self.max_iter {
                if screen.is_some() {
                    v = self.gradient(None);
                }
                return (iterations, false, v);
            }
            iterations += 1;
            let working = self.working_set(screen.as_deref());
            self.inner(&working, v);
            if !self.line_search(&working) {
                // No descent is possible in floating point: report where we are.
                return (iterations, false, self.gradient(None));
            }
            v = self.gradient(screen.as_deref());
        }
    }

    /// The sequential strong rule (Tibshirani et al. 2012) for a fit at λ₁ = `l1`
    /// from the optimum at `previous` (whose gradient is in `g`): keep every feature
    /// with a non-zero weight and every one with some |g_jc| ≥ 2λ₁ − λ₁_previous;
    /// the others are very likely to stay zero. None when the rule keeps them all.
    fn strong_set(&self, l1: f64, previous: f64) -> Option<Vec<usize>> {
        let bar = 2.0 * l1 - previous;
        if bar <= 0.0 {
            return None;
        }
        let set: Vec<usize> = (0..self.features())
            .filter(|&j| self.nonzero(j) || self.largest_gradient(j) >= bar)
            .collect();
        (set.len() < self.features()).then_some(set)
    }

    /// The features outside the sorted `set` whose zero weights break the optimality
    /// condition |g_jc| ≤ λ₁ (weights outside the set are all zero).
    fn violators(&self, set: &[usize]) -> Vec<usize> {
        let mut next = set.iter().peekable();
        (0..self.features())
            .filter(|&j| {
                if next.peek() == Some(&&j) {
                    next.next();
                    return false;
                }
                self.largest_gradient(j) > self.l1
            })
            .collect()
    }

    /// Whether feature j has a non-zero weight.
    fn nonzero(&self, j: usize) -> bool {
        self.w[j * self.k..(j + 1) * self.k].iter().any(|&v| v != 0.0)
    }

    /// max_c |∂loss/∂W_jc|: the zero weights of feature j are optimal when it is
    /// at most λ₁.
    fn largest_gradient(&self, j: usize) -> f64 {
        self.g[j * self.k..(j + 1) * self.k]
            .iter()
            .fold(0.0_f64, |m, &v| m.max(v.abs()))
    }

    /// The loss gradient at the current point, over every feature or over the
    /// sorted `subset` (the gradient of the others is left as it was); returns the
    /// ∞-norm of the minimum-norm subgradient of the objective over those weights
    /// and every intercept.
    fn gradient(&mut self, subset: Option<&[usize]>) -> f64 {
        let k = self.k;
        self.gb.iter_mut().for_each(|v| *v = 0.0);
        for i in 0..self.s.len() {
            let si = self.s[i];
            for c in 0..k {
                self.gb[c] += si * self.p[i * k + c];
            }
            self.gb[self.y[i] as usize] -= si;
        }
        let worst = self.gb.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
        let cols = Columns {
            ptr: &self.col_ptr,
            rows: &self.col_rows,
            vals: &self.col_vals,
        };
        let (s, p, y, w, l1, l2) = (&self.s, &self.p, self.y, &self.w, self.l1, self.l2);
        // Feature j's K gradients into `g`; returns its worst subgradient. (The label
        // part, −Σ_{i: y_i = c} s_i x_ij, is summed with the rest, entry by entry:
        // subtracting the fixed sum ȳ_jc instead loses ~1e-12 to cancellation on long
        // columns, enough to stall Newton steps near the optimum.)
        let feature = |j: usize, g: &mut [f64]| -> f64 {
            g.iter_mut().for_each(|v| *v = 0.0);
            for e in cols.ptr[j]..cols.ptr[j + 1] {
                let (i, x) = (cols.rows[e] as usize, cols.vals[e].into());
                let sx = s[i] * x;
                for (gc, pc) in g.iter_mut().zip(&p[i * k..(i + 1) * k]) {
                    *gc += sx * pc;
                }
                g[y[i] as usize] -= sx;
            }
            g.iter()
                .zip(&w[j * k..(j + 1) * k])
                .fold(0.0_f64, |m, (gc, &wc)| {
                    m.max(min_norm_subgradient(gc + l2 * wc, wc, l1).abs())
                })
        };
        if let Some(subset) = subset {
            let entries: usize = subset.iter().map(|&j| cols.ptr[j + 1] - cols.ptr[j]).sum();
            if self.threads == 1 || entries < PARALLEL_MIN_ENTRIES {
                let g = &mut self.g;
                return subset
                    .iter()
                    .fold(worst, |m, &j| m.max(feature(j, &mut g[j * k..(j + 1) * k])));
            }
            // The subset's features are scattered over g: each thread fills a buffer
            // of its share, copied back afterwards.
            let per = subset.len().div_ceil(self.threads).max(1);
            let parts: Vec<(Vec<f64>, f64)> = std::thread::scope(|sc| {
                let handles: Vec<_> = subset
                    .chunks(per)
                    .map(|part| {
                        sc.spawn(move || {
                            let mut buf = vec![0.0; part.len() * k];
                            let m = part
                                .iter()
                                .zip(buf.chunks_exact_mut(k))
                                .fold(0.0_f64, |m, (&j, g)| m.max(feature(j, g)));
                            (buf, m)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().expect("gradient thread"))
                    .collect()
            });
            let mut m = worst;
            for (part, (buf, worst)) in subset.chunks(per).zip(parts) {
                m = m.max(worst);
                for (&j, g) in part.iter().zip(buf.chunks_exact(k)) {
                    self.g[j * k..(j + 1) * k].copy_from_slice(g);
                }
            }
            return m;
        }
        // Features are independent here: split them into contiguous ranges, one per
        // thread (the result does not depend on the split).
        let nf = self.features();
        let range = |first: usize, g: &mut [f64]| -> f64 {
            g.chunks_exact_mut(k)
                .enumerate()
                .fold(0.0_f64, |m, (off, g)| m.max(feature(first + off, g)))
        };
        if self.threads == 1 || nf < 2 * PARALLEL_MIN_FEATURES {
            return worst.max(range(0, &mut self.g));
        }
        let per = nf.div_ceil(self.threads).max(1);
        std::thread::scope(|sc| {
            let handles: Vec<_> = self
                .g
                .chunks_mut(per * k)
                .enumerate()
                .map(|(t, g)| sc.spawn(move || range(t * per, g)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("gradient thread"))
                .fold(worst, f64::max)
        })
    }

    /// Features to optimise this iteration, among all or the sorted `subset`: every
    /// non-zero one, and every zero one whose gradient breaks the optimality
    /// condition |g| ≤ λ₁.
    fn working_set(&self, subset: Option<&[usize]>) -> Vec<usize> {
        let wanted = |&j: &usize| self.nonzero(j) || self.largest_gradient(j) > self.l1;
        match subset {
            Some(set) => set.iter().copied().filter(wanted).collect(),
            None => (0..self.features()).filter(wanted).collect(),
        }
    }

    /// Coordinate descent on the quadratic model of the loss around the current
    /// point (plus the exact penalty), over the working set and the intercepts.
    /// Needs no exponentials: the model's gradient in Δ_jc is
    /// g_jc + Σ_i s_i x_ij p_ic (r_ic − q_i) and its curvature Σ_i s_i x_ij² p_ic (1 − p_ic).
    ///
    /// The sweeps go class by class. Within class c every feature step moves along
    /// e_jc − m_jc·e_bc, the weight together with the intercept by −m_jc times as
    /// much, where m_jc = Σ s x p(1−p) / Σ s p(1−p) is the feature's mean in the
    /// class's curvature: the step is then orthogonal to the intercept (the model's
    /// intercept gradient stays put), so a feature that is on in most rows, or whose
    /// values sit far from 0, no longer fights the intercept step by step (glmnet
    /// centres sparse columns the same way without forming them). The intercept's
    /// share is kept as one pending number per class and added to r and q once the
    /// class is done, so a step still touches only its column's rows.
    fn inner(&mut self, working: &[usize], outer_violation: f64) {
        self.dw.iter_mut().for_each(|v| *v = 0.0);
        self.db.iter_mut().for_each(|v| *v = 0.0);
        self.r.iter_mut().for_each(|v| *v = 0.0);
        self.q.iter_mut().for_each(|v| *v = 0.0);
        let mut first = f64::NAN;
        for sweep in 0..MAX_INNER_SWEEPS {
            let biggest = self.sweep(working);
            if sweep == 0 {
                first = biggest;
            }
            // Solve the model only as well as the outer iteration can use.
            if biggest <= INNER_REDUCTION * first || biggest <= 0.1 * self.tol.min(outer_violation) {
                break;
            }
        }
    }

    /// One sweep of [`inner`](Solver::inner) over the features `set`, class by
    /// class; returns the largest step, scaled by the square root of its curvature.
    fn sweep(&mut self, set: &[usize]) -> f64 {
        let (k, n) = (self.k, self.s.len());
        let mut biggest = 0.0_f64;
        for c in 0..k {
            // Class c's part of the model, row by row and contiguous, for the
            // column passes below: rc = r_c, cw = s p_c (1 − p_c) (the curvature
            // weight) and co = s p_c o with o = q − p_c r_c (the other classes'
            // part of q, fixed while class c moves), so that s p_c (r_c − q) is
            // cw·rc − co. The intercept (x = 1 on every row, unpenalised) takes an
            // exact Newton step from the same sums.
            let (mut gb, mut hb) = (self.gb[c], 0.0);
            for i in 0..n {
                let (pc, r) = (self.p[i * k + c], self.r[i * k + c]);
                let sp = self.s[i] * pc;
                let v = sp * (1.0 - pc);
                let co = sp * (self.q[i] - pc * r);
                self.rc[i] = r;
                self.cw[i] = v;
                self.co[i] = co;
                gb += v * r - co;
                hb += v;
            }
            // `beta`: the intercept step not yet in rc. The model's intercept
            // gradient after the Newton step, gb + beta·hb, stays constant below.
            let mut beta = 0.0;
            if hb > 0.0 {
                beta = -gb / hb;
                biggest = biggest.max(beta.abs() * hb.sqrt());
            }
            let gb_now = gb + beta * hb;
            for &j in set {
                let (lo, hi) = (self.col_ptr[j], self.col_ptr[j + 1]);
                let (rows, vals) = (&self.col_rows[lo..hi], &self.col_vals[lo..hi]);
                let (mut a, mut hjj, mut hjb) = (0.0, 0.0, 0.0);
                for (&i, &x) in rows.iter().zip(vals) {
                    let (i, x): (usize, f64) = (i as usize, x.into());
                    let v = self.cw[i];
                    a += x * (v * self.rc[i] - self.co[i]);
                    hjb += x * v;
                    hjj += x * x * v;
                }
                // Gradient and curvature along e_jc − m·e_bc; the curvature is the
                // feature's variance in the class's weights (0 if it is constant).
                let m = if hb > 0.0 { hjb / hb } else { 0.0 };
                let gq = self.g[j * k + c] + a + beta * hjb - m * gb_now;
                let h = (hjj - m * hjb).max(0.0) + self.l2;
                if h <= 0.0 {
                    continue;
                }
                let wc = self.w[j * k + c] + self.dw[j * k + c];
                let d = soft(wc - (gq + self.l2 * wc) / h, self.l1 / h) - wc;
                if d == 0.0 {
                    continue;
                }
                self.dw[j * k + c] += d;
                beta -= m * d;
                for (&i, &x) in rows.iter().zip(vals) {
                    let x: f64 = x.into();
                    self.rc[i as usize] += x * d;
                }
                biggest = biggest.max(d.abs() * h.sqrt());
            }
            self.db[c] += beta;
            for i in 0..n {
                let r = self.rc[i] + beta;
                self.q[i] += self.p[i * k + c] * (r - self.r[i * k + c]);
                self.r[i * k + c] = r;
            }
        }
        for &j in set {
            self.center(j);
        }
        biggest
    }

    /// The loss, and the quadratic model, do not change when the same constant is
    /// added to all K weights of a feature (softmax is shift-invariant): only the
    /// penalty decides that direction, whose curvature λ₂ coordinate steps cannot
    /// see (they would converge along it at a rate of λ₂/h). Minimise it exactly.
    /// r and q need no update: r_ic − q_i is unchanged by a common shift.
    fn center(&mut self, j: usize) {
        let k = self.k;
        for (t, (w, d)) in self
            .shift_buf
            .iter_mut()
            .zip(self.w[j * k..].iter().zip(&self.dw[j * k..]))
        {
            *t = w + d;
        }
        let shift = best_shift(&self.shift_buf, self.l1, self.l2);
        if shift != 0.0 {
            for v in &mut self.dw[j * k..(j + 1) * k] {
                *v -= shift;
            }
        }
    }

    /// Backtracks along the step until the objective drops by a fraction of what the
    /// model predicts (Armijo); applies it and returns true, or false if even tiny
    /// steps do not help.
    fn line_search(&mut self, working: &[usize]) -> bool {
        let k = self.k;
        let pen = |w: f64| 0.5 * self.l2 * w * w + self.l1 * w.abs();
        // The model's predicted change: gᵀΔ plus the change of the penalty, summed per
        // coordinate so that tiny steps do not drown in the rounding of two large sums.
        let (mut pen_now, mut decrease, mut moved) = (0.0, 0.0, false);
        for &j in working {
            for c in 0..k {
                let (w, d) = (self.w[j * k + c], self.dw[j * k + c]);
                pen_now += pen(w);
                decrease += self.g[j * k + c] * d + (pen(w + d) - pen(w));
                moved |= d != 0.0;
            }
        }
        decrease += self.gb.iter().zip(&self.db).map(|(g, d)| g * d).sum::<f64>();
        moved |= self.db.iter().any(|&d| d != 0.0);
        if !moved {
            return false;
        }
        // A rounding-positive prediction on a tiny step: demand no increase beyond noise.
        let decrease = decrease.min(0.0);
        let loss_now = self.loss();
        let mut t = 1.0;
        for _ in 0..MAX_HALVINGS {
            let mut loss = 0.0;
            for i in 0..self.s.len() {
                let zi = &self.z[i * k..(i + 1) * k];
                let ri = &self.r[i * k..(i + 1) * k];
                let tr = &mut self.trial[i * k..(i + 1) * k];
                let mut m = f64::NEG_INFINITY;
                for c in 0..k {
                    tr[c] = zi[c] + t * ri[c];
                    m = m.max(tr[c]);
                }
                let yi = self.y[i] as usize;
                let zy = tr[yi];
                let mut sum = 0.0;
                for v in tr.iter_mut() {
                    *v = (*v - m).exp();
                    sum += *v;
                }
                let lse = m + sum.ln();
                self.trial_lse[i] = lse;
                loss += self.s[i] * (lse - zy);
            }
            let mut pen_t = 0.0;
            for &j in working {
                for c in 0..k {
                    pen_t += pen(self.w[j * k + c] + t * self.dw[j * k + c]);
                }
            }
            // Near the optimum the decrease is below the rounding of the loss sum;
            // a step that is no worse than that noise is still a Newton step.
            let noise = 1e-14 * (loss_now.abs() + pen_now);
            if loss + pen_t - (loss_now + pen_now) <= ARMIJO * t * decrease + noise {
                for i in 0..self.s.len() {
                    let tr = &self.trial[i * k..(i + 1) * k];
                    let sum: f64 = tr.iter().sum();
                    for c in 0..k {
                        self.z[i * k + c] += t * self.r[i * k + c];
                    }
                    for (p, e) in self.p[i * k..(i + 1) * k].iter_mut().zip(tr) {
                        *p = e / sum;
                    }
                    self.lse[i] = self.trial_lse[i];
                }
                for &j in working {
                    for c in 0..k {
                        self.w[j * k + c] += t * self.dw[j * k + c];
                    }
                }
                for c in 0..k {
                    self.b[c] += t * self.db[c];
                }
                return true;
            }
            t *= 0.5;
        }
        false
    }

    /// The relative duality gap (F − D)/F at the current point (the gradient of
    /// every feature must be current): D is the Fenchel
    /// dual's value at a dual point built from the current probabilities, so F − D
    /// bounds F − F* from above however far from the optimum the point is, and it
    /// is 0 at the optimum.
    ///
    /// The dual of Σ_i s_i loss_i(X_i W + b) + λ₁‖W‖₁ + λ₂/2‖W‖² takes one
    /// distribution π_i per row and is Σ_i s_i H(π_i) − Σ_jc soft(|V_jc|, λ₁)²/(2λ₂)
    /// with V = Xᵀ S (π − Y) (for the lasso, λ₂ = 0: |V_jc| ≤ λ₁ required, the second
    /// term 0); the free intercepts require Σ_i s_i π_i = the class shares exactly.
    /// π_i = p_i meets that only at the optimum, so π_i = (1 − t) p_i + t u mixes in
    /// one distribution u with the smallest t that makes it hold; for the lasso, π_i
    /// is then pulled towards e_yi (π_i = e_yi + θ(π_i − e_yi), which keeps the
    /// intercept condition) until |V| ≤ λ₁.
    fn gap(&self) -> f64 {
        let (k, n) = (self.k, self.s.len());
        // Σ_i s_i p_i = shares + the intercept gradient (summed row by row, so its
        // small residuals do not come from the difference of two sums).
        let mean: Vec<f64> = self.shares.iter().zip(&self.gb).map(|(sh, g)| sh + g).collect();
        // (1 − t)·mean + t·u = shares with u ≥ 0 needs t ≥ (mean_c − share_c)/mean_c.
        let t = mean
            .iter()
            .zip(&self.gb)
            .filter(|(m, _)| **m > 0.0)
            .fold(0.0_f64, |t, (m, g)| t.max(g / m))
            .min(1.0);
        let u: Vec<f64> = if t > 0.0 {
            mean.iter()
                .zip(&self.shares)
                .map(|(m, sh)| ((sh - (1.0 - t) * m) / t).max(0.0))
                .collect()
        } else {
            mean.clone()
        };
        let pi = |i: usize, c: usize| (1.0 - t) * self.p[i * k + c] + t * u[c];
        // V = Xᵀ S (π − Y) = (1 − t)·g + t·(u_c·x̄_j − ȳ_jc) from the current gradient
        // and the data's fixed sums; its largest entry and the ridge term of the dual.
        let (mut v_max, mut ridge) = (0.0_f64, 0.0);
        let rows = self
            .g
            .chunks_exact(k)
            .zip(self.ybar.chunks_exact(k))
            .zip(&self.xbar);
        for ((g, ybar), &xbar) in rows {
            for ((&gc, &yc), &uc) in g.iter().zip(ybar).zip(&u) {
                let v = (1.0 - t) * gc + t * (uc * xbar - yc);
                v_max = v_max.max(v.abs());
                if self.l2 > 0.0 {
                    let sv = soft(v.abs(), self.l1);
                    ridge += sv * sv / (2.0 * self.l2);
                }
            }
        }
        let theta = if self.l2 == 0.0 && v_max > self.l1 {
            self.l1 / v_max
        } else {
            1.0
        };
        let mut entropy = 0.0;
        for i in 0..n {
            let y = self.y[i] as usize;
            let mut h = 0.0;
            for c in 0..k {
                let e = theta * pi(i, c) + if c == y { 1.0 - theta } else { 0.0 };
                if e > 0.0 {
                    h -= e * e.ln();
                }
            }
            entropy += self.s[i] * h;
        }
        let primal = self.objective();
        let dual = entropy - ridge;
        if primal > 0.0 {
            ((primal - dual) / primal).max(0.0)
        } else {
            (primal - dual).max(0.0)
        }
    }

    /// The weighted mean loss at the current point.
    fn loss(&self) -> f64 {
        let k = self.k;
        (0..self.s.len())
            .map(|i| self.s[i] * (self.lse[i] - self.z[i * k + self.y[i] as usize]))
            .sum()
    }

    /// F(W, b) at the current point.
    fn objective(&self) -> f64 {
        let loss = self.loss();
        let pen: f64 = self
            .w
            .iter()
            .map(|w| 0.5 * self.l2 * w * w + self.l1 * w.abs())
            .sum();
        loss + pen
    }
}

/// Inner sweeps stop once the largest scaled step is this fraction of the first's.
const INNER_REDUCTION: f64 = 0.05;
const MAX_INNER_SWEEPS: usize = 50;
const MAX_HALVINGS: usize = 40;
/// Sufficient-decrease fraction of the line search.
const ARMIJO: f64 = 1e-4;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logistic::{Csr, FeatureSpace};
    use rand::{Rng as _, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// 400 rows over 60 features (about 6 a row, the low ids the most common), 3
    /// classes drawn from a sparse true model.
    fn data() -> Dataset {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let (n, p, k) = (400, 60, 3);
        let truth: Vec<f64> = (0..p * k)
            .map(|_| {
                if rng.random::<f64>() < 0.2 {
                    rng.random_range(-2.0..2.0)
                } else {
                    0.0
                }
            })
            .collect();
        let mut rows = Vec::new();
        let mut y = Vec::new();
        for _ in 0..n {
            let mut row: Vec<(u32, f64)> = (0..6)
                .map(|_| {
                    (
                        (rng.random::<f64>().powi(2) * p as f64) as u32,
                        rng.random_range(1..3) as f64,
                    )
                })
                .collect();
            row.sort_by_key(|r| r.0);
            row.dedup_by_key(|r| r.0);
            let z: Vec<f64> = (0..k)
                .map(|c| row.iter().map(|&(j, x)| x * truth[j as usize * k + c]).sum())
                .collect();
            let e: Vec<f64> = z.iter().map(|v| v.exp()).collect();
            let mut u = rng.random::<f64>() * e.iter().sum::<f64>();
            let mut c = 0;
            while c + 1 < k && u > e[c] {
                u -= e[c];
                c += 1;
            }
            y.push(c as u32);
            rows.push(row);
        }
        Dataset {
            x: Csr::from_rows(rows.iter().map(|r| r.as_slice()), p).unwrap(),
            y,
            weights: None,
            classes: (0..k).map(|c| c.to_string()).collect(),
            features: FeatureSpace::Indexed { n: p },
        }
    }

    fn opts(lambda: f64) -> TrainOptions {
        TrainOptions {
            lambda,
            laplace: None,
            ..TrainOptions::default()
        }
    }

    /// A screen that keeps nothing: the optimality check over every feature must
    /// bring back each feature the fit needs, and the result equal the unscreened fit.
    #[test]
    fn a_wrong_screen_is_repaired_by_the_optimality_check() {
        let d = data();
        let o = opts(2e-3);
        let plain = train(&d, &o).unwrap();
        let mut fit = Fit::new(&d, &o).unwrap();
        // 2λ₁ − λ₁_previous is then far above every gradient: the strong set is empty.
        fit.fitted_l1 = Some(-1e9);
        assert_eq!(
            with_solver!(&fit.solver, s => s.strong_set(1e-3, -1e9)),
            Some(vec![])
        );
        let screened = fit.fit(o.lambda, &mut |_, _| {}).unwrap();
        assert!(plain.info().converged && screened.info().converged);
        assert!(plain.nnz() > 10);
        let (a, b) = (plain.info().objective, screened.info().objective);
        assert!((a - b).abs() <= 1e-12 * a, "{a} vs {b}");
        assert_eq!(plain.stored_features(), screened.stored_features());
        for (x, y) in plain.stored_weights().iter().zip(screened.stored_weights()) {
            assert!((x - y).abs() < 1e-6, "{x} vs {y}");
        }
    }

    /// Along a path the strong rule discards features, and each warm, screened fit
    /// equals a cold, unscreened one.
    #[test]
    fn screened_path_steps_equal_cold_fits() {
        let d = data();
        let o = opts(0.0);
        let mut fit = Fit::new(&d, &o).unwrap();
        let lambda_max = fit.null_gradient() / o.l1_ratio;
        let mut screened_some = false;
        for t in 1..20 {
            let lambda = lambda_max * 0.75_f64.powi(t);
            let previous = fit.fitted_l1.unwrap();
            screened_some |= with_solver!(&fit.solver, s => s
                .strong_set(lambda * o.l1_ratio, previous)
                .is_some_and(|set| set.len() < s.features()));
            let warm = fit.fit(lambda, &mut |_, _| {}).unwrap();
            let cold = train(&d, &opts(lambda)).unwrap();
            assert!(warm.info().converged && cold.info().converged);
            let (a, b) = (warm.info().objective, cold.info().objective);
            assert!((a - b).abs() <= 1e-10 * b, "λ {lambda}: {a} vs {b}");
            assert_eq!(warm.stored_features(), cold.stored_features(), "λ {lambda}");
        }
        assert!(screened_some, "the strong rule never discarded a feature");
    }
    /// The duality gap bounds the true relative suboptimality from above at points
    /// short of the optimum (few iterations), for the lasso, the elastic net and
    /// ridge, with sample and class weights, and vanishes at the optimum.
    #[test]
    fn the_duality_gap_bounds_the_suboptimality() {
        let mut d = data();
        d.weights = Some((0..d.x.rows()).map(|i| 0.5 + (i % 3) as f64).collect());
        for rho in [1.0, 0.5, 0.0] {
            for class_weights in [None, Some(vec![1.0, 3.0, 0.5])] {
                let o = TrainOptions {
                    l1_ratio: rho,
                    tol: 1e-12,
                    class_weights,
                    ..opts(3e-3)
                };
                let best = Fit::new(&d, &o).unwrap();
                let mut best = best;
                best.fit(o.lambda, &mut |_, _| {}).unwrap();
                let f_star = with_solver!(&best.solver, s => s.objective());
                assert!(best.gap() < 1e-10, "ρ {rho}: gap {} at the optimum", best.gap());
                for iterations in 1..6 {
                    let short = TrainOptions {
                        max_iter: iterations,
                        ..o.clone()
                    };
                    let mut fit = Fit::new(&d, &short).unwrap();
                    fit.fit(o.lambda, &mut |_, _| {}).unwrap();
                    let f = with_solver!(&fit.solver, s => s.objective());
                    let (truth, gap) = ((f - f_star) / f, fit.gap());
                    assert!(
                        gap >= truth - 1e-13,
                        "ρ {rho}, {iterations} its: gap {gap} < {truth}"
                    );
                    assert!(gap.is_finite(), "ρ {rho}, {iterations} its: gap {gap}");
                }
            }
        }
    }

    /// Stopping on the gap: the fit converges with a gap below the bound, and its
    /// objective is within that bound of the optimum.
    #[test]
    fn training_stops_on_the_duality_gap() {
        let d = data();
        let tight = train(
            &d,
            &TrainOptions {
                tol: 1e-12,
                ..opts(1e-3)
            },
        )
        .unwrap();
        let o = TrainOptions {
            tol: 1e-15,
            max_gap: Some(1e-6),
            ..opts(1e-3)
        };
        let mut fit = Fit::new(&d, &o).unwrap();
        let m = fit.fit(o.lambda, &mut |_, _| {}).unwrap();
        assert!(m.info().converged, "{:?}", m.info());
        assert!(fit.gap() <= 1e-6);
        let f_star = tight.info().objective;
        assert!((m.info().objective - f_star) / f_star <= 1e-6);
        assert!(m.info().iterations < tight.info().iterations);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let err = train(
                &d,
                &TrainOptions {
                    max_gap: Some(bad),
                    ..opts(1e-3)
                },
            )
            .unwrap_err();
            assert!(err.to_string().contains("max_gap"), "{err}");
        }
    }
    /// Columns copied as f32 (every value exact in f32, as here) train to the very
    /// same model as the same columns copied as f64.
    #[test]
    fn narrow_and_wide_columns_give_the_same_model() {
        let d = data();
        let o = opts(1e-3);
        let mut narrow = Fit::new(&d, &o).unwrap();
        assert!(matches!(narrow.solver, AnySolver::Narrow(_)));
        let mut wide = Fit::new(&d, &o).unwrap();
        wide.solver = AnySolver::Wide(Solver::new(&d, &o).unwrap());
        for lambda in [3e-3, 1e-3] {
            let (a, b) = (
                narrow.fit(lambda, &mut |_, _| {}).unwrap(),
                wide.fit(lambda, &mut |_, _| {}).unwrap(),
            );
            assert_eq!(a, b);
            assert_eq!(narrow.gap(), wide.gap());
        }
        // A value that is not an f32 makes the copy f64.
        let mut e = d.clone();
        let (indptr, indices, values) = e.x.parts();
        let mut values = values.to_vec();
        values[0] = 0.1;
        e.x = Csr::new(indptr.to_vec(), indices.to_vec(), values, 60).unwrap();
        assert!(matches!(Fit::new(&e, &o).unwrap().solver, AnySolver::Wide(_)));
    }
}
