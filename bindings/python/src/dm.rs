//! Dirichlet–multinomial: compressed statistics, the Newton fit, count files, and
//! the fitted prior applied to rows.

use crate::{invalid, zeros, Py3};
use bayeskit::dirichlet_fit::{
    fit, read_stats, DmFit, DmStats as CoreStats, FitOptions, Layout, Outcome, Prior, RankBy, ReadOptions,
    RowFilter,
};
use numpy::{
    IntoPyArray, PyArray1, PyArray2, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2,
    PyUntypedArrayMethods,
};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;

/// Compressed count statistics of Dirichlet–multinomial rows (mutable: add, merge).
#[pyclass(module = "bayeskit._native")]
pub struct DmStats {
    pub(crate) inner: CoreStats,
}

/// The rows of a C-contiguous uint64 array as one slice.
fn rows<'a>(counts: &'a PyReadonlyArray2<'_, u64>) -> PyResult<&'a [u64]> {
    counts
        .as_slice()
        .map_err(|_| invalid("counts must be C-contiguous (the Python side copies it)"))
}

#[pymethods]
impl DmStats {
    #[new]
    fn new(categories: usize) -> PyResult<Self> {
        Ok(DmStats {
            inner: CoreStats::new(categories).py()?,
        })
    }

    /// Adds rows (n×K uint64, C-contiguous) with optional weights; all or nothing.
    #[pyo3(signature = (counts, weights=None))]
    fn add_rows(
        &mut self,
        py: Python<'_>,
        counts: PyReadonlyArray2<'_, u64>,
        weights: Option<PyReadonlyArray1<'_, f64>>,
    ) -> PyResult<()> {
        let k = self.inner.categories();
        if counts.shape()[1] != k {
            return Err(invalid(format!(
                "counts has {} columns, the statistics have K = {k} categories",
                counts.shape()[1]
            )));
        }
        let c = rows(&counts)?;
        let w = weights.as_ref().map(|w| w.as_slice()).transpose()?;
        let inner = &mut self.inner;
        py.detach(|| inner.add_rows(c, w)).py()
    }

    /// Adds `other`'s rows (`other` may be this object: its rows count twice).
    fn merge(slf: &Bound<'_, Self>, other: &Bound<'_, Self>) -> PyResult<()> {
        let copy = other.try_borrow()?.inner.clone();
        slf.try_borrow_mut()?.inner.merge(&copy).py()
    }

    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    #[staticmethod]
    fn from_bytes(data: &[u8]) -> PyResult<Self> {
        Ok(DmStats {
            inner: CoreStats::from_bytes(data).py()?,
        })
    }

    #[getter]
    fn categories(&self) -> usize {
        self.inner.categories()
    }

    #[getter]
    fn rows(&self) -> u64 {
        self.inner.rows()
    }

    #[getter]
    fn total_weight(&self) -> f64 {
        self.inner.total_weight()
    }

    /// Pickles as the statistics' bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let f = py.get_type::<DmStats>().getattr("from_bytes")?;
        let b = slf.try_borrow()?.to_bytes(py);
        Ok((f, (b,)))
    }

    fn copy(&self) -> Self {
        DmStats {
            inner: self.inner.clone(),
        }
    }
}

fn outcome(o: Outcome) -> &'static str {
    o.name()
}

/// The fit as a dict of plain values and arrays (the Python side builds `DmFit`).
fn fit_dict<'py>(py: Python<'py>, f: DmFit) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("outcome", outcome(f.outcome))?;
    d.set_item("alpha", f.alpha.into_pyarray(py))?;
    d.set_item("alpha_sum", f.alpha_sum)?;
    d.set_item("mean", f.mean.into_pyarray(py))?;
    d.set_item("theta", f.theta)?;
    d.set_item("loglik", f.loglik)?;
    d.set_item("loglik_multinomial", f.loglik_multinomial)?;
    d.set_item("lr_stat", f.lr_stat)?;
    d.set_item("lr_pvalue", f.lr_pvalue)?;
    d.set_item("aic", f.aic)?;
    d.set_item("bic", f.bic)?;
    d.set_item("iterations", f.iterations)?;
    d.set_item("grad_norm", f.grad_norm)?;
    d.set_item("std_errors", f.std_errors.into_pyarray(py))?;
    d.set_item("dropped", f.dropped)?;
    d.set_item("weight", f.weight)?;
    Ok(d)
}

/// Fits α to the statistics (GIL released).
#[pyfunction]
fn dm_fit<'py>(
    py: Python<'py>,
    stats: &Bound<'py, DmStats>,
    max_iter: usize,
    tol: f64,
    hyperprior: f64,
    drop_empty: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let opts = FitOptions {
        max_iter,
        tol,
        hyperprior,
        drop_empty,
    };
    let s = stats.try_borrow()?;
    let stats = &s.inner;
    let f = py.detach(|| fit(stats, &opts)).py()?;
    fit_dict(py, f)
}

/// Reads a count file into statistics (GIL released): (stats, report dict).
#[allow(clippy::too_many_arguments)]
#[pyfunction]
fn dm_read<'py>(
    py: Python<'py>,
    path: PathBuf,
    delimiter: Option<char>,
    header: bool,
    id_column: bool,
    weight_column: Option<usize>,
    skip_bad: bool,
    threads: usize,
    sample_rate: f64,
    max_total: Option<u64>,
    seed: u64,
) -> PyResult<(DmStats, Bound<'py, PyDict>)> {
    let delimiter = match delimiter {
        None => None,
        Some(c) if c.is_ascii() => Some(c as u8),
        Some(c) => {
            return Err(invalid(format!(
                "delimiter must be one ASCII character, got {c:?}"
            )))
        }
    };
    let opts = ReadOptions {
        layout: Layout {
            delimiter,
            header,
            id_column,
            weight_column,
        },
        skip_bad,
        threads,
        filter: RowFilter {
            sample_rate,
            max_total,
            seed,
        },
    };
    let (stats, report) = py.detach(|| read_stats(&path, &opts)).py()?;
    let d = PyDict::new(py);
    d.set_item("rows", report.rows)?;
    d.set_item("skipped", report.skipped)?;
    d.set_item("first_skipped", report.first_skipped)?;
    d.set_item("sampled_out", report.sampled_out)?;
    d.set_item("thinned", report.thinned)?;
    Ok((DmStats { inner: stats }, d))
}

fn prior(alpha: &PyReadonlyArray1<'_, f64>) -> PyResult<Prior> {
    Prior::new(alpha.as_slice()?).py()
}

fn check_cols(p: &Prior, counts: &PyReadonlyArray2<'_, u64>) -> PyResult<()> {
    if counts.shape()[1] != p.categories() {
        return Err(invalid(format!(
            "counts has {} columns, the prior has K = {} categories",
            counts.shape()[1],
            p.categories()
        )));
    }
    Ok(())
}

/// Posterior means of every row (n×K), GIL released.
#[pyfunction]
fn prior_shrink<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    counts: PyReadonlyArray2<'py, u64>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let p = prior(&alpha)?;
    check_cols(&p, &counts)?;
    let (n, k) = (counts.shape()[0], p.categories());
    let c = rows(&counts)?;
    let mut out = zeros(n * k, "the posterior means")?;
    py.detach(|| {
        c.chunks_exact(k)
            .zip(out.chunks_exact_mut(k))
            .enumerate()
            .try_for_each(|(i, (row, o))| {
                p.posterior_mean(row, o)
                    .map_err(|e| bayeskit::Error::invalid(format!("row {i}: {e}")))
            })
    })
    .py()?;
    out.into_pyarray(py).reshape([n, k])
}

/// Each row's ranking score: the posterior mean of category k (level None) or the
/// lower end of its equal-tailed interval at `level`. GIL released.
#[pyfunction]
fn prior_score<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    counts: PyReadonlyArray2<'py, u64>,
    k: usize,
    level: Option<f64>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let p = prior(&alpha)?;
    check_cols(&p, &counts)?;
    let by = match level {
        None => RankBy::Mean(k),
        Some(level) => RankBy::Lower { k, level },
    };
    let kk = p.categories();
    let c = rows(&counts)?;
    let out = py
        .detach(|| {
            c.chunks_exact(kk)
                .enumerate()
                .map(|(i, row)| {
                    p.score(row, by)
                        .map_err(|e| bayeskit::Error::invalid(format!("row {i}: {e}")))
                })
                .collect::<bayeskit::Result<Vec<f64>>>()
        })
        .py()?;
    Ok(out.into_pyarray(py))
}

/// The equal-tailed interval of category k of every row: (lower, upper).
#[allow(clippy::type_complexity)]
#[pyfunction]
fn prior_interval<'py>(
    py: Python<'py>,
    alpha: PyReadonlyArray1<'py, f64>,
    counts: PyReadonlyArray2<'py, u64>,
    k: usize,
    level: f64,
) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>)> {
    let p = prior(&alpha)?;
    check_cols(&p, &counts)?;
    let kk = p.categories();
    let c = rows(&counts)?;
    let (lo, hi): (Vec<f64>, Vec<f64>) = py
        .detach(|| {
            c.chunks_exact(kk)
                .enumerate()
                .map(|(i, row)| {
                    p.interval(row, k, level)
                        .map_err(|e| bayeskit::Error::invalid(format!("row {i}: {e}")))
                })
                .collect::<bayeskit::Result<Vec<(f64, f64)>>>()
        })
        .py()?
        .into_iter()
        .unzip();
    Ok((lo.into_pyarray(py), hi.into_pyarray(py)))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<DmStats>()?;
    m.add_function(wrap_pyfunction!(dm_fit, m)?)?;
    m.add_function(wrap_pyfunction!(dm_read, m)?)?;
    m.add_function(wrap_pyfunction!(prior_shrink, m)?)?;
    m.add_function(wrap_pyfunction!(prior_score, m)?)?;
    m.add_function(wrap_pyfunction!(prior_interval, m)?)?;
    Ok(())
}
