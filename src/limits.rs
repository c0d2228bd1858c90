//! The documented limits on sizes that come from input, and fallible allocation.
//!
//! bayeskit runs inside other programs, so no input may abort the process: every
//! allocation whose size an input decides is either bounded by what that input
//! can justify (a file cannot claim more items than it has bytes for) or by one of
//! the limits below, and is made fallibly, so that running out of memory is
//! [`Error::OutOfMemory`] (`BK_ERR_OUT_OF_MEMORY` in C, a `BayeskitException`
//! with status `OUT_OF_MEMORY` in Java) instead of an abort. The same table is in
//! `docs/c-api.md`.
//!
//! | what | limit | where it is checked |
//! |---|---|---|
//! | feature ids of a logistic model | `0..2^32` ([`MAX_FEATURES`] features) | data, training, model files |
//! | classes of a logistic model | [`MAX_CLASSES`] | data, training, model files |
//! | hash bits of a hashed feature space | 1..=[`MAX_HASH_BITS`] | readers, model files |
//! | categories of Dirichlet–multinomial statistics | 2..=[`MAX_CATEGORIES`] | statistics, count files, statistics files |
//! | Monte Carlo draws per row | 2..=[`MAX_MC_DRAWS`] | MC prediction |
//! | threads (parsing, training) | 1..=[`MAX_THREADS`] | options |
//!
//! Memory then grows with what the input holds: a model with S stored features
//! and K classes takes about 8·K·S bytes (plus 8·K(K+1)/2·S with covariances),
//! whatever its feature space; training takes about 24·K bytes per distinct
//! feature that occurs in the data plus 40·K bytes per row; statistics take
//! about 56 bytes per category plus the histograms of the counts seen.

use crate::error::{Error, Result};

/// Most feature ids of a logistic model: ids are `u32`, so `0..2^32`.
pub const MAX_FEATURES: u64 = 1 << 32;

/// Most classes of a logistic model.
pub const MAX_CLASSES: usize = 1 << 16;

/// Most bits of a hashed feature space (2^31 ids, as Spark's `HashingTF`).
pub const MAX_HASH_BITS: u32 = 31;

/// Most categories of Dirichlet–multinomial statistics.
pub const MAX_CATEGORIES: usize = 1 << 20;

/// Most Monte Carlo draws per row of the MC predictive.
pub const MAX_MC_DRAWS: usize = 10_000_000;

/// Most threads of any parsing or training call.
pub const MAX_THREADS: usize = 256;

/// The error for a failed allocation of `n` items of `T` for `what`.
pub(crate) fn out_of_memory<T>(what: &str, n: usize) -> Error {
    let bytes = (n as f64) * std::mem::size_of::<T>() as f64;
    Error::OutOfMemory(format!("{what}: cannot allocate {n} values ({bytes:.3e} bytes)"))
}

/// `n` copies of `value`, or [`Error::OutOfMemory`] instead of an abort.
pub(crate) fn try_vec<T: Clone>(n: usize, value: T, what: &str) -> Result<Vec<T>> {
    let mut v = Vec::new();
    try_reserve(&mut v, n, what)?;
    v.resize(n, value);
    Ok(v)
}

/// Reserves room for `additional` more items, or [`Error::OutOfMemory`]
/// naming `what`: how the bindings size their buffers from input too.
///
/// # Errors
/// [`Error::OutOfMemory`] if the allocation fails.
pub fn try_reserve<T>(v: &mut Vec<T>, additional: usize, what: &str) -> Result<()> {
    v.try_reserve_exact(additional)
        .map_err(|_| out_of_memory::<T>(what, additional))
}

/// Checks `n` against `1..=max` (`lo..=max` in general) for the option `what`.
pub(crate) fn check_range(what: &str, n: u64, lo: u64, max: u64) -> Result<()> {
    if (lo..=max).contains(&n) {
        Ok(())
    } else {
        Err(Error::invalid(format!("{what} must be in {lo}..={max}, got {n}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_sizes_are_errors_not_aborts() {
        let e = try_vec(usize::MAX / 2, 0.0_f64, "test").unwrap_err();
        assert!(matches!(e, Error::OutOfMemory(_)), "{e}");
        assert_eq!(e.code(), 7);
        assert_eq!(try_vec(3, 1u8, "small").unwrap(), vec![1, 1, 1]);
    }
}
