//! Posterior updating: Bayes' rule over finite hypotheses and closed-form
//! conjugate families.
//!
//! Each conjugate type is a small value with a validated invariant (its
//! parameters are finite and positive). Updates mutate in place, never
//! allocate, and leave the value unchanged when they return an error.
//!
//! What the families share is stated by three traits: [`Univariate`] (the
//! summaries of a distribution of one number), [`Conjugate`] (updating from
//! one observation, a batch or weighted statistics; evidence and predictive)
//! and [`UnivariatePosterior`] (a family's quantity of interest as a
//! [`Univariate`]). Generic code, the identity tests of `tests/conjugate.rs`
//! and the C ABI's entry points are written once over them.

mod beta;
pub mod compare;
mod dirichlet;
mod discrete;
mod gamma;
mod normal;
mod normal_gamma;
mod traits;

pub use beta::Beta;
pub use compare::{
    compare, compare_mc, lift_interval, lift_quantile, prob_best, Arm, Comparison, LiftInterval, Method,
    LIFT_TAIL_LIMIT, MAX_ARMS,
};
pub use dirichlet::Dirichlet;
pub use discrete::Hypotheses;
pub use gamma::Gamma;
pub use normal::{Normal, NormalKnownVariance};
pub use normal_gamma::{NormalGamma, StudentT};
pub use traits::{Conjugate, Univariate, UnivariatePosterior};

/// The credible level of an interval where the caller may leave it out: the
/// lift interval of a comparison summary (the C ABI's `bk_compare_options`),
/// the Monte Carlo predictive of a logistic model
/// ([`McOptions`](crate::logistic::McOptions)) and the CLI's `--level`. This is
/// the one statement of that default; the C ABI, the CLI and the bindings take
/// it from here.
pub const DEFAULT_LEVEL: f64 = 0.95;

use crate::error::{check_level, check_probability, Result};

/// Equal-tailed interval from a quantile function.
pub(crate) fn equal_tailed(level: f64, quantile: impl Fn(f64) -> Result<f64>) -> Result<(f64, f64)> {
    let level = check_level(level)?;
    let tail = 0.5 * (1.0 - level);
    Ok((quantile(tail)?, quantile(1.0 - tail)?))
}

/// Validates a probability argument of a quantile function.
pub(crate) fn check_p(p: f64) -> Result<f64> {
    check_probability("p", p)
}
