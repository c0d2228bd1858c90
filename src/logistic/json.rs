//! The JSON export of a model, for people and diffs (feature `json`).

use super::covariance::{packed_index, LaplaceMethod};
use super::data::FeatureSpace;
use super::format::VERSION;
use super::model::Model;
use serde_json::{json, Value};

impl Model {
    /// The whole model as JSON, for people and diffs: labels, the feature space,
    /// intercepts, every stored weight block (with its feature's name when there is a
    /// dictionary) and the training metadata.
    pub fn to_json(&self) -> Value {
        let k = self.classes();
        let names = match self.features() {
            FeatureSpace::Names(n) => Some(n),
            _ => None,
        };
        let features = match self.features() {
            FeatureSpace::Indexed { n } => json!({"kind": "indexed", "n": n}),
            FeatureSpace::Names(n) => json!({"kind": "names", "n": n.len()}),
            FeatureSpace::Hashed { bits, seed } => {
                json!({"kind": "hashed", "hash": "murmur3_x86_32", "bits": bits, "seed": seed})
            }
        };
        let weights: Vec<Value> = self
            .stored_features()
            .iter()
            .enumerate()
            .map(|(b, &j)| {
                let mut v = json!({"feature": j, "values": &self.stored_weights()[b * k..(b + 1) * k]});
                if let Some(n) = names {
                    v["name"] = json!(n[j as usize]);
                }
                if let Some(cov) = self.covariance_of(j) {
                    v["variances"] = json!((0..k).map(|c| cov[packed_index(c, c)]).collect::<Vec<_>>());
                    v["covariance"] = json!(cov);
                }
                v
            })
            .collect();
        let i = self.info();
        let laplace = self.covariance().map(|c| {
            json!({
                "method": match c.method() { LaplaceMethod::Blocks => "blocks", LaplaceMethod::Full => "full" },
                "packing": "lower triangle by rows: (r, c), r >= c, at r(r+1)/2 + c",
                "intercept_covariance": c.intercept(),
            })
        });
        json!({
            "format": "bayeskit-logistic",
            "version": VERSION,
            "classes": self.labels(),
            "features": features,
            "intercepts": self.intercepts(),
            "weights": weights,
            "laplace": laplace,
            "training": {
                "lambda": i.lambda, "l1_ratio": i.l1_ratio, "rows": i.rows, "objective": i.objective,
                "iterations": i.iterations, "converged": i.converged, "grad_norm": i.grad_norm, "tol": i.tol,
            },
        })
    }
}
