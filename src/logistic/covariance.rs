//! The Laplace covariances a model carries ([`Covariance`]), how they were computed
//! ([`LaplaceMethod`]), and the packed storage of their K×K blocks. The model
//! (`model.rs`), its file (`format.rs`) and its JSON export read them; `laplace.rs`
//! computes them from data.
//!
//! Covariance blocks are stored packed: the lower triangle row by row, entry (r, c)
//! with r ≥ c at r(r+1)/2 + c.

use crate::error::{check_len, check_non_negative, Error, Result};

/// How the Laplace covariance is computed (docs/logistic-uncertainty.md explains both).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LaplaceMethod {
    /// Per-feature K×K blocks of the precision, inverted one by one.
    #[default]
    Blocks,
    /// The full precision over all active weights, inverted densely.
    Full,
}

impl LaplaceMethod {
    /// The code of the model file: 0 blocks, 1 full. (The C ABI's
    /// `BK_LAPLACE_*` constants are another encoding, with NONE = 0, BLOCKS = 1
    /// and FULL = 2.)
    pub fn code(self) -> u32 {
        match self {
            LaplaceMethod::Blocks => 0,
            LaplaceMethod::Full => 1,
        }
    }

    /// The method of a code written by [`LaplaceMethod::code`].
    pub fn from_code(code: u32) -> Option<Self> {
        match code {
            0 => Some(LaplaceMethod::Blocks),
            1 => Some(LaplaceMethod::Full),
            _ => None,
        }
    }
}

/// Length of one packed K×K block, K·(K+1)/2: what a caller's buffer for one
/// feature's covariance must hold.
pub fn packed_len(k: usize) -> usize {
    k * (k + 1) / 2
}

/// Index of (r, c) in a packed block.
#[inline]
pub(crate) fn packed_index(r: usize, c: usize) -> usize {
    let (r, c) = if r >= c { (r, c) } else { (c, r) };
    r * (r + 1) / 2 + c
}

/// The Laplace covariances of a model: one packed K×K block per stored feature,
/// and one for the intercepts.
#[derive(Debug, Clone, PartialEq)]
pub struct Covariance {
    method: LaplaceMethod,
    /// Packed blocks, one per stored feature, then one all-zero block (the block of
    /// unstored features, as in the model's weights).
    blocks: Vec<f64>,
    intercept: Vec<f64>,
}

impl Covariance {
    /// Assembles covariances for `stored` features of a K-class model, checking that
    /// every block is symmetric-positive-semidefinite as far as its 2×2 minors tell
    /// (finite, variances ≥ 0, |cov(r, c)| ≤ √(var_r·var_c)).
    pub(crate) fn new(
        method: LaplaceMethod,
        k: usize,
        stored: usize,
        mut blocks: Vec<f64>,
        intercept: Vec<f64>,
    ) -> Result<Self> {
        let t = packed_len(k);
        check_len("covariance blocks", blocks.len(), stored * t)?;
        check_len("intercept covariance", intercept.len(), t)?;
        for b in blocks.chunks_exact(t).chain(std::iter::once(&intercept[..])) {
            check_block(b, k)?;
        }
        blocks.resize(blocks.len() + t, 0.0);
        Ok(Covariance {
            method,
            blocks,
            intercept,
        })
    }

    /// How these covariances were computed.
    pub fn method(&self) -> LaplaceMethod {
        self.method
    }

    /// The packed block of stored block `b` (the zero block for b = stored count).
    #[inline]
    pub(crate) fn block(&self, b: usize, t: usize) -> &[f64] {
        &self.blocks[b * t..(b + 1) * t]
    }

    /// All packed blocks of the stored features, in stored order.
    pub fn stored_blocks(&self) -> &[f64] {
        &self.blocks[..self.blocks.len() - self.intercept.len()]
    }

    /// The packed K×K covariance of the intercepts.
    pub fn intercept(&self) -> &[f64] {
        &self.intercept
    }
}

fn check_block(b: &[f64], k: usize) -> Result<()> {
    if !b.iter().all(|v| v.is_finite()) {
        return Err(Error::invalid("covariances must be finite"));
    }
    for r in 0..k {
        check_non_negative("a variance", b[packed_index(r, r)])?;
        for c in 0..r {
            let bound = (b[packed_index(r, r)] * b[packed_index(c, c)]).sqrt();
            if b[packed_index(r, c)].abs() > bound * (1.0 + 1e-9) + f64::MIN_POSITIVE {
                return Err(Error::invalid(format!(
                    "covariance ({r}, {c}) exceeds the square root of the variances: not a covariance"
                )));
            }
        }
    }
    Ok(())
}
