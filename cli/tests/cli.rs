//! The `bayeskit` binary: JSON output, tables, errors and the demo.

mod common;
use common::run;
use std::process::Command;

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
fn compare_at_real_sizes_says_how_it_computed() {
    // 10^8 trials per arm: exact by quadrature (this took minutes before the
    // quadrature in chart variables).
    let v = json(&[
        "posterior",
        "compare",
        "--a",
        "2000000/100000000",
        "--b",
        "2001000/100000000",
        "--json",
    ]);
    assert_eq!(v["method"]["name"], "quadrature");
    let p = v["prob_b_greater"].as_f64().unwrap();
    assert!(p > 0.6 && p < 0.8, "{p}");
    let mc = json(&[
        "posterior",
        "compare",
        "--a",
        "200/10000",
        "--b",
        "230/10000",
        "--method",
        "mc",
        "--draws",
        "20000",
        "--seed",
        "3",
        "--json",
    ]);
    assert_eq!(mc["method"]["name"], "monte carlo");
    assert_eq!(mc["method"]["draws"], 20000);
    let exact = json(&[
        "posterior",
        "compare",
        "--a",
        "200/10000",
        "--b",
        "230/10000",
        "--json",
    ]);
    let (pm, pe) = (
        mc["prob_b_greater"].as_f64().unwrap(),
        exact["prob_b_greater"].as_f64().unwrap(),
    );
    assert!((pm - pe).abs() < 0.02, "{pm} vs {pe}");
}

#[test]
fn best_of_several_arms() {
    let v = json(&["posterior", "best", "--arms", "20/1000,30/1000,25/1000", "--json"]);
    let p: Vec<f64> = v["prob_best"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(p.len(), 3);
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-10);
    assert!(p[1] > p[2] && p[2] > p[0], "{p:?}");
    for bad in [
        vec!["posterior", "best", "--arms", "20/1000"],
        vec!["posterior", "best", "--arms", "20/1000,x/3"],
    ] {
        let (ok, stdout, stderr) = run(&bad);
        assert!(
            !ok && stdout.is_empty() && stderr.contains("--arms"),
            "{bad:?}: {stderr}"
        );
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
    for needle in [
        "fire",
        "corner_cafe",
        "rank by lower bound",
        "strongest phrases",
        "similar weights, different certainty",
        "\"delicious\"",
        "P(B > A)",
        "three checkout buttons",
        "Thompson sampling sent",
        "always-valid test on day",
    ] {
        assert!(stdout.contains(needle), "demo lacks {needle}");
    }
}

/// A scratch file under the system temp dir, unique per test and process.
fn scratch(name: &str, contents: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("bayeskit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

const RATINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo/venue_ratings.tsv");

#[test]
fn dirichlet_fit_json_and_merged_stats_agree() {
    let v = json(&["dirichlet", "fit", RATINGS, "--header", "--id", "--json"]);
    assert_eq!(v["outcome"], "converged");
    assert_eq!(v["converged"], true);
    assert_eq!(v["rows"], 4002);
    for key in [
        "alpha",
        "alpha_sum",
        "loglik",
        "iterations",
        "std_errors",
        "lr_pvalue",
    ] {
        assert!(!v[key].is_null(), "{key} missing");
    }
    assert_eq!(v["alpha"].as_array().unwrap().len(), 5);
    // Split the file in two, save statistics of each half, fit from the merge.
    let text = std::fs::read_to_string(RATINGS).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).collect();
    let (a, b) = lines.split_at(1500);
    let fa = scratch("half_a.tsv", (a.join("\n") + "\n").as_bytes());
    let fb = scratch("half_b.tsv", (b.join("\n") + "\n").as_bytes());
    let (sa, sb) = (scratch("a.stats", b""), scratch("b.stats", b""));
    for (f, s) in [(&fa, &sa), (&fb, &sb)] {
        let (ok, _, stderr) = run(&["dirichlet", "stats", f, "--id", "-o", s]);
        assert!(ok, "{stderr}");
    }
    let m = json(&["dirichlet", "fit", "--stats", &sa, "--stats", &sb, "--json"]);
    assert_eq!(
        m["alpha"], v["alpha"],
        "merged statistics must fit bit for bit the same"
    );
    assert_eq!(m["loglik"], v["loglik"]);
}

#[test]
fn dirichlet_bad_rows_name_the_line_unless_skipped() {
    let f = scratch("bad.tsv", b"1\t2\t3\n4\t5\t6\n7\tx\t9\n1\t1\t1\n");
    let (ok, _, stderr) = run(&["dirichlet", "fit", &f]);
    assert!(!ok);
    assert!(
        stderr.contains("bad.tsv:3:") && stderr.contains("\"x\""),
        "{stderr}"
    );
    let v = json(&["dirichlet", "fit", &f, "--skip-bad", "--json"]);
    assert_eq!(v["skipped"], 1);
    assert_eq!(v["rows"], 3);
    let (ok, _, stderr) = run(&["dirichlet", "fit", "/no/such/file.tsv"]);
    assert!(!ok && stderr.contains("/no/such/file.tsv"), "{stderr}");
    let (ok, _, stderr) = run(&["dirichlet", "fit", "--stats", &f]);
    assert!(!ok && stderr.contains("corrupt"), "{stderr}");
}

#[test]
fn dirichlet_degenerate_outcomes_are_explicit() {
    // Every row the same mix: no over-dispersion; the limit is reported, not a number.
    let f = scratch("flat.tsv", "2\t2\t2\n".repeat(50).as_bytes());
    let v = json(&["dirichlet", "fit", &f, "--json"]);
    assert_eq!(v["outcome"], "no_overdispersion");
    assert!(v["alpha_sum"].is_null() && v["alpha"][0].is_null());
    assert_eq!(v["theta"], 0.0);
    let f = scratch("ones.tsv", b"1\t0\n0\t1\n1\t0\n");
    assert_eq!(
        json(&["dirichlet", "fit", &f, "--json"])["outcome"],
        "not_identifiable"
    );
    let f = scratch("empty_cat.tsv", b"1\t0\t3\n2\t0\t1\n5\t0\t0\n");
    let (ok, _, stderr) = run(&["dirichlet", "fit", &f]);
    assert!(!ok && stderr.contains("no counts at all"), "{stderr}");
    let v = json(&["dirichlet", "fit", &f, "--drop-empty", "--json"]);
    assert_eq!(v["dropped"][0], 1);
    let v = json(&["dirichlet", "fit", &f, "--hyperprior", "1", "--json"]);
    assert!(v["alpha"][1].as_f64().unwrap() > 0.0);
}

#[test]
fn dirichlet_apply_ranks_by_lower_bound() {
    let f = scratch("venues.tsv", b"few\t0\t3\nmany\t300\t2700\nmid\t20\t80\n");
    let (ok, stdout, stderr) = run(&[
        "dirichlet",
        "apply",
        &f,
        "--id",
        "--alpha",
        "2,8",
        "--rank-by",
        "lower:2",
        "--level",
        "0.9",
    ]);
    assert!(ok, "{stderr}");
    let ids: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(ids, ["many", "mid", "few"]);
    let few = stdout.lines().find(|l| l.starts_with("few")).unwrap();
    let mean: f64 = few.split('\t').nth(3).unwrap().parse().unwrap();
    assert!((mean - 11.0 / 13.0).abs() < 1e-6);
    let (ok, _, stderr) = run(&["dirichlet", "apply", &f, "--id", "--alpha", "2,8,1"]);
    assert!(!ok && stderr.contains("venues.tsv:1"), "{stderr}");
    let (ok, _, stderr) = run(&[
        "dirichlet",
        "apply",
        &f,
        "--id",
        "--alpha",
        "2,8",
        "--rank-by",
        "lower:3",
    ]);
    assert!(!ok && stderr.contains("--rank-by"), "{stderr}");
}

const TIPS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo/tips.tsv");

#[test]
fn logistic_train_predict_eval_inspect_export() {
    let model = scratch("tips.model", b"");
    let v = json(&[
        "logistic",
        "train",
        TIPS,
        "--lambda",
        "0.002",
        "--l1-ratio",
        "0.9",
        "-o",
        &model,
        "--json",
    ]);
    assert_eq!(v["converged"], true);
    for key in ["objective", "iterations", "nnz"] {
        assert!(v[key].is_number(), "{key}");
    }
    let e = json(&["logistic", "eval", &model, TIPS, "--json"]);
    assert!(e["accuracy"].as_f64().unwrap() > 0.7, "{e}");
    assert!(e["log_loss"].as_f64().unwrap() > 0.0);
    assert_eq!(e["confusion"].as_array().unwrap().len(), 3);
    let (ok, out, err) = run(&["logistic", "predict", &model, TIPS]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 3001);
    assert!(
        out.starts_with("predicted\tp_mixed\tp_negative\tp_positive"),
        "{}",
        &out[..80]
    );
    let (ok, out, _) = run(&["logistic", "inspect", &model, "--top", "3"]);
    assert!(ok && out.contains("positive") && out.contains("great"), "{out}");
    let x = json(&["logistic", "export", &model, "--json"]);
    assert_eq!(x["format"], "bayeskit-logistic");
    assert_eq!(
        x["weights"].as_array().unwrap().len(),
        v["stored_features"].as_u64().unwrap() as usize
    );
    // A corrupt model file is refused with its name.
    let bad = scratch("bad.model", b"BKLOGIT\0garbage");
    let (ok, _, err) = run(&["logistic", "eval", &bad, TIPS]);
    assert!(!ok && err.contains("bad.model"), "{err}");
    let broken = scratch("broken.tsv", b"positive\tgreat:1\nnegative\tbad\n");
    let (ok, _, err) = run(&["logistic", "train", &broken, "-o", &model]);
    assert!(!ok && err.contains("broken.tsv:2"), "{err}");
}

#[test]
fn logistic_path_cv_and_predictions_with_uncertainty() {
    let svm = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/reference/logistic/dense_k3.svm"
    );
    let model = scratch("cv.model", b"");
    let p = json(&[
        "logistic",
        "path",
        svm,
        "--zero-based",
        "--cv",
        "4",
        "--seed",
        "2",
        "--n-lambdas",
        "8",
        "--threads",
        "2",
        "--json",
        "-o",
        &model,
    ]);
    let steps = p["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 8);
    assert_eq!(steps[0]["nnz"], 0);
    assert_eq!(steps[0]["lambda"], p["lambda_max"]);
    for s in steps {
        for key in ["lambda", "objective", "loss", "cv_loss", "cv_se", "iterations"] {
            assert!(s[key].is_number(), "{key}: {s}");
        }
    }
    let cv = &p["cv"];
    assert_eq!(cv["folds"], 4);
    assert!(cv["lambda_1se"].as_f64() >= cv["lambda_min"].as_f64());
    // train --cv picks the same λ and writes a model with covariances.
    let t = json(&[
        "logistic",
        "train",
        svm,
        "--zero-based",
        "--cv",
        "4",
        "--seed",
        "2",
        "--n-lambdas",
        "8",
        "--choose",
        "1se",
        "-o",
        &model,
        "--json",
    ]);
    assert_eq!(t["lambda"], cv["lambda_1se"]);
    assert_eq!(t["uncertainty"], "blocks");
    let (ok, _, err) = run(&[
        "logistic", "train", svm, "--cv", "4", "--lambda", "0.1", "-o", &model,
    ]);
    assert!(!ok && err.contains("--lambda"), "{err}");
    // Tables.
    let (ok, out, err) = run(&[
        "logistic",
        "path",
        svm,
        "--zero-based",
        "--n-lambdas",
        "5",
        "--cv",
        "3",
    ]);
    assert!(
        ok && out.contains("cv loss ± se") && out.contains("← min") && out.contains("chosen"),
        "{out}{err}"
    );
    let (ok, out, _) = run(&["logistic", "inspect", &model, "--top", "2"]);
    assert!(
        ok && out.contains("95 % Laplace interval") && out.contains(" ["),
        "{out}"
    );
    // Predictions with uncertainty: moderated (probabilities and logit sd), MC (same seed, same output).
    let (ok, out, err) = run(&[
        "logistic",
        "predict",
        &model,
        svm,
        "--zero-based",
        "--uncertainty",
        "moderated",
    ]);
    assert!(
        ok && out.starts_with("predicted\tp_0\tp_1\tp_2\tsd_0\tsd_1\tsd_2"),
        "{err}"
    );
    let mc = |seed: &str| {
        let args = [
            "logistic",
            "predict",
            &model,
            svm,
            "--zero-based",
            "--uncertainty",
            "mc",
            "--draws",
            "200",
            "--seed",
            seed,
        ];
        let (ok, out, err) = run(&args);
        assert!(ok, "{err}");
        out
    };
    let a = mc("3");
    assert!(
        a.starts_with("predicted\tmean_0\tmean_1\tmean_2\tlo_0"),
        "{}",
        &a[..60]
    );
    assert_eq!(a, mc("3"));
    assert_ne!(a, mc("4"));
    // Without covariances the uncertainty-aware predictions say why they cannot run.
    let bare = scratch("bare.model", b"");
    let (ok, _, err) = run(&[
        "logistic",
        "train",
        svm,
        "--zero-based",
        "--uncertainty",
        "none",
        "-o",
        &bare,
    ]);
    assert!(ok, "{err}");
    let (ok, _, err) = run(&[
        "logistic",
        "predict",
        &bare,
        svm,
        "--zero-based",
        "--uncertainty",
        "mc",
    ]);
    assert!(!ok && err.contains("no covariances"), "{err}");
}

#[test]
fn predict_and_eval_refuse_rows_whose_logits_overflow() {
    // Issue 15, defect 10: `logistic predict` printed NaN and exited 0, `eval` printed
    // "log-loss NaN", for a finite value of -1e308.
    let train_file = scratch(
        "ovf_train.svm",
        b"1 1:3 2:0.5\n0 2:3\n1 1:3\n0 2:3 3:1\n1 1:2 3:1\n0 3:2\n",
    );
    let model = std::env::temp_dir()
        .join(format!("bayeskit-cli-{}", std::process::id()))
        .join("ovf.bkm");
    let model = model.to_str().unwrap();
    let (ok, _, err) = run(&["logistic", "train", &train_file, "--lambda", "0.001", "-o", model]);
    assert!(ok, "{err}");
    let bad = scratch("ovf_test.svm", b"1 1:1\n0 1:-1e308 2:1e308\n");
    for args in [
        vec!["logistic", "predict", model, &bad],
        vec!["logistic", "predict", model, &bad, "--uncertainty", "moderated"],
        vec!["logistic", "eval", model, &bad],
    ] {
        let (ok, out, err) = run(&args);
        assert!(!ok, "{args:?} succeeded: {out}");
        assert!(!out.contains("NaN"), "{args:?}: {out}");
        assert!(
            err.contains("row 1") && err.contains("overflow"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn predict_scores_rows_with_placeholder_labels_and_unknown_ids() {
    // Issue 15, defect 13: predict refused labels the model does not know (new data
    // has none) and feature ids beyond the model (which the library ignores).
    let train_file = scratch(
        "ph_train.svm",
        b"1 1:3 2:0.5\n0 2:3\n1 1:3\n0 2:3 3:1\n1 1:2 3:1\n0 3:2\n",
    );
    let dir = std::env::temp_dir().join(format!("bayeskit-cli-{}", std::process::id()));
    let model = dir.join("ph.bkm");
    let model = model.to_str().unwrap();
    let (ok, _, err) = run(&["logistic", "train", &train_file, "--lambda", "0.01", "-o", model]);
    assert!(ok, "{err}");
    let new = scratch("ph_new.svm", b"? 1:1\n? 2:1 99:4\n0 500000:1\n");
    let (ok, out, err) = run(&["logistic", "predict", model, &new]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0], "predicted\tp_0\tp_1");
    // eval needs true labels, so it still refuses unknown ones, clearly.
    let (ok, _, err) = run(&["logistic", "eval", model, &new]);
    assert!(!ok && err.contains("\"?\""), "{err}");
}

#[test]
fn messages_name_the_cause_in_the_cli_s_terms() {
    // Issue 15, item 16.
    let err_of = |args: &[&str]| {
        let (ok, _, err) = run(args);
        assert!(!ok, "{args:?} succeeded");
        err
    };
    // Alphas whose sum overflows (it said "beta must be finite, got inf").
    let counts = scratch("m16_counts.tsv", b"# a comment line\n1\t2\n3\t4\n");
    let e = err_of(&["dirichlet", "apply", &counts, "--alpha", "1e308,1e308"]);
    assert!(e.contains("the alphas sum to inf"), "{e}");
    // A comment line in a count file is skipped (it said "need at least 2 count columns").
    let (ok, out, err) = run(&["dirichlet", "fit", &counts]);
    assert!(ok, "{err}");
    assert!(out.contains("rows        2"), "{out}");
    // Normal data of 1e200 (it said "ss must be finite").
    let e = err_of(&["posterior", "normal", "--data", "1e200,-1e200,3"]);
    assert!(
        e.contains("overflow") && e.contains("1e200") && !e.contains("ss must"),
        "{e}"
    );
    // Id 0 in a 1-based svmlight file names no Rust type.
    let zero = scratch("m16_zero.svm", b"0 0:1 1:1\n1 1:1\n");
    let e = err_of(&["logistic", "train", &zero, "-o", "/dev/null"]);
    assert!(e.contains("0-based") && !e.contains("IdBase"), "{e}");
    // --format tsv on a svmlight file says file:line.
    let svm = scratch("m16.svm", b"1 1:3 2:0.5\n0 2:3\n");
    let e = err_of(&["logistic", "train", &svm, "--format", "tsv", "-o", "/dev/null"]);
    assert!(e.contains("m16.svm:1:") && e.contains("tab"), "{e}");
    // --hash-bits 0 is refused (it trained a one-feature model; 0 is "dictionary" in C).
    let tsv = scratch("m16.tsv", b"pos\tgood:1\nneg\tbad:1\n");
    let e = err_of(&["logistic", "train", &tsv, "--hash-bits", "0", "-o", "/dev/null"]);
    assert!(e.contains("hash bits must be in 1..=31, got 0"), "{e}");
    // Huge numbers print in scientific notation, not with 300 digits.
    let (ok, out, _) = run(&["posterior", "normal", "--noise-sd", "1", "--prior", "1e300,1"]);
    assert!(ok);
    assert!(
        out.contains("1.000000e300") && out.lines().all(|l| l.len() < 120),
        "{out}"
    );
    let e = err_of(&["posterior", "normal", "--noise-sd", "-1e300"]);
    assert!(e.len() < 200, "{e}");
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_cli_quietly() {
    // `bayeskit demo | head -1` printed "bayeskit: error: Broken pipe".
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' demo | head -c 10 > /dev/null",
            env!("CARGO_BIN_EXE_bayeskit")
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{err}");
}

#[test]
fn prior_fit_beta_and_gamma_json_match_the_scipy_references() {
    // The "doc_example" sets of tests/reference/prior_fit.json (scipy).
    let f = scratch(
        "past.csv",
        b"successes,trials\n12,400\n30,700\n7,350\n45,900\n20,500\n9,410\n33,650\n15,480\n",
    );
    let v = json(&["prior", "fit", "beta", &f, "--json"]);
    assert_eq!(v["outcome"], "converged");
    let near = |x: &serde_json::Value, want: f64| (x.as_f64().unwrap() - want).abs() <= 1e-9 * want.abs();
    assert!(near(&v["alpha"], 24.149718897428958), "{v}");
    assert!(near(&v["beta"], 619.4841865172617), "{v}");
    assert!(near(&v["std_errors"]["alpha"], 28.560169439696104), "{v}");
    let f = scratch(
        "campaigns.tsv",
        b"# past campaigns\ncount\texposure\n30\t1000\n80\t1500\n12\t800\n55\t1200\n140\t2000\n20\t900\n",
    );
    let v = json(&["prior", "fit", "gamma", &f, "--json"]);
    assert_eq!(v["outcome"], "converged");
    assert!(near(&v["shape"], 4.520009499180942), "{v}");
    assert!(near(&v["rate"], 113.28725442513327), "{v}");
    assert!(near(&v["std_errors"]["rate"], 74.15452141479967), "{v}");
    assert_eq!(v["rows"], 6);
}

#[test]
fn prior_fit_reports_no_finite_prior_and_names_bad_lines() {
    let f = scratch("equal.csv", b"5,100\n10,200\n15,300\n");
    let v = json(&["prior", "fit", "beta", &f, "--json"]);
    assert_eq!(v["outcome"], "no_overdispersion");
    assert!(v["alpha"].is_null());
    let f = scratch("bad.csv", b"5,100\n10,x\n");
    let (ok, _, stderr) = run(&["prior", "fit", "beta", &f]);
    assert!(
        !ok && stderr.contains("bad.csv:2") && stderr.contains("trials"),
        "{stderr}"
    );
    let f = scratch("more.csv", b"5,100\n10,4\n");
    let (ok, _, stderr) = run(&["prior", "fit", "beta", &f]);
    assert!(!ok && stderr.contains("row 1"), "{stderr}");
    let f = scratch("cols.tsv", b"5\t100\t3\n");
    let (ok, _, stderr) = run(&["prior", "fit", "gamma", &f]);
    assert!(!ok && stderr.contains("3 fields, expected 2"), "{stderr}");
    let f = scratch("zero.tsv", b"5\t0\n3\t2\n");
    let (ok, _, stderr) = run(&["prior", "fit", "gamma", &f]);
    assert!(!ok && stderr.contains("exposure"), "{stderr}");
}

#[test]
fn ab_sequential_prints_each_look_under_each_rule() {
    let f = scratch(
        "looks.csv",
        b"look,successes_a,trials_a,successes_b,trials_b\n1,40,2000,62,2000\n2,85,4000,131,4000\n3,120,6000,199,6000\n",
    );
    let v = json(&["ab", "sequential", &f, "--json"]);
    let looks = v["looks"].as_array().unwrap();
    assert_eq!(looks.len(), 3);
    // The last look against the library's own calls.
    let mut t = bayeskit::sequential::AlwaysValid::proportions(0.05, 0.01).unwrap();
    let mut last = None;
    for (a, b) in [
        ((40.0, 2000.0), (62.0, 2000.0)),
        ((85.0, 4000.0), (131.0, 4000.0)),
        ((120.0, 6000.0), (199.0, 6000.0)),
    ] {
        last = Some(t.look(a, b).unwrap());
    }
    let last = last.unwrap();
    assert_eq!(
        looks[2]["always_valid"]["p_value"].as_f64().unwrap(),
        last.p_value
    );
    assert_eq!(looks[2]["always_valid"]["lower"].as_f64().unwrap(), last.lower);
    assert_eq!(looks[2]["always_valid"]["stop"], true);
    assert_eq!(looks[0]["always_valid"]["stop"], false);
    let prior = bayeskit::Beta::new(1.0, 1.0).unwrap();
    let ln_bf = bayeskit::sequential::bayes_factor_proportions(&prior, (120, 6000), (199, 6000)).unwrap();
    assert_eq!(looks[2]["bayes_factor"]["ln_bf10"].as_f64().unwrap(), ln_bf);
    assert_eq!(looks[0]["naive"]["stop"], true);
    let f = scratch("bad_looks.tsv", b"1\t50\t40\t3\t40\n");
    let (ok, _, stderr) = run(&["ab", "sequential", &f]);
    assert!(
        !ok && stderr.contains("bad_looks.tsv:1") && stderr.contains("successes"),
        "{stderr}"
    );
}

#[test]
fn ab_simulate_reports_each_rule() {
    let v = json(&[
        "ab",
        "simulate",
        "--experiments",
        "300",
        "--looks",
        "10",
        "--seed",
        "5",
        "--json",
    ]);
    assert_eq!(v["rate_b"], v["rate_a"]);
    for rule in ["naive", "bayes_factor", "always_valid"] {
        let r = v[rule]["rate"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&r), "{rule}: {v}");
    }
    assert!(v["naive"]["rate"].as_f64().unwrap() > v["always_valid"]["rate"].as_f64().unwrap());
    let again = json(&[
        "ab",
        "simulate",
        "--experiments",
        "300",
        "--looks",
        "10",
        "--seed",
        "5",
        "--json",
    ]);
    assert_eq!(v, again, "one seed, one report");
    let (ok, _, stderr) = run(&["ab", "simulate", "--rate-a", "1.5"]);
    assert!(!ok && stderr.contains("rate_a"), "{stderr}");
}

#[test]
fn small_table_readers_refuse_a_huge_file() {
    // A sparse file of 65 MiB: no memory is spent on it before the refusal.
    let path = scratch("huge.csv", b"");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let (ok, _, stderr) = run(&["prior", "fit", "beta", &path]);
    assert!(!ok && stderr.contains("read whole, up to"), "{stderr}");
}
