//! Replays every committed input of the C ABI's fuzz target
//! (`fuzz/seeds/c_buffers/`) through the entry point the libFuzzer target
//! drives (`fuzz/c_entry_points.rs`); the core's targets are replayed by
//! `tests/fuzz_corpus.rs`.

/// The C ABI, under the name `fuzz/c_entry_points.rs` expects.
mod capi {
    pub use crate::*;
}

#[path = "../../fuzz/c_entry_points.rs"]
mod c_entry_points;

#[test]
fn c_buffers() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/c_buffers");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no inputs", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        if std::panic::catch_unwind(|| c_entry_points::c_buffers(&data)).is_err() {
            panic!("c_buffers: {} fails", f.display());
        }
    }
}
