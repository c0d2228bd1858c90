//! What each fuzz target does with an input. Shared, through `#[path]`, by the
//! libFuzzer targets in `fuzz_targets/` and by `tests/fuzz_corpus.rs`, which
//! replays every committed input in `fuzz/seeds/<target>/` in `make test`.
//!
//! Each entry point feeds the input to a reader or a C entry point and checks
//! what must hold for any input: no panic, no abort, no out-of-bounds write to a
//! caller's buffer, and for what is accepted, a result that round-trips and holds
//! no NaN reported as success.
#![allow(dead_code)]

use bayeskit::dirichlet_fit::{fit, read_stats_from, DmStats, FitOptions, Outcome, ReadOptions};
use bayeskit::ffi::*;
use bayeskit::logistic::{
    read_phrases_from, read_svmlight_from, IdBase, Model, PhraseFeatures, PhraseOptions, SvmlightOptions,
};

/// A byte a caller's buffer is filled with, to see that nothing is written past its end.
const CANARY: u8 = 0xA5;

/// The structure-aware mutation of a checksummed file (model or statistics):
/// `mutate` (libFuzzer's) changes the bytes before the trailing CRC-32, which is
/// then recomputed, so the structural checks behind the checksum are exercised.
pub fn mutate_with_crc(
    data: &mut [u8],
    size: usize,
    max_size: usize,
    mutate: fn(&mut [u8], usize, usize) -> usize,
) -> usize {
    if size < 4 || max_size < 4 {
        return mutate(data, size, max_size);
    }
    let body = mutate(&mut data[..max_size - 4], size - 4, max_size - 4);
    let crc = crc32fast::hash(&data[..body]);
    data[body..body + 4].copy_from_slice(&crc.to_le_bytes());
    body + 4
}

/// Scores one row made of the model's stored features and checks the probabilities.
fn score(m: &Model) {
    let ids: Vec<u32> = m.stored_features().iter().copied().take(8).collect();
    let values: Vec<f64> = ids.iter().map(|&j| 1.0 + f64::from(j % 3)).collect();
    let mut p = vec![0.0; m.classes()];
    if m.predict_proba(&ids, &values, &mut p).is_ok() {
        assert!(
            p.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)),
            "{p:?}"
        );
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
    }
}

/// The model loader: whatever loads round-trips and scores to probabilities.
pub fn model_loader(data: &[u8]) {
    if let Ok(m) = Model::from_bytes(data) {
        // Compared as bytes: a model may hold a NaN (the gradient norm of an
        // unconverged run), which == never equals.
        let bytes = m.to_bytes();
        let again = Model::from_bytes(&bytes).expect("a loaded model round-trips");
        assert_eq!(again.to_bytes(), bytes);
        score(&m);
        let _ = m.to_json();
    }
}

/// The statistics deserializer: whatever loads round-trips, and a fit of it is
/// either an error or an outcome whose CONVERGED numbers are finite.
pub fn stats_deserializer(data: &[u8]) {
    if let Ok(s) = DmStats::from_bytes(data) {
        assert_eq!(DmStats::from_bytes(&s.to_bytes()).expect("round trip"), s);
        check_fit(&s);
    }
}

fn check_fit(s: &DmStats) {
    if s.categories() > 64 {
        return;
    }
    let opts = FitOptions {
        max_iter: 30,
        drop_empty: true,
        ..FitOptions::default()
    };
    if let Ok(f) = fit(s, &opts) {
        if f.outcome == Outcome::Converged {
            assert!(f.loglik.is_finite(), "{f:?}");
            assert!(f.alpha.iter().all(|a| a.is_finite()), "{f:?}");
            assert!(f.std_errors.iter().all(|e| e.is_finite()), "{f:?}");
            let total: f64 = f.mean.iter().sum();
            assert!((total - 1.0).abs() < 1e-9, "{f:?}");
        }
    }
}

/// The svmlight reader, in the three id bases.
pub fn svmlight(data: &[u8]) {
    for id_base in [IdBase::Auto, IdBase::Zero, IdBase::One] {
        let opts = SvmlightOptions {
            id_base,
            ..SvmlightOptions::default()
        };
        if let Ok((d, _)) = read_svmlight_from(data, "fuzz.svm", &opts) {
            d.validate().expect("a read data set is valid");
        }
    }
}

/// The phrase TSV reader, with a dictionary and with hashing.
pub fn phrases(data: &[u8]) {
    for features in [
        PhraseFeatures::Dictionary {
            max_features: Some(50),
            min_count: 1,
        },
        PhraseFeatures::Hashing { bits: 18, seed: 42 },
    ] {
        let opts = PhraseOptions {
            features,
            skip_bad: data.first().is_some_and(|b| b & 1 == 1),
        };
        if let Ok((d, _)) = read_phrases_from(data, "fuzz.tsv", &opts) {
            d.validate().expect("a read data set is valid");
        }
    }
}

/// The count reader (on two threads), then a fit of what it read.
pub fn counts(data: &[u8]) {
    let opts = ReadOptions {
        threads: 2,
        skip_bad: data.first().is_some_and(|b| b & 1 == 1),
        ..ReadOptions::default()
    };
    if let Ok((s, _)) = read_stats_from(data, "fuzz.tsv", &opts, &mut |_| {}) {
        assert_eq!(DmStats::from_bytes(&s.to_bytes()).expect("round trip"), s);
        check_fit(&s);
    }
}

/// A caller's buffer of `cap` bytes followed by canaries.
struct Guarded {
    buf: Vec<u8>,
    cap: usize,
}

impl Guarded {
    fn new(cap: usize) -> Self {
        Guarded {
            buf: vec![CANARY; cap + 64],
            cap,
        }
    }

    fn ptr(&mut self) -> *mut u8 {
        self.buf.as_mut_ptr()
    }

    fn intact(&self) -> bool {
        self.buf[self.cap..].iter().all(|&b| b == CANARY)
    }
}

/// C entry points that take caller buffers, with sizes taken from the input:
/// the size-query protocol of the serialisers, error messages, labels, and batch
/// scoring with caller-given CSR offsets.
pub fn c_buffers(data: &[u8]) {
    let Some((&op, rest)) = data.split_first() else {
        return;
    };
    let cap = rest.first().map_or(0, |&c| c as usize * 3);
    unsafe {
        match op % 4 {
            0 => {
                let mut m = std::ptr::null_mut();
                if bk_logistic_model_from_bytes(rest.as_ptr(), rest.len(), &mut m) == bk_status::BK_OK {
                    size_query(cap, |buf, cap, len| bk_logistic_model_to_bytes(m, buf, cap, len));
                    let mut len = 0;
                    let mut lg = Guarded::new(cap % 17);
                    let _ = bk_logistic_model_label(m, cap % 3, lg.ptr().cast(), lg.cap, &mut len);
                    assert!(lg.intact(), "label wrote past cap");
                    batch(m, rest);
                    bk_logistic_model_free(m);
                }
            }
            1 => {
                let mut s = std::ptr::null_mut();
                if bk_dm_stats_deserialize(rest.as_ptr(), rest.len(), &mut s) == bk_status::BK_OK {
                    size_query(cap, |buf, cap, len| bk_dm_stats_serialize(s, buf, cap, len));
                    bk_dm_stats_free(s);
                }
            }
            2 => {
                // Any failure, then its message into a short buffer.
                let mut m = std::ptr::null_mut();
                let _ = bk_logistic_model_from_bytes(rest.as_ptr(), rest.len(), &mut m);
                bk_logistic_model_free(m);
                let mut g = Guarded::new(cap % 64);
                let n = bk_last_error_message(g.ptr().cast(), g.cap);
                assert!(g.intact(), "last_error_message wrote past cap");
                if g.cap > 0 {
                    assert_eq!(g.buf[n.min(g.cap - 1)], 0, "NUL-terminated");
                }
            }
            _ => {
                let mut m = std::ptr::null_mut();
                let model = fixed_model();
                assert_eq!(
                    bk_logistic_model_from_bytes(model.as_ptr(), model.len(), &mut m),
                    bk_status::BK_OK
                );
                batch(m, rest);
                bk_logistic_model_free(m);
            }
        }
    }
}

/// The size-query protocol of a serialiser `f(buf, cap, len)`: a NULL query gives
/// the size, a buffer of `cap` bytes (at most the size + 8) is written within its
/// cap, and the call succeeds exactly when the buffer is large enough.
fn size_query(cap: usize, f: impl Fn(*mut u8, usize, *mut usize) -> bk_status) {
    let mut need = 0;
    assert_eq!(f(std::ptr::null_mut(), 0, &mut need), bk_status::BK_OK);
    let mut g = Guarded::new(cap.min(need + 8));
    let mut len = 0;
    let st = f(g.ptr(), g.cap, &mut len);
    assert!(g.intact(), "a serialiser wrote past cap");
    assert_eq!(len, need);
    assert_eq!(st == bk_status::BK_OK, g.cap >= need);
}

/// A small model with covariances, for batch scoring.
fn fixed_model() -> Vec<u8> {
    use bayeskit::logistic::{laplace, Csr, Dataset, FeatureSpace, LaplaceMethod, TrainingInfo};
    let info = TrainingInfo {
        lambda: 0.1,
        l1_ratio: 0.5,
        rows: 4,
        objective: 0.5,
        iterations: 3,
        converged: true,
        grad_norm: 1e-9,
        tol: 1e-7,
    };
    let w = [0.5, -0.5, 0.0, 2.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.25, 0.25, -0.5];
    let m = Model::from_dense(
        vec!["a".into(), "b".into(), "c".into()],
        FeatureSpace::Indexed { n: 4 },
        vec![0.1, 0.0, -0.1],
        &w,
        info,
    )
    .unwrap();
    let x = Csr::new(vec![0, 2, 3, 5, 6], vec![0, 1, 1, 0, 3, 3], vec![1.0; 6], 4).unwrap();
    let d = Dataset {
        x,
        y: vec![0, 1, 2, 0],
        weights: None,
        classes: m.labels().to_vec(),
        features: FeatureSpace::Indexed { n: 4 },
    };
    laplace(&m, &d, LaplaceMethod::Blocks, None).unwrap().to_bytes()
}

/// Batch scoring of CSR arrays decoded from `bytes` (offsets unchecked by the
/// decoder: the library must refuse bad ones) into guarded output buffers.
unsafe fn batch(m: *mut bk_logistic_model, bytes: &[u8]) {
    let mut k = 0;
    assert_eq!(bk_logistic_model_classes(m, &mut k), bk_status::BK_OK);
    let n_rows = bytes.get(1).map_or(0, |&b| (b % 8) as usize);
    let nnz = bytes.get(2).map_or(0, |&b| (b % 16) as usize);
    let byte = |i: usize| bytes.get(3 + i).copied().unwrap_or(0);
    let indptr: Vec<usize> = (0..=n_rows).map(|i| (byte(i) % 20) as usize).collect();
    let ids: Vec<u32> = (0..nnz).map(|i| u32::from(byte(10 + i)) * 3).collect();
    let values: Vec<f64> = (0..nnz)
        .map(|i| match byte(30 + i) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => 1e308,
            3 => -1e308,
            b => f64::from(b) / 16.0 - 4.0,
        })
        .collect();
    let out_len = n_rows * k;
    let mut out = vec![-7.0; out_len + 8];
    let mut var = vec![-7.0; out_len + 8];
    let st = bk_logistic_model_predict_proba_batch(
        m,
        indptr.as_ptr(),
        n_rows,
        ids.as_ptr(),
        values.as_ptr(),
        nnz,
        out.as_mut_ptr(),
        k,
    );
    check_outputs(st, &out, out_len);
    out.iter_mut().for_each(|v| *v = -7.0);
    let st = bk_logistic_model_predict_moderated_batch(
        m,
        indptr.as_ptr(),
        n_rows,
        ids.as_ptr(),
        values.as_ptr(),
        nnz,
        out.as_mut_ptr(),
        var.as_mut_ptr(),
        k,
    );
    check_outputs(st, &out, out_len);
    assert!(
        var[out_len..].iter().all(|&v| v == -7.0),
        "variances written past the end"
    );
}

/// Nothing past the output, probabilities on success, untouched on failure.
fn check_outputs(st: bk_status, out: &[f64], len: usize) {
    assert!(out[len..].iter().all(|&v| v == -7.0), "written past the end");
    if st == bk_status::BK_OK {
        assert!(
            out[..len]
                .iter()
                .all(|v| v.is_finite() && (0.0..=1.0).contains(v)),
            "{out:?}"
        );
    } else {
        assert!(
            out[..len].iter().all(|&v| v == -7.0),
            "half-written on {st:?}: {out:?}"
        );
    }
}
