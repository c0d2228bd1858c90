//! `bayeskit bandit report|simulate`: JSON against the library, bad input.

mod common;
use bayeskit::{prob_best, Beta};
use common::run;

fn json(args: &[&str]) -> serde_json::Value {
    let (ok, stdout, stderr) = run(args);
    assert!(ok, "{args:?} failed: {stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: not one JSON object ({e}): {stdout}"))
}

fn arms_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("bayeskit-cli-bandit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn report_gives_the_library_prob_best() {
    let f = arms_file(
        "arms.csv",
        "arm,successes,trials\n# a comment\nA,20,1000\nB\t30\t1000\nC,26,1000\n",
    );
    let v = json(&["bandit", "report", &f, "--json", "--seed", "3"]);
    let arms = [
        Beta::new(21.0, 981.0).unwrap(),
        Beta::new(31.0, 971.0).unwrap(),
        Beta::new(27.0, 975.0).unwrap(),
    ];
    let mut want = [0.0; 3];
    prob_best(&arms, &mut want).unwrap();
    let got: Vec<f64> = v["prob_best"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(got, want);
    assert_eq!(v["best"], "B");
    assert_eq!(v["prob_best_method"], "quadrature");
    assert!(v["value_remaining_relative"].as_f64().unwrap() > 0.0);
    // The same seed, the same Monte Carlo numbers.
    assert_eq!(v, json(&["bandit", "report", &f, "--json", "--seed", "3"]));
    let g = json(&["bandit", "report", &f, "--family", "gamma", "--json"]);
    assert_eq!(g["best"], "B");
}

#[test]
fn report_refuses_bad_rows() {
    for (name, text, needle) in [
        ("bad1.csv", "A,20,1000\nB,x,1000\n", ":2:"),
        ("bad2.csv", "A,20,10\n", "exceed"),
        ("bad3.csv", "", "1 to 100 arms"),
    ] {
        let f = arms_file(name, text);
        let (ok, _, stderr) = run(&["bandit", "report", &f]);
        assert!(!ok && stderr.contains(needle), "{name}: {stderr}");
    }
}

#[test]
fn simulate_finds_a_clear_best_arm() {
    let v = json(&[
        "bandit", "simulate", "--rates", "0.1,0.3", "--rounds", "500", "--runs", "10", "--seed", "1",
        "--json",
    ]);
    assert_eq!(v["found_best"], 1.0);
    assert!(v["picks"][1].as_f64().unwrap() > 0.8);
    let t = json(&[
        "bandit",
        "simulate",
        "--rates",
        "0.1,0.3",
        "--rounds",
        "500",
        "--runs",
        "10",
        "--top-two",
        "--json",
    ]);
    // Top-two plays the leader about half the time.
    assert!((t["picks"][1].as_f64().unwrap() - 0.5).abs() < 0.1, "{t}");
    let (ok, _, stderr) = run(&["bandit", "simulate", "--rates", "0.1,1.5"]);
    assert!(!ok && stderr.contains("rate"), "{stderr}");
}
