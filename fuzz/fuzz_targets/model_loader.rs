//! libFuzzer target: see `entry_points.rs` (shared with the corpus replay test).
//! Structure-aware: the mutator mutates the bytes before the CRC and then
//! recomputes it, so nearly every input gets past the checksum to the structural
//! checks (raw mutations would almost all stop at the CRC).
#![no_main]

#[path = "../entry_points.rs"]
mod entry_points;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry_points::model_loader(data));

libfuzzer_sys::fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, _seed: u32| {
    entry_points::mutate_with_crc(data, size, max_size, libfuzzer_sys::fuzzer_mutate)
});
