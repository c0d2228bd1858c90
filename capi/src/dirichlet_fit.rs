//! C ABI of Dirichlet–multinomial prior fitting: streaming statistics
//! ([`bk_dm_stats`]), the fit ([`bk_dm_fit`], giving a [`bk_dm_result`]) and a
//! fitted prior applied to rows of counts ([`bk_dm_prior`]).
//!
//! Ownership: each handle is created by one of its constructors and released
//! by its own `*_free`; the library never keeps a pointer the caller passed in
//! (arrays are copied or only read during the call), and never returns memory
//! other than handles.
//!
//! Parameters that C callers pass as enumerations (`bk_dm_rank_by`) are plain
//! integers in the signatures and are validated, so an out-of-range value is a
//! `BK_ERR_INVALID_ARGUMENT`, not undefined behaviour. Flags in the options
//! structs are `uint8_t` (0 = false, any other value = true) for the same
//! reason, and because the header does not depend on `<stdbool.h>`.

use super::{
    array_len, bk_status, deref, deref_mut, disjoint, fill_text, fill_with, free_handle, guard, need,
    new_handle, path_in, put, put_versioned, read_options, region, slice, slice_mut, FfiResult,
};
use bayeskit::dirichlet_fit::{
    fit, read_stats, DmFit, DmStats, FitOptions, Layout, Outcome, Prior, RankBy, ReadOptions, RowFilter,
};
use bayeskit::error::check_level;
use bayeskit::limits::try_reserve;
use bayeskit::Error;
use std::ffi::c_char;

// ---------------------------------------------------------------- helpers

/// A caller's `k` must equal the number of categories of the object it goes with.
fn check_k(k: usize, categories: usize) -> FfiResult<()> {
    if k == categories {
        Ok(())
    } else {
        Err(Error::invalid(format!("k = {k}, but there are {categories} categories")).into())
    }
}

/// A caller's input array of exactly `k` values, `k` checked against the
/// `categories` it must match before the slice is formed.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn row_in<'a>(p: *const u64, k: usize, categories: usize, name: &'static str) -> FfiResult<&'a [u64]> {
    unsafe {
        if k > 0 {
            need(p, name)?;
        }
        check_k(k, categories)?;
        slice(p, k, name)
    }
}

/// A caller's output array of exactly `k` values (as [`row_in`]).
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn out_k<'a, T>(p: *mut T, k: usize, categories: usize, name: &'static str) -> FfiResult<&'a mut [T]> {
    unsafe {
        if k > 0 {
            need(p, name)?;
        }
        check_k(k, categories)?;
        slice_mut(p, k, name)
    }
}

// ---------------------------------------------------------------- statistics

/// Streaming, mergeable statistics of rows of K category counts (opaque).
///
/// Made by [`bk_dm_stats_new`], [`bk_dm_stats_deserialize`] or
/// [`bk_dm_stats_read_file`]; the caller owns it and releases it with
/// [`bk_dm_stats_free`]. Calls taking a `const` handle may run concurrently;
/// adding rows or merging into a handle needs exclusive use of it.
///
/// Statistics read from a file keep the message of the first bad row the read
/// skipped, for [`bk_dm_stats_first_skipped`].
pub struct bk_dm_stats(DmStats, Option<String>);

/// Creates empty statistics for 2 to `BK_MAX_CATEGORIES` categories and
/// writes the new handle to `*out`. The caller owns it: release it with
/// [`bk_dm_stats_free`].
///
/// Errors: `BK_ERR_NULL_POINTER` if `out` is NULL; `BK_ERR_INVALID_ARGUMENT`
/// for `k` outside 2..=`BK_MAX_CATEGORIES`; `BK_ERR_OUT_OF_MEMORY` if the
/// statistics cannot be allocated.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_new(k: usize, out: *mut *mut bk_dm_stats) -> bk_status {
    unsafe {
        guard(|| {
            need(out, "out")?;
            new_handle(out, bk_dm_stats(DmStats::new(k)?, None))
        })
    }
}

/// Frees statistics made by any `bk_dm_stats_*` constructor. NULL is a no-op.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_free(stats: *mut bk_dm_stats) {
    unsafe { free_handle(stats) }
}

/// Adds one row of `k` counts with frequency weight `weight` (a row seen
/// `weight` times; finite and ≥ 0, 1 for a plain row). `counts` is only read.
///
/// Errors (the statistics are unchanged then): `BK_ERR_NULL_POINTER` for a
/// NULL `stats` or `counts`; `BK_ERR_INVALID_ARGUMENT` if `k` differs from the
/// categories, the weight is negative or not finite, or the row total
/// overflows `uint64_t`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_add(
    stats: *mut bk_dm_stats,
    counts: *const u64,
    k: usize,
    weight: f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let s = &mut deref_mut(stats, "stats")?.0;
            let row = row_in(counts, k, s.categories(), "counts")?;
            Ok(s.add_weighted(row, weight)?)
        })
    }
}

/// Adds `n_rows` rows of `k` counts stored row-major in `counts`
/// (`n_rows · k` values), with per-row frequency weights `weights` (`n_rows`
/// values, each finite and ≥ 0) or, when `weights` is NULL, weight 1 each.
/// All or nothing: every row is checked before any is added. Both arrays are
/// only read. `n_rows = 0` is a valid no-op.
///
/// Errors (the statistics are unchanged then): `BK_ERR_NULL_POINTER` for a
/// NULL `stats`, or a NULL `counts` with `n_rows · k > 0`;
/// `BK_ERR_INVALID_ARGUMENT` if `k` differs from the categories, or a row has
/// a bad weight or a total that overflows `uint64_t` (the message names the
/// first such row, counting from 0).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_add_rows(
    stats: *mut bk_dm_stats,
    counts: *const u64,
    n_rows: usize,
    k: usize,
    weights: *const f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let s = &mut deref_mut(stats, "stats")?.0;
            let n = array_len::<u64>(n_rows, k, "counts")?;
            if n > 0 {
                need(counts, "counts")?;
            }
            check_k(k, s.categories())?;
            let counts = slice(counts, n, "counts")?;
            let weights = if weights.is_null() {
                None
            } else {
                Some(slice(weights, n_rows, "weights")?)
            };
            Ok(s.add_rows(counts, weights)?)
        })
    }
}

/// Adds the rows of `src` into `dst`: `dst` becomes the statistics of both
/// sets of rows. `src` is not modified and stays owned by the caller; `dst`
/// and `src` may be the same handle (the rows are then counted twice).
/// With integer weights, merging parts gives bit-identical statistics (and
/// fits) to adding all rows to one handle.
///
/// Errors (`dst` unchanged): `BK_ERR_NULL_POINTER` for a NULL handle;
/// `BK_ERR_INVALID_ARGUMENT` if the numbers of categories differ.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_merge(dst: *mut bk_dm_stats, src: *const bk_dm_stats) -> bk_status {
    unsafe {
        guard(|| {
            need(dst, "dst")?;
            need(src, "src")?;
            if std::ptr::eq(dst, src) {
                // No `&mut` and `&` to the same object: merge a copy.
                let copy = (*src).0.clone();
                return Ok(deref_mut(dst, "dst")?.0.merge(&copy)?);
            }
            let src = &deref(src, "src")?.0;
            Ok(deref_mut(dst, "dst")?.0.merge(src)?)
        })
    }
}

/// Writes the number of categories K to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_categories(stats: *const bk_dm_stats, out: *mut usize) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(stats, "stats")?.0.categories())) }
}

/// Writes the number of rows added (including rows whose counts are all zero)
/// to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_rows(stats: *const bk_dm_stats, out: *mut u64) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(stats, "stats")?.0.rows())) }
}

/// Writes the sum of the weights of the rows added to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_total_weight(stats: *const bk_dm_stats, out: *mut f64) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(stats, "stats")?.0.total_weight())) }
}

/// Serialises the statistics to a versioned, checksummed, platform-independent
/// byte format, into the caller's buffer `buf` of `cap` bytes, by the buffer
/// protocol of `docs/c-api.md`: `*len` receives the bytes needed; `buf` NULL
/// with `cap` 0 is a size query (`BK_OK`, computed without serialising); a
/// `cap` below `*len` is `BK_ERR_BUFFER_TOO_SMALL` with nothing written to
/// `buf`. Read the bytes back with [`bk_dm_stats_deserialize`].
///
/// ```c
/// size_t len;
/// bk_dm_stats_serialize(stats, NULL, 0, &len);
/// uint8_t *buf = malloc(len);
/// bk_dm_stats_serialize(stats, buf, len, &len);
/// ```
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `stats` or `len`, or a NULL `buf`
/// with `cap > 0` (nothing written); `BK_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_serialize(
    stats: *const bk_dm_stats,
    buf: *mut u8,
    cap: usize,
    len: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let s = &deref(stats, "stats")?.0;
            fill_with("statistics", s.serialized_len(), buf, cap, len, |out| {
                out.copy_from_slice(&s.to_bytes())
            })
        })
    }
}

/// Reads statistics written by [`bk_dm_stats_serialize`] from `len` bytes at
/// `bytes` (only read during the call) and writes a new handle to `*out`. The
/// caller owns it: release it with [`bk_dm_stats_free`].
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `out`, or a
/// NULL `bytes` with `len > 0`; `BK_ERR_CORRUPT` for anything that is not
/// intact statistics of this format version (wrong magic, unknown version,
/// checksum mismatch, truncation, trailing bytes, inconsistent contents, more
/// categories than the bytes hold or than `BK_MAX_CATEGORIES`);
/// `BK_ERR_OUT_OF_MEMORY` if the statistics cannot be allocated.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_deserialize(
    bytes: *const u8,
    len: usize,
    out: *mut *mut bk_dm_stats,
) -> bk_status {
    unsafe {
        guard(|| {
            need(out, "out")?;
            let b = slice(bytes, len, "bytes")?;
            new_handle(out, bk_dm_stats(DmStats::from_bytes(b)?, None))
        })
    }
}

/// Options of [`bk_dm_stats_read_file`]. Fill with
/// [`bk_dm_read_options_default`], then change what you need. Flags are
/// `uint8_t`: 0 is false, any other value true.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_dm_read_options {
    /// `sizeof(bk_dm_read_options)`, set by the default function.
    pub struct_size: u32,
    /// Field separator byte; 0 (the default) detects it from the first data
    /// line: a tab if it has one, else a comma. `'\n'` and `'\r'` are refused.
    pub delimiter: u8,
    /// The first line is a header, not data. Default 0.
    pub header: u8,
    /// The first field of each line is an id (any text), not a count. Default 0.
    pub id_column: u8,
    /// 0-based index (counting every field, the id included) of a field
    /// holding a row weight (a finite number ≥ 0); -1 (the default) for none.
    pub weight_column: i64,
    /// Skip bad rows (counted in `bk_dm_read_report.skipped`) instead of
    /// failing at the first. Default 0.
    pub skip_bad: u8,
    /// Parsing threads, 1 to 256 (default 1). The result does not depend on it.
    pub threads: u32,
    /// Keep each row with this probability, in (0, 1]; default 1 (keep all).
    /// Which rows are kept depends only on `seed` and the line number.
    pub sample_rate: f64,
    /// Thin a row whose total exceeds this to exactly this many counts, drawn
    /// without replacement (this leaves the fitted α unbiased); 0 (the
    /// default) for no cap.
    pub max_total: u64,
    /// Seed of the sampling and thinning decisions. Default 0.
    pub seed: u64,
}

super::versioned! {
    bk_dm_read_options { delimiter, header, id_column, weight_column, skip_bad, threads, sample_rate, max_total, seed }
    bk_dm_fit_options { max_iter, tol, hyperprior, drop_empty }
    bk_dm_read_report {}
    bk_dm_fit_summary {}
}

/// The defaults of [`bk_dm_read_options`], from the core's
/// `ReadOptions::default()` (its layout and row filter); "none" is 0 for the
/// delimiter and the cap, -1 for the weight column.
fn read_defaults() -> bk_dm_read_options {
    let d = ReadOptions::default();
    bk_dm_read_options {
        struct_size: std::mem::size_of::<bk_dm_read_options>() as u32,
        delimiter: d.layout.delimiter.unwrap_or(0),
        header: d.layout.header as u8,
        id_column: d.layout.id_column as u8,
        weight_column: d
            .layout
            .weight_column
            .map_or(-1, |w| i64::try_from(w).unwrap_or(i64::MAX)),
        skip_bad: d.skip_bad as u8,
        threads: u32::try_from(d.threads).unwrap_or(u32::MAX),
        sample_rate: d.filter.sample_rate,
        max_total: d.filter.max_total.unwrap_or(0),
        seed: d.filter.seed,
    }
}

/// What [`bk_dm_stats_read_file`] did besides building the statistics.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_dm_read_report {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// Always 0.
    pub reserved: u32,
    /// Data rows read (not counting the header, blank lines and skipped rows).
    pub rows: u64,
    /// Bad rows skipped (only with `skip_bad`).
    pub skipped: u64,
    /// Rows dropped by the sample rate.
    pub sampled_out: u64,
    /// Rows thinned to `max_total`.
    pub thinned: u64,
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_read_options_default(opts: *mut bk_dm_read_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", read_defaults())) }
}

/// The core's read options from a caller's (already read) options struct.
pub(super) fn read_options_in(o: &bk_dm_read_options) -> FfiResult<ReadOptions> {
    let delimiter = match o.delimiter {
        0 => None,
        b'\n' | b'\r' => {
            return Err(Error::invalid("delimiter must not be a line terminator ('\\n' or '\\r')").into())
        }
        d => Some(d),
    };
    let weight_column = match o.weight_column {
        -1 => None,
        w => Some(usize::try_from(w).map_err(|_| {
            Error::invalid(format!(
                "weight_column must be a 0-based field index or -1 for none, got {w}"
            ))
        })?),
    };
    let filter = RowFilter {
        sample_rate: o.sample_rate,
        max_total: (o.max_total != 0).then_some(o.max_total),
        seed: o.seed,
    };
    filter.validate()?;
    Ok(ReadOptions {
        layout: Layout {
            delimiter,
            header: o.header != 0,
            id_column: o.id_column != 0,
            weight_column,
        },
        skip_bad: o.skip_bad != 0,
        threads: o.threads as usize,
        filter,
    })
}

/// Reads a delimited text file of count rows (one row per line, one column per
/// category, optionally a header line, an id column and a weight column; blank
/// lines are ignored) into new statistics, written to `*out`. The caller owns
/// them: release with [`bk_dm_stats_free`]. `opts` may be NULL for the
/// defaults. `report` may be NULL; otherwise it receives the row counts.
/// Both `*out` and `*report` are written only on success.
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `path` or `out`; `BK_ERR_IO` if
/// the file cannot be read; `BK_ERR_PARSE` for a file without data rows, or
/// for a bad row (a field that is not a non-negative integer, a wrong number
/// of fields, a bad weight) unless `skip_bad` is set — the message reads
/// `path:line: reason`; `BK_ERR_INVALID_ARGUMENT` for bad options.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_read_file(
    path: *const c_char,
    opts: *const bk_dm_read_options,
    out: *mut *mut bk_dm_stats,
    report: *mut bk_dm_read_report,
) -> bk_status {
    unsafe {
        guard(|| {
            let path = path_in(path)?;
            need(out, "out")?;
            let o = read_options_in(&read_options(opts, read_defaults(), "opts")?)?;
            let (stats, r) = read_stats(path, &o)?;
            let first_skipped = r.first_skipped.clone();
            if !report.is_null() {
                let r = bk_dm_read_report {
                    struct_size: 0,
                    reserved: 0,
                    rows: r.rows,
                    skipped: r.skipped,
                    sampled_out: r.sampled_out,
                    thinned: r.thinned,
                };
                put_versioned(report, "report", r)?;
            }
            new_handle(out, bk_dm_stats(stats, first_skipped))
        })
    }
}

/// Copies the message of the first bad row that the [`bk_dm_stats_read_file`]
/// call which made `stats` skipped (with `skip_bad`; `path:line: reason`,
/// the text a read without `skip_bad` fails with) into `buf` as a
/// NUL-terminated UTF-8 string, by the buffer protocol of `docs/c-api.md`:
/// `*len` receives the bytes needed, the NUL included; `buf` NULL with `cap`
/// 0 is a size query (`BK_OK`); a `cap` below `*len` is
/// `BK_ERR_BUFFER_TOO_SMALL` with nothing written to `buf`. The text is
/// empty (`*len` = 1) when no row was skipped and for statistics made
/// otherwise; adding rows or merging statistics into `stats` does not
/// change it. It completes `bk_dm_read_report.skipped`, which counts the
/// rows (a result struct takes fixed-size fields only).
///
/// Errors (only `*len` written, and only for a short buffer):
/// `BK_ERR_NULL_POINTER` for a NULL `stats` or `len`, or a NULL `buf` with
/// `cap > 0`; `BK_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_stats_first_skipped(
    stats: *const bk_dm_stats,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let s = deref(stats, "stats")?;
            fill_text("message", s.1.as_deref().unwrap_or(""), buf, cap, len)
        })
    }
}

// ---------------------------------------------------------------- fitting

/// Options of [`bk_dm_fit`]. Fill with [`bk_dm_fit_options_default`], then
/// change what you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_dm_fit_options {
    /// `sizeof(bk_dm_fit_options)`, set by the default function.
    pub struct_size: u32,
    /// Most Newton iterations (≥ 1) before giving up with
    /// `BK_DM_NOT_CONVERGED`. Default 200.
    pub max_iter: u32,
    /// Stop when max_k |α_k·∂ℓ/∂α_k| ≤ tol·W (W the total row weight), in
    /// (0, 1e-2]. Default 1e-10.
    pub tol: f64,
    /// Weight H ≥ 0 of a hyperprior that acts as one extra row with one count
    /// in every category, seen H times: it keeps every α_k finite and > 0 (so
    /// a never-observed category is allowed) and pulls towards large A.
    /// Default 0 (plain maximum likelihood).
    pub hyperprior: f64,
    /// Non-zero: fit without the categories that have no counts at all (their
    /// α is reported as 0 and `bk_dm_result_dropped` flags them) instead of
    /// failing. Default 0.
    pub drop_empty: u8,
}

/// The defaults of [`bk_dm_fit_options`], from the core's `FitOptions::default()`.
fn fit_defaults() -> bk_dm_fit_options {
    let d = FitOptions::default();
    bk_dm_fit_options {
        struct_size: std::mem::size_of::<bk_dm_fit_options>() as u32,
        max_iter: u32::try_from(d.max_iter).unwrap_or(u32::MAX),
        tol: d.tol,
        hyperprior: d.hyperprior,
        drop_empty: d.drop_empty as u8,
    }
}

/// The core's fit options from a caller's (already read) options struct.
pub(super) fn fit_options_in(o: &bk_dm_fit_options) -> FitOptions {
    FitOptions {
        max_iter: o.max_iter as usize,
        tol: o.tol,
        hyperprior: o.hyperprior,
        drop_empty: o.drop_empty != 0,
    }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_fit_options_default(opts: *mut bk_dm_fit_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", fit_defaults())) }
}

/// How a fit ended: one of the `BK_DM_*` outcome values (a `uint32_t`).
/// Values are stable and never reused.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_dm_outcome(pub u32);

/// α is a finite (local) maximum: the gradient criterion was met.
pub const BK_DM_CONVERGED: bk_dm_outcome = bk_dm_outcome(0);
/// The data show no over-dispersion: the likelihood keeps rising as
/// A → ∞, the limit being the plain multinomial with the observed
/// proportions. α and A are +inf, θ = 0, the mean holds the multinomial
/// proportions.
pub const BK_DM_NO_OVERDISPERSION: bk_dm_outcome = bk_dm_outcome(1);
/// No row has a total of 2 or more (or fewer than two categories were
/// ever observed), so A cannot be estimated. α and A are NaN; the mean
/// holds the observed proportions.
pub const BK_DM_NOT_IDENTIFIABLE: bk_dm_outcome = bk_dm_outcome(2);
/// The iteration limit was reached first, or no step could raise the
/// likelihood. α is the last iterate; do not use it without checking.
pub const BK_DM_NOT_CONVERGED: bk_dm_outcome = bk_dm_outcome(3);

pub(crate) fn outcome_out(o: Outcome) -> bk_dm_outcome {
    match o {
        Outcome::Converged => BK_DM_CONVERGED,
        Outcome::NoOverdispersion => BK_DM_NO_OVERDISPERSION,
        Outcome::NotIdentifiable => BK_DM_NOT_IDENTIFIABLE,
        Outcome::NotConverged => BK_DM_NOT_CONVERGED,
        // An outcome this ABI does not know yet is not a result to use.
        _ => BK_DM_NOT_CONVERGED,
    }
}

/// The result of a fit (opaque, immutable; may be read from several threads
/// at once). Made by [`bk_dm_fit`]; the caller owns it and releases it with
/// [`bk_dm_result_free`].
pub struct bk_dm_result(DmFit);

/// The scalar results of a fit. Read `outcome` before using the rest.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_dm_fit_summary {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// How the fit ended (see `bk_dm_outcome` for the degenerate cases).
    pub outcome: bk_dm_outcome,
    /// Number of categories K of the statistics (dropped ones included).
    pub categories: usize,
    /// A = Σα: +inf for `BK_DM_NO_OVERDISPERSION`, NaN for
    /// `BK_DM_NOT_IDENTIFIABLE`.
    pub alpha_sum: f64,
    /// θ = 1/(1 + A): 0 is the multinomial limit, 1 the most over-dispersed.
    /// 0 for `BK_DM_NO_OVERDISPERSION`, NaN for `BK_DM_NOT_IDENTIFIABLE`.
    pub theta: f64,
    /// Weighted log-likelihood of the data, including the multinomial
    /// coefficients (Σ_rows w·ln P(row | α)), without the hyperprior term.
    /// Equal to `loglik_multinomial` for the two degenerate outcomes.
    pub loglik: f64,
    /// The same for the plain multinomial at the observed proportions (the
    /// A → ∞ limit).
    pub loglik_multinomial: f64,
    /// Likelihood-ratio statistic 2·(loglik − loglik_multinomial) for
    /// over-dispersion.
    pub lr_stat: f64,
    /// Its p-value ½·P(χ²₁ > lr_stat) (θ = 0 lies on the boundary); 1 when
    /// lr_stat = 0.
    pub lr_pvalue: f64,
    /// AIC = 2K' − 2·loglik, K' the fitted (not dropped) categories. NaN for
    /// `BK_DM_NOT_IDENTIFIABLE`.
    pub aic: f64,
    /// BIC = K'·ln W − 2·loglik. NaN for `BK_DM_NOT_IDENTIFIABLE`.
    pub bic: f64,
    /// Newton iterations taken.
    pub iterations: usize,
    /// Final max_k |α_k·∂/∂α_k| / W of the objective (the stopping criterion).
    pub grad_norm: f64,
    /// Total weight W of the rows with a non-zero total.
    pub weight: f64,
}

/// Fits the Dirichlet–multinomial α to the statistics by maximum likelihood
/// (or MAP with a hyperprior) and writes a new result handle to `*out`. The
/// caller owns it: release it with [`bk_dm_result_free`]. `stats` is only
/// read and stays owned by the caller (it may be freed right after).
/// `opts` may be NULL for the defaults.
///
/// Degenerate data and non-convergence are not errors: they are reported in
/// the summary's `outcome` (read it first).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `stats` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for bad options, statistics without any
/// counts, or a category with no counts at all when neither `drop_empty` nor a
/// hyperprior is set.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_fit(
    stats: *const bk_dm_stats,
    opts: *const bk_dm_fit_options,
    out: *mut *mut bk_dm_result,
) -> bk_status {
    unsafe {
        guard(|| {
            let s = &deref(stats, "stats")?.0;
            need(out, "out")?;
            let o = read_options(opts, fit_defaults(), "opts")?;
            let f = fit(s, &fit_options_in(&o))?;
            new_handle(out, bk_dm_result(f))
        })
    }
}

/// Frees a fit result. NULL is a no-op. Arrays copied out of it stay valid.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_dm_result_free(result: *mut bk_dm_result) {
    unsafe { free_handle(result) }
}

/// Writes the scalar results of the fit to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_result_summary(
    result: *const bk_dm_result,
    out: *mut bk_dm_fit_summary,
) -> bk_status {
    unsafe {
        guard(|| {
            let f = &deref(result, "result")?.0;
            let s = bk_dm_fit_summary {
                struct_size: 0,
                outcome: outcome_out(f.outcome),
                categories: f.alpha.len(),
                alpha_sum: f.alpha_sum,
                theta: f.theta,
                loglik: f.loglik,
                loglik_multinomial: f.loglik_multinomial,
                lr_stat: f.lr_stat,
                lr_pvalue: f.lr_pvalue,
                aic: f.aic,
                bic: f.bic,
                iterations: f.iterations,
                grad_norm: f.grad_norm,
                weight: f.weight,
            };
            put_versioned(out, "out", s)
        })
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn copy_out(
    result: *const bk_dm_result,
    out: *mut f64,
    k: usize,
    get: fn(&DmFit) -> &[f64],
) -> FfiResult<()> {
    unsafe {
        let f = &deref(result, "result")?.0;
        let v = get(f);
        out_k(out, k, v.len(), "out")?.copy_from_slice(v);
        Ok(())
    }
}

/// Copies α (`k` values, `k` = the categories) into the caller's `out`.
/// A dropped category has α = 0; every α is +inf for
/// `BK_DM_NO_OVERDISPERSION` and NaN for `BK_DM_NOT_IDENTIFIABLE` (dropped
/// categories keep 0).
///
/// Errors (`out` untouched): `BK_ERR_NULL_POINTER`; `BK_ERR_INVALID_ARGUMENT`
/// if `k` differs from the categories.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_result_alpha(
    result: *const bk_dm_result,
    out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe { guard(|| copy_out(result, out, k, |f| &f.alpha)) }
}

/// Copies the mean proportions π_k = α_k/A (`k` values) into `out`: the
/// multinomial proportions for `BK_DM_NO_OVERDISPERSION`, the observed
/// proportions for `BK_DM_NOT_IDENTIFIABLE`, 0 for a dropped category.
/// Errors as [`bk_dm_result_alpha`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_result_mean(
    result: *const bk_dm_result,
    out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe { guard(|| copy_out(result, out, k, |f| &f.mean)) }
}

/// Copies the standard errors of α_k (`k` values, from the observed
/// information) into `out`: NaN unless the outcome is `BK_DM_CONVERGED`,
/// 0 for a dropped category. Errors as [`bk_dm_result_alpha`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_result_std_errors(
    result: *const bk_dm_result,
    out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe { guard(|| copy_out(result, out, k, |f| &f.std_errors)) }
}

/// Writes, for each of the `k` categories, 1 if it was dropped (it had no
/// counts and `drop_empty` was set) and 0 otherwise. Errors as
/// [`bk_dm_result_alpha`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_result_dropped(
    result: *const bk_dm_result,
    out: *mut u8,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let f = &deref(result, "result")?.0;
            let out = out_k(out, k, f.alpha.len(), "out")?;
            out.fill(0);
            for &d in &f.dropped {
                out[d] = 1;
            }
            Ok(())
        })
    }
}

// ---------------------------------------------------------------- applying a prior

/// A Dirichlet prior α applied to rows of counts (opaque, immutable; may be
/// used from several threads at once). Made by [`bk_dm_prior_new`]; the caller
/// owns it and releases it with [`bk_dm_prior_free`].
pub struct bk_dm_prior(Prior);

/// What [`bk_dm_prior_score_rows`] ranks rows by: one of the `BK_DM_RANK_*`
/// values. A plain integer so that any value a caller passes is defined;
/// others are refused with `BK_ERR_INVALID_ARGUMENT`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_dm_rank_by(pub u32);

/// Rank by the posterior mean of the category.
pub const BK_DM_RANK_MEAN: bk_dm_rank_by = bk_dm_rank_by(0);

/// Rank by the lower end of the category's equal-tailed credible interval at
/// the given level: a row needs both a high rate and enough evidence to rank
/// high.
pub const BK_DM_RANK_LOWER: bk_dm_rank_by = bk_dm_rank_by(1);

/// Creates a prior from `k ≥ 2` concentrations α (each finite and > 0; `alpha`
/// is copied) and writes the new handle to `*out`. The caller owns it:
/// release it with [`bk_dm_prior_free`]. A fit's α can be used when its
/// outcome is `BK_DM_CONVERGED` and no category was dropped.
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `out`, or a NULL `alpha` with
/// `k > 0`; `BK_ERR_INVALID_ARGUMENT` for `k < 2` or an α that is not finite
/// and positive (a dropped category's 0, the +inf or NaN of a degenerate fit).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_prior_new(
    alpha: *const f64,
    k: usize,
    out: *mut *mut bk_dm_prior,
) -> bk_status {
    unsafe {
        guard(|| {
            need(out, "out")?;
            new_handle(out, bk_dm_prior(Prior::new(slice(alpha, k, "alpha")?)?))
        })
    }
}

/// Frees a prior. NULL is a no-op.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_dm_prior_free(prior: *mut bk_dm_prior) {
    unsafe { free_handle(prior) }
}

/// Writes the posterior means (α_k + x_k)/(A + n) of a row of `k` counts
/// `counts` (n their total) into the caller's `out` (`k` values).
///
/// Errors (`out` untouched): `BK_ERR_NULL_POINTER`; `BK_ERR_INVALID_ARGUMENT`
/// if `k` differs from the prior's categories.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_prior_posterior_mean(
    prior: *const bk_dm_prior,
    counts: *const u64,
    k: usize,
    out: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = &deref(prior, "prior")?.0;
            if k > 0 {
                need(out, "out")?;
            }
            let row = row_in(counts, k, p.categories(), "counts")?;
            let out = slice_mut(out, k, "out")?;
            Ok(p.posterior_mean(row, out)?)
        })
    }
}

/// Writes the equal-tailed credible interval at `level` in (0, 1) of the
/// probability of category `category` (0-based) for a row of `k` counts: the
/// quantiles (1 ∓ level)/2 of its posterior marginal
/// Beta(α_c + x_c, A + n − α_c − x_c), to `*lo` and `*hi`.
///
/// Errors (`*lo`, `*hi` untouched): `BK_ERR_NULL_POINTER`;
/// `BK_ERR_INVALID_ARGUMENT` if `k` differs from the prior's categories,
/// `category ≥ k`, or `level` is outside (0, 1).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_prior_interval(
    prior: *const bk_dm_prior,
    counts: *const u64,
    k: usize,
    category: usize,
    level: f64,
    lo: *mut f64,
    hi: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = &deref(prior, "prior")?.0;
            need(lo, "lo")?;
            need(hi, "hi")?;
            let row = row_in(counts, k, p.categories(), "counts")?;
            let (l, h) = p.interval(row, category, level)?;
            put(lo, "lo", l)?;
            put(hi, "hi", h)
        })
    }
}

/// Writes the equal-tailed credible interval at `level` in (0, 1) of every
/// category's probability for `n_rows` rows of `k` counts stored row-major
/// in `counts` (`n_rows · k` values): the lower ends to `lo_out` and the
/// upper ends to `hi_out` (`n_rows · k` values each, row-major, so
/// `lo_out[i·k + c]` is row i's category c), each bit for bit what
/// [`bk_dm_prior_interval`] gives for that row and category. One call for a
/// batch of rows where `bk_dm_prior_interval` would take `n_rows · k`.
/// Every argument and every row is checked before anything is written, and
/// the intervals are computed aside (one allocation per call) and copied at
/// the end, so on failure both outputs are untouched. `n_rows = 0` is valid
/// (the arguments are still checked). `counts` is only read.
///
/// ```c
/// uint64_t counts[2 * 3] = {0, 3, 1, 30, 270, 12};   // 2 rows of K = 3
/// double lo[2 * 3], hi[2 * 3];
/// bk_dm_prior_intervals(prior, counts, 2, 3, 0.9, lo, hi);
/// ```
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `prior`, or a NULL `counts`,
/// `lo_out` or `hi_out` with `n_rows · k > 0`; `BK_ERR_INVALID_ARGUMENT` if
/// `k` differs from the prior's categories, `level` is outside (0, 1), the
/// arrays overlap, or `n_rows · k` is too large for memory;
/// `BK_ERR_OUT_OF_MEMORY` if the intervals cannot be computed aside;
/// `BK_ERR_NO_CONVERGENCE` if a quantile could not be computed (the
/// message names the row).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_prior_intervals(
    prior: *const bk_dm_prior,
    counts: *const u64,
    n_rows: usize,
    k: usize,
    level: f64,
    lo_out: *mut f64,
    hi_out: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = &deref(prior, "prior")?.0;
            let n = array_len::<f64>(n_rows, k, "counts")?;
            if n > 0 {
                need(counts, "counts")?;
                need(lo_out, "lo_out")?;
                need(hi_out, "hi_out")?;
            }
            check_k(k, p.categories())?;
            check_level(level)?;
            disjoint(&[
                region(counts, n, false, "counts"),
                region(lo_out, n, true, "lo_out"),
                region(hi_out, n, true, "hi_out"),
            ])?;
            let counts = slice(counts, n, "counts")?;
            // Both ends of every interval aside, so that a row that fails leaves the outputs as they were.
            let mut tmp: Vec<f64> = Vec::new();
            try_reserve(&mut tmp, 2 * n, "the intervals")?;
            for (i, row) in counts.chunks_exact(k).enumerate() {
                for c in 0..k {
                    let (l, h) = p.interval(row, c, level).map_err(|e| match e {
                        Error::NoConvergence(m) => {
                            Error::NoConvergence(format!("row {i}, category {c}: {m}"))
                        }
                        Error::InvalidArgument(m) => Error::InvalidArgument(format!("row {i}: {m}")),
                        other => other,
                    })?;
                    tmp.push(l);
                    tmp.push(h);
                }
            }
            let lo = slice_mut(lo_out, n, "lo_out")?;
            for (o, t) in lo.iter_mut().zip(tmp.chunks_exact(2)) {
                *o = t[0];
            }
            let hi = slice_mut(hi_out, n, "hi_out")?;
            for (o, t) in hi.iter_mut().zip(tmp.chunks_exact(2)) {
                *o = t[1];
            }
            Ok(())
        })
    }
}

fn rank_by_in(by: bk_dm_rank_by, category: usize, level: f64, categories: usize) -> FfiResult<RankBy> {
    if category >= categories {
        return Err(Error::invalid(format!("category {category} out of range (K = {categories})")).into());
    }
    match by {
        BK_DM_RANK_MEAN => Ok(RankBy::Mean(category)),
        BK_DM_RANK_LOWER => Ok(RankBy::Lower {
            k: category,
            level: check_level(level)?,
        }),
        bk_dm_rank_by(other) => Err(Error::invalid(format!("by must be mean or lower (got {other})")).into()),
    }
}

/// Scores `n_rows` rows of `k` counts stored row-major in `counts`
/// (`n_rows · k` values) for ranking (higher ranks first), writing one score
/// per row into the caller's `scores` (`n_rows` values). `by` is
/// `BK_DM_RANK_MEAN` (the posterior mean of category `category`; `level` is
/// ignored) or `BK_DM_RANK_LOWER` (the lower end of that category's
/// equal-tailed credible interval at `level` in (0, 1)). Every argument and
/// row is checked before `scores` is written, so on failure it is untouched.
/// `n_rows = 0` is valid (arguments are still checked).
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `prior`, or a NULL array of
/// non-zero length; `BK_ERR_INVALID_ARGUMENT` if `k` differs from the prior's
/// categories, `by` is not a `BK_DM_RANK_*` value, `category ≥ k`, or (for
/// `BK_DM_RANK_LOWER`) `level` is outside (0, 1); `BK_ERR_OUT_OF_MEMORY` if
/// the `n_rows` scores of `BK_DM_RANK_LOWER` (computed aside, then copied)
/// cannot be allocated.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_dm_prior_score_rows(
    prior: *const bk_dm_prior,
    counts: *const u64,
    n_rows: usize,
    k: usize,
    by: bk_dm_rank_by,
    category: usize,
    level: f64,
    scores: *mut f64,
) -> bk_status {
    unsafe {
        guard(|| {
            let p = &deref(prior, "prior")?.0;
            let n = array_len::<u64>(n_rows, k, "counts")?;
            if n > 0 {
                need(counts, "counts")?;
            }
            if n_rows > 0 {
                need(scores, "scores")?;
            }
            check_k(k, p.categories())?;
            let by = rank_by_in(by, category, level, p.categories())?;
            let counts = slice(counts, n, "counts")?;
            let scores = slice_mut(scores, n_rows, "scores")?;
            match by {
                RankBy::Mean(c) => {
                    // A row's marginal is all that can fail: check every row, then write.
                    for row in counts.chunks_exact(k) {
                        p.marginal(row, c)?;
                    }
                    for (s, row) in scores.iter_mut().zip(counts.chunks_exact(k)) {
                        *s = p.marginal(row, c)?.mean();
                    }
                }
                RankBy::Lower { .. } => {
                    // A quantile can fail too (in principle): compute aside, then copy.
                    let mut tmp: Vec<f64> = Vec::new();
                    try_reserve(&mut tmp, n_rows, "scores")?;
                    for row in counts.chunks_exact(k) {
                        tmp.push(p.score(row, by)?);
                    }
                    scores.copy_from_slice(&tmp);
                }
            }
            Ok(())
        })
    }
}
