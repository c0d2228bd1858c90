//! Replays every committed input of one fuzz target (`fuzz/seeds/<target>/`:
//! the seeds, and every input that ever crashed the target, kept as a
//! regression) through its entry point, naming the file that panics. Shared,
//! through `#[path]`, by `tests/fuzz_corpus.rs` (the core's targets) and
//! `capi/src/fuzz_corpus_tests.rs` (the C ABI's).

use std::path::Path;

/// Feeds every file of `seeds/<target>/` below `fuzz_dir` to `run`.
pub fn replay(fuzz_dir: &Path, target: &str, run: fn(&[u8])) {
    let dir = fuzz_dir.join("seeds").join(target);
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
