//! The posterior core against scipy, through the vectors written by
//! `tests/reference/generate_posterior.py`.

use bayeskit::{compare, Beta, Dirichlet, Gamma, StudentT};
use serde_json::Value;

fn load() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/posterior.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("posterior.json")).unwrap()
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

#[test]
fn beta_quantiles_and_moments() {
    for c in load()["beta"].as_array().unwrap() {
        let d = Beta::new(f(&c["a"]), f(&c["b"])).unwrap();
        check("beta mean", d.mean(), f(&c["mean"]), 1e-14);
        check("beta var", d.variance(), f(&c["var"]), 1e-13);
        check("beta ln_pdf", d.ln_pdf(d.mean()), f(&c["ln_pdf_at_mean"]), 1e-12);
        for q in c["q"].as_array().unwrap() {
            let (p, x) = (f(&q[0]), f(&q[1]));
            check(
                &format!("Beta({}, {}).quantile({p})", d.alpha(), d.beta()),
                d.quantile(p).unwrap(),
                x,
                1e-10,
            );
        }
    }
}

#[test]
fn gamma_quantiles() {
    for c in load()["gamma"].as_array().unwrap() {
        let d = Gamma::new(f(&c["shape"]), f(&c["rate"])).unwrap();
        for q in c["q"].as_array().unwrap() {
            let (p, x) = (f(&q[0]), f(&q[1]));
            check(
                &format!("Gamma({}, {}).quantile({p})", d.shape(), d.rate()),
                d.quantile(p).unwrap(),
                x,
                1e-10,
            );
        }
    }
}

#[test]
fn predictives() {
    let r = load();
    for c in r["betabinom"].as_array().unwrap() {
        let d = Beta::new(f(&c["a"]), f(&c["b"])).unwrap();
        let got = d
            .ln_predictive(c["k"].as_u64().unwrap(), c["n"].as_u64().unwrap())
            .unwrap();
        check("beta-binomial ln pmf", got, f(&c["ln_pmf"]), 1e-11);
    }
    for c in r["nbinom"].as_array().unwrap() {
        let d = Gamma::new(f(&c["shape"]), f(&c["rate"])).unwrap();
        let got = d.ln_predictive(c["k"].as_u64().unwrap(), f(&c["t"])).unwrap();
        check("negative binomial ln pmf", got, f(&c["ln_pmf"]), 1e-11);
    }
    for c in r["dirmult"].as_array().unwrap() {
        let alpha: Vec<f64> = c["alpha"].as_array().unwrap().iter().map(f).collect();
        let counts: Vec<f64> = c["counts"].as_array().unwrap().iter().map(f).collect();
        let got = Dirichlet::new(&alpha).unwrap().ln_predictive(&counts).unwrap();
        check("Dirichlet-multinomial ln pmf", got, f(&c["ln_pmf"]), 1e-11);
    }
}

#[test]
fn student_t_quantiles() {
    for c in load()["student_t"].as_array().unwrap() {
        let t = StudentT::new(f(&c["df"]), 0.0, 1.0).unwrap();
        let (p, x) = (f(&c["p"]), f(&c["x"]));
        let got = t.quantile(p).unwrap();
        if x == 0.0 {
            assert!(got.abs() < 1e-15, "t median {got}");
        } else {
            check(&format!("t({}).quantile({p})", t.df()), got, x, 1e-10);
        }
    }
}

#[test]
fn comparisons_match_scipy_quadrature() {
    let r = load();
    for c in r["beta_compare"].as_array().unwrap() {
        let a = Beta::new(f(&c["a"][0]), f(&c["a"][1])).unwrap();
        let b = Beta::new(f(&c["b"][0]), f(&c["b"][1])).unwrap();
        let got = compare(&a, &b).unwrap();
        check("Beta P(B > A)", got.prob_b_greater, f(&c["prob_b_greater"]), 1e-9);
        check(
            "Beta expected loss of A",
            got.expected_loss_a,
            f(&c["expected_loss_a"]),
            1e-7,
        );
        // And the other order.
        check(
            "Beta P(A > B)",
            compare(&b, &a).unwrap().prob_b_greater,
            1.0 - f(&c["prob_b_greater"]),
            1e-9,
        );
    }
    for c in r["gamma_compare"].as_array().unwrap() {
        let a = Gamma::new(f(&c["a"][0]), f(&c["a"][1])).unwrap();
        let b = Gamma::new(f(&c["b"][0]), f(&c["b"][1])).unwrap();
        check(
            "Gamma P(B > A)",
            compare(&a, &b).unwrap().prob_b_greater,
            f(&c["prob_b_greater"]),
            1e-9,
        );
        check(
            "Gamma P(A > B)",
            compare(&b, &a).unwrap().prob_b_greater,
            1.0 - f(&c["prob_b_greater"]),
            1e-9,
        );
    }
}
