//! Sparse training data: a CSR matrix of feature values, class labels and
//! optional sample weights.

use crate::error::{Error, Result};

/// A sparse matrix in compressed sparse row form with `u32` column (feature) ids.
///
/// Invariants, checked by [`Csr::new`]: `indptr` starts at 0, never decreases and
/// ends at `indices.len() == values.len()`; within a row the ids are strictly
/// increasing and below `n_cols`; every value is finite.
///
/// # Example
/// ```
/// use bayeskit::logistic::Csr;
/// // Two rows: {0: 1.0, 3: 2.0} and {1: 0.5}.
/// let x = Csr::new(vec![0, 2, 3], vec![0, 3, 1], vec![1.0, 2.0, 0.5], 4)?;
/// assert_eq!(x.rows(), 2);
/// assert_eq!(x.row(0), (&[0u32, 3][..], &[1.0, 2.0][..]));
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Csr {
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f64>,
    n_cols: usize,
}

impl Csr {
    /// Builds a matrix from its three arrays, checking the invariants.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first row that breaks an invariant.
    pub fn new(indptr: Vec<usize>, indices: Vec<u32>, values: Vec<f64>, n_cols: usize) -> Result<Self> {
        if indptr.first() != Some(&0) {
            return Err(Error::invalid("indptr must start with 0"));
        }
        if indices.len() != values.len() || indptr.last() != Some(&indices.len()) {
            return Err(Error::invalid(format!(
                "indptr ends at {:?} but there are {} indices and {} values",
                indptr.last(),
                indices.len(),
                values.len()
            )));
        }
        if n_cols > u32::MAX as usize + 1 {
            return Err(Error::invalid(format!(
                "{n_cols} columns exceed the u32 id range"
            )));
        }
        for (r, w) in indptr.windows(2).enumerate() {
            if w[1] < w[0] || w[1] > indices.len() {
                return Err(Error::invalid(format!(
                    "indptr decreases at row {r} or runs past the entries"
                )));
            }
            let ids = &indices[w[0]..w[1]];
            if let Some(bad) = ids.windows(2).find(|p| p[1] <= p[0]) {
                return Err(Error::invalid(format!(
                    "row {r}: feature ids must be strictly increasing, got {} then {}",
                    bad[0], bad[1]
                )));
            }
            if let Some(&id) = ids.last().filter(|&&id| id as usize >= n_cols) {
                return Err(Error::invalid(format!(
                    "row {r}: feature id {id} >= {n_cols} columns"
                )));
            }
            if let Some(v) = values[w[0]..w[1]].iter().find(|v| !v.is_finite()) {
                return Err(Error::invalid(format!("row {r}: value {v} is not finite")));
            }
        }
        Ok(Csr {
            indptr,
            indices,
            values,
            n_cols,
        })
    }

    /// Builds a matrix from rows of (id, value) pairs in any order; duplicate ids
    /// within a row are summed.
    pub fn from_rows<'a>(rows: impl IntoIterator<Item = &'a [(u32, f64)]>, n_cols: usize) -> Result<Self> {
        let mut indptr = vec![0];
        let (mut indices, mut values) = (Vec::new(), Vec::new());
        let mut buf: Vec<(u32, f64)> = Vec::new();
        for row in rows {
            buf.clear();
            buf.extend_from_slice(row);
            buf.sort_by_key(|p| p.0);
            for &(id, v) in &buf {
                if indices.len() > *indptr.last().unwrap() && indices.last() == Some(&id) {
                    *values.last_mut().unwrap() += v;
                } else {
                    indices.push(id);
                    values.push(v);
                }
            }
            indptr.push(indices.len());
        }
        Csr::new(indptr, indices, values, n_cols)
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Number of columns (the feature space size).
    pub fn cols(&self) -> usize {
        self.n_cols
    }

    /// Number of stored entries.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row `i`'s feature ids and values.
    ///
    /// # Panics
    /// If `i >= rows()`.
    pub fn row(&self, i: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.indptr[i], self.indptr[i + 1]);
        (&self.indices[a..b], &self.values[a..b])
    }

    /// The raw arrays (indptr, indices, values).
    pub fn parts(&self) -> (&[usize], &[u32], &[f64]) {
        (&self.indptr, &self.indices, &self.values)
    }

    /// The rows in `rows` (any order, repeats allowed), as a new matrix.
    pub fn select(&self, rows: &[usize]) -> Csr {
        let mut indptr = Vec::with_capacity(rows.len() + 1);
        indptr.push(0);
        let (mut indices, mut values) = (Vec::new(), Vec::new());
        for &r in rows {
            let (i, v) = self.row(r);
            indices.extend_from_slice(i);
            values.extend_from_slice(v);
            indptr.push(indices.len());
        }
        Csr {
            indptr,
            indices,
            values,
            n_cols: self.n_cols,
        }
    }
}

/// How feature ids relate to the input's features.
#[derive(Debug, Clone, PartialEq)]
pub enum FeatureSpace {
    /// Ids are used as given (e.g. svmlight files); `n` is their range.
    Indexed {
        /// The number of feature ids (ids are `0..n`).
        n: usize,
    },
    /// A dictionary: id `i` is the phrase `names[i]`.
    Names(Vec<String>),
    /// Feature hashing: id = MurmurHash3_x86_32(UTF-8 phrase, seed) mod 2^bits
    /// (non-negative modulo of the signed hash, as Spark's HashingTF).
    Hashed {
        /// Number of bits b: there are 2^b ids.
        bits: u32,
        /// Hash seed (Spark's HashingTF uses 42).
        seed: u32,
    },
}

impl FeatureSpace {
    /// Number of feature ids.
    pub fn len(&self) -> usize {
        match self {
            FeatureSpace::Indexed { n } => *n,
            FeatureSpace::Names(v) => v.len(),
            FeatureSpace::Hashed { bits, .. } => 1usize << bits,
        }
    }

    /// Whether the space has no features.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A labelled data set: rows of features, a class index per row, optional weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The features, one row per example.
    pub x: Csr,
    /// Class index of each row, in `0..classes.len()`.
    pub y: Vec<u32>,
    /// Optional per-row sample weights (finite, ≥ 0, not all 0).
    pub weights: Option<Vec<f64>>,
    /// Class labels; index `k` is class `k`.
    pub classes: Vec<String>,
    /// What the feature ids mean.
    pub features: FeatureSpace,
}

impl Dataset {
    /// Checks that the parts agree: one label per row, labels in range, weights
    /// finite and non-negative with a positive sum, the feature space as wide as `x`.
    pub fn validate(&self) -> Result<()> {
        let n = self.x.rows();
        crate::error::check_len("labels", self.y.len(), n)?;
        if self.classes.is_empty() {
            return Err(Error::invalid("no classes"));
        }
        if self.classes.len() > crate::limits::MAX_CLASSES {
            return Err(Error::invalid(format!(
                "{} classes exceed the limit of {}",
                self.classes.len(),
                crate::limits::MAX_CLASSES
            )));
        }
        if let Some(&c) = self.y.iter().find(|&&c| c as usize >= self.classes.len()) {
            return Err(Error::invalid(format!(
                "label index {c} >= {} classes",
                self.classes.len()
            )));
        }
        if let Some(w) = &self.weights {
            crate::error::check_len("weights", w.len(), n)?;
            if let Some(bad) = w.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
                return Err(Error::invalid(format!(
                    "sample weight {bad} must be finite and >= 0"
                )));
            }
        }
        if self.features.len() != self.x.cols() {
            return Err(Error::invalid(format!(
                "the feature space has {} ids but the matrix has {} columns",
                self.features.len(),
                self.x.cols()
            )));
        }
        Ok(())
    }

    /// The same rows with class indices renumbered to `classes` (e.g. a model's
    /// labels, so a test set whose file lacks some classes lines up with the model).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming a label of these data that `classes` lacks.
    pub fn relabel(mut self, classes: &[String]) -> Result<Dataset> {
        let map: Vec<u32> = self
            .classes
            .iter()
            .map(|c| {
                classes
                    .iter()
                    .position(|m| m == c)
                    .map(|p| p as u32)
                    .ok_or_else(|| {
                        Error::invalid(format!("label {c:?} is not one of the classes {classes:?}"))
                    })
            })
            .collect::<Result<_>>()?;
        for y in &mut self.y {
            *y = map[*y as usize];
        }
        self.classes = classes.to_vec();
        Ok(self)
    }

    /// Row `i`'s weight (1 without weights).
    pub fn weight(&self, i: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w[i])
    }

    /// The rows `rows` (indices below [`Csr::rows`]), in that order, with the same
    /// classes and feature space.
    pub fn select(&self, rows: &[usize]) -> Dataset {
        Dataset {
            x: self.x.select(rows),
            y: rows.iter().map(|&i| self.y[i]).collect(),
            weights: self
                .weights
                .as_ref()
                .map(|w| rows.iter().map(|&i| w[i]).collect()),
            classes: self.classes.clone(),
            features: self.features.clone(),
        }
    }
}
