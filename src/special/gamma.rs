//! The gamma family: `ln Γ` (with the Stirling correction, and `ln Γ(1 + a)` for small
//! `a`), digamma, trigamma, the regularized incomplete gamma functions `P(a, x)` and
//! `Q(a, x)`, and the inverse of `P`.

// Published coefficients (the ζ values of `ln_gamma_1p`) are kept digit-for-digit as printed.
#![allow(clippy::excessive_precision)]

use super::normal::as241;
use super::root::{solve_increasing, tail_residual, Tail};
use super::{
    check_prob, check_shape, ln_1m_exp, log1pmx, CHART_SHAPES, EULER, LN_MAX, LN_MIN_SUBNORMAL, LN_SQRT_2PI,
};
use crate::Result;
// Only the docs name `Error`: the errors come from the checks in `mod.rs` and from the
// root search.
#[cfg(doc)]
use crate::Error;

/// Natural log of the gamma function, `ln Γ(x)`, for `x > 0`.
///
/// Returns NaN for `x <= 0` or NaN, and `+inf` for `x = +inf`.
pub fn ln_gamma(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    libm::lgamma(x)
}

/// Stirling correction `ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π]` (by its series for
/// `x >= 10`, else from `ln Γ`).
pub(crate) fn stirling_corr(x: f64) -> f64 {
    if x < 10.0 {
        return libm::lgamma(x) - ((x - 0.5) * x.ln() - x + LN_SQRT_2PI);
    }
    let t = 1.0 / x;
    let z = t * t;
    t * (1.0 / 12.0
        - z * (1.0 / 360.0
            - z * (1.0 / 1260.0
                - z * (1.0 / 1680.0 - z * (1.0 / 1188.0 - z * (691.0 / 360_360.0 - z * (1.0 / 156.0)))))))
}

/// `ln Γ(1 + a)` accurate for small `|a|` (no rounding of `1 + a`).
fn ln_gamma_1p(a: f64) -> f64 {
    if a.abs() >= 0.2 {
        return libm::lgamma(1.0 + a);
    }
    // ln Γ(1+a) = −γ a + Σ_{k≥2} (−1)^k ζ(k) a^k / k
    const ZETA: [f64; 9] = [
        1.644_934_066_848_226_4,
        1.202_056_903_159_594_3,
        1.082_323_233_711_138_2,
        1.036_927_755_143_369_9,
        1.017_343_061_984_449_1,
        1.008_349_277_381_922_8,
        1.004_077_356_197_944_3,
        1.002_008_392_826_082_2,
        1.000_994_575_127_818_1,
    ];
    let mut sum = 0.0;
    let mut pow = a; // a^k
    for k in 2..=40 {
        pow *= -a;
        // pow = (−1)^{k-1} a^k ; we want (−1)^k a^k
        let kf = k as f64;
        let zeta = if k <= 10 {
            ZETA[k - 2]
        } else {
            1.0 + 2f64.powf(-kf) + 3f64.powf(-kf) + 4f64.powf(-kf) + 5f64.powf(-kf)
        };
        let term = -pow * zeta / kf;
        sum += term;
        if term.abs() < 1e-18 * sum.abs() {
            break;
        }
    }
    -EULER * a + sum
}

/// Digamma function `ψ(x) = d/dx ln Γ(x)`.
///
/// Uses the recurrence up to `x >= 10` and the asymptotic series; negative non-integer
/// arguments use the reflection formula. Returns NaN at the poles (`x = 0, −1, −2, …`) and
/// for NaN or `−inf`; `ψ(+inf) = +inf`.
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return f64::INFINITY;
    }
    if x <= 0.0 {
        if x == x.floor() {
            return f64::NAN;
        }
        // ψ(x) = ψ(1 − x) − π / tan(π x)
        let r = x - x.floor(); // in (0, 1)
        let (s, c) = (std::f64::consts::PI * r).sin_cos();
        return digamma(1.0 - x) - std::f64::consts::PI * c / s;
    }
    if x < 1e-6 {
        return -1.0 / x - EULER + std::f64::consts::PI * std::f64::consts::PI / 6.0 * x;
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc -= 1.0 / x;
        x += 1.0;
    }
    let z = 1.0 / (x * x);
    let series = z
        * (1.0 / 12.0
            - z * (1.0 / 120.0
                - z * (1.0 / 252.0
                    - z * (1.0 / 240.0 - z * (1.0 / 132.0 - z * (691.0 / 32760.0 - z / 12.0))))));
    (x.ln() - 0.5 / x - series) + acc
}

/// Trigamma function `ψ₁(x) = d²/dx² ln Γ(x)`.
///
/// Returns `+inf` at the poles (`x = 0, −1, −2, …`), NaN for NaN or `−inf`, and 0 at `+inf`.
pub fn trigamma(x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return 0.0;
    }
    if x <= 0.0 {
        if x == x.floor() {
            return f64::INFINITY;
        }
        // ψ₁(x) = −ψ₁(1 − x) + π² / sin²(π x)
        let r = x - x.floor();
        let s = (std::f64::consts::PI * r).sin();
        return -trigamma(1.0 - x) + std::f64::consts::PI * std::f64::consts::PI / (s * s);
    }
    let mut x = x;
    let mut acc = 0.0;
    while x < 10.0 {
        acc += 1.0 / (x * x);
        x += 1.0;
    }
    let t = 1.0 / x;
    let z = t * t;
    let series = t
        * z
        * (1.0 / 6.0
            - z * (1.0 / 30.0
                - z * (1.0 / 42.0
                    - z * (1.0 / 30.0 - z * (5.0 / 66.0 - z * (691.0 / 2730.0 - z * (7.0 / 6.0)))))));
    (series + 0.5 * z + t) + acc
}

/// `ln[x^a e^{−x} / Γ(a)]`.
fn ln_gamma_prefactor(a: f64, x: f64) -> f64 {
    let t = (x - a) / a;
    // The Stirling form avoids the cancellation of a·ln x − x against ln Γ(a) near x ≈ a;
    // for x < a/2 the rounding of t would be amplified by log1p near −1, and nothing
    // cancels there, so the direct form is used.
    if a >= 10.0 && t > -0.5 {
        a * log1pmx(t) + 0.5 * a.ln() - LN_SQRT_2PI - stirling_corr(a)
    } else {
        a * x.ln() - x - libm::lgamma(a)
    }
}

/// `(ln P(a,x), ln Q(a,x))` for finite `a > 0` and `0 < x < inf`. NaN on non-convergence.
pub(super) fn gamma_core(a: f64, x: f64) -> (f64, f64) {
    if x == f64::INFINITY {
        // Reached from the Gamma limit of a Beta with a shape near f64::MAX.
        return (0.0, f64::NEG_INFINITY);
    }
    if a >= CHART_SHAPES {
        // The series and the continued fraction need ~√a terms: the chart instead.
        return crate::quadrature::gamma_tails(a, x).unwrap_or((f64::NAN, f64::NAN));
    }
    let max_iter = 10_000 + (50.0 * a.sqrt()) as usize;
    let lpref = ln_gamma_prefactor(a, x);
    if x >= 1e300 {
        // Q = x^{a−1}e^{−x}/Γ(a)·(1 + (a−1)/x + …) with a < 1e6 here (the
        // continued fraction's x + 1 − a + 2i would overflow near f64::MAX).
        let lq = lpref - x.ln();
        return (ln_1m_exp(lq), lq);
    }
    if x < a + 1.0 {
        // P by the series Σ x^n / (a (a+1) … (a+n)).
        let mut ap = a;
        let mut del = 1.0 / a;
        let mut sum = del;
        let mut converged = false;
        for _ in 0..max_iter {
            ap += 1.0;
            del *= x / ap;
            sum += del;
            if del.abs() < sum.abs() * (0.5 * f64::EPSILON) {
                converged = true;
                break;
            }
        }
        if !converged {
            return (f64::NAN, f64::NAN);
        }
        let lp = lpref + sum.ln();
        if lp > (0.9f64).ln() && x <= 2.0 {
            // Q for small a without cancellation:
            // Q = −expm1(a ln x − lnΓ(1+a)) − x^a/Γ(1+a) · a · Σ_{n≥1} (−x)^n / (n! (a+n)).
            let l = a * x.ln() - ln_gamma_1p(a);
            let mut term = 1.0; // (−x)^n / n!
            let mut s = 0.0;
            for n in 1..200 {
                let nf = n as f64;
                term *= -x / nf;
                let t = term / (a + nf);
                s += t;
                if t.abs() <= 1e-17 * s.abs() {
                    break;
                }
            }
            let q = -l.exp_m1() - l.exp() * a * s;
            // P from Q: the series' P is only good to ~1e-16 absolute, which
            // is all of Q for tiny shapes (Q(1e-50, 1e-10) = 2.2e-49).
            ((-q).ln_1p(), q.ln())
        } else {
            (lp, ln_1m_exp(lp))
        }
    } else {
        // Q by the Legendre continued fraction (modified Lentz).
        const TINY: f64 = 1e-300;
        let mut bb = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / bb;
        let mut h = d;
        let mut converged = false;
        for i in 1..=max_iter {
            let i = i as f64;
            let an = -i * (i - a);
            bb += 2.0;
            d = an * d + bb;
            if d.abs() < TINY {
                d = TINY;
            }
            c = bb + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < f64::EPSILON {
                converged = true;
                break;
            }
        }
        if !converged {
            return (f64::NAN, f64::NAN);
        }
        let lq = lpref + h.ln();
        (ln_1m_exp(lq), lq)
    }
}

/// Argument handling for the incomplete gamma; `Err((ln P, ln Q))` for edge cases.
fn gamma_args(a: f64, x: f64) -> std::result::Result<(), (f64, f64)> {
    if !(a.is_finite() && a > 0.0) || x.is_nan() || x < 0.0 {
        return Err((f64::NAN, f64::NAN));
    }
    if x == 0.0 {
        return Err((f64::NEG_INFINITY, 0.0));
    }
    if x == f64::INFINITY {
        return Err((0.0, f64::NEG_INFINITY));
    }
    Ok(())
}

/// Regularized lower incomplete gamma function `P(a, x) = γ(a, x) / Γ(a)`.
///
/// Valid for finite `a > 0` and `x >= 0` (`x = +inf` gives 1); NaN otherwise and on
/// non-convergence.
pub fn gamma_inc(a: f64, x: f64) -> f64 {
    match gamma_args(a, x) {
        Err((lp, _)) => lp.exp(),
        Ok(()) => gamma_core(a, x).0.exp(),
    }
}

/// Regularized upper incomplete gamma function `Q(a, x) = 1 − P(a, x)`, computed without
/// cancellation.
///
/// Same domain and NaN conventions as [`gamma_inc`].
pub fn gamma_inc_c(a: f64, x: f64) -> f64 {
    match gamma_args(a, x) {
        Err((_, lq)) => lq.exp(),
        Ok(()) => gamma_core(a, x).1.exp(),
    }
}

/// Inverse of the regularized lower incomplete gamma: the `x >= 0` with `P(a, x) = p`.
///
/// `p = 0` gives 0 and `p = 1` gives `+inf`. The search runs in `ln x` on the log of the
/// lower (`p <= 0.5`) or upper tail probability.
///
/// # Errors
/// [`Error::InvalidArgument`] if `a` is not finite and `> 0` or `p` is not in `[0, 1]`;
/// [`Error::NoConvergence`] if the series/continued fraction or the root search hit their
/// iteration caps.
pub fn gamma_inc_inv(a: f64, p: f64) -> Result<f64> {
    check_shape("a", a)?;
    check_prob(p)?;
    if p == 0.0 {
        return Ok(0.0);
    }
    if p == 1.0 {
        return Ok(f64::INFINITY);
    }
    let tail = if p <= 0.5 { Tail::Lower } else { Tail::Upper };
    let target = match tail {
        Tail::Lower => p.ln(),
        Tail::Upper => (1.0 - p).ln(),
    };
    // Wilson–Hilferty, or the small-x expansion P ≈ x^a / Γ(a+1) in the lower tail.
    let z = as241(p);
    let wh = a * (1.0 - 1.0 / (9.0 * a) + z / (3.0 * a.sqrt())).powi(3);
    let u0 = if tail == Tail::Lower && (a < 1.0 || wh <= 0.0) {
        (target + ln_gamma_1p(a)) / a
    } else if wh > 0.0 {
        wh.ln()
    } else {
        a.ln()
    };
    let eval = |x: f64| -> Option<(f64, f64, f64)> {
        let (l_tail, lpref) = if x == f64::INFINITY || x <= 0.0 {
            // At the ends one tail is 1 (log 0) and the other 0 (log −∞).
            let solved_tail_is_one = (x == f64::INFINITY) == (tail == Tail::Lower);
            let l = if solved_tail_is_one {
                0.0
            } else {
                f64::NEG_INFINITY
            };
            (l, f64::NEG_INFINITY)
        } else {
            let (lp, lq) = gamma_core(a, x);
            if lp.is_nan() || lq.is_nan() {
                return None;
            }
            let l = if tail == Tail::Lower { lp } else { lq };
            (l, ln_gamma_prefactor(a, x))
        };
        // lpref = ln(x · pdf(x)); its derivative in t = ln x is a − x.
        let dlpref = a - x;
        Some(tail_residual(tail, target, l_tail, lpref, dlpref))
    };
    let trust = if a < 1e6 { 1e-7 } else { 1e-11 };
    solve_increasing(tail, trust, LN_MIN_SUBNORMAL, LN_MAX, u0, eval, "gamma_inc_inv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn edge_inputs() {
        assert!(ln_gamma(f64::NAN).is_nan());
        assert!(ln_gamma(0.0).is_nan());
        assert_eq!(ln_gamma(f64::INFINITY), f64::INFINITY);
        assert!(digamma(0.0).is_nan());
        assert!(digamma(-2.0).is_nan());
        assert!(digamma(f64::NAN).is_nan());
        assert_eq!(trigamma(f64::INFINITY), 0.0);
        assert!(trigamma(f64::NAN).is_nan());
        assert_eq!(gamma_inc(2.0, 0.0), 0.0);
        assert_eq!(gamma_inc(2.0, f64::INFINITY), 1.0);
        assert_eq!(gamma_inc_c(2.0, f64::INFINITY), 0.0);
        assert!(gamma_inc(2.0, -1.0).is_nan());
        assert!(gamma_inc(f64::NAN, 1.0).is_nan());
        assert!(gamma_inc_c(0.0, 1.0).is_nan());

        assert_eq!(gamma_inc_inv(2.0, 0.0).unwrap(), 0.0);
        assert_eq!(gamma_inc_inv(2.0, 1.0).unwrap(), f64::INFINITY);
        for bad in [f64::NAN, -0.1, 1.1, f64::INFINITY] {
            assert!(matches!(gamma_inc_inv(2.0, bad), Err(Error::InvalidArgument(_))));
        }
        for bad in [f64::NAN, 0.0, -1.0, f64::INFINITY] {
            assert!(matches!(gamma_inc_inv(bad, 0.5), Err(Error::InvalidArgument(_))));
        }
    }

    #[test]
    fn round_trips() {
        for &a in &[0.1, 0.5, 1.0, 7.5, 1e3, 1e7] {
            for &p in &[1e-12, 0.01, 0.5, 0.99, 1.0 - 1e-10] {
                let x = gamma_inc_inv(a, p).unwrap();
                let back = gamma_inc(a, x);
                assert!((back - p).abs() <= 1e-10 * p, "a={a} p={p} x={x} back={back}");
            }
        }
    }
}
