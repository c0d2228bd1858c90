//! Thompson-sampling bandits (`bayeskit::bandit`) over Beta, Gamma and
//! Normal–Gamma arms. The core's bandit is `Send + Sync` with its own lock, so the
//! Python object is shared across threads as is.

use crate::posterior::{method, MethodTuple};
use crate::{invalid, zeros, Py3, RngArg};
use bayeskit::bandit::{
    simulate_bernoulli, AnyBandit, Bandit as CoreBandit, BanditOptions, Family, ReportOptions, Update,
    MAX_BANDIT_ARMS,
};
use bayeskit::{Beta, Gamma, NormalGamma};
use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A bandit of `k` arms of the family `load` reads each prior's parameters as.
fn with_priors<F: Family>(
    priors: &[Vec<f64>],
    k: usize,
    o: BanditOptions,
    load: impl Fn(&[f64]) -> bayeskit::Result<F>,
) -> PyResult<AnyBandit>
where
    AnyBandit: From<CoreBandit<F>>,
{
    let ps = priors
        .iter()
        .map(|p| load(p))
        .collect::<bayeskit::Result<Vec<_>>>()
        .py()?;
    Ok(CoreBandit::new(&ps, k, o).py()?.into())
}

/// A bandit of one family: "beta", "gamma" or "normal_gamma".
#[pyclass(module = "bayeskit._native", frozen)]
pub struct Bandit {
    arms: AnyBandit,
}

type ReportTuple<'py> = (
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    usize,
    MethodTuple,
    f64,
    f64,
    u64,
);

#[pymethods]
impl Bandit {
    /// `priors`: one parameter list (every arm) or `k` of them (one per arm).
    #[new]
    fn new(family: &str, priors: Vec<Vec<f64>>, k: usize, top_two_beta: f64) -> PyResult<Self> {
        let o = BanditOptions { top_two_beta };
        let want = if family == "normal_gamma" { 4 } else { 2 };
        if let Some(p) = priors.iter().find(|p| p.len() != want) {
            return Err(invalid(format!(
                "a {family} prior has {want} parameters, got {}",
                p.len()
            )));
        }
        let arms = match family {
            "beta" => with_priors(&priors, k, o, |p| Beta::new(p[0], p[1]))?,
            "gamma" => with_priors(&priors, k, o, |p| Gamma::new(p[0], p[1]))?,
            "normal_gamma" => with_priors(&priors, k, o, |p| NormalGamma::new(p[0], p[1], p[2], p[3]))?,
            other => return Err(invalid(format!("unknown bandit family {other:?}"))),
        };
        Ok(Bandit { arms })
    }

    #[getter]
    fn family(&self) -> &'static str {
        match self.arms {
            AnyBandit::Beta(_) => "beta",
            AnyBandit::Gamma(_) => "gamma",
            AnyBandit::NormalGamma(_) => "normal_gamma",
        }
    }

    #[getter]
    fn arms(&self) -> usize {
        self.arms.arms()
    }

    #[getter]
    fn top_two_beta(&self) -> f64 {
        self.arms.options().top_two_beta
    }

    fn choose(&self, mut rng: RngArg<'_>) -> usize {
        rng.with(|r| self.arms.choose(r))
    }

    fn choose_top_two(&self, mut rng: RngArg<'_>) -> usize {
        rng.with(|r| self.arms.choose_top_two(r))
    }

    /// Applies (arm, value, size, weight) updates all at once (or none).
    fn update_batch(&self, py: Python<'_>, updates: Vec<(usize, f64, f64, f64)>) -> PyResult<()> {
        let u: Vec<Update> = updates
            .into_iter()
            .map(|(arm, value, size, weight)| Update {
                arm,
                value,
                size,
                weight,
            })
            .collect();
        py.detach(|| self.arms.update_batch(&u)).py()
    }

    fn discount(&self, gamma: f64) -> PyResult<()> {
        self.arms.discount(gamma).py()
    }

    /// The posterior's parameters.
    fn posterior(&self, arm: usize) -> PyResult<Vec<f64>> {
        match &self.arms {
            AnyBandit::Beta(b) => b.posterior(arm).map(|p| vec![p.alpha(), p.beta()]),
            AnyBandit::Gamma(b) => b.posterior(arm).map(|p| vec![p.shape(), p.rate()]),
            AnyBandit::NormalGamma(b) => b.posterior(arm).map(|p| {
                let (m, k, a, bb) = p.params();
                vec![m, k, a, bb]
            }),
        }
        .py()
    }

    /// The prior's parameters.
    fn prior(&self, arm: usize) -> PyResult<Vec<f64>> {
        match &self.arms {
            AnyBandit::Beta(b) => b.prior(arm).map(|p| vec![p.alpha(), p.beta()]),
            AnyBandit::Gamma(b) => b.prior(arm).map(|p| vec![p.shape(), p.rate()]),
            AnyBandit::NormalGamma(b) => b.prior(arm).map(|p| {
                let (m, k, a, bb) = p.params();
                vec![m, k, a, bb]
            }),
        }
        .py()
    }

    /// The data part of the statistics: (successes, failures), (count,
    /// exposure) or (n, mean, ss).
    fn stats(&self, arm: usize) -> PyResult<Vec<f64>> {
        match &self.arms {
            AnyBandit::Beta(b) => b.stats(arm).map(|s| vec![s.successes, s.failures]),
            AnyBandit::Gamma(b) => b.stats(arm).map(|s| vec![s.count, s.exposure]),
            AnyBandit::NormalGamma(b) => b.stats(arm).map(|s| vec![s.n, s.mean, s.ss]),
        }
        .py()
    }

    /// (prob_best, expected_loss, best, method, value_remaining,
    /// value_remaining_relative, draws).
    fn report<'py>(
        &self,
        py: Python<'py>,
        mut rng: RngArg<'py>,
        draws: u64,
        level: f64,
    ) -> PyResult<ReportTuple<'py>> {
        let k = self.arms();
        let (mut pb, mut loss) = (zeros(k, "prob_best")?, zeros(k, "expected_loss")?);
        let opts = ReportOptions { draws, level };
        let r = rng
            .with(|r| py.detach(|| self.arms.report(r, opts, &mut pb, &mut loss)))
            .py()?;
        Ok((
            pb.into_pyarray(py),
            loss.into_pyarray(py),
            r.best,
            method(r.prob_best_method),
            r.value_remaining,
            r.value_remaining_relative,
            r.draws,
        ))
    }
}

/// (mean_regret, picks, found_best) of a simulated Bernoulli bandit (GIL released).
#[pyfunction]
fn bandit_simulate<'py>(
    py: Python<'py>,
    rates: Vec<f64>,
    rounds: u64,
    runs: u64,
    seed: u64,
    top_two: bool,
    prior: (f64, f64),
) -> PyResult<(f64, Bound<'py, PyArray1<f64>>, f64)> {
    if rates.is_empty() || rates.len() > MAX_BANDIT_ARMS {
        return Err(invalid(format!(
            "a bandit has 1 to {MAX_BANDIT_ARMS} arms, got {} rates",
            rates.len()
        )));
    }
    let p = Beta::new(prior.0, prior.1).py()?;
    let s = py
        .detach(|| simulate_bernoulli(&rates, rounds, runs, seed, top_two, p))
        .py()?;
    Ok((s.mean_regret, s.picks.into_pyarray(py), s.found_best))
}

pub(crate) fn defaults(d: &Bound<'_, PyDict>) -> PyResult<()> {
    d.set_item("top_two_beta", BanditOptions::default().top_two_beta)?;
    let r = ReportOptions::default();
    d.set_item("bandit_report_draws", r.draws)?;
    d.set_item("bandit_report_level", r.level)?;
    d.set_item("max_bandit_arms", MAX_BANDIT_ARMS)?;
    Ok(())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Bandit>()?;
    m.add_function(wrap_pyfunction!(bandit_simulate, m)?)?;
    Ok(())
}
