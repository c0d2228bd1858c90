//! Integrals over Beta and Gamma posteriors that stay fast and exact at every
//! size: the engine behind P(B > A), expected losses, lift quantiles and the
//! probability of being best.
//!
//! # The variable
//!
//! A Beta(α, β) posterior at 10⁹ trials is a spike of width ~10⁻⁵ on [0, 1];
//! a Beta(0.5, 10.5) one has an integrable singularity at 0. Both are smooth,
//! log-concave bell curves in the *chart* variable `u = logit x` (Beta) or
//! `u = ln x` (Gamma): the density of u is `x^α (1−x)^β / B(α, β)`, resp.
//! `b^a x^a e^{−bx} / Γ(a)`, whose logarithm is concave for every shape > 0.
//! Each posterior is integrated in its standardised chart variable
//! `t = (u − u*) / s`, with u* the mode and s the curvature scale there
//! (`s² = 1/α + 1/β`, resp. `1/a`), where it looks like a standard normal for
//! large shapes and has exponential tails for small ones. The log-density
//! relative to the mode, `g(t)`, is evaluated without cancellation of the huge
//! terms `α ln x` (via `expm1(δ) − δ` and `ln(1+w) − w` near the mode), so the
//! density keeps full relative precision at 10⁹ trials and beyond.
//!
//! # Support
//!
//! A density's support is cut where `g = −40` (e^−40 ≈ 4·10⁻¹⁸ of the mode).
//! Log-concavity bounds what is cut: beyond a point t₁ the mass is at most
//! `e^{g(t₁)} / |g'(t₁)|` relative to the mode's density, so the neglected
//! mass is below 10⁻¹⁶ whenever the slope there is above 0.04 (the slope of
//! the tail `e^{g}` of any shape above 10⁻³).
//!
//! # Rules
//!
//! * **Pairs of similar scale** (within a factor 4): P(B > A) with the
//!   losses, and the lift's tail probabilities of at least 10⁻³, on one
//!   lattice in the outer's chart variable; the inner density is sampled
//!   there (carried through the ratio map for the lift), and its cdf at every
//!   node is a sinc indefinite integral of those samples (see the `lattice`
//!   module): one evaluation per arm and node. The rules below run for the
//!   rest.
//! * **Outer integral** (over the narrower posterior of a pair): the trapezoid
//!   rule with step h in t, which converges exponentially for smooth integrands
//!   decaying at both ends; slow exponential tails (small shapes) are reached
//!   through the analytic stretch `t = β sinh(y/β)`. The error is estimated by
//!   the same sum over every second node (step 2h): with exponential
//!   convergence the error of the h sum is about the square of the difference,
//!   and the step is halved (at most twice) until that difference is below
//!   3·10⁻⁶ (10⁻⁴ relative to the tail for the lift's tail integrals,
//!   [`TAIL_ACCEPT`]).
//! * **Inner integrals** (the other posterior's cdf and first moment at every
//!   outer node): marched from one end of its support through the images
//!   of the outer nodes by Gauss–Legendre panels of 2 to 8 points, each panel
//!   no wider than its local scale allows (1 in t, the inverse of the local
//!   slope of g, and half the distance to the nearest complex singularity),
//!   with the order chosen from that relative width so that each panel is
//!   exact to ~10⁻¹⁶ of its mass. Where the images crowd together (a narrow
//!   outer seen from a wide inner: many nodes per inner unit), one Chebyshev
//!   panel of 9 to 25 points serves all the images inside it through its
//!   interpolant's indefinite integral (the `chebyshev` module). For shapes
//!   below [`CLOSED_CDF_SHAPES`] the march starts at the first image with
//!   the incomplete beta or gamma function (0.1–0.4 µs there), instead of
//!   marching up a long exponential tail; for larger shapes, where the
//!   continued fractions need ~√(a+b) terms, nothing but densities is
//!   evaluated: that is what keeps 10⁹ trials as cheap as 10. The inner's
//!   total mass is in closed form ([`Chart::totals`]).
//! * **A kink inside the outer's support**: a Beta ratio r·x_O with r > 1,
//!   seen from the narrower arm, leaves the inner's range at x_O = 1/r,
//!   where the inner cdf reaches 1 like (1 − r·x_O)^β_I. There the outer is
//!   integrated by Gauss–Kronrod 7/15 panels instead, each no wider than a
//!   few unit widths of both arms (so they shrink towards the kink as the
//!   map steepens), breaking where the image enters and leaves the inner's
//!   support; the error estimate is QUADPACK's, from the Kronrod–Gauss
//!   difference, and panels of 4 outer and 2 inner units that miss the
//!   bound are redone once at 3 and 1 (a tail that misses it even then is
//!   returned with its estimate: the lift solver steers by it, but accepts
//!   no root from it).
//! * **K arms**: Gauss–Kronrod 7/15 panels over the region where the maximum
//!   lives, every arm's cdf marched node to node as above; the error estimate
//!   is the Kronrod–Gauss difference, and Σ P(best) = 1 is checked.
//!
//! Every routine does a bounded amount of work (a fixed number of nodes per
//! unit of each posterior's scale, at most three passes, whatever the ratio
//! of the two scales) and reports the number of density evaluations (an
//! incomplete beta or gamma function counts as two) and its error estimate.

use crate::error::{Error, Result};
use crate::special::{gamma_inc, gamma_inc_c, ln_1m_exp, ln_beta_inc, log1pmx, stirling_corr};

mod chebyshev;
mod lattice;

use chebyshev::Series;

pub(crate) use lattice::OuterCache;

/// Depth (in natural-log units below the mode) at which supports are cut.
const DEPTH: f64 = 40.0;

/// The tail passes of [`pair`] accept a step whose sum differs from the 2h sum
/// by at most this, relative to the tail: the h sum is then off by about the
/// square (1e-8) by the exponential-convergence rule, and in the measured
/// cases by far less (a pass rejected at 4e-5 matched the next, finer one to
/// 1e-13).
const TAIL_ACCEPT: f64 = 1e-4;

/// Which conjugate family a chart belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Family {
    /// Beta(α, β), charted by logit x.
    Beta,
    /// Gamma(shape, rate), charted by ln x.
    Gamma,
}

/// A posterior seen in its standardised chart variable t (see the module docs).
#[derive(Debug, Clone, Copy)]
pub struct Chart {
    family: Family,
    /// (α, β) or (shape, rate), as given.
    p: f64,
    q: f64,
    /// Curvature scale s of the chart density at its mode, in u.
    scale: f64,
    /// Beta: the smaller shape; Gamma: the shape.
    lo: f64,
    /// Beta: lo / (α + β) ≤ ½, the mean seen in the orientation where the
    /// first shape is the smaller one.
    pi: f64,
    /// Beta: 1 + lo / hi = lo·s².
    c: f64,
    /// +1, or −1 where g is evaluated at −t: Beta charts with α > β (so that the
    /// series run in the orientation where the first shape is the smaller), and
    /// mirrored charts ([`Chart::mirrored`]).
    flip: f64,
    /// ln(p / q): the mode u* (only used for the singularity distance).
    mode: f64,
    /// The support in t.
    t_lo: f64,
    t_hi: f64,
}

/// E₂(d) = (e^d − 1 − d) / d² for |d| ≤ ½, by its Taylor series Σ d^k / (k+2)!.
fn expm1mx_over_sq(d: f64) -> f64 {
    // 1/(k+2)! for k = 0..15; the 16th term is below 3e-18 of the first for |d| ≤ ½.
    const C: [f64; 16] = [
        0.5,
        1.0 / 6.0,
        1.0 / 24.0,
        1.0 / 120.0,
        1.0 / 720.0,
        1.0 / 5040.0,
        1.0 / 40320.0,
        1.0 / 362880.0,
        1.0 / 3628800.0,
        1.0 / 39916800.0,
        1.0 / 479001600.0,
        1.0 / 6227020800.0,
        1.0 / 87178291200.0,
        1.0 / 1307674368000.0,
        1.0 / 20922789888000.0,
        1.0 / 355687428096000.0,
    ];
    // Terms beyond the first n are below 1e-17 of the sum for |d| under the bound.
    match d.abs() {
        x if x < 1e-4 => horner::<4>(d, &C),
        x if x < 1e-2 => horner::<8>(d, &C),
        x if x < 0.1 => horner::<11>(d, &C),
        _ => horner::<16>(d, &C),
    }
}

/// Σ_{k<N} c_k x^k by Horner's rule (a fixed length, so the loop unrolls).
#[inline(always)]
fn horner<const N: usize>(x: f64, c: &[f64]) -> f64 {
    let c: &[f64; N] = c.first_chunk().expect("N is at most the table length");
    c.iter().rev().fold(0.0, |acc, &ck| acc * x + ck)
}

/// L₂(w) = (ln(1 + w) − w) / w², for |w| < 1.
fn log1pmx_over_sq(w: f64) -> f64 {
    // Σ_{k≥0} (−1)^{k+1} w^k / (k+2); the first n terms leave less than 1e-17.
    const C: [f64; 16] = [
        -1.0 / 2.0,
        1.0 / 3.0,
        -1.0 / 4.0,
        1.0 / 5.0,
        -1.0 / 6.0,
        1.0 / 7.0,
        -1.0 / 8.0,
        1.0 / 9.0,
        -1.0 / 10.0,
        1.0 / 11.0,
        -1.0 / 12.0,
        1.0 / 13.0,
        -1.0 / 14.0,
        1.0 / 15.0,
        -1.0 / 16.0,
        1.0 / 17.0,
    ];
    match w.abs() {
        x if x < 1e-4 => horner::<4>(w, &C),
        x if x < 1e-2 => horner::<8>(w, &C),
        x if x < 0.08 => horner::<16>(w, &C),
        _ => log1pmx(w) / (w * w),
    }
}

/// ln(1 + π (e^d − 1)) for 0 < π ≤ 1, without overflow for large d (where
/// π e^d ≫ 1, so d + ln(π + (1 − π)e^{−d}) does not cancel).
fn ln_1p_pi_expm1(pi: f64, d: f64) -> f64 {
    if d.abs() <= 0.5 {
        (pi * d.exp_m1()).ln_1p()
    } else if d <= 700.0 {
        // e^d − 1 has no cancellation for |d| > ½ (one exp is cheaper than expm1).
        (pi * (d.exp() - 1.0)).ln_1p()
    } else {
        d + (pi + (1.0 - pi) * (-d).exp()).ln()
    }
}

/// e^d / (1 + π (e^d − 1)), the ratio σ(u* + d) / σ(u*) of a logistic, without overflow.
fn logistic_ratio(pi: f64, d: f64) -> f64 {
    if d <= 0.0 {
        d.exp() / (1.0 + pi * d.exp_m1())
    } else {
        1.0 / (pi + (1.0 - pi) * (-d).exp())
    }
}

/// (hi, lo) with hi + lo = a·b exactly (for finite, non-overflowing products).
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    (p, a.mul_add(b, -p))
}

/// ln(n₁ n₂ / (d₁ d₂)) for positive finite arguments, accurate to a few ulps
/// of 1 also when the ratio is within rounding of 1 (the products are formed
/// exactly), and without overflow.
pub(crate) fn ln_ratio(n1: f64, n2: f64, d1: f64, d2: f64) -> f64 {
    let (p, pe) = two_prod(n1, n2);
    let (q, qe) = two_prod(d1, d2);
    if p.is_normal() && q.is_normal() && pe.is_finite() && qe.is_finite() {
        let r = ((p - q) + (pe - qe)) / q;
        if r.abs() < 0.5 {
            return r.ln_1p();
        }
        if (p / q).is_normal() {
            return (p / q).ln();
        }
    }
    (n1.ln() + n2.ln()) - (d1.ln() + d2.ln())
}

impl Chart {
    /// The chart of Beta(α, β).
    pub(crate) fn beta(alpha: f64, beta: f64) -> Result<Chart> {
        let (lo, hi, flip) = if alpha <= beta {
            (alpha, beta, 1.0)
        } else {
            (beta, alpha, -1.0)
        };
        let c = 1.0 + lo / hi;
        let chart = Chart {
            family: Family::Beta,
            p: alpha,
            q: beta,
            scale: (c / lo).sqrt(),
            lo,
            pi: 1.0 / (1.0 + hi / lo),
            c,
            flip,
            mode: alpha.ln() - beta.ln(),
            t_lo: 0.0,
            t_hi: 0.0,
        };
        chart.with_support()
    }

    /// The chart of Gamma(shape, rate).
    pub(crate) fn gamma(shape: f64, rate: f64) -> Result<Chart> {
        let chart = Chart {
            family: Family::Gamma,
            p: shape,
            q: rate,
            scale: 1.0 / shape.sqrt(),
            lo: shape,
            pi: 1.0,
            c: 1.0,
            flip: 1.0,
            mode: shape.ln() - rate.ln(),
            t_lo: 0.0,
            t_hi: 0.0,
        };
        chart.with_support()
    }

    fn with_support(mut self) -> Result<Chart> {
        let ok = self.p.is_finite()
            && self.q.is_finite()
            && self.p > 0.0
            && self.q > 0.0
            && self.scale.is_normal()
            && self.mode.is_finite();
        if !ok {
            return Err(Error::invalid(format!(
                "parameters ({}, {}) are outside the range the exact comparison supports \
                 (shapes between ~1e-300 and ~1e300)",
                self.p, self.q
            )));
        }
        self.t_lo = -self.edge(-1.0);
        self.t_hi = self.edge(1.0);
        if !(self.t_lo.is_finite() && self.t_hi.is_finite() && self.t_lo < 0.0 && self.t_hi > 0.0) {
            return Err(Error::NoConvergence(format!(
                "cannot bound the support of the posterior with parameters ({}, {})",
                self.p, self.q
            )));
        }
        Ok(self)
    }

    /// Whether this is a Beta chart.
    pub(crate) fn is_beta(&self) -> bool {
        self.family == Family::Beta
    }

    /// The parameters as given: (α, β) or (shape, rate).
    pub(crate) fn params(&self) -> (f64, f64) {
        (self.p, self.q)
    }

    /// The curvature scale s (in the chart variable u).
    pub(crate) fn scale(&self) -> f64 {
        self.scale
    }

    /// Whether the two scales are within [`lattice::MAX_SCALE_RATIO`] of each
    /// other: such pairs share one lattice; otherwise the narrower is the
    /// outer arm and the wider one's cdf is marched (scales are finite and
    /// positive).
    pub(crate) fn similar_scale(&self, other: &Chart) -> bool {
        let (s, o) = (self.scale, other.scale);
        o <= lattice::MAX_SCALE_RATIO * s && s <= lattice::MAX_SCALE_RATIO * o
    }

    /// The support [t_lo, t_hi] in t.
    pub(crate) fn support(&self) -> (f64, f64) {
        (self.t_lo, self.t_hi)
    }

    /// g(t) = ln f(t) − ln f(0): the log-density relative to the mode (≤ 0).
    pub(crate) fn ln_rel(&self, t: f64) -> f64 {
        match self.family {
            Family::Beta => {
                let d = self.flip * self.scale * t;
                if d.abs() <= 0.5 {
                    let e2 = expm1mx_over_sq(d);
                    let r = 1.0 + d * e2; // expm1(d) / d
                    let w = self.pi * d * r;
                    -self.c * t * t * (e2 + self.pi * r * r * log1pmx_over_sq(w))
                } else {
                    self.lo * (d - ln_1p_pi_expm1(self.pi, d) / self.pi)
                }
            }
            Family::Gamma => {
                let d = self.flip * self.scale * t;
                if d.abs() <= 0.5 {
                    -t * t * expm1mx_over_sq(d)
                } else {
                    self.lo * (d - d.exp_m1())
                }
            }
        }
    }

    /// g(t) given ln(1 + π_m(e^d − 1)) at d = s·t for the Beta mean π_m as
    /// given (α/(α + β)), as the Beta ratio map computes it: the same term
    /// as this chart's own away from the mode when α ≤ β, which saves two
    /// transcendental calls per node.
    fn ln_rel_sharing(&self, t: f64, ln_ratio: f64) -> f64 {
        let d = self.scale * t;
        if self.family == Family::Beta && self.flip > 0.0 && d.abs() > 0.5 && ln_ratio.is_finite() {
            self.lo * (d - ln_ratio / self.pi)
        } else {
            self.ln_rel(t)
        }
    }

    /// g'(t).
    pub(crate) fn slope(&self, t: f64) -> f64 {
        match self.family {
            Family::Beta => {
                let d = self.flip * self.scale * t;
                self.flip * self.scale * self.lo * (1.0 - logistic_ratio(self.pi, d))
            }
            Family::Gamma => -self.flip * (self.lo * self.scale) * (self.flip * self.scale * t).exp_m1(),
        }
    }

    /// The posterior's variable at t: x for Beta; x relative to shape/rate for Gamma.
    pub(crate) fn value(&self, t: f64) -> f64 {
        self.value_or_complement(t, false)
    }

    /// [`Chart::value`], or (`complement`, Beta only) 1 − value without
    /// cancellation: one of the two is the variable of the orientation where
    /// the first shape is the smaller, the other is 1 minus it.
    fn value_or_complement(&self, t: f64, complement: bool) -> f64 {
        match self.family {
            Family::Beta => {
                let d = self.flip * self.scale * t;
                let y = self.pi * logistic_ratio(self.pi, d);
                if (self.flip > 0.0) != complement {
                    y
                } else {
                    1.0 - y
                }
            }
            Family::Gamma => (self.flip * self.scale * t).exp(),
        }
    }

    /// (g(t), value(t)) at once: near the mode both come from the same series
    /// for e^d − 1 − d, which saves an exponential.
    fn ln_rel_and_value(&self, t: f64) -> (f64, f64) {
        self.ln_rel_and_value_or_complement(t, false)
    }

    /// [`Chart::ln_rel_and_value`] with the value as in
    /// [`Chart::value_or_complement`].
    fn ln_rel_and_value_or_complement(&self, t: f64, complement: bool) -> (f64, f64) {
        match self.family {
            Family::Beta => {
                let d = self.flip * self.scale * t;
                if d.abs() > 0.5 {
                    return (self.ln_rel(t), self.value_or_complement(t, complement));
                }
                let e2 = expm1mx_over_sq(d);
                let em1 = d * (1.0 + d * e2); // e^d − 1
                let w = self.pi * em1;
                let r = 1.0 + d * e2;
                let g = -self.c * t * t * (e2 + self.pi * r * r * log1pmx_over_sq(w));
                let y = self.pi * (1.0 + em1) / (1.0 + w);
                (
                    g,
                    if (self.flip > 0.0) != complement {
                        y
                    } else {
                        1.0 - y
                    },
                )
            }
            Family::Gamma => {
                let d = self.flip * self.scale * t;
                if d.abs() > 0.5 {
                    return (self.ln_rel(t), self.value(t));
                }
                let e2 = expm1mx_over_sq(d);
                (-t * t * e2, 1.0 + d * (1.0 + d * e2))
            }
        }
    }

    /// The local unit width at t: the panel width (in t) over which the density
    /// behaves like a unit normal over width 1 — at most 1 (the curvature
    /// scale), the inverse of the log-slope, and (Beta) half the distance to
    /// the branch points of ln(1 + e^u) at u = ±iπ.
    fn unit_width(&self, t: f64) -> f64 {
        let d = self.scale * t;
        // Near the mode g' = −t (1 + k d/2 + O(d²)), with k = ±(1 − 2π) for Beta
        // (π the mean of the oriented chart) and k = 1 for Gamma; a width needs
        // no more than a few per cent.
        let slope = if d.abs() < 0.05 {
            let k = if self.family == Family::Beta {
                self.flip * (1.0 - 2.0 * self.pi)
            } else {
                1.0
            };
            -t * (1.0 + 0.5 * d * k)
        } else {
            self.slope(t)
        };
        let mut w = 1.0f64.min(1.0 / slope.abs());
        // ln(1 + e^u) has branch points at u = ±iπ: keep panels within half the
        // distance to them (only binding for scales above ~0.01).
        if self.family == Family::Beta && self.scale > 0.01 {
            let u = self.mode + d;
            let pi2 = std::f64::consts::PI * std::f64::consts::PI;
            w = w.min(0.5 * (u * u + pi2).sqrt() / self.scale);
        }
        w
    }

    /// The step h in t for a trapezoid rule on this density alone: 0.35 resolves
    /// a unit-scale bell curve to ~e^{−80}; in u the step stays below 0.25,
    /// where the branch points of the chart densities (at distance π/2 or π)
    /// bound the error by e^{−2π(π/2)/0.25} ≈ 7·10⁻¹⁸ times the growth of the
    /// density towards them (2^{(α+β)/2} for Beta); the h-versus-2h estimate
    /// catches the rest.
    fn trapezoid_step(&self) -> f64 {
        0.35f64.min(0.25 / self.scale)
    }

    /// Where g = −DEPTH on the side `dir` (±1), as a distance from the mode in t.
    fn edge(&self, dir: f64) -> f64 {
        self.reach(0.0, dir, -DEPTH) * dir
    }

    /// A point beyond `from` on the side `dir` (away from the mode) where g is
    /// between `target − 4` and `target` (g(from) must be above `target`).
    fn reach(&self, from: f64, dir: f64, target: f64) -> f64 {
        // r: the distance from `from`; `inside` the largest r known above target.
        let (mut inside, mut r) = (0.0f64, (2.0 * (self.ln_rel(from) - target)).sqrt().max(1e-3));
        for _ in 0..200 {
            let t = from + dir * r;
            let g = self.ln_rel(t);
            let s = dir * self.slope(t);
            if g > target {
                inside = r;
                // Concave g: the tangent reaches the target beyond the root.
                let next = r - (g - target) / s;
                r = if next.is_finite() && next > r {
                    next.min(64.0 * r + 1.0)
                } else {
                    2.0 * r
                };
            } else if g >= target - 4.0 {
                return t;
            } else {
                // Too far: Newton from outside moves back towards the root (and
                // stays beyond it); bisect when g is not usable there.
                let next = r - (g - target) / s;
                r = if g.is_finite() && next.is_finite() && next > inside && next < r {
                    next
                } else {
                    0.5 * (inside + r)
                };
            }
        }
        from + dir * r
    }

    /// The same density seen from the other end: g_mirrored(t) = g(−t), with
    /// the same values at mirrored points. (The mirror of Beta(α, β) is also
    /// the chart of Beta(β, α) with values 1 − x.)
    pub(crate) fn mirrored(&self) -> Chart {
        Chart {
            p: if self.family == Family::Beta {
                self.q
            } else {
                self.p
            },
            q: if self.family == Family::Beta {
                self.p
            } else {
                self.q
            },
            flip: -self.flip,
            mode: -self.mode,
            t_lo: -self.t_hi,
            t_hi: -self.t_lo,
            ..*self
        }
    }

    /// ln P(T ≤ t) for t ≤ 0 (the lower tail), to full relative accuracy however
    /// far out: the density is integrated from where it has fallen to e^{−40} of
    /// its value at t, relative to that value (so nothing underflows), and the
    /// rest of the support is marched by the same rule from the other end, so
    /// the normalisation is exactly that of the rule.
    pub(crate) fn ln_lower(&self, t: f64) -> f64 {
        let g = self.ln_rel(t);
        if g == f64::NEG_INFINITY {
            return f64::NEG_INFINITY;
        }
        let unit = self.unit_width(t);
        let below_mass = if unit * DEPTH < 1e-10 * t.abs() {
            // So far out that panels would not move t: the tail beyond t is
            // ∫ e^{g(s)−g(t)} ds = 1/|g'(t)| · (1 + O(g''/g'²)), with g''/g'²
            // far below 1e-16 here.
            unit
        } else {
            let start = self.reach(t, -1.0, g - DEPTH);
            let mut below = Cumulative::starting(self, start, g);
            below.advance(t);
            below.mass
        };
        let mirror = self.mirrored();
        let mut above = Cumulative::new(&mirror, false);
        above.advance(-t.max(self.t_lo));
        // Z = e^g·below + above (the mass between t and t_lo, when t is beyond
        // the support, is below e^-40 of Z).
        let z = if g > -700.0 {
            above.mass + below_mass * g.exp()
        } else {
            above.mass
        };
        g + below_mass.ln() - z.ln()
    }

    /// ∫ e^{g(t)} dt over the support, ∫ value·e^{g} dt and the nodes used, by the stretched
    /// trapezoid rule of [`Outer`] at this density's own step.
    pub(crate) fn total(&self) -> Result<(f64, f64, u32)> {
        let mut best = None;
        for level in 0..3 {
            let outer = Outer::new(self, self.trapezoid_step() / f64::from(1u32 << level));
            let (mut z, mut z2, mut m) = (0.0, 0.0, 0.0);
            for (k, t, w) in outer.nodes() {
                let f = self.ln_rel(t).exp() * w;
                z += f;
                m += f * self.value(t);
                if k % 2 == 0 {
                    z2 += f;
                }
            }
            let (z, z2, m) = (z * outer.h, z2 * 2.0 * outer.h, m * outer.h);
            let n = outer.len();
            if ((z - z2) / z).abs() <= 1e-7 {
                return Ok((z, m, n));
            }
            best = Some((z, z2));
        }
        let (z, z2) = best.unwrap_or((0.0, 1.0));
        Err(Error::NoConvergence(format!(
            "normalising the posterior ({}, {}) did not converge (trapezoid levels differ by {:.1e})",
            self.p,
            self.q,
            ((z - z2) / z).abs()
        )))
    }
}

impl Chart {
    /// ∫ e^{g(t)} dt over the whole line in closed form, and the mean of
    /// [`Chart::value`] (p/(p + q) for Beta charts, mirrored ones included:
    /// the mirror of Beta(α, β) is Beta(β, α) in 1 − x).
    ///
    /// The density of t is e^{g(t)}/Z with ln Z = −ln s − ln p(u*), p the
    /// density of u at its mode. For Beta(α, β), Stirling's formula with its
    /// remainder δ(x) = ln Γ(x) − (x − ½) ln x + x − ½ ln 2π leaves
    /// ln Z = ½ ln 2π + δ(α) + δ(β) − δ(α + β) (every power of α, β and α + β
    /// cancels against s² = 1/α + 1/β and the mode's x*^α (1 − x*)^β); for
    /// Gamma(a, b), ln Z = ½ ln 2π + δ(a). So Z is exact to a few ulps at
    /// every size, where a marched total costs tens of evaluations.
    pub(crate) fn totals(&self) -> (f64, f64) {
        const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;
        match self.family {
            Family::Beta => {
                let (a, b) = (self.p, self.q);
                let ln_z = LN_SQRT_2PI + stirling_corr(a) + stirling_corr(b) - stirling_corr(a + b);
                (ln_z.exp(), a / (a + b))
            }
            // Values are x / x* with x* = shape/rate, whose mean is 1.
            Family::Gamma => ((LN_SQRT_2PI + stirling_corr(self.p)).exp(), 1.0),
        }
    }

    /// P(T ≤ t) and E[value·1{T ≤ t}] / E[value] by the incomplete beta or
    /// gamma function, for shapes small enough that its continued fraction
    /// or series is short ([`CLOSED_CDF_SHAPES`]; ~0.1–0.4 µs, where
    /// marching the same tail costs 50 to 250 density evaluations); None
    /// for larger shapes. The moment ratio is computed only if asked
    /// (`moment`; NaN otherwise), and only asked of charts that are not
    /// mirrored.
    fn closed_cdf(&self, t: f64, moment: bool) -> Option<(f64, f64)> {
        if !self.has_closed_cdf() {
            return None;
        }
        let v = self.value(t);
        let (p, q) = (self.p, self.q);
        let if_asked = |f: &dyn Fn() -> f64| if moment { f() } else { f64::NAN };
        match self.family {
            // Any Beta chart is Beta(p, q) in its value (see `mirrored`), and
            // E[X·1{X ≤ x}] = E[X]·I_x(p + 1, q).
            Family::Beta => Some((
                ln_beta_inc(p, q, v).exp(),
                if_asked(&|| ln_beta_inc(p + 1.0, q, v).exp()),
            )),
            // Values are x/x*, so rate·x = shape·value; E[X·1{X ≤ x}] =
            // E[X]·P(a + 1, rate·x). The mirrored chart's cdf is the upper tail.
            Family::Gamma => Some(if self.flip > 0.0 {
                (gamma_inc(p, p * v), if_asked(&|| gamma_inc(p + 1.0, p * v)))
            } else {
                (gamma_inc_c(p, p * v), f64::NAN)
            }),
        }
        .filter(|(f, _)| f.is_finite())
    }

    /// Whether [`Chart::closed_cdf`] applies (shapes below [`CLOSED_CDF_SHAPES`]).
    fn has_closed_cdf(&self) -> bool {
        match self.family {
            Family::Beta => self.p + self.q < CLOSED_CDF_SHAPES,
            Family::Gamma => self.p < CLOSED_CDF_SHAPES,
        }
    }
}

/// Shapes (α + β for Beta) below which [`Chart::closed_cdf`] applies: the
/// incomplete beta function's own threshold for its cheap forward pass.
const CLOSED_CDF_SHAPES: f64 = 1000.0;

/// (ln I_x(a, b), ln(1 − I_x(a, b))) through the chart of Beta(a, b): the
/// regularised incomplete beta function for shapes where its continued
/// fraction would need ~√(a+b) terms.
pub(crate) fn beta_tails(a: f64, b: f64, x: f64) -> Result<(f64, f64)> {
    let chart = Chart::beta(a, b)?;
    // logit x − ln(a/b) = ln(x b / ((1 − x) a)), with 1 − x exact for x ≥ ½.
    let t = ln_ratio(x, b, 1.0 - x, a) / chart.scale;
    two_tails(&chart, t)
}

/// (ln P(a, x), ln Q(a, x)) through the chart of Gamma(a, 1): the regularised
/// incomplete gamma function for large shapes.
pub(crate) fn gamma_tails(a: f64, x: f64) -> Result<(f64, f64)> {
    let chart = Chart::gamma(a, 1.0)?;
    let t = ln_ratio(x, 1.0, a, 1.0) / chart.scale;
    two_tails(&chart, t)
}

/// Both tails at t, each to full relative accuracy on its own side of the mode.
fn two_tails(chart: &Chart, t: f64) -> Result<(f64, f64)> {
    if t.is_nan() {
        return Err(Error::invalid("the incomplete function's argument is NaN"));
    }
    if t <= 0.0 {
        let lower = chart.ln_lower(t).min(0.0);
        Ok((lower, ln_1m_exp(lower)))
    } else {
        let upper = chart.mirrored().ln_lower(-t).min(0.0);
        Ok((ln_1m_exp(upper), upper))
    }
}

// ------------------------------------------------------------ Gauss rules

/// Positive Gauss–Legendre nodes and weights on [−1, 1] for 2, 3, 4, 5, 6 and 8
/// points (an odd rule's centre node is listed with its weight).
const GL2: [(f64, f64); 1] = [(0.577_350_269_189_625_8, 1.0)];
const GL3: [(f64, f64); 2] = [
    (0.774_596_669_241_483_4, 0.555_555_555_555_555_6),
    (0.0, 0.888_888_888_888_889),
];
const GL4: [(f64, f64); 2] = [
    (0.861_136_311_594_052_6, 0.347_854_845_137_453_86),
    (0.339_981_043_584_856_26, 0.652_145_154_862_546_1),
];
const GL5: [(f64, f64); 3] = [
    (0.906_179_845_938_664, 0.236_926_885_056_189_1),
    (0.538_469_310_105_683_1, 0.478_628_670_499_366_47),
    (0.0, 0.568_888_888_888_888_9),
];
const GL6: [(f64, f64); 3] = [
    (0.932_469_514_203_152, 0.171_324_492_379_170_35),
    (0.661_209_386_466_264_5, 0.360_761_573_048_138_6),
    (0.238_619_186_083_196_9, 0.467_913_934_572_691_05),
];
const GL8: [(f64, f64); 4] = [
    (0.960_289_856_497_536_2, 0.101_228_536_290_376_26),
    (0.796_666_477_413_626_7, 0.222_381_034_453_374_47),
    (0.525_532_409_916_329, 0.313_706_645_877_887_3),
    (0.183_434_642_495_649_8, 0.362_683_783_378_362),
];

/// The Gauss–Legendre rule for a panel of relative width ω (its width over the
/// local unit width of [`Chart::unit_width`]). The thresholds are where each
/// rule's worst error on a unit normal density, over panels placed anywhere in
/// [−6, 6], reaches ~10⁻¹⁶ of the total mass (measured: GL4 at ω = 0.1 errs by
/// 9·10⁻¹⁷, GL6 at 0.5 by 1.6·10⁻¹⁶, GL8 at 1 by 1.3·10⁻¹⁶).
fn rule_for(omega: f64) -> &'static [(f64, f64)] {
    if omega <= 0.004 {
        &GL2
    } else if omega <= 0.03 {
        &GL3
    } else if omega <= 0.12 {
        &GL4
    } else if omega <= 0.3 {
        &GL5
    } else if omega <= 0.55 {
        &GL6
    } else {
        &GL8
    }
}

/// How many unit widths one GL8 panel may span where the density is already
/// `e^g` of its mode: its relative error on exponential-like tails is 4·10⁻¹⁶
/// at 2 units, 4·10⁻¹⁴ at 4 and 2·10⁻¹¹ at 6, which the factor e^g makes
/// negligible against the total mass.
fn tail_allowance(g: f64) -> f64 {
    if g > -8.0 {
        1.0
    } else if g > -16.0 {
        2.0
    } else if g > -24.0 {
        4.0
    } else {
        6.0
    }
}

/// The 15 Kronrod nodes on [−1, 1] in increasing order, with their Kronrod
/// and Gauss weights (so that a march through a panel only moves forward).
fn k15_increasing() -> impl Iterator<Item = (f64, f64, f64)> {
    (0..15).map(|idx| {
        if idx < 7 {
            let (x, wk, wg) = K15[idx];
            (-x, wk, wg)
        } else {
            K15[14 - idx]
        }
    })
}

/// How many unit widths one Kronrod panel of [`pair_panels`] may span, of
/// the outer posterior and of the inner one seen through the map.
#[derive(Clone, Copy)]
struct PanelWidths {
    outer: f64,
    inner: f64,
}

/// The first try. K15 is exact to degree 22: over 4 units of a unit normal
/// its error is below 2e-14 of the normal's mass (mpmath), and QUADPACK's
/// estimate from the Gauss–Kronrod difference (1.4e-6 there) stays below
/// 1e-10; the inner's cdf, smoother than its density, takes 2 of its units.
/// Accuracy against mpmath is unchanged on the reference grid (worst lift
/// error 4.6e-10 with these and with [`FINE_PANELS`] alone), at a third fewer
/// evaluations for the pairs with a kink.
const COARSE_PANELS: PanelWidths = PanelWidths {
    outer: 4.0,
    inner: 2.0,
};

/// The relative error estimate a tail by Kronrod panels must meet to be
/// trusted at a root (see `pair_cached`).
pub(crate) const PANEL_ERROR_BOUND: f64 = 1e-9;

/// Where the coarse panels' error estimate is above the bound (the far tails
/// of a kink of fractional order, (1 − r·x_O)^β_I, relative to a tail of
/// 1e-6): over 3 units of a unit normal the error is below 2e-16 of its
/// mass, and one inner unit per panel follows the kink.
const FINE_PANELS: PanelWidths = PanelWidths {
    outer: 3.0,
    inner: 1.0,
};

/// Kronrod 15-point nodes (positive half, then the centre) with the Kronrod and
/// the embedded Gauss 7-point weights (0 where the node is not a Gauss node).
const K15: [(f64, f64, f64); 8] = [
    (0.991_455_371_120_812_6, 0.022_935_322_010_529_22, 0.0),
    (
        0.949_107_912_342_758_5,
        0.063_092_092_629_978_55,
        0.129_484_966_168_869_7,
    ),
    (0.864_864_423_359_769_1, 0.104_790_010_322_250_2, 0.0),
    (
        0.741_531_185_599_394_4,
        0.140_653_259_715_525_9,
        0.279_705_391_489_276_7,
    ),
    (0.586_087_235_467_691_1, 0.169_004_726_639_267_9, 0.0),
    (
        0.405_845_151_377_397_2,
        0.190_350_578_064_785_4,
        0.381_830_050_505_118_9,
    ),
    (0.207_784_955_007_898_5, 0.204_432_940_075_298_9, 0.0),
    (0.0, 0.209_482_141_084_727_8, 0.417_959_183_673_469_4),
];

// ------------------------------------------------------------ marching cdf

/// A posterior's cdf and first moment, marched left to right: after
/// `advance(t)`, `mass` is ∫_{t_lo}^{t} e^{g} and (if asked) `moment` ∫ value·e^{g}.
///
/// Targets are reached by Gauss–Legendre panels; with [`Cumulative::dense_until`]
/// set, targets that follow each other closely are served from Chebyshev panels
/// with dense output instead (see `chebyshev`), one panel for all the targets
/// inside it.
struct Cumulative<'a> {
    chart: &'a Chart,
    moments: bool,
    /// The moment integrates 1 − value instead (Beta): on a mirrored chart,
    /// the original chart's x.
    complement: bool,
    /// The unit width and (about) the log-density at `t`, the last panel's end.
    unit: f64,
    g: f64,
    /// Densities are accumulated as e^{g − offset}.
    offset: f64,
    t: f64,
    mass: f64,
    moment: f64,
    evals: u32,
    /// Targets are expected densely up to here (None: no dense panels).
    dense_end: Option<f64>,
    /// The open Chebyshev panel, starting at `t` (the integrals up to `t` are
    /// in its `base`; `mass` and `moment` hold the values at the last target).
    panel: Option<Panel>,
}

/// A Chebyshev panel of [`Cumulative`] over [a, b].
struct Panel {
    b: f64,
    half: f64,
    /// The integrals up to a.
    base: (f64, f64),
    mass: Series,
    moment: Option<Series>,
    /// The unit width and the log-density at b.
    unit_b: f64,
    g_b: f64,
}

impl Panel {
    /// The panel's variable s ∈ [−1, 1] at t.
    fn s(&self, t: f64) -> f64 {
        ((t - (self.b - self.half)) / self.half).clamp(-1.0, 1.0)
    }
}

impl<'a> Cumulative<'a> {
    fn new(chart: &'a Chart, moments: bool) -> Self {
        Cumulative {
            chart,
            moments,
            complement: false,
            unit: chart.unit_width(chart.t_lo),
            g: -DEPTH,
            offset: 0.0,
            t: chart.t_lo,
            mass: 0.0,
            moment: 0.0,
            evals: 0,
            dense_end: None,
            panel: None,
        }
    }

    /// Starts at `t` (anywhere, also beyond the support) with densities taken
    /// relative to e^{offset}; no moments.
    fn starting(chart: &'a Chart, t: f64, offset: f64) -> Self {
        Cumulative {
            unit: chart.unit_width(t),
            g: chart.ln_rel(t),
            offset,
            t,
            ..Cumulative::new(chart, false)
        }
    }

    /// Takes the moment of 1 − value (Beta charts; see `complement`).
    fn complemented(mut self) -> Self {
        self.complement = true;
        self
    }

    /// Serves targets up to `end` from Chebyshev panels where they lie closer
    /// together than a panel is wide.
    fn dense_until(mut self, end: f64) -> Self {
        self.dense_end = Some(end);
        self
    }

    /// Integrates up to `target` (clamped to the support unless started beyond
    /// it; never backwards).
    fn advance(&mut self, target: f64) {
        let target = if self.offset == 0.0 {
            target.min(self.chart.t_hi)
        } else {
            target
        };
        loop {
            if let Some(p) = &self.panel {
                let s = p.s(target);
                if target <= p.b {
                    self.mass = p.base.0 + p.half * p.mass.integral_at(s);
                    if let Some(m) = &p.moment {
                        self.moment = p.base.1 + p.half * m.integral_at(s);
                    }
                    return;
                }
                // Past the panel: its whole integral, and march on from its end.
                self.mass = p.base.0 + p.half * p.mass.total();
                self.moment = p.base.1 + p.moment.as_ref().map_or(0.0, |m| p.half * m.total());
                (self.t, self.unit, self.g) = (p.b, p.unit_b, p.g_b);
                self.panel = None;
            }
            if self.t >= target {
                return;
            }
            // A jump of more than a unit width (or from the bottom of the
            // support) by the closed-form cdf where the shapes allow: cheaper
            // than the Gauss–Legendre panels it replaces.
            let far = target - self.t > self.unit || (self.t == self.chart.t_lo && self.mass == 0.0);
            if far && self.offset == 0.0 && self.anchor(target) {
                continue;
            }
            match self.dense_end {
                Some(end) if target - self.t <= self.widest_panel() * self.unit && end > target => {
                    self.open_panel(end);
                }
                _ => return self.march(target),
            }
        }
    }

    /// Jumps to `target` by the closed-form cdf ([`Chart::closed_cdf`]),
    /// where the shapes allow; counts as two evaluations.
    fn anchor(&mut self, target: f64) -> bool {
        // (The closed form's moment is that of the value.)
        if self.moments && self.complement {
            return false;
        }
        let Some((cdf, moment)) = self.chart.closed_cdf(target, self.moments) else {
            return false;
        };
        let (z, mean) = self.chart.totals();
        self.mass = z * cdf;
        self.moment = if self.moments { z * mean * moment } else { 0.0 };
        (self.t, self.unit, self.g) = (target, self.chart.unit_width(target), self.chart.ln_rel(target));
        self.evals += 2;
        true
    }

    /// The widest Chebyshev panel from `t`, in unit widths: [`chebyshev::MAX_WIDTH`],
    /// times the [`tail_allowance`] where the density is already far below
    /// its mode. In units of the inverse log-slope a far tail is nearly
    /// exponential, and there a panel of the largest degree integrates the
    /// density to within 8e-16 of the panel's mass at twice and four times
    /// the width and 5e-13 at six times (e^−x over 6, 12 and 18 units); on
    /// the tail of a unit normal, from the points where the allowance
    /// changes (g = −8, −16, −24) outwards and towards the mode, within 2e-15
    /// (measured against mpmath). The degree stays that of the panel's
    /// width in unit widths, so such a panel has the largest.
    fn widest_panel(&self) -> f64 {
        chebyshev::MAX_WIDTH * tail_allowance(self.g)
    }

    /// Opens a Chebyshev panel at `t`, reaching towards `end` as far as the
    /// unit widths at both of its ends allow.
    fn open_panel(&mut self, end: f64) {
        let a = self.t;
        let widest = self.widest_panel();
        let mut b = (a + widest * self.unit).min(end);
        if self.offset == 0.0 {
            b = b.min(self.chart.t_hi);
        }
        let mut unit_b = self.chart.unit_width(b);
        if b - a > widest * unit_b {
            b = a + widest * unit_b;
            unit_b = self.chart.unit_width(b);
        }
        let n = chebyshev::degree_for((b - a) / self.unit.min(unit_b));
        let half = 0.5 * (b - a);
        let mut f = [0.0f64; chebyshev::MAX_DEGREE + 1];
        let mut fx = [0.0f64; chebyshev::MAX_DEGREE + 1];
        let mut g_b = self.g;
        for j in 0..=n {
            let t = a + half * (chebyshev::point(n, j) + 1.0);
            let (g, x) = if self.moments {
                self.chart.ln_rel_and_value_or_complement(t, self.complement)
            } else {
                (self.chart.ln_rel(t), 0.0)
            };
            f[j] = (g - self.offset).exp();
            fx[j] = f[j] * x;
            if j == 0 {
                g_b = g; // s_0 = 1 is b
            }
        }
        self.evals += n as u32 + 1;
        self.panel = Some(Panel {
            b,
            half,
            base: (self.mass, self.moment),
            mass: Series::new(n, &f[..=n]),
            moment: self.moments.then(|| Series::new(n, &fx[..=n])),
            unit_b,
            g_b,
        });
    }

    /// e^{g(t) − offset} from the open panel's interpolant, if t is inside it.
    fn density(&self, t: f64) -> Option<f64> {
        let p = self.panel.as_ref()?;
        (t >= p.b - 2.0 * p.half && t <= p.b).then(|| p.mass.value_at(p.s(t)))
    }

    /// Gauss–Legendre panels up to `target`.
    fn march(&mut self, target: f64) {
        while self.t < target {
            let (a, unit_a) = (self.t, self.unit);
            let mut b = (a + unit_a * tail_allowance(self.g)).min(target);
            // The unit width shrinks towards the far end of a panel moving away
            // from the mode: take the smaller of the two ends.
            let mut unit_b = self.chart.unit_width(b);
            if b - a > unit_b * tail_allowance(self.g) {
                b = a + unit_b * tail_allowance(self.g);
                unit_b = self.chart.unit_width(b);
            }
            if b <= a {
                // Panels narrower than the spacing of doubles at t: nothing
                // left to integrate that the sum could register.
                break;
            }
            let rule = rule_for((b - a) / unit_a.min(unit_b));
            let (c, half) = (0.5 * (a + b), 0.5 * (b - a));
            let (mut mass, mut moment) = (0.0, 0.0);
            // The log-density at the last node stands in for the one at b (the
            // allowance steps are coarse; the outermost node is within 4 % of a
            // panel of b).
            let mut g_last = self.g;
            for (i, &(x, wt)) in rule.iter().enumerate() {
                let nodes = [c - half * x, c + half * x];
                for (j, &t) in nodes[..if x == 0.0 { 1 } else { 2 }].iter().enumerate() {
                    let (g, x) = if self.moments {
                        self.chart.ln_rel_and_value_or_complement(t, self.complement)
                    } else {
                        (self.chart.ln_rel(t), 0.0)
                    };
                    let f = (g - self.offset).exp() * wt;
                    mass += f;
                    moment += f * x;
                    if i == 0 && j == 1 {
                        g_last = g; // the rightmost node
                    }
                }
                self.evals += if x == 0.0 { 1 } else { 2 };
            }
            self.mass += half * mass;
            self.moment += half * moment;
            (self.t, self.unit, self.g) = (b, unit_b, g_last);
        }
    }
}

// ------------------------------------------------------------ the outer rule

/// The stretched trapezoid rule over one posterior: nodes y_k = k·h, t = φ(y)
/// with φ(y) = β sinh(y/β) when a tail reaches beyond |t| = 12 (small shapes),
/// else φ(y) = y.
struct Outer {
    h: f64,
    stretch: f64,
    k_lo: i64,
    k_hi: i64,
}

impl Outer {
    fn new(chart: &Chart, h: f64) -> Outer {
        let (t_lo, t_hi) = chart.support();
        let stretch = if -t_lo > 12.0 || t_hi > 12.0 {
            3.0
        } else {
            f64::INFINITY
        };
        let inv = |t: f64| {
            if stretch.is_finite() {
                stretch * (t / stretch).asinh()
            } else {
                t
            }
        };
        Outer {
            h,
            stretch,
            k_lo: (inv(t_lo) / h).floor() as i64,
            k_hi: (inv(t_hi) / h).ceil() as i64,
        }
    }

    fn len(&self) -> u32 {
        (self.k_hi - self.k_lo + 1) as u32
    }

    /// (k, t_k, dt/dy at y_k).
    fn nodes(&self) -> impl Iterator<Item = (i64, f64, f64)> + '_ {
        self.indices(false).map(move |k| {
            let (t, w) = self.node(k);
            (k, t, w)
        })
    }

    /// The node indices, increasing or (`reversed`) decreasing.
    fn indices(&self, reversed: bool) -> impl Iterator<Item = i64> {
        let (lo, hi) = (self.k_lo, self.k_hi);
        (0..=(hi - lo)).map(move |i| if reversed { hi - i } else { lo + i })
    }

    /// (t_k, dt/dy at y_k).
    fn node(&self, k: i64) -> (f64, f64) {
        let y = k as f64 * self.h;
        if self.stretch.is_finite() {
            let z = y / self.stretch;
            (self.stretch * z.sinh(), z.cosh())
        } else {
            (y, 1.0)
        }
    }
}

// ------------------------------------------------------------ pairs

/// How an outer point maps into the inner chart.
#[derive(Debug, Clone, Copy)]
pub enum Map {
    /// u_inner = u_outer + shift (P(B > A) for either family, and the Gamma
    /// ratio X_I ≤ e^ℓ X_O, where shift = ℓ): inner t = (c + s_O t) / s_I with
    /// c = (u*_O − u*_I) + shift.
    Shift(f64),
    /// Beta: X_I ≤ e^ℓ X_O.
    BetaRatio(f64),
}

/// Integrals over a pair (outer O, inner I) of P(X_I ≤ m(X_O)) and what goes
/// with it, normalised.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairIntegrals {
    /// P(X_I ≤ m(X_O)).
    pub prob: f64,
    /// d/dℓ of `prob` for the ratio maps (0 for `Shift(0)` unless asked).
    pub density: f64,
    /// E[max(X_O − X_I, 0)] (identity map only), in the outer's value units.
    pub loss_outer: f64,
    /// E[X_O] and E[X_I] in the outer's value units, in closed form
    /// (identity map only).
    pub mean_outer: f64,
    pub mean_inner: f64,
    /// Error estimate of `prob` (absolute) and of the losses (relative to the means).
    pub error: f64,
    /// Density evaluations used.
    pub evals: u32,
    /// Whether `error` met the rule's bound (only the Kronrod panels of a
    /// kink return a tail that did not; see `pair_cached`).
    pub settled: bool,
}

/// The offset of the inner chart's origin as seen from the outer one, c = u*_O − u*_I.
fn mode_offset(outer: &Chart, inner: &Chart) -> f64 {
    ln_ratio(outer.p, inner.q, outer.q, inner.p)
}

/// The posterior means of a pair (outer, inner) in the outer's value units,
/// in closed form: α/(α + β) for Beta; for Gamma, whose values are in units
/// of the outer's mean shape/rate, 1 and the ratio of the means.
fn means(outer: &Chart, inner: &Chart) -> (f64, f64) {
    match outer.family {
        Family::Beta => {
            let mean = |ch: &Chart| ch.p / (ch.p + ch.q);
            (mean(outer), mean(inner))
        }
        Family::Gamma => (1.0, (-mode_offset(outer, inner)).exp()),
    }
}

struct Mapper {
    kind: Map,
    s_o: f64,
    s_i: f64,
    /// Shift: c; BetaRatio: ℓ + ln(x*_O / x*_I).
    c: f64,
    /// BetaRatio: the outer's mean π_O (for ln ρ) and the inner's α/β.
    pi_o: f64,
    odds_i: f64,
}

impl Mapper {
    fn new(outer: &Chart, inner: &Chart, kind: Map) -> Mapper {
        let (po, qo) = outer.params();
        let (pi, qi) = inner.params();
        let c = match kind {
            Map::Shift(shift) => mode_offset(outer, inner) + shift,
            Map::BetaRatio(l) => l + ln_ratio(po, pi + qi, po + qo, pi),
        };
        Mapper {
            kind,
            s_o: outer.scale,
            s_i: inner.scale,
            c,
            pi_o: 1.0 / (1.0 + qo / po),
            odds_i: pi / qi,
        }
    }

    /// The inner t of outer t and ∂(inner t)/∂ℓ; None beyond the top of the inner's range.
    fn map(&self, t: f64) -> Option<(f64, f64)> {
        self.map_with_slope(t).map(|(ti, dl, _)| (ti, dl))
    }

    /// The inner t of outer t, ∂(inner t)/∂ℓ and ∂(inner t)/∂t; None beyond
    /// the top of the inner's range.
    fn map_with_slope(&self, t: f64) -> Option<(f64, f64, f64)> {
        self.map_from(t, self.outer_part(t))
    }

    /// What the Beta ratio map needs of the outer alone at t:
    /// (ln(1 + π_O(e^d − 1)), 1 − x_O) at d = s_O·t. The first is also the
    /// outer chart's own term ([`Chart::ln_rel_sharing`]).
    fn outer_part(&self, t: f64) -> (f64, f64) {
        match self.kind {
            Map::Shift(_) => (0.0, 0.0),
            Map::BetaRatio(_) => {
                let d = self.s_o * t;
                // λ = ln x_O + const, so ∂λ/∂d = 1 − x_O = (1 − π_O)/(1 + π_O(e^d − 1)).
                if d <= 700.0 {
                    let w = self.pi_o * d.exp_m1();
                    (w.ln_1p(), (1.0 - self.pi_o) / (1.0 + w))
                } else {
                    (ln_1p_pi_expm1(self.pi_o, d), 0.0)
                }
            }
        }
    }

    /// [`Mapper::map_with_slope`] from the outer's part at t.
    fn map_from(&self, t: f64, (ln_ratio, one_minus_x): (f64, f64)) -> Option<(f64, f64, f64)> {
        match self.kind {
            Map::Shift(_) => Some((
                (self.c + self.s_o * t) / self.s_i,
                1.0 / self.s_i,
                self.s_o / self.s_i,
            )),
            Map::BetaRatio(_) => {
                let d = self.s_o * t;
                let lambda = self.c + (d - ln_ratio);
                let lm1 = lambda.exp_m1();
                let g = self.odds_i * lm1;
                if g.is_nan() || g >= 1.0 {
                    return None;
                }
                let di = lambda - (-g).ln_1p();
                let dd = 1.0 + self.odds_i * (1.0 + lm1) / (1.0 - g);
                Some((
                    di / self.s_i,
                    dd / self.s_i,
                    dd * one_minus_x * self.s_o / self.s_i,
                ))
            }
        }
    }

    /// The outer t in [lo, hi] whose image is the inner t `target`, if the
    /// image of [lo, hi] reaches across it (by bisection: the map is
    /// increasing, and None above the top of its image).
    fn preimage(&self, lo: f64, hi: f64, target: f64) -> Option<f64> {
        let above = |t: f64| self.map(t).is_none_or(|(ti, _)| ti >= target);
        if above(lo) || !above(hi) {
            return None;
        }
        let (mut lo, mut hi) = (lo, hi);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if mid <= lo || mid >= hi {
                break;
            }
            if above(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Some(hi)
    }

    /// The supremum of the image of the map in inner t, where it is finite
    /// (a Beta ratio map with e^ℓ·x_O < 1 for every x_O reaches inner values
    /// up to e^ℓ only): as d → ∞, λ → c − ln π_O.
    fn image_top(&self) -> Option<f64> {
        match self.kind {
            Map::Shift(_) => None,
            Map::BetaRatio(_) => {
                let lambda = self.c - self.pi_o.ln();
                let g = self.odds_i * lambda.exp_m1();
                (g < 1.0).then(|| (lambda - (-g).ln_1p()) / self.s_i)
            }
        }
    }

    /// The outer-t width of one inner unit at the outer mode (how finely the
    /// outer rule must step to resolve the inner cdf).
    fn inner_scale_in_outer(&self) -> f64 {
        match (self.map(-0.5), self.map(0.5)) {
            (Some((a, _)), Some((b, _))) if b > a => 1.0 / (b - a),
            _ => self.s_i / self.s_o,
        }
    }
}

/// What a pair integral computes besides its probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Want {
    /// P(X_I ≤ X_O) and the partial moments behind the expected losses
    /// (identity map only); accurate to 1e-10 absolute.
    Losses,
    /// P(X_I ≤ m(X_O)) and its derivative in ℓ, to 1e-10 relative to itself
    /// (the inner cdf is marched from the bottom).
    Lower,
    /// P(X_I > m(X_O)) and the derivative of P(X_I ≤ m(X_O)) in ℓ, to 1e-10
    /// relative to itself (the inner survival function is marched from the
    /// top, over the outer nodes in decreasing order).
    Upper,
}

/// The pair integrals of `want` (see [`Want`] and [`PairIntegrals`]).
pub(crate) fn pair(outer: &Chart, inner: &Chart, map: Map, want: Want) -> Result<PairIntegrals> {
    pair_cached(outer, inner, map, want, None)
}

/// [`pair`], keeping the outer's lattice samples in `cache` (made on first
/// use) for the next call with the same outer (the passes of one lift
/// quantile).
pub(crate) fn pair_cached(
    outer: &Chart,
    inner: &Chart,
    map: Map,
    want: Want,
    cache: Option<&mut Option<OuterCache>>,
) -> Result<PairIntegrals> {
    let on_lattice = match (want, map) {
        (Want::Losses, Map::Shift(0.0)) => lattice::losses(outer, inner),
        (Want::Losses, _) => None,
        (Want::Lower | Want::Upper, _) => lattice::tail(outer, inner, map, want == Want::Upper, cache),
    };
    if let Some(r) = on_lattice {
        return Ok(r);
    }
    let mapper = Mapper::new(outer, inner, map);
    // A ratio map that leaves the inner's range inside the outer's support
    // (a Beta ratio above 1 seen from the narrower arm) has a kink there.
    // The fine panels run where the coarse ones miss the bound, and their
    // result is returned with its own estimate even if that misses it too:
    // an iterate of the lift solver far from the root (a tail of 1e-12
    // where 1e-7 is sought) only steers by it, and the solver accepts no
    // root from such a pass.
    if want != Want::Losses && mapper.map(outer.t_hi).is_none() {
        return match pair_panels(outer, inner, &mapper, want, COARSE_PANELS) {
            Ok(r) if r.error <= PANEL_ERROR_BOUND => Ok(r),
            _ => pair_panels(outer, inner, &mapper, want, FINE_PANELS),
        };
    }
    let h0 = outer.trapezoid_step().min(0.35 * mapper.inner_scale_in_outer());
    let mut last = None;
    let mut evals = 0u32;
    for level in 0..3 {
        let r = pair_pass(outer, inner, &mapper, h0 / f64::from(1u32 << level), want);
        evals += r.0.evals;
        let (mut res, diff) = r;
        res.evals = evals;
        // With exponential convergence the h sum's error is about the square of
        // its difference from the 2h sum: accept below 3e-6 (error ~1e-11),
        // relative to the probability itself for the tail integrals.
        let (scale, accept) = if want == Want::Losses {
            (1.0, 3e-6)
        } else {
            (res.prob.max(1e-12), TAIL_ACCEPT)
        };
        if diff <= accept * scale {
            res.error = res.error.max((diff / scale).powi(2));
            return Ok(res);
        }
        last = Some(diff / scale);
    }
    Err(Error::NoConvergence(format!(
        "the comparison's quadrature did not settle (levels differ by {:.1e}); \
         use the Monte Carlo comparison for these posteriors",
        last.unwrap_or(f64::NAN)
    )))
}

/// One pass at step h: the integrals and the difference between the h and 2h sums.
fn pair_pass(outer: &Chart, inner: &Chart, mapper: &Mapper, h: f64, want: Want) -> (PairIntegrals, f64) {
    let losses = want == Want::Losses;
    let upper = want == Want::Upper;
    let rule = Outer::new(outer, h);
    let (lo, hi) = inner.support();
    let (o_lo, o_hi) = outer.support();
    // The images of the outer's support in the inner's t (None above the
    // top of the map's image).
    let (m_lo, m_hi) = (mapper.map(o_lo).map(|m| m.0), mapper.map(o_hi).map(|m| m.0));
    // The upper tail marches the mirrored inner chart (at −t) from the top,
    // over the outer nodes in decreasing order. So do the losses where all
    // the images lie above the inner's mode, nearer its top than its bottom
    // (a narrow outer sd's above a wide inner), and no closed-form cdf jumps
    // to the first image: the march from the bottom would cross the inner's
    // whole bulk first, the one from the top only the tail beyond the
    // images. The cdf and partial moment below are then the closed-form
    // totals less those above.
    let from_top = upper
        || (losses
            && !inner.has_closed_cdf()
            && m_lo
                .zip(m_hi)
                .is_some_and(|(m_lo, m_hi)| m_lo > 0.0 && hi - m_hi < m_lo - lo));
    let marched = if from_top { inner.mirrored() } else { *inner };
    // Where the images of the outer nodes lie closer together than a
    // fraction of the inner's unit (a narrow outer seen from a wide inner),
    // the inner's cdf is served from Chebyshev panels up to the last image.
    let dense = h < 0.5 * mapper.inner_scale_in_outer();
    let mut cum = Cumulative::new(&marched, losses);
    if losses && from_top && inner.family == Family::Beta {
        // The mirror's values are 1 − x: its moment in x directly, which
        // keeps the relative accuracy of small rates.
        cum = cum.complemented();
    }
    if dense {
        let end = if from_top {
            m_lo.map_or(f64::INFINITY, |ti| -ti)
        } else {
            m_hi.unwrap_or(f64::INFINITY)
        };
        cum = cum.dense_until(end.min(marched.t_hi));
    }
    // The inner's total mass and first moment, in closed form.
    let (z, inner_mean) = inner.totals();
    // [all nodes, even nodes] × (Σf, Σf·mass, Σf·dens·∂, Σf·x_O·mass, Σf·moment)
    let mut s = [[0.0f64; 5]; 2];
    for k in rule.indices(from_top) {
        let (t, w) = rule.node(k);
        let (g, x) = if losses {
            outer.ln_rel_and_value(t)
        } else {
            (outer.ln_rel(t), 0.0)
        };
        let f = g.exp() * w;
        if f == 0.0 {
            continue;
        }
        let (mass, moment, dens) = match mapper.map(t) {
            Some((ti, dti)) => {
                let at = if from_top { -ti } else { ti };
                cum.advance(at);
                let dens = if !losses && ti > lo && ti < hi {
                    cum.density(at).unwrap_or_else(|| {
                        cum.evals += 1;
                        inner.ln_rel(ti).exp()
                    }) * dti
                } else {
                    0.0
                };
                if losses && from_top {
                    // The mass and moment above the image, in x.
                    (z - cum.mass, z * inner_mean - cum.moment, 0.0)
                } else {
                    (cum.mass, cum.moment, dens)
                }
            }
            // Beyond the top of the inner's range: F = 1, S = 0.
            None if upper => (0.0, 0.0, 0.0),
            None => (z, z * inner_mean, 0.0),
        };
        let terms = [f, f * mass, f * dens, f * x * mass, f * moment];
        for (j, v) in terms.iter().enumerate() {
            s[0][j] += v;
            if k % 2 == 0 {
                s[1][j] += v;
            }
        }
    }
    let evals = rule.len() + cum.evals;
    // The inner's values in the outer's units (Gamma charts measure x relative
    // to shape/rate; Beta ones absolutely).
    let unit = if inner.family == Family::Gamma {
        (-mode_offset(outer, inner)).exp()
    } else {
        1.0
    };
    let result = |s: &[f64; 5]| {
        let prob = s[1] / (s[0] * z);
        let density = s[2] / (s[0] * z);
        let loss = (s[3] - unit * s[4]) / (s[0] * z);
        (prob, density, loss)
    };
    let (prob, density, loss) = result(&s[0]);
    let (prob2, _, loss2) = result(&s[1]);
    let (mean_outer, mean_inner) = if losses { means(outer, inner) } else { (0.0, 0.0) };
    let scale = mean_outer.abs().max(mean_inner.abs());
    let diff = if losses {
        ((prob - prob2).abs()).max(((loss - loss2) / scale).abs())
    } else {
        (prob - prob2).abs()
    };
    let res = PairIntegrals {
        prob: prob.clamp(0.0, 1.0),
        density,
        loss_outer: loss.max(0.0),
        mean_outer,
        mean_inner,
        error: 1e-16,
        evals,
        settled: true,
    };
    (res, if diff.is_nan() { f64::INFINITY } else { diff })
}

/// The pair integrals of a tail ([`Want::Lower`] or [`Want::Upper`]) by
/// Gauss–Kronrod 7/15 panels over the outer posterior, each no wider than
/// `units` unit widths of both arms (the inner's seen through the map).
///
/// This is the rule for a map whose image leaves the inner's range inside
/// the outer's support (a Beta ratio r·x_O with r > 1, seen from the narrower
/// arm): beyond x_O = 1/r the inner cdf is 1, and it gets there like
/// (1 − r·x_O)^β_I, a kink the trapezoid rule converges over only
/// algebraically. The panels shrink towards it as the map's slope grows,
/// until the image has left the inner's support. The error estimate is the
/// Kronrod–Gauss difference, returned whatever its size (the caller holds it
/// against [`PANEL_ERROR_BOUND`]); only a result that is not finite is an
/// error.
fn pair_panels(
    outer: &Chart,
    inner: &Chart,
    mapper: &Mapper,
    want: Want,
    units: PanelWidths,
) -> Result<PairIntegrals> {
    let upper = want == Want::Upper;
    // Lower sweeps up in t, marching the inner's cdf from its bottom; Upper
    // sweeps down, marching the mirrored inner (at −t) from its top.
    let dir = if upper { -1.0 } else { 1.0 };
    let marched = if upper { inner.mirrored() } else { *inner };
    let (i_lo, i_hi) = inner.support();
    let (o_lo, o_hi) = outer.support();
    // Panels break where the image enters and leaves the inner's support,
    // so that none steps over the inner's rise from 0 to 1; the sweep
    // starts where its integrand does (F = 0 below the first break, S = 0
    // above the second).
    let breaks = [
        mapper.preimage(o_lo, o_hi, i_lo),
        mapper.preimage(o_lo, o_hi, i_hi),
    ];
    let (start, end) = if upper {
        (breaks[1].unwrap_or(o_hi), o_lo)
    } else {
        (breaks[0].unwrap_or(o_lo), o_hi)
    };
    let dense_end = if upper {
        mapper.map(o_lo).map_or(marched.t_hi, |(ti, _)| -ti)
    } else {
        marched.t_hi
    };
    let mut cum = Cumulative::new(&marched, false).dense_until(dense_end);
    let (z_i, _) = marched.totals();
    let (zo, _) = outer.totals();
    // The widest panel at t: the outer's unit width there and, while the
    // image is inside the inner's support, the inner's seen through the map;
    // both widened in the far tails, where the mass is negligible.
    let width = |t: f64| {
        let mut w = units.outer * outer.unit_width(t) * tail_allowance(outer.ln_rel(t));
        if let Some((ti, _, slope)) = mapper.map_with_slope(t) {
            if ti > i_lo && ti < i_hi && slope > 0.0 {
                w = w.min(units.inner * inner.unit_width(ti) * tail_allowance(inner.ln_rel(ti)) / slope);
            }
        }
        w
    };
    // Σ f·F, its error estimate, Σ f·dens.
    let (mut pk, mut err, mut dk) = (0.0, 0.0, 0.0);
    let mut evals = 0u32;
    let mut a = start;
    let mut panels = 0u32;
    while dir * (end - a) > 0.0 {
        // Where the outer density falls along the sweep, the rest of the
        // sweep holds at most e^{g(a)}/|g'(a)| of it (log-concavity) times
        // the inner's total: once that is below 1e-16 of the tail so far,
        // the sweep stops there (and the bound joins the error estimate),
        // rather than spend a panel on the sliver left before the support's
        // cut at e^−40.
        let fall = dir * outer.slope(a);
        if fall < 0.0 && pk > 0.0 {
            let rest = z_i * outer.ln_rel(a).exp() / -fall;
            if rest <= 1e-16 * pk {
                err += rest;
                break;
            }
        }
        panels += 1;
        if panels > 10_000 {
            return Err(Error::NoConvergence(
                "the comparison's quadrature needs too many panels".into(),
            ));
        }
        let w0 = width(a);
        let w = w0.min(width(a + dir * w0));
        let mut b = if dir * (end - (a + dir * w)) > 0.0 {
            a + dir * w
        } else {
            end
        };
        for t in breaks.iter().flatten() {
            if dir * (t - a) > 0.0 && dir * (b - t) > 0.0 {
                b = *t;
            }
        }
        if b == a {
            break;
        }
        let (c, half) = (0.5 * (a + b), 0.5 * (b - a));
        let (mut sk, mut sg, mut sd) = (0.0, 0.0, 0.0);
        // Kronrod nodes from a towards b: the march only moves forward.
        for (x, wk, wg) in k15_increasing() {
            let t = c + half * x;
            let f = outer.ln_rel(t).exp();
            let (tail, dens) = match mapper.map(t) {
                Some((ti, dti)) => {
                    cum.advance(dir * ti);
                    let dens = if ti > i_lo && ti < i_hi {
                        cum.density(dir * ti).unwrap_or_else(|| {
                            cum.evals += 1;
                            inner.ln_rel(ti).exp()
                        }) * dti
                    } else {
                        0.0
                    };
                    (cum.mass, dens)
                }
                // Beyond the top of the inner's range: F = 1, S = 0.
                None => (if upper { 0.0 } else { z_i }, 0.0),
            };
            sk += wk * f * tail;
            sg += wg * f * tail;
            sd += wk * f * dens;
        }
        evals += 15;
        // `half` is negative when sweeping down; the integrals are over t.
        let h = half.abs();
        // QUADPACK's estimate of the Kronrod sum's error from its difference
        // to the Gauss sum (the Gauss sum's error): d·min(1, (200 d/|K|)^1.5).
        let d = h * (sk - sg).abs();
        if d > 0.0 {
            err += d * (200.0 * d / (h * sk.abs())).powf(1.5).min(1.0);
        }
        (pk, dk) = (pk + h * sk, dk + h * sd);
        a = b;
    }
    evals += cum.evals;
    let prob = pk / (zo * z_i);
    // A tail that is 0 to the last node (an iterate far out) is exact.
    let error = if err == 0.0 { 0.0 } else { err / pk };
    if !prob.is_finite() || error.is_nan() {
        return Err(Error::NoConvergence(format!(
            "the comparison's quadrature did not settle (error estimate {error:.1e}); \
             use the Monte Carlo comparison for these posteriors"
        )));
    }
    Ok(PairIntegrals {
        prob: prob.clamp(0.0, 1.0),
        density: dk / (zo * z_i),
        loss_outer: 0.0,
        mean_outer: 0.0,
        mean_inner: 0.0,
        error: error.max(1e-16),
        evals,
        settled: error <= PANEL_ERROR_BOUND,
    })
}

// ------------------------------------------------------------ K arms

/// The most arms [`prob_best`] takes.
pub(crate) const MAX_ARMS: usize = 100;

/// P(arm i has the largest value) for every arm, into `out`; returns
/// (density evaluations, error estimate).
pub(crate) fn prob_best(charts: &[Chart], out: &mut [f64]) -> Result<(u32, f64)> {
    let k = charts.len();
    if k == 0 || k > MAX_ARMS || out.len() != k {
        return Err(Error::invalid(format!(
            "need 1 to {MAX_ARMS} arms and an output of the same length, got {k} arms and {} outputs",
            out.len()
        )));
    }
    // Every arm's origin in a common chart coordinate (arm 0's mode at 0).
    let mut origin = [0.0f64; MAX_ARMS];
    let mut range = [(0.0f64, 0.0f64); MAX_ARMS];
    for (j, ch) in charts.iter().enumerate() {
        origin[j] = -mode_offset(&charts[0], ch);
        let (lo, hi) = ch.support();
        range[j] = (origin[j] + ch.scale * lo, origin[j] + ch.scale * hi);
    }
    let start = range[..k].iter().map(|r| r.0).fold(f64::NEG_INFINITY, f64::max);
    let end = range[..k].iter().map(|r| r.1).fold(f64::NEG_INFINITY, f64::max);
    // Arms whose support ends below `start` are never best (their P is below
    // e^-DEPTH) and their cdf is 1 throughout.
    let live: [bool; MAX_ARMS] = std::array::from_fn(|j| j < k && range[j].1 > start);
    let mut total = [0.0f64; MAX_ARMS];
    let mut evals = 0u32;
    for j in 0..k {
        if live[j] {
            let (z, _, n) = charts[j].total()?;
            total[j] = z;
            evals += n;
        }
    }
    let mut cums: [Option<Cumulative>; MAX_ARMS] =
        std::array::from_fn(|j| (j < k && live[j]).then(|| Cumulative::new(&charts[j], false)));
    let mut kron = [0.0f64; MAX_ARMS];
    let mut gauss = [0.0f64; MAX_ARMS];
    let mut err = 0.0f64;
    let mut a = start;
    let mut panels = 0u32;
    while a < end {
        panels += 1;
        if panels > 100_000 {
            return Err(Error::NoConvergence("P(best): too many panels".into()));
        }
        let b = next_panel_end(charts, &origin, &range, &live, a, end);
        let (c, half) = (0.5 * (a + b), 0.5 * (b - a));
        let mut pk = [0.0f64; MAX_ARMS];
        let mut pg = [0.0f64; MAX_ARMS];
        // Kronrod nodes in increasing order: the marching only moves forward.
        for (x, wk, wg) in k15_increasing() {
            let u = c + half * x;
            let mut dens = [0.0f64; MAX_ARMS];
            let mut cdf = [1.0f64; MAX_ARMS];
            for j in 0..k {
                if let Some(cum) = cums[j].as_mut() {
                    let t = (u - origin[j]) / charts[j].scale;
                    cum.advance(t);
                    let (lo, hi) = charts[j].support();
                    cdf[j] = (cum.mass / total[j]).min(1.0);
                    if t > lo && t < hi {
                        dens[j] = charts[j].ln_rel(t).exp() / (total[j] * charts[j].scale);
                    }
                }
            }
            // Π_{j≠i} F_j by prefix and suffix products.
            let mut suffix = [1.0f64; MAX_ARMS + 1];
            for j in (0..k).rev() {
                suffix[j] = suffix[j + 1] * cdf[j];
            }
            let mut prefix = 1.0;
            for i in 0..k {
                let v = dens[i] * prefix * suffix[i + 1];
                pk[i] += wk * v;
                pg[i] += wg * v;
                prefix *= cdf[i];
            }
        }
        for i in 0..k {
            kron[i] += half * pk[i];
            gauss[i] += half * pg[i];
            err += half * (pk[i] - pg[i]).abs();
        }
        a = b;
    }
    for cum in cums.iter().flatten() {
        evals += cum.evals;
    }
    evals += panels * 15;
    let sum: f64 = kron[..k].iter().sum();
    err = err.max((sum - 1.0).abs());
    if err.is_nan() || err > 1e-9 {
        return Err(Error::NoConvergence(format!(
            "P(best) quadrature error estimate {err:.1e} is above 1e-9"
        )));
    }
    for i in 0..k {
        out[i] = kron[i].clamp(0.0, 1.0);
    }
    Ok((evals, err))
}

/// The end of the K-arm panel starting at `a`: no wider than any live arm whose
/// support it touches allows, and never across an arm's support edge.
fn next_panel_end(
    charts: &[Chart],
    origin: &[f64],
    range: &[(f64, f64)],
    live: &[bool],
    a: f64,
    end: f64,
) -> f64 {
    let mut b = end;
    for j in 0..charts.len() {
        if !live[j] {
            continue;
        }
        let (lo, hi) = range[j];
        if lo > a {
            b = b.min(lo);
        }
        if hi > a && lo <= a {
            let ch = &charts[j];
            let t = (a - origin[j]) / ch.scale;
            b = b.min(a + ch.unit_width(t) * ch.scale).min(hi);
        }
    }
    // Shrink once to respect the allowed width at the end too.
    let mut b2 = b;
    for j in 0..charts.len() {
        if live[j] && range[j].0 <= a && range[j].1 > a {
            let ch = &charts[j];
            let t = (b - origin[j]) / ch.scale;
            b2 = b2.min(a + ch.unit_width(t) * ch.scale);
        }
    }
    if b2 > a {
        b2
    } else {
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_rules_integrate_polynomials_exactly() {
        for (rule, m) in [
            (&GL2[..], 2),
            (&GL3[..], 3),
            (&GL4[..], 4),
            (&GL5[..], 5),
            (&GL6[..], 6),
            (&GL8[..], 8),
        ] {
            for deg in 0..(2 * m) {
                let mut s = 0.0;
                for &(x, w) in rule {
                    if x == 0.0 {
                        s += w * 0f64.powi(deg);
                    } else {
                        s += w * (x.powi(deg) + (-x).powi(deg));
                    }
                }
                let exact = if deg % 2 == 1 {
                    0.0
                } else {
                    2.0 / (deg as f64 + 1.0)
                };
                assert!((s - exact).abs() < 1e-15, "GL{m} degree {deg}: {s} vs {exact}");
            }
        }
    }

    #[test]
    fn log_density_matches_the_direct_formula_for_moderate_shapes() {
        for &(a, b) in &[(2.0, 3.0), (0.5, 10.5), (40.0, 7.0), (300.0, 300.0)] {
            let ch = Chart::beta(a, b).unwrap();
            let lnf = |u: f64| a * u - (a + b) * u.exp().ln_1p();
            let u0 = (a / b).ln();
            for t in [-3.0, -0.7, -0.01, 0.0, 0.2, 1.5, 4.0] {
                let u = u0 + ch.scale() * t;
                let direct = lnf(u) - lnf(u0);
                assert!((ch.ln_rel(t) - direct).abs() < 1e-11, "Beta({a},{b}) t={t}");
                let x = 1.0 / (1.0 + (-u).exp());
                assert!((ch.value(t) - x).abs() < 1e-14);
                let h = 1e-6;
                let fd = (ch.ln_rel(t + h) - ch.ln_rel(t - h)) / (2.0 * h);
                assert!((ch.slope(t) - fd).abs() < 1e-6 * fd.abs().max(1.0));
            }
        }
        for &(a, r) in &[(0.5, 3.0), (7.0, 0.1), (1e4, 10.0)] {
            let ch = Chart::gamma(a, r).unwrap();
            let lnf = |v: f64| a * v - r * v.exp();
            let v0 = (a / r).ln();
            for t in [-5.0, -1.0, 0.0, 0.3, 2.0] {
                let v = v0 + ch.scale() * t;
                assert!(
                    (ch.ln_rel(t) - (lnf(v) - lnf(v0))).abs() < 1e-9 * a.max(1.0),
                    "Gamma({a},{r}) t={t}"
                );
            }
        }
    }

    #[test]
    fn the_cheap_slope_of_the_width_rule_is_within_a_per_cent() {
        for ch in [
            Chart::beta(2e3, 9.8e4).unwrap(),
            Chart::beta(9.8e4, 2e3).unwrap(),
            Chart::gamma(1e4, 3.0).unwrap(),
        ] {
            // |d| < 0.05: the first-order formula; the width is 1/|slope| capped at 1.
            for t in [-2.0, -1.5, 1.5, 2.0] {
                let w = ch.unit_width(t);
                assert!(
                    (w * ch.slope(t).abs() - 1.0).abs() < 1e-2,
                    "t={t} w={w} slope={}",
                    ch.slope(t)
                );
            }
        }
    }

    #[test]
    fn log_density_keeps_full_precision_for_a_tiny_mean() {
        // Beta(1, 1e8): ln(1 + π(e^d − 1)) with π = 1e-8 once cancelled to ~1e-8
        // relative. Values from mpmath at 50 digits.
        let ch = Chart::beta(1.0, 1e8).unwrap();
        for (t, want) in [
            (1.0, -0.718_281_822_287_992_3),
            (3.0, -16.085_535_388_182_32),
            (-10.0, -9.000_045_444_927_946),
        ] {
            let got = ch.ln_rel(t);
            assert!((got - want).abs() <= 1e-15 * want.abs(), "t={t}: {got} vs {want}");
        }
    }

    #[test]
    fn totals_are_the_normalising_constants() {
        // ∫ e^{g(t)} dt = B(a, b) / (s · x*^a (1 − x*)^b) for Beta in logit.
        use crate::special::ln_beta;
        for &(a, b) in &[(2.0, 3.0), (0.5, 10.5), (1e3, 3e4), (0.7, 0.9)] {
            let ch = Chart::beta(a, b).unwrap();
            let (z, m, _) = ch.total().unwrap();
            let xs = a / (a + b);
            let ln_mode = a * xs.ln() + b * (1.0 - xs).ln() - ln_beta(a, b);
            let expect = (-ln_mode).exp() / ch.scale();
            assert!((z / expect - 1.0).abs() < 1e-9, "Beta({a},{b}): {z} vs {expect}");
            assert!((m / z - xs).abs() < 1e-13 * xs.max(1e-300) + 1e-300);
        }
    }

    #[test]
    fn the_map_slopes_are_its_derivatives_and_the_image_top_its_limit() {
        let (outer, inner) = (Chart::beta(6.0, 40.0).unwrap(), Chart::beta(2.5, 30.0).unwrap());
        for map in [Map::Shift(0.3), Map::BetaRatio(-0.4), Map::BetaRatio(-1e-3)] {
            let m = Mapper::new(&outer, &inner, map);
            for t in [-6.0, -1.0, 0.0, 0.7, 3.0] {
                let (ti, _, dt) = m.map_with_slope(t).unwrap();
                let e = 1e-6;
                let fd =
                    (m.map_with_slope(t + e).unwrap().0 - m.map_with_slope(t - e).unwrap().0) / (2.0 * e);
                assert!(
                    (dt - fd).abs() < 1e-7 * fd.abs().max(1.0),
                    "{map:?} t={t}: {dt} vs {fd}"
                );
                assert!(ti.is_finite());
            }
            if let Some(top) = m.image_top() {
                let far = m.map_with_slope(200.0).unwrap().0;
                assert!(
                    (far - top).abs() < 1e-9 * top.abs().max(1.0),
                    "{map:?}: {far} vs {top}"
                );
            }
        }
        // The ℓ-derivative of the ratio map, against a difference in ℓ.
        let at = |l: f64| {
            Mapper::new(&outer, &inner, Map::BetaRatio(l))
                .map_with_slope(0.4)
                .unwrap()
        };
        let fd = (at(-0.4 + 1e-6).0 - at(-0.4 - 1e-6).0) / 2e-6;
        assert!((at(-0.4).1 - fd).abs() < 1e-7 * fd.abs());
    }

    #[test]
    fn marching_reaches_the_total() {
        for &(a, b) in &[(2.0, 3.0), (0.5, 10.5), (2e7, 9.8e8)] {
            let ch = Chart::beta(a, b).unwrap();
            let (z, _, _) = ch.total().unwrap();
            let mut cum = Cumulative::new(&ch, false);
            cum.advance(ch.support().1);
            assert!(
                (cum.mass / z - 1.0).abs() < 1e-13,
                "Beta({a},{b}): {} vs {z}",
                cum.mass
            );
        }
    }

    #[test]
    fn closed_form_totals_match_the_marched_ones() {
        let charts = [
            Chart::beta(2.0, 3.0),
            Chart::beta(0.5, 10.5),
            Chart::beta(11.0, 1.0),
            Chart::beta(1e3, 3e4),
            Chart::beta(2e7, 9.8e8),
            Chart::beta(1e-3, 0.2),
            Chart::gamma(0.5, 10.0),
            Chart::gamma(7.0, 2.0),
            Chart::gamma(3e8, 1e9),
        ];
        for ch in charts.map(Result::unwrap) {
            let (z, m, _) = ch.total().unwrap();
            let (z_closed, mean) = ch.totals();
            assert!(
                (z_closed / z - 1.0).abs() < 1e-12,
                "{:?}: {z_closed} vs {z}",
                ch.params()
            );
            // (The trapezoid's own first moment is the less accurate one.)
            assert!(
                (mean - m / z).abs() < 1e-10 * mean,
                "{:?}: {mean} vs {}",
                ch.params(),
                m / z
            );
            // The mirror has the same mass, and its mean is that of 1 − x.
            let (z_m, mean_m) = ch.mirrored().totals();
            assert_eq!(z_m, z_closed);
            if ch.is_beta() {
                assert!((mean + mean_m - 1.0).abs() < 1e-15);
            }
        }
    }

    #[test]
    fn dense_and_closed_form_cdfs_match_marching() {
        // Targets 0.05 apart (a narrow arm's nodes seen from a wide one): the
        // Chebyshev panels and the closed-form start against plain panels.
        let charts = [
            Chart::beta(3.7, 190.2),
            Chart::beta(11.0, 1.0),
            Chart::beta(2e4, 8e4),
            Chart::gamma(0.5, 10.0),
            Chart::gamma(5e5, 1.0),
        ];
        for ch in charts.map(Result::unwrap) {
            for mirrored in [false, true] {
                let ch = if mirrored { ch.mirrored() } else { ch };
                let moments = !mirrored;
                let (lo, hi) = ch.support();
                let (from, to) = (0.7 * lo, 0.5 * hi);
                let mut plain = Cumulative::new(&ch, moments);
                let mut dense = Cumulative::new(&ch, moments).dense_until(to);
                let (z, _) = ch.totals();
                let mut t = from;
                while t < to {
                    plain.advance(t);
                    dense.advance(t);
                    let (p, d) = (plain.mass / z, dense.mass / z);
                    // Relative in the tail marched from, absolute elsewhere.
                    assert!(
                        (p - d).abs() <= 1e-13 * p + 1e-15,
                        "{:?} mirrored={mirrored} t={t}: {d} vs {p}",
                        ch.params()
                    );
                    if moments {
                        let (pm, dm) = (plain.moment / z, dense.moment / z);
                        assert!(
                            (pm - dm).abs() <= 1e-13 * pm.abs() + 1e-15,
                            "{:?} t={t}",
                            ch.params()
                        );
                    }
                    if let Some(f) = dense.density(t) {
                        let exact = ch.ln_rel(t).exp();
                        assert!(
                            (f - exact).abs() <= 1e-13,
                            "{:?} t={t}: {f} vs {exact}",
                            ch.params()
                        );
                    }
                    t += 0.05;
                }
                assert!(
                    dense.evals < plain.evals,
                    "{:?}: {} vs {}",
                    ch.params(),
                    dense.evals,
                    plain.evals
                );
            }
        }
    }
}
