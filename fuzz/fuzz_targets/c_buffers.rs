//! libFuzzer target: see `c_entry_points.rs` (shared with the C ABI's corpus
//! replay test). The C ABI is compiled into this target as a module, so that
//! libFuzzer instruments it.
#![no_main]

// Only the buffer-filling entry points are driven from here.
#[allow(dead_code, unused_imports)]
#[path = "../../capi/src/lib.rs"]
mod capi;
#[path = "../c_entry_points.rs"]
mod c_entry_points;

libfuzzer_sys::fuzz_target!(|data: &[u8]| c_entry_points::c_buffers(data));
