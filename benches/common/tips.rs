//! The tip-like data set the logistic benchmarks train and score on.

use bayeskit::logistic::{Csr, Dataset, FeatureSpace};
use rand::{Rng as _, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A tip-like data set: Zipf-distributed phrase ids, ~`nnz` a row, counts 1–2, and
/// labels from a sparse true model over the 2,000 most frequent phrases.
pub fn tips(n: usize, p: usize, k: usize, nnz: usize, seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let truth: Vec<f64> = (0..2000 * k)
        .map(|_| {
            if rng.random::<f64>() < 0.3 {
                rng.random_range(-1.5..1.5)
            } else {
                0.0
            }
        })
        .collect();
    let mut rows: Vec<Vec<(u32, f64)>> = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    let ln_p = (p as f64).ln();
    let mut z = vec![0.0; k];
    for _ in 0..n {
        // Zipf-like: id = floor(exp(U·ln p)) − 1 is log-uniform.
        let row: Vec<(u32, f64)> = (0..nnz)
            .map(|_| {
                (
                    ((rng.random::<f64>() * ln_p).exp() as usize - 1).min(p - 1) as u32,
                    rng.random_range(1..=2) as f64,
                )
            })
            .collect();
        z.iter_mut().for_each(|v| *v = 0.0);
        for &(j, x) in &row {
            if (j as usize) < 2000 {
                for c in 0..k {
                    z[c] += x * truth[j as usize * k + c];
                }
            }
        }
        let m = z.iter().cloned().fold(f64::MIN, f64::max);
        let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
        let mut u = rng.random::<f64>() * e.iter().sum::<f64>();
        let mut c = 0;
        while c + 1 < k && u > e[c] {
            u -= e[c];
            c += 1;
        }
        y.push(c as u32);
        rows.push(row);
    }
    let x = Csr::from_rows(rows.iter().map(|r| r.as_slice()), p).unwrap();
    Dataset {
        x,
        y,
        weights: None,
        classes: (0..k).map(|c| c.to_string()).collect(),
        features: FeatureSpace::Indexed { n: p },
    }
}
