//! The Rust side of `benches/bench.py --dump DIR`: the core's batch and single-row
//! scoring of the same model file and CSR rows, without Python, so the binding's
//! overhead is a ratio measured on one machine at one time.
//!
//! `cargo run --release --example rust_batch -- DIR`

use bayeskit::logistic::{Csr, Model};
use std::time::Instant;

fn read(dir: &str, name: &str) -> Vec<u8> {
    std::fs::read(format!("{dir}/{name}")).unwrap_or_else(|e| panic!("{dir}/{name}: {e}"))
}

fn words<const N: usize>(b: &[u8]) -> impl Iterator<Item = [u8; N]> + '_ {
    b.chunks_exact(N).map(|c| c.try_into().expect("N bytes"))
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: rust_batch DIR (written by bench.py --dump DIR)");
    let m = Model::from_bytes(&read(&dir, "model.bkm")).expect("model");
    let indptr: Vec<usize> = words::<8>(&read(&dir, "indptr.bin"))
        .map(|w| u64::from_le_bytes(w) as usize)
        .collect();
    let idx: Vec<u32> = words::<4>(&read(&dir, "indices.bin"))
        .map(u32::from_le_bytes)
        .collect();
    let val: Vec<f64> = words::<8>(&read(&dir, "data.bin"))
        .map(f64::from_le_bytes)
        .collect();
    let n = indptr.len() - 1;
    let k = m.classes();
    let x = Csr::new(indptr.clone(), idx.clone(), val.clone(), m.features().len()).expect("rows");
    let mut out = vec![0.0; n * k];
    let mut best = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        m.predict_proba_batch(&x, &mut out).expect("scores");
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "rust predict_proba_batch  {:8.2} ms  {:6.2} M rows/s",
        best * 1e3,
        n as f64 / best / 1e6
    );
    let (a, b) = (indptr[12345 % n], indptr[12345 % n + 1]);
    let mut o = vec![0.0; k];
    let reps = 1_000_000;
    let t = Instant::now();
    for _ in 0..reps {
        m.predict_proba(
            std::hint::black_box(&idx[a..b]),
            std::hint::black_box(&val[a..b]),
            &mut o,
        )
        .expect("scores");
    }
    println!(
        "rust single row           {:8.0} ns",
        t.elapsed().as_secs_f64() / reps as f64 * 1e9
    );
}
