//! Dirichlet–multinomial prior fitting from many rows of category counts, and
//! applying the prior to shrink small samples.
//!
//! The pipeline is: stream rows into [`DmStats`] (compressed statistics that merge
//! by addition and serialise), [`fit`] α by a safeguarded Newton method on them,
//! then [`Prior`] turns α into per-row posteriors and ranking scores. The method
//! follows Sklar, *Fast MLE Computation for the Dirichlet Multinomial*
//! (arXiv:1405.0099), with the statistics kept as step functions so that the fit
//! costs the same whatever the largest count.
//!
//! # Example
//! ```
//! use bayeskit::dirichlet_fit::{fit, DmStats, FitOptions, Outcome, Prior, RankBy};
//! // (dislikes, likes) of a few venues.
//! let rows = [[1, 9], [0, 4], [3, 7], [2, 2], [10, 30], [0, 1], [5, 45], [4, 1]];
//! let mut stats = DmStats::new(2)?;
//! for r in &rows {
//!     stats.add(r)?;
//! }
//! let f = fit(&stats, &FitOptions::default())?;
//! assert_eq!(f.outcome, Outcome::Converged);
//! let prior = Prior::new(&f.alpha)?;
//! let score = prior.score(&[0, 1], RankBy::Mean(1))?; // one like, shrunk to the population
//! assert!(score < 1.0);
//! # Ok::<(), bayeskit::Error>(())
//! ```

mod apply;
mod newton;
mod read;
mod stats;

pub use apply::{Prior, RankBy};
pub use newton::{fit, DmFit, FitOptions, Outcome};
pub use read::{read_stats, read_stats_from, CountRows, Layout, ReadOptions, ReadReport, Row};
pub(crate) use stats::StepFunction;
pub use stats::{DmStats, RowFilter};
