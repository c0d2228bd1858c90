//! A trained sparse multinomial logistic model and its allocation-free scoring.

use super::covariance::{packed_index, packed_len, Covariance};
use super::data::{Csr, FeatureSpace};
use crate::error::{check_len, Error, Result};
use crate::limits::{check_range, try_reserve, try_vec, MAX_CLASSES, MAX_FEATURES, MAX_MC_DRAWS};
use crate::rng::Rng;

/// How a training run ended, stored with the model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingInfo {
    /// Overall penalty weight λ.
    pub lambda: f64,
    /// Elastic-net mix ρ = l1_ratio in [0, 1] (1 is the lasso, 0 ridge).
    pub l1_ratio: f64,
    /// Rows trained on.
    pub rows: u64,
    /// Final value of the objective (the mean weighted loss plus the penalty).
    pub objective: f64,
    /// Passes over the data.
    pub iterations: u32,
    /// Whether the stopping tolerance was met.
    pub converged: bool,
    /// Final ∞-norm of the minimum-norm subgradient.
    pub grad_norm: f64,
    /// The tolerance asked for.
    pub tol: f64,
}

impl TrainingInfo {
    /// Checks that the metadata could come from a training run: λ finite and ≥ 0,
    /// ρ in [0, 1], tol finite and > 0, a finite objective and a gradient norm
    /// that is ≥ 0 (NaN is allowed only for a run that did not converge).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the field.
    pub fn validate(&self) -> Result<()> {
        let bad = |field: &str, v: f64| {
            Err(Error::invalid(format!(
                "training metadata: {field} = {v} is impossible"
            )))
        };
        if !(self.lambda.is_finite() && self.lambda >= 0.0) {
            return bad("lambda", self.lambda);
        }
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return bad("l1_ratio", self.l1_ratio);
        }
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return bad("tol", self.tol);
        }
        if !self.objective.is_finite() {
            return bad("objective", self.objective);
        }
        if !(self.grad_norm >= 0.0 || (self.grad_norm.is_nan() && !self.converged)) {
            return bad("grad_norm", self.grad_norm);
        }
        Ok(())
    }
}

/// A sparse multinomial logistic model: logits z_k = b_k + Σ_j x_j·W_jk over all K
/// classes, probabilities softmax(z).
///
/// Weights are stored feature-major: a feature with any non-zero weight has a block
/// of K adjacent values; features whose K weights are all exactly zero are not
/// stored. The model is immutable and `Sync`: share one across threads.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    classes: Vec<String>,
    features: FeatureSpace,
    intercepts: Vec<f64>,
    /// Where feature j's block is in `weights`: features without weights use the
    /// all-zero block after the stored ones, so scoring never branches on whether a
    /// feature is stored.
    index: BlockIndex,
    /// Stored feature ids, ascending.
    stored: Vec<u32>,
    /// K values per stored feature, then K zeros (the block of unstored features).
    weights: Vec<f64>,
    /// Optional Laplace covariances (one packed K×K block per stored feature).
    cov: Option<Covariance>,
    /// Largest |b_k|, |W_jk| and (with covariances) Laplace variances: rows whose
    /// values are small next to these cannot overflow, which is checked in O(nnz).
    bounds: Bounds,
    info: TrainingInfo,
}

/// See [`Model::check_row`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Bounds {
    intercept: f64,
    weight: f64,
    intercept_var: f64,
    var: f64,
}

impl Bounds {
    fn of(intercepts: &[f64], weights: &[f64], cov: Option<&Covariance>, k: usize) -> Bounds {
        let max_abs = |v: &mut dyn Iterator<Item = f64>| v.fold(0.0_f64, |m, x| m.max(x.abs()));
        let diag = |b: &[f64]| (0..k).map(|c| b[packed_index(c, c)]).fold(0.0_f64, f64::max);
        let t = packed_len(k);
        Bounds {
            intercept: max_abs(&mut intercepts.iter().copied()),
            weight: max_abs(&mut weights.iter().copied()),
            intercept_var: cov.map_or(0.0, |c| diag(c.intercept())),
            var: cov.map_or(0.0, |c| {
                c.stored_blocks().chunks_exact(t).map(diag).fold(0.0, f64::max)
            }),
        }
    }
}

/// Logits (and logit variances) below this in size are far from overflowing.
const SAFE_LOGIT: f64 = 1e300;

/// How a feature id finds its block. A dense table costs 4 bytes per id of the
/// feature space, so it is used only when that is small next to what is stored;
/// a sparse id space (2^31 hashed ids, a few thousand stored) binary-searches the
/// stored ids instead, and its memory is what the model holds.
#[derive(Debug, Clone, PartialEq)]
enum BlockIndex {
    /// `table[j]`: the block of feature j (the zero block if it is not stored).
    Dense(Vec<u32>),
    /// Search `stored`; an id in range but not stored uses the zero block.
    Sparse,
}

/// Feature spaces up to this size always get a dense table (4 MiB at most: a
/// lookup instead of a binary search made batch scoring 3.6x faster on a 10^5-id
/// space with a few thousand stored) ...
const DENSE_INDEX_MIN: usize = 1 << 20;
/// ... and larger ones while the table is at most this many ids per stored feature.
const DENSE_INDEX_PER_STORED: usize = 16;

/// Checks that labels (or feature names) are unique and free of NUL, which C
/// strings cannot hold: a file with two equal labels has no meaning for either.
fn check_names(what: &str, names: &[String]) -> Result<()> {
    if let Some(n) = names.iter().find(|n| n.contains('\0')) {
        return Err(Error::invalid(format!("{what} {n:?} contains NUL")));
    }
    let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    if let Some(w) = sorted.windows(2).find(|w| w[0] == w[1]) {
        return Err(Error::invalid(format!("{what} {:?} appears twice", w[0])));
    }
    Ok(())
}

/// Checks K against 2..=[`MAX_CLASSES`] and P against [`MAX_FEATURES`].
fn check_model_size(k: usize, p: usize) -> Result<()> {
    if !(2..=MAX_CLASSES).contains(&k) {
        return Err(Error::invalid(format!(
            "a model needs 2 to {MAX_CLASSES} classes, got {k}"
        )));
    }
    if p as u64 > MAX_FEATURES {
        return Err(Error::invalid(format!(
            "{p} features exceed the u32 id range (at most {MAX_FEATURES})"
        )));
    }
    Ok(())
}

impl Model {
    /// Assembles a model from dense-by-feature weights: `weights[j*K + k]` for every
    /// feature j of `features`; blocks that are entirely zero are dropped.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for fewer than 2 classes, sizes that disagree, or a
    /// non-finite weight or intercept.
    pub fn from_dense(
        classes: Vec<String>,
        features: FeatureSpace,
        intercepts: Vec<f64>,
        weights: &[f64],
        info: TrainingInfo,
    ) -> Result<Self> {
        let k = classes.len();
        let p = features.len();
        check_model_size(k, p)?;
        check_len("intercepts", intercepts.len(), k)?;
        check_len("weights", weights.len(), p.saturating_mul(k))?;
        let (mut stored, mut kept) = (Vec::new(), Vec::new());
        for (j, blk) in weights.chunks_exact(k).enumerate() {
            if blk.iter().any(|&w| w != 0.0) {
                stored.push(j as u32);
                kept.extend_from_slice(blk);
            }
        }
        Model::from_blocks(classes, features, intercepts, stored, kept, None, info)
    }

    /// Assembles a model from its stored blocks (the model file's layout).
    pub(crate) fn from_blocks(
        classes: Vec<String>,
        features: FeatureSpace,
        intercepts: Vec<f64>,
        stored: Vec<u32>,
        weights: Vec<f64>,
        cov: Option<Covariance>,
        info: TrainingInfo,
    ) -> Result<Self> {
        let k = classes.len();
        let p = features.len();
        check_model_size(k, p)?;
        info.validate()?;
        check_names("class label", &classes)?;
        if let FeatureSpace::Names(names) = &features {
            check_names("feature name", names)?;
        }
        check_len("intercepts", intercepts.len(), k)?;
        check_len("weights", weights.len(), stored.len() * k)?;
        if let Some(c) = &cov {
            check_len(
                "covariance blocks",
                c.stored_blocks().len(),
                stored.len() * packed_len(k),
            )?;
        }
        if stored.windows(2).any(|w| w[1] <= w[0]) || stored.last().is_some_and(|&j| j as usize >= p) {
            return Err(Error::invalid(
                "stored feature ids must be increasing and inside the feature space",
            ));
        }
        if !intercepts.iter().chain(&weights).all(|v| v.is_finite()) {
            return Err(Error::invalid("weights and intercepts must be finite"));
        }
        let zero_block = stored.len() as u32;
        let index = if p <= DENSE_INDEX_MIN.max(DENSE_INDEX_PER_STORED.saturating_mul(stored.len())) {
            let mut table = try_vec(p, zero_block, "the model's feature index")?;
            for (b, &j) in stored.iter().enumerate() {
                table[j as usize] = b as u32;
            }
            BlockIndex::Dense(table)
        } else {
            BlockIndex::Sparse
        };
        let mut weights = weights;
        try_reserve(&mut weights, k, "the model's weights")?;
        weights.resize(weights.len() + k, 0.0);
        let bounds = Bounds::of(&intercepts, &weights, cov.as_ref(), k);
        Ok(Model {
            classes,
            features,
            intercepts,
            index,
            stored,
            weights,
            cov,
            bounds,
            info,
        })
    }

    /// Number of classes K.
    pub fn classes(&self) -> usize {
        self.classes.len()
    }

    /// Class labels.
    pub fn labels(&self) -> &[String] {
        &self.classes
    }

    /// The feature space (dictionary, hashing spec or id range).
    pub fn features(&self) -> &FeatureSpace {
        &self.features
    }

    /// Intercepts b_k.
    pub fn intercepts(&self) -> &[f64] {
        &self.intercepts
    }

    /// Ids of the features with a stored (non-zero) block, ascending.
    pub fn stored_features(&self) -> &[u32] {
        &self.stored
    }

    /// The K weights of feature `j` (None if all zero or out of range).
    pub fn weights_of(&self, j: u32) -> Option<&[f64]> {
        let k = self.classes.len();
        let b = self.stored_block(j)?;
        Some(&self.weights[b * k..(b + 1) * k])
    }

    /// All stored blocks, K values per stored feature.
    pub fn stored_weights(&self) -> &[f64] {
        &self.weights[..self.stored.len() * self.classes.len()]
    }

    /// The Laplace covariances, if computed (see [`laplace`](super::laplace())).
    pub fn covariance(&self) -> Option<&Covariance> {
        self.cov.as_ref()
    }

    /// A copy of the model without its Laplace covariances (the weights, labels,
    /// feature space and training metadata unchanged), e.g. to ship a smaller
    /// model for point predictions. The covariances are not copied on the way.
    ///
    /// # Example
    /// ```
    /// use bayeskit::logistic::{train, Csr, Dataset, FeatureSpace, LaplaceMethod, TrainOptions};
    /// let x = Csr::new(vec![0, 1, 2, 3, 4], vec![0, 1, 0, 1], vec![1.0; 4], 2)?;
    /// let data = Dataset {
    ///     x,
    ///     y: vec![0, 1, 0, 1],
    ///     weights: None,
    ///     classes: vec!["a".into(), "b".into()],
    ///     features: FeatureSpace::Indexed { n: 2 },
    /// };
    /// let opts = TrainOptions { laplace: Some(LaplaceMethod::Blocks), ..TrainOptions::default() };
    /// let model = train(&data, &opts)?;
    /// let plain = model.without_covariance();
    /// assert!(model.covariance().is_some() && plain.covariance().is_none());
    /// assert_eq!(plain.stored_weights(), model.stored_weights());
    /// # Ok::<(), bayeskit::Error>(())
    /// ```
    pub fn without_covariance(&self) -> Model {
        Model {
            classes: self.classes.clone(),
            features: self.features.clone(),
            intercepts: self.intercepts.clone(),
            index: self.index.clone(),
            stored: self.stored.clone(),
            weights: self.weights.clone(),
            cov: None,
            bounds: Bounds::of(&self.intercepts, &self.weights, None, self.classes()),
            info: self.info.clone(),
        }
    }

    /// The model with these covariances (or none).
    pub(crate) fn with_covariance(mut self, cov: Option<Covariance>) -> Model {
        self.bounds = Bounds::of(&self.intercepts, &self.weights, cov.as_ref(), self.classes());
        self.cov = cov;
        self
    }

    /// The index of feature `j`'s stored block, if it has one.
    #[inline]
    pub(crate) fn stored_block(&self, j: u32) -> Option<usize> {
        match &self.index {
            BlockIndex::Dense(table) => {
                let b = *table.get(j as usize)? as usize;
                (b < self.stored.len()).then_some(b)
            }
            BlockIndex::Sparse => self.stored.binary_search(&j).ok(),
        }
    }

    /// The block feature `j` adds to the logits (the zero block if it is not
    /// stored), or None for an id outside the feature space.
    #[inline(always)]
    fn block_or_zero(&self, j: u32) -> Option<usize> {
        match &self.index {
            BlockIndex::Dense(table) => table.get(j as usize).map(|&b| b as usize),
            BlockIndex::Sparse => ((j as usize) < self.features.len())
                .then(|| self.stored.binary_search(&j).unwrap_or(self.stored.len())),
        }
    }

    /// The packed K×K Laplace covariance of feature `j`'s weights (lower triangle
    /// row by row: (r, c) with r ≥ c at r(r+1)/2 + c). None without covariances or
    /// for a feature whose weights are all zero.
    pub fn covariance_of(&self, j: u32) -> Option<&[f64]> {
        let cov = self.cov.as_ref()?;
        Some(cov.block(self.stored_block(j)?, packed_len(self.classes())))
    }

    /// W_jc − mean_c′ W_jc′: feature j's weight for class c relative to its mean over
    /// the classes, what moves class c's probability against the others (softmax
    /// ignores the mean). 0 for a feature with no stored weights; None out of range.
    pub fn contrast(&self, j: u32, c: usize) -> Option<f64> {
        let k = self.classes();
        if c >= k || j as usize >= self.features.len() {
            return None;
        }
        Some(
            self.weights_of(j)
                .map_or(0.0, |w| w[c] - w.iter().sum::<f64>() / k as f64),
        )
    }

    /// The Laplace variance of [`Model::contrast`] (W_jc − mean_c′ W_jc′), the same in
    /// every gauge. None without covariances or out of range; 0 for a feature with no
    /// stored weights.
    pub fn contrast_variance(&self, j: u32, c: usize) -> Option<f64> {
        self.cov.as_ref()?;
        let k = self.classes();
        if c >= k || j as usize >= self.features.len() {
            return None;
        }
        let Some(b) = self.covariance_of(j) else {
            return Some(0.0);
        };
        // e_cᵀ C Σ C e_c with C = I − 11ᵀ/K.
        let kf = k as f64;
        let row: f64 = (0..k).map(|r| b[packed_index(r, c)]).sum();
        let all: f64 = (0..k)
            .flat_map(|r| (0..k).map(move |q| (r, q)))
            .map(|(r, q)| b[packed_index(r, q)])
            .sum();
        Some((b[packed_index(c, c)] - 2.0 * row / kf + all / (kf * kf)).max(0.0))
    }

    /// The Laplace variance of W_jc: None without covariances or out of range; 0 for
    /// a weight that is exactly zero (the approximation holds it at 0).
    pub fn weight_variance(&self, j: u32, c: usize) -> Option<f64> {
        self.cov.as_ref()?;
        if c >= self.classes() || j as usize >= self.features.len() {
            return None;
        }
        Some(self.covariance_of(j).map_or(0.0, |b| b[packed_index(c, c)]))
    }

    /// Number of non-zero weights.
    pub fn nnz(&self) -> usize {
        self.stored_weights().iter().filter(|&&w| w != 0.0).count()
    }

    /// How the model was trained.
    pub fn info(&self) -> &TrainingInfo {
        &self.info
    }

    /// Writes the K logits of one sparse row into `out`. Ids outside the model's
    /// feature space, and features without weights, are ignored.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `ids` and `values` differ in length, `out`
    /// is not K long, a value is not finite, or the logits would overflow (values
    /// times weights beyond ±1.8e308); `out` is unchanged then.
    #[inline]
    pub fn logits(&self, ids: &[u32], values: &[f64], out: &mut [f64]) -> Result<()> {
        check_len("values", values.len(), ids.len())?;
        check_len("out", out.len(), self.classes.len())?;
        self.check_row(ids, values, false)?;
        self.logits_unchecked(ids, values, out);
        Ok(())
    }

    /// Checks, before anything is written, that a row's values are finite and its
    /// logits (and, with `variances`, its logit variances) are: the softmax of an
    /// overflowed logit is ∞ − ∞ = NaN, which must be an error rather than an
    /// answer. O(nnz) when the bound max|b| + max|W|·Σ|x| is far from overflowing
    /// (every ordinary row); otherwise the logits are computed, a few classes at a
    /// time on the stack, exactly as scoring computes them.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the non-finite value or the overflow.
    pub fn check_row(&self, ids: &[u32], values: &[f64], variances: bool) -> Result<()> {
        let b = &self.bounds;
        let (s1, s2) = values
            .iter()
            .fold((0.0, 0.0), |(a, q), &x| (a + x.abs(), q + x * x));
        let safe_logits = b.intercept + b.weight * s1 < SAFE_LOGIT;
        if safe_logits && (!variances || b.intercept_var + b.var * s2 < SAFE_LOGIT) {
            return Ok(());
        }
        if let Some((j, x)) = ids.iter().zip(values).find(|(_, x)| !x.is_finite()) {
            return Err(Error::invalid(format!("feature {j}: value {x} is not finite")));
        }
        let overflow = || {
            Error::invalid(
                "the logits of this row overflow (feature values times weights beyond ±1.8e308): \
                 scale the feature values down",
            )
        };
        const CHUNK: usize = 16;
        let k = self.classes();
        let mut buf = [0.0; CHUNK];
        for c0 in (0..k).step_by(CHUNK) {
            let z = &mut buf[..CHUNK.min(k - c0)];
            z.copy_from_slice(&self.intercepts[c0..c0 + z.len()]);
            for (&j, &x) in ids.iter().zip(values) {
                if let Some(blk) = self.weights_of(j) {
                    for (zc, &w) in z.iter_mut().zip(&blk[c0..]) {
                        *zc += x * w;
                    }
                }
            }
            if !z.iter().all(|v| v.is_finite()) {
                return Err(overflow());
            }
        }
        if let (true, Some(cov)) = (variances, &self.cov) {
            if !(0..k).all(|c| self.logit_variance(cov, ids, values, c).is_finite()) {
                return Err(Error::invalid(
                    "the logit variances of this row overflow (squared feature values times \
                     variances beyond 1.8e308): scale the feature values down",
                ));
            }
        }
        Ok(())
    }

    #[inline]
    fn logits_unchecked(&self, ids: &[u32], values: &[f64], out: &mut [f64]) {
        // A fixed K lets the compiler keep the logits in registers and unroll the
        // multiply-adds; most models have 2 to 4 classes.
        match out.len() {
            2 => self.logits_fixed::<2>(ids, values, out),
            3 => self.logits_fixed::<3>(ids, values, out),
            4 => self.logits_fixed::<4>(ids, values, out),
            k => {
                out.copy_from_slice(&self.intercepts);
                for (&j, &x) in ids.iter().zip(values) {
                    let Some(b) = self.block_or_zero(j) else {
                        continue;
                    };
                    for (o, &wk) in out.iter_mut().zip(&self.weights[b * k..(b + 1) * k]) {
                        *o += x * wk;
                    }
                }
            }
        }
    }

    #[inline(always)]
    fn logits_fixed<const K: usize>(&self, ids: &[u32], values: &[f64], out: &mut [f64]) {
        let mut z = [0.0; K];
        z.copy_from_slice(&self.intercepts[..K]);
        for (&j, &x) in ids.iter().zip(values) {
            let Some(b) = self.block_or_zero(j) else {
                continue;
            };
            let base = b * K;
            let Some(w) = self.weights.get(base..base + K) else {
                continue;
            };
            for c in 0..K {
                z[c] += x * w[c];
            }
        }
        out[..K].copy_from_slice(&z);
    }

    /// Writes the K class probabilities of one sparse row into `out`.
    #[inline]
    pub fn predict_proba(&self, ids: &[u32], values: &[f64], out: &mut [f64]) -> Result<()> {
        self.logits(ids, values, out)?;
        softmax_in_place(out);
        Ok(())
    }

    /// Writes the K log-probabilities of one sparse row into `out` (from the logits,
    /// so a tiny probability keeps its exponent instead of rounding to 0).
    pub fn predict_log_proba(&self, ids: &[u32], values: &[f64], out: &mut [f64]) -> Result<()> {
        self.logits(ids, values, out)?;
        let lse = log_sum_exp(out);
        for o in out.iter_mut() {
            *o -= lse;
        }
        Ok(())
    }

    /// Probabilities of every row of `x`, row-major into `out` (rows·K values).
    pub fn predict_proba_batch(&self, x: &Csr, out: &mut [f64]) -> Result<()> {
        let k = self.classes.len();
        check_len("out", out.len(), x.rows() * k)?;
        self.check_rows(x, false)?;
        for (i, o) in out.chunks_exact_mut(k).enumerate() {
            let (ids, vals) = x.row(i);
            self.logits_unchecked(ids, vals, o);
            softmax_in_place(o);
        }
        Ok(())
    }

    /// [`Model::check_row`] for every row of `x`: the first bad row's error, with
    /// its index.
    pub fn check_rows(&self, x: &Csr, variances: bool) -> Result<()> {
        for i in 0..x.rows() {
            let (ids, vals) = x.row(i);
            self.check_row(ids, vals, variances)
                .map_err(|e| Error::invalid(format!("row {i}: {e}")))?;
        }
        Ok(())
    }

    /// The most probable class of one row.
    pub fn predict_class(&self, ids: &[u32], values: &[f64], scratch: &mut [f64]) -> Result<usize> {
        self.logits(ids, values, scratch)?;
        Ok(argmax(scratch))
    }
}

/// Options of [`Model::predict_mc`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct McOptions {
    /// Draws of the logits, 2 to [`MAX_MC_DRAWS`].
    pub draws: usize,
    /// Central probability of the reported interval, in (0, 1).
    pub level: f64,
}

impl Default for McOptions {
    /// 1000 draws, the interval at [`DEFAULT_LEVEL`](crate::posterior::DEFAULT_LEVEL).
    fn default() -> Self {
        McOptions {
            draws: 1000,
            level: crate::posterior::DEFAULT_LEVEL,
        }
    }
}

/// Length of the scratch buffer [`Model::predict_mc`] needs for K classes and `draws`
/// draws (`usize::MAX`, which no buffer has, if that overflows).
pub fn mc_scratch_len(k: usize, draws: usize) -> usize {
    k.checked_mul(k)
        .and_then(|kk| kk.checked_add(k))
        .and_then(|v| v.checked_mul(2))
        .and_then(|v| draws.checked_mul(k).and_then(|d| d.checked_add(v)))
        .unwrap_or(usize::MAX)
}

/// Checks a Monte Carlo draw count against 2..=[`MAX_MC_DRAWS`].
///
/// # Errors
/// [`Error::InvalidArgument`] naming the count and the range.
pub fn check_draws(draws: u64) -> Result<()> {
    check_range("draws", draws, 2, MAX_MC_DRAWS as u64)
}

/// A zeroed scratch buffer of [`mc_scratch_len`]`(k, draws)` values for
/// [`Model::predict_mc`], allocated fallibly.
///
/// # Errors
/// [`Error::InvalidArgument`] for `draws` outside 2..=[`MAX_MC_DRAWS`];
/// [`Error::OutOfMemory`] if the buffer cannot be allocated.
pub fn mc_scratch(k: usize, draws: usize) -> Result<Vec<f64>> {
    check_draws(draws as u64)?;
    try_vec(mc_scratch_len(k, draws), 0.0, "the Monte Carlo scratch buffer")
}

impl Model {
    fn require_covariance(&self) -> Result<&Covariance> {
        self.cov.as_ref().ok_or_else(|| {
            Error::invalid("the model has no covariances: compute them with the Laplace approximation")
        })
    }

    /// Under the Laplace approximation the logits of a row are Gaussian: writes their
    /// means (the point logits) into `mean` and their variances
    /// σ_c² = Σ_b(c,c) + Σ_j x_j²·Σ_j(c,c) into `var` (features independent, as the
    /// per-feature blocks are). Each id must appear once, as in a CSR row: a
    /// repeated id adds its values to the mean but its squared values, not the
    /// square of their sum, to the variance.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without covariances or for buffers not K long.
    pub fn logit_moments(
        &self,
        ids: &[u32],
        values: &[f64],
        mean: &mut [f64],
        var: &mut [f64],
    ) -> Result<()> {
        let cov = self.require_covariance()?;
        check_len("var", var.len(), self.classes())?;
        check_len("values", values.len(), ids.len())?;
        self.check_row(ids, values, true)?;
        self.logits(ids, values, mean)?;
        for (c, v) in var.iter_mut().enumerate() {
            *v = self.logit_variance(cov, ids, values, c);
        }
        Ok(())
    }

    /// σ_c² = Σ_b(c,c) + Σ_j x_j²·Σ_j(c,c) of one row (lengths already checked).
    #[inline]
    fn logit_variance(&self, cov: &Covariance, ids: &[u32], values: &[f64], c: usize) -> f64 {
        let (t, d) = (packed_len(self.classes()), packed_index(c, c));
        let mut v = cov.intercept()[d];
        for (&j, &x) in ids.iter().zip(values) {
            if let Some(b) = self.stored_block(j) {
                v += x * x * cov.block(b, t)[d];
            }
        }
        v
    }

    /// Moderated probabilities of one row: each logit scaled by (1 + π·σ_c²/8)^(−1/2)
    /// before the softmax (MacKay's approximation to the expected softmax), so an
    /// uncertain prediction is pulled towards uniform. Also writes the logit
    /// variances σ_c² into `var`, which may instead be empty when they are not
    /// wanted. No allocation.
    ///
    /// # Errors
    /// As [`Model::logit_moments`].
    pub fn predict_moderated(
        &self,
        ids: &[u32],
        values: &[f64],
        out: &mut [f64],
        var: &mut [f64],
    ) -> Result<()> {
        let scale = |v: f64| (1.0 + std::f64::consts::PI * v / 8.0).sqrt();
        if var.is_empty() {
            // One class at a time, so no buffer is needed for the variances.
            let cov = self.require_covariance()?;
            check_len("values", values.len(), ids.len())?;
            self.check_row(ids, values, true)?;
            self.logits(ids, values, out)?;
            for (c, z) in out.iter_mut().enumerate() {
                *z /= scale(self.logit_variance(cov, ids, values, c));
            }
        } else {
            self.logit_moments(ids, values, out, var)?;
            for (z, &v) in out.iter_mut().zip(var.iter()) {
                *z /= scale(v);
            }
        }
        softmax_in_place(out);
        Ok(())
    }

    /// Monte Carlo predictive of one row: draws the logits from their Gaussian
    /// (mean and K×K covariance Σ_b + Σ_j x_j²·Σ_j) and writes, per class, the mean
    /// of the drawn probabilities and the central `level` interval (type-7
    /// quantiles). `scratch` must be [`mc_scratch_len`] long. No allocation; the
    /// same seed gives the same result on every platform and binding.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] without covariances, for draws outside
    /// 2..=[`MAX_MC_DRAWS`], a level outside (0, 1), or buffers of the wrong length.
    #[allow(clippy::too_many_arguments)]
    pub fn predict_mc(
        &self,
        ids: &[u32],
        values: &[f64],
        rng: &mut Rng,
        opts: &McOptions,
        scratch: &mut [f64],
        mean: &mut [f64],
        lower: &mut [f64],
        upper: &mut [f64],
    ) -> Result<()> {
        let cov = self.require_covariance()?;
        let k = self.classes();
        check_draws(opts.draws as u64)?;
        if !(opts.level > 0.0 && opts.level < 1.0) {
            return Err(Error::invalid(format!(
                "level must be in (0, 1), got {}",
                opts.level
            )));
        }
        check_len("scratch", scratch.len(), mc_scratch_len(k, opts.draws))?;
        check_len("values", values.len(), ids.len())?;
        for (name, b) in [("mean", &*mean), ("lower", &*lower), ("upper", &*upper)] {
            check_len(name, b.len(), k)?;
        }
        self.check_row(ids, values, true)?;
        let (sigma, rest) = scratch.split_at_mut(k * k);
        let (factor, rest) = rest.split_at_mut(k * k);
        let (mu, rest) = rest.split_at_mut(k);
        let (z, samples) = rest.split_at_mut(k);
        self.logits_unchecked(ids, values, mu);
        let t = packed_len(k);
        for r in 0..k {
            for c in 0..k {
                sigma[r * k + c] = cov.intercept()[packed_index(r, c)];
            }
        }
        for (&j, &x) in ids.iter().zip(values) {
            if let Some(b) = self.stored_block(j) {
                let blk = cov.block(b, t);
                for r in 0..k {
                    for c in 0..k {
                        sigma[r * k + c] += x * x * blk[packed_index(r, c)];
                    }
                }
            }
        }
        semidefinite_cholesky(sigma, factor, k);
        mean.iter_mut().for_each(|m| *m = 0.0);
        for d in 0..opts.draws {
            for e in z.iter_mut() {
                *e = rand_distr::Distribution::sample(&rand_distr::StandardNormal, &mut rng.0);
            }
            // z ← μ + L·ε in place: row r reads ε_0..ε_r, which are still unchanged
            // when the rows run from the last up.
            for r in (0..k).rev() {
                z[r] = mu[r] + (0..=r).map(|c| factor[r * k + c] * z[c]).sum::<f64>();
            }
            softmax_in_place(z);
            for c in 0..k {
                samples[c * opts.draws + d] = z[c];
                mean[c] += z[c];
            }
        }
        let n = opts.draws;
        for c in 0..k {
            mean[c] /= n as f64;
            let col = &mut samples[c * n..(c + 1) * n];
            lower[c] = quantile(col, (1.0 - opts.level) / 2.0);
            upper[c] = quantile(col, (1.0 + opts.level) / 2.0);
        }
        Ok(())
    }
}

/// Type-7 (linear interpolation) quantile of `x`, by selection in O(n) (reorders `x`).
fn quantile(x: &mut [f64], q: f64) -> f64 {
    let h = (x.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut a, above) = x.select_nth_unstable_by(lo, f64::total_cmp);
    // The next order statistic is the smallest value above the lo-th.
    let b = above.iter().copied().fold(f64::INFINITY, f64::min);
    if b.is_finite() {
        a + (h - lo as f64) * (b - a)
    } else {
        a
    }
}

/// Lower-triangular L with L·Lᵀ = A for a symmetric positive semidefinite K×K A
/// (row-major); a pivot at or below rounding level gives a zero column, so a
/// singular A (the softmax shift direction) still factors.
fn semidefinite_cholesky(a: &[f64], l: &mut [f64], k: usize) {
    l.iter_mut().for_each(|v| *v = 0.0);
    let scale = (0..k).fold(0.0_f64, |m, i| m.max(a[i * k + i]));
    for j in 0..k {
        let d = a[j * k + j] - (0..j).map(|m| l[j * k + m] * l[j * k + m]).sum::<f64>();
        if d <= 1e-12 * scale {
            continue;
        }
        let root = d.sqrt();
        l[j * k + j] = root;
        for i in j + 1..k {
            let s = a[i * k + j] - (0..j).map(|m| l[i * k + m] * l[j * k + m]).sum::<f64>();
            l[i * k + j] = s / root;
        }
    }
}

/// log Σ exp(z), stable for any finite z.
pub(crate) fn log_sum_exp(z: &[f64]) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !m.is_finite() {
        return m;
    }
    m + z.iter().map(|&v| (v - m).exp()).sum::<f64>().ln()
}

/// softmax(z) in place.
pub(crate) fn softmax_in_place(z: &mut [f64]) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut s = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        s += *v;
    }
    let inv = 1.0 / s;
    for v in z.iter_mut() {
        *v *= inv;
    }
}

pub(crate) fn argmax(z: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in z.iter().enumerate() {
        if v > z[best] {
            best = i;
        }
    }
    best
}
