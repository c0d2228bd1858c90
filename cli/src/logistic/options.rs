//! The arguments `logistic train` and `path` share, and those of every subcommand
//! that reads data: how to read a data file, and the options of a fit and of its
//! λ grid.

use crate::args::threads;
use crate::files::report_skips;
use crate::{err, CliResult};
use bayeskit::logistic::{
    read_phrases, read_svmlight, Choice, CvOptions, Dataset, FeatureSpace, IdBase, Lambdas, LaplaceMethod,
    Model, PathOptions, PhraseFeatures, PhraseOptions, SvmlightOptions, TrainOptions, DEFAULT_HASH_SEED,
};
use clap::{Args, ValueEnum};
use std::path::Path;

/// The minimum total count of a phrase in the core's default dictionary.
fn default_min_count() -> u64 {
    let PhraseFeatures::Dictionary { min_count, .. } = PhraseOptions::default().features else {
        unreachable!("the core's default phrase features are a dictionary")
    };
    min_count
}

/// The core's default λ grid: (count, min_ratio).
fn default_grid() -> (usize, f64) {
    let Lambdas::Grid { count, min_ratio } = Lambdas::default() else {
        unreachable!("the core's default λ sequence is a grid")
    };
    (count, min_ratio)
}

/// Everything of a fit but λ. Defaults are the core's (`TrainOptions`,
/// `PhraseOptions`), except the thread count.
#[derive(Args)]
pub struct FitArgs {
    /// Elastic-net mix ρ in [0, 1]: 1 is the lasso, 0 ridge.
    #[arg(long, default_value_t = TrainOptions::default().l1_ratio)]
    pub(super) l1_ratio: f64,
    #[command(flatten)]
    input: DataArgs,
    /// Phrase TSV: keep the N most frequent phrases.
    #[arg(long)]
    max_features: Option<usize>,
    /// Phrase TSV: keep phrases whose total count is at least C.
    #[arg(long, default_value_t = default_min_count())]
    min_count: u64,
    /// Phrase TSV: hash phrases into 2^B ids, 1 ≤ B ≤ 31 (MurmurHash3, seed 42, as
    /// Spark's HashingTF) instead of building a dictionary. Memory follows the ids
    /// that occur in the data, not 2^B.
    #[arg(long, value_name = "B")]
    hash_bits: Option<u32>,
    /// Stop when the minimum-norm subgradient's ∞-norm is at most T.
    #[arg(long, default_value_t = TrainOptions::default().tol)]
    tol: f64,
    /// Also stop once the relative duality gap, a bound on (F − F*)/F, is at most G
    /// (costs a pass over the data per iteration).
    #[arg(long, value_name = "G")]
    max_gap: Option<f64>,
    /// Most (proximal Newton) iterations per fit.
    #[arg(long, default_value_t = TrainOptions::default().max_iter)]
    max_iter: u32,
    /// Threads: the gradient pass of a fit, and the CV folds (default: all cores, at
    /// most 256; deliberately unlike the library's default, as a command line has the
    /// machine to itself).
    // The one default that differs from the core's TrainOptions (see args::threads).
    #[arg(long)]
    threads: Option<usize>,
    /// Laplace covariances stored with the model: per-feature K×K blocks, the full
    /// inverse (up to 3000 parameters), or none.
    #[arg(long, value_enum, default_value_t = Covariances::of(TrainOptions::default().laplace))]
    uncertainty: Covariances,
}

/// The λ sequence and cross-validation; defaults are the core's (`PathOptions`,
/// `CvOptions`).
#[derive(Args)]
pub struct GridArgs {
    /// Number of λ values from λ_max down.
    #[arg(long, default_value_t = default_grid().0)]
    n_lambdas: usize,
    /// λ_min / λ_max.
    #[arg(long, default_value_t = default_grid().1)]
    min_ratio: f64,
    /// Explicit λ values, strictly decreasing, comma-separated (instead of the grid).
    #[arg(long, value_delimiter = ',')]
    lambdas: Option<Vec<f64>>,
    /// Run the whole grid even when the training loss stops improving.
    #[arg(long)]
    no_early_stop: bool,
    /// K-fold cross-validation (stratified), K ≥ 2.
    #[arg(long, value_name = "K")]
    cv: Option<usize>,
    /// Seed of the CV folds.
    #[arg(long, default_value_t = CvOptions::default().seed)]
    pub(super) seed: u64,
    /// The λ cross-validation picks: the smallest held-out loss, or the largest λ
    /// within one standard error of it.
    #[arg(long, value_enum, default_value_t = Choose::of(CvOptions::default().choice))]
    choose: Choose,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Covariances {
    None,
    Blocks,
    Full,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Choose {
    Min,
    #[value(name = "1se")]
    OneSe,
}

impl Covariances {
    fn of(m: Option<LaplaceMethod>) -> Self {
        match m {
            None => Covariances::None,
            Some(LaplaceMethod::Blocks) => Covariances::Blocks,
            Some(LaplaceMethod::Full) => Covariances::Full,
        }
    }

    fn method(self) -> Option<LaplaceMethod> {
        match self {
            Covariances::None => None,
            Covariances::Blocks => Some(LaplaceMethod::Blocks),
            Covariances::Full => Some(LaplaceMethod::Full),
        }
    }
}

impl Choose {
    fn of(c: Choice) -> Self {
        match c {
            Choice::Min => Choose::Min,
            Choice::OneSe => Choose::OneSe,
        }
    }

    fn choice(self) -> Choice {
        match self {
            Choose::Min => Choice::Min,
            Choose::OneSe => Choice::OneSe,
        }
    }
}

impl FitArgs {
    pub(super) fn read(&self, data: &Path) -> CliResult<Dataset> {
        let phrases = match self.hash_bits {
            Some(bits) => PhraseFeatures::Hashing {
                bits,
                seed: DEFAULT_HASH_SEED,
            },
            None => PhraseFeatures::Dictionary {
                max_features: self.max_features,
                min_count: self.min_count,
            },
        };
        self.input.read(data, phrases, None)
    }

    pub(super) fn options(&self, lambda: f64) -> TrainOptions {
        TrainOptions {
            lambda,
            l1_ratio: self.l1_ratio,
            tol: self.tol,
            max_gap: self.max_gap,
            max_iter: self.max_iter,
            class_weights: None,
            threads: threads(self.threads),
            laplace: self.uncertainty.method(),
        }
    }
}

impl GridArgs {
    pub(super) fn options(&self, train: TrainOptions) -> PathOptions {
        PathOptions {
            lambdas: match &self.lambdas {
                Some(v) => Lambdas::Values(v.clone()),
                None => Lambdas::Grid {
                    count: self.n_lambdas,
                    min_ratio: self.min_ratio,
                },
            },
            early_stop: PathOptions::default().early_stop && !self.no_early_stop,
            train,
        }
    }

    pub(super) fn cv(&self) -> Option<CvOptions> {
        self.cv.map(|folds| CvOptions {
            folds,
            seed: self.seed,
            choice: self.choose.choice(),
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `label id:value ...` (libsvm).
    Svmlight,
    /// `label<TAB>phrase:count<TAB>...` (the original trainer's input).
    Tsv,
}

/// How to read a data file.
#[derive(Args)]
pub struct DataArgs {
    /// Input format (default: tsv for *.tsv, svmlight otherwise).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// svmlight: ids start at 0 (default: 1, as libsvm).
    #[arg(long)]
    zero_based: bool,
    /// Skip malformed rows (reported on stderr) instead of stopping.
    #[arg(long)]
    skip_bad: bool,
}

impl DataArgs {
    fn format(&self, path: &Path) -> Format {
        self.format.unwrap_or_else(|| {
            if path.extension().is_some_and(|e| e == "tsv") {
                Format::Tsv
            } else {
                Format::Svmlight
            }
        })
    }

    /// Reads `path`; for a model's data (`space` given) the phrases are looked up in
    /// the model's dictionary or hashing and svmlight ids are bounded by its size.
    fn read(&self, path: &Path, phrases: PhraseFeatures, n_features: Option<usize>) -> CliResult<Dataset> {
        let (d, report) = match self.format(path) {
            Format::Tsv => read_phrases(
                path,
                &PhraseOptions {
                    features: phrases,
                    skip_bad: self.skip_bad,
                },
            ),
            Format::Svmlight => {
                let id_base = if self.zero_based {
                    IdBase::Zero
                } else {
                    SvmlightOptions::default().id_base
                };
                read_svmlight(
                    path,
                    &SvmlightOptions {
                        id_base,
                        n_features,
                        skip_bad: self.skip_bad,
                    },
                )
            }
        }
        .map_err(err)?;
        report_skips(report.skipped, report.first_skipped.as_deref());
        Ok(d)
    }

    /// Rows to score with `model`: in its feature space, but neither their labels
    /// (placeholders are fine) nor their ids need to be known to the model (ids
    /// beyond it are ignored, as the library's scoring ignores them).
    pub(super) fn read_to_score(&self, path: &Path, model: &Model) -> CliResult<Dataset> {
        match model.features() {
            FeatureSpace::Indexed { .. } => {
                self.read(path, PhraseFeatures::Fixed(model.features().clone()), None)
            }
            space => self.read(path, PhraseFeatures::Fixed(space.clone()), Some(space.len())),
        }
    }

    /// [`DataArgs::read_to_score`] with the labels renumbered to the model's classes
    /// (for evaluation: a label the model does not know is an error).
    pub(super) fn read_for(&self, path: &Path, model: &Model) -> CliResult<Dataset> {
        self.read_to_score(path, model)?
            .relabel(model.labels())
            .map_err(err)
    }
}
