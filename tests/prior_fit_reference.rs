//! Beta and Gamma priors fitted from past experiments against scipy, through the
//! data sets and fits written by `tests/reference/generate_prior_fit.py`
//! (trust-region Newton on the beta-binomial and negative-binomial likelihoods of
//! the raw rows, polished by dense Newton steps; log-likelihoods re-summed with
//! mpmath).

use bayeskit::dirichlet_fit::Outcome;
use bayeskit::prior_fit::{fit_beta_prior, fit_gamma_prior, PriorFitOptions};
use serde_json::Value;

fn load() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/prior_fit.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("prior_fit.json")).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn u64s(v: &Value) -> Vec<u64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap())
        .collect()
}

/// The worst relative error seen per quantity, for the printed summary.
#[derive(Default)]
struct Worst {
    params: f64,
    std_errors: f64,
    loglik: f64,
}

fn check(worst: &mut f64, what: &str, got: f64, want: f64, rel: f64) {
    let err = (got - want).abs() / want.abs().max(1e-300);
    *worst = worst.max(err);
    assert!(
        err <= rel,
        "{what}: got {got:e}, scipy {want:e}, rel err {err:e} > {rel:e}"
    );
}

fn outcome(name: &str) -> Outcome {
    match name {
        "converged" => Outcome::Converged,
        "no_overdispersion" => Outcome::NoOverdispersion,
        "not_identifiable" => Outcome::NotIdentifiable,
        other => panic!("unknown outcome {other}"),
    }
}

// Tolerances: the fit stops at a gradient of 1e-10 per row in the log of each
// parameter, and Newton's last step then leaves the parameters within ~1e-10
// of the optimum (seen: 4e-11); the standard errors are square roots of the
// inverse information there; the log-likelihoods are sums of lgamma
// differences accurate to ~1e-14 each.
const PARAMS: f64 = 1e-9;
const STD_ERRORS: f64 = 1e-9;
const LOGLIK: f64 = 1e-11;
/// The binomial limit's coefficients come from the per-category histograms as
/// Σ ln n! − Σ ln s! − Σ ln (n − s)!, sums of size Σ n·ln n that cancel to the
/// result: ~1e-16 of them is 3e-11 of the result at 10⁷ trials per row.
const LOGLIK_BINOMIAL: f64 = 1e-10;

#[test]
fn beta_priors_match_scipy() {
    let r = load();
    let mut w = Worst::default();
    for c in r["beta"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let fit = fit_beta_prior(
            &u64s(&c["successes"]),
            &u64s(&c["trials"]),
            &PriorFitOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(fit.outcome, outcome(c["outcome"].as_str().unwrap()), "{name}");
        check(
            &mut w.loglik,
            &format!("{name} limit"),
            fit.loglik_binomial,
            f(&c["loglik_limit"]),
            LOGLIK_BINOMIAL,
        );
        check(
            &mut w.loglik,
            &format!("{name} loglik"),
            fit.loglik,
            f(&c["loglik"]),
            LOGLIK,
        );
        if fit.outcome != Outcome::Converged {
            assert!(
                fit.prior().is_err(),
                "{name}: no finite prior, but prior() gave one"
            );
            continue;
        }
        check(&mut w.params, name, fit.alpha, f(&c["alpha"]), PARAMS);
        check(&mut w.params, name, fit.beta, f(&c["beta"]), PARAMS);
        for (k, se) in fit.std_errors.iter().enumerate() {
            check(&mut w.std_errors, name, *se, f(&c["std_errors"][k]), STD_ERRORS);
        }
        assert!(
            (fit.lr_stat - f(&c["lr_stat"])).abs() <= 1e-6 * f(&c["lr_stat"]).max(1.0),
            "{name}"
        );
        assert!((fit.lr_pvalue - f(&c["lr_pvalue"])).abs() <= 1e-9, "{name}");
        let prior = fit.prior().unwrap();
        assert_eq!((prior.alpha(), prior.beta()), (fit.alpha, fit.beta));
    }
    println!(
        "Beta priors: worst relative errors: parameters {:.1e}, standard errors {:.1e}, log-likelihoods {:.1e}",
        w.params, w.std_errors, w.loglik
    );
}

#[test]
fn gamma_priors_match_scipy() {
    let r = load();
    let mut w = Worst::default();
    for c in r["gamma"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let exposures: Vec<f64> = c["exposures"].as_array().unwrap().iter().map(f).collect();
        let fit = fit_gamma_prior(&u64s(&c["counts"]), &exposures, &PriorFitOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(fit.outcome, outcome(c["outcome"].as_str().unwrap()), "{name}");
        let limit = f(&c["loglik_limit"]);
        if limit == 0.0 {
            assert_eq!(fit.loglik_poisson, 0.0, "{name}");
        } else {
            check(
                &mut w.loglik,
                &format!("{name} limit"),
                fit.loglik_poisson,
                limit,
                LOGLIK,
            );
            check(
                &mut w.loglik,
                &format!("{name} loglik"),
                fit.loglik,
                f(&c["loglik"]),
                LOGLIK,
            );
        }
        if fit.outcome != Outcome::Converged {
            assert!(
                fit.prior().is_err(),
                "{name}: no finite prior, but prior() gave one"
            );
            continue;
        }
        check(&mut w.params, name, fit.shape, f(&c["shape"]), PARAMS);
        check(&mut w.params, name, fit.rate, f(&c["rate"]), PARAMS);
        for (k, se) in fit.std_errors.iter().enumerate() {
            check(&mut w.std_errors, name, *se, f(&c["std_errors"][k]), STD_ERRORS);
        }
        assert!(
            (fit.lr_stat - f(&c["lr_stat"])).abs() <= 1e-6 * f(&c["lr_stat"]).max(1.0),
            "{name}"
        );
        assert!((fit.lr_pvalue - f(&c["lr_pvalue"])).abs() <= 1e-9, "{name}");
        let prior = fit.prior().unwrap();
        assert_eq!((prior.shape(), prior.rate()), (fit.shape, fit.rate));
    }
    println!(
        "Gamma priors: worst relative errors: parameters {:.1e}, standard errors {:.1e}, log-likelihoods {:.1e}",
        w.params, w.std_errors, w.loglik
    );
}
