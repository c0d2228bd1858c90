//! Pair integrals on one lattice shared by both posteriors, by sinc
//! indefinite integration: P(X_I ≤ X_O) with the expected losses, and the
//! lift's tail probabilities P(X_I ≤ m(X_O)) with their derivative in ℓ.
//!
//! The nodes are u_k = u*_O + s_O·(c + φ(kh)) in the outer's chart variable,
//! with φ(y) = 3 sinh(y/3) where a tail reaches far (small shapes), else
//! φ(y) = y, and c between the two modes where the stretch leaves both
//! equally resolved in their own units (halfway for arms of equal scale).
//! The outer density is sampled there; so is the inner's density *carried
//! through the map*, f_I(m(u))·m'(u) (for the identity map simply the
//! inner's density), whose integral up to u_k is the inner's cdf at
//! m(u_k). On such a lattice the
//! trapezoid rule integrates each density, and the indefinite integral at
//! every node is a Toeplitz sum of the same samples (Stenger's sinc
//! indefinite integration):
//!
//! ```text
//! ∫_{−∞}^{y_k} f(y) dy ≈ h Σ_j σ_{k−j} f(y_j),   σ_m = ½ + Si(πm)/π,
//! ```
//!
//! which converges like the trapezoid rule itself, as e^{−πd/h} for a function
//! analytic in a strip of half-width d (the error of the 2h sum is then about
//! the square root of that of the h sum, which is the error estimate). So each
//! node costs one density evaluation per posterior instead of a
//! Gauss–Legendre panel of the inner one, and the double sum is plain
//! arithmetic. The lattice runs where the two scales are within
//! [`MAX_SCALE_RATIO`] of each other and (for the lift) the tail is at least
//! [`MIN_TAIL`], since its error is absolute; otherwise the marching rule of
//! the parent module runs.
//!
//! Measured on the mpmath reference grid (`tests/compare_reference.rs`): P
//! within 2e-15, the losses within 1.1e-11 of the means, lift quantiles within
//! 1e-10, with 100 to 200 density evaluations per pass.

use super::{Chart, Map, Mapper, PairIntegrals};
use std::ops::Range;

/// Pairs whose scales differ by more than this run the marching rule (the
/// wider posterior would need too many lattice nodes).
pub(super) const MAX_SCALE_RATIO: f64 = 4.0;

/// The most lattice nodes of one pass (the arrays live on the stack).
const MAX_NODES: usize = 512;

/// The first step in y with and without the stretch, and how many times it
/// may be halved (the lift's tails; the losses run the first level only).
/// Unstretched, the nodes sample bell curves: the 2h sum of a unit normal
/// errs by ~e^{−π²/(2(2h)²)} ≈ 1e-6 at h = 0.3, so the h sum
/// (e^{−π²/(2h²)} ≈ 1e-24) passes the estimate at once.
const FIRST_STEP: f64 = 0.2;
const FIRST_STEP_PLAIN: f64 = 0.3;
const LEVELS: u32 = 3;

/// The lift's tails below this run the marching rule.
const MIN_TAIL: f64 = 1e-3;

/// The stretch is used when a support reaches this far from its mode, in its
/// own units: the exponential tails of small shapes.
const FAR_TAIL: f64 = 12.0;

/// The coarsest lattice step allowed at either mode, in that posterior's own
/// units. The trapezoid rule's relative error on a unit normal at step h is
/// about 2e^(−2π²/h²): e^(−97) at 0.45, and 5e-11 for the check sum at
/// 0.9, so the first level's h-versus-2h difference already sees the peak
/// and is within every acceptance bound (0.3 forced a second, finer level on
/// pairs of one wide small-shape arm: 17 % more instructions over the
/// reference grid, at the same worst errors against mpmath).
const MODE_STEP: f64 = 0.45;

/// The stretch β of φ(y) = β sinh(y/β).
const STRETCH: f64 = 3.0;

/// Below this many terms the weights come from [`SIGMA_TABLE`], above from
/// the asymptotic series.
const SIGMA_TABLE_LEN: usize = 32;

/// σ_m = ½ + Si(πm)/π for m = 0..32, from mpmath at 40 digits
/// (`mp.mpf(1)/2 + mp.si(mp.pi*m)/mp.pi`).
const SIGMA_TABLE: [f64; SIGMA_TABLE_LEN] = [
    0.5,
    1.0894898722360837,
    0.9514116667901403,
    1.033093237618272,
    0.9749696698836551,
    1.0201071641913084,
    0.9832052174977471,
    1.0144159971233053,
    0.98737422505782,
    1.0112301526369976,
    0.9898881711538786,
    1.0091957420082167,
    0.9915683516686009,
    1.007784657812566,
    0.9927702093748031,
    1.0067486944720117,
    0.9936724151782209,
    1.005955907917177,
    0.9943745528336625,
    1.0053297104401588,
    0.9949364995706955,
    1.004822607304172,
    0.9953964150848572,
    1.0044035851980504,
    0.9957797661366432,
    1.0040515358439446,
    0.9961041974885159,
    1.0037515950319091,
    0.9963823201653521,
    1.0034929932779404,
    0.9966233866311801,
    1.0032677369477718,
];

/// σ_m for m ≥ 0. For m ≥ 32, Si(πm) = π/2 − (−1)^m f(πm) with the auxiliary
/// function f(x) ~ (1/x) Σ_k (−1)^k (2k)!/x^{2k}; at x ≥ 100 its eighth term
/// is below 1e-17 of the first, so 8 terms are exact to rounding.
const fn sigma_nonnegative(m: usize) -> f64 {
    if m < SIGMA_TABLE_LEN {
        SIGMA_TABLE[m]
    } else {
        sigma_series(m)
    }
}

/// σ_m by the asymptotic series (exact to rounding for m ≥ 31).
const fn sigma_series(m: usize) -> f64 {
    let x = std::f64::consts::PI * m as f64;
    let inv2 = 1.0 / (x * x);
    // (2k)! for k = 7 down to 0, alternating.
    let c = [
        -87_178_291_200.0,
        479_001_600.0,
        -3_628_800.0,
        40_320.0,
        -720.0,
        24.0,
        -2.0,
        1.0,
    ];
    let mut s = 0.0;
    let mut i = 0;
    while i < c.len() {
        s = s * inv2 + c[i];
        i += 1;
    }
    let f = s / x;
    let sign = if m.is_multiple_of(2) { 1.0 } else { -1.0 };
    1.0 - sign * f / std::f64::consts::PI
}

/// σ_m for m in −(MAX_NODES − 1) ..= MAX_NODES − 1, at index m + MAX_NODES − 1
/// (σ_{−m} = 1 − σ_m, since Si is odd).
static SIGMA: [f64; 2 * MAX_NODES - 1] = {
    let mut s = [0.0; 2 * MAX_NODES - 1];
    let mut m = 0;
    while m < MAX_NODES {
        let v = sigma_nonnegative(m);
        s[MAX_NODES - 1 + m] = v;
        s[MAX_NODES - 1 - m] = 1.0 - v;
        m += 1;
    }
    s
};

/// Where the lattice nodes lie: outer t = centre + φ(y) at y = k·h, with
/// φ(y) = β sinh(y/β) where a tail reaches far (small shapes), else φ(y) = y.
#[derive(Clone, Copy, PartialEq)]
struct Geometry {
    centre: f64,
    stretched: bool,
}

impl Geometry {
    /// (outer t, dt/dy) at y.
    fn node(&self, y: f64) -> (f64, f64) {
        if self.stretched {
            // sinh and cosh from one exponential (sinh's absolute error,
            // ~1e-16, only moves the node).
            let e = (y / STRETCH).exp();
            let inv = 1.0 / e;
            (self.centre + 0.5 * STRETCH * (e - inv), 0.5 * (e + inv))
        } else {
            (self.centre + y, 1.0)
        }
    }

    /// The y of outer t.
    fn y_of(&self, t: f64) -> f64 {
        if self.stretched {
            STRETCH * ((t - self.centre) / STRETCH).asinh()
        } else {
            t - self.centre
        }
    }

    /// dt/dy at outer t.
    fn widening(&self, t: f64) -> f64 {
        if self.stretched {
            (self.y_of(t) / STRETCH).cosh()
        } else {
            1.0
        }
    }
}

/// What a lattice pass integrates.
#[derive(Clone, Copy, PartialEq)]
enum Job {
    /// P(X_I ≤ X_O) and the outer's loss (identity map).
    Losses,
    /// P(X_I ≤ m(X_O)) and its derivative in ℓ (the lift's ratio maps).
    Tail,
}

/// The pair integrals of [`super::Want::Losses`] under the map u_I = u_O,
/// or None where the lattice does not suit the pair (scales too different,
/// or more nodes than [`MAX_NODES`]) and the marching rule must run.
pub(super) fn losses(outer: &Chart, inner: &Chart) -> Option<PairIntegrals> {
    if !outer.similar_scale(inner) {
        return None;
    }
    let mapper = Mapper::new(outer, inner, Map::Shift(0.0));
    // Supports that do not overlap, seen from the outer (the map is linear).
    let to_outer = |ti: f64| (inner.scale * ti - mapper.c) / outer.scale;
    let (o_lo, o_hi) = outer.support();
    let (i_lo, i_hi) = (to_outer(inner.support().0), to_outer(inner.support().1));
    if i_hi <= o_lo || i_lo >= o_hi {
        return Some(disjoint(outer, inner, i_hi <= o_lo));
    }
    run(outer, inner, &mapper, Job::Losses, None)
}

/// The pair integrals of [`super::Want::Lower`] (or, `upper`, of
/// [`super::Want::Upper`]) under a ratio map, or None where the lattice does
/// not suit the pair or the tail is below [`MIN_TAIL`] (the lattice's error
/// is absolute, and a smaller tail needs the marching rule's relative
/// accuracy).
pub(super) fn tail(
    outer: &Chart,
    inner: &Chart,
    map: Map,
    upper: bool,
    cache: Option<&mut Option<OuterCache>>,
) -> Option<PairIntegrals> {
    if !outer.similar_scale(inner) {
        return None;
    }
    // The cache is made on first use (it is ~20 kB to clear, and most pairs
    // never get here).
    let cache = cache.map(|c| c.get_or_insert_with(OuterCache::new));
    let mapper = Mapper::new(outer, inner, map);
    let mut r = run(outer, inner, &mapper, Job::Tail, cache)?;
    if upper {
        r.prob = 1.0 - r.prob;
    }
    if r.prob.is_nan() || r.prob < MIN_TAIL {
        return None;
    }
    // The lattice's error is absolute; the callers take it relative to the tail.
    r.error /= r.prob;
    Some(r)
}

/// The lattice passes of `job`, from the coarsest that resolves both modes
/// until the h and 2h sums agree.
fn run(
    outer: &Chart,
    inner: &Chart,
    mapper: &Mapper,
    job: Job,
    mut cache: Option<&mut OuterCache>,
) -> Option<PairIntegrals> {
    // The outer t where the inner's mode lands, by Newton on the map; a
    // ratio map's image may end below the inner's mode (a lift far below 0
    // for small shapes), and then the outer's mode stands in.
    let (inner_mode, slope_at_inner_mode) =
        preimage_of_inner_mode(mapper).or_else(|| mapper.map_with_slope(0.0).map(|(_, _, dt)| (0.0, dt)))?;
    // A Beta ratio map with ℓ < 0 only reaches inner values below e^ℓ, so
    // the samples do not hold the inner's whole mass: its normalisation is
    // then the inner's own total, in closed form.
    let bounded = job == Job::Tail && mapper.image_top().is_some_and(|top| top < inner.support().1);
    let inner_total = bounded.then(|| inner.totals().0);
    // Small shapes have exponential tails far out in their own units; so
    // has the inner density carried through a bounded map (it decays like
    // 1 − x_O as the image creeps up to its top), which the stretch reaches
    // in a few dozen nodes.
    let far = |(lo, hi): (f64, f64)| -lo > FAR_TAIL || hi > FAR_TAIL;
    let stretched = far(outer.support()) || far(inner.support()) || bounded;
    // A cached outer keeps its lattice (the next Newton pass lands close by).
    let centre = match cache.as_deref() {
        Some(c) if c.matches(outer, stretched) => c.geo.centre,
        _ if stretched => balanced_centre(inner_mode, slope_at_inner_mode),
        _ => 0.5 * inner_mode,
    };
    let geo = Geometry { centre, stretched };
    let first_step = if geo.stretched {
        FIRST_STEP
    } else {
        FIRST_STEP_PLAIN
    };
    // The local step at each mode in that posterior's own units (the stretch
    // widens steps away from the centre): the first level resolves both at
    // most [`MODE_STEP`] coarsely.
    let coarsest = geo
        .widening(0.0)
        .max(geo.widening(inner_mode) * slope_at_inner_mode);
    let first = (first_step * coarsest / MODE_STEP).log2().ceil().max(0.0);
    // The losses stay on the lattice only where its first level resolves
    // both modes and settles: beyond, the marching rule is cheaper (its
    // narrow arm's trapezoid and the wide arm's cdf by closed-form jumps and
    // Chebyshev panels; measured on the grid's pairs that needed the second
    // level: 74–88k instructions against 216–226k, 6–7 µs against 12–13).
    // The lift's tails, whose marching passes are dearer, go to the last
    // level.
    let levels = match job {
        Job::Losses => 1,
        Job::Tail => LEVELS,
    };
    if first >= f64::from(levels) || first.is_nan() {
        return None;
    }
    let mut evals = 0u32;
    let setup = Setup {
        outer,
        inner,
        mapper,
        geo,
        inner_mode,
        job,
        inner_total,
    };
    for level in first as u32..levels {
        let h = first_step / f64::from(1u32 << level);
        if let Some(c) = cache.as_deref_mut() {
            c.prepare(outer, geo, h);
        }
        let (res, diff) = setup.pass(h, cache.as_deref_mut())?;
        evals = evals.saturating_add(res.evals);
        // As for the marching rule: the h sum's error is about the square of
        // its difference from the 2h sum; accept below 3e-6 (for the lift's
        // tails, an error of 1e-10 of the tail).
        let accept = match job {
            Job::Losses => 3e-6,
            Job::Tail => 1e-5 * res.prob.min(1.0 - res.prob).max(0.0).sqrt(),
        };
        if diff <= accept {
            return Some(PairIntegrals {
                evals,
                error: res.error.max(diff * diff),
                ..res
            });
        }
    }
    // Did not settle on the lattice (never seen on the reference grid): the
    // marching rule tries, and reports its own failure.
    None
}

/// The centre of a stretched lattice for an outer mode at 0 and an inner one
/// at outer t = m, where the map's slope (inner units per outer unit) is σ:
/// the point where the two local steps, each in its own posterior's units,
/// are equal, w(c) = σ·w(m − c) with w(d) = √(1 + (d/β)²) the stretch's
/// widening at distance d (β = [`STRETCH`]), so that the first level that
/// resolves both modes is as coarse as it can be. Along the segment from 0
/// to m the outer's side grows and the inner's falls; where one stays the
/// larger throughout, the centre is that one's mode. (Halfway, m/2, is the
/// balance of arms of equal scale, σ = 1.)
fn balanced_centre(m: f64, sigma: f64) -> f64 {
    let w = |d: f64| (1.0 + (d / STRETCH).powi(2)).sqrt();
    if 1.0 >= sigma * w(m) {
        return 0.0;
    }
    if sigma >= w(m) {
        return m;
    }
    // β² + c² = σ²(β² + (m − c)²): (1 − σ²)c² + 2σ²m·c − σ²m² + β²(1 − σ²) = 0.
    let s2 = sigma * sigma;
    let (a, b, c) = (
        1.0 - s2,
        2.0 * s2 * m,
        STRETCH * STRETCH * (1.0 - s2) - s2 * m * m,
    );
    let (lo, hi) = (m.min(0.0), m.max(0.0));
    let root = if a.abs() < 1e-12 {
        0.5 * m
    } else {
        let d = (b * b - 4.0 * a * c).max(0.0).sqrt();
        let (r1, r2) = ((-b + d) / (2.0 * a), (-b - d) / (2.0 * a));
        if (lo..=hi).contains(&r1) {
            r1
        } else {
            r2
        }
    };
    if root.is_finite() {
        root.clamp(lo, hi)
    } else {
        0.5 * m
    }
}

/// (outer t, ∂(inner t)/∂t there) where the map reaches the inner's mode,
/// or None if Newton's method does not get there.
fn preimage_of_inner_mode(mapper: &Mapper) -> Option<(f64, f64)> {
    let mut t = 0.0;
    for _ in 0..8 {
        let (ti, _, dt) = mapper.map_with_slope(t)?;
        if ti.abs() < 1e-3 {
            return Some((t, dt));
        }
        let step = ti / dt;
        if !step.is_finite() || step.abs() > 100.0 {
            return None;
        }
        t -= step;
    }
    None
}

/// Supports that do not overlap (the mass beyond them is below 1e-16 of
/// each, see the parent module): P(X_I ≤ X_O) is 1 (`inner_below`) or 0, and
/// the outer's loss is the difference of the means or 0.
fn disjoint(outer: &Chart, inner: &Chart, inner_below: bool) -> PairIntegrals {
    let (mean_outer, mean_inner) = super::means(outer, inner);
    PairIntegrals {
        prob: if inner_below { 1.0 } else { 0.0 },
        density: 0.0,
        loss_outer: if inner_below { mean_outer - mean_inner } else { 0.0 },
        mean_outer,
        mean_inner,
        error: 1e-16,
        evals: 0,
        settled: true,
    }
}

/// The samples of one pass, at lattice index k stored at k + MID.
struct Samples {
    /// Outer density × dt/dy.
    fo: [f64; MAX_NODES],
    /// Inner density at the image × d(inner t)/dy (its cdf's derivative in y).
    fi: [f64; MAX_NODES],
    /// The shared value x (Losses only).
    x: [f64; MAX_NODES],
    /// Outer density × inner density × ∂(inner t)/∂ℓ (Tail only).
    dens: [f64; MAX_NODES],
    evals: u32,
}

/// Index of lattice node 0 in [`Samples`].
const MID: usize = MAX_NODES / 2;

/// What one node found: whether the outer is live there, and the inner t of
/// the node where it lies inside the inner's support (None beyond it, or
/// beyond the top of the map's image).
struct Live {
    t: f64,
    outer: bool,
    inner: Option<f64>,
}

/// Everything a pass needs but its step.
struct Setup<'a> {
    outer: &'a Chart,
    inner: &'a Chart,
    mapper: &'a Mapper,
    geo: Geometry,
    /// The outer t where the inner peaks.
    inner_mode: f64,
    job: Job,
    /// The inner's normalisation (in inner t) where the samples do not hold
    /// all of its mass.
    inner_total: Option<f64>,
}

/// The outer arm's side of a lattice — node positions, weights, densities and
/// the ratio map's outer part — kept across the passes of one lift quantile,
/// which differ only in ℓ and so only in the inner's side.
pub(crate) struct OuterCache {
    /// The outer chart's parameters and scale, the geometry and the step it
    /// holds samples for.
    key: Option<(f64, f64, f64)>,
    geo: Geometry,
    h: f64,
    filled: [bool; MAX_NODES],
    /// (t, dt/dy, outer density × dt/dy, map part 0, map part 1).
    node: [(f64, f64, f64, f64, f64); MAX_NODES],
}

impl OuterCache {
    /// An empty cache.
    pub(crate) fn new() -> Self {
        OuterCache {
            key: None,
            geo: Geometry {
                centre: 0.0,
                stretched: false,
            },
            h: 0.0,
            filled: [false; MAX_NODES],
            node: [(0.0, 0.0, 0.0, 0.0, 0.0); MAX_NODES],
        }
    }

    fn key_of(outer: &Chart) -> (f64, f64, f64) {
        (outer.p, outer.q, outer.scale)
    }

    /// Whether the cache holds this outer with this kind of lattice.
    fn matches(&self, outer: &Chart, stretched: bool) -> bool {
        self.key == Some(Self::key_of(outer)) && self.geo.stretched == stretched
    }

    /// Keeps the samples if they are for this outer, geometry and step, else
    /// empties the cache for them.
    fn prepare(&mut self, outer: &Chart, geo: Geometry, h: f64) {
        let same = self.key == Some(Self::key_of(outer))
            && self.geo.centre == geo.centre
            && self.geo.stretched == geo.stretched
            && self.h == h;
        if !same {
            self.key = Some(Self::key_of(outer));
            self.geo = geo;
            self.h = h;
            self.filled = [false; MAX_NODES];
        }
    }
}

impl Setup<'_> {
    /// One lattice pass at step h: the integrals and the difference between the
    /// h and the 2h sums (absolute for P, relative to the larger mean for the
    /// loss); None if the lattice needs more than [`MAX_NODES`].
    /// `cache`: the outer's samples of earlier passes (Tail only).
    fn pass(&self, h: f64, mut cache: Option<&mut OuterCache>) -> Option<(PairIntegrals, f64)> {
        let (job, inner_total, inner_mode) = (self.job, self.inner_total, self.inner_mode);
        let mut smp = Samples {
            fo: [0.0; MAX_NODES],
            fi: [0.0; MAX_NODES],
            x: [0.0; MAX_NODES],
            dens: [0.0; MAX_NODES],
            evals: 0,
        };
        // March out from node 0 both ways until neither density is left.
        let mut fi_max = 0.0f64;
        let (mut first, mut last) = (MID, MID);
        for dir in [-1i64, 1] {
            let mut k = if dir < 0 { 0 } else { 1 };
            loop {
                let idx = MID as i64 + k;
                if idx < 0 || idx >= MAX_NODES as i64 {
                    return None;
                }
                let idx = idx as usize;
                let live = self.sample(h, k, &mut smp, idx, cache.as_deref_mut());
                fi_max = fi_max.max(smp.fi[idx]);
                (first, last) = (first.min(idx), last.max(idx));
                // Beyond the outer's support, and past (the preimage of) the
                // inner's mode with nothing left of it (log-concave in its chart:
                // it only falls from there).
                let inner_done = live.inner.is_none()
                    || (dir as f64 * (live.t - inner_mode) > 0.0 && smp.fi[idx] <= 1e-16 * fi_max);
                if !live.outer && inner_done {
                    break;
                }
                k += dir;
            }
        }
        let range = first..last + 1;
        let moments = job == Job::Losses;
        let full = sums(&smp, range.clone(), 1, h, inner_total, moments);
        let half = sums(&smp, range, 2, h, inner_total, moments);
        // The means are the closed forms (the other arm's loss is their
        // difference plus this one's, see `compare`): only P and the loss
        // carry the lattice's error.
        let (mean_outer, mean_inner) = match job {
            Job::Losses => super::means(self.outer, self.inner),
            Job::Tail => (0.0, 0.0),
        };
        let diff = match job {
            Job::Losses => {
                let scale = mean_outer.abs().max(mean_inner.abs());
                (full.prob - half.prob)
                    .abs()
                    .max(((full.loss - half.loss) / scale).abs())
            }
            Job::Tail => (full.prob - half.prob).abs(),
        };
        let res = PairIntegrals {
            prob: full.prob.clamp(0.0, 1.0),
            density: full.density,
            loss_outer: full.loss.max(0.0),
            mean_outer,
            mean_inner,
            error: 1e-16,
            evals: smp.evals,
            settled: true,
        };
        Some((res, if diff.is_nan() { f64::INFINITY } else { diff }))
    }

    /// Samples lattice node k into `idx`.
    fn sample(&self, h: f64, k: i64, smp: &mut Samples, idx: usize, cache: Option<&mut OuterCache>) -> Live {
        let (outer, inner, mapper, geo, job) = (self.outer, self.inner, self.mapper, self.geo, self.job);
        let (o_lo, o_hi) = outer.support();
        let (i_lo, i_hi) = inner.support();
        let cached = match cache.as_deref() {
            Some(c) if c.filled[idx] => Some(c.node[idx]),
            _ => None,
        };
        let (t, w, fo, part) = match cached {
            Some((t, w, fo, p0, p1)) => (t, w, fo, (p0, p1)),
            None => {
                let (t, w) = geo.node(k as f64 * h);
                let part = mapper.outer_part(t);
                let fo = if t > o_lo && t < o_hi {
                    let g = if job == Job::Losses {
                        let (g, v) = outer.ln_rel_and_value(t);
                        smp.x[idx] = v;
                        g
                    } else {
                        outer.ln_rel_sharing(t, part.0)
                    };
                    g.exp() * w
                } else {
                    0.0
                };
                if let Some(c) = cache {
                    (c.filled[idx], c.node[idx]) = (true, (t, w, fo, part.0, part.1));
                }
                (t, w, fo, part)
            }
        };
        let o_live = t > o_lo && t < o_hi;
        if o_live {
            smp.fo[idx] = fo;
            smp.evals += u32::from(cached.is_none());
        }
        let mut inner_at = None;
        if let Some((ti, dl, dt)) = mapper.map_from(t, part) {
            if ti > i_lo && ti < i_hi {
                let e = inner.ln_rel(ti).exp();
                smp.fi[idx] = e * dt * w;
                smp.evals += 1;
                inner_at = Some(ti);
                if job == Job::Losses && !o_live {
                    smp.x[idx] = outer.value(t);
                }
                if job == Job::Tail {
                    smp.dens[idx] = smp.fo[idx] * e * dl;
                }
            }
        }
        Live {
            t,
            outer: o_live,
            inner: inner_at,
        }
    }
}

/// The normalised integrals of one lattice sum.
struct Sums {
    prob: f64,
    density: f64,
    loss: f64,
}

/// The normalised sums over the nodes of `stride` (1: the lattice of step h;
/// 2: its even nodes, step 2h) within `range`; `inner_total` replaces the
/// samples' own total of the inner where given; the inner's first moment only
/// if `moments`.
fn sums(
    smp: &Samples,
    range: Range<usize>,
    stride: usize,
    h: f64,
    inner_total: Option<f64>,
    moments: bool,
) -> Sums {
    // Sub-lattice indices: node idx = MID + k with k a multiple of `stride`
    // (MID is even), so idx / stride runs over the sub-lattice.
    let r = range.start.div_ceil(stride)..range.end.div_ceil(stride);
    let at = |a: &[f64; MAX_NODES], i: usize| a[i * stride];
    let step = stride as f64 * h;
    // The inner samples from the top down, so that the weights σ_{k−j} of
    // one row run forwards with them; only where the inner lives (`i`).
    let live = |j: &usize| at(&smp.fi, *j) != 0.0;
    let i_start = r.clone().find(live).unwrap_or(r.start);
    let i_end = r.clone().rev().find(live).map_or(i_start, |j| j + 1);
    let i = i_start..i_end;
    let len = i.len();
    let mut fi_rev = [0.0f64; MAX_NODES];
    let mut fx_rev = [0.0f64; MAX_NODES];
    let mut zi = 0.0;
    for (n, j) in i.clone().rev().enumerate() {
        let (f, v) = (at(&smp.fi, j), at(&smp.x, j));
        (fi_rev[n], fx_rev[n]) = (f, f * v);
        zi += f;
    }
    let (fi_rev, fx_rev) = (&fi_rev[..len], &fx_rev[..len]);
    let (mut zo, mut p, mut loss, mut dens) = (0.0, 0.0, 0.0, 0.0);
    for k in r.clone() {
        let (f, v) = (at(&smp.fo, k), at(&smp.x, k));
        dens += at(&smp.dens, k);
        if f == 0.0 {
            continue;
        }
        zo += f;
        // D = Σ_j σ_{k−j} fi_j and E = Σ_j σ_{k−j} fi_j x_j, j from the top
        // of `i` down, where the index (MAX_NODES − 1) + k − j of σ counts up.
        let sigma = &SIGMA[MAX_NODES + k - i.end..][..len];
        let (d, e) = if moments {
            dot2(sigma, fi_rev, fx_rev)
        } else {
            (dot(sigma, fi_rev), 0.0)
        };
        p += f * d;
        loss += f * (v * d - e);
    }
    // Samples are densities in y: each sum times its step is an integral (and
    // the cdf sums D, E one more).
    let (zo, zi) = (step * zo, inner_total.unwrap_or(step * zi));
    let zz = zo * zi;
    Sums {
        prob: step * step * p / zz,
        density: step * dens / zz,
        loss: step * step * loss / zz,
    }
}

/// Σ s·a over equal-length slices, in four lanes (see [`dot2`]).
fn dot(s: &[f64], a: &[f64]) -> f64 {
    let mut d = [0.0f64; 4];
    let (sc, ac) = (s.chunks_exact(4), a.chunks_exact(4));
    let (sr, ar) = (sc.remainder(), ac.remainder());
    for (s4, a4) in sc.zip(ac) {
        for l in 0..4 {
            d[l] += s4[l] * a4[l];
        }
    }
    let mut dt = (d[0] + d[1]) + (d[2] + d[3]);
    for (s1, a1) in sr.iter().zip(ar) {
        dt += s1 * a1;
    }
    dt
}

/// (Σ s·a, Σ s·b) over equal-length slices, in four lanes (so that the loop
/// vectorises; the order of summation is fixed, so results are reproducible).
fn dot2(s: &[f64], a: &[f64], b: &[f64]) -> (f64, f64) {
    let (mut d, mut e) = ([0.0f64; 4], [0.0f64; 4]);
    let (sc, ac, bc) = (s.chunks_exact(4), a.chunks_exact(4), b.chunks_exact(4));
    let (sr, ar, br) = (sc.remainder(), ac.remainder(), bc.remainder());
    for ((s4, a4), b4) in sc.zip(ac).zip(bc) {
        for l in 0..4 {
            d[l] += s4[l] * a4[l];
            e[l] += s4[l] * b4[l];
        }
    }
    let (mut dt, mut et) = ((d[0] + d[1]) + (d[2] + d[3]), (e[0] + e[1]) + (e[2] + e[3]));
    for ((s1, a1), b1) in sr.iter().zip(ar).zip(br) {
        dt += s1 * a1;
        et += s1 * b1;
    }
    (dt, et)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weights_match_the_sine_integral_where_table_and_series_meet() {
        // σ_m − 1 alternates in sign and shrinks like 1/(π² m); the series at
        // m = 31 (x ≈ 97) against the table.
        let series = sigma_series(31);
        assert!(
            (series - SIGMA_TABLE[31]).abs() < 1e-16,
            "{series} vs {}",
            SIGMA_TABLE[31]
        );
        for m in 1..MAX_NODES {
            let (a, b) = (SIGMA[MAX_NODES - 1 + m], SIGMA[MAX_NODES - 1 - m]);
            assert!((a + b - 1.0).abs() < 1e-16);
            assert!((a - 1.0).signum() == if m % 2 == 1 { 1.0 } else { -1.0 });
        }
    }

    #[test]
    fn the_balanced_centre_equalises_the_steps_at_both_modes() {
        let w = |d: f64| (1.0 + (d / STRETCH).powi(2)).sqrt();
        for (m, sigma) in [(15.0, 0.29), (-15.0, 0.29), (12.0, 1.0), (-9.0, 2.5), (30.0, 0.5)] {
            let c = balanced_centre(m, sigma);
            assert!(c.abs() <= m.abs() && c * m >= 0.0, "m = {m}, σ = {sigma}: {c}");
            assert!(
                (w(c) / (sigma * w(m - c)) - 1.0).abs() < 1e-12,
                "m = {m}, σ = {sigma}: {} vs {}",
                w(c),
                sigma * w(m - c)
            );
        }
        assert_eq!(balanced_centre(12.0, 1.0), 6.0);
        // One side coarser wherever the centre is: its own mode.
        assert_eq!(balanced_centre(2.0, 0.1), 0.0);
        assert_eq!(balanced_centre(-2.0, 5.0), -2.0);
    }

    #[test]
    fn sinc_indefinite_integration_reproduces_the_normal_cdf() {
        // ∫_{−∞}^{x_k} φ at every node of an unstretched lattice, against erfc.
        use crate::special::norm_cdf;
        let h = 0.35;
        let n = 81;
        let node = |i: usize| (i as f64 - 40.0) * h;
        let f: Vec<f64> = (0..n)
            .map(|i| (-0.5 * node(i) * node(i)).exp() / (2.0 * std::f64::consts::PI).sqrt())
            .collect();
        for k in 0..n {
            let mut s = 0.0;
            for (j, fj) in f.iter().enumerate() {
                s += SIGMA[k + MAX_NODES - 1 - j] * fj;
            }
            let want = norm_cdf(node(k));
            assert!(
                (h * s - want).abs() < 1e-15,
                "x = {}: {} vs {want}",
                node(k),
                h * s
            );
        }
    }
}
