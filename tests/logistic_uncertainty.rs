//! Logistic regression beyond a point estimate: the regularisation path, cross-
//! validation, Laplace covariances (against finite differences and an independent
//! dense inverse, `tests/reference/generate_laplace.py`), moderated and Monte Carlo
//! predictions, and the model file's version 2.

use bayeskit::logistic::{
    cross_validate, laplace, mc_scratch_len, path, read_svmlight, train, Choice, CvOptions, Dataset, IdBase,
    Lambdas, LaplaceMethod, McOptions, Model, PathOptions, SvmlightOptions, TrainOptions,
};
use bayeskit::Rng;
use nalgebra::DMatrix;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(name: &str, n_features: usize) -> Dataset {
    let opts = SvmlightOptions {
        id_base: IdBase::Zero,
        n_features: Some(n_features),
        skip_bad: false,
    };
    read_svmlight(
        &root().join(format!("tests/reference/logistic/{name}.svm")),
        &opts,
    )
    .unwrap()
    .0
}

fn opts(lambda: f64, l1_ratio: f64) -> TrainOptions {
    TrainOptions {
        lambda,
        l1_ratio,
        tol: 1e-10,
        max_iter: 10_000,
        ..TrainOptions::default()
    }
}

fn packed(r: usize, c: usize) -> usize {
    let (r, c) = if r >= c { (r, c) } else { (c, r) };
    r * (r + 1) / 2 + c
}

/// Σ ← CΣC, C = I − 11ᵀ/K, on a dense K×K matrix.
fn centred(m: &DMatrix<f64>) -> DMatrix<f64> {
    let k = m.nrows();
    let c = DMatrix::from_fn(k, k, |r, q| f64::from(u8::from(r == q)) - 1.0 / k as f64);
    &c * m * &c
}

#[test]
fn the_path_starts_at_lambda_max_and_its_steps_equal_single_fits() {
    let data = read("dense_k3", 8);
    for rho in [1.0, 0.5] {
        let p = path(
            &data,
            &PathOptions {
                lambdas: Lambdas::Grid {
                    count: 12,
                    min_ratio: 1e-3,
                },
                early_stop: false,
                train: opts(0.0, rho),
            },
        )
        .unwrap();
        assert_eq!(p.steps.len(), 12);
        assert_eq!(p.steps[0].lambda, p.lambda_max);
        assert_eq!(p.steps[0].model.nnz(), 0, "λ_max gives all zeros");
        assert!(p.steps[1].model.nnz() > 0, "the next λ does not");
        // A hair below λ_max already has a non-zero weight; at λ_max none.
        let at = |l: f64| train(&data, &opts(l, rho)).unwrap().nnz();
        assert_eq!(at(p.lambda_max), 0);
        assert!(at(p.lambda_max * (1.0 - 1e-6)) > 0);
        // Warm-started steps equal cold single fits at the same λ.
        for s in [1, 6, 11] {
            let step = &p.steps[s];
            let single = train(&data, &opts(step.lambda, rho)).unwrap();
            let (a, b) = (step.model.info().objective, single.info().objective);
            assert!((a - b).abs() <= 1e-10 * b, "ρ {rho} step {s}: {a} vs {b}");
            assert_eq!(step.model.stored_features(), single.stored_features());
            for (x, y) in step.model.stored_weights().iter().zip(single.stored_weights()) {
                assert!((x - y).abs() < 1e-6, "ρ {rho} step {s}: weight {x} vs {y}");
            }
            assert!(step.model.covariance().is_some());
        }
        // The training loss falls along the path.
        assert!(p.steps.windows(2).all(|w| w[1].loss <= w[0].loss + 1e-12));
    }
}

#[test]
fn a_grid_stops_early_when_the_loss_stops_improving_and_values_are_checked() {
    let data = read("dense_k3", 8);
    let grid = |early_stop| PathOptions {
        lambdas: Lambdas::Grid {
            count: 60,
            min_ratio: 1e-8,
        },
        early_stop,
        train: TrainOptions {
            laplace: None,
            ..opts(0.0, 0.5)
        },
    };
    let short = path(&data, &grid(true)).unwrap();
    assert!(
        short.stopped_early && short.steps.len() < 60,
        "{}",
        short.steps.len()
    );
    let long = path(&data, &grid(false)).unwrap();
    assert!(!long.stopped_early && long.steps.len() == 60);
    // Early stop changes nothing before it.
    for (a, b) in short.steps.iter().zip(&long.steps) {
        assert_eq!(a.model, b.model);
    }
    let bad = |lambdas| {
        path(
            &data,
            &PathOptions {
                lambdas,
                ..PathOptions::default()
            },
        )
        .unwrap_err()
        .to_string()
    };
    assert!(bad(Lambdas::Values(vec![0.01, 0.1])).contains("decreasing"));
    assert!(bad(Lambdas::Values(vec![0.1, -0.1])).contains("> 0"));
    assert!(bad(Lambdas::Values(vec![])).contains("no λ"));
    assert!(bad(Lambdas::Grid {
        count: 1,
        min_ratio: 0.1
    })
    .contains("at least 2"));
    assert!(bad(Lambdas::Grid {
        count: 5,
        min_ratio: 1.0
    })
    .contains("min_ratio"));
    // Explicit values run as given.
    let p = path(
        &data,
        &PathOptions {
            lambdas: Lambdas::Values(vec![0.1, 0.01]),
            ..PathOptions::default()
        },
    )
    .unwrap();
    assert_eq!(p.steps.iter().map(|s| s.lambda).collect::<Vec<_>>(), [0.1, 0.01]);
}

#[test]
fn cross_validation_is_seeded_thread_independent_and_refits_on_all_rows() {
    let data = read("sparse_k3_l1", 200);
    let popts = |threads| PathOptions {
        lambdas: Lambdas::Grid {
            count: 10,
            min_ratio: 1e-2,
        },
        early_stop: true,
        train: TrainOptions {
            threads,
            tol: 1e-8,
            ..opts(0.0, 0.8)
        },
    };
    let cv = CvOptions {
        folds: 4,
        seed: 3,
        choice: Choice::OneSe,
    };
    let one = cross_validate(&data, &popts(1), &cv).unwrap();
    let two = cross_validate(&data, &popts(2), &cv).unwrap();
    assert_eq!(one.points, two.points, "threads change nothing");
    assert_eq!(one.model, two.model);
    let other = cross_validate(&data, &popts(2), &CvOptions { seed: 4, ..cv }).unwrap();
    assert_ne!(one.points[3].folds, other.points[3].folds, "the seed matters");
    // The choices.
    let lambda = |i: usize| one.path.steps[i].lambda;
    assert!(lambda(one.one_se) >= lambda(one.best));
    assert_eq!(one.chosen, one.one_se);
    let m = &one.points[one.best];
    assert!(one.points.iter().all(|p| p.mean >= m.mean));
    assert!(one.points[one.one_se].mean <= m.mean + m.se);
    for p in &one.points {
        assert_eq!(p.folds.len(), 4);
        let mean = p.folds.iter().sum::<f64>() / 4.0;
        assert!((mean - p.mean).abs() < 1e-12);
    }
    // The model is the full-data fit at the chosen λ, with covariances.
    let single = train(
        &data,
        &TrainOptions {
            lambda: lambda(one.chosen),
            ..popts(1).train
        },
    )
    .unwrap();
    assert_eq!(one.model.stored_features(), single.stored_features());
    for (x, y) in one.model.stored_weights().iter().zip(single.stored_weights()) {
        assert!((x - y).abs() < 1e-5, "{x} vs {y}");
    }
    assert!(one.model.covariance().is_some());
    assert_eq!(one.model.info().rows, data.x.rows() as u64);
    let err = cross_validate(&data, &popts(1), &CvOptions { folds: 1, ..cv }).unwrap_err();
    assert!(err.to_string().contains("folds"), "{err}");
    // A fold whose fit runs out of iterations is an error, not a held-out loss.
    let mut starved = popts(2);
    starved.train.max_iter = 1;
    let err = cross_validate(&data, &starved, &cv).unwrap_err();
    assert!(matches!(err, bayeskit::Error::NoConvergence(_)), "{err}");
    assert!(err.to_string().contains("fold"), "{err}");
    // A grid that stops early: the folds, run beside the full-data path, end where it
    // ended, whatever the thread count.
    let long = |threads| PathOptions {
        lambdas: Lambdas::Grid {
            count: 60,
            min_ratio: 1e-9,
        },
        ..popts(threads)
    };
    let one = cross_validate(&data, &long(1), &cv).unwrap();
    assert!(one.path.stopped_early && one.path.steps.len() < 60);
    assert_eq!(one.points.len(), one.path.steps.len());
    for threads in [2, 3, 8] {
        let many = cross_validate(&data, &long(threads), &cv).unwrap();
        assert_eq!(one.points, many.points, "{threads} threads");
        assert_eq!(one.model, many.model, "{threads} threads");
    }
}

/// G(W) = Σ_i w_i·loss_i + Σw·λ(1−ρ)/2·‖W‖², the smooth part of Σw·F, by scoring.
fn smooth_objective(m: &Model, data: &Dataset, l2: f64) -> f64 {
    let k = m.classes();
    let mut lp = vec![0.0; k];
    let mut total = 0.0;
    let mut loss = 0.0;
    for i in 0..data.x.rows() {
        let (ids, vals) = data.x.row(i);
        m.predict_log_proba(ids, vals, &mut lp).unwrap();
        loss -= data.weight(i) * lp[data.y[i] as usize];
        total += data.weight(i);
    }
    let sq: f64 = m.stored_weights().iter().map(|w| w * w).sum();
    loss + total * l2 / 2.0 * sq
}

#[test]
fn block_covariances_invert_finite_difference_hessians() {
    for (name, p, lambda, rho) in [("dense_k3", 8, 0.01, 0.5), ("k2_mixed", 30, 0.01, 0.5)] {
        let data = read(name, p);
        let m = train(&data, &opts(lambda, rho)).unwrap();
        let k = m.classes();
        let l2 = lambda * (1.0 - rho);
        let dense = |w: &[f64]| {
            Model::from_dense(
                m.labels().to_vec(),
                m.features().clone(),
                m.intercepts().to_vec(),
                w,
                m.info().clone(),
            )
            .unwrap()
        };
        let mut w0 = vec![0.0; p * k];
        for &j in m.stored_features() {
            w0[j as usize * k..(j as usize + 1) * k].copy_from_slice(m.weights_of(j).unwrap());
        }
        let h = 1e-4;
        for &j in m.stored_features() {
            let j = j as usize;
            let act: Vec<usize> = (0..k).filter(|&c| w0[j * k + c] != 0.0).collect();
            assert!(
                act.iter().all(|&c| w0[j * k + c].abs() > 10.0 * h),
                "perturbations keep signs"
            );
            let g = |dr: (usize, f64), dc: (usize, f64)| {
                let mut w = w0.clone();
                w[j * k + dr.0] += dr.1;
                w[j * k + dc.0] += dc.1;
                smooth_objective(&dense(&w), &data, l2)
            };
            let n = act.len();
            let hess = DMatrix::from_fn(n, n, |r, c| {
                let (a, b) = (act[r], act[c]);
                (g((a, h), (b, h)) - g((a, h), (b, -h)) - g((a, -h), (b, h)) + g((a, -h), (b, -h)))
                    / (4.0 * h * h)
            });
            let hess = (&hess + hess.transpose()) / 2.0;
            let inv = hess.try_inverse().unwrap();
            let mut want = DMatrix::zeros(k, k);
            for (r, &a) in act.iter().enumerate() {
                for (c, &b) in act.iter().enumerate() {
                    want[(a, b)] = inv[(r, c)];
                }
            }
            if n == k {
                want = centred(&want);
            }
            let got = m.covariance_of(j as u32).unwrap();
            let scale = want.diagonal().max();
            for r in 0..k {
                for c in 0..=r {
                    let (x, y) = (got[packed(r, c)], want[(r, c)]);
                    assert!(
                        (x - y).abs() <= 1e-4 * scale,
                        "{name} feature {j} ({r},{c}): {x} vs {y}"
                    );
                }
            }
        }
    }
}

#[test]
fn laplace_matches_the_independent_dense_inverse() {
    let path = root().join("tests/reference/laplace.json");
    let reference: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let f = |v: &Value| v.as_f64().unwrap();
    let matrix = |v: &Value| {
        let rows: Vec<Vec<f64>> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_array().unwrap().iter().map(f).collect())
            .collect();
        DMatrix::from_fn(rows.len(), rows.len(), |r, c| rows[r][c])
    };
    for case in reference["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let mut data = read(name, case["n_features"].as_u64().unwrap() as usize);
        if let Some(w) = case["weights"].as_array() {
            data.weights = Some(w.iter().map(f).collect());
        }
        let base = train(
            &data,
            &TrainOptions {
                laplace: None,
                ..opts(f(&case["lambda"]), f(&case["l1_ratio"]))
            },
        )
        .unwrap();
        let k = base.classes();
        for (method, key) in [(LaplaceMethod::Full, "full"), (LaplaceMethod::Blocks, "block")] {
            let m = laplace(&base, &data, method, None).unwrap();
            let want = &case[key];
            for b in want["blocks"].as_array().unwrap() {
                let j = b["feature"].as_u64().unwrap() as u32;
                let w = m
                    .weights_of(j)
                    .unwrap_or_else(|| panic!("{name}: feature {j} is not active here"));
                let mut expect = matrix(&b["cov"]);
                // The reference's active set must be ours (its zero rows are inactive).
                for c in 0..k {
                    assert_eq!(
                        w[c] != 0.0,
                        expect[(c, c)] != 0.0,
                        "{name} {key}: active set of {j}"
                    );
                }
                if w.iter().all(|&v| v != 0.0) {
                    expect = centred(&expect);
                }
                let got = m.covariance_of(j).unwrap();
                let scale = expect.diagonal().max();
                for r in 0..k {
                    for c in 0..=r {
                        let (x, y) = (got[packed(r, c)], expect[(r, c)]);
                        assert!(
                            (x - y).abs() <= 1e-6 * scale,
                            "{name} {key} feature {j} ({r},{c}): {x} vs {y}"
                        );
                    }
                }
            }
            let expect = matrix(&want["intercept_cov"]);
            let got = m.covariance().unwrap().intercept();
            for r in 0..k {
                for c in 0..=r {
                    let (x, y) = (got[packed(r, c)], expect[(r, c)]);
                    assert!(
                        (x - y).abs() <= 1e-6 * expect.diagonal().max(),
                        "{name} {key} b ({r},{c}): {x} vs {y}"
                    );
                }
            }
        }
    }
}

#[test]
fn blocks_never_exceed_the_full_marginals_and_rare_features_are_wider() {
    let data = read("sparse_k5_l2", 100);
    let m = train(&data, &opts(0.01, 0.0)).unwrap();
    let full = laplace(&m, &data, LaplaceMethod::Full, None).unwrap();
    // Block precision is a diagonal block of the full one: a conditional covariance.
    for &j in m.stored_features() {
        for c in 0..m.classes() {
            let (b, f) = (
                m.weight_variance(j, c).unwrap(),
                full.weight_variance(j, c).unwrap(),
            );
            assert!(b <= f * (1.0 + 1e-9), "feature {j} class {c}: {b} > {f}");
        }
    }
    // A feature seen on fewer rows has a wider interval.
    let mut seen = vec![0usize; 100];
    for i in 0..data.x.rows() {
        for &j in data.x.row(i).0 {
            seen[j as usize] += 1;
        }
    }
    let (rare, common) = (
        (0..100u32).min_by_key(|&j| seen[j as usize]).unwrap(),
        (0..100u32).max_by_key(|&j| seen[j as usize]).unwrap(),
    );
    assert!(seen[rare as usize] * 3 < seen[common as usize]);
    assert!(m.contrast_variance(rare, 0).unwrap() > 2.0 * m.contrast_variance(common, 0).unwrap());
    // Too many parameters for the dense inverse is a clear error.
    let big = read("sparse_k10_mixed", 300);
    let wide = train(
        &big,
        &TrainOptions {
            laplace: None,
            ..opts(1e-5, 0.0)
        },
    )
    .unwrap();
    let err = laplace(&wide, &big, LaplaceMethod::Full, None).unwrap_err();
    assert!(err.to_string().contains("3000"), "{err}");
}

/// Largest |MC mean − moderated| and largest logit variance over 30 rows, with the
/// data's rows weighted `w` (same optimum, covariances divided by w).
fn mc_gap(data: &Dataset, w: f64) -> (f64, f64) {
    let mut data = data.clone();
    data.weights = Some(vec![w; data.x.rows()]);
    let m = train(&data, &opts(0.01, 0.5)).unwrap();
    let k = m.classes();
    let mc = McOptions {
        draws: 40_000,
        level: 0.9,
    };
    let mut scratch = vec![0.0; mc_scratch_len(k, mc.draws)];
    let (mut point, mut moderated, mut var) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    let (mut mean, mut lo, mut hi) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    let mut rng = Rng::seed_from_u64(11);
    let (mut worst, mut widest, mut pulled) = (0.0_f64, 0.0_f64, 0.0);
    for i in 0..30 {
        let (ids, vals) = data.x.row(i);
        m.predict_proba(ids, vals, &mut point).unwrap();
        m.predict_moderated(ids, vals, &mut moderated, &mut var).unwrap();
        m.predict_mc(
            ids,
            vals,
            &mut rng,
            &mc,
            &mut scratch,
            &mut mean,
            &mut lo,
            &mut hi,
        )
        .unwrap();
        assert!((moderated.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // Without the variances the same probabilities (class by class).
        let mut again = vec![0.0; k];
        m.predict_moderated(ids, vals, &mut again, &mut []).unwrap();
        for (a, b) in again.iter().zip(&moderated) {
            assert!((a - b).abs() <= 1e-15, "{a} vs {b}");
        }
        assert!((mean.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        for c in 0..k {
            assert!(var[c] > 0.0);
            assert!(lo[c] <= mean[c] && mean[c] <= hi[c]);
            worst = worst.max((mean[c] - moderated[c]).abs());
            widest = widest.max(var[c]);
        }
        // Moderation pulls the most probable class towards uniform, on average: not
        // row by row, as each logit shrinks by its own variance, and a top class
        // known more surely than its rival can gain a little from the rival's shrinking.
        let top = (0..k).max_by(|&a, &b| point[a].total_cmp(&point[b])).unwrap();
        pulled += point[top] - moderated[top];
    }
    assert!(
        pulled > 0.0,
        "moderation pushed the top classes away from uniform: {pulled}"
    );
    (worst, widest)
}

#[test]
fn monte_carlo_converges_to_the_moderated_prediction_and_is_reproducible() {
    let data = read("dense_k3", 8);
    // MacKay's approximation is good for small logit variances: ten times the
    // weight (variances / 10) brings the MC mean much closer to it.
    let (wide_gap, wide_var) = mc_gap(&data, 1.0);
    let (gap, var) = mc_gap(&data, 10.0);
    assert!(var < 0.1 * wide_var * 1.01, "{var} vs {wide_var}");
    assert!(
        gap < 0.004 && gap < wide_gap / 3.0,
        "gap {gap} (variance ≤ {var}) vs {wide_gap} (≤ {wide_var})"
    );
    let m = train(&data, &opts(0.01, 0.5)).unwrap();
    let k = m.classes();
    let (mut moderated, mut var) = (vec![0.0; k], vec![0.0; k]);
    let (mut mean, mut lo, mut hi) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    // The same seed gives the same bits; another seed other draws.
    let (ids, vals) = data.x.row(0);
    let run = |seed| {
        let mut rng = Rng::seed_from_u64(seed);
        let mut s = vec![0.0; mc_scratch_len(k, 500)];
        let o = McOptions {
            draws: 500,
            level: 0.95,
        };
        let (mut a, mut b, mut c) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
        m.predict_mc(ids, vals, &mut rng, &o, &mut s, &mut a, &mut b, &mut c)
            .unwrap();
        [a, b, c]
    };
    assert_eq!(run(5), run(5));
    assert_ne!(run(5), run(6));
    // Errors: no covariances, bad draws, level or buffers.
    let bare = train(
        &data,
        &TrainOptions {
            laplace: None,
            ..opts(0.01, 0.5)
        },
    )
    .unwrap();
    assert!(bare
        .predict_moderated(ids, vals, &mut moderated, &mut var)
        .is_err());
    let mut rng = Rng::seed_from_u64(1);
    let mut s = vec![0.0; mc_scratch_len(k, 10)];
    for (draws, level, len) in [
        (1, 0.9, mc_scratch_len(k, 1)),
        (10, 1.0, s.len()),
        (10, 0.9, s.len() - 1),
    ] {
        let o = McOptions { draws, level };
        let r = m.predict_mc(
            ids,
            vals,
            &mut rng,
            &o,
            &mut s[..len],
            &mut mean,
            &mut lo,
            &mut hi,
        );
        assert!(r.is_err(), "draws {draws} level {level} len {len}");
    }
}

#[test]
fn model_files_keep_covariances_and_version_1_files_still_load() {
    let data = read("dense_k3", 8);
    for method in [LaplaceMethod::Blocks, LaplaceMethod::Full] {
        let m = train(
            &data,
            &TrainOptions {
                laplace: Some(method),
                ..opts(0.01, 0.5)
            },
        )
        .unwrap();
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.covariance().unwrap().method(), method);
        let json = m.to_json();
        assert_eq!(json["version"], 2);
        assert_eq!(json["laplace"]["method"], format!("{method:?}").to_lowercase());
        assert!(json["weights"][0]["covariance"].is_array());
    }
    for name in ["model_v1_dense_k3", "model_v1_tips_names"] {
        let bytes = std::fs::read(root().join(format!("tests/data/{name}.bkm"))).unwrap();
        assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 1);
        let m = Model::from_bytes(&bytes).unwrap();
        assert!(m.covariance().is_none());
        let want: Value = serde_json::from_str(
            &std::fs::read_to_string(root().join(format!("tests/data/{name}.json"))).unwrap(),
        )
        .unwrap();
        // Through text, as the expected export was read (serde_json's parser may be an
        // ulp off the shortest round-trip digits; both sides then read them alike).
        let mut got: Value = serde_json::from_str(&m.to_json().to_string()).unwrap();
        assert_eq!(got["version"], 2);
        assert_eq!(got["laplace"], Value::Null);
        // Everything the version-1 export had is unchanged.
        got["version"] = want["version"].clone();
        got.as_object_mut().unwrap().remove("laplace");
        assert_eq!(got, want, "{name}");
        // Written again, it is a version-2 file with the same contents.
        let again = m.to_bytes();
        assert_eq!(u32::from_le_bytes(again[8..12].try_into().unwrap()), 2);
        assert_eq!(Model::from_bytes(&again).unwrap(), m);
    }
}

#[test]
fn a_model_without_its_covariances_is_the_model_trained_without_them() {
    let data = read("dense_k3", 8);
    let plain = train(
        &data,
        &TrainOptions {
            laplace: None,
            ..opts(0.01, 0.5)
        },
    )
    .unwrap();
    for method in [LaplaceMethod::Blocks, LaplaceMethod::Full] {
        let m = train(
            &data,
            &TrainOptions {
                laplace: Some(method),
                ..opts(0.01, 0.5)
            },
        )
        .unwrap();
        let stripped = m.without_covariance();
        assert_eq!(stripped, plain);
        assert_eq!(stripped.to_bytes(), plain.to_bytes());
        assert_eq!(
            m.covariance().unwrap().method(),
            method,
            "the original keeps them"
        );
    }
    assert_eq!(plain.without_covariance(), plain);
}

#[test]
fn overflowing_logits_are_an_error_never_nan() {
    // Issue 15, defect 10: a finite value of -1e308 (or huge finite weights) made the
    // logits overflow and the softmax compute inf - inf: NaN probabilities with success.
    let data = read("dense_k3", 8);
    let trained = train(&data, &opts(0.01, 0.5)).unwrap();
    let k = trained.classes();
    // The trained model with feature 0's weights scaled so that 1e308 overflows them.
    let mut dense = vec![0.0; 8 * k];
    for &j in trained.stored_features() {
        dense[j as usize * k..(j as usize + 1) * k].copy_from_slice(trained.weights_of(j).unwrap());
    }
    dense[..k]
        .iter_mut()
        .enumerate()
        .for_each(|(c, w)| *w = 3.0 * (c as f64 - 1.0) + 2.5);
    let m = Model::from_dense(
        trained.labels().to_vec(),
        trained.features().clone(),
        trained.intercepts().to_vec(),
        &dense,
        trained.info().clone(),
    )
    .unwrap();
    let m = laplace(&m, &data, LaplaceMethod::Blocks, None).unwrap();
    let ids = [0u32, 1, 2];
    let mut out = vec![-7.0; k];
    let mut var = vec![-7.0; k];
    for vals in [
        [-1e308, 1.0, 1.0],
        [1e308, -1e308, 1.0],
        [f64::NAN, 1.0, 1.0],
        [f64::INFINITY, 0.0, 0.0],
    ] {
        let e = m.predict_proba(&ids, &vals, &mut out).unwrap_err();
        assert!(
            e.to_string().contains("overflow") || e.to_string().contains("not finite"),
            "{e}"
        );
        assert!(m.predict_log_proba(&ids, &vals, &mut out).is_err());
        assert!(m.predict_moderated(&ids, &vals, &mut out, &mut var).is_err());
        assert!(m.predict_moderated(&ids, &vals, &mut out, &mut []).is_err());
        let (mut mean, mut lo, mut hi) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
        let mc = McOptions::default();
        let mut scratch = vec![0.0; mc_scratch_len(k, mc.draws)];
        let mut rng = Rng::seed_from_u64(1);
        assert!(m
            .predict_mc(
                &ids,
                &vals,
                &mut rng,
                &mc,
                &mut scratch,
                &mut mean,
                &mut lo,
                &mut hi
            )
            .is_err());
        assert_eq!(out, vec![-7.0; k], "untouched on error");
        assert_eq!(var, vec![-7.0; k], "untouched on error");
    }
    // Large but representable values still score, and give probabilities.
    m.predict_proba(&ids, &[1e6, -1e6, 3.0], &mut out).unwrap();
    assert!(out.iter().all(|p| p.is_finite()) && (out.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // The batch checks every row before it writes any.
    let x = bayeskit::logistic::Csr::new(vec![0, 1, 2], vec![1, 0], vec![1.0, -1e308], 8).unwrap();
    let mut batch = vec![-7.0; 2 * k];
    let e = m.predict_proba_batch(&x, &mut batch).unwrap_err();
    assert!(e.to_string().contains("row 1"), "{e}");
    assert_eq!(batch, vec![-7.0; 2 * k]);
}
