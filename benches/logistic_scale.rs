//! Training at scale: 10⁶ rows × 2²⁰ hashed features × 3 classes (the tip-like
//! generator of `benches/common/tips.rs`, ~25 non-zeros a row), a 20-λ path and one
//! fit at λ = 10⁻⁴, one thread: wall time and memory.
//!
//! Memory is measured two ways: the heap the training itself allocates at its peak
//! (a counting global allocator; the data set is not counted) against the size of
//! the CSR data (indptr 8 B a row, 12 B a non-zero), and the process's peak
//! resident set (VmHWM, which includes the generator's transient rows).
//!
//! `cargo bench --bench logistic_scale` (a minute or two; not criterion: one run of
//! each is long enough to time, and criterion would repeat it ten times). Under
//! `cargo test` it runs on 2,000 rows to check that it works.
#[path = "common/tips.rs"]
mod tips;

use bayeskit::logistic::{path, train, FeatureSpace, Lambdas, PathOptions, TrainOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = NOW.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        NOW.fetch_sub(l.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                let now = NOW.fetch_add(new - l.size(), Ordering::Relaxed) + new - l.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                NOW.fetch_sub(l.size() - new, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Runs `f`, returning its result, seconds, and the peak heap it added.
fn measure<T>(f: impl FnOnce() -> T) -> (T, f64, usize) {
    let base = NOW.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = Instant::now();
    let out = f();
    (
        out,
        t.elapsed().as_secs_f64(),
        PEAK.load(Ordering::Relaxed) - base,
    )
}

fn vm_hwm_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let n = if full { 1_000_000 } else { 2_000 };
    let bits = 20;
    let t = Instant::now();
    let mut data = tips::tips(n, 1 << bits, 3, 25, 7);
    data.features = FeatureSpace::Hashed { bits, seed: 42 };
    let nnz = data.x.nnz();
    let csr = (n + 1) * 8 + nnz * 12;
    let mib = |b: usize| b as f64 / (1 << 20) as f64;
    println!(
        "data: {n} rows x 2^{bits} hashed features, {nnz} non-zeros, 3 classes; CSR {:.0} MiB (generated in {:.1} s)",
        mib(csr),
        t.elapsed().as_secs_f64()
    );
    let train_opts = TrainOptions {
        lambda: 1e-4,
        laplace: None,
        ..TrainOptions::default()
    };
    let opts = PathOptions {
        lambdas: Lambdas::Grid {
            count: 20,
            min_ratio: 1e-3,
        },
        early_stop: false,
        train: train_opts.clone(),
    };
    let (p, secs, heap) = measure(|| path(&data, &opts).expect("path"));
    let last = &p.steps[p.steps.len() - 1];
    println!(
        "path, 20 lambdas from {:.4e} to {:.4e}: {secs:.1} s; training heap peak {:.0} MiB = {:.2}x the CSR; \
         last objective {:.10}, gap {:.1e}, {} non-zeros, all converged: {}",
        p.lambda_max,
        last.lambda,
        mib(heap),
        heap as f64 / csr as f64,
        last.model.info().objective,
        last.gap,
        last.model.nnz(),
        p.steps.iter().all(|s| s.model.info().converged)
    );
    assert!(p.steps.iter().all(|s| s.model.info().converged));
    drop(p);
    let (m, secs, heap) = measure(|| train(&data, &train_opts).expect("fit"));
    println!(
        "one fit at lambda 1e-4 from cold: {secs:.1} s, {} iterations; training heap peak {:.0} MiB = {:.2}x the CSR; \
         objective {:.10}, converged: {}",
        m.info().iterations,
        mib(heap),
        heap as f64 / csr as f64,
        m.info().objective,
        m.info().converged
    );
    assert!(m.info().converged);
    if let Some(hwm) = vm_hwm_mib() {
        println!("process peak resident set: {hwm:.0} MiB (includes the generator's transient rows)");
    }
}
