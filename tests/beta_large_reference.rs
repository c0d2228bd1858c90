//! Beta quantiles for 1e3 ≤ a + b < 1e4, where the quantile search evaluates the
//! incomplete-beta fraction forward, against scipy's betaincinv (Boost's ibeta_inv)
//! through `tests/reference/generate_beta_large.py`.

use bayeskit::special::beta_inc_inv;
use bayeskit::Beta;
use serde_json::Value;

#[test]
fn large_shape_quantiles_match_scipy() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/beta_large.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() >= 100);
    let mut worst: f64 = 0.0;
    for c in cases {
        let f = |k: &str| c[k].as_f64().unwrap();
        let (a, b, p, want) = (f("a"), f("b"), f("p"), f("x"));
        let got = beta_inc_inv(a, b, p).unwrap();
        // Condition number of x in p: κ = |d ln x / d ln p| = p / (x·pdf(x)).
        let kappa = p / (want * Beta::new(a, b).unwrap().ln_pdf(want).exp());
        let err = (got - want).abs() / want / kappa.max(1.0);
        worst = worst.max(err);
        assert!(
            err <= 1e-12,
            "Beta({a}, {b}).quantile({p}) = {got:e}, scipy {want:e} (scaled error {err:e})"
        );
    }
    eprintln!("worst scaled error {worst:e} over {} cases", cases.len());
}
