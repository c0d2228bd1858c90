//! Logistic training against scikit-learn, through the data sets and optima
//! written by `tests/reference/generate_logistic.py` (saga at a tight tolerance,
//! cross-checked by an independent proximal solver; `objective` is the best of both).

use bayeskit::logistic::{read_svmlight, train, IdBase, SvmlightOptions, TrainOptions};
use serde_json::Value;
use std::path::Path;

fn load() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/logistic.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("logistic.json")).unwrap()
}

#[test]
fn objective_and_predictions_match_scikit_learn() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in load()["datasets"].as_array().unwrap() {
        let name = d["name"].as_str().unwrap();
        let opts = SvmlightOptions {
            id_base: IdBase::Zero,
            n_features: Some(d["n_features"].as_u64().unwrap() as usize),
            skip_bad: false,
        };
        let (mut data, _) = read_svmlight(&root.join(d["file"].as_str().unwrap()), &opts).unwrap();
        let classes: Vec<String> = d["classes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        assert_eq!(data.classes, classes, "{name}: class order");
        if let Some(w) = d["weights"].as_array() {
            data.weights = Some(w.iter().map(|v| v.as_f64().unwrap()).collect());
        }
        let opts = TrainOptions {
            lambda: d["lambda"].as_f64().unwrap(),
            l1_ratio: d["l1_ratio"].as_f64().unwrap(),
            tol: 1e-10,
            max_iter: 100_000,
            ..TrainOptions::default()
        };
        let m = train(&data, &opts).unwrap();
        let info = m.info();
        assert!(info.converged, "{name}: {info:?}");
        let want = d["objective"].as_f64().unwrap();
        let rel = (info.objective - want) / want;
        // Never worse than the reference beyond 1e-9, and within 1e-6 of it overall.
        assert!(
            rel <= 1e-9 && rel.abs() <= 1e-6,
            "{name}: objective {} vs reference {want} (rel {rel:e})",
            info.objective
        );
        // Same predicted classes on every row, same probabilities on the first rows.
        let k = m.classes();
        let mut p = vec![0.0; k];
        let pred: Vec<u64> = d["pred"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let mut disagree = 0;
        for (i, &want_c) in pred.iter().enumerate() {
            let (ids, vals) = data.x.row(i);
            m.predict_proba(ids, vals, &mut p).unwrap();
            let c = (0..k).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
            disagree += usize::from(c as u64 != want_c);
        }
        assert_eq!(disagree, 0, "{name}: {disagree} rows predicted differently");
        for (i, row) in d["proba"].as_array().unwrap().iter().enumerate() {
            let (ids, vals) = data.x.row(i);
            m.predict_proba(ids, vals, &mut p).unwrap();
            for (c, v) in row.as_array().unwrap().iter().enumerate() {
                assert!(
                    (p[c] - v.as_f64().unwrap()).abs() < 1e-5,
                    "{name} row {i} class {c}: {} vs {v}",
                    p[c]
                );
            }
        }
    }
}
