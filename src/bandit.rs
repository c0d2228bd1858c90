//! Thompson-sampling bandits over the conjugate families.
//!
//! A [`Bandit`] holds K arms (1 to [`MAX_BANDIT_ARMS`]) of one family —
//! [`Beta`] (Bernoulli or binomial rewards), [`Gamma`] (Poisson counts with
//! exposure) or [`NormalGamma`] (Normal rewards of unknown mean and variance)
//! — each with its prior (one for all, or one per arm) and the data part of
//! its sufficient statistics.
//!
//! * [`Bandit::choose`]: Thompson sampling, one posterior draw per arm and
//!   the arm with the largest; [`Bandit::choose_top_two`]: top-two Thompson
//!   sampling (Russo 2016) for best-arm identification. Both draw from the
//!   caller's [`Rng`] (one per thread) and allocate nothing.
//! * Updates: [`Bandit::update`] (one observation), [`Bandit::update_weighted`],
//!   [`Bandit::update_batch`] (all or nothing), and [`Bandit::discount`]
//!   (exponential forgetting towards the prior). An update adds to sufficient
//!   statistics, so updates commute: rewards that arrive late or out of order
//!   are simply applied when they arrive, and the posterior is the same as if
//!   they had come in order (exactly for integer-valued counts, to rounding
//!   for Normal rewards). Only [`Bandit::discount`] does not commute with
//!   updates: it discounts what has been observed before it.
//! * Reporting: [`Bandit::report`] gives each arm's probability of being
//!   best (exact by quadrature for Beta and Gamma, seeded Monte Carlo for
//!   Normal–Gamma, the method stated), each arm's expected loss and the
//!   "value remaining" of stopping now (Scott 2015), by seeded Monte Carlo.
//!
//! # What an update is, per family
//!
//! Every update is `(value, size)` with a weight w ≥ 0 (1 unless weighted):
//!
//! | family | `value` | `size` | statistics added |
//! |---|---|---|---|
//! | [`Beta`] | successes | trials (≥ successes) | w·successes, w·(trials − successes) |
//! | [`Gamma`] | count | exposure | w·count, w·exposure |
//! | [`NormalGamma`] | the observation x | 1 | one observation of weight w |
//!
//! # Concurrency: what is locked
//!
//! A bandit is `Send + Sync`. The arms' statistics and posteriors live behind
//! one [`RwLock`]: [`choose`](Bandit::choose), [`choose_top_two`](Bandit::choose_top_two),
//! [`report`](Bandit::report) and the accessors take the read lock (many at
//! once); updates and [`discount`](Bandit::discount) take the write lock for
//! the few additions they make (a batch is applied under one lock, so other
//! threads see all of it or none). Nothing is lost: the statistics after any
//! interleaving are the sums of every update. The generator is not shared:
//! each thread passes its own [`Rng`] (e.g. [`Rng::seed_from_u64_stream`]
//! with the thread's number as the stream), so a thread's draws are
//! reproducible from its seed and stream; which posterior they are drawn
//! from depends, of course, on which updates other threads made before.
//! A report takes a snapshot of the posteriors under the read lock and
//! computes without holding it.
//!
//! # Example
//! ```
//! use bayeskit::bandit::{Bandit, BanditOptions};
//! use bayeskit::{Beta, Rng};
//! let bandit = Bandit::new(&[Beta::new(1.0, 1.0)?], 3, BanditOptions::default())?;
//! let mut rng = Rng::seed_from_u64(7);
//! for _ in 0..100 {
//!     let arm = bandit.choose(&mut rng);
//!     let clicked = arm == 2; // the environment's answer
//!     bandit.update(arm, f64::from(u8::from(clicked)), 1.0)?;
//! }
//! assert!(bandit.posterior(2)?.mean() > bandit.posterior(0)?.mean());
//! # Ok::<(), bayeskit::Error>(())
//! ```

use crate::error::{check_finite, check_non_negative, shown, Error, Result};
use crate::limits::{self, MAX_MC_DRAWS};
use crate::posterior::{prob_best, Method, MAX_ARMS};
use crate::{Beta, Gamma, NormalGamma, Rng};
use rand::Rng as _;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// The most arms of a bandit: the most [`prob_best`] takes exactly.
pub const MAX_BANDIT_ARMS: usize = MAX_ARMS;

/// Top-two sampling redraws the posterior at most this many times looking
/// for a challenger other than the leader; after that it plays the arm other
/// than the leader with the largest draw in the last redraw (see
/// [`Bandit::choose_top_two`]).
pub const TOP_TWO_MAX_REDRAWS: u32 = 16;

/// Options of a [`Bandit`].
///
/// # Example
/// ```
/// use bayeskit::bandit::BanditOptions;
/// assert_eq!(BanditOptions::default().top_two_beta, 0.5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BanditOptions {
    /// Top-two sampling plays the leader with this probability and a
    /// challenger otherwise; in (0, 1). Default 0.5 (Russo 2016).
    pub top_two_beta: f64,
}

impl Default for BanditOptions {
    fn default() -> Self {
        BanditOptions { top_two_beta: 0.5 }
    }
}

impl BanditOptions {
    fn check(&self) -> Result<()> {
        if self.top_two_beta > 0.0 && self.top_two_beta < 1.0 {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "top_two_beta must be in (0, 1), got {}",
                shown(self.top_two_beta)
            )))
        }
    }
}

/// Options of [`Bandit::report`].
///
/// # Example
/// ```
/// use bayeskit::bandit::ReportOptions;
/// let o = ReportOptions::default();
/// assert_eq!((o.draws, o.level), (10_000, 0.95));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportOptions {
    /// Monte Carlo draws per arm for the expected losses and the value
    /// remaining (and for P(best) of Normal–Gamma arms): 2 to
    /// [`MAX_MC_DRAWS`]. Default 10,000.
    pub draws: u64,
    /// The quantile of the value remaining that is reported, in (0, 1).
    /// Default [`DEFAULT_LEVEL`](crate::DEFAULT_LEVEL) (0.95, Scott 2015).
    pub level: f64,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            draws: 10_000,
            level: crate::DEFAULT_LEVEL,
        }
    }
}

/// What [`Bandit::report`] returns besides the per-arm arrays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report {
    /// The arm with the largest probability of being best (the lowest index
    /// among ties): the one a stopping rule would deploy.
    pub best: usize,
    /// How the probabilities of being best were computed: quadrature (Beta,
    /// Gamma) or Monte Carlo (Normal–Gamma; `draws` per arm).
    pub prob_best_method: Method,
    /// The `level` quantile of the value remaining max_k θ_k − θ_best: how
    /// much better than the best arm some other arm may still be.
    pub value_remaining: f64,
    /// The `level` quantile of (max_k θ_k − θ_best) / θ_best, Scott's
    /// relative value remaining (stop when it is below, say, 0.01), for the
    /// positive families (Beta, Gamma); NaN for Normal–Gamma, whose means may
    /// be ≤ 0 (use [`Report::value_remaining`] there).
    pub value_remaining_relative: f64,
    /// The Monte Carlo draws behind the expected losses and the value remaining.
    pub draws: u64,
}

/// The data part of a Beta arm's statistics: weighted successes and failures.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BetaStats {
    /// Σ w·successes.
    pub successes: f64,
    /// Σ w·(trials − successes).
    pub failures: f64,
}

/// The data part of a Gamma arm's statistics: weighted counts and exposure.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GammaStats {
    /// Σ w·count.
    pub count: f64,
    /// Σ w·exposure.
    pub exposure: f64,
}

/// The data part of a Normal–Gamma arm's statistics: the total weight, the
/// weighted mean and the weighted sum of squared deviations from it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NormalStats {
    /// Σ w.
    pub n: f64,
    /// Σ w·x / Σ w (0 while n = 0).
    pub mean: f64,
    /// Σ w·(x − mean)².
    pub ss: f64,
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::Beta {}
    impl Sealed for crate::Gamma {}
    impl Sealed for crate::NormalGamma {}
}

/// A conjugate family a bandit's arms can have: [`Beta`], [`Gamma`] or
/// [`NormalGamma`] (sealed). Its posterior draws are of the arm's value:
/// the success rate, the Poisson rate, the mean μ.
pub trait Family: Copy + Send + Sync + std::fmt::Debug + sealed::Sealed {
    /// The data part of the arm's sufficient statistics.
    type Stats: Copy + Default + Send + Sync + std::fmt::Debug + PartialEq;
    /// Whether the arm's value is positive (Beta, Gamma), so that a value
    /// remaining relative to it is defined.
    #[doc(hidden)]
    const POSITIVE: bool;
    /// Adds one validated update to `stats` (crate-internal).
    #[doc(hidden)]
    fn add(stats: &mut Self::Stats, value: f64, size: f64, weight: f64) -> Result<()>;
    /// Multiplies the data by γ (crate-internal).
    #[doc(hidden)]
    fn scale(stats: &mut Self::Stats, gamma: f64);
    /// The posterior of `prior` after `stats` (crate-internal).
    #[doc(hidden)]
    fn posterior(prior: &Self, stats: &Self::Stats) -> Result<Self>;
    /// A posterior's sampler, with its constants computed once per update
    /// (crate-internal).
    #[doc(hidden)]
    type Sampler: Copy + Send + Sync + std::fmt::Debug;
    /// The sampler of a posterior (crate-internal).
    #[doc(hidden)]
    fn sampler(post: &Self) -> Self::Sampler;
    /// One draw of the arm's value (crate-internal).
    #[doc(hidden)]
    fn sample(s: &Self::Sampler, rng: &mut Rng) -> f64;
    /// One draw of the arm's value from a posterior (crate-internal).
    #[doc(hidden)]
    fn draw(post: &Self, rng: &mut Rng) -> f64 {
        Self::sample(&Self::sampler(post), rng)
    }
    /// P(best) of each arm, exactly where the family allows (crate-internal).
    #[doc(hidden)]
    fn prob_best(posts: &[Self], out: &mut [f64], draws: u64, rng: &mut Rng) -> Result<Method>;
}

fn check_weight(weight: f64) -> Result<f64> {
    check_non_negative("weight", weight)
}

impl Family for Beta {
    type Stats = BetaStats;
    const POSITIVE: bool = true;
    fn add(stats: &mut BetaStats, value: f64, size: f64, weight: f64) -> Result<()> {
        let s = check_non_negative("successes", value)?;
        let n = check_non_negative("trials", size)?;
        if s > n {
            return Err(Error::invalid(format!(
                "successes ({}) exceed trials ({})",
                shown(s),
                shown(n)
            )));
        }
        stats.successes += weight * s;
        stats.failures += weight * (n - s);
        Ok(())
    }
    fn scale(stats: &mut BetaStats, gamma: f64) {
        stats.successes *= gamma;
        stats.failures *= gamma;
    }
    fn posterior(prior: &Beta, stats: &BetaStats) -> Result<Beta> {
        Beta::new(prior.alpha() + stats.successes, prior.beta() + stats.failures)
    }
    type Sampler = BetaSampler;
    fn sampler(post: &Beta) -> BetaSampler {
        if post.alpha() >= 1.0 && post.beta() >= 1.0 {
            BetaSampler::Gammas(GammaSampler::new(post.alpha()), GammaSampler::new(post.beta()))
        } else {
            BetaSampler::Cheng(*post)
        }
    }
    fn sample(s: &BetaSampler, rng: &mut Rng) -> f64 {
        match s {
            BetaSampler::Gammas(a, b) => {
                let x = a.sample(rng);
                let y = b.sample(rng);
                x / (x + y)
            }
            BetaSampler::Cheng(post) => post.sample(rng),
        }
    }
    fn prob_best(posts: &[Beta], out: &mut [f64], _draws: u64, _rng: &mut Rng) -> Result<Method> {
        prob_best(posts, out)
    }
}

impl Family for Gamma {
    type Stats = GammaStats;
    const POSITIVE: bool = true;
    fn add(stats: &mut GammaStats, value: f64, size: f64, weight: f64) -> Result<()> {
        let c = check_non_negative("count", value)?;
        let e = check_non_negative("exposure", size)?;
        stats.count += weight * c;
        stats.exposure += weight * e;
        Ok(())
    }
    fn scale(stats: &mut GammaStats, gamma: f64) {
        stats.count *= gamma;
        stats.exposure *= gamma;
    }
    fn posterior(prior: &Gamma, stats: &GammaStats) -> Result<Gamma> {
        Gamma::new(prior.shape() + stats.count, prior.rate() + stats.exposure)
    }
    type Sampler = (GammaSampler, f64);
    fn sampler(post: &Gamma) -> (GammaSampler, f64) {
        if post.shape() >= 1.0 {
            (GammaSampler::new(post.shape()), 1.0 / post.rate())
        } else {
            // Marked by a shape of 0: drawn by the family's own sampler.
            (
                GammaSampler {
                    d: post.shape(),
                    c: 0.0,
                },
                post.rate(),
            )
        }
    }
    fn sample(s: &(GammaSampler, f64), rng: &mut Rng) -> f64 {
        if s.0.c > 0.0 {
            s.0.sample(rng) * s.1
        } else {
            Gamma::new(s.0.d, s.1).map_or(f64::NAN, |g| g.sample(rng))
        }
    }
    fn prob_best(posts: &[Gamma], out: &mut [f64], _draws: u64, _rng: &mut Rng) -> Result<Method> {
        prob_best(posts, out)
    }
}

impl Family for NormalGamma {
    type Stats = NormalStats;
    const POSITIVE: bool = false;
    fn add(stats: &mut NormalStats, value: f64, size: f64, weight: f64) -> Result<()> {
        let x = check_finite("observation", value)?;
        if size != 1.0 {
            return Err(Error::invalid(format!(
                "a Normal-Gamma update is one observation: size must be 1, got {}",
                shown(size)
            )));
        }
        if weight == 0.0 {
            return Ok(());
        }
        // Chan et al.'s merge of (n, mean, ss) with one observation of weight w.
        let n = stats.n + weight;
        let d = x - stats.mean;
        stats.mean += d * weight / n;
        stats.ss += d * d * stats.n * weight / n;
        stats.n = n;
        Ok(())
    }
    fn scale(stats: &mut NormalStats, gamma: f64) {
        // Every past observation's weight times γ: the mean stays.
        stats.n *= gamma;
        stats.ss *= gamma;
    }
    fn posterior(prior: &NormalGamma, stats: &NormalStats) -> Result<NormalGamma> {
        let mut p = *prior;
        if stats.n > 0.0 {
            p.update_stats(stats.n, stats.mean, stats.ss)?;
        }
        Ok(p)
    }
    type Sampler = NormalGamma;
    fn sampler(post: &NormalGamma) -> NormalGamma {
        *post
    }
    fn sample(s: &NormalGamma, rng: &mut Rng) -> f64 {
        s.sample(rng).0
    }
    fn prob_best(posts: &[NormalGamma], out: &mut [f64], draws: u64, rng: &mut Rng) -> Result<Method> {
        out.fill(0.0);
        for _ in 0..draws {
            out[argmax(posts.iter().map(|p| Self::draw(p, rng))).0] += 1.0;
        }
        for p in out.iter_mut() {
            *p /= draws as f64;
        }
        Ok(Method::MonteCarlo { draws })
    }
}

/// Marsaglia and Tsang's (2000) Gamma(shape ≥ 1, 1) sampler with its
/// constants d = shape − 1/3 and c = 1/√(9d) computed once: a bandit draws
/// every arm at every choice, so the set-up a one-off draw pays each time
/// (a square root and divisions) is paid once per update instead. Its
/// logarithms are `libm`'s (pure Rust), not the platform's, so a decision
/// at the acceptance boundary is the same on every platform.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct GammaSampler {
    d: f64,
    c: f64,
}

impl GammaSampler {
    fn new(shape: f64) -> Self {
        let d = shape - 1.0 / 3.0;
        GammaSampler {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
        }
    }

    fn sample(&self, rng: &mut Rng) -> f64 {
        use rand_distr::Distribution;
        loop {
            let x: f64 = rand_distr::StandardNormal.sample(&mut rng.0);
            let v = 1.0 + self.c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            // The acceptance uniform from 32 random bits, in (0, 1): it only
            // decides a comparison, so 2⁻³² resolution moves the acceptance
            // probability by at most 2⁻³², and it costs half the generator's
            // output of a 53-bit uniform (a choice is bound by the generator).
            let u = (f64::from(rand::RngCore::next_u32(&mut rng.0)) + 0.5) * (1.0 / 4_294_967_296.0);
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || libm::log(u) < 0.5 * x2 + self.d * (1.0 - v + libm::log(v)) {
                return self.d * v;
            }
        }
    }
}

/// How a Beta arm is drawn: X/(X + Y) from two cached Gamma samplers when
/// both shapes are ≥ 1 (every posterior of a prior with shapes ≥ 1), else
/// Cheng's algorithms (`rand_distr`, through [`Beta::sample`]), which stay
/// exact for tiny shapes where X and Y could both underflow.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum BetaSampler {
    /// Two Gamma samplers.
    Gammas(GammaSampler, GammaSampler),
    /// The posterior, drawn by [`Beta::sample`].
    Cheng(Beta),
}

/// The index and value of the largest of `xs` (the first among ties; NaN
/// never wins).
fn argmax(xs: impl Iterator<Item = f64>) -> (usize, f64) {
    let mut best = (0, f64::NEG_INFINITY);
    for (i, x) in xs.enumerate() {
        if x > best.1 {
            best = (i, x);
        }
    }
    best
}

#[derive(Debug, Clone, Copy)]
struct ArmState<F: Family> {
    prior: F,
    stats: F::Stats,
    post: F,
    sampler: F::Sampler,
}

/// One update of a batch: `(value, size)` with a weight, for one arm (see
/// the table in the [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Update {
    /// The arm, 0-based.
    pub arm: usize,
    /// Successes (Beta), count (Gamma), the observation (Normal–Gamma).
    pub value: f64,
    /// Trials (Beta), exposure (Gamma), 1 (Normal–Gamma).
    pub size: f64,
    /// The weight, finite and ≥ 0 (1 for an ordinary observation).
    pub weight: f64,
}

impl Update {
    /// An update of weight 1.
    pub fn new(arm: usize, value: f64, size: f64) -> Self {
        Update {
            arm,
            value,
            size,
            weight: 1.0,
        }
    }
}

/// A Thompson-sampling bandit over K arms of one conjugate family; see the
/// [module documentation](self) for what each call does and what is locked.
///
/// # Example
/// ```
/// use bayeskit::bandit::{Bandit, BanditOptions, ReportOptions};
/// use bayeskit::{Gamma, Rng};
/// // Visits per day of three page layouts, a Gamma(1, 1) prior each.
/// let b = Bandit::new(&[Gamma::new(1.0, 1.0)?], 3, BanditOptions::default())?;
/// b.update(0, 30.0, 10.0)?;   // 30 visits over 10 days
/// b.update(1, 45.0, 10.0)?;
/// b.update(2, 5.0, 2.0)?;
/// let (mut p, mut loss) = ([0.0; 3], [0.0; 3]);
/// let mut rng = Rng::seed_from_u64(1);
/// let r = b.report(&mut rng, ReportOptions::default(), &mut p, &mut loss)?;
/// assert_eq!(r.best, 1);
/// assert!(p[1] > 0.9 && loss[1] < loss[0]);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug)]
pub struct Bandit<F: Family> {
    arms: RwLock<Vec<ArmState<F>>>,
    k: usize,
    options: BanditOptions,
}

impl<F: Family> Bandit<F> {
    /// A bandit of `k` arms (1 to [`MAX_BANDIT_ARMS`]) with no data, each
    /// with the prior `priors[0]` (one prior for all) or `priors[i]` (one per
    /// arm: `priors.len() == k`).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `k` out of range, another number of
    /// priors, or options out of range.
    pub fn new(priors: &[F], k: usize, options: BanditOptions) -> Result<Self> {
        if k == 0 || k > MAX_BANDIT_ARMS {
            return Err(Error::invalid(format!(
                "a bandit has 1 to {MAX_BANDIT_ARMS} arms, got {k}"
            )));
        }
        if priors.len() != 1 && priors.len() != k {
            return Err(Error::invalid(format!(
                "give 1 prior (for every arm) or {k} (one per arm), got {}",
                priors.len()
            )));
        }
        options.check()?;
        let mut arms = Vec::new();
        limits::try_reserve(&mut arms, k, "bandit arms")?;
        for i in 0..k {
            let prior = priors[if priors.len() == 1 { 0 } else { i }];
            arms.push(ArmState {
                prior,
                stats: F::Stats::default(),
                post: prior,
                sampler: F::sampler(&prior),
            });
        }
        Ok(Bandit {
            arms: RwLock::new(arms),
            k,
            options,
        })
    }

    fn read(&self) -> RwLockReadGuard<'_, Vec<ArmState<F>>> {
        // No code panics while holding the lock; a poisoned lock still holds
        // consistent statistics (every write is committed whole).
        self.arms.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, Vec<ArmState<F>>> {
        self.arms.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The number of arms.
    pub fn arms(&self) -> usize {
        self.k
    }

    /// The options the bandit was made with.
    pub fn options(&self) -> BanditOptions {
        self.options
    }

    fn check_arm(&self, arm: usize) -> Result<()> {
        if arm < self.k {
            Ok(())
        } else {
            Err(Error::invalid(format!(
                "arm {arm} is out of range: the bandit has {} arms",
                self.k
            )))
        }
    }

    /// Thompson sampling: one posterior draw per arm, and the arm with the
    /// largest (the lowest index among ties). Draws from `rng` (K draws, each
    /// of a fixed sequence of uniforms for a given posterior); allocates nothing.
    pub fn choose(&self, rng: &mut Rng) -> usize {
        let arms = self.read();
        argmax(arms.iter().map(|a| F::sample(&a.sampler, rng))).0
    }

    /// Top-two Thompson sampling (Russo 2016), for finding the best arm:
    /// draw the leader I (as [`choose`](Self::choose)); with probability
    /// β (`top_two_beta`) play it; otherwise redraw the posterior until an
    /// arm J ≠ I has the largest draw, and play J. The redraws stop after
    /// [`TOP_TWO_MAX_REDRAWS`] (the leader is then almost surely best), and
    /// the arm other than I with the largest draw of the last redraw is
    /// played: a challenger all the same, never the leader, so the leader's
    /// share stays β. With one arm it returns 0. Allocates nothing.
    pub fn choose_top_two(&self, rng: &mut Rng) -> usize {
        let arms = self.read();
        let leader = argmax(arms.iter().map(|a| F::sample(&a.sampler, rng))).0;
        if self.k == 1 {
            return leader;
        }
        let u: f64 = rng.0.random();
        if u < self.options.top_two_beta {
            return leader;
        }
        let mut challenger = leader;
        for _ in 0..TOP_TWO_MAX_REDRAWS {
            let mut lead_draw = f64::NEG_INFINITY;
            let mut other = (usize::MAX, f64::NEG_INFINITY);
            for (i, a) in arms.iter().enumerate() {
                let x = F::sample(&a.sampler, rng);
                if i == leader {
                    lead_draw = x;
                } else if x > other.1 || other.0 == usize::MAX {
                    other = (i, x);
                }
            }
            challenger = other.0;
            if other.1 > lead_draw {
                break;
            }
        }
        challenger
    }

    /// Adds one observation of weight 1 to `arm`: `(successes, trials)`,
    /// `(count, exposure)` or `(x, 1)` (see the [module documentation](self)).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an arm out of range, a negative or
    /// non-finite value, successes above trials, a Normal size other than 1,
    /// or statistics that would overflow; the bandit is then unchanged.
    pub fn update(&self, arm: usize, value: f64, size: f64) -> Result<()> {
        self.update_weighted(arm, value, size, 1.0)
    }

    /// As [`update`](Self::update), with the observation counted `weight`
    /// times (finite, ≥ 0; fractional weights are fine: an importance weight,
    /// a down-weighted source).
    ///
    /// # Errors
    /// As [`update`](Self::update), and for a negative or non-finite weight.
    pub fn update_weighted(&self, arm: usize, value: f64, size: f64, weight: f64) -> Result<()> {
        self.update_batch(&[Update {
            arm,
            value,
            size,
            weight,
        }])
    }

    /// Applies a batch of updates all at once: every update is checked, then
    /// all are applied under one write lock, so other threads see all of them
    /// or none; on error nothing is applied. Updates commute, so a batch may
    /// hold late rewards of earlier choices in any order.
    ///
    /// # Errors
    /// As [`update_weighted`](Self::update_weighted), naming the update's index.
    pub fn update_batch(&self, updates: &[Update]) -> Result<()> {
        for (i, u) in updates.iter().enumerate() {
            self.check_arm(u.arm)
                .and_then(|_| check_weight(u.weight).map(|_| ()))
                .map_err(|e| in_update(e, i, updates.len()))?;
        }
        let mut arms = self.write();
        // Work on a copy of the statistics (on the stack: K ≤ MAX_BANDIT_ARMS),
        // committed only when every update and every posterior is valid.
        let mut stats = [F::Stats::default(); MAX_BANDIT_ARMS];
        let mut touched = [false; MAX_BANDIT_ARMS];
        for (s, a) in stats.iter_mut().zip(arms.iter()) {
            *s = a.stats;
        }
        for (i, u) in updates.iter().enumerate() {
            F::add(&mut stats[u.arm], u.value, u.size, u.weight)
                .map_err(|e| in_update(e, i, updates.len()))?;
            touched[u.arm] = true;
        }
        let mut posts = [arms[0].post; MAX_BANDIT_ARMS];
        for (j, a) in arms.iter().enumerate() {
            posts[j] = if touched[j] {
                F::posterior(&a.prior, &stats[j]).map_err(|e| {
                    Error::invalid(format!("arm {j}: the update overflows its statistics ({e})"))
                })?
            } else {
                a.post
            };
        }
        for (j, a) in arms.iter_mut().enumerate() {
            if touched[j] {
                a.stats = stats[j];
                a.post = posts[j];
                a.sampler = F::sampler(&posts[j]);
            }
        }
        Ok(())
    }

    /// Exponential forgetting for rewards that drift: multiplies the data
    /// part of every arm's sufficient statistics by γ in (0, 1] (successes
    /// and failures; count and exposure; the weight and squared deviations
    /// of Normal observations, whose mean stays), so each posterior moves
    /// towards its prior and an observation made t discounts ago counts γᵗ.
    /// The prior itself is never discounted. Call it once per period (a
    /// round, an hour); updates within a period still commute.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless 0 < γ ≤ 1.
    pub fn discount(&self, gamma: f64) -> Result<()> {
        if !(gamma > 0.0 && gamma <= 1.0) {
            return Err(Error::invalid(format!(
                "the discount gamma must be in (0, 1], got {}",
                shown(gamma)
            )));
        }
        let mut arms = self.write();
        for a in arms.iter_mut() {
            let mut s = a.stats;
            F::scale(&mut s, gamma);
            // Smaller data than a valid posterior's: valid too.
            if let Ok(p) = F::posterior(&a.prior, &s) {
                a.stats = s;
                a.post = p;
                a.sampler = F::sampler(&p);
            }
        }
        Ok(())
    }

    /// The posterior of `arm`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an arm out of range.
    pub fn posterior(&self, arm: usize) -> Result<F> {
        self.check_arm(arm)?;
        Ok(self.read()[arm].post)
    }

    /// The data part of `arm`'s sufficient statistics (what has been
    /// observed, weighted and discounted).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an arm out of range.
    pub fn stats(&self, arm: usize) -> Result<F::Stats> {
        self.check_arm(arm)?;
        Ok(self.read()[arm].stats)
    }

    /// The prior of `arm`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an arm out of range.
    pub fn prior(&self, arm: usize) -> Result<F> {
        self.check_arm(arm)?;
        Ok(self.read()[arm].prior)
    }

    /// For a stopping rule: each arm's probability of being best into
    /// `prob_best` and its expected loss E[max_j θ_j − θ_i] into
    /// `expected_loss` (both of length K), and the value remaining.
    ///
    /// P(best) is exact by quadrature for Beta and Gamma arms (the function
    /// [`prob_best`]) and seeded Monte Carlo with `opts.draws` draws per arm
    /// for Normal–Gamma arms. The expected losses and the value remaining
    /// (Scott 2015) come from `opts.draws` further joint draws θ of all arms:
    /// with b the arm most probably best, the value remaining of a draw is
    /// max_j θ_j − θ_b (0 when b is best in it), and the report gives its
    /// `opts.level` quantile, absolute and relative to θ_b. A common rule:
    /// stop when the relative value remaining at level 0.95 is below 0.01.
    /// The draws come from `rng`; the posteriors are a snapshot taken under
    /// the read lock.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for outputs of another length than K,
    /// `draws` outside 2..=[`MAX_MC_DRAWS`] or a level outside (0, 1);
    /// [`Error::NoConvergence`] if the quadrature's error estimate does not
    /// settle; [`Error::OutOfMemory`] if the draws' buffer cannot be allocated.
    /// The outputs are written only on success.
    pub fn report(
        &self,
        rng: &mut Rng,
        opts: ReportOptions,
        prob_best: &mut [f64],
        expected_loss: &mut [f64],
    ) -> Result<Report> {
        crate::error::check_len("prob_best", prob_best.len(), self.k)?;
        crate::error::check_len("expected_loss", expected_loss.len(), self.k)?;
        limits::check_range("draws", opts.draws, 2, MAX_MC_DRAWS as u64)?;
        let level = crate::error::check_level(opts.level)?;
        let k = self.k;
        let mut posts = [self.read()[0].post; MAX_BANDIT_ARMS];
        {
            let arms = self.read();
            for (p, a) in posts.iter_mut().zip(arms.iter()) {
                *p = a.post;
            }
        }
        let posts = &posts[..k];
        let mut pb = [0.0; MAX_BANDIT_ARMS];
        let method = F::prob_best(posts, &mut pb[..k], opts.draws, rng)?;
        let best = argmax(pb[..k].iter().copied()).0;
        let n = opts.draws as usize;
        let mut absolute = limits::try_vec(n, 0.0, "value remaining draws")?;
        let mut relative = limits::try_vec(if F::POSITIVE { n } else { 0 }, 0.0, "value remaining draws")?;
        let mut loss = [0.0; MAX_BANDIT_ARMS];
        let mut theta = [0.0; MAX_BANDIT_ARMS];
        let first = F::sampler(&posts[0]);
        let mut samplers = [first; MAX_BANDIT_ARMS];
        for (s, p) in samplers.iter_mut().zip(posts) {
            *s = F::sampler(p);
        }
        for d in 0..n {
            for (t, s) in theta.iter_mut().zip(&samplers[..k]) {
                *t = F::sample(s, rng);
            }
            let max = argmax(theta[..k].iter().copied()).1;
            for (l, t) in loss.iter_mut().zip(&theta[..k]) {
                *l += max - t;
            }
            absolute[d] = max - theta[best];
            if F::POSITIVE {
                relative[d] = (max - theta[best]) / theta[best];
            }
        }
        let value_remaining = quantile(&mut absolute, level);
        let value_remaining_relative = if F::POSITIVE {
            quantile(&mut relative, level)
        } else {
            f64::NAN
        };
        prob_best.copy_from_slice(&pb[..k]);
        for (o, l) in expected_loss.iter_mut().zip(&loss[..k]) {
            *o = l / n as f64;
        }
        Ok(Report {
            best,
            prob_best_method: method,
            value_remaining,
            value_remaining_relative,
            draws: opts.draws,
        })
    }
}

impl Bandit<Beta> {
    /// Observes one Bernoulli reward of `arm` (a success or not).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an arm out of range.
    pub fn observe(&self, arm: usize, success: bool) -> Result<()> {
        self.update(arm, f64::from(u8::from(success)), 1.0)
    }
}

/// A bandit whose family is chosen at run time — a C handle, a Python
/// object — forwarding the methods that do not depend on the family to its
/// [`Bandit`]. Match on it for what does (posteriors, priors, statistics).
///
/// # Example
/// ```
/// use bayeskit::bandit::{AnyBandit, Bandit, BanditOptions};
/// use bayeskit::{Gamma, Rng};
/// let b = AnyBandit::from(Bandit::new(&[Gamma::new(1.0, 1.0)?], 2, BanditOptions::default())?);
/// b.update_weighted(1, 40.0, 10.0, 1.0)?;
/// assert_eq!(b.arms(), 2);
/// assert!(b.choose(&mut Rng::seed_from_u64(3)) < 2);
/// if let AnyBandit::Gamma(g) = &b {
///     assert_eq!(g.posterior(1)?, Gamma::new(41.0, 11.0)?);
/// }
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug)]
pub enum AnyBandit {
    /// Beta arms (Bernoulli or binomial rewards).
    Beta(Bandit<Beta>),
    /// Gamma arms (Poisson counts over an exposure).
    Gamma(Bandit<Gamma>),
    /// Normal–Gamma arms (Normal rewards of unknown mean and variance).
    NormalGamma(Bandit<NormalGamma>),
}

/// Runs `$body` with `$b` bound to the [`AnyBandit`]'s bandit.
macro_rules! forward {
    ($any:expr, $b:ident => $body:expr) => {
        match $any {
            AnyBandit::Beta($b) => $body,
            AnyBandit::Gamma($b) => $body,
            AnyBandit::NormalGamma($b) => $body,
        }
    };
}

impl AnyBandit {
    /// [`Bandit::arms`].
    pub fn arms(&self) -> usize {
        forward!(self, b => b.arms())
    }

    /// [`Bandit::options`].
    pub fn options(&self) -> BanditOptions {
        forward!(self, b => b.options())
    }

    /// [`Bandit::choose`].
    pub fn choose(&self, rng: &mut Rng) -> usize {
        forward!(self, b => b.choose(rng))
    }

    /// [`Bandit::choose_top_two`].
    pub fn choose_top_two(&self, rng: &mut Rng) -> usize {
        forward!(self, b => b.choose_top_two(rng))
    }

    /// [`Bandit::update_weighted`].
    ///
    /// # Errors
    /// As [`Bandit::update_weighted`]; the bandit is then unchanged.
    pub fn update_weighted(&self, arm: usize, value: f64, size: f64, weight: f64) -> Result<()> {
        forward!(self, b => b.update_weighted(arm, value, size, weight))
    }

    /// [`Bandit::update_batch`].
    ///
    /// # Errors
    /// As [`Bandit::update_batch`]; nothing is then applied.
    pub fn update_batch(&self, updates: &[Update]) -> Result<()> {
        forward!(self, b => b.update_batch(updates))
    }

    /// [`Bandit::discount`].
    ///
    /// # Errors
    /// As [`Bandit::discount`].
    pub fn discount(&self, gamma: f64) -> Result<()> {
        forward!(self, b => b.discount(gamma))
    }

    /// [`Bandit::report`].
    ///
    /// # Errors
    /// As [`Bandit::report`]; the outputs are written only on success.
    pub fn report(
        &self,
        rng: &mut Rng,
        opts: ReportOptions,
        prob_best: &mut [f64],
        expected_loss: &mut [f64],
    ) -> Result<Report> {
        forward!(self, b => b.report(rng, opts, prob_best, expected_loss))
    }
}

impl From<Bandit<Beta>> for AnyBandit {
    fn from(b: Bandit<Beta>) -> Self {
        AnyBandit::Beta(b)
    }
}

impl From<Bandit<Gamma>> for AnyBandit {
    fn from(b: Bandit<Gamma>) -> Self {
        AnyBandit::Gamma(b)
    }
}

impl From<Bandit<NormalGamma>> for AnyBandit {
    fn from(b: Bandit<NormalGamma>) -> Self {
        AnyBandit::NormalGamma(b)
    }
}

impl Bandit<NormalGamma> {
    /// Observes one Normal reward `x` of `arm`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an arm out of range or a non-finite `x`.
    pub fn observe(&self, arm: usize, x: f64) -> Result<()> {
        self.update(arm, x, 1.0)
    }
}

/// What [`simulate_bernoulli`] measured, averaged over its runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// The mean cumulative regret Σ_t (max_k p_k − p_{a_t}) per run.
    pub mean_regret: f64,
    /// Each arm's share of the pulls.
    pub picks: Vec<f64>,
    /// The share of runs whose most probably best arm at the end (by exact
    /// P(best)) is a best arm.
    pub found_best: f64,
}

/// Simulates a bandit on Bernoulli arms of success probabilities `rates`:
/// `runs` runs of `rounds` choices each (top-two sampling if `top_two`),
/// every arm with the prior `prior`. Run r draws its rewards from stream 2r
/// of `seed` and its choices from stream 2r + 1, so a seed reproduces it.
/// Costs about runs × rounds × K posterior draws.
///
/// # Example
/// ```
/// use bayeskit::bandit::simulate_bernoulli;
/// use bayeskit::Beta;
/// let s = simulate_bernoulli(&[0.1, 0.3], 500, 20, 1, false, Beta::new(1.0, 1.0)?)?;
/// assert!(s.picks[1] > 0.8 && s.found_best == 1.0);
/// # Ok::<(), bayeskit::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidArgument`] for a rate outside [0, 1], no arms or more
/// than [`MAX_BANDIT_ARMS`], or no rounds or runs.
pub fn simulate_bernoulli(
    rates: &[f64],
    rounds: u64,
    runs: u64,
    seed: u64,
    top_two: bool,
    prior: Beta,
) -> Result<Simulation> {
    for &p in rates {
        crate::error::check_probability("rate", p)?;
    }
    if rounds == 0 || runs == 0 {
        return Err(Error::invalid(format!(
            "rounds and runs must be >= 1, got {rounds} and {runs}"
        )));
    }
    let k = rates.len();
    let best_rate = rates.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut pulls = [0u64; MAX_BANDIT_ARMS];
    let (mut regret, mut found) = (0.0, 0u64);
    let mut pb = [0.0; MAX_BANDIT_ARMS];
    for run in 0..runs {
        let bandit = Bandit::new(&[prior], k, BanditOptions::default())?;
        let mut env = Rng::seed_from_u64_stream(seed, 2 * run);
        let mut rng = Rng::seed_from_u64_stream(seed, 2 * run + 1);
        for _ in 0..rounds {
            let a = if top_two {
                bandit.choose_top_two(&mut rng)
            } else {
                bandit.choose(&mut rng)
            };
            let u: f64 = env.0.random();
            bandit.observe(a, u < rates[a])?;
            pulls[a] += 1;
            regret += best_rate - rates[a];
        }
        let arms = bandit.read();
        let mut posts = [prior; MAX_BANDIT_ARMS];
        for (p, a) in posts.iter_mut().zip(arms.iter()) {
            *p = a.post;
        }
        prob_best(&posts[..k], &mut pb[..k])?;
        let chosen = argmax(pb[..k].iter().copied()).0;
        found += u64::from(rates[chosen] == best_rate);
    }
    let total = (rounds * runs) as f64;
    Ok(Simulation {
        mean_regret: regret / runs as f64,
        picks: pulls[..k].iter().map(|&n| n as f64 / total).collect(),
        found_best: found as f64 / runs as f64,
    })
}

fn in_update(e: Error, i: usize, n: usize) -> Error {
    if n == 1 {
        return e;
    }
    match e {
        Error::InvalidArgument(m) => Error::invalid(format!("update {i}: {m}")),
        other => other,
    }
}

/// The empirical `level` quantile of `xs` (the ⌈level·n⌉-th smallest);
/// reorders `xs`.
fn quantile(xs: &mut [f64], level: f64) -> f64 {
    let n = xs.len();
    let i = ((level * n as f64).ceil() as usize).clamp(1, n) - 1;
    *xs.select_nth_unstable_by(i, f64::total_cmp).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn beta_bandit(k: usize) -> Bandit<Beta> {
        Bandit::new(&[Beta::new(1.0, 1.0).unwrap()], k, BanditOptions::default()).unwrap()
    }

    #[test]
    fn bad_input_is_refused_and_changes_nothing() {
        let p = [Beta::new(1.0, 1.0).unwrap()];
        let o = BanditOptions::default();
        assert!(Bandit::new(&p, 0, o).is_err());
        assert!(Bandit::new(&p, MAX_BANDIT_ARMS + 1, o).is_err());
        assert!(Bandit::new(&[p[0], p[0]], 3, o).is_err());
        assert!(Bandit::<Beta>::new(&[], 3, o).is_err());
        for beta in [0.0, 1.0, -0.5, f64::NAN] {
            assert!(
                Bandit::new(&p, 2, BanditOptions { top_two_beta: beta }).is_err(),
                "{beta}"
            );
        }
        let b = beta_bandit(3);
        b.update(1, 2.0, 5.0).unwrap();
        let before = b.stats(1).unwrap();
        for (arm, v, n, w) in [
            (3, 1.0, 1.0, 1.0),
            (0, -1.0, 1.0, 1.0),
            (0, 2.0, 1.0, 1.0),
            (0, f64::NAN, 1.0, 1.0),
            (0, 1.0, f64::INFINITY, 1.0),
            (0, 1.0, 1.0, -1.0),
            (0, 1.0, 1.0, f64::NAN),
        ] {
            let e = b.update_weighted(arm, v, n, w).unwrap_err();
            assert!(matches!(e, Error::InvalidArgument(_)), "{e}");
        }
        // A batch with one bad update applies none.
        let e = b
            .update_batch(&[Update::new(1, 1.0, 1.0), Update::new(2, 3.0, 1.0)])
            .unwrap_err();
        assert!(e.to_string().contains("update 1"), "{e}");
        assert_eq!(b.stats(1).unwrap(), before);
        assert_eq!(b.stats(0).unwrap(), BetaStats::default());
        for g in [0.0, 1.5, -1.0, f64::NAN] {
            assert!(b.discount(g).is_err());
        }
        assert!(b.posterior(3).is_err());
        // Overflowing statistics are refused whole.
        let e = b.update(0, 1e308, 1e308).and_then(|_| b.update(0, 1e308, 1e308));
        assert!(e.is_err());
        assert!(b.posterior(0).unwrap().alpha().is_finite());
        let ng = Bandit::new(&[NormalGamma::new(0.0, 1.0, 1.0, 1.0).unwrap()], 2, o).unwrap();
        assert!(ng.update(0, 1.0, 2.0).is_err());
        assert!(ng.update(0, f64::INFINITY, 1.0).is_err());
        let g = Bandit::new(&[Gamma::new(1.0, 1.0).unwrap()], 2, o).unwrap();
        assert!(g.update(0, -1.0, 1.0).is_err());
        assert!(g.update(0, 1.0, -1.0).is_err());
    }

    #[test]
    fn posteriors_are_prior_plus_statistics() {
        let priors = [Beta::new(1.0, 1.0).unwrap(), Beta::new(2.0, 8.0).unwrap()];
        let b = Bandit::new(&priors, 2, BanditOptions::default()).unwrap();
        b.update(0, 3.0, 10.0).unwrap();
        b.update_weighted(1, 1.0, 4.0, 0.5).unwrap();
        b.observe(1, true).unwrap();
        assert_eq!(b.posterior(0).unwrap(), Beta::new(4.0, 8.0).unwrap());
        assert_eq!(
            b.posterior(1).unwrap(),
            Beta::new(2.0 + 0.5 + 1.0, 8.0 + 1.5).unwrap()
        );
        let g = Bandit::new(&[Gamma::new(1.0, 2.0).unwrap()], 1, BanditOptions::default()).unwrap();
        g.update(0, 12.0, 4.0).unwrap();
        assert_eq!(g.posterior(0).unwrap(), Gamma::new(13.0, 6.0).unwrap());
        // Normal: the bandit's posterior equals the family's batch update.
        let prior = NormalGamma::new(0.0, 0.1, 1.0, 1.0).unwrap();
        let n = Bandit::new(&[prior], 1, BanditOptions::default()).unwrap();
        let xs = [4.8, 5.1, 5.3, 4.9, 6.0];
        for &x in &xs {
            n.observe(0, x).unwrap();
        }
        let mut want = prior;
        want.update_batch(&xs).unwrap();
        let (got, want) = (n.posterior(0).unwrap().params(), want.params());
        for (g, w) in [(got.0, want.0), (got.1, want.1), (got.2, want.2), (got.3, want.3)] {
            assert!((g - w).abs() <= 1e-12 * w.abs(), "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn discount_moves_data_not_prior() {
        let b = Bandit::new(&[Beta::new(2.0, 3.0).unwrap()], 1, BanditOptions::default()).unwrap();
        b.update(0, 10.0, 40.0).unwrap();
        b.discount(0.5).unwrap();
        assert_eq!(
            b.stats(0).unwrap(),
            BetaStats {
                successes: 5.0,
                failures: 15.0
            }
        );
        assert_eq!(b.posterior(0).unwrap(), Beta::new(7.0, 18.0).unwrap());
        b.discount(1.0).unwrap();
        assert_eq!(b.posterior(0).unwrap(), Beta::new(7.0, 18.0).unwrap());
        let n = Bandit::new(
            &[NormalGamma::new(0.0, 1.0, 1.0, 1.0).unwrap()],
            1,
            BanditOptions::default(),
        )
        .unwrap();
        for x in [1.0, 2.0, 3.0] {
            n.observe(0, x).unwrap();
        }
        n.discount(0.25).unwrap();
        let s = n.stats(0).unwrap();
        assert_eq!((s.n, s.mean, s.ss), (0.75, 2.0, 0.5));
    }

    #[test]
    fn top_two_plays_the_leader_about_beta_of_the_time() {
        // One arm clearly best: top-two plays it with probability β.
        let b = beta_bandit(4);
        b.update(0, 900.0, 1000.0).unwrap();
        for arm in 1..4 {
            b.update(arm, 100.0, 1000.0).unwrap();
        }
        let mut rng = Rng::seed_from_u64(3);
        let n = 20_000;
        let leader = (0..n).filter(|_| b.choose_top_two(&mut rng) == 0).count();
        let share = leader as f64 / n as f64;
        // Binomial(20000, 0.5): sd 0.0035.
        assert!((share - 0.5).abs() < 0.02, "{share}");
        assert_eq!(beta_bandit(1).choose_top_two(&mut rng), 0);
    }

    #[test]
    fn cached_samplers_have_the_right_moments() {
        // Mean and variance of 400,000 draws within 5 standard errors (the
        // variance's standard error from the fourth moment, bounded by
        // 2·var/√n for these near-normal shapes; 3·var/√n for the skewed ones).
        let mut rng = Rng::seed_from_u64(8);
        let n = 400_000;
        let check = |draws: &[f64], mean: f64, var: f64, what: &str| {
            let m = draws.iter().sum::<f64>() / n as f64;
            let v = draws.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n as f64 - 1.0);
            let sd = var.sqrt();
            assert!(
                (m - mean).abs() < 5.0 * sd / (n as f64).sqrt(),
                "{what}: mean {m} vs {mean}"
            );
            assert!(
                (v - var).abs() < 5.0 * 3.0 * var / (n as f64).sqrt(),
                "{what}: var {v} vs {var}"
            );
        };
        for (a, b) in [
            (1.0, 1.0),
            (2.0, 30.0),
            (21.0, 981.0),
            (0.5, 0.5),
            (0.3, 4.0),
            (1e4, 2e4),
        ] {
            let p = Beta::new(a, b).unwrap();
            let s = <Beta as Family>::sampler(&p);
            let xs: Vec<f64> = (0..n).map(|_| <Beta as Family>::sample(&s, &mut rng)).collect();
            check(&xs, p.mean(), p.variance(), &format!("Beta({a}, {b})"));
        }
        for (a, r) in [(1.0, 1.0), (3.5, 0.5), (0.4, 2.0), (500.0, 20.0)] {
            let p = Gamma::new(a, r).unwrap();
            let s = <Gamma as Family>::sampler(&p);
            let xs: Vec<f64> = (0..n).map(|_| <Gamma as Family>::sample(&s, &mut rng)).collect();
            check(&xs, p.mean(), p.variance(), &format!("Gamma({a}, {r})"));
        }
    }
}
