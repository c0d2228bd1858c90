//! What each fuzz target of the core does with an input. Shared, through
//! `#[path]`, by the libFuzzer targets in `fuzz_targets/` and by
//! `tests/fuzz_corpus.rs`, which replays every committed input in
//! `fuzz/seeds/<target>/` in `make test` (the C ABI's target is in
//! `c_entry_points.rs`).
//!
//! Each entry point feeds the input to a reader and checks
//! what must hold for any input: no panic, no abort, no out-of-bounds write to a
//! caller's buffer, and for what is accepted, a result that round-trips and holds
//! no NaN reported as success.
#![allow(dead_code)]

use bayeskit::dirichlet_fit::{fit, read_stats_from, DmStats, FitOptions, Outcome, ReadOptions};
use bayeskit::logistic::{
    read_phrases_from, read_svmlight_from, IdBase, Model, PhraseFeatures, PhraseOptions, SvmlightOptions,
};

/// The structure-aware mutation of a checksummed file (model or statistics):
/// `mutate` (libFuzzer's) changes the bytes before the trailing CRC-32, which is
/// then recomputed, so the structural checks behind the checksum are exercised.
pub fn mutate_with_crc(
    data: &mut [u8],
    size: usize,
    max_size: usize,
    mutate: fn(&mut [u8], usize, usize) -> usize,
) -> usize {
    if size < 4 || max_size < 4 {
        return mutate(data, size, max_size);
    }
    let body = mutate(&mut data[..max_size - 4], size - 4, max_size - 4);
    let crc = crc32fast::hash(&data[..body]);
    data[body..body + 4].copy_from_slice(&crc.to_le_bytes());
    body + 4
}

/// Scores one row made of the model's stored features and checks the probabilities.
fn score(m: &Model) {
    let ids: Vec<u32> = m.stored_features().iter().copied().take(8).collect();
    let values: Vec<f64> = ids.iter().map(|&j| 1.0 + f64::from(j % 3)).collect();
    let mut p = vec![0.0; m.classes()];
    if m.predict_proba(&ids, &values, &mut p).is_ok() {
        assert!(
            p.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)),
            "{p:?}"
        );
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{p:?}");
    }
}

/// The model loader: whatever loads round-trips and scores to probabilities.
pub fn model_loader(data: &[u8]) {
    if let Ok(m) = Model::from_bytes(data) {
        // Compared as bytes: a model may hold a NaN (the gradient norm of an
        // unconverged run), which == never equals.
        let bytes = m.to_bytes();
        let again = Model::from_bytes(&bytes).expect("a loaded model round-trips");
        assert_eq!(again.to_bytes(), bytes);
        score(&m);
        let _ = m.to_json();
    }
}

/// The statistics deserializer: whatever loads round-trips, and a fit of it is
/// either an error or an outcome whose CONVERGED numbers are finite.
pub fn stats_deserializer(data: &[u8]) {
    if let Ok(s) = DmStats::from_bytes(data) {
        assert_eq!(DmStats::from_bytes(&s.to_bytes()).expect("round trip"), s);
        check_fit(&s);
    }
}

fn check_fit(s: &DmStats) {
    if s.categories() > 64 {
        return;
    }
    let opts = FitOptions {
        max_iter: 30,
        drop_empty: true,
        ..FitOptions::default()
    };
    if let Ok(f) = fit(s, &opts) {
        if f.outcome == Outcome::Converged {
            assert!(f.loglik.is_finite(), "{f:?}");
            assert!(f.alpha.iter().all(|a| a.is_finite()), "{f:?}");
            assert!(f.std_errors.iter().all(|e| e.is_finite()), "{f:?}");
            let total: f64 = f.mean.iter().sum();
            assert!((total - 1.0).abs() < 1e-9, "{f:?}");
        }
    }
}

/// The svmlight reader, in the three id bases.
pub fn svmlight(data: &[u8]) {
    for id_base in [IdBase::Auto, IdBase::Zero, IdBase::One] {
        let opts = SvmlightOptions {
            id_base,
            ..SvmlightOptions::default()
        };
        if let Ok((d, _)) = read_svmlight_from(data, "fuzz.svm", &opts) {
            d.validate().expect("a read data set is valid");
        }
    }
}

/// The phrase TSV reader, with a dictionary and with hashing.
pub fn phrases(data: &[u8]) {
    for features in [
        PhraseFeatures::Dictionary {
            max_features: Some(50),
            min_count: 1,
        },
        PhraseFeatures::Hashing { bits: 18, seed: 42 },
    ] {
        let opts = PhraseOptions {
            features,
            skip_bad: data.first().is_some_and(|b| b & 1 == 1),
        };
        if let Ok((d, _)) = read_phrases_from(data, "fuzz.tsv", &opts) {
            d.validate().expect("a read data set is valid");
        }
    }
}

/// The count reader (on two threads), then a fit of what it read.
pub fn counts(data: &[u8]) {
    let opts = ReadOptions {
        threads: 2,
        skip_bad: data.first().is_some_and(|b| b & 1 == 1),
        ..ReadOptions::default()
    };
    if let Ok((s, _)) = read_stats_from(data, "fuzz.tsv", &opts, &mut |_| {}) {
        assert_eq!(DmStats::from_bytes(&s.to_bytes()).expect("round trip"), s);
        check_fit(&s);
    }
}
