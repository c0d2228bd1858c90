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

#[path = "../../fuzz/replay.rs"]
mod replay;

#[test]
fn c_buffers() {
    let fuzz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    replay::replay(&fuzz, "c_buffers", c_entry_points::c_buffers);
}
