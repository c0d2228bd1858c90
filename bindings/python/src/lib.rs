//! `bayeskit._native`: the Python package's extension module, PyO3 over the Rust
//! core (not the C ABI). It translates only: numpy arrays and Python values in,
//! core calls, numpy arrays and tuples out. The public API, its docstrings and its
//! result types are the Python modules in `python/bayeskit/`.
//!
//! Conventions:
//! - every core error becomes the exception of its kind (`bayeskit._errors`),
//!   so a `bayeskit::Error::InvalidArgument` is a `bayeskit.InvalidArgumentError`
//!   (a `ValueError`), and so on;
//! - inputs are validated before any work, so no panic can reach Python;
//! - training, fitting, reading files and batch scoring release the GIL
//!   (`Python::detach`);
//! - defaults are never stated here: `defaults()` reads the core's `Default`s.

#![forbid(unsafe_code)]

mod bandit;
mod decide;
mod dm;
mod logistic;
mod posterior;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// The Python exception classes of the core's error kinds, looked up once.
static ERRORS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A core error as the Python exception of its kind, with `code` (the C status).
pub(crate) fn to_py(e: bayeskit::Error) -> PyErr {
    Python::attach(|py| {
        let name = match &e {
            bayeskit::Error::InvalidArgument(_) => "InvalidArgumentError",
            bayeskit::Error::NoConvergence(_) => "NoConvergenceError",
            bayeskit::Error::Parse(_) => "ParseError",
            bayeskit::Error::Io(_) => "BayeskitIOError",
            bayeskit::Error::Corrupt(_) => "CorruptDataError",
            bayeskit::Error::OutOfMemory(_) => "OutOfMemoryError",
            _ => "BayeskitError",
        };
        let lookup = || -> PyResult<Bound<'_, PyType>> {
            let module = ERRORS.get_or_try_init(py, || {
                py.import("bayeskit._errors").map(|m| m.into_any().unbind())
            })?;
            Ok(module.bind(py).getattr(name)?.cast_into::<PyType>()?)
        };
        match lookup() {
            Ok(cls) => PyErr::from_type(cls, (e.to_string(), e.code())),
            Err(lookup_failed) => lookup_failed,
        }
    })
}

/// `Result<T, bayeskit::Error>` to `PyResult<T>`.
pub(crate) trait Py3<T> {
    fn py(self) -> PyResult<T>;
}

impl<T> Py3<T> for bayeskit::Result<T> {
    fn py(self) -> PyResult<T> {
        self.map_err(to_py)
    }
}

/// `n` zeros, allocated fallibly: an output sized from input that does not fit in
/// memory is an `OutOfMemoryError`, never an abort.
pub(crate) fn zeros(n: usize, what: &str) -> PyResult<Vec<f64>> {
    let mut v = Vec::new();
    bayeskit::limits::try_reserve(&mut v, n, what).py()?;
    v.resize(n, 0.0);
    Ok(v)
}

/// A copy of an input array, allocated fallibly (see [`zeros`]).
pub(crate) fn copy<T: Clone>(s: &[T], what: &str) -> PyResult<Vec<T>> {
    let mut v = Vec::new();
    bayeskit::limits::try_reserve(&mut v, s.len(), what).py()?;
    v.extend_from_slice(s);
    Ok(v)
}

/// An invalid argument found by the binding itself (same exception as the core's).
pub(crate) fn invalid(msg: impl Into<String>) -> PyErr {
    to_py(bayeskit::Error::invalid(msg))
}

/// The seeded ChaCha generator every binding shares: the same seed and stream give
/// the same draws here, in C, C++, Java and Scala. Not thread-safe to share: give
/// each thread its own stream of one seed (``Rng(seed, stream=i)``), and each
/// thread's draws are reproducible. Stream 0 is ``Rng(seed)``.
#[pyclass(module = "bayeskit._native")]
pub struct Rng {
    pub(crate) inner: bayeskit::Rng,
}

#[pymethods]
impl Rng {
    #[new]
    #[pyo3(signature = (seed, stream = 0))]
    fn new(seed: u64, stream: u64) -> Self {
        Rng {
            inner: bayeskit::Rng::seed_from_u64_stream(seed, stream),
        }
    }
}

/// A fresh generator from a seed, or the caller's generator.
pub(crate) enum RngArg<'py> {
    Seed(u64),
    Shared(PyRefMut<'py, Rng>),
}

impl<'py> FromPyObject<'_, 'py> for RngArg<'py> {
    type Error = PyErr;

    fn extract(ob: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if let Ok(r) = ob.cast::<Rng>() {
            return Ok(RngArg::Shared(r.try_borrow_mut()?));
        }
        match ob.extract::<u64>() {
            Ok(s) => Ok(RngArg::Seed(s)),
            Err(_) => Err(PyTypeError::new_err(
                "rng must be a bayeskit.Rng or a seed (an int in 0..2**64)",
            )),
        }
    }
}

impl RngArg<'_> {
    /// Runs `f` with the generator (a fresh one for a seed).
    pub(crate) fn with<T>(&mut self, f: impl FnOnce(&mut bayeskit::Rng) -> T) -> T {
        match self {
            RngArg::Seed(s) => f(&mut bayeskit::Rng::seed_from_u64(*s)),
            RngArg::Shared(r) => f(&mut r.inner),
        }
    }
}

/// Every default of the core, by name: the one place the Python package reads them.
#[pyfunction]
fn defaults(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    use bayeskit::dirichlet_fit::{FitOptions, ReadOptions};
    use bayeskit::logistic::{
        Choice, CvOptions, Lambdas, LaplaceMethod, McOptions, PathOptions, TrainOptions,
    };
    let d = PyDict::new(py);
    d.set_item("level", bayeskit::DEFAULT_LEVEL)?;
    d.set_item("lift_tail_limit", bayeskit::LIFT_TAIL_LIMIT)?;
    d.set_item("max_arms", bayeskit::MAX_ARMS)?;
    let f = FitOptions::default();
    d.set_item("dm_max_iter", f.max_iter)?;
    d.set_item("dm_tol", f.tol)?;
    d.set_item("dm_hyperprior", f.hyperprior)?;
    d.set_item("dm_drop_empty", f.drop_empty)?;
    let r = ReadOptions::default();
    d.set_item("dm_read_threads", r.threads)?;
    d.set_item("dm_sample_rate", r.filter.sample_rate)?;
    d.set_item("dm_filter_seed", r.filter.seed)?;
    let t = TrainOptions::default();
    d.set_item("lambda", t.lambda)?;
    d.set_item("l1_ratio", t.l1_ratio)?;
    d.set_item("tol", t.tol)?;
    d.set_item("max_iter", t.max_iter)?;
    d.set_item("threads", t.threads)?;
    d.set_item(
        "laplace",
        match t.laplace {
            None => "none",
            Some(LaplaceMethod::Blocks) => "blocks",
            Some(LaplaceMethod::Full) => "full",
        },
    )?;
    let p = PathOptions::default();
    if let Lambdas::Grid { count, min_ratio } = p.lambdas {
        d.set_item("n_lambdas", count)?;
        d.set_item("min_ratio", min_ratio)?;
    }
    d.set_item("early_stop", p.early_stop)?;
    let cv = CvOptions::default();
    d.set_item("folds", cv.folds)?;
    d.set_item("cv_seed", cv.seed)?;
    d.set_item(
        "choice",
        match cv.choice {
            Choice::Min => "min",
            Choice::OneSe => "1se",
        },
    )?;
    let mc = McOptions::default();
    d.set_item("mc_draws", mc.draws)?;
    d.set_item("mc_level", mc.level)?;
    d.set_item("hash_seed", bayeskit::logistic::DEFAULT_HASH_SEED)?;
    decide::defaults(&d)?;
    bandit::defaults(&d)?;
    Ok(d)
}

/// The core's version (Cargo.toml), which is the package's.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Rng>()?;
    m.add_function(wrap_pyfunction!(defaults, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    posterior::register(m)?;
    dm::register(m)?;
    logistic::register(m)?;
    decide::register(m)?;
    bandit::register(m)?;
    Ok(())
}
