//! Logistic training: convergence, the objective against scikit-learn, exact zeros.

use bayeskit::logistic::{train, Csr, Dataset, FeatureSpace, TrainOptions};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A tip-like data set: `n` rows, `p` features, `k` classes, ~`nnz` features a row.
fn synthetic(n: usize, p: usize, k: usize, nnz: usize, seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let truth: Vec<f64> = (0..p * k)
        .map(|_| {
            if rng.random::<f64>() < 0.1 {
                rng.random_range(-2.0..2.0)
            } else {
                0.0
            }
        })
        .collect();
    let mut rows = Vec::new();
    let mut y = Vec::new();
    for _ in 0..n {
        let mut row: Vec<(u32, f64)> = (0..nnz)
            .map(|_| (rng.random_range(0..p as u32), rng.random_range(1..3) as f64))
            .collect();
        row.sort_by_key(|r| r.0);
        row.dedup_by_key(|r| r.0);
        let mut z = vec![0.0; k];
        for &(j, x) in &row {
            for c in 0..k {
                z[c] += x * truth[j as usize * k + c];
            }
        }
        let m = z.iter().cloned().fold(f64::MIN, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let s: f64 = e.iter().sum();
        let mut u = rng.random::<f64>() * s;
        let mut c = 0;
        while c + 1 < k && u > e[c] {
            u -= e[c];
            c += 1;
        }
        y.push(c as u32);
        rows.push(row);
    }
    let x = Csr::from_rows(rows.iter().map(|r| r.as_slice()), p).unwrap();
    Dataset {
        x,
        y,
        weights: None,
        classes: (0..k).map(|c| c.to_string()).collect(),
        features: FeatureSpace::Indexed { n: p },
    }
}

#[test]
fn converges_on_a_tip_like_problem() {
    let d = synthetic(2000, 500, 3, 10, 1);
    let t = std::time::Instant::now();
    let m = train(
        &d,
        &TrainOptions {
            lambda: 1e-3,
            l1_ratio: 0.5,
            tol: 1e-9,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    let info = m.info();
    eprintln!("{:?} nnz {} in {:?}", info, m.nnz(), t.elapsed());
    assert!(info.converged);
    assert!(info.grad_norm <= 1e-9);
}

fn small_model() -> bayeskit::logistic::Model {
    let d = synthetic(300, 40, 3, 5, 2);
    train(
        &d,
        &TrainOptions {
            lambda: 0.01,
            l1_ratio: 0.8,
            tol: 1e-8,
            ..TrainOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn model_bytes_round_trip_and_reject_corruption() {
    use bayeskit::logistic::Model;
    let m = small_model();
    assert!(m.stored_features().len() < 40, "L1 leaves some features out");
    let bytes = m.to_bytes();
    assert_eq!(Model::from_bytes(&bytes).unwrap(), m);
    for len in 0..bytes.len() {
        assert!(
            matches!(Model::from_bytes(&bytes[..len]), Err(bayeskit::Error::Corrupt(_))),
            "prefix {len}"
        );
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        assert!(Model::from_bytes(&b).is_err(), "flipped byte {i}");
    }
    // A valid checksum over inconsistent contents is still refused: K = 1.
    let mut bad = bytes[..bytes.len() - 4].to_vec();
    bad[16..20].copy_from_slice(&1u32.to_le_bytes());
    let crc = crc32fast::hash(&bad);
    bad.extend_from_slice(&crc.to_le_bytes());
    assert!(Model::from_bytes(&bad)
        .unwrap_err()
        .to_string()
        .contains("inconsistent"));
    let j = m.to_json();
    assert_eq!(j["classes"].as_array().unwrap().len(), 3);
    assert_eq!(j["weights"].as_array().unwrap().len(), m.stored_features().len());
}

#[test]
fn training_rejects_bad_input() {
    let d = synthetic(50, 10, 3, 3, 3);
    for bad in [
        TrainOptions {
            lambda: -1.0,
            ..TrainOptions::default()
        },
        TrainOptions {
            lambda: f64::NAN,
            ..TrainOptions::default()
        },
        TrainOptions {
            l1_ratio: 1.5,
            ..TrainOptions::default()
        },
        TrainOptions {
            tol: 0.0,
            ..TrainOptions::default()
        },
        TrainOptions {
            max_iter: 0,
            ..TrainOptions::default()
        },
        TrainOptions {
            class_weights: Some(vec![1.0, 1.0]),
            ..TrainOptions::default()
        },
        TrainOptions {
            class_weights: Some(vec![1.0, -1.0, 1.0]),
            ..TrainOptions::default()
        },
    ] {
        assert!(train(&d, &bad).is_err(), "{bad:?}");
    }
    let mut one_class = d.clone();
    one_class.y.iter_mut().for_each(|y| *y = 1);
    assert!(train(&one_class, &TrainOptions::default())
        .unwrap_err()
        .to_string()
        .contains("two classes"));
    let mut empty = d.clone();
    empty.x = Csr::new(vec![0], vec![], vec![], 10).unwrap();
    empty.y.clear();
    assert!(train(&empty, &TrainOptions::default()).is_err());
    let mut zero_w = d.clone();
    zero_w.weights = Some(vec![0.0; 50]);
    assert!(train(&zero_w, &TrainOptions::default()).is_err());
    assert!(Csr::new(vec![0, 1], vec![0], vec![f64::INFINITY], 1).is_err());
}

#[test]
fn log_loss_comes_from_logits_even_when_the_probability_rounds_to_zero() {
    use bayeskit::logistic::{evaluate, EvalOptions, Model, TrainingInfo};
    let info = TrainingInfo {
        lambda: 0.0,
        l1_ratio: 0.0,
        rows: 0,
        objective: 0.0,
        iterations: 0,
        converged: true,
        grad_norm: 0.0,
        tol: 1e-7,
    };
    // Feature 0 pushes class 0 by 800 logits: p(class 1 | x0) = e^-800, 0 in f64.
    let m = Model::from_dense(
        vec!["a".into(), "b".into()],
        FeatureSpace::Indexed { n: 1 },
        vec![0.0, 0.0],
        &[800.0, 0.0],
        info,
    )
    .unwrap();
    let x = Csr::new(vec![0, 1, 2], vec![0, 0], vec![1.0, 1.0], 1).unwrap();
    let data = Dataset {
        x,
        y: vec![0, 1],
        weights: None,
        classes: vec!["a".into(), "b".into()],
        features: FeatureSpace::Indexed { n: 1 },
    };
    let e = evaluate(&m, &data, &EvalOptions::default()).unwrap();
    // From the logits the impossible row costs exactly 800 nats (its probability
    // rounds to 0, which a probability-based loss would turn into ∞ or, clipped
    // silently, into a small number).
    assert_eq!(e.log_loss, 400.0);
    assert_eq!(e.accuracy, 0.5);
    let c = evaluate(&m, &data, &EvalOptions { clip: Some(1e-15) }).unwrap();
    assert_eq!(c.clipped, 1);
    assert!((c.log_loss - (-(1e-15f64).ln()) / 2.0).abs() < 1e-12);
    // Row 0's loss is log(1 + e^-800) ≈ 0 exactly as the logits say, not log(1.0) by luck.
    let mut lp = [0.0; 2];
    m.predict_log_proba(&[0], &[1.0], &mut lp).unwrap();
    assert_eq!(lp[1], -800.0);
}

#[test]
fn concurrent_scoring_equals_sequential() {
    let d = synthetic(2000, 200, 4, 8, 9);
    let m = train(
        &d,
        &TrainOptions {
            lambda: 1e-3,
            tol: 1e-6,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    let mut seq = vec![0.0; d.x.rows() * 4];
    m.predict_proba_batch(&d.x, &mut seq).unwrap();
    let results: Vec<Vec<f64>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let (m, d) = (&m, &d);
                s.spawn(move || {
                    let mut out = vec![0.0; d.x.rows() * 4];
                    // Each thread starts at a different row.
                    let mut p = [0.0; 4];
                    for r in 0..d.x.rows() {
                        let i = (r + t * 487) % d.x.rows();
                        let (ids, vals) = d.x.row(i);
                        m.predict_proba(ids, vals, &mut p).unwrap();
                        out[i * 4..(i + 1) * 4].copy_from_slice(&p);
                    }
                    out
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for r in results {
        assert!(r.iter().zip(&seq).all(|(a, b)| a.to_bits() == b.to_bits()));
    }
}

#[test]
fn exact_zeros_are_not_stored_and_lasso_is_sparse() {
    let d = synthetic(1000, 300, 3, 6, 5);
    let m = train(
        &d,
        &TrainOptions {
            lambda: 0.02,
            l1_ratio: 1.0,
            tol: 1e-9,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    assert!(m.info().converged);
    assert!(
        m.stored_features().len() < 300 / 2,
        "{} stored",
        m.stored_features().len()
    );
    for &j in m.stored_features() {
        assert!(m.weights_of(j).unwrap().iter().any(|&w| w != 0.0));
    }
    let unstored = (0..300u32).find(|j| !m.stored_features().contains(j)).unwrap();
    assert!(m.weights_of(unstored).is_none());
    // A huge λ leaves only the intercepts: the class shares.
    let m = train(
        &d,
        &TrainOptions {
            lambda: 10.0,
            l1_ratio: 1.0,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    assert_eq!(m.nnz(), 0);
}

#[test]
fn csr_rejects_offsets_past_the_entries() {
    assert!(Csr::new(vec![0, 10, 3], vec![0, 1, 2], vec![1.0; 3], 3).is_err());
    assert!(Csr::new(vec![0, 2, 1], vec![0, 1], vec![1.0; 2], 3).is_err());
}

#[test]
fn threads_do_not_change_the_model() {
    let d = synthetic(3000, 5000, 3, 12, 21);
    let o = TrainOptions {
        lambda: 5e-4,
        tol: 1e-8,
        ..TrainOptions::default()
    };
    let one = train(&d, &o).unwrap();
    let two = train(
        &d,
        &TrainOptions {
            threads: 2,
            ..o.clone()
        },
    )
    .unwrap();
    let three = train(&d, &TrainOptions { threads: 3, ..o }).unwrap();
    assert_eq!(one.to_bytes(), two.to_bytes());
    assert_eq!(one.to_bytes(), three.to_bytes());
}

/// `bytes` with the f64 at `offset` replaced and the CRC recomputed.
fn with_f64(bytes: &[u8], offset: usize, v: f64) -> Vec<u8> {
    let mut b = bytes[..bytes.len() - 4].to_vec();
    b[offset..offset + 8].copy_from_slice(&v.to_le_bytes());
    let crc = crc32fast::hash(&b);
    b.extend_from_slice(&crc.to_le_bytes());
    b
}

#[test]
fn impossible_training_metadata_is_corrupt() {
    // Issue 15, defect 11: λ = NaN or −1, ρ = 7, tol = −1 loaded, and the Laplace
    // approximation of such a model gave all-zero or inflated covariances.
    use bayeskit::logistic::Model;
    let bytes = small_model().to_bytes();
    // Offsets of docs/model-format.md: lambda 48, l1_ratio 56, objective 72, grad_norm 88, tol 96.
    for (offset, v, field) in [
        (48, f64::NAN, "lambda"),
        (48, -1.0, "lambda"),
        (48, f64::INFINITY, "lambda"),
        (56, 7.0, "l1_ratio"),
        (56, -0.5, "l1_ratio"),
        (96, -1.0, "tol"),
        (96, 0.0, "tol"),
        (72, f64::NAN, "objective"),
        (88, -1.0, "grad_norm"),
    ] {
        let e = Model::from_bytes(&with_f64(&bytes, offset, v)).unwrap_err();
        assert!(matches!(e, bayeskit::Error::Corrupt(_)), "{field} = {v}: {e}");
        assert!(e.to_string().contains(field), "{field} = {v}: {e}");
    }
    assert!(
        Model::from_bytes(&with_f64(&bytes, 48, 0.0)).is_ok(),
        "lambda = 0 is allowed"
    );
    assert!(
        Model::from_bytes(&with_f64(&bytes, 56, 1.0)).is_ok(),
        "the lasso is allowed"
    );
}

#[test]
fn non_canonical_model_files_are_corrupt() {
    // Issue 15, defect 15: bits and seed set for a non-hashed space, duplicate labels
    // and labels with NUL loaded.
    use bayeskit::logistic::Model;
    let bytes = small_model().to_bytes();
    let patched = |offset: usize, with: &[u8]| {
        let mut b = bytes[..bytes.len() - 4].to_vec();
        b[offset..offset + with.len()].copy_from_slice(with);
        let crc = crc32fast::hash(&b);
        b.extend_from_slice(&crc.to_le_bytes());
        Model::from_bytes(&b)
    };
    // Labels "0", "1", "2" start at 104, each a u32 length and one byte.
    assert_eq!(&bytes[104..109], &[1, 0, 0, 0, b'0']);
    for (offset, with, why) in [
        (32, &3u32.to_le_bytes()[..], "not hashed"),
        (36, &42u32.to_le_bytes()[..], "not hashed"),
        (113, &b"0"[..], "appears twice"),
        (113, &b"\0"[..], "NUL"),
    ] {
        let e = patched(offset, with).unwrap_err();
        assert!(
            matches!(e, bayeskit::Error::Corrupt(_)) && e.to_string().contains(why),
            "{why}: {e}"
        );
    }
}

/// Dense features far from 0 (x ≈ 100 ± 1, as scikit-learn's estimator checks use):
/// each weight's direction is nearly the intercept's. The intercept is not penalised,
/// so centring the columns changes only the intercepts at the optimum; training on
/// the raw and on the centred columns must reach the same weights and objective,
/// and both must converge to the default tolerance.
#[test]
fn features_far_from_zero_converge_like_centred_ones() {
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let (n, p) = (300, 4);
    let raw: Vec<Vec<f64>> = (0..n)
        .map(|_| (0..p).map(|_| 100.0 + rng.random_range(-1.0..1.0)).collect())
        .collect();
    let y: Vec<u32> = raw
        .iter()
        .map(|r| {
            let z = 2.0 * (r[0] - 100.0) - 1.5 * (r[1] - 100.0);
            u32::from(rng.random::<f64>() < 1.0 / (1.0 + (-z).exp()))
        })
        .collect();
    let means: Vec<f64> = (0..p)
        .map(|j| raw.iter().map(|r| r[j]).sum::<f64>() / n as f64)
        .collect();
    let data = |centre: bool| {
        let rows: Vec<Vec<(u32, f64)>> = raw
            .iter()
            .map(|r| {
                (0..p)
                    .map(|j| (j as u32, if centre { r[j] - means[j] } else { r[j] }))
                    .collect()
            })
            .collect();
        Dataset {
            x: Csr::from_rows(rows.iter().map(|r| r.as_slice()), p).unwrap(),
            y: y.clone(),
            weights: None,
            classes: vec!["0".into(), "1".into()],
            features: FeatureSpace::Indexed { n: p },
        }
    };
    let opts = TrainOptions {
        lambda: 1e-3,
        laplace: None,
        ..TrainOptions::default()
    };
    let (a, b) = (
        train(&data(false), &opts).unwrap(),
        train(&data(true), &opts).unwrap(),
    );
    for m in [&a, &b] {
        assert!(m.info().converged, "{:?}", m.info());
        assert!(m.info().iterations <= 30, "{:?}", m.info());
    }
    assert!(
        (a.info().objective - b.info().objective).abs() < 1e-12,
        "{:?} {:?}",
        a.info(),
        b.info()
    );
    for j in 0..p as u32 {
        for c in 0..2 {
            let (wa, wb) = (a.contrast(j, c).unwrap_or(0.0), b.contrast(j, c).unwrap_or(0.0));
            assert!((wa - wb).abs() < 1e-6, "feature {j} class {c}: {wa} vs {wb}");
        }
    }
}
