//! # bayeskit
//!
//! Bayesian inference for services in any language: this crate is the safe,
//! pure-Rust core; the C ABI (`bk_*`, `include/bayeskit.h`) is the
//! `bayeskit-capi` crate of the same workspace, the command-line tool
//! `bayeskit-cli`.
//!
//! Modules:
//! - [`posterior`]: Bayes' rule over finite hypotheses and conjugate families
//!   (Beta–Binomial, Gamma–Poisson, Dirichlet–categorical, Normal with known
//!   variance, Normal–Gamma), intervals,
//!   predictive, evidence and A/B comparisons; what the families share is
//!   stated by the traits [`Conjugate`], [`Univariate`] and
//!   [`UnivariatePosterior`];
//! - [`special`]: the special functions those need (log-gamma, incomplete
//!   beta and gamma and their inverses), accurate to ~1e-12 against scipy;
//! - [`dirichlet_fit`]: Dirichlet–multinomial priors from count rows;
//! - [`prior_fit`]: Beta and Gamma priors fitted from past experiments
//!   (beta-binomial and gamma–Poisson maximum likelihood);
//! - [`sequential`]: peek-safe A/B decisions (Bayes factors, the mSPRT's
//!   always-valid p-values and confidence sequences, and a simulator);
//! - [`bandit`]: Thompson-sampling bandits (and top-two sampling) over the
//!   conjugate families, safe to share between threads;
//! - [`logistic`]: sparse multinomial logistic regression (the JSON export of
//!   models needs the feature `json`).
//!
//! # Example: is B better than A?
//! ```
//! use bayeskit::{compare, Beta};
//! // 20 conversions out of 1000 for A, 30 out of 1000 for B, uniform priors.
//! let mut a = Beta::new(1.0, 1.0)?;
//! a.update(20.0, 980.0)?;
//! let mut b = Beta::new(1.0, 1.0)?;
//! b.update(30.0, 970.0)?;
//! let c = compare(&a, &b)?;
//! println!("P(B > A) = {:.3}", c.prob_b_greater);
//! # Ok::<(), bayeskit::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod bandit;
mod bytes;
pub mod dirichlet_fit;
pub mod error;
pub mod limits;
pub mod logistic;
pub mod posterior;
pub mod prior_fit;
mod quadrature;
mod rng;
pub mod sequential;
pub mod special;

pub use error::{Error, Result};
pub use posterior::{
    compare, compare_mc, lift_interval, lift_quantile, prob_best, Beta, Comparison, Conjugate, Dirichlet,
    Gamma, Hypotheses, LiftInterval, Method, Normal, NormalGamma, NormalKnownVariance, StudentT, Univariate,
    UnivariatePosterior, DEFAULT_LEVEL, LIFT_TAIL_LIMIT, MAX_ARMS,
};
pub use rng::Rng;

/// The README's Rust example, compiled and run by `cargo test --doc`.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

/// The example in `docs/comparisons.md`, compiled and run by `cargo test --doc`.
#[doc = include_str!("../docs/comparisons.md")]
#[cfg(doctest)]
pub struct ComparisonsDoctests;
