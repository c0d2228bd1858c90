//! The `bayeskit` binary: JSON output, tables, errors and the demo.

use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bayeskit"))
        .args(args)
        .output()
        .expect("run bayeskit");
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> serde_json::Value {
    let (ok, stdout, stderr) = run(args);
    assert!(ok, "{args:?} failed: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: not one JSON object ({e}): {stdout}"))
}

#[test]
fn posterior_beta_json() {
    let v = json(&[
        "posterior",
        "beta",
        "--prior",
        "1,1",
        "--successes",
        "3",
        "--failures",
        "10",
        "--json",
    ]);
    assert_eq!(v["params"]["alpha"], 4.0);
    assert_eq!(v["params"]["beta"], 11.0);
    assert!((v["mean"].as_f64().unwrap() - 4.0 / 15.0).abs() < 1e-15);
    // scipy.stats.beta(4, 11).ppf([0.025, 0.975])
    let ci = v["interval"].as_array().unwrap();
    assert!((ci[0].as_f64().unwrap() - 0.08388931830712752).abs() < 1e-10);
    assert!((ci[1].as_f64().unwrap() - 0.5079756770484718).abs() < 1e-10);
}

#[test]
fn posterior_other_families_json() {
    let g = json(&[
        "posterior",
        "gamma",
        "--prior",
        "1,1",
        "--count",
        "12",
        "--exposure",
        "4",
        "--json",
    ]);
    assert_eq!(g["params"]["shape"], 13.0);
    let d = json(&[
        "posterior",
        "dirichlet",
        "--prior",
        "1,1,1",
        "--counts",
        "3,4,5",
        "--json",
    ]);
    assert_eq!(d["categories"].as_array().unwrap().len(), 3);
    let n = json(&[
        "posterior",
        "normal",
        "--noise-sd",
        "1",
        "--data",
        "4.8,5.1,5.3",
        "--json",
    ]);
    assert!((n["mean"].as_f64().unwrap() - 5.066).abs() < 0.01);
    let t = json(&[
        "posterior",
        "normal",
        "--data",
        "4.8,5.1,5.3",
        "--level",
        "0.9",
        "--json",
    ]);
    assert_eq!(t["level"], 0.9);
}

#[test]
fn compare_json_matches_the_library() {
    let v = json(&[
        "posterior",
        "compare",
        "--a",
        "20/1000",
        "--b",
        "30/1000",
        "--json",
    ]);
    // scipy quadrature (tests/reference/posterior.json)
    assert!((v["prob_b_greater"].as_f64().unwrap() - 0.9222933087101989).abs() < 1e-9);
    for key in ["lift_interval", "expected_loss_a", "expected_loss_b"] {
        assert!(!v[key].is_null(), "missing {key}");
    }
}

#[test]
fn tables_and_errors() {
    let (ok, stdout, _) = run(&["posterior", "beta", "--successes", "3", "--failures", "10"]);
    assert!(
        ok && stdout.contains("mean") && stdout.contains("95% CI"),
        "{stdout}"
    );
    for bad in [
        vec!["posterior", "beta", "--prior", "0,1"],
        vec!["posterior", "beta", "--successes", "-3"],
        vec!["posterior", "compare", "--a", "30/20", "--b", "1/2"],
        vec!["posterior", "dirichlet", "--prior", "1,1", "--counts", "1,2,3"],
        vec!["posterior", "beta", "--level", "1.5"],
    ] {
        let (ok, stdout, stderr) = run(&bad);
        assert!(!ok, "{bad:?} should fail");
        assert!(stdout.is_empty(), "{bad:?} printed to stdout: {stdout}");
        assert!(stderr.contains("error"), "{bad:?}: {stderr}");
    }
}

#[test]
fn demo_runs_on_bundled_data() {
    let (ok, stdout, stderr) = run(&["demo"]);
    assert!(ok, "{stderr}");
    for needle in ["fire", "corner_cafe", "P(B > A)"] {
        assert!(stdout.contains(needle), "demo lacks {needle}");
    }
}
