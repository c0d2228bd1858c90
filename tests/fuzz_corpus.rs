//! Replays every committed fuzz input (`fuzz/seeds/<target>/`: the seeds, and every
//! input that ever crashed a target, kept as a regression) through the same entry
//! points the libFuzzer targets drive (`fuzz/entry_points.rs`; the C ABI's target
//! is replayed by `capi/src/fuzz_corpus_tests.rs`). Fuzzing itself is `make fuzz`;
//! this is the quick part that `make test` runs.

#[path = "../fuzz/entry_points.rs"]
mod entry_points;

#[path = "../fuzz/replay.rs"]
mod replay;

/// Replays `fuzz/seeds/<target>/` through `run`.
fn replay(target: &str, run: fn(&[u8])) {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    replay::replay(&fuzz, target, run);
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
