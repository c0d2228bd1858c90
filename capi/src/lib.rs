//! The C ABI of bayeskit: every `extern "C"` item, built into
//! `libbayeskit.so` (SONAME `libbayeskit.so.<major>`) and `libbayeskit.a`,
//! and declared by the generated `include/bayeskit.h`. This crate only
//! translates: the numbers come from the `bayeskit` crate.
//!
//! Conventions (`docs/c-api.md`): every fallible function returns
//! [`bk_status`]; outputs go through out-pointers and are written only on
//! success; the message of the last failure on this thread is available
//! through [`bk_last_error_message`]; no panic crosses the boundary.
//!
//! # The pointer contract
//!
//! Every entry point is `unsafe` for one reason, stated here once (and in
//! `docs/c-api.md`, "Pointers"); each function's `# Safety` section refers
//! to it. Every pointer argument is NULL (refused with `BK_ERR_NULL_POINTER`
//! where the call needs it) or valid for the reads and writes the function
//! documents: an array for its given length, a struct for its type (for a
//! versioned struct, for its `struct_size`), a handle made by this library
//! and not yet freed, a string NUL-terminated. The crate's internal
//! `unsafe fn` helpers take only pointers an entry point received, under the
//! same contract.
//!
//! The crate refers to its own items by relative paths only (`super::`),
//! so that the fuzz targets can compile it as a module.
#![allow(non_camel_case_types)]
#![deny(unsafe_op_in_unsafe_fn)]

mod conjugate;
mod dirichlet_fit;
mod logistic;
mod logistic_uncertainty;
mod posterior;
mod prior_fit;
mod sequential;
// After the others, so that the generated header lists its items last.
mod bandit;

#[cfg(test)]
mod abi_tests;
#[cfg(test)]
mod defaults_tests;
#[cfg(test)]
#[path = "../../tests/common/capped.rs"]
#[macro_use]
mod capped;
#[cfg(test)]
mod fuzz_corpus_tests;
#[cfg(test)]
mod memory_cap_tests;

use bayeskit::Error;
use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

pub use bandit::*;
pub use dirichlet_fit::*;
pub use logistic::*;
pub use logistic_uncertainty::*;
pub use posterior::*;
pub use prior_fit::*;
pub use sequential::*;

/// Major version of the library and header.
pub const BK_VERSION_MAJOR: u32 = 0;
/// Minor version of the library and header.
pub const BK_VERSION_MINOR: u32 = 3;
/// Patch version of the library and header.
pub const BK_VERSION_PATCH: u32 = 0;

/// Most classes of a logistic model (`bayeskit::limits`, and the limits table of
/// `docs/c-api.md`).
pub const BK_MAX_CLASSES: u64 = 65_536;
/// Most bits of a hashed feature space.
pub const BK_MAX_HASH_BITS: u32 = 31;
/// Most categories of Dirichlet–multinomial statistics.
pub const BK_MAX_CATEGORIES: u64 = 1_048_576;
/// Most Monte Carlo draws per row of [`bk_logistic_model_predict_mc`].
pub const BK_MAX_MC_DRAWS: u64 = 10_000_000;
/// Most threads of any call that takes a thread count.
pub const BK_MAX_THREADS: u32 = 256;

const _: () = {
    use bayeskit::limits::*;
    assert!(BK_MAX_CLASSES == MAX_CLASSES as u64);
    assert!(BK_MAX_HASH_BITS == MAX_HASH_BITS);
    assert!(BK_MAX_CATEGORIES == MAX_CATEGORIES as u64);
    assert!(BK_MAX_MC_DRAWS == MAX_MC_DRAWS as u64);
    assert!(BK_MAX_THREADS as usize == MAX_THREADS);
};

/// Result of every fallible call: one of the `BK_OK` / `BK_ERR_*` values.
/// A `uint32_t`, like every enumeration of this ABI, so that a value a newer
/// library adds is defined behaviour for an older caller. Values are stable
/// and never reused.
#[repr(transparent)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct bk_status(pub u32);

/// Success.
pub const BK_OK: bk_status = bk_status(0);
/// An argument is outside its domain.
pub const BK_ERR_INVALID_ARGUMENT: bk_status = bk_status(1);
/// A required pointer was NULL.
pub const BK_ERR_NULL_POINTER: bk_status = bk_status(2);
/// Input could not be parsed.
pub const BK_ERR_PARSE: bk_status = bk_status(3);
/// Reading or writing a file failed.
pub const BK_ERR_IO: bk_status = bk_status(4);
/// A model or statistics file is corrupt or of an unsupported version.
pub const BK_ERR_CORRUPT: bk_status = bk_status(5);
/// An iterative method did not converge.
pub const BK_ERR_NO_CONVERGENCE: bk_status = bk_status(6);
/// Memory could not be allocated.
pub const BK_ERR_OUT_OF_MEMORY: bk_status = bk_status(7);
/// A bug in bayeskit (a caught panic); the message says where.
pub const BK_ERR_INTERNAL: bk_status = bk_status(8);
/// A caller's buffer is smaller than the output: the size needed has been
/// written to the call's `len`, and nothing to the buffer.
pub const BK_ERR_BUFFER_TOO_SMALL: bk_status = bk_status(9);

impl bk_status {
    /// The status of a core error: [`Error::code`] is the one mapping (its
    /// numbers are these statuses'; a test checks every variant).
    fn of(e: &Error) -> bk_status {
        match e.code() {
            code @ 1..=7 => bk_status(code as u32),
            _ => BK_ERR_INTERNAL,
        }
    }
}

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Why an FFI call failed.
pub(crate) enum Failure {
    Null(&'static str),
    Core(Error),
    /// `what` needs `needed` bytes; the caller gave `cap`.
    TooSmall {
        what: &'static str,
        cap: usize,
        needed: usize,
    },
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

pub(crate) type FfiResult<T> = Result<T, Failure>;

fn set_last_error(msg: String) {
    LAST_ERROR.with(|m| *m.borrow_mut() = msg);
}

/// Runs `f` behind the panic boundary, turning its outcome into a status and
/// recording the message of a failure.
pub(crate) fn guard(f: impl FnOnce() -> FfiResult<()>) -> bk_status {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => BK_OK,
        Ok(Err(Failure::Null(name))) => {
            set_last_error(format!("null pointer: `{name}` must not be NULL"));
            BK_ERR_NULL_POINTER
        }
        Ok(Err(Failure::Core(e))) => {
            set_last_error(e.to_string());
            bk_status::of(&e)
        }
        Ok(Err(Failure::TooSmall { what, cap, needed })) => {
            set_last_error(format!(
                "buffer too small: the {what} needs {needed} bytes, the buffer has {cap}"
            ));
            BK_ERR_BUFFER_TOO_SMALL
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            set_last_error(format!("internal error (please report): {what}"));
            BK_ERR_INTERNAL
        }
    }
}

/// Fails with `BK_ERR_NULL_POINTER` if `p` is NULL, without forming a reference.
pub(crate) fn need<T>(p: *const T, name: &'static str) -> FfiResult<()> {
    if p.is_null() {
        Err(Failure::Null(name))
    } else {
        Ok(())
    }
}

/// Writes `v` through a non-NULL out-pointer without reading or referencing the
/// old contents (which may be garbage, e.g. an invalid enum value).
///
/// # Safety
/// `p` is NULL or valid for a write of a `T` (its old contents are neither read nor dropped).
pub(crate) unsafe fn put<T>(p: *mut T, name: &'static str, v: T) -> FfiResult<()> {
    unsafe {
        need(p, name)?;
        p.write(v);
        Ok(())
    }
}

/// `rows · k` elements of `T` as one length, refusing a product that overflows
/// or could not be the size of any array.
pub(crate) fn array_len<T>(rows: usize, k: usize, name: &str) -> FfiResult<usize> {
    rows.checked_mul(k)
        .filter(|&n| n <= isize::MAX as usize / std::mem::size_of::<T>())
        .ok_or_else(|| Error::invalid(format!("{name}: {rows} rows of {k} values is too large")).into())
}

/// One argument array for [`disjoint`]: its address, its length in bytes,
/// whether the call writes it, and its name.
pub(crate) type Region = (usize, usize, bool, &'static str);

pub(crate) fn region<T>(p: *const T, n: usize, mutable: bool, name: &'static str) -> Region {
    (p as usize, n * std::mem::size_of::<T>(), mutable, name)
}

/// Refuses arrays that overlap when at least one of them is written: the
/// outputs would otherwise alias each other (or an input) mid-computation.
pub(crate) fn disjoint(regions: &[Region]) -> FfiResult<()> {
    for (i, a) in regions.iter().enumerate() {
        for b in &regions[i + 1..] {
            let overlap = a.1 > 0 && b.1 > 0 && a.0 < b.0 + b.1 && b.0 < a.0 + a.1;
            if overlap && (a.2 || b.2) {
                return Err(Error::invalid(format!("`{}` and `{}` overlap", a.3, b.3)).into());
            }
        }
    }
    Ok(())
}

/// The path from a NUL-terminated string (bytes on Unix, UTF-8 elsewhere).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string valid for the lifetime chosen.
pub(crate) unsafe fn path_in<'a>(p: *const c_char) -> FfiResult<&'a std::path::Path> {
    unsafe {
        need(p, "path")?;
        let c = std::ffi::CStr::from_ptr(p);
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            Ok(std::path::Path::new(std::ffi::OsStr::from_bytes(c.to_bytes())))
        }
        #[cfg(not(unix))]
        {
            c.to_str()
                .map(std::path::Path::new)
                .map_err(|_| Error::invalid("path is not valid UTF-8").into())
        }
    }
}

/// A shared reference from a pointer that must not be NULL.
///
/// # Safety
/// `p` is NULL or valid for reads of a `T` for the lifetime chosen.
pub(crate) unsafe fn deref<'a, T>(p: *const T, name: &'static str) -> FfiResult<&'a T> {
    unsafe { p.as_ref().ok_or(Failure::Null(name)) }
}

/// A mutable reference from a pointer that must not be NULL.
///
/// # Safety
/// `p` is NULL or valid for reads and writes of a `T`, not aliased, for the lifetime chosen.
pub(crate) unsafe fn deref_mut<'a, T>(p: *mut T, name: &'static str) -> FfiResult<&'a mut T> {
    unsafe { p.as_mut().ok_or(Failure::Null(name)) }
}

/// A slice from pointer + length; NULL is allowed only for length 0.
///
/// # Safety
/// `p` is NULL (with `n` 0) or valid for reads of `n` values of `T` for the lifetime chosen.
pub(crate) unsafe fn slice<'a, T>(p: *const T, n: usize, name: &'static str) -> FfiResult<&'a [T]> {
    unsafe {
        if n == 0 {
            return Ok(&[]);
        }
        if p.is_null() {
            return Err(Failure::Null(name));
        }
        Ok(std::slice::from_raw_parts(p, n))
    }
}

/// A mutable slice from pointer + length; NULL is allowed only for length 0.
///
/// # Safety
/// `p` is NULL (with `n` 0) or valid for reads and writes of `n` values of `T`, not aliased, for the lifetime chosen.
pub(crate) unsafe fn slice_mut<'a, T>(p: *mut T, n: usize, name: &'static str) -> FfiResult<&'a mut [T]> {
    unsafe {
        if n == 0 {
            return Ok(&mut []);
        }
        if p.is_null() {
            return Err(Failure::Null(name));
        }
        Ok(std::slice::from_raw_parts_mut(p, n))
    }
}

/// The one buffer protocol of every call that fills caller memory
/// (`docs/c-api.md`): `*len` receives the size `data` needs (text counts its
/// terminating NUL, which `data` then ends with); a NULL `buf` with `cap` 0
/// is a size query and succeeds; a `cap` below the size is
/// `BK_ERR_BUFFER_TOO_SMALL`, with `*len` written and nothing in `buf`;
/// otherwise `data` is copied to `buf`. `len` is the one output written on
/// that failure.
///
/// # Safety
/// `buf` is NULL or valid for writes of `cap` bytes; `len` is NULL or valid for a write.
pub(crate) unsafe fn fill(
    what: &'static str,
    data: &[u8],
    buf: *mut u8,
    cap: usize,
    len: *mut usize,
) -> FfiResult<()> {
    unsafe { fill_with(what, data.len(), buf, cap, len, |out| out.copy_from_slice(data)) }
}

/// [`fill`] for output of a known size `needed`, produced by `produce` only
/// when the buffer holds it (so a size query does not produce it).
///
/// # Safety
/// `buf` is NULL or valid for writes of `cap` bytes; `len` is NULL or valid for a write.
pub(crate) unsafe fn fill_with(
    what: &'static str,
    needed: usize,
    buf: *mut u8,
    cap: usize,
    len: *mut usize,
    produce: impl FnOnce(&mut [u8]),
) -> FfiResult<()> {
    unsafe {
        need(len, "len")?;
        if buf.is_null() && cap != 0 {
            return Err(Failure::Null("buf"));
        }
        len.write(needed);
        if buf.is_null() {
            return Ok(());
        }
        if cap < needed {
            return Err(Failure::TooSmall { what, cap, needed });
        }
        produce(std::slice::from_raw_parts_mut(buf, needed));
        Ok(())
    }
}

/// [`fill`] for text: its UTF-8 bytes and a terminating NUL, which the size
/// counts, written straight into the caller's buffer.
///
/// # Safety
/// `buf` is NULL or valid for writes of `cap` bytes; `len` is NULL or valid for a write.
pub(crate) unsafe fn fill_text(
    what: &'static str,
    text: &str,
    buf: *mut c_char,
    cap: usize,
    len: *mut usize,
) -> FfiResult<()> {
    unsafe {
        fill_with(what, text.len() + 1, buf as *mut u8, cap, len, |out| {
            let (body, nul) = out.split_at_mut(text.len());
            body.copy_from_slice(text.as_bytes());
            nul[0] = 0;
        })
    }
}

/// Moves `v` to the heap and publishes the handle through `out` (which must not be NULL).
///
/// # Safety
/// `out` is NULL or valid for a write of a pointer.
pub(crate) unsafe fn new_handle<T>(out: *mut *mut T, v: T) -> FfiResult<()> {
    unsafe {
        // Checked before the box exists, which a NULL `out` would leak.
        need(out, "out")?;
        put(out, "out", Box::into_raw(Box::new(v)))
    }
}

/// Frees a handle made by [`new_handle`]; NULL is a no-op.
///
/// # Safety
/// `p` is NULL or was made by [`new_handle`] for this `T` and not yet freed.
pub(crate) unsafe fn free_handle<T>(p: *mut T) {
    unsafe {
        if !p.is_null() {
            drop(Box::from_raw(p));
        }
    }
}

/// Copies the message of the last failed call on this thread into `buf`
/// (at most `cap − 1` bytes and a terminating NUL, like `snprintf`) and
/// returns the full message length. With `buf` NULL or `cap` 0 nothing is
/// written, so `bk_last_error_message(NULL, 0) + 1` is the size to allocate.
/// The message is empty when no call has failed on this thread.
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_last_error_message(buf: *mut c_char, cap: usize) -> usize {
    unsafe {
        catch_unwind(|| {
            LAST_ERROR.with(|m| {
                let m = m.borrow();
                if !buf.is_null() && cap > 0 {
                    let n = m.len().min(cap - 1);
                    std::ptr::copy_nonoverlapping(m.as_ptr(), buf as *mut u8, n);
                    *buf.add(n) = 0;
                }
                m.len()
            })
        })
        .unwrap_or(0)
    }
}

/// The library version as a static NUL-terminated string, e.g. `"0.3.0"`.
/// It equals `BK_VERSION_MAJOR.BK_VERSION_MINOR.BK_VERSION_PATCH` of the
/// header the caller compiled against when the two are in step.
#[no_mangle]
pub extern "C" fn bk_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr() as *const c_char
}

/// A seeded ChaCha12 random generator (opaque). Not thread-safe: use one per thread.
pub struct bk_rng(bayeskit::Rng);

/// Creates a generator from a 64-bit seed; the same seed gives the same draws
/// on every platform. Free it with [`bk_rng_free`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_rng_new(seed: u64, out: *mut *mut bk_rng) -> bk_status {
    unsafe { guard(|| new_handle(out, bk_rng(bayeskit::Rng::seed_from_u64(seed)))) }
}

/// Creates a generator from a 64-bit seed and a stream number (ChaCha12's
/// nonce): the streams of one seed are independent sequences, so threads
/// given streams 0, 1, 2, … of one seed each draw reproducibly. Stream 0 is
/// [`bk_rng_new`]'s sequence. Free it with [`bk_rng_free`].
///
/// # Safety
/// Every pointer follows the pointer contract (`docs/c-api.md`, "Pointers").
#[no_mangle]
pub unsafe extern "C" fn bk_rng_new_stream(seed: u64, stream: u64, out: *mut *mut bk_rng) -> bk_status {
    unsafe { guard(|| new_handle(out, bk_rng(bayeskit::Rng::seed_from_u64_stream(seed, stream)))) }
}

/// Frees a generator. NULL is a no-op.
///
/// # Safety
/// The handle is NULL or was made by this library and not yet freed; it must
/// not be used after this call.
#[no_mangle]
pub unsafe extern "C" fn bk_rng_free(rng: *mut bk_rng) {
    unsafe { free_handle(rng) }
}

/// A versioned struct (options in, results out) whose earlier versions are its
/// prefixes: `BOUNDARIES` are the sizes a caller's version can have (`sizeof`
/// of each prefix, i.e. where a field starts, and 4 for `struct_size` alone),
/// besides the full size.
pub(crate) trait Versioned: Copy {
    const BOUNDARIES: &'static [usize];
}

/// Implements [`Versioned`] from the fields after `struct_size` that start a
/// version: every field of an options struct (each was once optional), and
/// for a result struct the first field each later version adds (none yet:
/// results became versioned all at once, in 0.3.0).
macro_rules! versioned {
    ($($t:ty { $($field:ident),* })*) => {$(
        impl super::Versioned for $t {
            const BOUNDARIES: &'static [usize] = &[4, $(std::mem::offset_of!($t, $field)),*];
        }
    )*};
}
pub(crate) use versioned;

/// The caller's `struct_size` of a versioned struct at `p` (not NULL), checked
/// to be the size of a version of `T`: at least 4, and a field boundary of a
/// known version unless at least `T`'s full size (a newer caller).
///
/// # Safety
/// `p` is not NULL and valid for reads of its first 4 bytes (`struct_size`).
unsafe fn caller_size<T: Versioned>(p: *const T, name: &'static str) -> FfiResult<usize> {
    unsafe {
        let size = *(p as *const u32) as usize;
        if size < std::mem::size_of::<u32>() {
            return Err(Error::invalid(format!(
                "{name}.struct_size = {size} is too small; set it to sizeof the struct (or use the \
             *_options_default function for options)"
            ))
            .into());
        }
        if size < std::mem::size_of::<T>() && !T::BOUNDARIES.contains(&size) {
            return Err(Error::invalid(format!(
                "{name}.struct_size = {size} ends inside a field (sizes of known versions: {:?} and {})",
                T::BOUNDARIES,
                std::mem::size_of::<T>()
            ))
            .into());
        }
        Ok(size)
    }
}

/// Writes a result to a caller's versioned output struct: its `struct_size`
/// (the first field, set by the caller to `sizeof` its struct) says how many
/// bytes the caller's version has, and only those are written — the fields
/// after `struct_size` — so a caller compiled against an older, shorter
/// struct keeps working, and `struct_size` itself is left as the caller set it.
///
/// # Safety
/// `p` is NULL or points to the caller's struct of `struct_size` bytes (its first field), valid for writes of them.
pub(crate) unsafe fn put_versioned<T: Versioned>(p: *mut T, name: &'static str, v: T) -> FfiResult<()> {
    unsafe {
        need(p, name)?;
        let n = caller_size(p, name)?.min(std::mem::size_of::<T>());
        let from = &v as *const T as *const u8;
        let head = std::mem::size_of::<u32>();
        std::ptr::copy_nonoverlapping(from.add(head), (p as *mut u8).add(head), n - head);
        Ok(())
    }
}

/// Reads a caller's versioned options struct: `struct_size` (its first field)
/// says how many bytes the caller's version has. Fields beyond it keep their
/// defaults, so a caller compiled against an older, shorter struct keeps
/// working; a newer, longer one is read up to the fields this library knows.
/// A size that ends inside a field of this version would splice the caller's
/// bytes with the defaults, so it is refused. NULL means all defaults.
///
/// # Safety
/// `p` is NULL or points to the caller's struct of `struct_size` bytes (its first field), valid for reads of them.
pub(crate) unsafe fn read_options<T: Versioned>(p: *const T, default: T, name: &'static str) -> FfiResult<T> {
    unsafe {
        if p.is_null() {
            return Ok(default);
        }
        let size = caller_size(p, name)?;
        let mut opts = default;
        let n = size.min(std::mem::size_of::<T>());
        std::ptr::copy_nonoverlapping(p as *const u8, &mut opts as *mut T as *mut u8, n);
        Ok(opts)
    }
}
