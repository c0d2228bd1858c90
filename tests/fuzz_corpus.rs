//! Replays every committed fuzz input (`fuzz/seeds/<target>/`: the seeds, and every
//! input that ever crashed a target, kept as a regression) through the same entry
//! points the libFuzzer targets drive (`fuzz/entry_points.rs`; the C ABI's target
//! is replayed by `capi/src/fuzz_corpus_tests.rs`). Fuzzing itself is `make fuzz`;
//! this is the quick part that `make test` runs.

#[path = "../fuzz/entry_points.rs"]
mod entry_points;

use std::path::Path;

/// Feeds every file of `fuzz/seeds/<target>/` to `run`, naming the file on a panic.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if std::panic::catch_unwind(|| run(&data)).is_err() {
            panic!("{target}: {} fails", f.display());
        }
    }
}

#[test]
fn model_loader() {
    replay("model_loader", entry_points::model_loader);
}

#[test]
fn stats_deserializer() {
    replay("stats_deserializer", entry_points::stats_deserializer);
}

#[test]
fn svmlight() {
    replay("svmlight", entry_points::svmlight);
}

#[test]
fn phrases() {
    replay("phrases", entry_points::phrases);
}

#[test]
fn counts() {
    replay("counts", entry_points::counts);
}
