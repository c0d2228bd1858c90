//! The conjugate families, comparisons and Bayes' rule over hypotheses.
//!
//! The Python classes are frozen dataclasses of their parameters (as the JVM's
//! records); every computation is a function here of (family, parameters).

use crate::{invalid, zeros, Py3, RngArg};
use bayeskit::posterior::compare::lift_quantile_with_method;
use bayeskit::{
    compare, compare_mc, lift_interval, prob_best, Beta, Dirichlet, Gamma, Hypotheses as CoreHypotheses,
    Method, Normal, NormalGamma, NormalKnownVariance, StudentT, Univariate,
};
use numpy::{IntoPyArray, PyArray1, PyArray2, PyArrayMethods, PyReadonlyArray1};
use pyo3::prelude::*;

/// A distribution of one number, named by the Python side.
enum Uni {
    Beta(Beta),
    Gamma(Gamma),
    Normal(Normal),
    StudentT(StudentT),
}

fn two(family: &str, p: &[f64], want: usize) -> PyResult<()> {
    if p.len() == want {
        Ok(())
    } else {
        Err(invalid(format!(
            "{family} takes {want} parameters, got {}",
            p.len()
        )))
    }
}

impl Uni {
    fn new(family: &str, p: &[f64]) -> PyResult<Uni> {
        Ok(match family {
            "beta" => {
                two(family, p, 2)?;
                Uni::Beta(Beta::new(p[0], p[1]).py()?)
            }
            "gamma" => {
                two(family, p, 2)?;
                Uni::Gamma(Gamma::new(p[0], p[1]).py()?)
            }
            "normal" => {
                two(family, p, 2)?;
                Uni::Normal(Normal::new(p[0], p[1]).py()?)
            }
            "student_t" => {
                two(family, p, 3)?;
                Uni::StudentT(StudentT::new(p[0], p[1], p[2]).py()?)
            }
            _ => return Err(invalid(format!("unknown family {family:?}"))),
        })
    }

    fn get(&self) -> &dyn UniDyn {
        match self {
            Uni::Beta(d) => d,
            Uni::Gamma(d) => d,
            Uni::Normal(d) => d,
            Uni::StudentT(d) => d,
        }
    }
}

/// [`Univariate`] without its generic-free restriction, for dispatch.
trait UniDyn {
    fn mean(&self) -> Option<f64>;
    fn variance(&self) -> Option<f64>;
    fn mode(&self) -> Option<f64>;
    fn ln_pdf(&self, x: f64) -> f64;
    fn cdf(&self, x: f64) -> f64;
    fn quantile(&self, p: f64) -> bayeskit::Result<f64>;
    fn interval(&self, level: f64) -> bayeskit::Result<(f64, f64)>;
    fn sample(&self, rng: &mut bayeskit::Rng) -> f64;
}

impl<T: Univariate> UniDyn for T {
    fn mean(&self) -> Option<f64> {
        Univariate::mean(self)
    }
    fn variance(&self) -> Option<f64> {
        Univariate::variance(self)
    }
    fn mode(&self) -> Option<f64> {
        Univariate::mode(self)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        Univariate::ln_pdf(self, x)
    }
    fn cdf(&self, x: f64) -> f64 {
        Univariate::cdf(self, x)
    }
    fn quantile(&self, p: f64) -> bayeskit::Result<f64> {
        Univariate::quantile(self, p)
    }
    fn interval(&self, level: f64) -> bayeskit::Result<(f64, f64)> {
        Univariate::interval(self, level)
    }
    fn sample(&self, rng: &mut bayeskit::Rng) -> f64 {
        Univariate::sample(self, rng)
    }
}

/// Checks the parameters of a family (raises the core's error).
#[pyfunction]
fn uni_check(family: &str, params: Vec<f64>) -> PyResult<()> {
    Uni::new(family, &params).map(|_| ())
}

/// (mean, variance, mode); None where one does not exist.
#[pyfunction]
fn uni_moments(family: &str, params: Vec<f64>) -> PyResult<(Option<f64>, Option<f64>, Option<f64>)> {
    let u = Uni::new(family, &params)?;
    let d = u.get();
    Ok((d.mean(), d.variance(), d.mode()))
}

/// ln density at each x.
#[pyfunction]
fn uni_ln_pdf<'py>(
    py: Python<'py>,
    family: &str,
    params: Vec<f64>,
    x: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let u = Uni::new(family, &params)?;
    let out: Vec<f64> = x.as_array().iter().map(|&v| u.get().ln_pdf(v)).collect();
    Ok(out.into_pyarray(py))
}

/// cdf at each x.
#[pyfunction]
fn uni_cdf<'py>(
    py: Python<'py>,
    family: &str,
    params: Vec<f64>,
    x: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let u = Uni::new(family, &params)?;
    let out: Vec<f64> = x.as_array().iter().map(|&v| u.get().cdf(v)).collect();
    Ok(out.into_pyarray(py))
}

/// The quantile at each p (all checked before any is computed).
#[pyfunction]
fn uni_quantile<'py>(
    py: Python<'py>,
    family: &str,
    params: Vec<f64>,
    p: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let u = Uni::new(family, &params)?;
    let out = p
        .as_array()
        .iter()
        .map(|&q| u.get().quantile(q))
        .collect::<bayeskit::Result<Vec<f64>>>()
        .py()?;
    Ok(out.into_pyarray(py))
}

/// The equal-tailed interval at `level`.
#[pyfunction]
fn uni_interval(family: &str, params: Vec<f64>, level: f64) -> PyResult<(f64, f64)> {
    Uni::new(family, &params)?.get().interval(level).py()
}

/// `n` seeded draws.
#[pyfunction]
fn uni_sample<'py>(
    py: Python<'py>,
    family: &str,
    params: Vec<f64>,
    n: usize,
    mut rng: RngArg<'py>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let u = Uni::new(family, &params)?;
    check_draws(n)?;
    let mut out = zeros(n, "the draws")?;
    rng.with(|r| out.iter_mut().for_each(|o| *o = u.get().sample(r)));
    Ok(out.into_pyarray(py))
}

/// At most this many draws per call (2 GiB of output; more is a clear error).
const MAX_DRAWS: usize = 1 << 28;

fn check_draws(n: usize) -> PyResult<()> {
    if n > MAX_DRAWS {
        return Err(invalid(format!("n must be at most {MAX_DRAWS}, got {n}")));
    }
    Ok(())
}

// ---- Beta ----------------------------------------------------------------

#[pyfunction]
fn beta_update(a: f64, b: f64, successes: f64, failures: f64) -> PyResult<(f64, f64)> {
    let mut d = Beta::new(a, b).py()?;
    d.update(successes, failures).py()?;
    Ok((d.alpha(), d.beta()))
}

#[pyfunction]
fn beta_ln_predictive(a: f64, b: f64, k: u64, n: u64) -> PyResult<f64> {
    Beta::new(a, b).py()?.ln_predictive(k, n).py()
}

#[pyfunction]
fn beta_ln_marginal(a: f64, b: f64, successes: f64, failures: f64) -> PyResult<f64> {
    Beta::new(a, b).py()?.ln_marginal(successes, failures).py()
}

// ---- Gamma ---------------------------------------------------------------

#[pyfunction]
fn gamma_update(
    shape: f64,
    rate: f64,
    counts: PyReadonlyArray1<'_, f64>,
    exposures: PyReadonlyArray1<'_, f64>,
) -> PyResult<(f64, f64)> {
    let mut d = Gamma::new(shape, rate).py()?;
    d.update_batch(counts.as_slice()?, exposures.as_slice()?).py()?;
    Ok((d.shape(), d.rate()))
}

#[pyfunction]
fn gamma_ln_predictive(shape: f64, rate: f64, k: u64, exposure: f64) -> PyResult<f64> {
    Gamma::new(shape, rate).py()?.ln_predictive(k, exposure).py()
}

#[pyfunction]
fn gamma_ln_marginal(
    shape: f64,
    rate: f64,
    counts: PyReadonlyArray1<'_, f64>,
    exposures: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    Gamma::new(shape, rate)
        .py()?
        .ln_marginal(counts.as_slice()?, exposures.as_slice()?)
        .py()
}

// ---- Normal, known variance -------------------------------------------------

fn nkv(mean: f64, sd: f64, noise_sd: f64) -> PyResult<NormalKnownVariance> {
    NormalKnownVariance::new(mean, sd, noise_sd).py()
}

/// (posterior mean, posterior sd) after the observations `xs`.
#[pyfunction]
fn nkv_update(mean: f64, sd: f64, noise_sd: f64, xs: PyReadonlyArray1<'_, f64>) -> PyResult<(f64, f64)> {
    let mut d = nkv(mean, sd, noise_sd)?;
    d.update_batch(xs.as_slice()?).py()?;
    Ok((d.mean().mean(), d.mean().std_dev()))
}

/// (posterior mean, posterior sd) after n observations with mean xbar.
#[pyfunction]
fn nkv_update_stats(mean: f64, sd: f64, noise_sd: f64, n: f64, xbar: f64) -> PyResult<(f64, f64)> {
    let mut d = nkv(mean, sd, noise_sd)?;
    d.update_stats(n, xbar).py()?;
    Ok((d.mean().mean(), d.mean().std_dev()))
}

/// The predictive Normal's (mean, sd).
#[pyfunction]
fn nkv_predictive(mean: f64, sd: f64, noise_sd: f64) -> PyResult<(f64, f64)> {
    let p = nkv(mean, sd, noise_sd)?.predictive();
    Ok((p.mean(), p.std_dev()))
}

#[pyfunction]
fn nkv_ln_marginal(mean: f64, sd: f64, noise_sd: f64, xs: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    nkv(mean, sd, noise_sd)?.ln_marginal(xs.as_slice()?).py()
}

// ---- Normal-Gamma ------------------------------------------------------------

fn ng(p: (f64, f64, f64, f64)) -> PyResult<NormalGamma> {
    NormalGamma::new(p.0, p.1, p.2, p.3).py()
}

#[pyfunction]
fn ng_check(p: (f64, f64, f64, f64)) -> PyResult<()> {
    ng(p).map(|_| ())
}

#[pyfunction]
fn ng_update(p: (f64, f64, f64, f64), xs: PyReadonlyArray1<'_, f64>) -> PyResult<(f64, f64, f64, f64)> {
    let mut d = ng(p)?;
    d.update_batch(xs.as_slice()?).py()?;
    Ok(d.params())
}

#[pyfunction]
fn ng_update_stats(p: (f64, f64, f64, f64), n: f64, mean: f64, ss: f64) -> PyResult<(f64, f64, f64, f64)> {
    let mut d = ng(p)?;
    d.update_stats(n, mean, ss).py()?;
    Ok(d.params())
}

/// The Student-t marginal of the mean: (df, loc, scale).
#[pyfunction]
fn ng_mean_marginal(p: (f64, f64, f64, f64)) -> PyResult<(f64, f64, f64)> {
    let t = ng(p)?.mean_marginal();
    Ok((t.df(), t.loc(), t.scale()))
}

/// The Gamma marginal of the precision: (shape, rate).
#[pyfunction]
fn ng_precision(p: (f64, f64, f64, f64)) -> PyResult<(f64, f64)> {
    let g = ng(p)?.precision();
    Ok((g.shape(), g.rate()))
}

/// The Student-t predictive of a new observation: (df, loc, scale).
#[pyfunction]
fn ng_predictive(p: (f64, f64, f64, f64)) -> PyResult<(f64, f64, f64)> {
    let t = ng(p)?.predictive();
    Ok((t.df(), t.loc(), t.scale()))
}

#[pyfunction]
fn ng_ln_marginal(p: (f64, f64, f64, f64), xs: PyReadonlyArray1<'_, f64>) -> PyResult<f64> {
    ng(p)?.ln_marginal(xs.as_slice()?).py()
}

/// `n` draws of (mean, precision).
#[allow(clippy::type_complexity)]
#[pyfunction]
fn ng_sample<'py>(
    py: Python<'py>,
    p: (f64, f64, f64, f64),
    n: usize,
    mut rng: RngArg<'py>,
) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>)> {
    let d = ng(p)?;
    check_draws(n)?;
    let (mut mu, mut var) = (zeros(n, "the draws")?, zeros(n, "the draws")?);
    rng.with(|r| {
        for (m, v) in mu.iter_mut().zip(var.iter_mut()) {
            (*m, *v) = d.sample(r);
        }
    });
    Ok((mu.into_pyarray(py), var.into_pyarray(py)))
}

// ---- Dirichlet -----------------------------------------------------------------

fn dir(alpha: &PyReadonlyArray1<'_, f64>) -> PyResult<Dirichlet> {
    Dirichlet::new(alpha.as_slice()?).py()
}

#[pyfunction]
fn dirichlet_check(alpha: PyReadonlyArray1<'_, f64>) -> PyResult<()> {
    dir(&alpha).map(|_| ())
}

#[pyfunction]
fn dirichlet_update<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    counts: PyReadonlyArray1<'py, f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let mut d = dir(&alpha)?;
    d.update(counts.as_slice()?).py()?;
    Ok(d.alpha().to_vec().into_pyarray(py))
}

/// (means, variances, mode or None) of every category.
#[allow(clippy::type_complexity)]
#[pyfunction]
fn dirichlet_moments<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
) -> PyResult<(
    Bound<'py, PyArray1<f64>>,
    Bound<'py, PyArray1<f64>>,
    Option<Bound<'py, PyArray1<f64>>>,
)> {
    let d = dir(&alpha)?;
    let k = d.categories();
    let mean = (0..k)
        .map(|c| d.mean(c))
        .collect::<bayeskit::Result<Vec<_>>>()
        .py()?;
    let var = (0..k)
        .map(|c| d.variance(c))
        .collect::<bayeskit::Result<Vec<_>>>()
        .py()?;
    let mut mode = vec![0.0; k];
    let has_mode = d.mode(&mut mode).py()?;
    Ok((
        mean.into_pyarray(py),
        var.into_pyarray(py),
        has_mode.then(|| mode.into_pyarray(py)),
    ))
}

#[pyfunction]
fn dirichlet_quantile(alpha: PyReadonlyArray1<'_, f64>, k: usize, p: f64) -> PyResult<f64> {
    dir(&alpha)?.quantile(k, p).py()
}

#[pyfunction]
fn dirichlet_interval(alpha: PyReadonlyArray1<'_, f64>, k: usize, level: f64) -> PyResult<(f64, f64)> {
    dir(&alpha)?.interval(k, level).py()
}

#[pyfunction]
fn dirichlet_ln_predictive(
    alpha: PyReadonlyArray1<'_, f64>,
    counts: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    dir(&alpha)?.ln_predictive(counts.as_slice()?).py()
}

#[pyfunction]
fn dirichlet_ln_marginal(
    alpha: PyReadonlyArray1<'_, f64>,
    counts: PyReadonlyArray1<'_, f64>,
) -> PyResult<f64> {
    dir(&alpha)?.ln_marginal(counts.as_slice()?).py()
}

/// `n` draws, n×K.
#[pyfunction]
fn dirichlet_sample<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    n: usize,
    mut rng: RngArg<'py>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let d = dir(&alpha)?;
    let k = d.categories();
    check_draws(n.saturating_mul(k))?;
    let mut out = zeros(n * k, "the draws")?;
    rng.with(|r| out.chunks_exact_mut(k).try_for_each(|row| d.sample(r, row)))
        .py()?;
    out.into_pyarray(py).reshape([n, k])
}

// ---- Comparisons ---------------------------------------------------------------

/// Two arms of one rate family.
enum Pair {
    Beta(Beta, Beta),
    Gamma(Gamma, Gamma),
}

fn pair(family: &str, a: (f64, f64), b: (f64, f64)) -> PyResult<Pair> {
    Ok(match family {
        "beta" => Pair::Beta(Beta::new(a.0, a.1).py()?, Beta::new(b.0, b.1).py()?),
        "gamma" => Pair::Gamma(Gamma::new(a.0, a.1).py()?, Gamma::new(b.0, b.1).py()?),
        _ => {
            return Err(invalid(format!(
                "comparisons take Beta or Gamma arms, got {family:?}"
            )))
        }
    })
}

/// A method as (name, evaluations, error, draws).
pub(crate) type MethodTuple = (&'static str, u32, f64, u64);

pub(crate) fn method(m: Method) -> MethodTuple {
    match m {
        Method::Quadrature { evaluations, error } => (m.name(), evaluations, error, 0),
        Method::MonteCarlo { draws } => (m.name(), 0, 0.0, draws),
        _ => (m.name(), 0, 0.0, 0),
    }
}

/// (P(B > A), expected loss of A, of B, method); `draws` > 0 asks for Monte Carlo.
#[pyfunction]
fn compare_arms<'py>(
    py: Python<'py>,
    family: &str,
    a: (f64, f64),
    b: (f64, f64),
    draws: u64,
    mut rng: RngArg<'py>,
) -> PyResult<(f64, f64, f64, MethodTuple)> {
    let p = pair(family, a, b)?;
    let c = if draws == 0 {
        py.detach(|| match &p {
            Pair::Beta(a, b) => compare(a, b),
            Pair::Gamma(a, b) => compare(a, b),
        })
    } else {
        rng.with(|r| match &p {
            Pair::Beta(a, b) => compare_mc(a, b, draws, r),
            Pair::Gamma(a, b) => compare_mc(a, b, draws, r),
        })
    }
    .py()?;
    Ok((
        c.prob_b_greater,
        c.expected_loss_a,
        c.expected_loss_b,
        method(c.method),
    ))
}

/// A quantile of the lift θ_B/θ_A − 1, with its method.
#[pyfunction]
fn lift_quantile_arms(
    py: Python<'_>,
    family: &str,
    a: (f64, f64),
    b: (f64, f64),
    p: f64,
) -> PyResult<(f64, MethodTuple)> {
    let arms = pair(family, a, b)?;
    let (q, m) = py
        .detach(|| match arms {
            Pair::Beta(a, b) => lift_quantile_with_method(&a, &b, p),
            Pair::Gamma(a, b) => lift_quantile_with_method(&a, &b, p),
        })
        .py()?;
    Ok((q, method(m)))
}

/// The equal-tailed lift interval at `level`, with its method.
#[pyfunction]
fn lift_interval_arms(
    py: Python<'_>,
    family: &str,
    a: (f64, f64),
    b: (f64, f64),
    level: f64,
) -> PyResult<(f64, f64, MethodTuple)> {
    let arms = pair(family, a, b)?;
    let l = py
        .detach(|| match arms {
            Pair::Beta(a, b) => lift_interval(&a, &b, level),
            Pair::Gamma(a, b) => lift_interval(&a, &b, level),
        })
        .py()?;
    Ok((l.lower, l.upper, method(l.method)))
}

/// P(each arm is best), with the method.
#[pyfunction]
fn prob_best_arms<'py>(
    py: Python<'py>,
    family: &str,
    arms: Vec<(f64, f64)>,
) -> PyResult<(Bound<'py, PyArray1<f64>>, MethodTuple)> {
    let mut out = vec![0.0; arms.len()];
    let m = match family {
        "beta" => {
            let a = arms
                .iter()
                .map(|p| Beta::new(p.0, p.1))
                .collect::<bayeskit::Result<Vec<_>>>()
                .py()?;
            py.detach(|| prob_best(&a, &mut out))
        }
        "gamma" => {
            let a = arms
                .iter()
                .map(|p| Gamma::new(p.0, p.1))
                .collect::<bayeskit::Result<Vec<_>>>()
                .py()?;
            py.detach(|| prob_best(&a, &mut out))
        }
        _ => {
            return Err(invalid(format!(
                "prob_best takes Beta or Gamma arms, got {family:?}"
            )))
        }
    }
    .py()?;
    Ok((out.into_pyarray(py), method(m)))
}

// ---- Hypotheses -------------------------------------------------------------------

/// Bayes' rule over finitely many hypotheses (mutable; not for sharing across threads
/// without a lock).
#[pyclass(module = "bayeskit._native")]
pub struct Hypotheses {
    inner: CoreHypotheses,
}

#[pymethods]
impl Hypotheses {
    #[staticmethod]
    fn from_probabilities(prior: PyReadonlyArray1<'_, f64>) -> PyResult<Self> {
        Ok(Hypotheses {
            inner: CoreHypotheses::from_probabilities(prior.as_slice()?).py()?,
        })
    }

    #[staticmethod]
    fn from_log_weights(w: PyReadonlyArray1<'_, f64>) -> PyResult<Self> {
        Ok(Hypotheses {
            inner: CoreHypotheses::from_log_weights(w.as_slice()?).py()?,
        })
    }

    fn update_likelihood(&mut self, like: PyReadonlyArray1<'_, f64>) -> PyResult<()> {
        self.inner.update_likelihood(like.as_slice()?).py()
    }

    fn update_log_likelihood(&mut self, like: PyReadonlyArray1<'_, f64>) -> PyResult<()> {
        self.inner.update_log_likelihood(like.as_slice()?).py()
    }

    fn posterior<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let mut out = vec![0.0; self.inner.len()];
        self.inner.posterior(&mut out).py()?;
        Ok(out.into_pyarray(py))
    }

    fn ln_posterior<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.ln_posterior().to_vec().into_pyarray(py)
    }

    fn map(&self) -> usize {
        self.inner.map()
    }

    fn ln_evidence(&self) -> f64 {
        self.inner.ln_evidence()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Hypotheses>()?;
    m.add_function(wrap_pyfunction!(uni_check, m)?)?;
    m.add_function(wrap_pyfunction!(uni_moments, m)?)?;
    m.add_function(wrap_pyfunction!(uni_ln_pdf, m)?)?;
    m.add_function(wrap_pyfunction!(uni_cdf, m)?)?;
    m.add_function(wrap_pyfunction!(uni_quantile, m)?)?;
    m.add_function(wrap_pyfunction!(uni_interval, m)?)?;
    m.add_function(wrap_pyfunction!(uni_sample, m)?)?;
    m.add_function(wrap_pyfunction!(beta_update, m)?)?;
    m.add_function(wrap_pyfunction!(beta_ln_predictive, m)?)?;
    m.add_function(wrap_pyfunction!(beta_ln_marginal, m)?)?;
    m.add_function(wrap_pyfunction!(gamma_update, m)?)?;
    m.add_function(wrap_pyfunction!(gamma_ln_predictive, m)?)?;
    m.add_function(wrap_pyfunction!(gamma_ln_marginal, m)?)?;
    m.add_function(wrap_pyfunction!(nkv_update, m)?)?;
    m.add_function(wrap_pyfunction!(nkv_update_stats, m)?)?;
    m.add_function(wrap_pyfunction!(nkv_predictive, m)?)?;
    m.add_function(wrap_pyfunction!(nkv_ln_marginal, m)?)?;
    m.add_function(wrap_pyfunction!(ng_check, m)?)?;
    m.add_function(wrap_pyfunction!(ng_update, m)?)?;
    m.add_function(wrap_pyfunction!(ng_update_stats, m)?)?;
    m.add_function(wrap_pyfunction!(ng_mean_marginal, m)?)?;
    m.add_function(wrap_pyfunction!(ng_precision, m)?)?;
    m.add_function(wrap_pyfunction!(ng_predictive, m)?)?;
    m.add_function(wrap_pyfunction!(ng_ln_marginal, m)?)?;
    m.add_function(wrap_pyfunction!(ng_sample, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_check, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_update, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_moments, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_quantile, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_interval, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_ln_predictive, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_ln_marginal, m)?)?;
    m.add_function(wrap_pyfunction!(dirichlet_sample, m)?)?;
    m.add_function(wrap_pyfunction!(compare_arms, m)?)?;
    m.add_function(wrap_pyfunction!(lift_quantile_arms, m)?)?;
    m.add_function(wrap_pyfunction!(lift_interval_arms, m)?)?;
    m.add_function(wrap_pyfunction!(prob_best_arms, m)?)?;
    Ok(())
}
