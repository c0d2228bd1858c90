//! The portable model file (specified in `docs/model-format.md`).

use super::covariance::{packed_index, packed_len, Covariance, LaplaceMethod};
use super::data::FeatureSpace;
use super::model::{Model, TrainingInfo};
use crate::bytes::{put_f64, put_str, put_u32, put_u64, Cursor};
use crate::error::{Error, Result};
use crate::limits::MAX_HASH_BITS;

const MAGIC: &[u8; 8] = b"BKLOGIT\0";
/// The version this library writes. Version 1 files (variances only, never written
/// by a release of this library with the flag set) still load.
pub(super) const VERSION: u32 = 2;
/// Bit 0: the Laplace covariances follow the weights (version 1: variances).
const FLAG_COVARIANCE: u32 = 1;

impl Model {
    /// Serialises the model (layout in `docs/model-format.md`): little-endian,
    /// versioned, with a CRC-32 of everything before it at the end.
    ///
    /// # Example
    /// ```
    /// use bayeskit::logistic::{FeatureSpace, Model, TrainingInfo};
    /// let info = TrainingInfo { lambda: 0.1, l1_ratio: 1.0, rows: 10, objective: 0.5,
    ///     iterations: 3, converged: true, grad_norm: 1e-9, tol: 1e-7 };
    /// let m = Model::from_dense(vec!["a".into(), "b".into()], FeatureSpace::Indexed { n: 3 },
    ///     vec![0.1, -0.1], &[0.0, 0.0, 1.5, -1.5, 0.0, 0.0], info)?;
    /// let back = Model::from_bytes(&m.to_bytes())?;
    /// assert_eq!(back, m);
    /// assert_eq!(back.stored_features(), &[1]);
    /// # Ok::<(), bayeskit::Error>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut o = Vec::new();
        let info = self.info();
        let k = self.classes();
        o.extend_from_slice(MAGIC);
        put_u32(&mut o, VERSION);
        put_u32(
            &mut o,
            if self.covariance().is_some() {
                FLAG_COVARIANCE
            } else {
                0
            },
        );
        put_u32(&mut o, k as u32);
        put_u64(&mut o, self.features().len() as u64);
        let (kind, bits, seed) = match self.features() {
            FeatureSpace::Indexed { .. } => (0u32, 0, 0),
            FeatureSpace::Names(_) => (1, 0, 0),
            FeatureSpace::Hashed { bits, seed } => (2, *bits, *seed),
        };
        put_u32(&mut o, kind);
        put_u32(&mut o, bits);
        put_u32(&mut o, seed);
        put_u64(&mut o, self.stored_features().len() as u64);
        put_f64(&mut o, info.lambda);
        put_f64(&mut o, info.l1_ratio);
        put_u64(&mut o, info.rows);
        put_f64(&mut o, info.objective);
        put_u32(&mut o, info.iterations);
        put_u32(&mut o, u32::from(info.converged));
        put_f64(&mut o, info.grad_norm);
        put_f64(&mut o, info.tol);
        for label in self.labels() {
            put_str(&mut o, label);
        }
        if let FeatureSpace::Names(names) = self.features() {
            for n in names {
                put_str(&mut o, n);
            }
        }
        for &b in self.intercepts() {
            put_f64(&mut o, b);
        }
        for &j in self.stored_features() {
            put_u32(&mut o, j);
        }
        for &w in self.stored_weights() {
            put_f64(&mut o, w);
        }
        if let Some(cov) = self.covariance() {
            put_u32(&mut o, cov.method().code());
            for &x in cov.stored_blocks().iter().chain(cov.intercept()) {
                put_f64(&mut o, x);
            }
        }
        let crc = crc32fast::hash(&o);
        put_u32(&mut o, crc);
        o
    }

    /// Reads a model written by [`Model::to_bytes`].
    ///
    /// # Errors
    /// [`Error::Corrupt`] for a wrong magic, an unknown version or flag, a bad
    /// checksum, truncation, trailing bytes, or contents that contradict each other
    /// (sizes, ids outside the feature space, non-finite weights, invalid UTF-8).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let corrupt = |why: &str| Error::Corrupt(format!("logistic model: {why}"));
        if bytes.len() < 12 || &bytes[..8] != MAGIC {
            return Err(corrupt("not a bayeskit model file (bad magic)"));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
        if version != 1 && version != VERSION {
            return Err(corrupt(&format!(
                "unsupported format version {version} (this library reads 1 and 2)"
            )));
        }
        if bytes.len() < 16 {
            return Err(corrupt("truncated"));
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        if crc32fast::hash(body) != u32::from_le_bytes(crc.try_into().unwrap()) {
            return Err(corrupt("checksum mismatch (truncated or damaged)"));
        }
        let mut r = Cursor::new(body, 12);
        let t = || corrupt("truncated");
        let flags = r.u32().ok_or_else(t)?;
        if flags & !FLAG_COVARIANCE != 0 {
            return Err(corrupt(&format!("unknown flags {flags:#x}")));
        }
        let k = r.u32().ok_or_else(t)? as usize;
        let p = r.u64().ok_or_else(t)?;
        let (kind, bits, seed) = (
            r.u32().ok_or_else(t)?,
            r.u32().ok_or_else(t)?,
            r.u32().ok_or_else(t)?,
        );
        let n_stored = r.u64().ok_or_else(t)?;
        let info = TrainingInfo {
            lambda: r.f64().ok_or_else(t)?,
            l1_ratio: r.f64().ok_or_else(t)?,
            rows: r.u64().ok_or_else(t)?,
            objective: r.f64().ok_or_else(t)?,
            iterations: r.u32().ok_or_else(t)?,
            converged: match r.u32().ok_or_else(t)? {
                0 => false,
                1 => true,
                _ => return Err(corrupt("converged flag is neither 0 nor 1")),
            },
            grad_norm: r.f64().ok_or_else(t)?,
            tol: r.f64().ok_or_else(t)?,
        };
        // Every count must fit in what is left before anything is allocated.
        let left = body.len() as u64;
        if k < 2 || k as u64 > left || n_stored > p || n_stored.saturating_mul(4 + 8 * k as u64) > left {
            return Err(corrupt(&format!(
                "inconsistent sizes: {k} classes, {n_stored} stored of {p} features"
            )));
        }
        let labels = (0..k)
            .map(|_| r.str())
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| corrupt("bad class label"))?;
        if kind != 2 && (bits, seed) != (0, 0) {
            return Err(corrupt(&format!(
                "hash bits {bits} and seed {seed} given for a feature space that is not hashed"
            )));
        }
        let features = match kind {
            0 => FeatureSpace::Indexed {
                n: usize::try_from(p).map_err(|_| corrupt("feature count too large"))?,
            },
            1 => {
                if p > left / 4 {
                    return Err(corrupt("more feature names than bytes"));
                }
                FeatureSpace::Names(
                    (0..p)
                        .map(|_| r.str())
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| corrupt("bad feature name"))?,
                )
            }
            2 if (1..=MAX_HASH_BITS).contains(&bits) && p == 1u64 << bits => {
                FeatureSpace::Hashed { bits, seed }
            }
            2 => return Err(corrupt(&format!("hashing with {bits} bits but {p} features"))),
            _ => return Err(corrupt(&format!("unknown feature space kind {kind}"))),
        };
        let f64s = |r: &mut Cursor, n: usize| (0..n).map(|_| r.f64()).collect::<Option<Vec<f64>>>();
        let intercepts = f64s(&mut r, k).ok_or_else(t)?;
        let stored = (0..n_stored)
            .map(|_| r.u32())
            .collect::<Option<Vec<u32>>>()
            .ok_or_else(t)?;
        let weights = f64s(&mut r, n_stored as usize * k).ok_or_else(t)?;
        let n = n_stored as usize;
        let tri = packed_len(k);
        let cov = if flags & FLAG_COVARIANCE == 0 {
            None
        } else if version == 1 {
            // Version 1 stored K variances per block: a diagonal covariance.
            let var = f64s(&mut r, n * k).ok_or_else(t)?;
            let mut blocks = vec![0.0; n * tri];
            for (b, v) in var.chunks_exact(k).enumerate() {
                for (c, &x) in v.iter().enumerate() {
                    blocks[b * tri + packed_index(c, c)] = x;
                }
            }
            Some((LaplaceMethod::Blocks, blocks, vec![0.0; tri]))
        } else {
            let code = r.u32().ok_or_else(t)?;
            let method = LaplaceMethod::from_code(code)
                .ok_or_else(|| corrupt(&format!("unknown covariance method {code}")))?;
            if (n as u64 + 1).saturating_mul(8 * tri as u64) > left {
                return Err(corrupt("more covariances than bytes"));
            }
            let blocks = f64s(&mut r, n * tri).ok_or_else(t)?;
            Some((method, blocks, f64s(&mut r, tri).ok_or_else(t)?))
        };
        if !r.at_end() {
            return Err(corrupt("trailing bytes after the last section"));
        }
        let cov = cov
            .map(|(method, blocks, intercept)| Covariance::new(method, k, n, blocks, intercept))
            .transpose()
            .map_err(|e| corrupt(&e.to_string()))?;
        Model::from_blocks(labels, features, intercepts, stored, weights, cov, info)
            .map_err(|e| corrupt(&e.to_string()))
    }
}
