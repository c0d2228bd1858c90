//! What the logistic subcommands print: models, training reports, paths,
//! evaluations and prediction tables, as text or JSON.

use crate::output::finite_all;
use bayeskit::logistic::{CrossValidation, Evaluation, FeatureSpace, Model, Path as LambdaPath};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;

/// A feature's name (its phrase, or `#id` / `hash:id`).
pub fn feature_name(m: &Model, j: u32) -> String {
    match m.features() {
        FeatureSpace::Names(n) => n[j as usize].clone(),
        FeatureSpace::Hashed { .. } => format!("hash:{j}"),
        FeatureSpace::Indexed { .. } => format!("#{j}"),
    }
}

/// Prints, per class, the features with the largest weight for it relative to the
/// other classes (W_jk minus the mean of W_j·), which is what moves the class's
/// probability, with its 95 % Laplace interval when the model has covariances.
pub fn inspect(m: &Model, top: usize) {
    if m.covariance().is_some() {
        println!(
            "(each weight relative to the mean of its feature's K weights, with a 95 % Laplace interval)"
        );
    }
    for (c, label) in m.labels().iter().enumerate() {
        let mut scored: Vec<(f64, u32)> = m
            .stored_features()
            .iter()
            .map(|&j| (m.contrast(j, c).unwrap_or(0.0), j))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let shown: Vec<String> = scored
            .iter()
            .take(top)
            .filter(|s| s.0 > 0.0)
            .map(|&(s, j)| match interval95(m, j, c) {
                Some((lo, hi)) => format!("{} ({s:+.2} [{lo:+.2}, {hi:+.2}])", feature_name(m, j)),
                None => format!("{} ({s:+.2})", feature_name(m, j)),
            })
            .collect();
        println!("{label:<10} {}", shown.join(", "));
    }
}

/// The 95 % Laplace interval of [`Model::contrast`] (None without covariances).
pub fn interval95(m: &Model, j: u32, c: usize) -> Option<(f64, f64)> {
    let (w, v) = (m.contrast(j, c)?, m.contrast_variance(j, c)?);
    let h = 1.959963984540054 * v.sqrt();
    Some((w - h, w + h))
}

/// `logistic train`'s report as JSON.
pub fn train_json(m: &Model, cv: Option<&CrossValidation>, seed: u64, seconds: f64, output: &Path) -> Value {
    let i = m.info();
    let mut v = json!({
        "objective": i.objective, "iterations": i.iterations, "converged": i.converged,
        "grad_norm": i.grad_norm, "nnz": m.nnz(), "stored_features": m.stored_features().len(),
        "features": m.features().len(), "classes": m.labels(), "rows": i.rows,
        "lambda": i.lambda, "l1_ratio": i.l1_ratio, "tol": i.tol,
        "uncertainty": m.covariance().map(|c| format!("{:?}", c.method()).to_lowercase()),
        "seconds": seconds, "model": output.display().to_string(),
    });
    if let Some(r) = cv {
        v["cv"] = cv_json(r, seed);
    }
    v
}

/// `logistic train`'s report as text: the path first when λ was cross-validated.
pub fn print_train(m: &Model, cv: Option<&CrossValidation>, output: &Path) {
    let i = m.info();
    if let Some(r) = cv {
        print_path(&r.path, Some(r));
        println!();
    }
    println!(
        "rows        {}   classes {:?}   features {}",
        i.rows,
        m.labels(),
        m.features().len()
    );
    println!("lambda      {:e}", i.lambda);
    println!("objective   {:.10}", i.objective);
    println!(
        "converged   {}   ({} passes, subgradient {:.2e} ≤ tol {:.0e})",
        i.converged, i.iterations, i.grad_norm, i.tol
    );
    println!(
        "non-zeros   {} weights on {} features",
        m.nnz(),
        m.stored_features().len()
    );
    if let Some(c) = m.covariance() {
        println!("covariances Laplace, {:?}", c.method());
    }
    println!("model       {}", output.display());
}

/// `logistic path`'s report as JSON: each λ's fit (and held-out loss with --cv).
pub fn path_json(
    p: &LambdaPath,
    cv: Option<&CrossValidation>,
    l1_ratio: f64,
    seed: u64,
    seconds: f64,
) -> Value {
    let steps: Vec<Value> = p
        .steps
        .iter()
        .enumerate()
        .map(|(s, step)| {
            let i = step.model.info();
            let mut v = json!({
                "lambda": step.lambda, "objective": i.objective, "loss": step.loss, "gap": step.gap,
                "nnz": step.model.nnz(), "iterations": i.iterations, "converged": i.converged,
            });
            if let Some(r) = cv {
                v["cv_loss"] = json!(r.points[s].mean);
                v["cv_se"] = json!(r.points[s].se);
            }
            v
        })
        .collect();
    let mut v = json!({
        "lambda_max": p.lambda_max, "l1_ratio": l1_ratio, "steps": steps,
        "stopped_early": p.stopped_early, "seconds": seconds,
    });
    if let Some(r) = cv {
        v["cv"] = cv_json(r, seed);
    }
    v
}

/// `logistic eval`'s report as JSON (a loss of infinity as "inf", undefined
/// precisions and recalls as null).
pub fn eval_json(e: &Evaluation, m: &Model, clip: Option<f64>) -> Value {
    json!({
        "log_loss": if e.log_loss.is_finite() { json!(e.log_loss) } else { json!("inf") },
        "clipped": e.clipped, "clip": clip, "accuracy": e.accuracy, "rows": e.rows,
        "classes": m.labels(), "precision": finite_all(&e.precision), "recall": finite_all(&e.recall),
        "confusion": e.confusion,
    })
}

/// `logistic eval`'s report as text.
pub fn print_eval(e: &Evaluation, m: &Model, clip: Option<f64>) {
    println!("rows        {}", e.rows);
    match clip {
        Some(eps) => println!(
            "log-loss    {:.6}   ({} rows clipped at ε = {eps:e})",
            e.log_loss, e.clipped
        ),
        None => println!("log-loss    {:.6}", e.log_loss),
    }
    println!("accuracy    {:.4}", e.accuracy);
    println!("{:<12} {:>10} {:>10}", "class", "precision", "recall");
    for (c, l) in m.labels().iter().enumerate() {
        println!("{l:<12} {:>10.4} {:>10.4}", e.precision[c], e.recall[c]);
    }
    println!("confusion (rows: true class, columns: predicted)");
    for (c, l) in m.labels().iter().enumerate() {
        let cells: Vec<String> = e.confusion[c].iter().map(|v| format!("{v:>8}")).collect();
        println!("{l:<12} {}", cells.join(" "));
    }
}

/// The prediction table's header: `predicted`, then each column for each class.
pub fn write_prediction_header(
    out: &mut dyn Write,
    columns: &[&str],
    labels: &[String],
) -> std::io::Result<()> {
    write!(out, "predicted")?;
    for col in columns {
        for l in labels {
            write!(out, "\t{col}_{l}")?;
        }
    }
    writeln!(out)
}

/// One row of the prediction table: the most probable class (by the first
/// column), then every column's value per class.
pub fn write_prediction(out: &mut dyn Write, labels: &[String], cols: &[Vec<f64>]) -> std::io::Result<()> {
    let p = &cols[0];
    let best = (0..p.len()).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap_or(0);
    write!(out, "{}", labels[best])?;
    for v in cols.iter().flatten() {
        write!(out, "\t{v:.6}")?;
    }
    writeln!(out)
}

fn cv_json(r: &CrossValidation, seed: u64) -> serde_json::Value {
    json!({
        "folds": r.points[0].folds.len(), "seed": seed,
        "lambda_min": r.path.steps[r.best].lambda,
        "lambda_1se": r.path.steps[r.one_se].lambda,
        "lambda": r.path.steps[r.chosen].lambda,
        "best": r.best, "one_se": r.one_se, "chosen": r.chosen,
    })
}

/// The path as a table: λ, training loss, held-out loss ± se, non-zeros, iterations.
pub fn print_path(p: &LambdaPath, cv: Option<&CrossValidation>) {
    println!("lambda_max  {:e}", p.lambda_max);
    println!(
        "{:>12} {:>10} {:>21} {:>8} {:>6}",
        "lambda", "loss", "cv loss ± se", "nnz", "iter"
    );
    for (s, step) in p.steps.iter().enumerate() {
        let i = step.model.info();
        let held = cv.map_or(String::new(), |r| {
            format!("{:.5} ± {:.5}", r.points[s].mean, r.points[s].se)
        });
        let mark = cv.map_or("", |r| match (s == r.best, s == r.one_se) {
            (true, true) => "  ← min, 1se",
            (true, false) => "  ← min",
            (false, true) => "  ← 1se",
            _ => "",
        });
        println!(
            "{:>12.4e} {:>10.5} {held:>21} {:>8} {:>6}{}{mark}",
            step.lambda,
            step.loss,
            step.model.nnz(),
            i.iterations,
            if i.converged { "" } else { " (not converged)" }
        );
    }
    if p.stopped_early {
        println!("(stopped early: the training loss stopped improving)");
    }
    if let Some(r) = cv {
        println!(
            "chosen      lambda = {:e} ({} of {} folds)",
            r.path.steps[r.chosen].lambda,
            match r.chosen == r.best {
                true => "min",
                false => "1se",
            },
            r.points[0].folds.len()
        );
    }
}
