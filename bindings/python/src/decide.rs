//! Priors fitted from past experiments (`bayeskit::prior_fit`) and peek-safe A/B
//! decisions (`bayeskit::sequential`): Bayes factors, the mSPRT and the simulation
//! of the stopping rules.

use crate::{invalid, Py3};
use bayeskit::prior_fit::{fit_beta_prior, fit_gamma_prior, PriorFitOptions};
use bayeskit::sequential::{
    bayes_factor_proportions, bayes_factor_rates, simulate, AlwaysValid as CoreAlwaysValid, Effect,
    RuleReport, Simulation,
};
use bayeskit::{Beta, Gamma};
use numpy::PyReadonlyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;

fn options(max_iter: usize, tol: f64) -> PriorFitOptions {
    PriorFitOptions { max_iter, tol }
}

/// The common part of both fits' dicts (the Python side builds the dataclasses).
#[allow(clippy::too_many_arguments)]
fn fit_dict<'py>(
    py: Python<'py>,
    outcome: &'static str,
    params: (f64, f64),
    std_errors: [f64; 2],
    loglik: f64,
    loglik_limit: f64,
    lr: (f64, f64),
    ic: (f64, f64),
    iterations: usize,
    rows: u64,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("outcome", outcome)?;
    d.set_item("params", params)?;
    d.set_item("std_errors", (std_errors[0], std_errors[1]))?;
    d.set_item("loglik", loglik)?;
    d.set_item("loglik_limit", loglik_limit)?;
    d.set_item("lr_stat", lr.0)?;
    d.set_item("lr_pvalue", lr.1)?;
    d.set_item("aic", ic.0)?;
    d.set_item("bic", ic.1)?;
    d.set_item("iterations", iterations)?;
    d.set_item("rows", rows)?;
    Ok(d)
}

/// A Beta prior fitted to past (successes, trials) (GIL released); the prior is
/// `params` when `prior_error` is None.
#[pyfunction]
fn beta_prior_fit<'py>(
    py: Python<'py>,
    successes: PyReadonlyArray1<'py, u64>,
    trials: PyReadonlyArray1<'py, u64>,
    max_iter: usize,
    tol: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let (s, n) = (successes.as_slice()?, trials.as_slice()?);
    let f = py.detach(|| fit_beta_prior(s, n, &options(max_iter, tol))).py()?;
    let d = fit_dict(
        py,
        f.outcome.name(),
        (f.alpha, f.beta),
        f.std_errors,
        f.loglik,
        f.loglik_binomial,
        (f.lr_stat, f.lr_pvalue),
        (f.aic, f.bic),
        f.iterations,
        f.rows,
    )?;
    d.set_item("prior_error", f.prior().err().map(|e| e.to_string()))?;
    Ok(d)
}

/// A Gamma prior fitted to past (count, exposure) (GIL released).
#[pyfunction]
fn gamma_prior_fit<'py>(
    py: Python<'py>,
    counts: PyReadonlyArray1<'py, u64>,
    exposures: PyReadonlyArray1<'py, f64>,
    max_iter: usize,
    tol: f64,
) -> PyResult<Bound<'py, PyDict>> {
    let (c, t) = (counts.as_slice()?, exposures.as_slice()?);
    let f = py
        .detach(|| fit_gamma_prior(c, t, &options(max_iter, tol)))
        .py()?;
    let d = fit_dict(
        py,
        f.outcome.name(),
        (f.shape, f.rate),
        f.std_errors,
        f.loglik,
        f.loglik_poisson,
        (f.lr_stat, f.lr_pvalue),
        (f.aic, f.bic),
        f.iterations,
        f.rows,
    )?;
    d.set_item("prior_error", f.prior().err().map(|e| e.to_string()))?;
    Ok(d)
}

/// ln BF₁₀ of two binomial arms (successes, trials) under a Beta(α, β) prior.
#[pyfunction]
fn bayes_factor_beta(prior: (f64, f64), a: (u64, u64), b: (u64, u64)) -> PyResult<f64> {
    let p = Beta::new(prior.0, prior.1).py()?;
    bayes_factor_proportions(&p, a, b).py()
}

/// ln BF₁₀ of two Poisson arms (count, exposure) under a Gamma(shape, rate) prior.
#[pyfunction]
fn bayes_factor_gamma(prior: (f64, f64), a: (u64, f64), b: (u64, f64)) -> PyResult<f64> {
    let p = Gamma::new(prior.0, prior.1).py()?;
    bayes_factor_rates(&p, a, b).py()
}

/// The mSPRT (mutable: each look narrows it).
#[pyclass(module = "bayeskit._native")]
pub struct AlwaysValid {
    inner: CoreAlwaysValid,
}

type LookTuple = (f64, f64, f64, f64, f64, f64, bool);

#[pymethods]
impl AlwaysValid {
    #[staticmethod]
    fn proportions(alpha: f64, mixing_sd: f64) -> PyResult<Self> {
        Ok(AlwaysValid {
            inner: CoreAlwaysValid::proportions(alpha, mixing_sd).py()?,
        })
    }

    #[staticmethod]
    fn rates(alpha: f64, mixing_sd: f64) -> PyResult<Self> {
        Ok(AlwaysValid {
            inner: CoreAlwaysValid::rates(alpha, mixing_sd).py()?,
        })
    }

    /// (estimate, std_error, likelihood_ratio, p_value, lower, upper, reject); a
    /// failed look leaves the test as it was (the core's guarantee).
    fn look(&mut self, a: (f64, f64), b: (f64, f64)) -> PyResult<LookTuple> {
        let l = self.inner.look(a, b).py()?;
        Ok((
            l.estimate,
            l.std_error,
            l.likelihood_ratio,
            l.p_value,
            l.lower,
            l.upper,
            l.reject,
        ))
    }

    #[getter]
    fn effect(&self) -> &'static str {
        match self.inner.effect() {
            Effect::ProportionDifference => "proportion_difference",
            Effect::LogRateRatio => "log_rate_ratio",
        }
    }

    #[getter]
    fn looks(&self) -> u64 {
        self.inner.looks()
    }

    fn copy(&self) -> Self {
        AlwaysValid {
            inner: self.inner.clone(),
        }
    }
}

type RuleTuple = (u32, f64, f64, f64);

fn rule(r: RuleReport) -> RuleTuple {
    (r.stopped, r.rate, r.std_error, r.median_stop)
}

fn u32_arg(name: &str, v: u64) -> PyResult<u32> {
    u32::try_from(v).map_err(|_| invalid(format!("{name} must be at most {}, got {v}", u32::MAX)))
}

/// Simulates the naive rule, the Bayes factor and the mSPRT (GIL released):
/// (naive, bayes_factor, always_valid) as (stopped, rate, std_error, median_stop).
#[allow(clippy::too_many_arguments)]
#[pyfunction]
fn simulate_ab(
    py: Python<'_>,
    rate_a: f64,
    rate_b: f64,
    per_look: u64,
    looks: u64,
    experiments: u64,
    alpha: f64,
    mixing_sd: f64,
    naive_threshold: f64,
    prior: (f64, f64),
    seed: u64,
) -> PyResult<(RuleTuple, RuleTuple, RuleTuple)> {
    let s = Simulation {
        rate_a,
        rate_b,
        per_look,
        looks: u32_arg("looks", looks)?,
        experiments: u32_arg("experiments", experiments)?,
        alpha,
        mixing_sd,
        naive_threshold,
        prior: Beta::new(prior.0, prior.1).py()?,
        seed,
    };
    let r = py.detach(|| simulate(&s)).py()?;
    Ok((rule(r.naive), rule(r.bayes_factor), rule(r.always_valid)))
}

/// The defaults of this module's options (read by `defaults()`).
pub(crate) fn defaults(d: &Bound<'_, PyDict>) -> PyResult<()> {
    use bayeskit::sequential::{DEFAULT_ALPHA, DEFAULT_PROPORTION_MIXING_SD, DEFAULT_RATE_MIXING_SD};
    let p = PriorFitOptions::default();
    d.set_item("prior_fit_max_iter", p.max_iter)?;
    d.set_item("prior_fit_tol", p.tol)?;
    d.set_item("alpha", DEFAULT_ALPHA)?;
    d.set_item("proportion_mixing_sd", DEFAULT_PROPORTION_MIXING_SD)?;
    d.set_item("rate_mixing_sd", DEFAULT_RATE_MIXING_SD)?;
    let s = Simulation::default();
    d.set_item("sim_rate_a", s.rate_a)?;
    d.set_item("sim_rate_b", s.rate_b)?;
    d.set_item("sim_per_look", s.per_look)?;
    d.set_item("sim_looks", s.looks)?;
    d.set_item("sim_experiments", s.experiments)?;
    d.set_item("sim_alpha", s.alpha)?;
    d.set_item("sim_mixing_sd", s.mixing_sd)?;
    d.set_item("sim_naive_threshold", s.naive_threshold)?;
    d.set_item("sim_prior", (s.prior.alpha(), s.prior.beta()))?;
    d.set_item("sim_seed", s.seed)?;
    Ok(())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<AlwaysValid>()?;
    m.add_function(wrap_pyfunction!(beta_prior_fit, m)?)?;
    m.add_function(wrap_pyfunction!(gamma_prior_fit, m)?)?;
    m.add_function(wrap_pyfunction!(bayes_factor_beta, m)?)?;
    m.add_function(wrap_pyfunction!(bayes_factor_gamma, m)?)?;
    m.add_function(wrap_pyfunction!(simulate_ab, m)?)?;
    Ok(())
}
