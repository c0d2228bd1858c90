//! What the C ABI's fuzz target does with an input: C entry points that take
//! caller buffers. Shared, through `#[path]`, by `fuzz_targets/c_buffers.rs`
//! and by the C ABI's corpus replay test (`capi/src/fuzz_corpus_tests.rs`);
//! both name the C ABI's items `super::capi`.
#![allow(dead_code)]

use super::capi::*;
use bayeskit::logistic::Model;

/// A byte a caller's buffer is filled with, to see that nothing is written past its end.
const CANARY: u8 = 0xA5;

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
                if bk_logistic_model_from_bytes(rest.as_ptr(), rest.len(), &mut m) == BK_OK {
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
                if bk_dm_stats_deserialize(rest.as_ptr(), rest.len(), &mut s) == BK_OK {
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
                    BK_OK
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
    assert_eq!(f(std::ptr::null_mut(), 0, &mut need), BK_OK);
    let mut g = Guarded::new(cap.min(need + 8));
    let mut len = 0;
    let st = f(g.ptr(), g.cap, &mut len);
    assert!(g.intact(), "a serialiser wrote past cap");
    assert_eq!(len, need);
    assert_eq!(st == BK_OK, g.cap >= need);
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
///
/// # Safety
/// `m` is a live model handle.
unsafe fn batch(m: *mut bk_logistic_model, bytes: &[u8]) {
    unsafe {
        let mut k = 0;
        assert_eq!(bk_logistic_model_classes(m, &mut k), BK_OK);
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
}

/// Nothing past the output, probabilities on success, untouched on failure.
fn check_outputs(st: bk_status, out: &[f64], len: usize) {
    assert!(out[len..].iter().all(|&v| v == -7.0), "written past the end");
    if st == BK_OK {
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
