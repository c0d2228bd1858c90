//! Evaluation of a model on labelled data: log-loss from logits, accuracy,
//! per-class precision and recall, the confusion matrix.

use super::data::Dataset;
use super::model::{argmax, log_sum_exp, Model};
use crate::error::{Error, Result};

/// Metrics of [`evaluate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Weighted mean log-loss, −Σ w_i·ln p(y_i | x_i) / Σ w_i, each term computed from
    /// the logits as logsumexp(z) − z_y: a true-class probability that rounds to 0
    /// still costs its exact (large) loss, never +∞ from ln 0 and never a silent 0.
    pub log_loss: f64,
    /// Rows whose loss was clipped at −ln ε ([`EvalOptions::clip`]).
    pub clipped: u64,
    /// Weighted share of rows whose most probable class is the true one.
    pub accuracy: f64,
    /// `confusion[t][p]`: weight of rows of true class t predicted as p.
    pub confusion: Vec<Vec<f64>>,
    /// Per class: weight of correct predictions / weight predicted as the class
    /// (NaN if never predicted).
    pub precision: Vec<f64>,
    /// Per class: weight of correct predictions / weight of the class (NaN if absent).
    pub recall: Vec<f64>,
    /// Rows evaluated.
    pub rows: u64,
}

/// Options of [`evaluate`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EvalOptions {
    /// If set to ε in (0, 1), a row's loss is at most −ln ε and the rows so clipped
    /// are counted; if unset, an infinite loss stays infinite.
    pub clip: Option<f64>,
}

/// Evaluates `model` on `data` (its classes must be the model's, in the same order).
///
/// # Errors
/// [`Error::InvalidArgument`] if the class labels differ from the model's, the data
/// are invalid or empty, or ε is outside (0, 1).
pub fn evaluate(model: &Model, data: &Dataset, opts: &EvalOptions) -> Result<Evaluation> {
    data.validate()?;
    if data.classes != model.labels() {
        return Err(Error::invalid(format!(
            "the data's classes {:?} differ from the model's {:?}",
            data.classes,
            model.labels()
        )));
    }
    if let Some(e) = opts.clip {
        if !(e > 0.0 && e < 1.0) {
            return Err(Error::invalid(format!("clip epsilon must be in (0, 1), got {e}")));
        }
    }
    let n = data.x.rows();
    if n == 0 {
        return Err(Error::invalid("no rows to evaluate"));
    }
    let k = model.classes();
    let mut z = vec![0.0; k];
    let mut confusion = vec![vec![0.0; k]; k];
    let (mut loss, mut total, mut clipped) = (0.0, 0.0, 0u64);
    let cap = opts.clip.map(|e| -e.ln());
    for i in 0..n {
        let (ids, vals) = data.x.row(i);
        model
            .logits(ids, vals, &mut z)
            .map_err(|e| Error::invalid(format!("row {i}: {e}")))?;
        let y = data.y[i] as usize;
        let w = data.weight(i);
        let mut li = log_sum_exp(&z) - z[y];
        if let Some(c) = cap {
            if li > c {
                li = c;
                clipped += 1;
            }
        }
        // A zero-weight row adds nothing, even when its loss is infinite.
        if w > 0.0 {
            loss += w * li;
        }
        total += w;
        confusion[y][argmax(&z)] += w;
    }
    if total.is_nan() || total <= 0.0 {
        return Err(Error::invalid("the sample weights sum to 0"));
    }
    let correct: f64 = (0..k).map(|c| confusion[c][c]).sum();
    let precision = (0..k)
        .map(|c| {
            let predicted: f64 = (0..k).map(|t| confusion[t][c]).sum();
            if predicted > 0.0 {
                confusion[c][c] / predicted
            } else {
                f64::NAN
            }
        })
        .collect();
    let recall = (0..k)
        .map(|c| {
            let actual: f64 = confusion[c].iter().sum();
            if actual > 0.0 {
                confusion[c][c] / actual
            } else {
                f64::NAN
            }
        })
        .collect();
    Ok(Evaluation {
        log_loss: loss / total,
        clipped,
        accuracy: correct / total,
        confusion,
        precision,
        recall,
        rows: n as u64,
    })
}

/// One row's log-loss from its logits: logsumexp(z) − z_y (never from a rounded
/// probability). Writes nothing; `z` must have K values.
pub fn row_log_loss(z: &[f64], y: usize) -> Result<f64> {
    if y >= z.len() {
        return Err(Error::invalid(format!(
            "class {y} out of range (K = {})",
            z.len()
        )));
    }
    Ok(log_sum_exp(z) - z[y])
}
