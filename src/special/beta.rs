//! The beta family: `ln B`, the regularized incomplete beta `I_x(a, b)`, its complement
//! and its log (the continued fraction with its double-double backward pass, the tails of
//! tiny shapes, the chart and the Gamma limit for huge ones), and the inverse of `I_x`.

use super::double_double::{dd_add, dd_div, dd_mul, dd_neg, one_minus, Dd};
use super::gamma::{digamma, gamma_core, stirling_corr};
use super::normal::as241;
use super::root::{solve_increasing, tail_residual, Tail};
use super::{
    check_prob, check_shape, ln_1m_exp, log1pmx, CHART_SHAPES, EULER, LN_MIN_SUBNORMAL, LN_SQRT_2PI,
};
use crate::Result;
// Only the docs name `Error`: the errors come from the checks in `mod.rs` and from the
// root search.
#[cfg(doc)]
use crate::Error;

/// Natural log of the beta function, `ln B(a, b)`, for `a, b > 0`.
///
/// For large arguments the Stirling-correction form is used instead of differences of
/// `ln Γ`, so the result keeps full relative accuracy even for `a = b = 1e8`.
/// Returns NaN for non-positive or NaN arguments.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() || a <= 0.0 || b <= 0.0 {
        return f64::NAN;
    }
    if a.is_infinite() || b.is_infinite() {
        return f64::NEG_INFINITY;
    }
    let p = a.min(b);
    let q = a.max(b);
    let s = p + q;
    if p >= 10.0 {
        let corr = stirling_corr(p) + stirling_corr(q) - stirling_corr(s);
        -0.5 * q.ln() + LN_SQRT_2PI + corr + (p - 0.5) * (p / s).ln() + q * (-p / s).ln_1p()
    } else if q >= 10.0 {
        let corr = stirling_corr(q) - stirling_corr(s);
        libm::lgamma(p) + corr + p - p * s.ln() + (q - 0.5) * (-p / s).ln_1p()
    } else {
        libm::lgamma(p) + libm::lgamma(q) - libm::lgamma(s)
    }
}

/// `ln[x^a y^b / B(a, b)]` with `x = xh + xl`, `y = yh + yl`, `x + y = 1` exactly.
fn ln_beta_prefactor(a: f64, b: f64, xh: f64, xl: f64, yh: f64, yl: f64) -> f64 {
    if a >= 10.0 && b >= 10.0 {
        // d = x·b − y·a = x(a+b) − a, evaluated with error-free products.
        let p1 = xh * b;
        let e1 = xh.mul_add(b, -p1);
        let p2 = yh * a;
        let e2 = yh.mul_add(a, -p2);
        let d = (p1 - p2) + ((e1 - e2) + (xl * b - yl * a));
        let s = a + b;
        // a·ln(x s / a) − d and b·ln(y s / b) + d; near u = −1 the log1p form loses
        // accuracy (u = d/a rounded), so switch to the direct logarithm there.
        let ta = if d / a > -0.5 {
            a * log1pmx(d / a)
        } else {
            a * ((xh.ln() + xl / xh) + (s / a).ln()) - d
        };
        let tb = if -d / b > -0.5 {
            b * log1pmx(-d / b)
        } else {
            b * ((yh.ln() + yl / yh) + (s / b).ln()) + d
        };
        ta + tb + 0.5 * (a / s * b).ln() - LN_SQRT_2PI - stirling_corr(a) - stirling_corr(b)
            + stirling_corr(s)
    } else {
        let lnx = xh.ln() + xl / xh;
        let lny = yh.ln() + yl / yh;
        a * lnx + b * lny - ln_beta(a, b)
    }
}

/// Continued fractions shorter than this many steps, for shapes with a + b below
/// `BACKWARD_SHAPES`, skip the double-double re-evaluation (measured against the
/// reference vectors: the forward recurrence alone is within 1e-12 there).
const BACKWARD_FROM: f64 = 100.0;
const BACKWARD_SHAPES: f64 = 1000.0;
/// The quantile search ([`beta_inc_inv`]) skips the double-double pass (for fractions
/// shorter than `BACKWARD_FROM`) up to this larger a + b. Measured against the backward
/// pass (20 000 random shapes with 1e3 ≤ a + b < 1e4, at quantiles p = 1e-300 … 1 − 1e-6),
/// the forward fraction is within 3.3e-13 relative there (growing about as 6e-17·(a + b);
/// 7e-14 at a + b = 1e3). In the root search that is a residual error far below its
/// `trust` (1e-11) and moves x by ≤ 3.3e-13·κ, inside the 1e-12·κ quantile tolerance; the
/// forward functions keep the double-double pass from `BACKWARD_SHAPES` on.
const QUANTILE_FORWARD_SHAPES: f64 = 10_000.0;

/// The incomplete-beta continued fraction (NR `betacf`) at `x + xl` (`xl` the low part of a
/// double-double argument; only the double-double backward pass uses it). Returns `None` if
/// the iteration cap is hit.
///
/// The fraction `1/(1 + d1/(1 + d2/(1 + d3/(1 + …))))` is run in its odd contraction
/// `1/((1 + d1) − d1·d2/((1 + d2 + d3) − d3·d4/((1 + d4 + d5) − …)))`, one step per pair
/// `d_2m, d_2m+1` (the convergents NR's loop tests), by the three-term recurrence for the
/// numerators and denominators of the convergents, as DiDonato–Morris `bfrac` does. Unlike
/// modified Lentz this keeps divisions off the loop-carried chain (the loop is latency-bound:
/// about twice as fast). The stopping test compares the last change of the convergents with
/// ε; the change is carried as the running product `n_m q_{m−1} − n_{m−1} q_m = −α_m·(the
/// previous one)`, so it is not the rounding noise of a difference (or of Lentz's
/// `|C·D − 1|`, which could stop long fractions early). The recurrence is rescaled by powers
/// of two (exactly) when it drifts far from 1.
///
/// Region L (a shape ≥ 1e6 with the fraction run in `y = 1 − x` near 1): the fraction
/// depends on `y` through `shape·(1 − y)`, so the rounding of `y = 1 − x` to a double
/// (relative error `yl / x`, up to ~1e-16 / x) is amplified to ~1e-9 for `x ~ 3e-8`. The
/// backward pass therefore evaluates at the exact `yh + yl`.
///
/// `forward_below`: the a + b below which short fractions skip the double-double pass
/// (`BACKWARD_SHAPES`, or `QUANTILE_FORWARD_SHAPES` inside the quantile search).
fn beta_cf(a: f64, b: f64, x: f64, xl: f64, max_iter: usize, forward_below: f64) -> Option<f64> {
    const BIG: f64 = 1.157_920_892_373_162e77; // 2^256
    const SMALL: f64 = 1.0 / BIG;
    let qab = a + b;
    // d1 = −(a+b)x/(a+1); `d_odd` holds d_{2m−1} on entry to step m.
    let mut d_odd = -qab * x / (a + 1.0);
    // Convergents n/q: (n0, q0) the previous one, (n1, q1) the current one, and
    // e = n1·q0 − n0·q1.
    let (mut n0, mut q0) = (0.0, 1.0);
    let (mut n1, mut q1) = (1.0, 1.0 + d_odd);
    let mut e = 1.0;
    for m in 1..=max_iter {
        let m = m as f64;
        let am2 = a + 2.0 * m;
        // d_2m = m(b−m)x/((a+2m−1)(a+2m)), d_2m+1 = −(a+m)(a+b+m)x/((a+2m)(a+2m+1)).
        let d_even = m * (b - m) * x / ((am2 - 1.0) * am2);
        let alpha = -d_odd * d_even;
        d_odd = -(a + m) * (qab + m) * x / (am2 * (am2 + 1.0));
        let beta = 1.0 + d_even + d_odd;
        (n0, n1) = (n1, beta * n1 + alpha * n0);
        (q0, q1) = (q1, beta * q1 + alpha * q0);
        e *= -alpha;
        // |n1/q1 − n0/q0| < ε·|n1/q1|
        if e.abs() < f64::EPSILON * (n1 * q0).abs() {
            let h = n1 / q1;
            // The forward recurrence accumulates rounding when the partial numerators
            // approach −1 (large shapes near the mean, which need many terms); then
            // re-evaluate backwards from a deeper start, which damps those errors. Short
            // fractions are accurate as they are and skip the (costly) double-double pass.
            if m < BACKWARD_FROM && qab < forward_below {
                return h.is_finite().then_some(h);
            }
            let depth = (m * 1.25) as usize + 10;
            return Some(beta_cf_backward(a, b, x, xl, depth));
        }
        let size = q1.abs();
        if !(SMALL..=BIG).contains(&size) {
            let s = if size > BIG { SMALL } else { BIG };
            (n0, q0, n1, q1, e) = (n0 * s, q0 * s, n1 * s, q1 * s, e * s * s);
        }
        if !(n1.is_finite() && q1.is_finite() && e.is_finite()) {
            return None;
        }
    }
    None
}

/// Backward evaluation of `1/(1 + d1/(1 + d2/(1 + …)))` truncated after `2·depth + 1`
/// partial numerators (the same fraction as [`beta_cf`]), in double-double arithmetic so
/// that the ~√a terms needed for huge shapes do not accumulate rounding.
fn beta_cf_backward(a: f64, b: f64, x: f64, xl: f64, depth: usize) -> f64 {
    let one = Dd(1.0, 0.0);
    let ab = dd_add(Dd(a, 0.0), Dd(b, 0.0));
    let xd = Dd(x, xl);
    let mut s = Dd(0.0, 0.0);
    for m in (1..=depth).rev() {
        let m = m as f64;
        let m2 = 2.0 * m;
        let am2 = dd_add(Dd(a, 0.0), Dd(m2, 0.0));
        // d_odd = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1))
        let num = dd_mul(dd_mul(dd_add(Dd(a, 0.0), Dd(m, 0.0)), dd_add(ab, Dd(m, 0.0))), xd);
        let den = dd_mul(am2, dd_add(am2, one));
        let d_odd = dd_neg(dd_div(num, den));
        s = dd_div(d_odd, dd_add(one, s));
        // d_even = m(b−m)x / ((a+2m−1)(a+2m))
        let num = dd_mul(dd_mul(Dd(m, 0.0), dd_add(Dd(b, 0.0), Dd(-m, 0.0))), xd);
        let den = dd_mul(dd_add(am2, Dd(-1.0, 0.0)), am2);
        s = dd_div(dd_div(num, den), dd_add(one, s));
    }
    // d1 = −(a+b)x/(a+1)
    let d1 = dd_neg(dd_div(dd_mul(ab, xd), dd_add(Dd(a, 0.0), one)));
    s = dd_div(d1, dd_add(one, s));
    let r = dd_div(one, dd_add(one, s));
    r.0 + r.1
}

/// `(ln I_x(a, b), ln[x^a y^b / B(a, b)])` by the continued fraction in `x = xh + xl`
/// (`y = yh + yl = 1 − x`). The prefactor is symmetric in `(a, x) ↔ (b, y)`.
fn beta_lower_ln(a: f64, b: f64, xh: f64, xl: f64, yh: f64, yl: f64, fwd: f64) -> Option<(f64, f64)> {
    let cap = 10_000 + (50.0 * a.max(b).sqrt()) as usize;
    let cf = beta_cf(a, b, xh, xl, cap, fwd)?;
    let pref = ln_beta_prefactor(a, b, xh, xl, yh, yl);
    Some((pref + (cf / a).ln(), pref))
}

/// `(ln I_x(a,b), ln(1 − I_x(a,b)), ln[x^a (1−x)^b / B(a,b)])` for valid `a, b > 0`
/// finite and `0 < x < 1`. NaN on non-convergence.
///
/// The continued fraction is run in `x` below `(a+1)/(a+b+2)` and in `1 − x` above
/// (symmetry `I_x(a,b) = 1 − I_{1−x}(b,a)`); the other tail is `ln(1 − e^l)`.
fn beta_core(a: f64, b: f64, x: f64) -> (f64, f64, f64) {
    if let Some((lower, upper, pref)) = beta_by_chart(a, b, x) {
        return (lower, upper, pref);
    }
    let (l, upper, pref) = beta_one_tail(a, b, x, BACKWARD_SHAPES);
    // When the fraction's own tail is the larger one, 1 − e^l cancels: l carries an absolute
    // error of a few 1e-16 (prefactor and fraction are each O(ln B)), which becomes a
    // relative error of ~1e-16/|l| in the small tail (3e-12 for beta_inc_c(1e-3, 5.5, 0.1)).
    // There, run the other orientation's fraction too (it converges beyond its split, only
    // more slowly) and derive l from that small tail; keep the subtraction as the fallback.
    // Only where the other tail is below 5 % (above, the subtraction loses less than 1e-13
    // relative, and the slow fraction cost 90 µs at I_0.999(312.5, 0.5) = 0.43), and for
    // moderate shapes: with a huge one, the fraction beyond its split would need the
    // double-double pass (and there the subtraction is accurate anyway).
    let (l, other) = match (l > -0.05 && a + b < BACKWARD_SHAPES)
        .then(|| other_tail(a, b, x, upper))
        .flatten()
    {
        Some(small) => (ln_1m_exp(small), small),
        None => (l, ln_1m_exp(l)),
    };
    if upper {
        (other, l, pref)
    } else {
        (l, other, pref)
    }
}

/// The tail [`beta_one_tail`] does not give directly, by its own continued fraction.
fn other_tail(a: f64, b: f64, x: f64, upper: bool) -> Option<f64> {
    beta_tail_ln(a, b, x, !upper, BACKWARD_SHAPES)
        .map(|(l, _)| l)
        .filter(|l| l.is_finite() && *l <= 0.0)
}

/// Whether `x` lies beyond the continued fraction's split (a+1)/(a+b+2),
/// where it gives the upper tail directly.
fn beyond_split(a: f64, b: f64, x: f64) -> bool {
    x > (a + 1.0) / (a + b + 2.0)
}

/// The tail the continued fraction gives directly at `x`: `(ln tail, is_upper, ln prefactor)`,
/// with `ln I_x(a,b)` below `(a+1)/(a+b+2)` and `ln(1 − I_x(a,b))` above. NaN on
/// non-convergence. The other tail costs an `exp` and a `log1p` more (see [`beta_core`]).
fn beta_one_tail(a: f64, b: f64, x: f64, fwd: f64) -> (f64, bool, f64) {
    let upper = beyond_split(a, b, x);
    if let Some((lower_l, upper_l, pref)) = beta_by_chart(a, b, x) {
        return (if upper { upper_l } else { lower_l }, upper, pref);
    }
    match beta_tail_ln(a, b, x, upper, fwd) {
        Some((l, pref)) => (l, upper, pref),
        None => (f64::NAN, upper, f64::NAN),
    }
}

/// `(ln tail, ln prefactor)` by the continued fraction: the lower tail `I_x(a, b)` in `x`,
/// or the upper tail `1 − I_x(a, b) = I_{1−x}(b, a)` in the exact `1 − x`.
fn beta_tail_ln(a: f64, b: f64, x: f64, upper: bool, fwd: f64) -> Option<(f64, f64)> {
    let (yh, yl) = one_minus(x);
    if upper {
        beta_lower_ln(b, a, yh, yl, x, 0.0, fwd)
    } else {
        beta_lower_ln(a, b, x, 0.0, yh, yl, fwd)
    }
}

/// A shape this large against one below 1 is the Gamma limit to double
/// precision: I_x(a, b) = P(a, (b + (a − 1)/2)·(−ln(1 − x))) + O(1/b).
const GAMMA_LIMIT_SHAPE: f64 = 1e16;

/// `(ln I, ln(1 − I), ln prefactor)` for huge shapes: by the chart when both
/// shapes are at least 1 (its tails then decay at least like e^{±u}), by the
/// Gamma limit when one shape is below 1 and the other beyond
/// [`GAMMA_LIMIT_SHAPE`]; None otherwise (the continued fraction applies).
fn beta_by_chart(a: f64, b: f64, x: f64) -> Option<(f64, f64, f64)> {
    if let Some(tails) = beta_tiny_shape(a, b, x) {
        return Some(tails);
    }
    if a + b < CHART_SHAPES {
        return None;
    }
    let (yh, yl) = one_minus(x);
    let pref = ln_beta_prefactor(a, b, x, 0.0, yh, yl);
    let tails = if a.min(b) >= 1.0 {
        crate::quadrature::beta_tails(a, b, x).ok()
    } else if b >= GAMMA_LIMIT_SHAPE {
        let (lp, lq) = gamma_core(a, (b + 0.5 * (a - 1.0)) * -(-x).ln_1p());
        Some((lp, lq))
    } else if a >= GAMMA_LIMIT_SHAPE {
        let (lp, lq) = gamma_core(b, (a + 0.5 * (b - 1.0)) * -x.ln());
        Some((lq, lp))
    } else {
        return None;
    };
    let (lower, upper) = tails.unwrap_or((f64::NAN, f64::NAN));
    Some((lower, upper, pref))
}

/// A shape at most this small is its b → 0 limit to double precision (see
/// [`beta_tiny_shape`]).
const TINY_SHAPE: f64 = 1e-16;

/// Both shapes at most this small: the two-term form of [`beta_tiny_shape`]
/// errs by ~a·|ln(1−x)|·(a + b)·700 relative, below 1e-13 here.
const TINY_SHAPES_BOTH: f64 = 1e-9;

/// `(ln I, ln(1 − I), ln prefactor)` where a shape is so small that the
/// continued fraction would give one tail as ~1 to only ~1e-14 absolute and
/// its complement, of the order of that shape, would cancel.
///
/// * Both shapes ≤ 1e-9: with B = B(a, b),
///   I_x = (x^a/a + ∫₀^x t^{a−1}((1−t)^{b−1} − 1) dt)/B and the integral is
///   −ln(1 − x) to a relative O((a + b)·700), itself a·|ln(1 − x)| of the
///   first term; the upper tail likewise with (1 − x)^b/b − ln x. Both tails
///   come out directly.
/// * b ≤ 1e-16 beyond the split (x > (a+1)/(a+b+2)), where the lower tail is
///   the small one: I_x(a, b) = J(a, 1 − x)/B·(1 + O(b ln²(1 − x))) with
///   J(a, y) = ∫₀^{1−y} t^{a−1}/(1 − t) dt = −ln y − ψ(a) − γ − Σ_{j≥1} (1−a)_j y^j/(j!·j)
///   (from ψ(a) + γ = ∫₀¹ (1 − t^{a−1})/(1 − t) dt); the series converges
///   geometrically since a·y < 1 there. J ≥ 0.2 there while its terms are
///   O(ln a) ≤ 710, so it keeps ~1e-13 relative for every a. The mirror case
///   (a tiny below the split) uses 1 − I_x(a, b) = I_{1−x}(b, a).
fn beta_tiny_shape(a: f64, b: f64, x: f64) -> Option<(f64, f64, f64)> {
    if a.min(b) > TINY_SHAPE && a.max(b) > TINY_SHAPES_BOTH {
        return None;
    }
    let (yh, yl) = one_minus(x);
    let pref = || ln_beta_prefactor(a, b, x, 0.0, yh, yl);
    let (ln_x, ln_y) = (x.ln(), yh.ln() + yl / yh);
    // ln(e^u + v) for v ≥ 0.
    let ln_add = |u: f64, v: f64| u + (v * (-u).exp()).ln_1p();
    if a <= TINY_SHAPES_BOTH && b <= TINY_SHAPES_BOTH {
        let ln_b = ln_beta(a, b);
        let lower = ln_add(a * ln_x - a.ln(), -ln_y) - ln_b;
        let upper = ln_add(b * ln_y - b.ln(), -ln_x) - ln_b;
        return Some((lower.min(0.0), upper.min(0.0), pref()));
    }
    let upper = beyond_split(a, b, x);
    // (other shape, tiny shape, y): the small tail is J(other, y)/B.
    let (other, tiny, y, ln_y) = if upper && b <= TINY_SHAPE {
        (a, b, yh + yl, ln_y)
    } else if !upper && a <= TINY_SHAPE {
        (b, a, x, ln_x)
    } else {
        return None;
    };
    let mut c = 1.0;
    let mut sum = 0.0;
    for j in 1..=2000 {
        let jf = f64::from(j);
        c *= (jf - other) * y / jf;
        let term = c / jf;
        sum += term;
        if term.abs() <= 1e-17 * sum.abs() || c == 0.0 {
            break;
        }
    }
    let j = -ln_y - digamma(other) - EULER - sum;
    if !(j.is_finite() && j > 0.0) {
        return None;
    }
    // ln(1/B): lnΓ(other) − lnΓ(other + tiny) cancels for a large partner, so
    // use its expansion tiny·ψ(other) (the next term, tiny²ψ'(other)/2, is
    // below 1e-32 for other > 1).
    let ln_inv_b = if other <= 1.0 {
        -ln_beta(a, b)
    } else {
        tiny.ln() + tiny * (digamma(other) + EULER)
    };
    let small = (j.ln() + ln_inv_b).min(0.0);
    let large = ln_1m_exp(small);
    Some(if upper {
        (small, large, pref())
    } else {
        (large, small, pref())
    })
}

/// Shared argument handling for the incomplete beta: returns `Err(value)` for the
/// edge cases (NaN for invalid input, exact values at `x = 0, 1`).
fn beta_args(a: f64, b: f64, x: f64) -> std::result::Result<(), (f64, f64)> {
    let ok = a.is_finite() && b.is_finite() && a > 0.0 && b > 0.0 && (0.0..=1.0).contains(&x);
    if !ok {
        return Err((f64::NAN, f64::NAN));
    }
    if x == 0.0 {
        return Err((f64::NEG_INFINITY, 0.0));
    }
    if x == 1.0 {
        return Err((0.0, f64::NEG_INFINITY));
    }
    Ok(())
}

/// Regularized incomplete beta function `I_x(a, b)`.
///
/// Valid for finite `a, b > 0` and `0 <= x <= 1`; returns NaN otherwise (including NaN
/// inputs) and NaN if the continued fraction fails to converge.
pub fn beta_inc(a: f64, b: f64, x: f64) -> f64 {
    match beta_args(a, b, x) {
        Err((lp, _)) => lp.exp(),
        Ok(()) => beta_core(a, b, x).0.exp(),
    }
}

/// Complement `1 − I_x(a, b)` of the regularized incomplete beta, computed without
/// cancellation.
///
/// Same domain and NaN conventions as [`beta_inc`].
pub fn beta_inc_c(a: f64, b: f64, x: f64) -> f64 {
    match beta_args(a, b, x) {
        Err((_, lq)) => lq.exp(),
        Ok(()) => beta_core(a, b, x).1.exp(),
    }
}

/// Natural log of the regularized incomplete beta, `ln I_x(a, b)`, accurate also where
/// `I_x(a, b)` underflows (e.g. values like 1e-300 or 1e-1000).
///
/// Same domain and NaN conventions as [`beta_inc`]; `ln I_0 = −inf`.
pub fn ln_beta_inc(a: f64, b: f64, x: f64) -> f64 {
    match beta_args(a, b, x) {
        Err((lp, _)) => lp,
        Ok(()) => beta_core(a, b, x).0,
    }
}

/// Inverse of the regularized incomplete beta: the `x` in `[0, 1]` with `I_x(a, b) = p`.
///
/// The search runs in `ln x` on the log of the lower tail (`p <= 0.5`) or of the upper tail
/// (`p > 0.5`), so targets like `p = 1e-60` with answers near the subnormal range are found
/// accurately. `p = 0` gives 0 and `p = 1` gives 1.
///
/// # Errors
/// [`Error::InvalidArgument`] if `a` or `b` is not finite and `> 0`, or `p` is not in
/// `[0, 1]` (including NaN); [`Error::NoConvergence`] if the continued fraction or the root
/// search hit their iteration caps (never a silently wrong number).
pub fn beta_inc_inv(a: f64, b: f64, p: f64) -> Result<f64> {
    check_shape("a", a)?;
    check_shape("b", b)?;
    check_prob(p)?;
    if p == 0.0 {
        return Ok(0.0);
    }
    if p == 1.0 {
        return Ok(1.0);
    }
    let tail = if p <= 0.5 { Tail::Lower } else { Tail::Upper };
    let target = match tail {
        Tail::Lower => p.ln(),
        Tail::Upper => (1.0 - p).ln(),
    };
    // Initial guess.
    let u0 = if a.min(b) > 5.0 {
        let s = a + b;
        let mean = a / s;
        let sd = (a * b / (s * s * (s + 1.0))).sqrt();
        // Normal approximation with the Cornish–Fisher skewness term.
        let z = as241(p);
        let skew = 2.0 * (b - a) * (s + 1.0).sqrt() / ((s + 2.0) * (a * b).sqrt());
        let x0 = mean + sd * (z + skew * (z * z - 1.0) / 6.0);
        if x0 > 0.0 && x0 < 1.0 {
            x0.ln()
        } else {
            f64::NAN
        }
    } else {
        f64::NAN
    };
    let u0 = if u0.is_nan() {
        match tail {
            // I_x ≈ x^a / (a B(a,b)) for small x
            Tail::Lower => ((target + a.ln() + ln_beta(a, b)) / a).min(0.0),
            // 1 − I_x ≈ (1−x)^b / (b B(a,b)) for x near 1
            Tail::Upper => {
                let ln1mx = ((target + b.ln() + ln_beta(a, b)) / b).min(0.0);
                (-ln1mx.exp()).ln_1p()
            }
        }
    } else {
        u0
    };
    let eval = |x: f64| -> Option<(f64, f64, f64)> {
        let (l_tail, lpref) = if x >= 1.0 || x <= 0.0 {
            // At the ends one tail is 1 (log 0) and the other 0 (log −∞).
            let solved_tail_is_one = (x >= 1.0) == (tail == Tail::Lower);
            let l = if solved_tail_is_one {
                0.0
            } else {
                f64::NEG_INFINITY
            };
            (l, f64::NEG_INFINITY)
        } else {
            // Only the tail being solved for is needed; the other costs an exp and a log.
            let (l, upper, pref) = beta_one_tail(a, b, x, QUANTILE_FORWARD_SHAPES);
            if l.is_nan() {
                return None;
            }
            let direct = upper == (tail == Tail::Upper);
            (if direct { l } else { ln_1m_exp(l) }, pref - (-x).ln_1p())
        };
        // lpref = ln(x · pdf(x)); its derivative in t = ln x is a − (b − 1)·x/(1 − x).
        let dlpref = a - (b - 1.0) * x / (1.0 - x);
        Some(tail_residual(tail, target, l_tail, lpref, dlpref))
    };
    // Where the forward function is accurate to ~1e-13 (a + b below the double-double
    // threshold), a residual of 1e-7 leaves a Halley error of order 1e-21; for huge
    // shapes (region L of the module docs) iterate down to the function's own noise.
    let trust = if a + b < BACKWARD_SHAPES { 1e-7 } else { 1e-11 };
    let x = solve_increasing(tail, trust, LN_MIN_SUBNORMAL, 0.0, u0, eval, "beta_inc_inv")?;
    Ok(x.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::special::tests::rel;
    use crate::Error;

    #[test]
    fn beta_inv_trap_200_2_1e60() {
        let x = beta_inc_inv(200.0, 2.0, 1e-60).unwrap();
        assert!(x > 0.0 && x < 1.0);
        assert!(rel(ln_beta_inc(200.0, 2.0, x), (1e-60f64).ln()) < 1e-12, "x={x}");
        assert!(rel(beta_inc(200.0, 2.0, x), 1e-60) < 1e-10);
    }

    #[test]
    fn beta_inv_trap_near_denormal() {
        let x = beta_inc_inv(0.1, 500.0, 1e-30).unwrap();
        assert!(x > 0.0 && x < 1e-290, "x={x}");
        assert!(rel(beta_inc(0.1, 500.0, x), 1e-30) < 1e-10, "x={x}");
    }

    #[test]
    fn symmetric_beta_at_half() {
        for s in [1e4, 1e5, 1e6, 1e7, 1e8] {
            let v = beta_inc(s, s, 0.5);
            assert!((v - 0.5).abs() < 1e-12, "s={s} v={v}");
            let c = beta_inc_c(s, s, 0.5);
            assert!((c - 0.5).abs() < 1e-12, "s={s} c={c}");
        }
    }

    #[test]
    fn tiny_ln_beta_inc() {
        // I_x(a, b) ≈ x^a / (a B(a,b)) for tiny x.
        let l = ln_beta_inc(2.0, 3.0, 1e-200);
        let approx = 2.0 * (1e-200f64).ln() - (2.0f64).ln() - ln_beta(2.0, 3.0);
        assert!(rel(l, approx) < 1e-13, "{l} vs {approx}");
        assert!(l < -900.0);
    }

    #[test]
    fn edge_inputs() {
        assert!(ln_beta(-1.0, 2.0).is_nan());
        for f in [beta_inc, beta_inc_c, ln_beta_inc] {
            assert!(f(f64::NAN, 1.0, 0.5).is_nan());
            assert!(f(1.0, f64::INFINITY, 0.5).is_nan());
            assert!(f(1.0, 1.0, 1.5).is_nan());
            assert!(f(0.0, 1.0, 0.5).is_nan());
            assert!(f(1.0, 1.0, f64::NAN).is_nan());
        }
        assert_eq!(beta_inc(2.0, 3.0, 0.0), 0.0);
        assert_eq!(beta_inc(2.0, 3.0, 1.0), 1.0);
        assert_eq!(beta_inc_c(2.0, 3.0, 0.0), 1.0);
        assert_eq!(ln_beta_inc(2.0, 3.0, 0.0), f64::NEG_INFINITY);

        assert_eq!(beta_inc_inv(2.0, 3.0, 0.0).unwrap(), 0.0);
        assert_eq!(beta_inc_inv(2.0, 3.0, 1.0).unwrap(), 1.0);
        for bad in [f64::NAN, -0.1, 1.1, f64::INFINITY] {
            assert!(matches!(
                beta_inc_inv(2.0, 3.0, bad),
                Err(Error::InvalidArgument(_))
            ));
        }
        for bad in [f64::NAN, 0.0, -1.0, f64::INFINITY] {
            assert!(matches!(
                beta_inc_inv(bad, 3.0, 0.5),
                Err(Error::InvalidArgument(_))
            ));
            assert!(matches!(
                beta_inc_inv(3.0, bad, 0.5),
                Err(Error::InvalidArgument(_))
            ));
        }
    }

    #[test]
    fn round_trips() {
        for &(a, b) in &[(0.5, 0.5), (2.0, 3.0), (0.2, 2.0), (1e4, 3.0), (30.0, 1e6)] {
            for &p in &[1e-12, 0.01, 0.3, 0.5, 0.9, 0.999_999] {
                let x = beta_inc_inv(a, b, p).unwrap();
                let back = beta_inc(a, b, x);
                assert!(
                    (back - p).abs() <= 1e-10 * p,
                    "a={a} b={b} p={p} x={x} back={back}"
                );
            }
        }
    }
}
