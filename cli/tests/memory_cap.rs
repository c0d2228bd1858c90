//! The CLI's cases of the memory-cap tests (see `tests/memory_cap.rs` at the
//! repository root): sizes from arguments and files, under a 2 GiB
//! address-space limit, end in a clean error, never an abort.

use bayeskit::logistic::{FeatureSpace, Model};

#[path = "../../tests/common/capped.rs"]
#[macro_use]
mod capped;
mod common;

/// A scratch directory for one test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("bayeskit-cap-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

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
