#!/usr/bin/env python3
"""Reference values for Bayesian A/B comparisons, from mpmath at 50 digits.

For pairs of Beta posteriors (conversion rates) and of Gamma posteriors (Poisson rates; shape and
rate): P(B > A), the expected losses E[max(B - A, 0)] (of choosing A) and E[max(A - B, 0)], and
quantiles of the lift B/A - 1; for sets of K = 3 and K = 10 arms, the probability that each arm is
the best. The sizes are those of real experiments, 10 to 1e9 trials (or units of exposure) per
arm, where the posteriors are narrow spikes and mpmath's own betainc does not converge, so every
value comes from one route of ours:

* each density is taken in t = logit(x) (Beta) or t = log(x) (Gamma), where it is log-concave and
  smooth, on panels split at every mode and refined until the three highest Chebyshev coefficients
  of every density on every panel are below 1e-35 of its largest value there, out to where it has
  fallen by e^-115 from its peak (so that tails keep their relative accuracy too);
* integrals are Clenshaw-Curtis sums over the panels; each cdf and survival function is the
  spectral integral of its density on the same panels, summed from its own end;
* P(B > A) = sum w f_A S_B, and the losses by size-biasing: E[max(B - A, 0)] = E[B] P(B+ > A)
  - E[A] P(B > A+), where X+ has the first Beta shape (or the Gamma shape) raised by one;
* a lift quantile is the root of P(log B - log A <= s) = p in s = log(1 + q), by Newton's method:
  an integral over one arm of the other arm's cdf (and density) from their Chebyshev series; first
  roughly, then polished with the outer arm chosen by the sign of s (so that for Beta the edge of
  the event never reaches x = 1, where the integrand has a kink of order beta) on panels that also
  resolve the other arm carried to the outer arm's t (its shifted cdf can be sharp where the outer
  arm is only a tail);
* P(arm i is best) = sum w f_i prod_{j != i} F_j.

Self-checks (the script stops, writing nothing, if one fails): 20 Beta and 6 Gamma pairs and 4
K-arm sets again at 70 digits with a finer tolerance and another panel order, to 1e-20; by
independent routes, to 1e-20: P(B > A) against Evan Miller's finite sum where alpha_B is an integer
<= 5000, lift quantiles of small Beta arms against mpmath's quad over mpmath's betainc, and Gamma
values against their closed forms through mpmath's betainc where it converges; to 1e-30:
P(B > A) + P(A > B) = 1, loss_b - loss_a = E[A] - E[B], sum of P(best) = 1, P(best of two) =
P(B > A), and identical arms giving 1/2, 1/K and reciprocal lift quantiles.

Cases come from a fixed-seed subsample of sizes x rates x separations x priors x size layouts that
still covers every value of each (a summary is printed). Shapes, rates and probabilities are
computed with exactly the doubles that are written.

Run from the repository root (takes ~25 minutes on one core):

    python3 tests/reference/generate_compare.py

Writes tests/reference/compare.json. Needs: pip install mpmath
"""
import bisect
import json
import math
import os
import random
import time

import mpmath as mp

DPS = 50


class Chebyshev:
    """Chebyshev-Lobatto nodes s_i = -cos(pi i / N) on [-1, 1] (increasing), with the matrices that
    take values at the nodes to their Chebyshev coefficients (`coef`) and to the integral of their
    interpolant from -1 to each node (`cumul`), both also in fixed point (integers scaled by
    2^bits); `weights` (the last row of `cumul`) are the Clenshaw-Curtis weights."""

    def __init__(self, m, bits):
        n = m - 1
        self.bits = bits
        self.s = [-mp.cospi(mp.mpf(i) / n) for i in range(m)]
        # T_k(s_i) = (-1)^k cos(pi k i / N); the interpolant is sum_k (coef[k] . f) T_k, the end
        # terms of the discrete cosine transform already halved.
        t = [[(-1) ** k * mp.cospi(mp.mpf(k * i) / n) for i in range(m)] for k in range(m + 1)]
        self.coef = [[t[k][i] * (2 if 0 < k < n else 1) * (2 if 0 < i < n else 1) / (2 * n)
                      for i in range(m)] for k in range(m)]

        def integral_t(k, i):
            """Integral of T_k from -1 to s_i (T_{k+1}/(2(k+1)) - T_{k-1}/(2(k-1)) for k >= 2)."""
            if k == 0:
                return self.s[i] + 1
            if k == 1:
                return (self.s[i] ** 2 - 1) / 2
            g = lambda plus, minus: plus / (2 * (k + 1)) - minus / (2 * (k - 1))
            return g(t[k + 1][i], t[k - 1][i]) - g(mp.mpf((-1) ** (k + 1)), mp.mpf((-1) ** (k - 1)))

        w = [[integral_t(k, i) for k in range(m)] for i in range(m)]
        self.cumul = [[mp.fdot(w[i], [self.coef[k][j] for k in range(m)]) for j in range(m)]
                      for i in range(m)]
        self.weights = self.cumul[-1]
        self.tail_rows = self.coef[-3:]
        fixed = lambda rows: [[int(mp.ldexp(v, bits)) for v in row] for row in rows]
        self.coef_fixed, self.cumul_fixed = fixed(self.coef), fixed(self.cumul)

    def apply(self, matrix_fixed, values):
        """matrix . values for one of the fixed-point matrices, as mpf numbers; the values are
        scaled by a power of two that gives the largest `bits` bits."""
        top = max(abs(v) for v in values)
        if not top:
            return [mp.mpf(0)] * len(matrix_fixed)
        e = mp.frexp(top)[1]
        ints = [int(mp.ldexp(v, self.bits - e)) for v in values]
        return [mp.ldexp(sum(a * b for a, b in zip(row, ints)), e - 2 * self.bits)
                for row in matrix_fixed]


class Precision:
    """Working digits with the quadrature settings that go with them.

    m: Chebyshev-Lobatto nodes per panel; eps: the resolution asked of every density on every panel
    (its highest Chebyshev coefficients relative to its largest value there); tail: how far (in
    nats below its peak) each density is followed; root_tol: the step, relative to 1 + |s|, below
    which Newton's method for a lift quantile stops.
    """

    def __init__(self, dps, m, eps_digits, tail):
        self.dps, self.m, self.tail = dps, m, tail
        with mp.workdps(dps):
            self.eps = mp.mpf(10) ** -eps_digits
            self.root_tol = mp.mpf(10) ** -(dps - 14)
            self.bits = mp.mp.prec + 40  # of the fixed-point arithmetic
            self.cheb = Chebyshev(m, self.bits)


# ---------------------------------------------------------------------------------------------
# Posteriors in the integration variable t. Each has `aux(t)` (shared by every posterior of a
# family at the same t), `log_density(t, aux)` (of t, not of x), `log_x(t, aux)`,
# `t_of_log_x(v)` = (t, dt/dv) where log x = v (None where no t has it), its mode and scale in t,
# its mean, and the sd of log x near the mode.


class BetaPosterior:
    """Beta(alpha, beta) on the conversion rate x, in t = logit(x): density x^alpha (1-x)^beta / B."""

    def __init__(self, alpha, beta):
        a, b = mp.mpf(alpha), mp.mpf(beta)
        self.a, self.b = a, b
        self.log_norm = mp.loggamma(a + b) - mp.loggamma(a) - mp.loggamma(b)
        self.mode = mp.log(a / b)
        self.sd = mp.sqrt(1 / a + 1 / b)
        self.mean = a / (a + b)
        self.sd_log = self.sd * b / (a + b)

    def size_biased(self):
        """Beta(alpha + 1, beta), whose density is x f(x) / E[x]."""
        return BetaPosterior(self.a + 1, self.b)

    @staticmethod
    def aux(t):
        """log x at t."""
        return -mp.log1p(mp.exp(-t))

    def log_density(self, t, log_x):
        return (self.a + self.b) * log_x - self.b * t + self.log_norm

    @staticmethod
    def log_x(t, aux):
        return aux

    @staticmethod
    def t_of_log_x(v):
        if v >= 0:
            return None
        one_minus_x = -mp.expm1(v) if v > -mp.mpf("1e-3") else 1 - mp.exp(v)
        return v - mp.log(one_minus_x), 1 / one_minus_x

    def image(self, log_c):
        """This posterior seen at x = c x' in the t of x' (c <= 1): see BetaImage."""
        return BetaImage(self, log_c)


class BetaImage:
    """Where F(logit(c sigma(t))) changes, for the cdf F of a Beta posterior and c <= 1: a
    pseudo-posterior in t with density f(T(t)) T'(t), T(t) = logit(c sigma(t)) (the posterior's mass
    below c, carried to t). Only guides the refinement of a grid; its mode is found numerically
    (it is unimodal) and its scale is the posterior's, stretched by 1/T'."""

    aux = staticmethod(BetaPosterior.aux)

    def __init__(self, inner, log_c):
        self.inner, self.log_c = inner, log_c
        self.c, self.one_minus_c = mp.exp(log_c), -mp.expm1(log_c)
        x = inner.mean / self.c
        start = mp.log(x / (1 - x)) if x < mp.mpf(0.999) else mp.log(mp.mpf(999))
        self.mode = maximize(lambda t: self.log_density(t, self.aux(t)), start, inner.sd)
        lx = self.aux(self.mode)
        self.sd = inner.sd / mp.exp(self._log_slope(self.mode, lx)[1])

    def _log_slope(self, t, lx):
        """(log y, log T'(t)) at t, where y = c x."""
        one_minus_y = self.one_minus_c + self.c * mp.exp(lx - t)
        return lx + self.log_c, (lx - t) - mp.log(one_minus_y)

    def log_density(self, t, lx):
        ly, log_slope = self._log_slope(t, lx)
        big_t = ly - mp.log(-mp.expm1(ly))
        return self.inner.log_density(big_t, ly) + log_slope


def maximize(f, t, step):
    """The maximum of a unimodal f: walk uphill in doubling steps to a bracket, then golden
    sections down to 1e-12 of the starting step."""
    ft = f(t)
    if f(t + step) < ft and f(t - step) < ft:
        lo, hi = t - step, t + step
    else:
        sign = 1 if f(t + step) > ft else -1
        prev, cur = t - sign * step, t
        while True:
            step *= 2
            nxt = cur + sign * step
            if f(nxt) < f(cur):
                break
            prev, cur = cur, nxt
        lo, hi = sorted((prev, nxt))
    ratio = (mp.sqrt(5) - 1) / 2
    tol = step * mp.mpf(10) ** -12
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = f(a), f(b)
    while hi - lo > tol:
        if fa < fb:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = f(b)
        else:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = f(a)
    return (lo + hi) / 2


class GammaPosterior:
    """Gamma(shape a, rate b) on a Poisson rate x, in t = log(x): density b^a x^a e^(-bx) / Gamma(a)."""

    def __init__(self, shape, rate):
        a, b = mp.mpf(shape), mp.mpf(rate)
        self.a, self.b = a, b
        self.log_norm = a * mp.log(b) - mp.loggamma(a)
        self.mode = mp.log(a / b)
        self.sd = 1 / mp.sqrt(a)
        self.mean = a / b
        self.sd_log = self.sd

    def size_biased(self):
        """Gamma(a + 1, b), whose density is x f(x) / E[x]."""
        return GammaPosterior(self.a + 1, self.b)

    @staticmethod
    def aux(t):
        """x at t."""
        return mp.exp(t)

    def log_density(self, t, x):
        return self.a * t - self.b * x + self.log_norm

    @staticmethod
    def log_x(t, aux):
        return t

    @staticmethod
    def t_of_log_x(v):
        return v, mp.mpf(1)

    def image(self, log_c):
        """This posterior seen at x = c x': the law of x / c, Gamma(a, b c)."""
        return GammaPosterior(self.a, self.b * mp.exp(log_c))


# ---------------------------------------------------------------------------------------------
# Quadrature on panels shared by a few posteriors of one family.


def support(dist, tail):
    """Points below and above the mode where the (log-concave) density has fallen by `tail` nats."""
    top = dist.log_density(dist.mode, dist.aux(dist.mode))
    ends = []
    for sign in (-1, 1):
        step = dist.sd
        while True:
            t = dist.mode + sign * step
            if dist.log_density(t, dist.aux(t)) < top - tail:
                break
            step *= 2
        ends.append(t)
    return ends


class Grid:
    """Panels covering the supports of some posteriors, each fine enough that every density is
    resolved on it, with the Clenshaw-Curtis nodes and weights and the densities at the nodes.

    Every mode is a panel end, so each density is monotone on each panel: one below e^-tail of its
    peak at both ends of a panel need not be resolved there. With relative=False the resolution is
    asked relative to each density's peak instead of its largest value on the panel (enough for
    integrals that only need absolute accuracy)."""

    def __init__(self, dists, prec, relative=True):
        self.dists, self.prec = dists, prec
        cheb = prec.cheb
        peaks = [mp.exp(d.log_density(d.mode, d.aux(d.mode))) for d in dists]
        ends = [support(d, prec.tail) for d in dists]
        lo, hi = min(e[0] for e in ends), max(e[1] for e in ends)
        # The modes, then mode +- 2^k sd for each posterior where no break is within sd / 2.
        breaks = sorted({lo, hi} | {d.mode for d in dists})
        for d in dists:
            k = 1
            while d.mode - k * d.sd > lo or d.mode + k * d.sd < hi:
                for t in (d.mode - k * d.sd, d.mode + k * d.sd):
                    i = bisect.bisect(breaks, t)
                    if lo < t < hi and min(t - breaks[i - 1], breaks[i] - t) > d.sd / 2:
                        breaks.insert(i, t)
                k *= 2
        min_half = min(d.sd for d in dists) * mp.mpf(10) ** -8
        negligible = [p * mp.exp(-prec.tail) for p in peaks]
        todo = list(zip(breaks[:-1], breaks[1:]))[::-1]
        self.panels, self.t, self.w = [], [], []
        self.dens = [[] for _ in dists]
        while todo:
            a, b = todo.pop()
            mid, half = (a + b) / 2, (b - a) / 2
            ts = [mid + half * s for s in cheb.s]
            auxes = [dists[0].aux(t) for t in ts]
            dens = [[mp.exp(d.log_density(t, x)) for t, x in zip(ts, auxes)] for d in dists]
            if not all(max(f[0], f[-1]) < small or
                       self._resolved(f, max(f) if relative else peak)
                       for f, peak, small in zip(dens, peaks, negligible)):
                if half < min_half:
                    raise RuntimeError(f"panel [{a}, {b}] will not resolve")
                todo += [(mid, b), (a, mid)]
                continue
            self.panels.append((a, b))
            self.t += ts
            self.w += [half * w for w in cheb.weights]
            for j, f in enumerate(dens):
                self.dens[j] += f
        self._cdfs, self._series = {}, {}

    def _resolved(self, values, scale):
        """Whether the highest Chebyshev coefficients of the values are within eps of scale."""
        bound = self.prec.eps * scale
        return all(abs(mp.fdot(row, values)) <= bound for row in self.prec.cheb.tail_rows)

    def weighted(self, j):
        """w_i f_j(t_i) at every node."""
        return [w * f for w, f in zip(self.w, self.dens[j])]

    def cdf(self, j):
        """(F_j, S_j) at every node, each summed from its own end so that both tails keep their
        relative accuracy."""
        if j not in self._cdfs:
            m, cheb = self.prec.m, self.prec.cheb
            partial, totals = [], []
            for p, (a, b) in enumerate(self.panels):
                half = (b - a) / 2
                row = [half * v for v in cheb.apply(cheb.cumul_fixed, self.dens[j][p * m:(p + 1) * m])]
                partial.append(row)
                totals.append(row[-1])
            above = [mp.mpf(0)] * len(totals)  # the mass of the panels after each panel
            for p in range(len(totals) - 2, -1, -1):
                above[p] = above[p + 1] + totals[p + 1]
            below, F, S = mp.mpf(0), [], []
            for row, total, right in zip(partial, totals, above):
                F += [below + v for v in row]
                S += [right + (total - v) for v in row]
                below += total
            self._cdfs[j] = (F, S)
        return self._cdfs[j]

    def series(self, j):
        """F_j and f_j as Chebyshev series (an InnerSeries)."""
        if j not in self._series:
            self._series[j] = InnerSeries(self, j)
        return self._series[j]


def clenshaw(c, s, bits):
    """sum_k c_k T_k(s) in fixed point: c and s integers scaled by 2^bits."""
    s2, b1, b2 = 2 * s, 0, 0
    for ck in c[:0:-1]:
        b1, b2 = ck + ((s2 * b1) >> bits) - b2, b1
    return c[0] + ((s * b1) >> bits) - b2


class InnerSeries:
    """The cdf F_j and density f_j (in t) of one posterior of a grid as Chebyshev series per panel,
    evaluated anywhere in fixed point (Clenshaw sums of mpf numbers would dominate the run time of
    the lift quantiles)."""

    def __init__(self, grid, j):
        m, cheb = grid.prec.m, grid.prec.cheb
        self.bits = cheb.bits
        self.lefts = [float(a) for a, _ in grid.panels]
        self.lo, self.hi = grid.panels[0][0], grid.panels[-1][1]
        self.mids = [(a + b) / 2 for a, b in grid.panels]
        self.inv_halves = [2 / (b - a) for a, b in grid.panels]
        fixed = lambda v, p: [int(mp.ldexp(c, self.bits))
                              for c in cheb.apply(cheb.coef_fixed, v[p * m:(p + 1) * m])]
        F, f = grid.cdf(j)[0], grid.dens[j]
        self.coefs = [(fixed(F, p), fixed(f, p)) for p in range(len(grid.panels))]

    def __call__(self, t):
        """(F_j(t), f_j(t)); (0, 0) below the grid and (1, 0) above it."""
        if t >= self.hi:
            return mp.mpf(1), mp.mpf(0)
        if t <= self.lo:
            return mp.mpf(0), mp.mpf(0)
        # Panel ends as floats: a point a rounding error outside its panel is extrapolated.
        p = max(bisect.bisect_right(self.lefts, float(t)) - 1, 0)
        bits = self.bits
        s = int(mp.ldexp((t - self.mids[p]) * self.inv_halves[p], bits))
        return tuple(mp.ldexp(clenshaw(c, s, bits), -bits) for c in self.coefs[p])


class RatioCdf:
    """G(s) = P(log x_B - log x_A <= s) and G'(s), for posteriors j_a, j_b of a grid, as an
    integral over one arm (the outer, on outer_grid, whose first posterior it is) of the other
    arm's cdf and density, from their Chebyshev series on the pair's grid."""

    def __init__(self, grid, j_a, j_b, outer_is_a, outer_grid):
        self.outer_is_a = outer_is_a
        inner = j_b if outer_is_a else j_a
        self.inner = grid.dists[inner]
        self.series = grid.series(inner)
        outer = outer_grid.dists[0]
        floor = grid.prec.eps * mp.mpf(10) ** -12  # weights below this cannot matter
        self.nodes = [(wf, outer.log_x(t, outer.aux(t)))
                      for t, wf in zip(outer_grid.t, outer_grid.weighted(0)) if wf > floor]

    def __call__(self, s):
        """(G(s), G'(s))."""
        sign = 1 if self.outer_is_a else -1
        g, dg = [], []
        for wf, v in self.nodes:
            at = self.inner.t_of_log_x(v + sign * s)  # the inner arm at the edge of the event
            if at is None:
                g.append(wf)
                continue
            F, f = self.series(at[0])
            g.append(wf * F)
            if f:
                dg.append(wf * f * at[1])
        if self.outer_is_a:  # E_A[F_B(log x_A + s)]
            return mp.fsum(g), mp.fsum(dg)
        return 1 - mp.fsum(g), mp.fsum(dg)  # E_B[S_A(log x_B - s)]


def solve_increasing(f, target, guess, width, tol):
    """The s with G(s) = target, for f(s) = (G(s), G'(s)) with G increasing: Newton's method from
    guess, kept inside the bracket found so far (bisecting when a step would leave it; steps of at
    most 4 widths while a side is still open). Stops once a step is below tol (relative to
    1 + |s|) or its square, over a tenth of the width, is (quadratic convergence)."""
    lo = hi = None
    s = guess
    for _ in range(200):
        g, dg = f(s)
        g -= target
        if g < 0:
            lo = s
        else:
            hi = s
        step = -g / dg if dg > 0 else None
        if step is not None and min(abs(step), 10 * step ** 2 / width) <= tol * (1 + abs(s)):
            return s + step
        if step is None or abs(step) > 4 * width:
            step = 4 * width if g < 0 else -4 * width
        s += step
        if lo is not None and hi is not None and not lo < s < hi:
            s = (lo + hi) / 2
    raise RuntimeError(f"lift quantile did not converge: bracket [{lo}, {hi}]")


def lift_quantiles(grid, j_a, j_b, ps):
    """[(p, q)] with P(x_B / x_A - 1 <= q) = p, computed in s = log(1 + q); p as given (floats).

    First to ~1e-15 with the narrower arm (in log x) outside, on a grid of its own. Then polished
    with the outer arm chosen by the sign of s, so that the edge of the event stays inside (0, 1)
    for Beta (x_B <= r x_A with r < 1, or x_A >= x_B / r with r > 1: no kink where it reaches 1),
    on a grid that resolves both the outer density and the other arm carried to the outer's t (the
    shifted cdf is what gets integrated, and it can be sharp where the outer is only a tail)."""
    A, B = grid.dists[j_a], grid.dists[j_b]
    narrow_is_a = A.sd_log <= B.sd_log
    rough = RatioCdf(grid, j_a, j_b, narrow_is_a, Grid([A if narrow_is_a else B], grid.prec, False))
    centre = mp.log(B.mean) - mp.log(A.mean)
    width = mp.sqrt(A.sd_log ** 2 + B.sd_log ** 2)
    out = []
    for p in ps:
        pm = mp.mpf(p)
        guess = centre + width * mp.sqrt(2) * mp.erfinv(2 * pm - 1)
        s = solve_increasing(rough, pm, guess, width, mp.mpf("1e-15"))
        outer_is_a = s < 0
        outer, inner = (A, B) if outer_is_a else (B, A)
        own = Grid([outer, inner.image(-abs(s))], grid.prec, relative=False)
        s = solve_increasing(RatioCdf(grid, j_a, j_b, outer_is_a, own), pm, s, width, grid.prec.root_tol)
        out.append((p, mp.expm1(s)))
    return out


def compare_pair(A, B, ps, prec):
    """P(B > A), P(A > B), the two expected losses and the lift quantiles for probabilities ps."""
    grid = Grid([A, B, A.size_biased(), B.size_biased()], prec)
    wa, wa_plus = grid.weighted(0), grid.weighted(2)
    F_b, S_b = grid.cdf(1)
    F_bplus, S_bplus = grid.cdf(3)
    return {
        "prob_b_greater": mp.fdot(wa, S_b),
        "prob_a_greater": mp.fdot(wa, F_b),
        # E[(B - A)+] = E[B] P(B+ > A) - E[A] P(B > A+), and E[(A - B)+] likewise.
        "loss_a": B.mean * mp.fdot(wa, S_bplus) - A.mean * mp.fdot(wa_plus, S_b),
        "loss_b": A.mean * mp.fdot(wa_plus, F_b) - B.mean * mp.fdot(wa, F_bplus),
        "lift_q": lift_quantiles(grid, 0, 1, ps),
    }


def prob_best(arms, prec):
    """P(arm i beats every other arm), for each i."""
    grid = Grid(arms, prec)
    k = len(arms)
    F = [grid.cdf(j)[0] for j in range(k)]
    wf = [grid.weighted(j) for j in range(k)]
    terms = [[] for _ in arms]
    for i in range(len(grid.t)):
        before = [mp.mpf(1)]  # the product of the cdfs of the arms before each arm
        for j in range(k - 1):
            before.append(before[-1] * F[j][i])
        after = mp.mpf(1)
        for j in range(k - 1, -1, -1):
            terms[j].append(wf[j][i] * before[j] * after)
            after *= F[j][i]
    return [mp.fsum(t) for t in terms]


# ---------------------------------------------------------------------------------------------
# Independent routes for the self-checks.


def miller_prob_b_greater(A, B):
    """P(B > A) by Evan Miller's finite sum, for Beta posteriors with alpha_B a positive integer:
    sum_{i < alpha_B} B(alpha_A + i, beta_A + beta_B) / ((beta_B + i) B(1 + i, beta_B) B(alpha_A, beta_A))."""
    log_beta = lambda x, y: mp.loggamma(x) + mp.loggamma(y) - mp.loggamma(x + y)
    return mp.fsum(mp.exp(log_beta(A.a + i, A.b + B.b) - mp.log(B.b + i) - log_beta(1 + i, B.b)
                          - log_beta(A.a, A.b)) for i in range(int(B.a)))


def gamma_closed_forms(A, B, ps):
    """P(B > A), the losses and lift quantiles of Gamma posteriors through the regularised
    incomplete beta: with z = b_A / (b_A + b_B), P(B > A) = I_z(a_A, a_B) (b_A x_A / (b_A x_A +
    b_B x_B) is Beta(a_A, a_B)), and P(x_B / x_A <= r) = 1 - I_{1/(1+c)}(a_A, a_B), c = r b_B / b_A.
    ps: [(p, q)] with q a starting point for the root. mpmath's betainc only converges for moderate
    shapes."""
    I = lambda a, b, x: mp.betainc(a, b, 0, x, regularized=True)
    z = A.b / (A.b + B.b)
    up, up_b, up_a = I(A.a, B.a, z), I(A.a, B.a + 1, z), I(A.a + 1, B.a, z)
    ratio_cdf = lambda s: 1 - I(A.a, B.a, 1 / (1 + mp.exp(s) * B.b / A.b))
    lift = [(p, mp.expm1(mp.findroot(lambda s: ratio_cdf(s) - mp.mpf(p), mp.log1p(q))))
            for p, q in ps]
    return {"prob_b_greater": up, "loss_a": B.mean * up_b - A.mean * up_a,
            "loss_b": A.mean * (1 - up_a) - B.mean * (1 - up_b), "lift_q": lift}


def beta_ratio_cdf_by_quad(A, B, q):
    """P(x_B <= (1 + q) x_A) for Beta posteriors: mpmath's quad over x_A of mpmath's betainc (for
    small shapes only), over x_A <= 1/2 in x_A and above it in u with x_A = 1 - u^2 (so that 1 - x_A
    keeps its digits and (1 - x_A)^(beta_A - 1) is no worse than u^(2 beta_A - 1)), split at the
    mode and where (1 + q) x_A reaches 1. With quad's error estimates, summed."""
    r = 1 + q
    log_norm = mp.loggamma(A.a + A.b) - mp.loggamma(A.a) - mp.loggamma(A.b)

    def integrand(x, log_x, log_1mx):
        density = mp.exp((A.a - 1) * log_x + (A.b - 1) * log_1mx + log_norm)
        return density * mp.betainc(B.a, B.b, 0, min(r * x, 1), regularized=True)

    low = lambda x: integrand(x, mp.log(x), mp.log1p(-x))
    high = lambda u: 2 * u * integrand(1 - u * u, mp.log1p(-u * u), 2 * mp.log(u))
    half = mp.mpf(1) / 2
    xs = {(A.a - 1) / (A.a + A.b - 2)} if A.a > 1 and A.b > 1 else set()
    xs |= {1 / r} if r > 1 else set()
    v1, e1 = mp.quad(low, sorted({mp.mpf(0), half} | {x for x in xs if x < half}), error=True)
    v2, e2 = mp.quad(high, sorted({mp.mpf(0), mp.sqrt(half)} | {mp.sqrt(1 - x) for x in xs if x > half}),
                     error=True)
    return v1 + v2, e1 + e2


# ---------------------------------------------------------------------------------------------
# The cases.

SIZES = [10 ** e for e in range(1, 10)]
RATES = [1e-4, 1e-3, 1e-2, 0.05, 0.2, 0.5]
# Mean difference of the two arms in posterior sds of the difference; negative: B is the worse.
SEPARATIONS = [0.0, 0.3, -0.3, 1.0, -1.0, 3.0, -3.0, 8.0, -8.0]
BETA_PRIORS = {"uniform": [(1.0, 1.0)], "jeffreys": [(0.5, 0.5)], "arbitrary": [(3.7, 180.2), (0.8, 2.3)]}
GAMMA_PRIORS = {"flat": [(1.0, 0.0)], "jeffreys": [(0.5, 0.0)], "arbitrary": [(2.3, 7.9), (0.7, 1.6)]}
LIFT_PS = [0.025, 0.5, 0.975]
LIFT_PS_TAILS = [1e-6, 0.025, 0.5, 0.975, 1 - 1e-6]
MAX_BETA_RATE = 0.95
BETA_PAIRS, GAMMA_PAIRS = 300, 180
SETS_PER_K = 14
RECHECKED = {"beta": 20, "gamma": 6}  # pairs recomputed at 70 digits
QUAD_CHECKED = 12  # small Beta pairs whose lift quantiles are checked by mpmath's quad
BEST_RECHECKED = (1, SETS_PER_K + 3)  # K-arm sets recomputed at 70 digits (of each family)


def layouts():
    """(name, n_A, n_B): equal sizes, a factor 1000 apart either way, and 10 against 1e9."""
    out = [("equal", n, n) for n in SIZES]
    out += [("1000x", n, n // 1000) for n in SIZES if n >= 10 ** 4]
    out += [("1000x", n // 1000, n) for n in SIZES if n >= 10 ** 4]
    return out + [("extreme", 10, 10 ** 9), ("extreme", 10 ** 9, 10)]


def all_specs(priors):
    """Every (layout, n_A, n_B, rate, separation, prior kind, prior) combination (B worse only for
    a nonzero separation); the arbitrary priors alternate."""
    out = []
    for layout, n_a, n_b in layouts():
        for rate in RATES:
            for z in SEPARATIONS:
                for kind, choices in priors.items():
                    out.append((layout, n_a, n_b, rate, z, kind, choices[len(out) % len(choices)]))
    return out


def spec_features(spec):
    """What a case covers: each size, rate, separation, prior kind and layout, and pairs of them."""
    layout, n_a, n_b, rate, z, kind, _ = spec
    n = max(n_a, n_b)
    return {("size", n_a), ("size", n_b), ("layout", layout, rate), ("layout", layout, z),
            ("layout", layout, kind), ("n", n, rate), ("n", n, z), ("n", n, kind),
            ("rate", rate, z), ("prior", kind, z), ("prior", kind, rate)}


def select_specs(specs, target, rng):
    """A deterministic subsample: greedily the case covering most uncovered features (ties by a
    fixed shuffle) until every feature is covered, then random others up to target (if any)."""
    specs = specs[:]
    rng.shuffle(specs)
    features = [spec_features(s) for s in specs]
    uncovered = set().union(*features)
    chosen = []
    while uncovered:
        best = max(range(len(specs)), key=lambda i: len(features[i] & uncovered))
        chosen.append(best)
        uncovered -= features[best]
    rest = [i for i in range(len(specs)) if i not in set(chosen)]
    chosen += rng.sample(rest, max(target - len(chosen), 0))
    return [specs[i] for i in sorted(chosen)]


def beta_posterior_params(prior, rate, n):
    """(alpha, beta) as doubles after k = round(rate n) successes in n trials, and k."""
    k = round(rate * n)
    return (prior[0] + k, prior[1] + (n - k)), k


def gamma_posterior_params(prior, rate, exposure):
    """(shape, rate) as doubles after k = round(rate t) events in exposure t, and k."""
    k = round(rate * exposure)
    return (prior[0] + k, prior[1] + exposure), k


def beta_variance(params):
    a, b = params
    return a * b / ((a + b) ** 2 * (a + b + 1))


def gamma_variance(params):
    return params[0] / params[1] ** 2


def pair_from_spec(spec, family):
    """(params_A, params_B, note): A at the base rate and B at rate (1 + d) times it so that the mean
    difference is |z| posterior sds of the difference (Beta rates capped at MAX_BETA_RATE), the
    two rates swapped for z < 0."""
    layout, n_a, n_b, rate, z, kind, prior = spec
    post, var = ((beta_posterior_params, beta_variance) if family == "beta"
                 else (gamma_posterior_params, gamma_variance))
    sd = math.sqrt(var(post(prior, rate, n_a)[0]) + var(post(prior, rate, n_b)[0]))
    other = rate + abs(z) * sd
    if family == "beta":
        other = min(other, MAX_BETA_RATE)
    rate_a, rate_b = (rate, other) if z >= 0 else (other, rate)
    (pa, ka), (pb, kb) = post(prior, rate_a, n_a), post(prior, rate_b, n_b)
    size, count, law = ("n", "k", "Beta") if family == "beta" else ("t", "count", "Gamma")
    note = (f"{size}_A={n_a}, {size}_B={n_b}, {count}_A={ka}, {count}_B={kb}, rate={rate_a:.6g}, "
            f"d={rate_b / rate_a - 1:.6g}, separation={z:g} sd, layout={layout}, "
            f"prior={kind} {law}({prior[0]:g}, {prior[1]:g})")
    return pa, pb, note


def best_sets(family, rng):
    """K-arm sets, K = 3 and 10: close rates at equal sizes 1e3..1e8, one clearly better arm, mixed
    sizes 1e3..1e7, identical arms, and a few counts at n = 100."""
    post, var, priors = ((beta_posterior_params, beta_variance, BETA_PRIORS) if family == "beta"
                         else (gamma_posterior_params, gamma_variance, GAMMA_PRIORS))
    kinds = list(priors)
    out = []
    for k in (3, 10):
        for i in range(SETS_PER_K):
            kind = kinds[i % len(kinds)]
            prior = priors[kind][i % len(priors[kind])]
            rate = RATES[(i + k) % len(RATES)]
            special = i - (SETS_PER_K - 2)  # the last two sets
            shape = ["identical", "few counts"][special] if special >= 0 else \
                ["close", "one better", "close", "mixed sizes"][i % 4]
            n = 10 ** (3 + i % 6)
            sizes = [n] * k
            if shape == "mixed sizes":
                sizes = [round(10 ** rng.uniform(3, 7)) for _ in range(k)]
            if shape == "few counts":
                sizes, rate = [100] * k, 0.01
            sds = [math.sqrt(var(post(prior, rate, m)[0])) for m in sizes]
            if shape == "identical":
                rates = [rate] * k
            elif shape == "few counts":
                rates = [rate * rng.uniform(0.5, 2.5) for _ in range(k)]
            else:
                rates = [max(rate + sd * rng.uniform(-1, 1), rate / 10) for sd in sds]
            if shape == "one better":
                best = rng.randrange(k)
                rates[best] = rate + 6 * sds[best]
            arms = [post(prior, r, m) for r, m in zip(rates, sizes)]
            note = (f"K={k}, {shape}, sizes={sizes}, counts={[c for _, c in arms]}, "
                    f"rate={rate:g}, prior={kind} {prior}")
            out.append(([p for p, _ in arms], note))
    return out


# ---------------------------------------------------------------------------------------------
# Running, checking and writing.

POSTERIOR = {"beta": BetaPosterior, "gamma": GammaPosterior}


def run_pair(family, pa, pb, ps, prec):
    """compare_pair at prec's digits for parameter pairs given as doubles, with the posteriors."""
    with mp.workdps(prec.dps):
        A, B = POSTERIOR[family](*pa), POSTERIOR[family](*pb)
        return A, B, compare_pair(A, B, ps, prec)


def run_best(family, arms, prec):
    """prob_best at prec's digits for arms given as doubles."""
    with mp.workdps(prec.dps):
        return prob_best([POSTERIOR[family](*p) for p in arms], prec)


class Checks:
    """The worst discrepancy of each self-check against its limit."""

    def __init__(self):
        self.worst = {}

    def add(self, name, error, limit, what=""):
        error = abs(error)
        count, worst, _, where = self.worst.get(name, (0, -1, limit, ""))
        if error > worst:
            worst, where = error, what
        self.worst[name] = (count + 1, worst, limit, where)

    def report(self):
        """Print every check; True if all held."""
        ok = True
        for name, (count, worst, limit, what) in self.worst.items():
            held = worst <= limit
            ok &= held
            print(f"  {'ok  ' if held else 'FAIL'} {name}: {count} values, worst {mp.nstr(worst, 3)}"
                  f" (limit {mp.nstr(limit, 2)}){'' if held else ' at ' + what}")
        return ok


def compare_results(checks, name, A, B, r, ref):
    """Checks r against ref: probabilities absolutely, losses relative to the larger posterior mean,
    lift quantiles relative to themselves."""
    scale = max(A.mean, B.mean)
    checks.add(f"{name}: P(B > A)", r["prob_b_greater"] - ref["prob_b_greater"], mp.mpf("1e-20"))
    for loss in ("loss_a", "loss_b"):
        checks.add(f"{name}: losses / mean", (r[loss] - ref[loss]) / scale, mp.mpf("1e-20"))
    for (p, q), (_, q_ref) in zip(r["lift_q"], ref["lift_q"]):
        checks.add(f"{name}: lift quantiles (relative)",
                   (q - q_ref) / q_ref if q_ref else q, mp.mpf("1e-20"), f"p={p}")


def pair_checks(checks, family, A, B, r, pa, pb):
    """The identities every pair must satisfy (to far below what the references promise)."""
    tiny = mp.mpf("1e-30")
    checks.add(f"{family}: P(B > A) + P(A > B) - 1", r["prob_b_greater"] + r["prob_a_greater"] - 1, tiny)
    checks.add(f"{family}: (loss_b - loss_a - (E[A] - E[B])) / mean",
               (r["loss_b"] - r["loss_a"] - (A.mean - B.mean)) / max(A.mean, B.mean), tiny)
    if pa == pb:
        checks.add(f"{family}: identical arms, P(B > A) - 1/2", r["prob_b_greater"] - mp.mpf(0.5), tiny)
        checks.add(f"{family}: identical arms, median lift", dict(r["lift_q"])[0.5], tiny)


def exact_median(pa, pb, lift):
    """The lift quantiles with the median of identical arms set to exactly 0 (by symmetry; the
    computed value is checked to be below 1e-30)."""
    return [(p, 0 if pa == pb and p == 0.5 else q) for p, q in lift]


def json_pair(pa, pb, r, note):
    """One pair as written; quantiles that overflow a double are left out."""
    lift = [[p, float(q)] for p, q in exact_median(pa, pb, r["lift_q"]) if math.isfinite(float(q))]
    return {"a": list(pa), "b": list(pb), "prob_b_greater": float(r["prob_b_greater"]),
            "loss_a": float(r["loss_a"]), "loss_b": float(r["loss_b"]), "lift_q": lift, "note": note}


def coverage(name, specs, pairs):
    """Print how many cases have each size, rate, separation, prior kind and layout."""
    def tally(key):
        counts = {}
        for s in specs:
            for v in key(s):
                counts[v] = counts.get(v, 0) + 1
        return ", ".join(f"{k:g}: {v}" if isinstance(k, (int, float)) else f"{k}: {v}"
                         for k, v in sorted(counts.items()))
    print(f"{name}: {len(specs)} pairs")
    print(f"  arms of each size: {tally(lambda s: (s[1], s[2]))}")
    print(f"  base rates: {tally(lambda s: (s[3],))}")
    print(f"  separations (sd; < 0: B worse): {tally(lambda s: (s[4],))}")
    print(f"  priors: {tally(lambda s: (s[5],))}")
    print(f"  layouts: {tally(lambda s: (s[0],))}")
    counts = sum(1 for pa, pb, note in pairs if "k_A=0," in note or "k_B=0," in note
                 or "count_A=0," in note or "count_B=0," in note)
    print(f"  pairs with an arm of zero successes/events: {counts}")


def main():
    """Compute, check and write everything."""
    start = time.time()
    mp.mp.dps = DPS
    prec = Precision(DPS, 49, 35, 115)
    fine = Precision(70, 65, 50, 150)
    rng = random.Random(20240601)
    checks = Checks()
    out = {"mpmath": mp.__version__, "dps": DPS}

    for family, priors, target in (("beta", BETA_PRIORS, BETA_PAIRS), ("gamma", GAMMA_PRIORS, GAMMA_PAIRS)):
        specs = select_specs(all_specs(priors), target, rng)
        cases = [pair_from_spec(s, family) for s in specs]
        coverage(f"{family} pairs", specs, cases)
        written, kept = [], []
        for i, (pa, pb, note) in enumerate(cases):
            ps = LIFT_PS_TAILS if i % 5 == 0 else LIFT_PS
            A, B, r = run_pair(family, pa, pb, ps, prec)
            pair_checks(checks, family, A, B, r, pa, pb)
            written.append(json_pair(pa, pb, r, note))
            kept.append((pa, pb, ps, A, B, r))
            if (i + 1) % 25 == 0:
                print(f"  {family}: {i + 1}/{len(cases)} pairs, {time.time() - start:.0f} s", flush=True)
        out[f"{family}_pairs"] = written

        # Again at 70 digits on a finer grid: the largest arms, and others at random.
        by_size = sorted(range(len(specs)), key=lambda i: -max(specs[i][1], specs[i][2]))
        count = RECHECKED[family]
        recheck = by_size[:count // 2] + rng.sample(by_size[count // 2:], count - count // 2)
        for i in recheck:
            pa, pb, ps, A, B, r = kept[i]
            _, _, ref = run_pair(family, pa, pb, ps, fine)
            ref["lift_q"] = exact_median(pa, pb, ref["lift_q"])
            r = dict(r, lift_q=exact_median(pa, pb, r["lift_q"]))
            compare_results(checks, f"{family} at 70 digits", A, B, r, ref)
        print(f"  {family}: rechecked {len(recheck)} pairs at 70 digits, {time.time() - start:.0f} s")

        if family == "beta":
            for pa, pb, ps, A, B, r in kept:
                for X, Y, p in ((A, B, r["prob_b_greater"]), (B, A, r["prob_a_greater"])):
                    if Y.a == int(Y.a) and Y.a <= 5000:
                        checks.add("beta: P(B > A) - Evan Miller's sum", p - miller_prob_b_greater(X, Y),
                                   mp.mpf("1e-20"))
            # Lift quantiles of small arms: P(B <= (1 + q) A) by mpmath's quad and betainc.
            small = [k for k in kept if max(k[0] + k[1]) <= 60][:QUAD_CHECKED]
            for pa, pb, ps, A, B, r in small:
                for p, q in exact_median(pa, pb, r["lift_q"]):
                    value, error = beta_ratio_cdf_by_quad(A, B, q)
                    checks.add("beta: P(B <= (1 + q) A) - p by mpmath's quad", value - mp.mpf(p),
                               mp.mpf("1e-20"), f"{pa} {pb} p={p} (quad's error estimate {mp.nstr(error, 2)})")
        else:
            tested = 0
            for pa, pb, ps, A, B, r in kept:
                if tested < 20 and max(A.a, B.a) <= 3000:
                    try:
                        ref = gamma_closed_forms(A, B, r["lift_q"])
                    except mp.libmp.NoConvergence:
                        continue
                    ref["lift_q"] = exact_median(pa, pb, ref["lift_q"])
                    r = dict(r, lift_q=exact_median(pa, pb, r["lift_q"]))
                    compare_results(checks, "gamma closed forms", A, B, r, ref)
                    tested += 1
        # Identical arms: the 2.5 % and 97.5 % lift quantiles (at exactly complementary
        # probabilities) are reciprocal ratios.
        for pa, pb, ps, A, B, r in [k for k in kept if k[0] == k[1]][:3]:
            _, _, rr = run_pair(family, pa, pb, [mp.mpf(0.025), 1 - mp.mpf(0.025)], prec)
            (_, lo), (_, hi) = rr["lift_q"]
            checks.add(f"{family}: identical arms, (1 + q_p)(1 + q_(1-p)) - 1", (1 + lo) * (1 + hi) - 1,
                       mp.mpf("1e-30"))
        # Two arms: P(best) is P(A > B), P(B > A).
        for pa, pb, ps, A, B, r in kept[1:3]:
            best = run_best(family, [pa, pb], prec)
            checks.add(f"{family}: P(best of 2) - P(B > A)", best[1] - r["prob_b_greater"], mp.mpf("1e-30"))
            checks.add(f"{family}: P(best of 2) - P(B > A)", best[0] - r["prob_a_greater"], mp.mpf("1e-30"))

    for family in ("beta", "gamma"):
        sets = best_sets(family, rng)
        written = []
        for j, (arms, note) in enumerate(sets):
            best = run_best(family, arms, prec)
            checks.add(f"{family}: sum of P(best) - 1", mp.fsum(best) - 1, mp.mpf("1e-30"))
            if "identical" in note:
                for b in best:
                    checks.add(f"{family}: identical arms, P(best) - 1/K", b - mp.mpf(1) / len(arms),
                               mp.mpf("1e-30"))
            if j in BEST_RECHECKED:
                ref = run_best(family, arms, fine)
                for b, b_ref in zip(best, ref):
                    checks.add(f"{family} best at 70 digits", b - b_ref, mp.mpf("1e-20"))
            written.append({"arms": [list(p) for p in arms], "prob_best": [float(b) for b in best],
                            "note": note})
        out[f"{family}_best"] = written
        print(f"{family}_best: {len(sets)} sets, {time.time() - start:.0f} s", flush=True)

    print("self-checks:")
    if not checks.report():
        raise SystemExit("self-checks failed; nothing written")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "compare.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path} in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
