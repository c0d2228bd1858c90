//! Dirichlet–multinomial fitting against scipy, through the data sets and fits
//! written by `tests/reference/generate_dm.py` (trust-region Newton on the exact
//! gammaln likelihood of the raw rows, polished with dense Newton steps).

use bayeskit::dirichlet_fit::{fit, DmStats, FitOptions, Outcome};
use serde_json::Value;

fn load() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/dm_fit.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("dm_fit.json")).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn check(what: &str, got: f64, want: f64, rel: f64) {
    let err = (got - want).abs() / want.abs().max(1e-300);
    assert!(
        err <= rel,
        "{what}: got {got:e}, scipy {want:e}, rel err {err:e} > {rel:e}"
    );
}

fn rows(d: &Value) -> Vec<Vec<u64>> {
    d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_u64().unwrap())
                .collect()
        })
        .collect()
}

fn stats_of(d: &Value, rows: &[Vec<u64>]) -> DmStats {
    let k = d["K"].as_u64().unwrap() as usize;
    let mut s = DmStats::new(k).unwrap();
    let weights = d["weights"].as_array();
    for (i, r) in rows.iter().enumerate() {
        let w = weights.map_or(1.0, |w| f(&w[i]));
        s.add_weighted(r, w).unwrap();
    }
    s
}

fn options(d: &Value) -> FitOptions {
    FitOptions {
        hyperprior: f(&d["H"]),
        ..FitOptions::default()
    }
}

#[test]
fn fits_match_scipy() {
    for d in load()["datasets"].as_array().unwrap() {
        let name = d["name"].as_str().unwrap();
        let r = fit(&stats_of(d, &rows(d)), &options(d)).unwrap();
        assert_eq!(r.outcome.name(), d["outcome"].as_str().unwrap(), "{name}");
        for (k, m) in d["mean"].as_array().unwrap().iter().enumerate() {
            check(&format!("{name} mean[{k}]"), r.mean[k], f(m), 1e-7);
        }
        // The multinomial log-likelihood is Σ_rows w·(ln n! − Σ_k ln x_k!) + Σ_k N_k ln p_k
        // from the statistics' marginal histograms (rows are not kept, so the terms of one
        // row cannot be paired): its rounding is that of ln n! of the largest rows, ~1e-16
        // of Σ w·n·ln n, which for a row of 1e12 (issue 15, defect 7) is ~3e-3 absolute.
        let rows_ = rows(d);
        let cancelling: f64 = rows_
            .iter()
            .map(|r| r.iter().sum::<u64>() as f64)
            .map(|n| n * (n + 1.0).ln())
            .sum();
        let want = f(&d["loglik_multinomial"]);
        let rounding = 1e-15 * cancelling;
        let tol = 1e-12 * want.abs() + rounding;
        assert!(
            (r.loglik_multinomial - want).abs() <= tol,
            "{name} loglik_multinomial: got {:e}, scipy {want:e}, tolerance {tol:e}",
            r.loglik_multinomial
        );
        if r.outcome != Outcome::Converged {
            check(&format!("{name} loglik"), r.loglik, f(&d["loglik"]), 1e-12);
            continue;
        }
        for (k, a) in d["alpha"].as_array().unwrap().iter().enumerate() {
            check(&format!("{name} alpha[{k}]"), r.alpha[k], f(a), 1e-8);
        }
        for (k, se) in d["std_errors"].as_array().unwrap().iter().enumerate() {
            check(&format!("{name} std_error[{k}]"), r.std_errors[k], f(se), 1e-5);
        }
        check(
            &format!("{name} alpha_sum"),
            r.alpha_sum,
            f(&d["alpha_sum"]),
            1e-6,
        );
        check(&format!("{name} loglik"), r.loglik, f(&d["loglik"]), 1e-11);
        // lr_stat = 2·(loglik − loglik_multinomial) inherits the latter's rounding.
        let want = f(&d["lr_stat"]);
        let tol = 1e-6 * want.abs() + 2.0 * rounding;
        assert!(
            (r.lr_stat - want).abs() <= tol,
            "{name} lr_stat: got {:e}, scipy {want:e}",
            r.lr_stat
        );
        assert!(r.grad_norm <= 1e-10, "{name}: grad {}", r.grad_norm);
    }
}

#[test]
fn shards_merge_to_the_same_fit_bit_for_bit() {
    for d in load()["datasets"].as_array().unwrap() {
        if d["weights"].is_array() {
            continue; // fractional weights: sums depend on order (documented)
        }
        let rows = rows(d);
        let whole = stats_of(d, &rows);
        let k = whole.categories();
        let mut merged = DmStats::new(k).unwrap();
        for part in rows.chunks(rows.len() / 3 + 1).rev() {
            let mut s = DmStats::new(k).unwrap();
            for r in part {
                s.add(r).unwrap();
            }
            let s = DmStats::from_bytes(&s.to_bytes()).unwrap();
            merged.merge(&s).unwrap();
        }
        let (a, b) = (
            fit(&whole, &options(d)).unwrap(),
            fit(&merged, &options(d)).unwrap(),
        );
        assert_eq!(
            a.alpha.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.alpha.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        assert_eq!(a.loglik.to_bits(), b.loglik.to_bits(), "{}", d["name"]);
    }
}
