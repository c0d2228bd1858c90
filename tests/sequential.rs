//! Peek-safe A/B decisions: the mSPRT and the Bayes factors against the
//! formulas written independently in `tests/reference/generate_sequential.py`
//! (scipy), and the rules' error rates by simulation with fixed seeds.

use bayeskit::sequential::{bayes_factor_proportions, bayes_factor_rates, simulate, AlwaysValid, Simulation};
use bayeskit::{Beta, Gamma};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_distr::{Binomial, Distribution};
use serde_json::Value;

fn load() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/sequential.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("sequential.json")).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn close(what: &str, got: f64, want: f64, rel: f64) {
    let err = (got - want).abs() / want.abs().max(1e-300);
    assert!(err <= rel, "{what}: {got:e} vs {want:e} (rel {err:e})");
}

#[test]
fn the_msprt_matches_the_reference_at_every_look() {
    for case in load()["msprt"].as_array().unwrap() {
        let (alpha, tau) = (f(&case["alpha"]), f(&case["tau"]));
        let mut test = match case["kind"].as_str().unwrap() {
            "proportions" => AlwaysValid::proportions(alpha, tau).unwrap(),
            _ => AlwaysValid::rates(alpha, tau).unwrap(),
        };
        for (i, (look, want)) in case["looks"]
            .as_array()
            .unwrap()
            .iter()
            .zip(case["expected"].as_array().unwrap())
            .enumerate()
        {
            let arm = |v: &Value| (f(&v[0]), f(&v[1]));
            let got = test.look(arm(&look[0]), arm(&look[1])).unwrap();
            let what = format!("{} look {i}", case["kind"]);
            close(&what, got.estimate, f(&want["estimate"]), 1e-13);
            close(&what, got.std_error, f(&want["std_error"]), 1e-13);
            close(&what, got.likelihood_ratio, f(&want["likelihood_ratio"]), 1e-11);
            close(&what, got.p_value, f(&want["p_value"]), 1e-11);
            close(&what, got.lower, f(&want["lower"]), 1e-11);
            close(&what, got.upper, f(&want["upper"]), 1e-11);
            assert_eq!(got.reject, got.p_value <= alpha);
        }
        assert_eq!(test.looks() as usize, case["looks"].as_array().unwrap().len());
    }
}

#[test]
fn the_bayes_factors_match_the_reference() {
    for case in load()["bayes_factors"].as_array().unwrap() {
        let p = (f(&case["prior"][0]), f(&case["prior"][1]));
        let want = f(&case["ln_bf"]);
        let got = if case["kind"] == "proportions" {
            let arm = |v: &Value| (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
            bayes_factor_proportions(&Beta::new(p.0, p.1).unwrap(), arm(&case["a"]), arm(&case["b"])).unwrap()
        } else {
            let arm = |v: &Value| (v[0].as_u64().unwrap(), f(&v[1]));
            bayes_factor_rates(&Gamma::new(p.0, p.1).unwrap(), arm(&case["a"]), arm(&case["b"])).unwrap()
        };
        // ln B and ln Γ of ~1e8 counts are ~1e9 and cancel: an absolute error
        // of ~1e-16 of those.
        assert!(
            (got - want).abs() <= 1e-11 * want.abs().max(1.0) + 2e-6,
            "{case}: {got} vs {want}"
        );
    }
}

#[test]
fn with_28_looks_at_an_a_a_test_only_the_naive_rule_inflates_false_positives() {
    // The setting: A/A at 5 %, 28 looks, 10,000 experiments (1,000
    // visitors per arm between looks).
    let r = simulate(&Simulation {
        seed: 1,
        ..Simulation::default()
    })
    .unwrap();
    println!("A/A, 28 looks, 10,000 experiments: {r:#?}");
    let av = r.always_valid;
    assert!(av.rate <= 0.05 + 2.0 * av.std_error, "mSPRT {av:?}");
    let bf = r.bayes_factor;
    assert!(bf.rate <= 0.05 + 2.0 * bf.std_error, "Bayes factor {bf:?}");
    // The naive rule, reported alongside: well above its nominal 5 %.
    assert!(r.naive.rate > 0.15, "naive {:?}", r.naive);
}

#[test]
fn under_a_lift_the_always_valid_test_has_power() {
    let r = simulate(&Simulation {
        rate_b: 0.06,
        experiments: 1000,
        seed: 2,
        ..Simulation::default()
    })
    .unwrap();
    println!("5 % vs 6 %, 28 looks of 1,000 per arm, 1,000 experiments: {r:#?}");
    assert!(r.always_valid.rate > 0.9, "{:?}", r.always_valid);
    assert!(r.always_valid.median_stop < 28.0);
}

#[test]
fn the_confidence_sequence_covers_the_true_difference_at_every_look() {
    // 2,000 experiments of 5 % vs 6 % with 40 looks each: the fraction whose
    // sequence ever excludes the true difference 0.01 is at most α.
    let (alpha, truth) = (0.05, 0.01);
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let (da, db) = (
        Binomial::new(500, 0.05).unwrap(),
        Binomial::new(500, 0.06).unwrap(),
    );
    let mut missed = 0;
    let experiments = 2000;
    for _ in 0..experiments {
        let mut test = AlwaysValid::proportions(alpha, 0.01).unwrap();
        let (mut a, mut b) = ((0.0, 0.0), (0.0, 0.0));
        let mut ever_missed = false;
        for _ in 0..40 {
            a = (a.0 + da.sample(&mut rng) as f64, a.1 + 500.0);
            b = (b.0 + db.sample(&mut rng) as f64, b.1 + 500.0);
            let look = test.look(a, b).unwrap();
            ever_missed |= !(look.lower <= truth && truth <= look.upper);
        }
        missed += u32::from(ever_missed);
    }
    let rate = f64::from(missed) / f64::from(experiments);
    println!("confidence sequences that ever missed the truth: {rate:.4}");
    assert!(
        rate <= alpha + 2.0 * (alpha * (1.0 - alpha) / f64::from(experiments)).sqrt(),
        "{rate}"
    );
}

#[test]
fn bad_input_gets_a_clear_error_and_leaves_the_test_as_it_was() {
    assert!(AlwaysValid::proportions(0.0, 0.01)
        .unwrap_err()
        .to_string()
        .contains("alpha"));
    assert!(AlwaysValid::proportions(0.05, 0.0)
        .unwrap_err()
        .to_string()
        .contains("mixing_sd"));
    assert!(AlwaysValid::rates(1.5, 0.1).is_err());
    let mut t = AlwaysValid::proportions(0.05, 0.01).unwrap();
    t.look((10.0, 100.0), (12.0, 100.0)).unwrap();
    let before = t.clone();
    for (a, b) in [
        ((101.0, 100.0), (12.0, 100.0)),
        ((10.0, 0.0), (12.0, 100.0)),
        ((f64::NAN, 100.0), (12.0, 100.0)),
        ((10.0, 100.0), (-1.0, 100.0)),
    ] {
        assert!(t.look(a, b).is_err(), "{a:?} {b:?}");
        assert_eq!(t, before);
    }
    let beta = Beta::new(1.0, 1.0).unwrap();
    assert!(bayes_factor_proportions(&beta, (5, 4), (1, 2))
        .unwrap_err()
        .to_string()
        .contains("arm A"));
    let gamma = Gamma::new(1.0, 1.0).unwrap();
    assert!(bayes_factor_rates(&gamma, (5, 0.0), (1, 2.0)).is_err());
    for bad in [
        Simulation {
            looks: 0,
            ..Simulation::default()
        },
        Simulation {
            rate_a: 1.5,
            ..Simulation::default()
        },
        Simulation {
            alpha: 0.0,
            ..Simulation::default()
        },
    ] {
        assert!(simulate(&bad).is_err());
    }
}

#[test]
fn the_simulation_takes_memory_per_look_not_per_experiment() {
    let r = simulate(&Simulation {
        looks: u32::MAX,
        ..Simulation::default()
    });
    assert!(r.unwrap_err().to_string().contains("looks"));
    // The median stopping look from the counts per look: an odd and an even
    // number of stopped experiments (the same medians as sorting the runs gave).
    for experiments in [41, 40] {
        let r = simulate(&Simulation {
            rate_b: 0.08,
            experiments,
            looks: 10,
            seed: 9,
            ..Simulation::default()
        })
        .unwrap();
        let av = r.always_valid;
        assert_eq!(av.stopped, experiments, "{av:?}");
        assert!(av.median_stop >= 1.0 && av.median_stop <= 10.0, "{av:?}");
        assert_eq!(av.median_stop * 2.0, (av.median_stop * 2.0).round());
    }
}
