//! Peek-safe A/B decisions: rules whose error stays controlled however often
//! one looks at a running experiment.
//!
//! Looking at "P(B > A) > 0.95" every day and stopping the first time it holds
//! inflates false positives: with 28 daily looks at an A/A test it fires in
//! about a quarter of experiments ([`simulate`] measures it). Two rules do not:
//!
//! - **A Bayes factor** for "A and B differ" (H₁: independent rates, each with
//!   the stated prior) against "A and B are equal" (H₀: one common rate with the
//!   same prior), from the closed-form marginal likelihoods of the conjugate
//!   families: [`bayes_factor_proportions`] (Beta–Binomial) and
//!   [`bayes_factor_rates`] (Gamma–Poisson). BF₁₀ is a non-negative martingale
//!   under H₀'s prior predictive distribution, so by Ville's inequality
//!   P(BF₁₀ ever reaches k | H₀) ≤ 1/k: stopping at BF₁₀ ≥ 1/α keeps the false
//!   positive rate below α *averaged over the prior on the common rate*. For one
//!   fixed common rate it is approximately so (the simulation reports it).
//! - **The mixture sequential probability ratio test** (mSPRT; Johari, Pekelis
//!   and Walsh, "Always valid inference", 2017), [`AlwaysValid`]: for the
//!   difference of two proportions p_B − p_A, or the log ratio of two Poisson
//!   rates ln(λ_B/λ_A), with a normal mixing distribution N(0, τ²) over the
//!   effect. Its always-valid p-value may be checked after every look: under
//!   "no difference", P(it ever falls to α) ≤ α, up to the normal approximation
//!   of the estimate (accurate once each arm has a few dozen events). Its
//!   confidence sequence covers the true effect at every look at once with
//!   probability ≥ 1 − α.
//!
//! # The mSPRT
//! At a look with estimate θ̂ and variance V (below), the mixture likelihood
//! ratio of θ against θ₀ = 0 is
//! Λ = √(V/(V + τ²)) · exp(θ̂²τ² / (2V(V + τ²))); the always-valid p-value is
//! the running minimum of min(1, 1/Λ), and the confidence sequence the running
//! intersection of θ̂ ± √(V(V + τ²)/τ² · (2 ln(1/α) + ln((V + τ²)/V))).
//! - Proportions: θ̂ = s_B/n_B − s_A/n_A, V = p̃_A(1 − p̃_A)/n_A + p̃_B(1 − p̃_B)/n_B
//!   with p̃ = (s + ½)/(n + 1) (so an arm without successes still has a variance).
//! - Rates: θ̂ = ln((y_B + ½)/t_B) − ln((y_A + ½)/t_A), V = 1/(y_A + ½) + 1/(y_B + ½):
//!   scale-free, so one default τ serves every unit of exposure.
//!
//! τ is the size of the effects the test is tuned for: the p-value stays valid
//! for any τ fixed before the data, and falls fastest for effects near τ (much
//! smaller effects take longer, much larger ones are found a little later than
//! with the best τ). The defaults: τ = 0.01 for proportions (one percentage
//! point, [`DEFAULT_PROPORTION_MIXING_SD`]) and τ = 0.1 for rates (10 %,
//! [`DEFAULT_RATE_MIXING_SD`]); set it from the effects past experiments showed.
//!
//! # Example
//! ```
//! use bayeskit::sequential::{bayes_factor_proportions, AlwaysValid};
//! use bayeskit::Beta;
//! let mut test = AlwaysValid::proportions(0.05, 0.01)?;
//! // Cumulative (successes, trials) of A and B at three daily looks.
//! for (a, b) in [((40.0, 2000.0), (62.0, 2000.0)), ((85.0, 4000.0), (131.0, 4000.0)), ((120.0, 6000.0), (199.0, 6000.0))] {
//!     let look = test.look(a, b)?;
//!     println!("p = {:.4}, lift in [{:.4}, {:.4}]", look.p_value, look.lower, look.upper);
//! }
//! let ln_bf = bayes_factor_proportions(&Beta::new(1.0, 1.0)?, (120, 6000), (199, 6000))?;
//! assert!(ln_bf > 0.0);
//! # Ok::<(), bayeskit::Error>(())
//! ```

use crate::error::{check_positive, check_probability, Error, Result};
use crate::limits::{check_range, try_vec};
use crate::posterior::{compare, Beta, Gamma};
use crate::special::ln_gamma;
use crate::Rng;
use rand_distr::{Binomial, Distribution};

/// The default mixing standard deviation τ of [`AlwaysValid::proportions`]:
/// one percentage point of difference between the two proportions.
pub const DEFAULT_PROPORTION_MIXING_SD: f64 = 0.01;

/// The default mixing standard deviation τ of [`AlwaysValid::rates`]: a 10 %
/// difference of the log rates.
pub const DEFAULT_RATE_MIXING_SD: f64 = 0.1;

/// The default false-positive bound α of the sequential rules.
pub const DEFAULT_ALPHA: f64 = 0.05;

/// ln BF₁₀ for "A and B differ" against "A and B are equal", for binomial
/// data (successes, trials) per arm, with `prior` on each rate under H₁ and on
/// the common rate under H₀:
/// ln B(α + s_A, β + f_A) + ln B(α + s_B, β + f_B) − ln B(α, β) − ln B(α + s, β + f),
/// s and f the pooled successes and failures.
///
/// # Errors
/// [`Error::InvalidArgument`] if an arm has more successes than trials.
pub fn bayes_factor_proportions(prior: &Beta, a: (u64, u64), b: (u64, u64)) -> Result<f64> {
    for (arm, (s, n)) in [("A", a), ("B", b)] {
        if s > n {
            return Err(Error::invalid(format!(
                "arm {arm}: {s} successes is more than its {n} trials"
            )));
        }
    }
    let (sa, fa) = (a.0 as f64, (a.1 - a.0) as f64);
    let (sb, fb) = (b.0 as f64, (b.1 - b.0) as f64);
    Ok(prior.ln_marginal(sa, fa)? + prior.ln_marginal(sb, fb)? - prior.ln_marginal(sa + sb, fa + fb)?)
}

/// ln BF₁₀ for "A and B differ" against "A and B are equal", for Poisson data
/// (count, exposure) per arm, with `prior` = Gamma(a, b) on each rate under H₁
/// and on the common rate under H₀: the Gamma–Poisson evidence
/// E(y, t) = ln Γ(a + y) − ln Γ(a) + a·ln b − (a + y)·ln(b + t) of each arm,
/// minus that of the pooled arm, E(y_A, t_A) + E(y_B, t_B) − E(y_A + y_B, t_A + t_B)
/// (the Poisson terms t^y/y! cancel).
///
/// # Errors
/// [`Error::InvalidArgument`] for an exposure that is not finite and positive.
pub fn bayes_factor_rates(prior: &Gamma, a: (u64, f64), b: (u64, f64)) -> Result<f64> {
    check_positive("exposure of A", a.1)?;
    check_positive("exposure of B", b.1)?;
    let (sh, r) = (prior.shape(), prior.rate());
    let evidence = |y: f64, t: f64| ln_gamma(sh + y) - ln_gamma(sh) - sh * (t / r).ln_1p() - y * (r + t).ln();
    let (ya, yb) = (a.0 as f64, b.0 as f64);
    // The y·ln(b + t) terms do not cancel between H₁ and H₀; the others do.
    Ok(evidence(ya, a.1) + evidence(yb, b.1) - evidence(ya + yb, a.1 + b.1))
}

/// What an [`AlwaysValid`] test compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// p_B − p_A, from (successes, trials) per arm.
    ProportionDifference,
    /// ln(λ_B/λ_A), from (count, exposure) per arm.
    LogRateRatio,
}

/// The mixture sequential probability ratio test of Johari, Pekelis and Walsh
/// (see the module docs): feed it the cumulative counts at each look.
#[derive(Debug, Clone, PartialEq)]
pub struct AlwaysValid {
    effect: Effect,
    alpha: f64,
    tau2: f64,
    p_value: f64,
    lower: f64,
    upper: f64,
    looks: u64,
}

/// One look of an [`AlwaysValid`] test.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Look {
    /// θ̂: p_B − p_A, or ln(λ_B/λ_A) (with ½ added to each count).
    pub estimate: f64,
    /// √V, the estimate's standard error.
    pub std_error: f64,
    /// The mixture likelihood ratio Λ of this look.
    pub likelihood_ratio: f64,
    /// The always-valid p-value: the smallest min(1, 1/Λ) over the looks so far.
    pub p_value: f64,
    /// The confidence sequence at this look: the intersection of the intervals
    /// of every look so far (the effect's scale: difference or log ratio).
    pub lower: f64,
    /// See `lower`.
    pub upper: f64,
    /// Whether p ≤ α: "A and B differ" may be declared now, whenever one looks.
    pub reject: bool,
}

impl AlwaysValid {
    /// A test of two proportions at level `alpha` with mixing sd τ in units of
    /// the difference of proportions ([`DEFAULT_PROPORTION_MIXING_SD`]).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] unless 0 < α < 1 and τ is finite and > 0.
    pub fn proportions(alpha: f64, mixing_sd: f64) -> Result<Self> {
        Self::new(Effect::ProportionDifference, alpha, mixing_sd)
    }

    /// A test of two Poisson rates at level `alpha` with mixing sd τ in units
    /// of the log rate ratio ([`DEFAULT_RATE_MIXING_SD`]).
    ///
    /// # Errors
    /// As [`AlwaysValid::proportions`].
    pub fn rates(alpha: f64, mixing_sd: f64) -> Result<Self> {
        Self::new(Effect::LogRateRatio, alpha, mixing_sd)
    }

    fn new(effect: Effect, alpha: f64, mixing_sd: f64) -> Result<Self> {
        let alpha = check_probability("alpha", alpha)?;
        if !(alpha > 0.0 && alpha < 1.0) {
            return Err(Error::invalid(format!("alpha must be in (0, 1), got {alpha}")));
        }
        let tau = check_positive("mixing_sd", mixing_sd)?;
        Ok(AlwaysValid {
            effect,
            alpha,
            tau2: tau * tau,
            p_value: 1.0,
            lower: f64::NEG_INFINITY,
            upper: f64::INFINITY,
            looks: 0,
        })
    }

    /// What the test compares.
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// Looks taken so far.
    pub fn looks(&self) -> u64 {
        self.looks
    }

    /// The next look, from the cumulative (successes, trials) — or (count,
    /// exposure) for rates — of each arm. A look that fails leaves the test as
    /// it was.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for counts that are not finite and ≥ 0, more
    /// successes than trials, or no trials (exposure) in an arm.
    pub fn look(&mut self, a: (f64, f64), b: (f64, f64)) -> Result<Look> {
        let (estimate, v) = self.estimate(a, b)?;
        let (tau2, alpha) = (self.tau2, self.alpha);
        let ln_lr = 0.5 * (v / (v + tau2)).ln() + estimate * estimate * tau2 / (2.0 * v * (v + tau2));
        let half = (v * (v + tau2) / tau2 * (2.0 * (1.0 / alpha).ln() + ((v + tau2) / v).ln())).sqrt();
        if !(ln_lr.is_finite() && half.is_finite()) {
            return Err(Error::invalid(format!(
                "the look's estimate {estimate} or variance {v} is not usable"
            )));
        }
        self.looks += 1;
        self.p_value = self.p_value.min((-ln_lr).exp().min(1.0));
        let (lo, hi) = (self.lower.max(estimate - half), self.upper.min(estimate + half));
        // The intersection is empty only when the normal approximation failed
        // between looks; then the current look's interval stands.
        (self.lower, self.upper) = if lo <= hi {
            (lo, hi)
        } else {
            (estimate - half, estimate + half)
        };
        Ok(Look {
            estimate,
            std_error: v.sqrt(),
            likelihood_ratio: ln_lr.exp(),
            p_value: self.p_value,
            lower: self.lower,
            upper: self.upper,
            reject: self.p_value <= alpha,
        })
    }

    /// (θ̂, V) of a look.
    fn estimate(&self, a: (f64, f64), b: (f64, f64)) -> Result<(f64, f64)> {
        for (arm, (x, n)) in [("A", a), ("B", b)] {
            if !(x.is_finite() && x >= 0.0 && n.is_finite() && n > 0.0) {
                return Err(Error::invalid(format!(
                    "arm {arm}: counts must be finite, >= 0, with > 0 trials or exposure; got ({x}, {n})"
                )));
            }
            if self.effect == Effect::ProportionDifference && x > n {
                return Err(Error::invalid(format!(
                    "arm {arm}: {x} successes is more than its {n} trials"
                )));
            }
        }
        Ok(match self.effect {
            Effect::ProportionDifference => {
                let var = |(s, n): (f64, f64)| {
                    let p = (s + 0.5) / (n + 1.0);
                    p * (1.0 - p) / n
                };
                (b.0 / b.1 - a.0 / a.1, var(a) + var(b))
            }
            Effect::LogRateRatio => (
                ((b.0 + 0.5) / b.1).ln() - ((a.0 + 0.5) / a.1).ln(),
                1.0 / (a.0 + 0.5) + 1.0 / (b.0 + 0.5),
            ),
        })
    }
}

// ---------------------------------------------------------------- simulation

/// An A/B experiment to simulate, looked at after every `per_look` visitors
/// per arm, with the three rules of [`simulate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    /// True conversion rates of A and B (equal for an A/A experiment).
    pub rate_a: f64,
    /// See `rate_a`.
    pub rate_b: f64,
    /// New visitors per arm between looks.
    pub per_look: u64,
    /// Looks per experiment.
    pub looks: u32,
    /// Experiments simulated.
    pub experiments: u32,
    /// α of the Bayes factor rule (stop at BF₁₀ ≥ 1/α) and the mSPRT.
    pub alpha: f64,
    /// τ of the mSPRT.
    pub mixing_sd: f64,
    /// The naive rule stops the first time P(B > A) exceeds this (declaring B
    /// the winner), as a dashboard checked daily would.
    pub naive_threshold: f64,
    /// The prior of the naive rule's posteriors and of the Bayes factor.
    pub prior: Beta,
    /// Seed of the visitors' draws: one seed, one report, on every platform.
    pub seed: u64,
}

impl Default for Simulation {
    /// An A/A experiment at 5 % conversion, 28 looks of 1,000 visitors per arm,
    /// 10,000 experiments, α = 0.05, τ = 0.01, naive threshold 0.95, uniform prior.
    fn default() -> Self {
        Simulation {
            rate_a: 0.05,
            rate_b: 0.05,
            per_look: 1000,
            looks: 28,
            experiments: 10_000,
            alpha: DEFAULT_ALPHA,
            mixing_sd: DEFAULT_PROPORTION_MIXING_SD,
            naive_threshold: 0.95,
            prior: Beta::new(1.0, 1.0).expect("valid"),
            seed: 0,
        }
    }
}

/// How one rule did over the simulated experiments.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RuleReport {
    /// Experiments in which the rule declared a difference at some look.
    pub stopped: u32,
    /// stopped / experiments: the false-positive rate of an A/A experiment, the
    /// power otherwise.
    pub rate: f64,
    /// Its binomial standard error √(rate(1 − rate)/experiments).
    pub std_error: f64,
    /// The median look (1-based) at which the stopped experiments stopped; NaN
    /// if none stopped.
    pub median_stop: f64,
}

/// What [`simulate`] found for each rule.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct SimulationReport {
    /// Stop when P(B > A) > `naive_threshold` (exact, [`compare`]).
    pub naive: RuleReport,
    /// Stop when BF₁₀ ≥ 1/α.
    pub bayes_factor: RuleReport,
    /// Stop when the mSPRT's always-valid p-value ≤ α.
    pub always_valid: RuleReport,
}

/// Simulates experiments with binomial visitors and reports, for the naive
/// rule, the Bayes factor and the mSPRT, how often each declared a difference
/// and when.
///
/// # Errors
/// [`Error::InvalidArgument`] for rates outside [0, 1], zero looks, visitors
/// per look or experiments, more than [`MAX_LOOKS`] looks, or bad α, τ or
/// threshold. Its memory is three counts per look, whatever the number of
/// experiments (their time is theirs to choose).
pub fn simulate(s: &Simulation) -> Result<SimulationReport> {
    check_probability("rate_a", s.rate_a)?;
    check_probability("rate_b", s.rate_b)?;
    check_probability("naive_threshold", s.naive_threshold)?;
    if s.per_look == 0 || s.looks == 0 || s.experiments == 0 {
        return Err(Error::invalid(format!(
            "per_look, looks and experiments must be > 0, got {}, {}, {}",
            s.per_look, s.looks, s.experiments
        )));
    }
    // Validates α and τ.
    AlwaysValid::proportions(s.alpha, s.mixing_sd)?;
    let bf_threshold = (1.0 / s.alpha).ln();
    let draws = |p: f64| Binomial::new(s.per_look, p).map_err(|e| Error::invalid(e.to_string()));
    let (draw_a, draw_b) = (draws(s.rate_a)?, draws(s.rate_b)?);
    let mut rng = Rng::seed_from_u64(s.seed);
    check_range("looks", u64::from(s.looks), 1, MAX_LOOKS)?;
    // Per rule, how many experiments first stopped at each look (index 0: never).
    let mut stops = [
        try_vec(s.looks as usize + 1, 0u32, "the simulation's stopping looks")?,
        try_vec(s.looks as usize + 1, 0u32, "the simulation's stopping looks")?,
        try_vec(s.looks as usize + 1, 0u32, "the simulation's stopping looks")?,
    ];
    for _ in 0..s.experiments {
        let mut test = AlwaysValid::proportions(s.alpha, s.mixing_sd)?;
        let (mut a, mut b) = ((0u64, 0u64), (0u64, 0u64));
        let mut first = [0u32; 3];
        for look in 1..=s.looks {
            a = (a.0 + draw_a.sample(&mut rng.0), a.1 + s.per_look);
            b = (b.0 + draw_b.sample(&mut rng.0), b.1 + s.per_look);
            if first[0] == 0 {
                let mut pa = s.prior;
                pa.update(a.0 as f64, (a.1 - a.0) as f64)?;
                let mut pb = s.prior;
                pb.update(b.0 as f64, (b.1 - b.0) as f64)?;
                if compare(&pa, &pb)?.prob_b_greater > s.naive_threshold {
                    first[0] = look;
                }
            }
            if first[1] == 0 && bayes_factor_proportions(&s.prior, a, b)? >= bf_threshold {
                first[1] = look;
            }
            let as_f64 = |(x, n): (u64, u64)| (x as f64, n as f64);
            if first[2] == 0 && test.look(as_f64(a), as_f64(b))?.reject {
                first[2] = look;
            }
        }
        for (stop, f) in stops.iter_mut().zip(first) {
            stop[f as usize] += 1;
        }
    }
    let report = |stop: &[u32]| {
        let n = f64::from(s.experiments);
        let stopped: u32 = stop[1..].iter().sum();
        let rate = f64::from(stopped) / n;
        // The k-th (1-based) stopping look in order.
        let kth = |k: u32| {
            let mut seen = 0;
            stop.iter().enumerate().skip(1).find_map(|(look, &c)| {
                seen += c;
                (seen >= k).then_some(look as f64)
            })
        };
        let median_stop = match stopped {
            0 => f64::NAN,
            m if m % 2 == 1 => kth(m / 2 + 1).unwrap_or(f64::NAN),
            m => 0.5 * (kth(m / 2).unwrap_or(f64::NAN) + kth(m / 2 + 1).unwrap_or(f64::NAN)),
        };
        RuleReport {
            stopped,
            rate,
            std_error: (rate * (1.0 - rate) / n).sqrt(),
            median_stop,
        }
    };
    Ok(SimulationReport {
        naive: report(&stops[0]),
        bayes_factor: report(&stops[1]),
        always_valid: report(&stops[2]),
    })
}

/// The most looks [`simulate`] takes per experiment.
pub const MAX_LOOKS: u64 = 1_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_bayes_factor_is_the_difference_of_the_families_evidence() {
        // Through Gamma::ln_marginal, whose Poisson terms cancel between H1 and H0.
        let prior = Gamma::new(2.0, 3.0).unwrap();
        let (a, b) = ((12u64, 4.0), (30u64, 5.0));
        let m = |y: &[f64], t: &[f64]| prior.ln_marginal(y, t).unwrap();
        let want = m(&[12.0], &[4.0]) + m(&[30.0], &[5.0]) - m(&[12.0, 30.0], &[4.0, 5.0]);
        let got = bayes_factor_rates(&prior, a, b).unwrap();
        assert!(
            (got - want).abs() < 1e-12 * want.abs().max(1.0),
            "{got} vs {want}"
        );
    }
}
