//! Hot paths do not allocate: a counting global allocator around updates,
//! quantiles and comparisons.

use bayeskit::{compare, Beta, Gamma, Hypotheses, NormalKnownVariance};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        System.realloc(p, l, n)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCS.load(Ordering::SeqCst);
    f();
    ALLOCS.load(Ordering::SeqCst) - before
}

#[test]
fn updates_quantiles_and_comparisons_do_not_allocate() {
    let mut h = Hypotheses::from_probabilities(&[0.01, 0.99]).unwrap();
    let n = allocations(|| {
        let mut b = Beta::new(1.0, 1.0).unwrap();
        b.update(3.0, 10.0).unwrap();
        b.observe(true);
        b.observe_batch(&[true, false, true]);
        let _ = b.quantile(0.025).unwrap();
        let _ = b.interval(0.95).unwrap();
        let mut g = Gamma::new(1.0, 1.0).unwrap();
        g.update_batch(&[3.0, 4.0], &[1.0, 2.0]).unwrap();
        let _ = g.interval(0.9).unwrap();
        let mut m = NormalKnownVariance::new(0.0, 1.0, 1.0).unwrap();
        m.update_batch(&[0.5, 1.5]).unwrap();
        let _ = m.mean().interval(0.95).unwrap();
        let _ = compare(&Beta::new(21.0, 981.0).unwrap(), &Beta::new(31.5, 971.0).unwrap()).unwrap();
        let _ = compare(&Beta::new(21.0, 981.0).unwrap(), &Beta::new(31.0, 971.0).unwrap()).unwrap();
        let _ = compare(&g, &Gamma::new(2.0, 3.0).unwrap()).unwrap();
        h.update_likelihood(&[0.9, 0.05]).unwrap();
    });
    assert_eq!(n, 0, "hot paths allocated {n} times");
}
