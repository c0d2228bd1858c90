//! Dirichlet–multinomial statistics and fitting: merging, serialisation, bad
//! input, degenerate data, and that thinning and sampling do not bias the fit.

use bayeskit::dirichlet_fit::{fit, read_stats_from, DmStats, FitOptions, Outcome, ReadOptions, RowFilter};
use bayeskit::Error;
use proptest::prelude::*;
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Gamma};

/// `n` Dirichlet–multinomial rows with totals in `totals`.
fn dm_rows(n: usize, alpha: &[f64], totals: std::ops::RangeInclusive<u64>, seed: u64) -> Vec<Vec<u64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n)
        .map(|_| {
            let p: Vec<f64> = alpha
                .iter()
                .map(|&a| Gamma::new(a, 1.0).unwrap().sample(&mut rng))
                .collect();
            let s: f64 = p.iter().sum();
            let (mut left, mut mass) = (rng.random_range(totals.clone()), 1.0);
            let mut row: Vec<u64> = p
                .iter()
                .map(|pk| {
                    let q = (pk / s / mass).clamp(0.0, 1.0);
                    let x = if left == 0 {
                        0
                    } else {
                        Binomial::new(left, q).unwrap().sample(&mut rng)
                    };
                    left -= x;
                    mass -= pk / s;
                    x
                })
                .collect();
            *row.last_mut().unwrap() += left;
            row
        })
        .collect()
}

fn stats(rows: &[Vec<u64>]) -> DmStats {
    let mut s = DmStats::new(rows[0].len()).unwrap();
    for r in rows {
        s.add(r).unwrap();
    }
    s
}

fn bits(x: &[f64]) -> Vec<u64> {
    x.iter().map(|v| v.to_bits()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Shards built separately, serialised and merged in any order equal one pass,
    /// byte for byte, and fit to the same α bit for bit.
    #[test]
    fn shards_merge_exactly(
        rows in prop::collection::vec(prop::collection::vec(
            prop_oneof![4 => 0u64..20, 1 => 0u64..5000, 1 => Just(1_000_000u64)], 3), 2..120),
        cuts in prop::collection::vec(0usize..120, 0..4),
    ) {
        let whole = stats(&rows);
        let mut bounds: Vec<usize> = cuts.into_iter().map(|c| c % rows.len()).collect();
        bounds.extend([0, rows.len()]);
        bounds.sort();
        let mut merged = DmStats::new(3).unwrap();
        for w in bounds.windows(2).rev() {
            let mut part = DmStats::new(3).unwrap();
            for r in &rows[w[0]..w[1]] {
                part.add(r).unwrap();
            }
            merged.merge(&DmStats::from_bytes(&part.to_bytes()).unwrap()).unwrap();
        }
        prop_assert_eq!(merged.to_bytes(), whole.to_bytes());
        let o = FitOptions { drop_empty: true, ..FitOptions::default() };
        match (fit(&whole, &o), fit(&merged, &o)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.outcome, b.outcome);
                prop_assert_eq!(bits(&a.alpha), bits(&b.alpha));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
    }
}

#[test]
fn corrupt_bytes_are_rejected_never_misread() {
    let s = stats(&dm_rows(300, &[0.5, 2.0, 1.0], 1..=3000, 1));
    let bytes = s.to_bytes();
    for len in 0..bytes.len() {
        assert!(
            matches!(DmStats::from_bytes(&bytes[..len]), Err(Error::Corrupt(_))),
            "prefix {len}"
        );
    }
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x10;
        assert!(
            matches!(DmStats::from_bytes(&b), Err(Error::Corrupt(_))),
            "flipped byte {i}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(DmStats::from_bytes(&longer).is_err());
    // Version 2 with a valid checksum is refused by version, not by accident.
    let mut v2 = bytes[..bytes.len() - 4].to_vec();
    v2[8] = 2;
    let crc = crc32fast::hash(&v2);
    v2.extend_from_slice(&crc.to_le_bytes());
    let e = DmStats::from_bytes(&v2).unwrap_err().to_string();
    assert!(e.contains("version 2"), "{e}");
}

#[test]
fn bad_rows_leave_the_statistics_unchanged() {
    let mut s = stats(&[vec![1, 2], vec![3, 0]]);
    let before = s.to_bytes();
    assert!(s.add(&[1, 2, 3]).is_err());
    assert!(s.add(&[u64::MAX, 1]).is_err());
    assert!(s.add_weighted(&[1, 1], f64::NAN).is_err());
    assert!(s.add_weighted(&[1, 1], -1.0).is_err());
    assert!(
        s.add_rows(&[1, 1, 2, 2, u64::MAX, 5], None).is_err(),
        "third row overflows"
    );
    assert!(s.add_rows(&[1, 1, 2], None).is_err());
    assert!(s.add_rows(&[1, 1, 2, 2], Some(&[1.0])).is_err());
    assert!(s.merge(&DmStats::new(3).unwrap()).is_err());
    assert_eq!(s.to_bytes(), before);
    assert!(DmStats::new(1).is_err());
}

#[test]
fn a_huge_count_costs_what_a_small_one_does() {
    let mut small = DmStats::new(3).unwrap();
    let mut huge = DmStats::new(3).unwrap();
    for i in 0..1000u64 {
        small.add(&[i % 10, 3, 1]).unwrap();
        huge.add(&[i % 10, 3, 1]).unwrap();
    }
    small.add(&[10, 0, 0]).unwrap();
    huge.add(&[1_000_000_000, 0, 0]).unwrap();
    // One sparse entry per category histogram instead of a 10⁹-long array.
    assert!(
        huge.to_bytes().len() <= small.to_bytes().len() + 2 * 16,
        "{}",
        huge.to_bytes().len()
    );
    assert_eq!(huge.max_count(0), 1_000_000_000);
    let f = fit(&huge, &FitOptions::default()).unwrap();
    assert_eq!(f.outcome, Outcome::Converged);
}

#[test]
fn degenerate_data_get_explicit_outcomes() {
    // Identical rows: no over-dispersion at all.
    let same = stats(&vec![vec![2, 2, 2]; 40]);
    let f = fit(&same, &FitOptions::default()).unwrap();
    assert_eq!(f.outcome, Outcome::NoOverdispersion);
    assert!(f.alpha.iter().all(|a| a.is_infinite()) && f.theta == 0.0);
    assert_eq!(f.mean, vec![1.0 / 3.0; 3]);
    assert_eq!((f.lr_stat, f.lr_pvalue), (0.0, 1.0));
    // Every total ≤ 1: A is not identifiable, the proportions are.
    let ones = stats(&[vec![1, 0], vec![0, 1], vec![1, 0], vec![0, 0]]);
    let f = fit(&ones, &FitOptions::default()).unwrap();
    assert_eq!(f.outcome, Outcome::NotIdentifiable);
    assert!(f.alpha_sum.is_nan());
    assert_eq!(f.mean, vec![2.0 / 3.0, 1.0 / 3.0]);
    // One category holds every count: not identifiable either once the empty ones go.
    let one = stats(&[vec![3, 0], vec![5, 0]]);
    let f = fit(
        &one,
        &FitOptions {
            drop_empty: true,
            ..FitOptions::default()
        },
    )
    .unwrap();
    assert_eq!(f.outcome, Outcome::NotIdentifiable);
    // A never-observed category: an error, unless dropped or regularised.
    let rows = dm_rows(400, &[1.0, 2.0], 2..=20, 4);
    let with_empty: Vec<Vec<u64>> = rows.iter().map(|r| vec![r[0], 0, r[1]]).collect();
    let s = stats(&with_empty);
    let e = fit(&s, &FitOptions::default()).unwrap_err().to_string();
    assert!(e.contains("[1]") && e.contains("no counts"), "{e}");
    let dropped = fit(
        &s,
        &FitOptions {
            drop_empty: true,
            ..FitOptions::default()
        },
    )
    .unwrap();
    let plain = fit(&stats(&rows), &FitOptions::default()).unwrap();
    assert_eq!(dropped.dropped, vec![1]);
    assert_eq!((dropped.alpha[1], dropped.std_errors[1]), (0.0, 0.0));
    assert_eq!(bits(&[dropped.alpha[0], dropped.alpha[2]]), bits(&plain.alpha));
    let map = fit(
        &s,
        &FitOptions {
            hyperprior: 1.0,
            ..FitOptions::default()
        },
    )
    .unwrap();
    assert_eq!(map.outcome, Outcome::Converged);
    assert!(map.alpha[1] > 0.0 && map.alpha[1] < 0.05, "{:?}", map.alpha);
    // Running out of iterations is reported, not hidden.
    let f = fit(
        &stats(&rows),
        &FitOptions {
            max_iter: 1,
            tol: 1e-14,
            ..FitOptions::default()
        },
    )
    .unwrap();
    assert_eq!(f.outcome, Outcome::NotConverged);
    assert!(f.std_errors.iter().all(|s| s.is_nan()));
    // Options and empty data.
    assert!(fit(&stats(&[vec![0, 0]]), &FitOptions::default()).is_err());
    for bad in [
        FitOptions {
            max_iter: 0,
            ..FitOptions::default()
        },
        FitOptions {
            tol: 0.0,
            ..FitOptions::default()
        },
        FitOptions {
            hyperprior: -1.0,
            ..FitOptions::default()
        },
        FitOptions {
            hyperprior: f64::NAN,
            ..FitOptions::default()
        },
    ] {
        assert!(fit(&plain_stats(), &bad).is_err(), "{bad:?}");
    }
}

fn plain_stats() -> DmStats {
    stats(&dm_rows(100, &[1.0, 2.0], 2..=20, 5))
}

/// Sklar's set-up (α = (3, 1, 2), totals of 10, N doubling from 100): the estimate
/// approaches the truth as N grows, within a few standard errors each time.
#[test]
fn sklar_setup_recovers_alpha() {
    let truth = [3.0, 1.0, 2.0];
    for (i, n) in [100usize, 200, 400, 800, 1600, 3200, 6400, 12800]
        .into_iter()
        .enumerate()
    {
        let f = fit(
            &stats(&dm_rows(n, &truth, 10..=10, 10 + i as u64)),
            &FitOptions::default(),
        )
        .unwrap();
        assert_eq!(f.outcome, Outcome::Converged, "N = {n}");
        for (k, t) in truth.iter().enumerate() {
            let z = (f.alpha[k] - t) / f.std_errors[k];
            assert!(
                z.abs() < 4.5,
                "N = {n}, alpha[{k}] = {} ± {}",
                f.alpha[k],
                f.std_errors[k]
            );
        }
    }
}

/// Thinning rows to a cap (without replacement) keeps them Dirichlet–multinomial
/// with the same α, and row sampling only loses precision: both fits land within
/// a few standard errors of the truth.
#[test]
fn thinning_and_sampling_do_not_bias_the_fit() {
    let truth = [3.0, 1.0, 2.0];
    let rows = dm_rows(4000, &truth, 100..=400, 77);
    let text: String = rows
        .iter()
        .map(|r| format!("{}\t{}\t{}\n", r[0], r[1], r[2]))
        .collect();
    for filter in [
        RowFilter {
            sample_rate: 1.0,
            max_total: Some(20),
            seed: 1,
        },
        RowFilter {
            sample_rate: 0.5,
            max_total: None,
            seed: 2,
        },
    ] {
        let opts = ReadOptions {
            filter,
            threads: 2,
            ..ReadOptions::default()
        };
        let (s, report) = read_stats_from(text.as_bytes(), "rows.tsv", &opts, &mut |_| {}).unwrap();
        assert_eq!(report.rows, 4000);
        assert!(s.max_total() <= filter.max_total.unwrap_or(u64::MAX));
        let f = fit(&s, &FitOptions::default()).unwrap();
        for (k, t) in truth.iter().enumerate() {
            let z = (f.alpha[k] - t) / f.std_errors[k];
            assert!(
                z.abs() < 4.5,
                "{filter:?}: alpha[{k}] = {} ± {}",
                f.alpha[k],
                f.std_errors[k]
            );
        }
    }
}

/// A fit that says CONVERGED has a finite log-likelihood, finite α and finite,
/// positive standard errors.
fn assert_honest(f: &bayeskit::dirichlet_fit::DmFit, what: &str) {
    if f.outcome == Outcome::Converged {
        assert!(f.loglik.is_finite(), "{what}: converged with loglik {}", f.loglik);
        assert!(
            f.alpha.iter().all(|a| a.is_finite() && *a > 0.0),
            "{what}: alpha {:?}",
            f.alpha
        );
        assert!(
            f.std_errors.iter().all(|s| s.is_finite() && *s > 0.0),
            "{what}: converged with standard errors {:?}",
            f.std_errors
        );
    }
}

#[test]
fn overflowing_or_vanishing_weights_are_never_converged() {
    // Issue 15, defect 8: weights of 1e307 (a finite total of 4e307) or a hyperprior of
    // 1e308 gave CONVERGED with α = 1e-8 and a NaN log-likelihood; tiny weights gave
    // infinite standard errors on a CONVERGED fit.
    let rows = dm_rows(400, &[2.0, 1.0, 3.0], 5..=20, 8);
    for w in [1e307, 1e300, 1e-310, 1e-320] {
        let mut s = DmStats::new(3).unwrap();
        for r in rows.iter().take(4) {
            s.add_weighted(r, w).unwrap();
        }
        for r in &rows[4..] {
            s.add_weighted(r, if w > 1.0 { 0.0 } else { w }).unwrap();
        }
        match fit(&s, &FitOptions::default()) {
            Ok(f) => assert_honest(&f, &format!("weight {w}")),
            Err(e) => assert!(
                matches!(e, bayeskit::Error::InvalidArgument(_)),
                "weight {w}: {e}"
            ),
        }
    }
    let s = stats(&rows);
    for h in [1e308, 1e300, f64::MAX] {
        match fit(
            &s,
            &FitOptions {
                hyperprior: h,
                ..FitOptions::default()
            },
        ) {
            Ok(f) => assert_honest(&f, &format!("hyperprior {h}")),
            Err(e) => assert!(e.to_string().contains("hyperprior"), "hyperprior {h}: {e}"),
        }
    }
}

/// Statistics bytes written by hand: K histograms, then the totals', each as
/// (dense weights for counts 0.., sparse (count ≥ 1024, weight) pairs), and the CRC.
type Hist<'a> = (&'a [f64], &'a [(u64, f64)]);

fn stats_bytes(rows: u64, weight: f64, hists: &[Hist]) -> Vec<u8> {
    let mut b = b"BKDMSTAT".to_vec();
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&(hists.len() as u64 - 1).to_le_bytes());
    b.extend_from_slice(&rows.to_le_bytes());
    b.extend_from_slice(&weight.to_le_bytes());
    for (dense, large) in hists {
        b.extend_from_slice(&(dense.len() as u64).to_le_bytes());
        dense.iter().for_each(|w| b.extend_from_slice(&w.to_le_bytes()));
        b.extend_from_slice(&(large.len() as u64).to_le_bytes());
        for (c, w) in *large {
            b.extend_from_slice(&c.to_le_bytes());
            b.extend_from_slice(&w.to_le_bytes());
        }
    }
    let crc = crc32fast::hash(&b);
    b.extend_from_slice(&crc.to_le_bytes());
    b
}

#[test]
fn statistics_whose_histograms_contradict_the_totals_are_corrupt() {
    // Issue 15, defect 9: with the CRC recomputed, histograms contradicting the totals
    // loaded and fitted to nonsense (mean proportions of 8.7, a positive
    // log-likelihood); the header's rows and weight were never cross-checked.
    // Two rows (3, 3) and (1, 0): consistent, and what `add` writes.
    let mut s = DmStats::new(2).unwrap();
    s.add(&[3, 3]).unwrap();
    s.add(&[1, 0]).unwrap();
    let good = stats_bytes(
        2,
        2.0,
        &[
            (&[0.0, 1.0, 0.0, 1.0], &[]),
            (&[0.0, 0.0, 0.0, 1.0], &[]),
            (&[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0], &[]),
        ],
    );
    assert_eq!(
        DmStats::from_bytes(&good).unwrap(),
        DmStats::from_bytes(&s.to_bytes()).unwrap()
    );
    let bad: [(&str, Vec<u8>); 7] = [
        // category 0 has more rows with counts than there are rows with a total
        (
            "exceeds",
            stats_bytes(
                2,
                2.0,
                &[
                    (&[0.0, 1.0, 0.0, 5.0], &[]),
                    (&[0.0, 0.0, 0.0, 1.0], &[]),
                    (&[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0], &[]),
                ],
            ),
        ),
        // one row (1, 1) whose total says 3
        (
            "add up",
            stats_bytes(
                1,
                1.0,
                &[
                    (&[0.0, 1.0], &[]),
                    (&[0.0, 1.0], &[]),
                    (&[0.0, 0.0, 0.0, 1.0], &[]),
                ],
            ),
        ),
        // same masses, but a count of 4 in a category of rows whose totals are at most 3
        (
            "exceeds",
            stats_bytes(
                2,
                2.0,
                &[
                    (&[0.0, 0.0, 0.0, 0.0, 1.0], &[]),
                    (&[0.0, 0.0, 1.0], &[]),
                    (&[0.0, 0.0, 0.0, 2.0], &[]),
                ],
            ),
        ),
        // the histograms weigh 2, the header says 1
        (
            "total weight",
            stats_bytes(
                2,
                1.0,
                &[
                    (&[0.0, 1.0, 0.0, 1.0], &[]),
                    (&[0.0, 0.0, 0.0, 1.0], &[]),
                    (&[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0], &[]),
                ],
            ),
        ),
        // no rows, yet weight
        (
            "no rows",
            stats_bytes(
                0,
                2.0,
                &[
                    (&[0.0, 1.0, 0.0, 1.0], &[]),
                    (&[0.0, 0.0, 0.0, 1.0], &[]),
                    (&[0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0], &[]),
                ],
            ),
        ),
        // a huge count whose weighted mass is infinite
        (
            "add up",
            stats_bytes(
                1,
                1e300,
                &[
                    (&[], &[(u64::MAX, 1e300)]),
                    (&[], &[]),
                    (&[], &[(u64::MAX, 1e300)]),
                ],
            ),
        ),
        // a count in a category with no row total at all
        (
            "exceeds",
            stats_bytes(1, 1.0, &[(&[0.0, 1.0], &[]), (&[], &[]), (&[], &[])]),
        ),
    ];
    for (why, b) in bad {
        match DmStats::from_bytes(&b) {
            Err(Error::Corrupt(m)) => assert!(m.contains(why), "{why}: {m}"),
            other => panic!("{why}: {other:?}"),
        }
    }
}
