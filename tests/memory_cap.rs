//! Crafted inputs that claim huge sizes, each run in a child process under a 2 GiB
//! address-space limit (`ulimit -v`): every one must end in a clean error (or a
//! correct result), never an abort. The parent re-runs this test binary for one
//! test at a time with the limit set, so an abort fails that test alone.

use bayeskit::logistic::{FeatureSpace, Model, TrainingInfo};
use bayeskit::Error;
use std::process::Command;

/// The address-space limit of the children, in KiB.
const CAP_KIB: u64 = 2 * 1024 * 1024;
const CHILD: &str = "BK_MEMORY_CAP_CHILD";

/// Runs test `name` of this binary in a child under the limit and checks it passed.
fn run_capped(name: &str) {
    let exe = std::env::current_exe().expect("test binary");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {CAP_KIB} && exec \"$0\" --exact {name} --nocapture --test-threads=1"
        ))
        .arg(&exe)
        .env(CHILD, "1")
        .output()
        .expect("run sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{name} under a {CAP_KIB} KiB address-space limit: {:?}\n{text}",
        out.status
    );
}

/// A test whose body runs only in the capped child.
macro_rules! capped {
    ($(#[$m:meta])* fn $name:ident() $body:block) => {
        $(#[$m])*
        #[test]
        fn $name() {
            if std::env::var_os(CHILD).is_some() {
                $body
            } else {
                run_capped(stringify!($name));
            }
        }
    };
}

/// Recomputes the trailing CRC-32 after a patch.
fn recrc(b: &mut [u8]) {
    let n = b.len() - 4;
    let crc = crc32fast::hash(&b[..n]);
    b[n..].copy_from_slice(&crc.to_le_bytes());
}

fn info() -> TrainingInfo {
    TrainingInfo {
        lambda: 0.1,
        l1_ratio: 1.0,
        rows: 10,
        objective: 0.5,
        iterations: 3,
        converged: true,
        grad_norm: 1e-9,
        tol: 1e-7,
    }
}

/// A small indexed model (feature 1 stored) whose header is then made to claim
/// `p` features of `kind` with `bits`.
fn model_claiming(p: u64, kind: u32, bits: u32) -> Vec<u8> {
    let m = Model::from_dense(
        vec!["a".into(), "b".into()],
        FeatureSpace::Indexed { n: 3 },
        vec![0.1, -0.1],
        &[0.0, 0.0, 1.5, -1.5, 0.0, 0.0],
        info(),
    )
    .unwrap();
    let mut b = m.to_bytes();
    b[20..28].copy_from_slice(&p.to_le_bytes());
    b[28..32].copy_from_slice(&kind.to_le_bytes());
    b[32..36].copy_from_slice(&bits.to_le_bytes());
    recrc(&mut b);
    b
}

capped! {
    /// Issue 15, defect 1: the id table was allocated dense (4·P bytes) before P was
    /// checked against anything; a sparse id space needs no dense table.
    fn model_loader_with_a_huge_sparse_id_space() {
        for (p, kind, bits) in [(u32::MAX as u64, 0, 0), (1 << 32, 0, 0), (1 << 28, 0, 0), (1 << 30, 2, 30), (1 << 31, 2, 31)] {
            let b = model_claiming(p, kind, bits);
            assert!(b.len() < 4096);
            let m = Model::from_bytes(&b).unwrap_or_else(|e| panic!("P = {p}: {e}"));
            assert_eq!(m.features().len() as u64, p);
            assert_eq!(m.weights_of(1), Some(&[1.5, -1.5][..]));
            assert_eq!(m.weights_of(2), None);
            assert_eq!(m.weights_of((p - 1) as u32), None);
            let mut z = [0.0; 2];
            m.logits(&[0, 1, (p - 1) as u32], &[1.0, 2.0, 3.0], &mut z).unwrap();
            assert_eq!(z, [0.1 + 3.0, -0.1 - 3.0]);
            assert_eq!(Model::from_bytes(&m.to_bytes()).unwrap(), m);
        }
        let e = Model::from_bytes(&model_claiming((1 << 32) + 1, 0, 0)).unwrap_err();
        assert!(matches!(e, Error::Corrupt(_)), "{e}");
    }
}

/// A scratch directory for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("bayeskit-cap-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

mod common;
/// Runs the CLI (under the child's limit, which it inherits).
use common::run as cli;

capped! {
    /// Issue 15, defect 2: training allocated 3·K doubles per id of the feature
    /// space (34 GB for one svmlight id 2^32 − 1, 17 GB for 31 hash bits); it now
    /// needs memory per feature that occurs in the data.
    fn training_memory_follows_the_features_that_occur() {
        let d = scratch("train");
        let svm = d.join("huge_id.svm");
        std::fs::write(&svm, "1 4294967295:1\n0 1:1\n1 4294967295:1 2:0.5\n0 1:1 2:0.5\n").unwrap();
        let model = d.join("m.bkm");
        let (ok, _, err) = cli(&["logistic", "train", svm.to_str().unwrap(), "--lambda", "0.01", "--zero-based", "-o", model.to_str().unwrap()]);
        assert!(ok, "{err}");
        let m = Model::from_bytes(&std::fs::read(&model).unwrap()).unwrap();
        assert_eq!(m.features().len() as u64, 1 << 32);
        assert!(m.weights_of(u32::MAX).is_some());
        let tsv = d.join("phrases.tsv");
        std::fs::write(&tsv, "pos\tgood:2 great:1\nneg\tbad:1\npos\tgreat:1\nneg\tbad:2 awful:1\n").unwrap();
        let (ok, _, err) = cli(&["logistic", "train", tsv.to_str().unwrap(), "--hash-bits", "31", "--lambda", "0.01", "-o", model.to_str().unwrap()]);
        assert!(ok, "{err}");
        let m = Model::from_bytes(&std::fs::read(&model).unwrap()).unwrap();
        assert_eq!(m.features(), &FeatureSpace::Hashed { bits: 31, seed: 42 });
        std::fs::remove_dir_all(&d).unwrap();
    }
}

/// A small trained model with covariances and its data, for the prediction cases.
fn trained(d: &std::path::Path) -> (String, String) {
    let svm = d.join("data.svm");
    std::fs::write(&svm, "1 1:1 2:0.5\n0 2:1\n1 1:1\n0 2:1 3:1\n1 1:0.5 3:1\n0 3:1\n").unwrap();
    let model = d.join("m.bkm");
    let (ok, _, err) = cli(&[
        "logistic",
        "train",
        svm.to_str().unwrap(),
        "--lambda",
        "0.1",
        "-o",
        model.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    (model.to_str().unwrap().into(), svm.to_str().unwrap().into())
}

capped! {
    /// Issue 15, defect 3: --draws sized the MC scratch buffer unchecked (an abort at
    /// 10^12, a capacity-overflow panic at 2^64 − 1).
    fn mc_draws_beyond_the_limit_are_a_clear_error() {
        let d = scratch("draws");
        let (model, data) = trained(&d);
        for draws in ["1000000000000", "18446744073709551615", "10000001", "1"] {
            let (ok, out, err) = cli(&["logistic", "predict", &model, &data, "--uncertainty", "mc", "--draws", draws]);
            assert!(!ok, "--draws {draws} succeeded");
            assert!(out.is_empty(), "--draws {draws} printed {out:?}");
            assert!(err.contains("draws must be in 2..=10000000"), "--draws {draws}: {err}");
            assert!(!err.contains("panicked"), "{err}");
        }
        let (ok, out, err) = cli(&["logistic", "predict", &model, &data, "--uncertainty", "mc", "--draws", "200"]);
        assert!(ok, "{err}");
        assert_eq!(out.lines().count(), 7);
        std::fs::remove_dir_all(&d).unwrap();
    }
}

capped! {
    /// Issue 15, defect 4: `dirichlet fit --threads 100000` spawned that many parsers
    /// (the C API capped threads at 256; the CLI did not).
    fn parsing_threads_beyond_the_limit_are_a_clear_error() {
        let d = scratch("threads");
        let counts = d.join("counts.tsv");
        std::fs::write(&counts, "1\t2\t3\n4\t0\t1\n2\t2\t2\n0\t5\t1\n").unwrap();
        let (ok, _, err) = cli(&["dirichlet", "fit", counts.to_str().unwrap(), "--threads", "100000"]);
        assert!(!ok);
        assert!(err.contains("threads must be in 1..=256, got 100000"), "{err}");
        let (ok, _, err) = cli(&["dirichlet", "fit", counts.to_str().unwrap(), "--threads", "256"]);
        assert!(ok, "{err}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}

/// Statistics bytes: the header claiming `k` categories, then `payload`, then the CRC.
fn stats_claiming(k: u64, payload: &[u8]) -> Vec<u8> {
    let mut b = b"BKDMSTAT".to_vec();
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&k.to_le_bytes());
    b.extend_from_slice(&0u64.to_le_bytes()); // rows
    b.extend_from_slice(&0f64.to_le_bytes()); // weight
    b.extend_from_slice(payload);
    b.extend_from_slice(&[0; 4]);
    recrc(&mut b);
    b
}

capped! {
    /// Issue 15, defect 5: the statistics deserializer checked k only against the
    /// input's length and reserved 56·(k + 1) bytes: 80 MB of zeros claiming
    /// k = 8·10^7 aborted. Every histogram needs 16 bytes, and k has a limit.
    fn statistics_deserializer_bounds_k_by_its_bytes() {
        use bayeskit::dirichlet_fit::DmStats;
        use bayeskit::limits::MAX_CATEGORIES;
        let zeros = vec![0u8; 80_000_000];
        for k in [80_000_000u64, 5_000_000, u64::MAX, (1 << 20) + 1] {
            let e = DmStats::from_bytes(&stats_claiming(k, &zeros)).unwrap_err();
            assert!(matches!(e, Error::Corrupt(_)), "k = {k}: {e}");
            assert!(e.to_string().contains("implausible number of categories"), "{e}");
        }
        // The largest K loads when its K + 1 empty histograms are all there.
        let k = MAX_CATEGORIES as u64;
        let s = DmStats::from_bytes(&stats_claiming(k, &zeros[..16 * (k as usize + 1)])).unwrap();
        assert_eq!(s.categories(), MAX_CATEGORIES);
        let e = DmStats::from_bytes(&stats_claiming(k, &zeros[..16 * k as usize])).unwrap_err();
        assert!(matches!(e, Error::Corrupt(_)), "{e}");
    }
}

capped! {
    /// Issue 15, defect 6: bk_dm_stats_new(2^32) aborted, 10^8 aborted under 4 GB and
    /// SIZE_MAX was a caught panic (BK_ERR_INTERNAL). K has a documented limit, and
    /// memory that cannot be had is BK_ERR_OUT_OF_MEMORY.
    fn c_constructors_refuse_sizes_beyond_the_limits() {
        use bayeskit::ffi::*;
        for k in [1usize << 32, 100_000_000, usize::MAX, BK_MAX_CATEGORIES as usize + 1] {
            let mut s = std::ptr::null_mut();
            let st = unsafe { bk_dm_stats_new(k, &mut s) };
            assert_eq!(st, bk_status::BK_ERR_INVALID_ARGUMENT, "k = {k}");
            assert!(s.is_null());
        }
        let mut s = std::ptr::null_mut();
        assert_eq!(unsafe { bk_dm_stats_new(BK_MAX_CATEGORIES as usize, &mut s) }, bk_status::BK_OK);
        unsafe { bk_dm_stats_free(s) };
        // 65,536 classes of 65,536 rows: training's per-row state alone is 34 GB.
        let rows = BK_MAX_CLASSES as usize;
        let indptr: Vec<usize> = (0..=rows).collect();
        let ids = vec![0u32; rows];
        let values = vec![1.0; rows];
        let labels: Vec<u32> = (0..rows as u32).collect();
        let mut data = std::ptr::null_mut();
        let st = unsafe {
            bk_logistic_data_from_csr(indptr.as_ptr(), rows, ids.as_ptr(), values.as_ptr(), rows, 1,
                labels.as_ptr(), rows, std::ptr::null(), &mut data)
        };
        assert_eq!(st, bk_status::BK_OK);
        let mut model = std::ptr::null_mut();
        let st = unsafe { bk_logistic_train(data, std::ptr::null(), &mut model) };
        assert_eq!(st, bk_status::BK_ERR_OUT_OF_MEMORY);
        assert!(model.is_null());
        let mut msg = vec![0u8; 256];
        let n = unsafe { bk_last_error_message(msg.as_mut_ptr().cast(), msg.len()) };
        let msg = String::from_utf8_lossy(&msg[..n.min(255)]).into_owned();
        assert!(msg.starts_with("out of memory: training's"), "{msg}");
        unsafe { bk_logistic_data_free(data) };
    }
}
