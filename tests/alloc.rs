//! Hot paths do not allocate: a counting global allocator around updates,
//! quantiles and comparisons.

use bayeskit::dirichlet_fit::{DmStats, Prior, RankBy};
use bayeskit::logistic::{
    mc_scratch_len, read_phrases_from, train, McOptions, PhraseIndex, PhraseOptions, SparseRow, TrainOptions,
};
use bayeskit::{
    compare, lift_quantile, Beta, Dirichlet, Gamma, Hypotheses, NormalGamma, NormalKnownVariance, Rng,
};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

// Counts only the allocations of the thread under test: the test harness allocates on
// its own threads at any time (a global counter made this test flaky under load).
thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

struct Counting;

fn count() {
    // try_with: the allocator can run while thread-locals are being torn down.
    let _ = ALLOCS.try_with(|n| n.set(n.get() + 1));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count();
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        count();
        System.realloc(p, l, n)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations(f: impl FnOnce()) -> usize {
    let before = ALLOCS.with(Cell::get);
    f();
    ALLOCS.with(Cell::get) - before
}

#[test]
fn updates_quantiles_and_comparisons_do_not_allocate() {
    // The counter really counts (else the check below could not fail).
    let n = allocations(|| {
        std::hint::black_box(Vec::<u8>::with_capacity(8));
    });
    assert!(n >= 1);

    let mut h = Hypotheses::from_probabilities(&[0.01, 0.99]).unwrap();
    let mut d = Dirichlet::new(&[1.0, 2.0, 3.0]).unwrap();
    let mut rng = Rng::seed_from_u64(1);
    let mut draw = [0.0; 3];
    let n = allocations(|| {
        d.update(&[3.0, 0.0, 1.5]).unwrap();
        d.observe(2).unwrap();
        let _ = d.interval(1, 0.95).unwrap();
        let _ = d.ln_predictive(&[1.0, 0.0, 2.0]).unwrap();
        d.sample(&mut rng, &mut draw).unwrap();
        let mut ng = NormalGamma::new(0.0, 1.0, 2.0, 2.0).unwrap();
        ng.update_batch(&[1.0, 2.0, 4.0]).unwrap();
        let _ = ng.mean_marginal().interval(0.95).unwrap();
        let _ = ng.sample(&mut rng);
        let _ = lift_quantile(
            &Gamma::new(10.0, 2.0).unwrap(),
            &Gamma::new(12.0, 2.0).unwrap(),
            0.5,
        )
        .unwrap();
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

#[test]
fn adding_rows_to_sized_statistics_and_applying_a_prior_do_not_allocate() {
    let rows: Vec<[u64; 4]> = (0..10_000u64)
        .map(|i| [i % 7, (i * 13) % 31, i % 2, (i * 7) % 100])
        .collect();
    let weights = [1.0, 2.5];
    // Sized for counts up to 200 (row totals stay below it).
    let mut s = DmStats::with_max_count(4, 200).unwrap();
    let prior = Prior::new(&[0.5, 1.5, 0.2, 3.0]).unwrap();
    let mut mean = [0.0; 4];
    let n = allocations(|| {
        for (i, r) in rows.iter().enumerate() {
            s.add_weighted(r, weights[i % 2]).unwrap();
        }
        s.add_rows(rows.as_flattened(), None).unwrap();
        for r in &rows[..500] {
            prior.posterior_mean(r, &mut mean).unwrap();
            let _ = prior.score(r, RankBy::Mean(3)).unwrap();
            let _ = prior.score(r, RankBy::Lower { k: 1, level: 0.9 }).unwrap();
            let _ = prior.interval(r, 0, 0.95).unwrap();
        }
    });
    assert_eq!(n, 0, "DM ingest and apply allocated {n} times");
    assert_eq!(s.rows(), 20_000);
}

#[test]
fn logistic_scoring_does_not_allocate() {
    let tips = "positive\tgreat:1\tcoffee:2\nnegative\trude:1\tcoffee:1\nmixed\tok:1\tbut:1\n\
                positive\tgreat:2\nnegative\trude:2\tslow:1\nmixed\tbut:1\tgreat:1\trude:1\n";
    let (data, _) = read_phrases_from(tips.as_bytes(), "tips", &PhraseOptions::default()).unwrap();
    let m = train(
        &data,
        &TrainOptions {
            lambda: 0.01,
            ..TrainOptions::default()
        },
    )
    .unwrap();
    let index = PhraseIndex::new(m.features()).unwrap();
    let mut row = SparseRow::new();
    index.featurize([("great", 1.0), ("coffee", 1.0), ("unknown", 1.0)], &mut row); // grows the buffer
    let mut p = [0.0; 3];
    let mut batch = vec![0.0; data.x.rows() * 3];
    // The uncertainty-aware predictions, into caller buffers.
    assert!(m.covariance().is_some());
    let mc = McOptions {
        draws: 200,
        level: 0.9,
    };
    let mut scratch = vec![0.0; mc_scratch_len(3, mc.draws)];
    let mut rng = Rng::seed_from_u64(1);
    let (mut var, mut lo, mut hi) = ([0.0; 3], [0.0; 3], [0.0; 3]);
    let n = allocations(|| {
        for _ in 0..100 {
            index.featurize([("rude", 1.0), ("coffee", 2.0)], &mut row);
            m.predict_moderated(row.ids(), row.values(), &mut p, &mut var)
                .unwrap();
            m.predict_moderated(row.ids(), row.values(), &mut p, &mut [])
                .unwrap();
            m.predict_mc(
                row.ids(),
                row.values(),
                &mut rng,
                &mc,
                &mut scratch,
                &mut p,
                &mut lo,
                &mut hi,
            )
            .unwrap();
            m.predict_proba(row.ids(), row.values(), &mut p).unwrap();
            m.predict_log_proba(row.ids(), row.values(), &mut p).unwrap();
            let _ = m.predict_class(row.ids(), row.values(), &mut p).unwrap();
            m.predict_proba_batch(&data.x, &mut batch).unwrap();
        }
    });
    assert_eq!(n, 0, "scoring allocated {n} times");
}

#[test]
fn bandit_choices_do_not_allocate() {
    use bayeskit::bandit::{Bandit, BanditOptions};
    let b = Bandit::new(&[Beta::new(1.0, 1.0).unwrap()], 10, BanditOptions::default()).unwrap();
    let g = Bandit::new(&[Gamma::new(1.0, 1.0).unwrap()], 10, BanditOptions::default()).unwrap();
    let ng = Bandit::new(
        &[NormalGamma::new(0.0, 1.0, 2.0, 2.0).unwrap()],
        10,
        BanditOptions::default(),
    )
    .unwrap();
    let mut rng = Rng::seed_from_u64(5);
    let mut picks = 0;
    let n = allocations(|| {
        for i in 0..1000 {
            picks += b.choose(&mut rng) + b.choose_top_two(&mut rng);
            picks += g.choose(&mut rng) + g.choose_top_two(&mut rng);
            picks += ng.choose(&mut rng) + ng.choose_top_two(&mut rng);
            b.update(i % 10, 1.0, 3.0).unwrap();
            ng.observe(i % 10, 0.5).unwrap();
        }
        b.discount(0.99).unwrap();
    });
    assert_eq!(n, 0, "choices and updates allocated {n} times");
    assert!(picks > 0);
}
