//! The conjugate families' entry points, written once: every `bk_<family>_*`
//! function of `posterior.rs` is a declaration whose body calls one of these,
//! generic over the core's traits ([`Conjugate`], [`Univariate`],
//! [`UnivariatePosterior`]) and over [`Family`], the C struct of a family
//! (one row of `posterior.rs`'s `families!` table each).
//!
//! The declarations stay written out because cbindgen, which writes
//! `include/bayeskit.h`, reads items and does not expand macros; what a macro
//! could generate is their bodies, and these functions are those bodies. Each
//! reads `*p` first and the other arguments after it, as the per-family
//! functions did, so statuses and messages are what they were.

use super::{bk_rng, deref, deref_mut, need, put, slice_mut, FfiResult};
use bayeskit::error::check_finite;
use bayeskit::posterior::{Conjugate, Univariate, UnivariatePosterior};
use bayeskit::Error;

/// A conjugate family's C value struct: the core type it carries, the name
/// of its argument in messages, and its fields read (validated) and written.
pub(crate) trait Family: Copy {
    /// The core type.
    type Core: UnivariatePosterior + Copy;
    /// The struct argument's name in messages.
    const NAME: &'static str;
    /// The core value of these fields, validated.
    fn core(&self) -> bayeskit::Result<Self::Core>;
    /// The fields of a core value.
    fn fields(v: Self::Core) -> Self;
}

/// The family table: `C struct <=> core type ("name"): read, write`.
macro_rules! families {
    ($($c:ident <=> $core:ident($name:literal): |$r:ident| $read:expr, |$w:ident| $write:expr;)*) => {$(
        impl super::conjugate::Family for $c {
            type Core = $core;
            const NAME: &'static str = $name;
            fn core(&self) -> bayeskit::Result<$core> {
                let $r = self;
                $read
            }
            fn fields($w: $core) -> Self {
                $write
            }
        }
    )*};
}
pub(crate) use families;

pub(crate) type Core<F> = <F as Family>::Core;
type Marginal<F> = <Core<F> as UnivariatePosterior>::Marginal;
type Data<'a, F> = <Core<F> as Conjugate>::Data<'a>;
type Stats<F> = <Core<F> as Conjugate>::Stats;
type Outcome<F> = <Core<F> as Conjugate>::Outcome;

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn load<F: Family>(p: *const F) -> FfiResult<Core<F>> {
    unsafe { Ok(deref(p, F::NAME)?.core()?) }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn write_interval(lo: *mut f64, hi: *mut f64, v: (f64, f64)) -> FfiResult<()> {
    unsafe {
        need(lo, "lo")?;
        need(hi, "hi")?;
        put(lo, "lo", v.0)?;
        put(hi, "hi", v.1)
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn sample_into(
    rng: *mut bk_rng,
    out: *mut f64,
    n: usize,
    draw: impl Fn(&mut bayeskit::Rng) -> f64,
) -> FfiResult<()> {
    unsafe {
        let rng = deref_mut(rng, "rng")?;
        let out = slice_mut(out, n, "out")?;
        for o in out {
            *o = draw(&mut rng.0);
        }
        Ok(())
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn init<F: Family>(v: bayeskit::Result<Core<F>>, out: *mut F) -> FfiResult<()> {
    unsafe { put(out, "out", F::fields(v?)) }
}

/// Updates `*p` with `update`, writing it back only on success.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
unsafe fn update_with<F: Family>(
    p: *mut F,
    update: impl FnOnce(&mut Core<F>) -> FfiResult<()>,
) -> FfiResult<()> {
    unsafe {
        let mut v = load(p)?;
        update(&mut v)?;
        put(p, F::NAME, F::fields(v))
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn update<F: Family>(p: *mut F, stats: &Stats<F>) -> FfiResult<()> {
    unsafe { update_with(p, |v| Ok(v.update(stats)?)) }
}

/// Observes a batch, read from the caller's arrays by `data` after `*p`.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn update_batch<'a, F: Family>(
    p: *mut F,
    data: impl FnOnce() -> FfiResult<Data<'a, F>>,
) -> FfiResult<()> {
    unsafe { update_with(p, |v| Ok(v.update_batch(data()?)?)) }
}

/// A moment the family always has (`Univariate::mean`, `variance`, `mode`).
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn moment<F: Family>(
    p: *const F,
    out: *mut f64,
    moment: fn(&Marginal<F>) -> Option<f64>,
) -> FfiResult<()> {
    unsafe { moment_or(p, out, moment, "the family has no such moment") }
}

/// A moment that may not exist: `missing` (`BK_ERR_INVALID_ARGUMENT`) where it does not.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn moment_or<F: Family>(
    p: *const F,
    out: *mut f64,
    moment: fn(&Marginal<F>) -> Option<f64>,
    missing: &'static str,
) -> FfiResult<()> {
    unsafe {
        let m = moment(&load(p)?.marginal()).ok_or_else(|| Error::invalid(missing))?;
        put(out, "out", m)
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn cdf<F: Family>(p: *const F, x: f64, out: *mut f64) -> FfiResult<()> {
    unsafe {
        let x = check_finite("x", x)?;
        put(out, "out", load(p)?.marginal().cdf(x))
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn quantile<F: Family>(p: *const F, prob: f64, out: *mut f64) -> FfiResult<()> {
    unsafe { put(out, "out", load(p)?.marginal().quantile(prob)?) }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn interval<F: Family>(
    p: *const F,
    level: f64,
    lo: *mut f64,
    hi: *mut f64,
) -> FfiResult<()> {
    unsafe { write_interval(lo, hi, load(p)?.marginal().interval(level)?) }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn ln_predictive<F: Family>(p: *const F, y: &Outcome<F>, out: *mut f64) -> FfiResult<()> {
    unsafe { put(out, "out", load(p)?.ln_predictive(y)?) }
}

/// The evidence of a batch, read from the caller's arrays by `data` after `*p`.
///
/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn ln_marginal<'a, F: Family>(
    p: *const F,
    data: impl FnOnce() -> FfiResult<Data<'a, F>>,
    out: *mut f64,
) -> FfiResult<()> {
    unsafe {
        let v = load(p)?;
        put(out, "out", v.ln_marginal(data()?)?)
    }
}

/// # Safety
/// Its pointers are an entry point's, under the pointer contract.
pub(crate) unsafe fn sample<F: Family>(
    p: *const F,
    rng: *mut bk_rng,
    out: *mut f64,
    n: usize,
) -> FfiResult<()> {
    unsafe {
        let d = load(p)?.marginal();
        sample_into(rng, out, n, |r| d.sample(r))
    }
}
