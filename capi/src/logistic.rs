//! C ABI of sparse multinomial logistic regression: labelled data
//! ([`bk_logistic_data`]), training ([`bk_logistic_train`]), the model
//! ([`bk_logistic_model`]) with its file format and allocation-free scoring,
//! and evaluation ([`bk_logistic_evaluate`]).
//!
//! Ownership: each handle is created by one of its constructors and released
//! by its own `*_free`; the library never keeps a pointer the caller passed in
//! (arrays are copied or only read during the call), and never returns memory
//! other than handles. Both handles are immutable once made: any number of
//! threads may use one at the same time.
//!
//! Parameters that C callers pass as enumerations (`bk_logistic_id_base`) are
//! plain integers and are validated, so an out-of-range value is a
//! `BK_ERR_INVALID_ARGUMENT`, not undefined behaviour. Flags in the options
//! structs are `uint8_t` (0 = false, any other value = true).

use super::{
    array_len, bk_status, deref, fill, fill_text, free_handle, guard, need, new_handle, path_in, put,
    put_versioned, read_options, slice, slice_mut, FfiResult,
};
use bayeskit::limits::{try_reserve, MAX_CLASSES};
use bayeskit::logistic::{
    evaluate, read_phrases, read_svmlight, train, Csr, Dataset, EvalOptions, FeatureSpace, IdBase,
    LaplaceMethod, Model, PhraseFeatures, PhraseIndex, PhraseOptions, ReadReport, SvmlightOptions,
    TrainOptions, DEFAULT_HASH_SEED,
};
use bayeskit::Error;
use std::ffi::{c_char, CStr};
use std::sync::OnceLock;

// ---------------------------------------------------------------- helpers

/// A caller's `k` must equal the model's number of classes.
pub(super) fn check_k(k: usize, classes: usize) -> FfiResult<()> {
    if k == classes {
        Ok(())
    } else {
        Err(Error::invalid(format!("k = {k}, but the model has {classes} classes")).into())
    }
}

/// The `n_rows + 1` entries of a caller's `indptr`, checked to be a CSR row
/// pointer over `nnz` entries (starts at 0, never decreases, ends at `nnz`)
/// before any index or value is read through it.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(super) unsafe fn indptr_in<'a>(
    indptr: *const usize,
    n_rows: usize,
    nnz: usize,
) -> FfiResult<&'a [usize]> {
    unsafe {
        need(indptr, "indptr")?;
        let len = n_rows
            .checked_add(1)
            .filter(|&n| n <= isize::MAX as usize / std::mem::size_of::<usize>())
            .ok_or_else(|| Error::invalid(format!("n_rows = {n_rows} is too large")))?;
        let p = slice(indptr, len, "indptr")?;
        if p[0] != 0 {
            return Err(Error::invalid(format!("indptr[0] = {}, must be 0", p[0])).into());
        }
        if let Some(r) = p.windows(2).position(|w| w[1] < w[0]) {
            return Err(Error::invalid(format!(
                "indptr decreases at row {r}: indptr[{r}] = {}, indptr[{}] = {}",
                p[r],
                r + 1,
                p[r + 1]
            ))
            .into());
        }
        if p[n_rows] != nnz {
            return Err(Error::invalid(format!("indptr[n_rows] = {}, but nnz = {nnz}", p[n_rows])).into());
        }
        Ok(p)
    }
}

/// A copy of `s`, or [`Error::OutOfMemory`] (`BK_ERR_OUT_OF_MEMORY`) naming `what`.
fn try_copy<T: Copy>(s: &[T], what: &str) -> FfiResult<Vec<T>> {
    let mut v = Vec::new();
    try_reserve(&mut v, s.len(), what)?;
    v.extend_from_slice(s);
    Ok(v)
}

/// Checks every row of a batch ([`Model::check_row`]) before any output is
/// written, so a bad row leaves the outputs untouched.
pub(crate) fn check_batch(
    m: &Model,
    indptr: &[usize],
    ids: &[u32],
    values: &[f64],
    variances: bool,
) -> FfiResult<()> {
    for (i, w) in indptr.windows(2).enumerate() {
        m.check_row(&ids[w[0]..w[1]], &values[w[0]..w[1]], variances)
            .map_err(|e| Error::invalid(format!("row {i}: {e}")))?;
    }
    Ok(())
}

// ---------------------------------------------------------------- data

/// A labelled sparse data set (opaque, immutable; may be used from several
/// threads at once): rows of (feature id, value) pairs, a class per row,
/// optional row weights, the class labels and the feature space.
///
/// Made by [`bk_logistic_data_from_csr`], [`bk_logistic_data_read_svmlight`],
/// [`bk_logistic_data_read_phrases`] or [`bk_logistic_data_read_phrases_for`];
/// the caller owns it and releases it with [`bk_logistic_data_free`]. Models
/// trained from it and evaluations of it do not refer to it afterwards.
///
/// Besides the data it keeps the message of the first bad row its read
/// skipped, for [`bk_logistic_data_first_skipped`].
pub struct bk_logistic_data(pub(super) Dataset, Option<String>);

/// Builds a data set from a CSR matrix and writes the new handle to `*out`;
/// the caller owns it: release it with [`bk_logistic_data_free`]. Every array
/// is copied, so the caller may free them right after the call.
///
/// - `indptr`: `n_rows + 1` row offsets (`indptr[0] = 0`, never decreasing,
///   `indptr[n_rows] = nnz`); row `i` is entries `indptr[i] .. indptr[i+1]`.
///   It is checked before any entry is read through it.
/// - `indices`, `values`: `nnz` feature ids and values; within a row the ids
///   are strictly increasing and below `n_features`, every value is finite.
/// - `labels`: `n_rows` class indices, each below `n_classes ≥ 1`. The classes
///   are labelled `"0"`, `"1"`, …, `"K-1"` (as text, see
///   [`bk_logistic_model_label`]).
/// - `weights`: `n_rows` row weights (finite, ≥ 0), or NULL for weight 1 each.
///
/// The feature space is the ids `0 .. n_features - 1` (used as given).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `out`,
/// `indptr` or `labels`, or a NULL `indices`/`values` with `nnz > 0`;
/// `BK_ERR_INVALID_ARGUMENT` for `n_rows = 0`, `n_classes = 0`, a bad
/// `indptr`, an id out of order or ≥ `n_features`, a value that is not finite,
/// a label ≥ `n_classes`, a bad weight, or `n_features > 2^32` (the message
/// names the first bad row); `BK_ERR_OUT_OF_MEMORY` if the copies cannot be
/// allocated.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_from_csr(
    indptr: *const usize,
    n_rows: usize,
    indices: *const u32,
    values: *const f64,
    nnz: usize,
    n_features: usize,
    labels: *const u32,
    n_classes: usize,
    weights: *const f64,
    out: *mut *mut bk_logistic_data,
) -> bk_status {
    unsafe {
        guard(|| {
            need(out, "out")?;
            if n_rows == 0 {
                need(indptr, "indptr")?;
                return Err(Error::invalid("no rows: n_rows must be >= 1").into());
            }
            let p = indptr_in(indptr, n_rows, nnz)?;
            let ix = slice(indices, nnz, "indices")?;
            let vs = slice(values, nnz, "values")?;
            need(labels, "labels")?;
            let y = slice(labels, n_rows, "labels")?;
            let w = if weights.is_null() {
                None
            } else {
                Some(slice(weights, n_rows, "weights")?)
            };
            if n_classes == 0 {
                return Err(Error::invalid("n_classes must be >= 1").into());
            }
            if n_classes > u32::MAX as usize {
                return Err(
                    Error::invalid(format!("n_classes = {n_classes} exceeds the u32 label range")).into(),
                );
            }
            let (p, ix) = (
                try_copy(p, "a copy of indptr")?,
                try_copy(ix, "a copy of the ids")?,
            );
            let (vs, y) = (
                try_copy(vs, "a copy of the values")?,
                try_copy(y, "a copy of the labels")?,
            );
            let w = w.map(|w| try_copy(w, "a copy of the weights")).transpose()?;
            // Labels are checked before n_classes strings are made.
            if let Some((r, &c)) = y.iter().enumerate().find(|(_, &c)| c as usize >= n_classes) {
                return Err(Error::invalid(format!("row {r}: label {c} >= n_classes = {n_classes}")).into());
            }
            if n_classes > MAX_CLASSES {
                return Err(Error::invalid(format!(
                    "n_classes = {n_classes} exceeds the limit of {MAX_CLASSES}"
                ))
                .into());
            }
            let mut classes = Vec::new();
            try_reserve(&mut classes, n_classes, "the class labels")?;
            classes.extend((0..n_classes).map(|c| c.to_string()));
            let data = Dataset {
                x: Csr::new(p, ix, vs, n_features)?,
                y,
                weights: w,
                classes,
                features: FeatureSpace::Indexed { n: n_features },
            };
            data.validate()?;
            new_handle(out, bk_logistic_data(data, None))
        })
    }
}

/// How the feature ids of a svmlight file are numbered: one of the
/// `BK_LOGISTIC_ID_BASE_*` values. A plain integer so that any value a caller
/// passes is defined; others are refused with `BK_ERR_INVALID_ARGUMENT`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_logistic_id_base(pub u32);

/// The first feature is id 0; ids are used as written.
pub const BK_LOGISTIC_ID_BASE_ZERO: bk_logistic_id_base = bk_logistic_id_base(0);

/// The first feature is id 1 (libsvm's convention, the default); id `i`
/// becomes column `i − 1`, and an id 0 is a bad row.
pub const BK_LOGISTIC_ID_BASE_ONE: bk_logistic_id_base = bk_logistic_id_base(1);

/// 0-based if any id in the file is 0, else 1-based (scikit-learn's
/// `zero_based="auto"`). Read files meant for the same model (train and test)
/// with an explicit base. In a [`bk_logistic_read_report`] of a phrase file
/// (which has no ids) it means "not applicable".
pub const BK_LOGISTIC_ID_BASE_AUTO: bk_logistic_id_base = bk_logistic_id_base(2);

/// Options of the `bk_logistic_data_read_*` functions. Fill with
/// [`bk_logistic_read_options_default`], then change what you need. Fields
/// that do not apply to a reader are ignored by it. Flags are `uint8_t`: 0 is
/// false, any other value true.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_read_options {
    /// `sizeof(bk_logistic_read_options)`, set by the default function.
    pub struct_size: u32,
    /// svmlight: how ids are numbered, a `BK_LOGISTIC_ID_BASE_*` value.
    /// Default `BK_LOGISTIC_ID_BASE_ONE`.
    pub id_base: bk_logistic_id_base,
    /// svmlight: the number of features (at most 2^32); 0 (the default) takes
    /// the largest id + 1. With a value, a larger id is a bad row (e.g.
    /// reading a test file for a model).
    pub n_features: u64,
    /// Phrases with a dictionary: keep at most this many phrases (the most
    /// frequent by total count, ties by phrase); 0 (the default) for no limit.
    pub max_features: u64,
    /// Phrases with a dictionary: keep only phrases whose total count over
    /// the file is at least this. Default 1.
    pub min_count: u64,
    /// Phrases: 0 (the default) builds a dictionary from the file; 1 to 31
    /// hashes each phrase to one of 2^hash_bits ids with MurmurHash3_x86_32
    /// (as Spark's `HashingTF`; `max_features` and `min_count` are then
    /// ignored).
    pub hash_bits: u32,
    /// Phrases with hashing: the hash seed. Default 42 (Spark's).
    pub hash_seed: u32,
    /// Skip bad rows (counted in `bk_logistic_read_report.skipped`) instead of
    /// failing at the first. Default 0.
    pub skip_bad: u8,
}

super::versioned! {
    bk_logistic_read_options { id_base, n_features, max_features, min_count, hash_bits, hash_seed, skip_bad }
    bk_logistic_train_options { max_iter, lambda, l1_ratio, tol, threads, laplace, max_gap }
    bk_logistic_eval_options { clip }
    bk_logistic_read_report {}
    bk_logistic_info {}
    bk_logistic_eval {}
}

/// The defaults of [`bk_logistic_read_options`], from the core's: the svmlight
/// fields from `SvmlightOptions::default()`, the phrase fields from
/// `PhraseOptions::default()` (a dictionary, so `hash_bits` 0) and
/// [`DEFAULT_HASH_SEED`] for the seed used when a caller asks for hashing.
fn read_defaults() -> bk_logistic_read_options {
    let svmlight = SvmlightOptions::default();
    let phrases = PhraseOptions::default();
    let PhraseFeatures::Dictionary {
        max_features,
        min_count,
    } = phrases.features
    else {
        unreachable!("the core's default phrase features are a dictionary (hash_bits 0 in C)")
    };
    bk_logistic_read_options {
        struct_size: std::mem::size_of::<bk_logistic_read_options>() as u32,
        id_base: id_base_code(svmlight.id_base),
        n_features: svmlight.n_features.map_or(0, |n| n as u64),
        max_features: max_features.map_or(0, |n| n as u64),
        min_count,
        hash_bits: 0,
        hash_seed: DEFAULT_HASH_SEED,
        // One flag for every reader; the core's readers agree on it (tested).
        skip_bad: svmlight.skip_bad as u8,
    }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_read_options_default(opts: *mut bk_logistic_read_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", read_defaults())) }
}

/// What a `bk_logistic_data_read_*` call did besides building the data.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_read_report {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// svmlight: the id base used (`BK_LOGISTIC_ID_BASE_ZERO` or `_ONE`, with
    /// `_AUTO` resolved); phrase files: `BK_LOGISTIC_ID_BASE_AUTO`.
    pub id_base: bk_logistic_id_base,
    /// Data rows read (not counting blank, comment and skipped lines).
    pub rows: u64,
    /// Bad rows skipped (only with `skip_bad`).
    pub skipped: u64,
    /// Phrase files: `phrase:count` fields dropped because their phrase is not
    /// in the dictionary (0 with hashing and for svmlight).
    pub out_of_vocabulary: u64,
}

/// The `BK_LOGISTIC_ID_BASE_*` value of an id base.
fn id_base_code(b: IdBase) -> bk_logistic_id_base {
    match b {
        IdBase::Zero => BK_LOGISTIC_ID_BASE_ZERO,
        IdBase::One => BK_LOGISTIC_ID_BASE_ONE,
        IdBase::Auto => BK_LOGISTIC_ID_BASE_AUTO,
    }
}

fn report_out(r: &ReadReport) -> bk_logistic_read_report {
    bk_logistic_read_report {
        struct_size: 0,
        rows: r.rows,
        skipped: r.skipped,
        out_of_vocabulary: r.out_of_vocabulary,
        // A phrase file has no id base: AUTO means "not applicable" there.
        id_base: r.id_base.map_or(BK_LOGISTIC_ID_BASE_AUTO, id_base_code),
    }
}

fn u64_to_usize(v: u64, name: &str) -> FfiResult<usize> {
    usize::try_from(v).map_err(|_| Error::invalid(format!("{name} = {v} is too large")).into())
}

/// The core's svmlight options from a caller's (already read) options struct.
pub(super) fn svmlight_options_in(o: &bk_logistic_read_options) -> FfiResult<SvmlightOptions> {
    let id_base = match o.id_base {
        BK_LOGISTIC_ID_BASE_ZERO => IdBase::Zero,
        BK_LOGISTIC_ID_BASE_ONE => IdBase::One,
        BK_LOGISTIC_ID_BASE_AUTO => IdBase::Auto,
        bk_logistic_id_base(other) => {
            return Err(Error::invalid(format!("id_base must be zero, one or auto (got {other})")).into())
        }
    };
    let n_features = match o.n_features {
        0 => None,
        n => Some(u64_to_usize(n, "n_features")?),
    };
    Ok(SvmlightOptions {
        id_base,
        n_features,
        skip_bad: o.skip_bad != 0,
    })
}

/// The core's phrase options from a caller's (already read) options struct.
pub(super) fn phrase_options_in(o: &bk_logistic_read_options) -> FfiResult<PhraseOptions> {
    let features = match o.hash_bits {
        0 => PhraseFeatures::Dictionary {
            max_features: match o.max_features {
                0 => None,
                n => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            },
            min_count: o.min_count,
        },
        bits => PhraseFeatures::Hashing {
            bits,
            seed: o.hash_seed,
        },
    };
    Ok(PhraseOptions {
        features,
        skip_bad: o.skip_bad != 0,
    })
}

/// Publishes a read's data and (if `report` is not NULL) its report.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn read_out(
    (data, r): (Dataset, ReadReport),
    out: *mut *mut bk_logistic_data,
    report: *mut bk_logistic_read_report,
) -> FfiResult<()> {
    unsafe {
        if !report.is_null() {
            put_versioned(report, "report", report_out(&r))?;
        }
        new_handle(out, bk_logistic_data(data, r.first_skipped))
    }
}

/// Reads a svmlight/libsvm file (`label id:value id:value ... [# comment]`
/// per line; `qid:` fields ignored; blank and comment lines skipped; a
/// repeated id in a row has its values summed) and writes the new data handle
/// to `*out`; the caller owns it: release it with [`bk_logistic_data_free`].
/// `opts` may be NULL for the defaults (1-based ids, the feature count from
/// the file, no skipping); only `id_base`, `n_features` and `skip_bad` apply.
/// `report` may be NULL; otherwise it receives the row counts. Both `*out`
/// and `*report` are written only on success.
///
/// Labels are kept as text; the classes are the distinct labels, sorted
/// numerically if every label is a number (`-1` before `+1`, `2` before
/// `10`), else by their bytes. The data have no row weights.
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `path` or `out`; `BK_ERR_IO` if
/// the file cannot be read; `BK_ERR_PARSE` for a file without data rows or a
/// bad line unless `skip_bad` is set — the message reads `path:line: reason`;
/// `BK_ERR_INVALID_ARGUMENT` for bad options (an unknown `id_base`,
/// `n_features > 2^32`, `struct_size < 4`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_read_svmlight(
    path: *const c_char,
    opts: *const bk_logistic_read_options,
    out: *mut *mut bk_logistic_data,
    report: *mut bk_logistic_read_report,
) -> bk_status {
    unsafe {
        guard(|| {
            let path = path_in(path)?;
            need(out, "out")?;
            let o = svmlight_options_in(&read_options(opts, read_defaults(), "opts")?)?;
            read_out(read_svmlight(path, &o)?, out, report)
        })
    }
}

/// Reads a phrase TSV file (`label<TAB>phrase:count<TAB>phrase:count...` per
/// line; the phrase is everything before the last `:` of its field; counts
/// are finite numbers ≥ 0; blank lines skipped) and writes the new data handle
/// to `*out`; the caller owns it: release it with [`bk_logistic_data_free`].
/// `opts` may be NULL for the defaults (a dictionary of every phrase, no
/// skipping); `max_features`, `min_count`, `hash_bits`, `hash_seed` and
/// `skip_bad` apply. `report` may be NULL; otherwise it receives the row
/// counts. Both `*out` and `*report` are written only on success.
///
/// With a dictionary, id 0 is the most frequent phrase (by total count, ties
/// by phrase); the classes are sorted as by [`bk_logistic_data_read_svmlight`].
/// To read a test file for a trained model, use
/// [`bk_logistic_data_read_phrases_for`] instead, which uses the model's
/// dictionary or hashing.
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `path` or `out`; `BK_ERR_IO` if
/// the file cannot be read; `BK_ERR_PARSE` for a file without data rows or a
/// bad line unless `skip_bad` is set — the message reads `path:line: reason`;
/// `BK_ERR_INVALID_ARGUMENT` for bad options (`hash_bits > 31`,
/// `struct_size < 4`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_read_phrases(
    path: *const c_char,
    opts: *const bk_logistic_read_options,
    out: *mut *mut bk_logistic_data,
    report: *mut bk_logistic_read_report,
) -> bk_status {
    unsafe {
        guard(|| {
            let path = path_in(path)?;
            need(out, "out")?;
            let o = phrase_options_in(&read_options(opts, read_defaults(), "opts")?)?;
            read_out(read_phrases(path, &o)?, out, report)
        })
    }
}

/// Reads a phrase TSV file (format as [`bk_logistic_data_read_phrases`]) in
/// the feature space of `model` — its dictionary (phrases not in it are
/// dropped and counted in `report->out_of_vocabulary`) or its hashing — so
/// the rows can be scored and evaluated with it. Writes the new data handle
/// to `*out`; the caller owns it: release it with [`bk_logistic_data_free`].
/// `model` is only read. Of `opts` (NULL for the defaults) only `skip_bad`
/// applies. The classes are those of the file (a file may lack some of the
/// model's classes; [`bk_logistic_evaluate`] lines them up).
///
/// Errors: as [`bk_logistic_data_read_phrases`], plus `BK_ERR_NULL_POINTER`
/// for a NULL `model` and `BK_ERR_INVALID_ARGUMENT` for a model without
/// phrases (trained on indexed features: svmlight or CSR data).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_read_phrases_for(
    model: *const bk_logistic_model,
    path: *const c_char,
    opts: *const bk_logistic_read_options,
    out: *mut *mut bk_logistic_data,
    report: *mut bk_logistic_read_report,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            let path = path_in(path)?;
            need(out, "out")?;
            let o = read_options(opts, read_defaults(), "opts")?;
            if let FeatureSpace::Indexed { .. } = m.features() {
                return Err(Error::invalid(
                    "the model has indexed features, not phrases: read its data as svmlight or CSR",
                )
                .into());
            }
            let o = PhraseOptions {
                features: PhraseFeatures::Fixed(m.features().clone()),
                skip_bad: o.skip_bad != 0,
            };
            read_out(read_phrases(path, &o)?, out, report)
        })
    }
}

/// Frees a data set. NULL is a no-op. Models trained from it stay valid.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_free(data: *mut bk_logistic_data) {
    unsafe { free_handle(data) }
}

/// Writes the number of rows to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_rows(data: *const bk_logistic_data, out: *mut usize) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(data, "data")?.0.x.rows())) }
}

/// Writes the number of classes (distinct labels) to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_classes(
    data: *const bk_logistic_data,
    out: *mut usize,
) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(data, "data")?.0.classes.len())) }
}

/// Copies the message of the first bad row the read that made `data`
/// skipped (with `skip_bad`; the earliest line, as `path:line: reason`, the
/// text a read without `skip_bad` fails with) into `buf` as a NUL-terminated
/// UTF-8 string, by the buffer protocol of `docs/c-api.md`: `*len` receives
/// the bytes needed, the NUL included; `buf` NULL with `cap` 0 is a size
/// query (`BK_OK`); a `cap` below `*len` is `BK_ERR_BUFFER_TOO_SMALL` with
/// nothing written to `buf`. The text is empty (`*len` = 1) when no row was
/// skipped and for data from [`bk_logistic_data_from_csr`]. It completes
/// `bk_logistic_read_report.skipped`, which counts the rows (a result struct
/// takes fixed-size fields only).
///
/// ```c
/// size_t len;
/// bk_logistic_data_first_skipped(data, NULL, 0, &len);
/// char *why = malloc(len);
/// bk_logistic_data_first_skipped(data, why, len, &len);   // "train.tsv:17: ..." or ""
/// ```
///
/// Errors (only `*len` written, and only for a short buffer):
/// `BK_ERR_NULL_POINTER` for a NULL `data` or `len`, or a NULL `buf` with
/// `cap > 0`; `BK_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_first_skipped(
    data: *const bk_logistic_data,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let d = deref(data, "data")?;
            fill_text("message", d.1.as_deref().unwrap_or(""), buf, cap, len)
        })
    }
}

/// Writes the size of the feature space (ids are `0 .. *out − 1`) to `*out`:
/// `n_features` of CSR data, the dictionary size or 2^hash_bits of phrases.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_data_features(
    data: *const bk_logistic_data,
    out: *mut usize,
) -> bk_status {
    unsafe { guard(|| put(out, "out", deref(data, "data")?.0.x.cols())) }
}

// ---------------------------------------------------------------- training

/// Options of [`bk_logistic_train`]. Fill with
/// [`bk_logistic_train_options_default`], then change what you need.
///
/// Training minimises the weighted mean log-loss plus
/// λ·((1−ρ)/2·‖W‖² + ρ·‖W‖₁) over all K classes' weights W (intercepts
/// unpenalised); with unit weights, λ = 1/(C·N) and ρ = l1_ratio this is
/// scikit-learn's elastic-net `LogisticRegression`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_train_options {
    /// `sizeof(bk_logistic_train_options)`, set by the default function.
    pub struct_size: u32,
    /// Most proximal Newton (outer) iterations, ≥ 1. Default 1000.
    pub max_iter: u32,
    /// Penalty weight λ, finite and ≥ 0. Default 1e-3.
    pub lambda: f64,
    /// Elastic-net mix ρ in [0, 1]: 1 is the lasso (most weights exactly 0),
    /// 0 is ridge. Default 0.5.
    pub l1_ratio: f64,
    /// Stop when the ∞-norm of the minimum-norm subgradient of the objective
    /// is ≤ tol; finite and > 0. Default 1e-7.
    pub tol: f64,
    /// Threads for each iteration's full gradient pass, 1..=256 (the result does
    /// not depend on it). Default 1.
    pub threads: u32,
    /// The Laplace covariances to attach to the model: `BK_LAPLACE_NONE`,
    /// `BK_LAPLACE_BLOCKS` (per-feature K×K blocks) or `BK_LAPLACE_FULL` (the exact
    /// dense inverse, up to 3000 parameters). Default `BK_LAPLACE_BLOCKS`.
    pub laplace: bk_laplace_method,
    /// Also stop once the relative duality gap (a bound on (F − F*)/F, see
    /// `bk_logistic_step.gap`) is at most this; 0 (the default) does not check it
    /// (checking costs a pass over the data per iteration). Finite and ≥ 0.
    pub max_gap: f64,
}

/// Which Laplace covariances a model carries or training attaches: one of
/// the `BK_LAPLACE_*` values (a `uint32_t`; others are refused with
/// `BK_ERR_INVALID_ARGUMENT`).
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_laplace_method(pub u32);

/// No Laplace covariances.
pub const BK_LAPLACE_NONE: bk_laplace_method = bk_laplace_method(0);
/// Laplace covariances from per-feature K×K blocks of the Hessian.
pub const BK_LAPLACE_BLOCKS: bk_laplace_method = bk_laplace_method(1);
/// Laplace covariances from the full Hessian over the active weights.
pub const BK_LAPLACE_FULL: bk_laplace_method = bk_laplace_method(2);

/// The method of a `BK_LAPLACE_*` code.
pub(crate) fn laplace_method(code: bk_laplace_method) -> FfiResult<Option<LaplaceMethod>> {
    match code {
        BK_LAPLACE_NONE => Ok(None),
        BK_LAPLACE_BLOCKS => Ok(Some(LaplaceMethod::Blocks)),
        BK_LAPLACE_FULL => Ok(Some(LaplaceMethod::Full)),
        _ => Err(Error::invalid(format!("laplace must be none, blocks or full (got {})", code.0)).into()),
    }
}

/// The `BK_LAPLACE_*` value of a Laplace method or none.
pub(super) fn laplace_code(m: Option<LaplaceMethod>) -> bk_laplace_method {
    match m {
        None => BK_LAPLACE_NONE,
        Some(LaplaceMethod::Blocks) => BK_LAPLACE_BLOCKS,
        Some(LaplaceMethod::Full) => BK_LAPLACE_FULL,
    }
}

/// The defaults of [`bk_logistic_train_options`], from the core's
/// `TrainOptions::default()`.
pub(super) fn train_defaults() -> bk_logistic_train_options {
    let d = TrainOptions::default();
    bk_logistic_train_options {
        struct_size: std::mem::size_of::<bk_logistic_train_options>() as u32,
        max_iter: d.max_iter,
        lambda: d.lambda,
        l1_ratio: d.l1_ratio,
        tol: d.tol,
        threads: u32::try_from(d.threads).unwrap_or(u32::MAX),
        laplace: laplace_code(d.laplace),
        max_gap: d.max_gap.unwrap_or(0.0),
    }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_train_options_default(
    opts: *mut bk_logistic_train_options,
) -> bk_status {
    unsafe { guard(|| put(opts, "opts", train_defaults())) }
}

/// The `k` class weights of a `*_weighted` call, checked against the data's classes.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(super) unsafe fn class_weights_in(p: *const f64, k: usize, d: &Dataset) -> FfiResult<Vec<f64>> {
    unsafe {
        if k > 0 {
            need(p, "class_weights")?;
        }
        if k != d.classes.len() {
            return Err(
                Error::invalid(format!("k = {k}, but the data have {} classes", d.classes.len())).into(),
            );
        }
        Ok(slice(p, k, "class_weights")?.to_vec())
    }
}

/// The core's training options from a caller's (already read) options struct.
pub(super) fn train_options_in(
    o: &bk_logistic_train_options,
    class_weights: Option<Vec<f64>>,
) -> FfiResult<TrainOptions> {
    Ok(TrainOptions {
        lambda: o.lambda,
        l1_ratio: o.l1_ratio,
        tol: o.tol,
        // 0 is "off"; anything else the core checks (finite, > 0).
        max_gap: (o.max_gap != 0.0).then_some(o.max_gap),
        max_iter: o.max_iter,
        class_weights,
        threads: o.threads as usize,
        laplace: laplace_method(o.laplace)?,
    })
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn train_in(
    data: *const bk_logistic_data,
    opts: *const bk_logistic_train_options,
    class_weights: Option<(*const f64, usize)>,
    out: *mut *mut bk_logistic_model,
) -> FfiResult<()> {
    unsafe {
        let d = &deref(data, "data")?.0;
        need(out, "out")?;
        let o = read_options(opts, train_defaults(), "opts")?;
        let class_weights = match class_weights {
            None => None,
            Some((p, k)) => Some(class_weights_in(p, k, d)?),
        };
        let m = train(d, &train_options_in(&o, class_weights)?)?;
        new_handle(out, bk_logistic_model::new(m))
    }
}

/// Trains a model on `data` and writes the new model handle to `*out`; the
/// caller owns it: release it with [`bk_logistic_model_free`]. `data` is only
/// read (it may be freed right after). `opts` may be NULL for the defaults.
///
/// Running out of passes is not an error: the model is returned and
/// `bk_logistic_info.converged` is 0 (check it).
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `data` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for options out of range (λ < 0, ρ outside
/// [0, 1], tol ≤ 0, `max_iter` = 0, non-finite values, `struct_size < 4`),
/// fewer than two classes present in the data, or row weights that sum to 0.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_train(
    data: *const bk_logistic_data,
    opts: *const bk_logistic_train_options,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe { guard(|| train_in(data, opts, None, out)) }
}

/// [`bk_logistic_train`] with per-class weights: `class_weights` holds `k`
/// values (finite, ≥ 0; `k` = the data's classes, see
/// [`bk_logistic_data_classes`]) multiplied into the row weights, e.g. to
/// balance rare classes. The array is only read.
///
/// Errors: as [`bk_logistic_train`], plus `BK_ERR_NULL_POINTER` for a NULL
/// `class_weights` with `k > 0` and `BK_ERR_INVALID_ARGUMENT` if `k` differs
/// from the data's classes or a weight is negative or not finite.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_train_weighted(
    data: *const bk_logistic_data,
    opts: *const bk_logistic_train_options,
    class_weights: *const f64,
    k: usize,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe { guard(|| train_in(data, opts, Some((class_weights, k)), out)) }
}

// ---------------------------------------------------------------- the model

/// A trained sparse multinomial logistic model (opaque, immutable; may be
/// used — scored, serialised, evaluated — from any number of threads at
/// once). Made by [`bk_logistic_train`], [`bk_logistic_train_weighted`],
/// [`bk_logistic_model_load`] or [`bk_logistic_model_from_bytes`]; the caller
/// owns it and releases it with [`bk_logistic_model_free`].
pub struct bk_logistic_model {
    pub(super) model: Model,
    /// Phrase → id lookup, built on the first [`bk_logistic_model_feature_id`].
    index: OnceLock<Result<PhraseIndex, Error>>,
}

impl bk_logistic_model {
    pub(super) fn new(model: Model) -> Self {
        bk_logistic_model {
            model,
            index: OnceLock::new(),
        }
    }
}

/// How a model was trained and how training ended.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_info {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// Passes over the data.
    pub iterations: u32,
    /// 1 if the tolerance was met, 0 if the passes ran out first.
    pub converged: u32,
    /// Always 0.
    pub reserved: u32,
    /// Penalty weight λ.
    pub lambda: f64,
    /// Elastic-net mix ρ.
    pub l1_ratio: f64,
    /// Final value of the objective.
    pub objective: f64,
    /// Final ∞-norm of the minimum-norm subgradient.
    pub grad_norm: f64,
    /// The tolerance asked for.
    pub tol: f64,
    /// Rows trained on.
    pub rows: u64,
}

/// Frees a model. NULL is a no-op. Do not free it while another thread uses it.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_free(model: *mut bk_logistic_model) {
    unsafe { free_handle(model) }
}

/// Writes the model to the file `path` (created or replaced) in the portable
/// model format (`docs/model-format.md`: little-endian, versioned,
/// CRC-32-checked); read it back with [`bk_logistic_model_load`]. The bytes
/// are those of [`bk_logistic_model_to_bytes`].
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `model` or `path`; `BK_ERR_IO` if
/// the file cannot be written (the message names it).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_save(
    model: *const bk_logistic_model,
    path: *const c_char,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            let path = path_in(path)?;
            std::fs::write(path, m.to_bytes()).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
            Ok(())
        })
    }
}

/// Reads a model file written by [`bk_logistic_model_save`] (or the CLI's
/// `logistic train`) and writes the new model handle to `*out`; the caller
/// owns it: release it with [`bk_logistic_model_free`].
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `path` or
/// `out`; `BK_ERR_IO` if the file cannot be read; `BK_ERR_CORRUPT` if it is
/// not an intact model of this format version (the message names the file).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_load(
    path: *const c_char,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe {
        guard(|| {
            let path = path_in(path)?;
            need(out, "out")?;
            let bytes = std::fs::read(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
            let m = Model::from_bytes(&bytes).map_err(|e| match e {
                Error::Corrupt(why) => Error::Corrupt(format!("{}: {why}", path.display())),
                other => other,
            })?;
            new_handle(out, bk_logistic_model::new(m))
        })
    }
}

/// Serialises the model (the bytes of a model file) into the caller's buffer
/// `buf` of `cap` bytes, by the buffer protocol of `docs/c-api.md`: `*len`
/// receives the bytes needed; `buf` NULL with `cap` 0 is a size query
/// (`BK_OK`); a `cap` below `*len` is `BK_ERR_BUFFER_TOO_SMALL` with nothing
/// written to `buf`. Read the bytes back with [`bk_logistic_model_from_bytes`].
///
/// ```c
/// size_t len;
/// bk_logistic_model_to_bytes(model, NULL, 0, &len);
/// uint8_t *buf = malloc(len);
/// bk_logistic_model_to_bytes(model, buf, len, &len);
/// ```
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `model` or `len`, or a NULL `buf`
/// with `cap > 0` (nothing written); `BK_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_to_bytes(
    model: *const bk_logistic_model,
    buf: *mut u8,
    cap: usize,
    len: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            fill("model", &m.to_bytes(), buf, cap, len)
        })
    }
}

/// Reads a model from `len` bytes at `bytes` (written by
/// [`bk_logistic_model_to_bytes`] or read from a model file; only read during
/// the call) and writes the new model handle to `*out`; the caller owns it:
/// release it with [`bk_logistic_model_free`].
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `out`, or a
/// NULL `bytes` with `len > 0`; `BK_ERR_CORRUPT` for anything that is not an
/// intact model of this format version (wrong magic, unknown version,
/// checksum mismatch, truncation, trailing bytes, inconsistent contents).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_from_bytes(
    bytes: *const u8,
    len: usize,
    out: *mut *mut bk_logistic_model,
) -> bk_status {
    unsafe {
        guard(|| {
            need(out, "out")?;
            let b = slice(bytes, len, "bytes")?;
            new_handle(out, bk_logistic_model::new(Model::from_bytes(b)?))
        })
    }
}

/// Writes the number of classes K (≥ 2) to `*k`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_classes(
    model: *const bk_logistic_model,
    k: *mut usize,
) -> bk_status {
    unsafe { guard(|| put(k, "k", deref(model, "model")?.model.classes())) }
}

/// Copies the label of class `class_index` (0-based, below K) into `buf` as a
/// NUL-terminated UTF-8 string, by the buffer protocol of `docs/c-api.md`:
/// `*len` receives the bytes needed, the NUL included; `buf` NULL with `cap`
/// 0 is a size query (`BK_OK`); a `cap` below `*len` is
/// `BK_ERR_BUFFER_TOO_SMALL` with nothing written to `buf`. Labels are the
/// text of the data file's labels, or `"0"` … `"K-1"` for
/// [`bk_logistic_data_from_csr`] data.
///
/// Errors (only `*len` written, and only for a short buffer):
/// `BK_ERR_NULL_POINTER` for a NULL `model` or `len`, or a NULL `buf` with
/// `cap > 0`; `BK_ERR_INVALID_ARGUMENT` for `class_index ≥ K`;
/// `BK_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_label(
    model: *const bk_logistic_model,
    class_index: usize,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(len, "len")?;
            let label = m.labels().get(class_index).ok_or_else(|| {
                Error::invalid(format!(
                    "class_index {class_index} out of range (K = {})",
                    m.classes()
                ))
            })?;
            fill_text("label", label, buf, cap, len)
        })
    }
}

/// Writes the size of the model's feature space to `*n`: ids `0 .. *n − 1`
/// have weights (ids beyond are ignored when scoring).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_features(
    model: *const bk_logistic_model,
    n: *mut usize,
) -> bk_status {
    unsafe { guard(|| put(n, "n", deref(model, "model")?.model.features().len())) }
}

/// Writes the number of non-zero weights (intercepts not counted) to `*n`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_nnz(model: *const bk_logistic_model, n: *mut usize) -> bk_status {
    unsafe { guard(|| put(n, "n", deref(model, "model")?.model.nnz())) }
}

/// Writes how the model was trained (options and how training ended) to `*out`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_info(
    model: *const bk_logistic_model,
    out: *mut bk_logistic_info,
) -> bk_status {
    unsafe {
        guard(|| {
            let i = deref(model, "model")?.model.info();
            let v = bk_logistic_info {
                struct_size: 0,
                reserved: 0,
                lambda: i.lambda,
                l1_ratio: i.l1_ratio,
                objective: i.objective,
                grad_norm: i.grad_norm,
                tol: i.tol,
                rows: i.rows,
                iterations: i.iterations,
                converged: u32::from(i.converged),
            };
            put_versioned(out, "out", v)
        })
    }
}

/// Writes the whole model as JSON (for people and diffs: labels, feature
/// space, intercepts, every stored weight block with its phrase when there is
/// a dictionary, training metadata) into `buf` as a NUL-terminated string, by
/// the buffer protocol of `docs/c-api.md` (`*len` counts the NUL).
///
/// Errors: `BK_ERR_NULL_POINTER` for a NULL `model` or `len`, or a NULL `buf`
/// with `cap > 0`; `BK_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_to_json(
    model: *const bk_logistic_model,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(len, "len")?;
            fill_text("JSON text", &m.to_json().to_string(), buf, cap, len)
        })
    }
}

/// The id [`bk_logistic_model_feature_id`] gives a phrase that is not in the
/// model's dictionary. No feature has it, so scoring ignores it.
pub const BK_LOGISTIC_NO_FEATURE: u32 = u32::MAX;

/// Writes the feature id of the NUL-terminated UTF-8 `phrase` in the model's
/// feature space to `*id`, for building rows to score: its dictionary id, or
/// `BK_LOGISTIC_NO_FEATURE` if the dictionary lacks it (scoring ignores that
/// id, so it may be passed on), or its hashed id. The phrase is used exactly
/// (no trimming), as the readers do. The first call on a dictionary model
/// builds a lookup table (kept with the model, thread-safe); later calls do
/// not allocate.
///
/// Errors (`*id` untouched): `BK_ERR_NULL_POINTER` for a NULL argument;
/// `BK_ERR_INVALID_ARGUMENT` for a phrase that is not UTF-8 or a model with
/// indexed features (trained on svmlight or CSR data).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_feature_id(
    model: *const bk_logistic_model,
    phrase: *const c_char,
    id: *mut u32,
) -> bk_status {
    unsafe {
        guard(|| {
            let h = deref(model, "model")?;
            need(phrase, "phrase")?;
            need(id, "id")?;
            let phrase = CStr::from_ptr(phrase)
                .to_str()
                .map_err(|_| Error::invalid("phrase is not valid UTF-8"))?;
            let index = h
                .index
                .get_or_init(|| PhraseIndex::new(h.model.features()))
                .as_ref()
                .map_err(|e| e.clone())?;
            put(id, "id", index.id(phrase).unwrap_or(BK_LOGISTIC_NO_FEATURE))
        })
    }
}

/// How a model numbers its features: one of the `BK_FEATURE_SPACE_*` values
/// (a `uint32_t`, so that a kind a newer library adds is defined behaviour
/// for an older caller: treat an unknown one as "ids without names").
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_feature_space_kind(pub u32);

/// Ids are used as given (svmlight files, CSR data): `features` of them, no names.
pub const BK_FEATURE_SPACE_INDEXED: bk_feature_space_kind = bk_feature_space_kind(0);
/// A dictionary: id `i` is the phrase [`bk_logistic_model_feature_name`] gives.
pub const BK_FEATURE_SPACE_NAMES: bk_feature_space_kind = bk_feature_space_kind(1);
/// Feature hashing: a phrase's id is MurmurHash3_x86_32 of its UTF-8 bytes
/// with `hash_seed`, non-negative modulo 2^`hash_bits` (Spark's `HashingTF`).
pub const BK_FEATURE_SPACE_HASHED: bk_feature_space_kind = bk_feature_space_kind(2);

/// A model's feature space ([`bk_logistic_model_feature_space`]).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_feature_space {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// `BK_FEATURE_SPACE_INDEXED`, `_NAMES` or `_HASHED`.
    pub kind: bk_feature_space_kind,
    /// The number of feature ids (ids are `0 .. features − 1`): the indexed
    /// range, the dictionary's size or 2^`hash_bits`; at most 2^32.
    pub features: u64,
    /// Hashed: the bits b (1 to `BK_MAX_HASH_BITS`) of the 2^b ids; 0 otherwise.
    pub hash_bits: u32,
    /// Hashed: the MurmurHash3 seed (Spark's `HashingTF` uses 42); 0 otherwise.
    pub hash_seed: u32,
}

super::versioned! {
    bk_feature_space {}
}

/// Writes the model's feature space to `*out`: its kind (indexed ids, a
/// dictionary of names, or hashed phrases), the number of ids, and the hash
/// bits and seed of a hashed space, so a caller can featurise rows as the
/// model does (e.g. hash phrases itself) without parsing the JSON export.
/// The names of a dictionary come one by one from
/// [`bk_logistic_model_feature_name`].
///
/// ```c
/// bk_feature_space fs = {.struct_size = sizeof fs};
/// bk_logistic_model_feature_space(model, &fs);
/// if (fs.kind == BK_FEATURE_SPACE_HASHED)
///   printf("%u bits, seed %u\n", fs.hash_bits, fs.hash_seed);
/// ```
///
/// Errors (`*out` untouched): `BK_ERR_NULL_POINTER` for a NULL `model` or
/// `out`; `BK_ERR_INVALID_ARGUMENT` for a `struct_size` below 4 or ending
/// inside a field.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_feature_space(
    model: *const bk_logistic_model,
    out: *mut bk_feature_space,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            let (kind, hash_bits, hash_seed) = match m.features() {
                FeatureSpace::Indexed { .. } => (BK_FEATURE_SPACE_INDEXED, 0, 0),
                FeatureSpace::Names(_) => (BK_FEATURE_SPACE_NAMES, 0, 0),
                FeatureSpace::Hashed { bits, seed } => (BK_FEATURE_SPACE_HASHED, *bits, *seed),
            };
            let v = bk_feature_space {
                struct_size: 0,
                kind,
                features: m.features().len() as u64,
                hash_bits,
                hash_seed,
            };
            put_versioned(out, "out", v)
        })
    }
}

/// Copies the name of feature `id` of a model with a dictionary
/// (`BK_FEATURE_SPACE_NAMES`) into `buf` as a NUL-terminated UTF-8 string,
/// by the buffer protocol of `docs/c-api.md`: `*len` receives the bytes
/// needed, the NUL included; `buf` NULL with `cap` 0 is a size query
/// (`BK_OK`); a `cap` below `*len` is `BK_ERR_BUFFER_TOO_SMALL` with nothing
/// written to `buf`. The inverse of [`bk_logistic_model_feature_id`].
///
/// ```c
/// size_t len;
/// bk_logistic_model_feature_name(model, 0, NULL, 0, &len);   // size query
/// char *name = malloc(len);
/// bk_logistic_model_feature_name(model, 0, name, len, &len);
/// ```
///
/// Errors (only `*len` written, and only for a short buffer):
/// `BK_ERR_NULL_POINTER` for a NULL `model` or `len`, or a NULL `buf` with
/// `cap > 0`; `BK_ERR_INVALID_ARGUMENT` for a model without a dictionary
/// (indexed or hashed features have no names) or `id` not below its size;
/// `BK_ERR_BUFFER_TOO_SMALL`.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_feature_name(
    model: *const bk_logistic_model,
    id: u32,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            need(len, "len")?;
            let names = match m.features() {
                FeatureSpace::Names(names) => names,
                FeatureSpace::Indexed { .. } => {
                    return Err(Error::invalid("the model has indexed features, which have no names").into())
                }
                FeatureSpace::Hashed { .. } => {
                    return Err(Error::invalid("the model has hashed features, which have no names").into())
                }
            };
            let name = names.get(id as usize).ok_or_else(|| {
                Error::invalid(format!(
                    "feature id {id} out of range (the dictionary has {} names)",
                    names.len()
                ))
            })?;
            fill_text("feature name", name, buf, cap, len)
        })
    }
}

// ---------------------------------------------------------------- scoring

/// The model, a row's ids and values, and its output.
type RowArgs<'a> = (&'a Model, &'a [u32], &'a [f64], &'a mut [f64]);

/// The model, its output row of exactly `k` values and the input row.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn row_args<'a>(
    model: *const bk_logistic_model,
    ids: *const u32,
    values: *const f64,
    nnz: usize,
    out: *mut f64,
    k: usize,
) -> FfiResult<RowArgs<'a>> {
    unsafe {
        let m = &deref(model, "model")?.model;
        if k > 0 {
            need(out, "out")?;
        }
        check_k(k, m.classes())?;
        let ids = slice(ids, nnz, "ids")?;
        let values = slice(values, nnz, "values")?;
        Ok((m, ids, values, slice_mut(out, k, "out")?))
    }
}

/// Writes the `k` class probabilities of one sparse row (`nnz` pairs of
/// feature id and value in `ids` and `values`, in any order; a repeated id
/// adds up) into the caller's `out`. Ids outside the model's feature space,
/// and features without weights, are ignored. Does not allocate; `model` may
/// be used by other threads at the same time.
///
/// Errors (`out` untouched): `BK_ERR_NULL_POINTER` for a NULL `model` or
/// `out`, or a NULL `ids`/`values` with `nnz > 0`; `BK_ERR_INVALID_ARGUMENT`
/// if `k` differs from the model's classes, a value is not finite, or the
/// logits overflow (values times weights beyond ±1.8e308), so that no NaN is
/// ever returned as a probability.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_predict_proba(
    model: *const bk_logistic_model,
    ids: *const u32,
    values: *const f64,
    nnz: usize,
    out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let (m, ids, values, out) = row_args(model, ids, values, nnz, out, k)?;
            Ok(m.predict_proba(ids, values, out)?)
        })
    }
}

/// Writes the `k` log-probabilities of one sparse row into `out`, as
/// [`bk_logistic_model_predict_proba`] but computed from the logits, so a tiny
/// probability keeps its exponent instead of rounding to 0 (and its log to
/// −inf). Errors as [`bk_logistic_model_predict_proba`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_predict_log_proba(
    model: *const bk_logistic_model,
    ids: *const u32,
    values: *const f64,
    nnz: usize,
    out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let (m, ids, values, out) = row_args(model, ids, values, nnz, out, k)?;
            Ok(m.predict_log_proba(ids, values, out)?)
        })
    }
}

/// Writes the class probabilities of `n_rows` rows of a CSR matrix into the
/// caller's `out`, row-major (`n_rows · k` values), each row bit-for-bit what
/// [`bk_logistic_model_predict_proba`] gives for it. `indptr` has
/// `n_rows + 1` offsets (`indptr[0] = 0`, never decreasing,
/// `indptr[n_rows] = nnz`); `indices` and `values` have `nnz` entries. The
/// offsets are checked before any entry is read and before `out` is written.
/// Ids unknown to the model are ignored. Does not allocate; `model` may be
/// used by other threads at the same time. `n_rows = 0` is valid (`indptr`
/// is then `{0}`).
///
/// Errors (`out` untouched): `BK_ERR_NULL_POINTER` for a NULL `model` or
/// `indptr`, or a NULL array of non-zero length; `BK_ERR_INVALID_ARGUMENT` if
/// `k` differs from the model's classes, `indptr` is not as above, or a row
/// has a value that is not finite or logits that overflow (the message names
/// the first such row; every row is checked before `out` is written).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_model_predict_proba_batch(
    model: *const bk_logistic_model,
    indptr: *const usize,
    n_rows: usize,
    indices: *const u32,
    values: *const f64,
    nnz: usize,
    out: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            let p = indptr_in(indptr, n_rows, nnz)?;
            let ix = slice(indices, nnz, "indices")?;
            let vs = slice(values, nnz, "values")?;
            let n = array_len::<f64>(n_rows, k, "out")?;
            if n > 0 {
                need(out, "out")?;
            }
            check_k(k, m.classes())?;
            check_batch(m, p, ix, vs, false)?;
            let out = slice_mut(out, n, "out")?;
            // k = K ≥ 2 here, so every row has its chunk.
            for (o, w) in out.chunks_exact_mut(k).zip(p.windows(2)) {
                m.predict_proba(&ix[w[0]..w[1]], &vs[w[0]..w[1]], o)?;
            }
            Ok(())
        })
    }
}

// ---------------------------------------------------------------- evaluation

/// Options of [`bk_logistic_evaluate`]. Fill with
/// [`bk_logistic_eval_options_default`], then change what you need.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_eval_options {
    /// `sizeof(bk_logistic_eval_options)`, set by the default function.
    pub struct_size: u32,
    /// ε in (0, 1): a row's loss is at most −ln ε, and the rows so clipped are
    /// counted. 0 (the default): no clipping, so a row whose true class has
    /// probability 0 in floating point still costs its exact, large loss
    /// (computed from the logits), and an infinite loss stays infinite.
    pub clip: f64,
}

/// The defaults of [`bk_logistic_eval_options`], from the core's
/// `EvalOptions::default()` (no clipping is `clip` 0 in C).
fn eval_defaults() -> bk_logistic_eval_options {
    bk_logistic_eval_options {
        struct_size: std::mem::size_of::<bk_logistic_eval_options>() as u32,
        clip: EvalOptions::default().clip.unwrap_or(0.0),
    }
}

/// Fills `*opts` with the defaults of this library version (sets `struct_size`).
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_eval_options_default(opts: *mut bk_logistic_eval_options) -> bk_status {
    unsafe { guard(|| put(opts, "opts", eval_defaults())) }
}

/// The scalar metrics of [`bk_logistic_evaluate`] (row weights, if the data
/// have them, weigh every metric).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct bk_logistic_eval {
    /// `sizeof` the caller's struct, set by the caller before the call; only
    /// that many bytes are written (see "Output structs" in `docs/c-api.md`).
    pub struct_size: u32,
    /// Always 0.
    pub reserved: u32,
    /// Weighted mean log-loss −Σ w_i·ln p(y_i | x_i) / Σ w_i, each term from
    /// the logits as logsumexp(z) − z_y.
    pub log_loss: f64,
    /// Weighted share of rows whose most probable class is the true one.
    pub accuracy: f64,
    /// Rows whose loss was clipped at −ln ε.
    pub clipped: u64,
    /// Rows evaluated.
    pub rows: u64,
}

/// Evaluates `model` on labelled `data` (both only read) and writes the
/// scalar metrics to `*out`, and — for each of `confusion`, `precision`,
/// `recall` that is not NULL — the per-class results into the caller's
/// arrays: `confusion` gets `k · k` values row-major (`confusion[t·k + p]` is
/// the weight of rows of true class t predicted as p), `precision` and
/// `recall` `k` values each (correct / predicted as the class, correct / of
/// the class; NaN when the denominator is 0). `k` must equal the model's
/// classes when any array is given and is ignored otherwise. `opts` may be
/// NULL for the defaults (no clipping).
///
/// The data's classes are matched to the model's by label, so a test file
/// lacking some classes (or listing them in another order) lines up; this
/// copies the data once when the labels differ from the model's. Data read
/// with a dictionary or hashing must use the model's feature space (read
/// them with [`bk_logistic_data_read_phrases_for`]); CSR and svmlight data
/// are taken as feature ids of the model.
///
/// Errors (nothing written): `BK_ERR_NULL_POINTER` for a NULL `model`,
/// `data` or `out`; `BK_ERR_INVALID_ARGUMENT` for a mismatched `k`, a clip ε
/// outside (0, 1) (other than 0), `struct_size < 4`, a data label that is not
/// one of the model's, a different dictionary or hashing, or row weights
/// that sum to 0.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_logistic_evaluate(
    model: *const bk_logistic_model,
    data: *const bk_logistic_data,
    opts: *const bk_logistic_eval_options,
    out: *mut bk_logistic_eval,
    confusion: *mut f64,
    precision: *mut f64,
    recall: *mut f64,
    k: usize,
) -> bk_status {
    unsafe {
        guard(|| {
            let m = &deref(model, "model")?.model;
            let d = &deref(data, "data")?.0;
            need(out, "out")?;
            let arrays = !(confusion.is_null() && precision.is_null() && recall.is_null());
            let kk = if arrays {
                check_k(k, m.classes())?;
                array_len::<f64>(k, k, "confusion")?
            } else {
                0
            };
            let o = read_options(opts, eval_defaults(), "opts")?;
            let clip = (o.clip != 0.0).then_some(o.clip);
            match (&d.features, m.features()) {
                (FeatureSpace::Indexed { .. }, _) => {}
                (a, b) if a == b => {}
                _ => {
                    return Err(Error::invalid(
                        "the data's phrase features (dictionary or hashing) differ from the model's; \
                     read the data in the model's feature space (the phrase reader that takes the model)",
                    )
                    .into())
                }
            }
            let relabelled;
            let d = if d.classes == m.labels() {
                d
            } else {
                relabelled = d.clone().relabel(m.labels())?;
                &relabelled
            };
            let e = evaluate(m, d, &EvalOptions { clip })?;
            if !confusion.is_null() {
                let c = slice_mut(confusion, kk, "confusion")?;
                for (dst, src) in c.chunks_exact_mut(k).zip(&e.confusion) {
                    dst.copy_from_slice(src);
                }
            }
            if !precision.is_null() {
                slice_mut(precision, k, "precision")?.copy_from_slice(&e.precision);
            }
            if !recall.is_null() {
                slice_mut(recall, k, "recall")?.copy_from_slice(&e.recall);
            }
            let v = bk_logistic_eval {
                struct_size: 0,
                reserved: 0,
                log_loss: e.log_loss,
                accuracy: e.accuracy,
                clipped: e.clipped,
                rows: e.rows,
            };
            put_versioned(out, "out", v)
        })
    }
}
