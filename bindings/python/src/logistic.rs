//! Sparse multinomial logistic regression: training, paths and cross-validation,
//! the model file, and scoring of CSR batches (GIL released) and single rows.

use crate::{copy, invalid, zeros, Py3, RngArg};
use bayeskit::logistic::{
    cross_validate, mc_scratch, path, train, Choice, Csr, CvOptions, Dataset, FeatureSpace, Lambdas,
    LaplaceMethod, McOptions, Model as CoreModel, PathOptions, TrainOptions,
};
use numpy::{IntoPyArray, PyArray1, PyArray2, PyArrayMethods, PyReadonlyArray1};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList};

/// Borrowed CSR arrays from numpy (indptr as uintp, indices as uint32, data as float64),
/// checked so that every row slice is in bounds.
struct CsrView<'a> {
    indptr: &'a [usize],
    indices: &'a [u32],
    data: &'a [f64],
}

impl<'a> CsrView<'a> {
    fn new(indptr: &'a [usize], indices: &'a [u32], data: &'a [f64]) -> PyResult<Self> {
        if indptr.first() != Some(&0) {
            return Err(invalid("indptr must start with 0"));
        }
        if indices.len() != data.len() || indptr.last() != Some(&data.len()) {
            return Err(invalid(format!(
                "indptr ends at {:?} but there are {} indices and {} values",
                indptr.last(),
                indices.len(),
                data.len()
            )));
        }
        if let Some(r) = indptr.windows(2).position(|w| w[1] < w[0]) {
            return Err(invalid(format!("indptr decreases at row {r}")));
        }
        Ok(CsrView {
            indptr,
            indices,
            data,
        })
    }

    fn rows(&self) -> usize {
        self.indptr.len() - 1
    }

    fn row(&self, i: usize) -> (&'a [u32], &'a [f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.data[a..b])
    }
}

/// Runs `f` on every row with its K-long chunk of each of the N outputs (rows·K
/// long), naming the first bad row. No allocation per row.
fn each_row<const N: usize>(
    x: &CsrView<'_>,
    k: usize,
    mut outs: [&mut [f64]; N],
    mut f: impl FnMut(&[u32], &[f64], [&mut [f64]; N]) -> bayeskit::Result<()>,
) -> bayeskit::Result<()> {
    for i in 0..x.rows() {
        let (ids, vals) = x.row(i);
        let row = outs.each_mut().map(|o| &mut o[i * k..(i + 1) * k]);
        f(ids, vals, row).map_err(|e| bayeskit::Error::invalid(format!("row {i}: {e}")))?;
    }
    Ok(())
}

/// A trained model (immutable; share it across threads).
#[pyclass(frozen, module = "bayeskit._native")]
pub struct Model {
    pub(crate) inner: CoreModel,
}

fn matrix<'py>(py: Python<'py>, v: Vec<f64>, n: usize, k: usize) -> PyResult<Bound<'py, PyArray2<f64>>> {
    v.into_pyarray(py).reshape([n, k])
}

#[pymethods]
impl Model {
    /// A model from the bytes of a model file (checked: CRC, sizes, values).
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        let m = py.detach(|| CoreModel::from_bytes(data)).py()?;
        Ok(Model { inner: m })
    }

    /// The model file's bytes (what the CLI and every binding write).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.to_bytes())
    }

    #[getter]
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.labels())
    }

    #[getter]
    fn n_features(&self) -> usize {
        self.inner.features().len()
    }

    /// ("indexed", n, None) | ("names", n, [names]) | ("hashed", bits, seed).
    #[getter]
    fn feature_space<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self.inner.features() {
            FeatureSpace::Indexed { n } => ("indexed", *n, py.None()).into_pyobject(py)?.into_any(),
            FeatureSpace::Names(v) => ("names", v.len(), PyList::new(py, v)?)
                .into_pyobject(py)?
                .into_any(),
            FeatureSpace::Hashed { bits, seed } => ("hashed", *bits, *seed).into_pyobject(py)?.into_any(),
        })
    }

    #[getter]
    fn nnz(&self) -> usize {
        self.inner.nnz()
    }

    #[getter]
    fn intercepts<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        self.inner.intercepts().to_vec().into_pyarray(py)
    }

    /// (stored feature ids, their weights as stored×K).
    #[allow(clippy::type_complexity)]
    fn stored<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyArray1<u32>>, Bound<'py, PyArray2<f64>>)> {
        let ids = self.inner.stored_features().to_vec();
        let k = self.inner.classes();
        let w = self.inner.stored_weights()[..ids.len() * k].to_vec();
        let n = ids.len();
        Ok((ids.into_pyarray(py), matrix(py, w, n, k)?))
    }

    /// The training metadata.
    #[getter]
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let i = self.inner.info();
        let d = PyDict::new(py);
        d.set_item("lambda", i.lambda)?;
        d.set_item("l1_ratio", i.l1_ratio)?;
        d.set_item("rows", i.rows)?;
        d.set_item("objective", i.objective)?;
        d.set_item("iterations", i.iterations)?;
        d.set_item("converged", i.converged)?;
        d.set_item("grad_norm", i.grad_norm)?;
        d.set_item("tol", i.tol)?;
        Ok(d)
    }

    /// "blocks", "full" or None.
    #[getter]
    fn covariance_method(&self) -> Option<&'static str> {
        self.inner.covariance().map(|c| match c.method() {
            LaplaceMethod::Blocks => "blocks",
            LaplaceMethod::Full => "full",
        })
    }

    /// Feature j's K×K Laplace covariance (zeros for a feature without weights);
    /// None without covariances.
    fn covariance_of<'py>(&self, py: Python<'py>, j: u32) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        let k = self.inner.classes();
        if self.inner.covariance().is_none() {
            return Ok(None);
        }
        if j as usize >= self.inner.features().len() {
            return Err(invalid(format!(
                "feature {j} is outside the model's {} features",
                self.inner.features().len()
            )));
        }
        let packed = self.inner.covariance_of(j);
        Ok(Some(unpack(py, packed, k)?))
    }

    /// The intercepts' K×K covariance, None without covariances.
    fn intercept_covariance<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyArray2<f64>>>> {
        let k = self.inner.classes();
        match self.inner.covariance() {
            None => Ok(None),
            Some(c) => Ok(Some(unpack(py, Some(c.intercept()), k)?)),
        }
    }

    /// Scores a CSR batch: `kind` is "proba", "log_proba" or "logits"; n×K. GIL released.
    fn predict_batch<'py>(
        &self,
        py: Python<'py>,
        kind: &str,
        indptr: PyReadonlyArray1<'py, usize>,
        indices: PyReadonlyArray1<'py, u32>,
        data: PyReadonlyArray1<'py, f64>,
    ) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let x = CsrView::new(indptr.as_slice()?, indices.as_slice()?, data.as_slice()?)?;
        let (n, k) = (x.rows(), self.inner.classes());
        let m = &self.inner;
        let f = match kind {
            "proba" => CoreModel::predict_proba,
            "log_proba" => CoreModel::predict_log_proba,
            "logits" => CoreModel::logits,
            _ => return Err(invalid(format!("unknown kind {kind:?}"))),
        };
        let mut out = zeros(n * k, "the probabilities")?;
        py.detach(|| each_row(&x, k, [&mut out], |ids, v, [o]| f(m, ids, v, o)))
            .py()?;
        matrix(py, out, n, k)
    }

    /// Moderated probabilities and logit variances (n×K each). GIL released.
    #[allow(clippy::type_complexity)]
    fn predict_moderated_batch<'py>(
        &self,
        py: Python<'py>,
        indptr: PyReadonlyArray1<'py, usize>,
        indices: PyReadonlyArray1<'py, u32>,
        data: PyReadonlyArray1<'py, f64>,
    ) -> PyResult<(Bound<'py, PyArray2<f64>>, Bound<'py, PyArray2<f64>>)> {
        let x = CsrView::new(indptr.as_slice()?, indices.as_slice()?, data.as_slice()?)?;
        let (n, k) = (x.rows(), self.inner.classes());
        let m = &self.inner;
        let (mut p, mut var) = (zeros(n * k, "the probabilities")?, zeros(n * k, "the variances")?);
        py.detach(|| {
            each_row(&x, k, [&mut p, &mut var], |ids, v, [p, var]| {
                m.predict_moderated(ids, v, p, var)
            })
        })
        .py()?;
        Ok((matrix(py, p, n, k)?, matrix(py, var, n, k)?))
    }

    /// Monte Carlo predictive: (mean, lower, upper), n×K each; the generator runs
    /// through the rows in order (as the CLI's). GIL released.
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    fn predict_mc_batch<'py>(
        &self,
        py: Python<'py>,
        indptr: PyReadonlyArray1<'py, usize>,
        indices: PyReadonlyArray1<'py, u32>,
        data: PyReadonlyArray1<'py, f64>,
        draws: usize,
        level: f64,
        mut rng: RngArg<'py>,
    ) -> PyResult<(
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray2<f64>>,
        Bound<'py, PyArray2<f64>>,
    )> {
        let x = CsrView::new(indptr.as_slice()?, indices.as_slice()?, data.as_slice()?)?;
        let (n, k) = (x.rows(), self.inner.classes());
        let m = &self.inner;
        let opts = McOptions { draws, level };
        let mut scratch = mc_scratch(k, draws).py()?;
        let (mut mean, mut lo, mut hi) = (
            zeros(n * k, "the means")?,
            zeros(n * k, "the lower ends")?,
            zeros(n * k, "the upper ends")?,
        );
        rng.with(|r| {
            py.detach(|| {
                each_row(&x, k, [&mut mean, &mut lo, &mut hi], |ids, v, [mean, lo, hi]| {
                    m.predict_mc(ids, v, r, &opts, &mut scratch, mean, lo, hi)
                })
            })
        })
        .py()?;
        Ok((
            matrix(py, mean, n, k)?,
            matrix(py, lo, n, k)?,
            matrix(py, hi, n, k)?,
        ))
    }

    /// Probabilities of one sparse row (ids need not be sorted; ids beyond the
    /// model's features are ignored): the low-overhead path for single rows.
    fn predict_proba_row<'py>(
        &self,
        py: Python<'py>,
        ids: PyReadonlyArray1<'py, u32>,
        values: PyReadonlyArray1<'py, f64>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let mut out = vec![0.0; self.inner.classes()];
        self.inner
            .predict_proba(ids.as_slice()?, values.as_slice()?, &mut out)
            .py()?;
        Ok(out.into_pyarray(py))
    }

    /// Pickles as the model file's bytes.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let f = py.get_type::<Model>().getattr("from_bytes")?;
        Ok((f, (slf.get().to_bytes(py),)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Model>()
            .map(|o| o.get().inner == self.inner)
            .unwrap_or(false)
    }
}

/// A packed K×K block as a full symmetric matrix (zeros for None).
fn unpack<'py>(py: Python<'py>, packed: Option<&[f64]>, k: usize) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let mut full = zeros(k * k, "the covariance block")?;
    if let Some(p) = packed {
        for r in 0..k {
            for c in 0..=r {
                let v = p[r * (r + 1) / 2 + c];
                full[r * k + c] = v;
                full[c * k + r] = v;
            }
        }
    }
    matrix(py, full, k, k)
}

/// The training data, copied into the core's types (and validated there).
#[allow(clippy::too_many_arguments)]
fn dataset(
    indptr: &PyReadonlyArray1<'_, usize>,
    indices: &PyReadonlyArray1<'_, u32>,
    data: &PyReadonlyArray1<'_, f64>,
    n_cols: usize,
    y: &PyReadonlyArray1<'_, u32>,
    weights: &Option<PyReadonlyArray1<'_, f64>>,
    classes: Vec<String>,
) -> PyResult<Dataset> {
    let x = Csr::new(
        copy(indptr.as_slice()?, "indptr")?,
        copy(indices.as_slice()?, "indices")?,
        copy(data.as_slice()?, "data")?,
        n_cols,
    )
    .py()?;
    let d = Dataset {
        x,
        y: copy(y.as_slice()?, "labels")?,
        weights: weights
            .as_ref()
            .map(|w| w.as_slice().map(<[f64]>::to_vec))
            .transpose()?,
        classes,
        features: FeatureSpace::Indexed { n: n_cols },
    };
    d.validate().py()?;
    Ok(d)
}

fn laplace(name: &str) -> PyResult<Option<LaplaceMethod>> {
    match name {
        "none" => Ok(None),
        "blocks" => Ok(Some(LaplaceMethod::Blocks)),
        "full" => Ok(Some(LaplaceMethod::Full)),
        _ => Err(invalid(format!(
            "laplace must be 'none', 'blocks' or 'full', got {name:?}"
        ))),
    }
}

/// Trains at one λ (GIL released).
#[allow(clippy::too_many_arguments)]
#[pyfunction]
fn train_csr(
    py: Python<'_>,
    indptr: PyReadonlyArray1<'_, usize>,
    indices: PyReadonlyArray1<'_, u32>,
    data: PyReadonlyArray1<'_, f64>,
    n_cols: usize,
    y: PyReadonlyArray1<'_, u32>,
    weights: Option<PyReadonlyArray1<'_, f64>>,
    classes: Vec<String>,
    lambda: f64,
    l1_ratio: f64,
    tol: f64,
    max_gap: Option<f64>,
    max_iter: u32,
    laplace_method: &str,
    threads: usize,
) -> PyResult<Model> {
    let d = dataset(&indptr, &indices, &data, n_cols, &y, &weights, classes)?;
    let opts = TrainOptions {
        lambda,
        l1_ratio,
        tol,
        max_gap,
        max_iter,
        class_weights: None,
        threads,
        laplace: laplace(laplace_method)?,
    };
    let m = py.detach(|| train(&d, &opts)).py()?;
    Ok(Model { inner: m })
}

/// Cross-validation over the path (GIL released), as a dict.
#[allow(clippy::too_many_arguments)]
#[pyfunction]
fn cross_validate_csr<'py>(
    py: Python<'py>,
    indptr: PyReadonlyArray1<'py, usize>,
    indices: PyReadonlyArray1<'py, u32>,
    data: PyReadonlyArray1<'py, f64>,
    n_cols: usize,
    y: PyReadonlyArray1<'py, u32>,
    weights: Option<PyReadonlyArray1<'py, f64>>,
    classes: Vec<String>,
    l1_ratio: f64,
    tol: f64,
    max_gap: Option<f64>,
    max_iter: u32,
    laplace_method: &str,
    threads: usize,
    n_lambdas: usize,
    min_ratio: f64,
    lambdas: Option<Vec<f64>>,
    early_stop: bool,
    folds: usize,
    seed: u64,
    choice: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let d = dataset(&indptr, &indices, &data, n_cols, &y, &weights, classes)?;
    let opts = PathOptions {
        lambdas: match lambdas {
            Some(v) => Lambdas::Values(v),
            None => Lambdas::Grid {
                count: n_lambdas,
                min_ratio,
            },
        },
        early_stop,
        train: TrainOptions {
            lambda: 0.0,
            l1_ratio,
            tol,
            max_gap,
            max_iter,
            class_weights: None,
            threads,
            laplace: laplace(laplace_method)?,
        },
    };
    let cv = CvOptions {
        folds,
        seed,
        choice: match choice {
            "min" => Choice::Min,
            "1se" => Choice::OneSe,
            _ => return Err(invalid(format!("choice must be 'min' or '1se', got {choice:?}"))),
        },
    };
    let r = if folds == 0 {
        let p = py.detach(|| path(&d, &opts)).py()?;
        let out = path_dict(py, &p)?;
        out.set_item(
            "models",
            p.steps
                .into_iter()
                .map(|s| Model { inner: s.model })
                .collect::<Vec<_>>(),
        )?;
        return Ok(out);
    } else {
        py.detach(|| cross_validate(&d, &opts, &cv)).py()?
    };
    let out = path_dict(py, &r.path)?;
    out.set_item("cv_mean", r.points.iter().map(|p| p.mean).collect::<Vec<_>>())?;
    out.set_item("cv_se", r.points.iter().map(|p| p.se).collect::<Vec<_>>())?;
    out.set_item(
        "cv_folds",
        r.points.iter().map(|p| p.folds.clone()).collect::<Vec<_>>(),
    )?;
    out.set_item("best", r.best)?;
    out.set_item("one_se", r.one_se)?;
    out.set_item("chosen", r.chosen)?;
    out.set_item("model", Model { inner: r.model })?;
    Ok(out)
}

fn path_dict<'py>(py: Python<'py>, p: &bayeskit::logistic::Path) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("lambda_max", p.lambda_max)?;
    d.set_item("stopped_early", p.stopped_early)?;
    d.set_item("lambdas", p.steps.iter().map(|s| s.lambda).collect::<Vec<_>>())?;
    d.set_item("loss", p.steps.iter().map(|s| s.loss).collect::<Vec<_>>())?;
    d.set_item("gap", p.steps.iter().map(|s| s.gap).collect::<Vec<_>>())?;
    d.set_item("nnz", p.steps.iter().map(|s| s.model.nnz()).collect::<Vec<_>>())?;
    d.set_item(
        "converged",
        p.steps
            .iter()
            .map(|s| s.model.info().converged)
            .collect::<Vec<_>>(),
    )?;
    Ok(d)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Model>()?;
    m.add_function(wrap_pyfunction!(train_csr, m)?)?;
    m.add_function(wrap_pyfunction!(cross_validate_csr, m)?)?;
    Ok(())
}
