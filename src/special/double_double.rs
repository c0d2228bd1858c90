//! Double-double arithmetic: a value as the unevaluated sum `hi + lo` of two doubles, for
//! the incomplete beta's exact `1 − x` and its continued fraction's backward pass.

/// `1 − x` as an unevaluated sum `hi + lo` (exact).
pub(super) fn one_minus(x: f64) -> (f64, f64) {
    let hi = 1.0 - x;
    let lo = (1.0 - hi) - x;
    (hi, lo)
}

/// Unevaluated sum `hi + lo` (double-double).
#[derive(Clone, Copy)]
pub(super) struct Dd(pub(super) f64, pub(super) f64);

fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    Dd(s, e)
}

pub(super) fn dd_add(x: Dd, y: Dd) -> Dd {
    let s = two_sum(x.0, y.0);
    let t = two_sum(x.1, y.1);
    let s = two_sum(s.0, s.1 + t.0);
    two_sum(s.0, s.1 + t.1)
}

pub(super) fn dd_neg(x: Dd) -> Dd {
    Dd(-x.0, -x.1)
}

pub(super) fn dd_mul(x: Dd, y: Dd) -> Dd {
    let p = x.0 * y.0;
    let e = x.0.mul_add(y.0, -p);
    let e = e + (x.0 * y.1 + x.1 * y.0);
    two_sum(p, e)
}

pub(super) fn dd_div(x: Dd, y: Dd) -> Dd {
    let q1 = x.0 / y.0;
    let r = dd_add(x, dd_neg(dd_mul(Dd(q1, 0.0), y)));
    let q2 = r.0 / y.0;
    let r = dd_add(r, dd_neg(dd_mul(Dd(q2, 0.0), y)));
    let q3 = r.0 / y.0;
    dd_add(two_sum(q1, q2), Dd(q3, 0.0))
}
