//! A trained sparse multinomial logistic model and its allocation-free scoring.

use super::data::{Csr, FeatureSpace};
use crate::error::{check_len, Error, Result};

/// How a training run ended, stored with the model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingInfo {
    /// Overall penalty weight λ.
    pub lambda: f64,
    /// Elastic-net mix ρ = l1_ratio in [0, 1] (1 is the lasso, 0 ridge).
    pub l1_ratio: f64,
    /// Rows trained on.
    pub rows: u64,
    /// Final value of the objective (DESIGN §4).
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
    /// `block[j]`: index of feature j's block in `weights`; features without weights
    /// point at the all-zero block after the stored ones, so scoring never branches
    /// on whether a feature is stored.
    block: Vec<u32>,
    /// Stored feature ids, ascending (the inverse of `block`).
    stored: Vec<u32>,
    /// K values per stored feature, then K zeros (the block of unstored features).
    weights: Vec<f64>,
    /// Optional variance per stored weight (same layout as `weights`).
    variances: Option<Vec<f64>>,
    info: TrainingInfo,
}

/// Largest feature space: block indices are u32.
const MAX_FEATURES: usize = u32::MAX as usize;

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
        if k < 2 {
            return Err(Error::invalid(format!(
                "a model needs at least 2 classes, got {k}"
            )));
        }
        check_len("intercepts", intercepts.len(), k)?;
        check_len("weights", weights.len(), p * k)?;
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
        variances: Option<Vec<f64>>,
        info: TrainingInfo,
    ) -> Result<Self> {
        let k = classes.len();
        let p = features.len();
        if k < 2 {
            return Err(Error::invalid(format!(
                "a model needs at least 2 classes, got {k}"
            )));
        }
        check_len("intercepts", intercepts.len(), k)?;
        check_len("weights", weights.len(), stored.len() * k)?;
        if let Some(v) = &variances {
            check_len("variances", v.len(), weights.len())?;
        }
        if stored.windows(2).any(|w| w[1] <= w[0]) || stored.last().is_some_and(|&j| j as usize >= p) {
            return Err(Error::invalid(
                "stored feature ids must be increasing and inside the feature space",
            ));
        }
        if !intercepts.iter().chain(&weights).all(|v| v.is_finite()) {
            return Err(Error::invalid("weights and intercepts must be finite"));
        }
        if p > MAX_FEATURES {
            return Err(Error::invalid(format!("{p} features exceed the u32 id range")));
        }
        let zero_block = stored.len() as u32;
        let mut block = vec![zero_block; p];
        for (b, &j) in stored.iter().enumerate() {
            block[j as usize] = b as u32;
        }
        let mut weights = weights;
        weights.resize(weights.len() + k, 0.0);
        Ok(Model {
            classes,
            features,
            intercepts,
            block,
            stored,
            weights,
            variances,
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
        let b = *self.block.get(j as usize)?;
        ((b as usize) < self.stored.len()).then(|| &self.weights[b as usize * k..(b as usize + 1) * k])
    }

    /// All stored blocks, K values per stored feature.
    pub fn stored_weights(&self) -> &[f64] {
        &self.weights[..self.stored.len() * self.classes.len()]
    }

    /// Variances of the stored weights, if computed.
    pub fn variances(&self) -> Option<&[f64]> {
        self.variances.as_deref()
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
    /// [`Error::InvalidArgument`] if `ids` and `values` differ in length or `out`
    /// is not K long.
    #[inline]
    pub fn logits(&self, ids: &[u32], values: &[f64], out: &mut [f64]) -> Result<()> {
        check_len("values", values.len(), ids.len())?;
        check_len("out", out.len(), self.classes.len())?;
        self.logits_unchecked(ids, values, out);
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
                    let Some(&b) = self.block.get(j as usize) else {
                        continue;
                    };
                    let b = b as usize;
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
            let Some(&b) = self.block.get(j as usize) else {
                continue;
            };
            let base = b as usize * K;
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
        for (i, o) in out.chunks_exact_mut(k).enumerate() {
            let (ids, vals) = x.row(i);
            self.logits_unchecked(ids, vals, o);
            softmax_in_place(o);
        }
        Ok(())
    }

    /// The most probable class of one row.
    pub fn predict_class(&self, ids: &[u32], values: &[f64], scratch: &mut [f64]) -> Result<usize> {
        self.logits(ids, values, scratch)?;
        Ok(argmax(scratch))
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
