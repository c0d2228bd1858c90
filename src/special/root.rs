//! The root search behind the inverses: [`solve_increasing`] (safeguarded Halley, Newton
//! and bisection in `t = ln x`) on the residual of one tail in log space
//! ([`tail_residual`]).

use crate::{Error, Result};

/// Which tail a quantile search matches in log space.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Tail {
    Lower,
    Upper,
}

/// The residual an inverse drives to zero, in `t = ln x`, with its first two derivatives:
/// `g = ln P − target` (lower tail) or `target − ln Q` (upper tail), from `l_tail` = ln P or
/// ln Q. With `lpref = ln(x·pdf)` and `dlpref` its derivative in `t`, `g' = r = x·pdf/P`
/// (or `/Q`) and `g'' = r(dlpref ∓ r)`.
pub(super) fn tail_residual(
    tail: Tail,
    target: f64,
    l_tail: f64,
    lpref: f64,
    dlpref: f64,
) -> (f64, f64, f64) {
    let r = (lpref - l_tail).exp();
    match tail {
        Tail::Lower => (l_tail - target, r, r * (dlpref - r)),
        Tail::Upper => (target - l_tail, r, r * (dlpref + r)),
    }
}

/// Safeguarded Halley/Newton/bisection on an increasing function `g` with a root in
/// `(lo, hi)` (in the search variable `t`, with `x = e^t`).
///
/// `eval(x)` returns `(g, dg/dt, d²g/dt²)` or `None` when the underlying function failed.
/// The search stops when both the residual and the correction are small enough that the
/// corrected point is exact to rounding (`trust` is the residual below which one more
/// Halley step is final: callers pass a looser value where `g` itself is accurate to
/// ~1e-13, a tight one where it is noisier), or when the bracket has collapsed; it then
/// finishes with a bisection directly on the doubles `x` so that the answer is the best
/// double (the endpoint with the smaller residual). A step that does not move (e.g. an
/// underflowed derivative) is never taken as convergence unless the residual is tiny.
pub(super) fn solve_increasing(
    tail: Tail,
    trust: f64,
    mut lo: f64,
    mut hi: f64,
    t0: f64,
    eval: impl Fn(f64) -> Option<(f64, f64, f64)>,
    what: &str,
) -> Result<f64> {
    let x_of = f64::exp;
    let fail = |msg: &str| Error::NoConvergence(format!("{what}: {msg}"));
    let call = |x: f64| -> Result<(f64, f64, f64)> {
        match eval(x) {
            Some((g, dg, d2g)) if !g.is_nan() => Ok((g, dg, d2g)),
            _ => Err(fail("series/continued fraction did not converge")),
        }
    };
    let mut g_lo = f64::NEG_INFINITY;
    let mut g_hi = f64::INFINITY;
    // x at the bracket ends, kept as they are evaluated: `x_of` is an `exp`, and at the
    // initial ends (±700) a slow one.
    let (mut x_lo, mut x_hi) = (None, None);
    let mut t = if t0 > lo && t0 < hi { t0 } else { 0.5 * (lo + hi) };
    let mut g_prev = f64::INFINITY;
    let mut slow = 0;
    let mut converged = false;
    for _ in 0..400 {
        let x = x_of(t);
        let (g, dg, d2g) = call(x)?;
        if g == 0.0 {
            return Ok(x);
        }
        if g < 0.0 {
            (lo, x_lo, g_lo) = (t, Some(x), g);
        } else {
            (hi, x_hi, g_hi) = (t, Some(x), g);
        }
        let mid = 0.5 * (lo + hi);
        let collapsed = *x_lo.get_or_insert_with(|| x_of(lo)) >= *x_hi.get_or_insert_with(|| x_of(hi));
        if mid <= lo || mid >= hi || collapsed {
            converged = true;
            break;
        }
        let newton = if dg.is_finite() && dg > 0.0 {
            let step = g / dg;
            // Halley's correction when the curvature is known and the step is moderate
            // (cubic convergence: two or three evaluations from a fair start).
            let c = 0.5 * step * d2g / dg;
            if c.is_finite() && c.abs() < 0.5 {
                t - step / (1.0 - c)
            } else {
                t - step
            }
        } else {
            f64::NAN
        };
        let mut next = newton;
        // Converged: with a residual this small and a correction this small relative to
        // t, the cubic (at worst quadratic) error of `next` is far below rounding. Both
        // are required, so an underflowed derivative cannot fake convergence.
        // `next` may equal `t`, which is now one end of the bracket (a correction below
        // half an ulp of t): that end is the answer, not a reason to bisect.
        if (next - t).abs() <= trust * t.abs() && g.abs() <= trust && next >= lo && next <= hi {
            return Ok(x_of(next));
        }
        if !(next > lo && next < hi) {
            next = mid;
        } else if x_of(next) == x {
            if g.abs() <= 1e-13 {
                return Ok(x);
            }
            // A non-moving Newton step with a large residual: do not trust it.
            next = mid;
        }
        // Guarantee progress if Newton crawls: after two steps that did not halve
        // the residual, bisect (the bracket then shrinks geometrically).
        if g.abs() > 0.5 * g_prev {
            slow += 1;
        }
        g_prev = g.abs();
        if slow >= 2 {
            next = mid;
            slow = 0;
        }
        t = next;
    }
    if !converged {
        return Err(fail("iteration cap reached"));
    }
    // Final bisection on the doubles themselves.
    let (mut xl, mut xh) = (x_of(lo), x_of(hi));
    for _ in 0..2000 {
        if xh <= xl {
            break;
        }
        let xm = xl + 0.5 * (xh - xl);
        if xm <= xl || xm >= xh {
            break;
        }
        let (g, _, _) = call(xm)?;
        if g == 0.0 {
            return Ok(xm);
        }
        if g < 0.0 {
            xl = xm;
            g_lo = g;
        } else {
            xh = xm;
            g_hi = g;
        }
    }
    // The end nearer in probability (not in log-probability, where an end at
    // 0 or 1 is infinitely far): the solved tail at x is e^{target}·e^{±g}, so
    // the gaps are e^{target}·|expm1(±g)|. This choice is a threshold in p, so
    // quantiles stay monotone where the answer is resolved only to one ulp
    // (Beta(1e-250, 1e-300) has all its mass within 1e-16 of 1).
    let gap = |g: f64| match tail {
        Tail::Lower => g.exp_m1().abs(),
        Tail::Upper => (-g).exp_m1().abs(),
    };
    Ok(if gap(g_lo) <= gap(g_hi) { xl } else { xh })
}

#[cfg(test)]
mod tests {
    use crate::special::tests::rel;
    use crate::special::{beta_inc_inv, gamma_inc, gamma_inc_inv, ln_beta_inc};

    #[test]
    fn zero_newton_step_is_not_convergence() {
        // Huge shapes: the pdf is astronomically small away from the mode, so a naive
        // Newton step from a poor start is ~0. The solver must still land on the root.
        let x = beta_inc_inv(1e8, 1e8, 1e-10).unwrap();
        let lp = ln_beta_inc(1e8, 1e8, x);
        assert!((lp - (1e-10f64).ln()).abs() < 1e-9, "x={x} lp={lp}");
        let x = gamma_inc_inv(1e8, 1e-30).unwrap();
        assert!(rel(gamma_inc(1e8, x), 1e-30) < 1e-9, "x={x}");
    }
}
