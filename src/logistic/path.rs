//! The regularisation path and k-fold cross-validation over it.
//!
//! The path fits the model at a decreasing sequence of λ, each fit warm-started
//! from the previous optimum (glmnet's strategy, Friedman, Hastie & Tibshirani
//! 2010): from λ_max, the smallest λ at which every weight is zero, down a
//! geometric grid. Cross-validation splits the rows into stratified folds, runs
//! the same λ sequence on every fold's complement, scores the held-out rows, and
//! picks λ; the model at the chosen λ is the full-data path's, i.e. refitted on all
//! rows.

use super::data::Dataset;
use super::eval::{evaluate, EvalOptions};
use super::laplace::laplace;
use super::model::Model;
use super::train::{Fit, TrainOptions};
use crate::error::{Error, Result};
use crate::rng::Rng;
use rand::seq::SliceRandom;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Which λ values the path visits.
#[derive(Debug, Clone, PartialEq)]
pub enum Lambdas {
    /// `count` values from λ_max down to λ_max·`min_ratio`, evenly spaced in log λ.
    Grid {
        /// Number of values, ≥ 2.
        count: usize,
        /// λ_min/λ_max, in (0, 1).
        min_ratio: f64,
    },
    /// These values, strictly decreasing, finite and > 0.
    Values(Vec<f64>),
}

impl Default for Lambdas {
    fn default() -> Self {
        Lambdas::Grid {
            count: 20,
            min_ratio: 1e-3,
        }
    }
}

/// Options of [`path`] and [`cross_validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct PathOptions {
    /// The λ sequence.
    pub lambdas: Lambdas,
    /// Stop a [`Lambdas::Grid`] early once the training loss improves by less than
    /// 1e-5 (relative) from one λ to the next, or explains 99.9 % of the null
    /// model's loss (glmnet's rule). Explicit values always run to the end.
    pub early_stop: bool,
    /// Everything else of a fit; its `lambda` is ignored. Its `threads` parallelise
    /// the gradient passes of [`path`], and in [`cross_validate`] run the full-data
    /// path and the folds' paths side by side (each on one thread). Its
    /// `laplace` gives every step of [`path`] covariances (with
    /// [`LaplaceMethod::Full`](super::LaplaceMethod::Full) the path fails once a step
    /// has too many active weights); [`cross_validate`] computes them for the chosen
    /// model only.
    pub train: TrainOptions,
}

impl Default for PathOptions {
    fn default() -> Self {
        PathOptions {
            lambdas: Lambdas::default(),
            early_stop: true,
            train: TrainOptions::default(),
        }
    }
}

/// One fit of a path.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    /// The penalty λ.
    pub lambda: f64,
    /// The training loss (weighted mean log-loss, class weights included).
    pub loss: f64,
    /// The relative duality gap (F − D)/F of the fit: an upper bound on its
    /// relative suboptimality (F − F*)/F, from a dual point built from the fitted
    /// probabilities. Unlike the subgradient norm it means the same at every scale
    /// of the data and of λ.
    pub gap: f64,
    /// The fitted model; its [`TrainingInfo`](super::TrainingInfo) has the
    /// objective, iterations, convergence and subgradient norm.
    pub model: Model,
}

/// A regularisation path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The smallest λ with every weight zero: max_jc |∂loss/∂W_jc| at W = 0,
    /// divided by max(ρ, 10⁻³) (for ridge, ρ = 0, no finite λ zeroes the weights; the
    /// floor is glmnet's, so the grid still starts where weights are small).
    pub lambda_max: f64,
    /// The fits, in the order of the λ sequence.
    pub steps: Vec<PathStep>,
    /// Whether a grid stopped before its last value ([`PathOptions::early_stop`]).
    pub stopped_early: bool,
}

/// Relative improvement of the training loss below which a grid stops.
const MIN_IMPROVEMENT: f64 = 1e-5;
/// Share of the null loss explained at which a grid stops.
const MAX_EXPLAINED: f64 = 0.999;
/// ρ floor of λ_max.
const MIN_L1_RATIO_FOR_MAX: f64 = 1e-3;

/// The regularisation path of `data`.
///
/// # Errors
/// [`Error::InvalidArgument`] for invalid data or options (as [`train`](super::train())),
/// a grid with fewer than 2 values or a ratio outside (0, 1), or explicit values that
/// are not finite, positive and strictly decreasing.
///
/// # Example
/// ```
/// use bayeskit::logistic::{path, Csr, Dataset, FeatureSpace, Lambdas, PathOptions};
/// let rows: Vec<Vec<(u32, f64)>> = (0..60).map(|i| vec![(i % 3, 1.0), (3, 0.5)]).collect();
/// let x = Csr::from_rows(rows.iter().map(|r| r.as_slice()), 4)?;
/// let y = (0..60).map(|i| u32::from(i % 3 == 0 || i % 7 == 0)).collect();
/// let data = Dataset { x, y, weights: None, classes: vec!["a".into(), "b".into()],
///     features: FeatureSpace::Indexed { n: 4 } };
/// let p = path(&data, &PathOptions { lambdas: Lambdas::Grid { count: 5, min_ratio: 0.01 },
///     ..PathOptions::default() })?;
/// assert_eq!(p.steps[0].model.nnz(), 0); // λ_max
/// assert!(p.steps[1].model.nnz() > 0);
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub fn path(data: &Dataset, opts: &PathOptions) -> Result<Path> {
    check_lambdas(&opts.lambdas)?;
    let mut fit = Fit::new(data, &opts.train)?;
    let (lambda_max, values, early) = sequence(&mut fit, opts);
    run_path(&mut fit, lambda_max, &values, early, &|_| true)
}

/// λ_max, the λ values and whether to stop early, for a fit that has not run yet.
fn sequence(fit: &mut Fit, opts: &PathOptions) -> (f64, Vec<f64>, bool) {
    let lambda_max = fit.null_gradient() / opts.train.l1_ratio.max(MIN_L1_RATIO_FOR_MAX);
    match &opts.lambdas {
        Lambdas::Grid { count, min_ratio } => {
            (lambda_max, grid(lambda_max, *count, *min_ratio), opts.early_stop)
        }
        Lambdas::Values(v) => (lambda_max, v.clone(), false),
    }
}

/// Fits `values` in turn, while `more(steps done)` holds.
fn run_path(
    fit: &mut Fit,
    lambda_max: f64,
    values: &[f64],
    early: bool,
    more: &dyn Fn(usize) -> bool,
) -> Result<Path> {
    let null_loss = fit.loss();
    let mut steps: Vec<PathStep> = Vec::with_capacity(values.len());
    for &lambda in values {
        if !more(steps.len()) {
            break;
        }
        let model = fit.fit(lambda, &mut |_, _| {})?;
        let (loss, gap) = (fit.loss(), fit.gap());
        let previous = steps.last().map(|s| s.loss);
        steps.push(PathStep {
            lambda,
            loss,
            gap,
            model,
        });
        if early && steps.len() < values.len() {
            let stalled = previous.is_some_and(|prev| prev - loss < MIN_IMPROVEMENT * prev);
            if stalled || loss <= (1.0 - MAX_EXPLAINED) * null_loss {
                return Ok(Path {
                    lambda_max,
                    steps,
                    stopped_early: true,
                });
            }
        }
    }
    Ok(Path {
        lambda_max,
        steps,
        stopped_early: false,
    })
}

fn check_lambdas(l: &Lambdas) -> Result<()> {
    match l {
        Lambdas::Grid { count, min_ratio } => {
            if *count < 2 {
                return Err(Error::invalid(format!(
                    "a λ grid needs at least 2 values, got {count}"
                )));
            }
            if !(*min_ratio > 0.0 && *min_ratio < 1.0) {
                return Err(Error::invalid(format!(
                    "the λ grid's min_ratio must be in (0, 1), got {min_ratio}"
                )));
            }
        }
        Lambdas::Values(v) => {
            if v.is_empty() {
                return Err(Error::invalid("no λ values given"));
            }
            if let Some(bad) = v.iter().find(|x| !(x.is_finite() && **x > 0.0)) {
                return Err(Error::invalid(format!(
                    "λ values must be finite and > 0, got {bad}"
                )));
            }
            if v.windows(2).any(|w| w[1] >= w[0]) {
                return Err(Error::invalid(
                    "λ values must be strictly decreasing (each fit starts from the previous one)",
                ));
            }
        }
    }
    Ok(())
}

/// λ_max·ratio^(t/(n−1)), t = 0..n.
fn grid(lambda_max: f64, count: usize, min_ratio: f64) -> Vec<f64> {
    (0..count)
        .map(|t| lambda_max * min_ratio.powf(t as f64 / (count - 1) as f64))
        .collect()
}

/// Which λ cross-validation picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    /// The λ with the smallest mean held-out loss.
    #[default]
    Min,
    /// The largest λ whose mean held-out loss is within one standard error of the
    /// smallest (a sparser model that predicts about as well).
    OneSe,
}

/// Options of [`cross_validate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CvOptions {
    /// Number of folds, 2..=rows.
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
    /// Which λ the returned model has.
    pub choice: Choice,
}

impl Default for CvOptions {
    fn default() -> Self {
        CvOptions {
            folds: 5,
            seed: 0,
            choice: Choice::Min,
        }
    }
}

/// Held-out loss at one λ.
#[derive(Debug, Clone, PartialEq)]
pub struct CvPoint {
    /// The penalty λ.
    pub lambda: f64,
    /// Mean over folds of each fold's weighted mean held-out log-loss (sample
    /// weights only: class weights shape training, not the score).
    pub mean: f64,
    /// Standard error of that mean: the folds' standard deviation / √folds.
    pub se: f64,
    /// Each fold's held-out loss.
    pub folds: Vec<f64>,
}

/// The result of [`cross_validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidation {
    /// The full-data path (its models are refitted on every row).
    pub path: Path,
    /// Held-out loss per λ of the path.
    pub points: Vec<CvPoint>,
    /// Index of the λ with the smallest mean loss.
    pub best: usize,
    /// Index of the largest λ within one standard error of the best.
    pub one_se: usize,
    /// Index of the chosen λ ([`CvOptions::choice`]).
    pub chosen: usize,
    /// The full-data model at the chosen λ, with the Laplace covariances the
    /// training options ask for.
    pub model: Model,
}

/// k-fold cross-validation over the path of `data`: stratified folds (each class's
/// rows shuffled with the seed and dealt round-robin), every fold's complement fitted
/// along the full-data path's λ values, the held-out rows scored.
///
/// The full-data path and the folds run on `opts.train.threads` threads (each fit
/// single-threaded, the full-data path first); the result does not depend on the
/// thread count.
///
/// # Errors
/// As [`path`], [`Error::InvalidArgument`] for fewer than 2 folds or more folds
/// than rows, and [`Error::NoConvergence`] when a fold's fit at some λ does not
/// converge within `max_iter` (its held-out loss would not be that of its fit; the
/// full-data path's fits report their convergence in their models instead).
///
/// # Example
/// ```
/// use bayeskit::logistic::{cross_validate, CvOptions, Csr, Dataset, FeatureSpace, PathOptions};
/// let rows: Vec<Vec<(u32, f64)>> = (0..90).map(|i| vec![(i % 3, 1.0)]).collect();
/// let x = Csr::from_rows(rows.iter().map(|r| r.as_slice()), 3)?;
/// let y = (0..90).map(|i| u32::from(i % 3 == 0 || i % 11 == 0)).collect();
/// let data = Dataset { x, y, weights: None, classes: vec!["a".into(), "b".into()],
///     features: FeatureSpace::Indexed { n: 3 } };
/// let cv = cross_validate(&data, &PathOptions::default(), &CvOptions::default())?;
/// assert!(cv.path.steps[cv.one_se].lambda >= cv.path.steps[cv.best].lambda);
/// assert_eq!(cv.model.info().lambda, cv.path.steps[cv.chosen].lambda);
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub fn cross_validate(data: &Dataset, opts: &PathOptions, cv: &CvOptions) -> Result<CrossValidation> {
    data.validate()?;
    check_lambdas(&opts.lambdas)?;
    let n = data.x.rows();
    if cv.folds < 2 || cv.folds > n {
        return Err(Error::invalid(format!(
            "folds must be in 2..={n} (the rows), got {}",
            cv.folds
        )));
    }
    // Every fit single-threaded (the threads run the full-data path and the folds
    // side by side), without covariances (the chosen model gets them below).
    let mut quiet = opts.clone();
    quiet.train.laplace = None;
    quiet.train.threads = 1;
    let fold_of = stratified_folds(&data.y, data.classes.len(), cv.folds, cv.seed);
    let (full, losses) = run_folds(data, &fold_of, cv.folds, &quiet, opts.train.threads)?;
    let lambdas: Vec<f64> = full.steps.iter().map(|s| s.lambda).collect();
    let points: Vec<CvPoint> = lambdas
        .iter()
        .enumerate()
        .map(|(s, &lambda)| {
            let folds: Vec<f64> = losses.iter().map(|l| l[s]).collect();
            let m = folds.len() as f64;
            let mean = folds.iter().sum::<f64>() / m;
            let var = folds.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (m - 1.0);
            CvPoint {
                lambda,
                mean,
                se: (var / m).sqrt(),
                folds,
            }
        })
        .collect();
    let best = (0..points.len())
        .min_by(|&a, &b| points[a].mean.total_cmp(&points[b].mean))
        .expect("a path has at least one step");
    let bound = points[best].mean + points[best].se;
    // λ decreases along the path: the first point within the bound is the largest λ.
    let one_se = (0..=best).find(|&s| points[s].mean <= bound).unwrap_or(best);
    let chosen = match cv.choice {
        Choice::Min => best,
        Choice::OneSe => one_se,
    };
    let model = full.steps[chosen].model.clone();
    let model = match opts.train.laplace {
        Some(method) => laplace(&model, data, method, opts.train.class_weights.as_deref())?,
        None => model,
    };
    Ok(CrossValidation {
        path: full,
        points,
        best,
        one_se,
        chosen,
        model,
    })
}

/// The fold of every row: each class's rows in a seeded random order, dealt to the
/// folds round-robin, continuing where the previous class stopped so fold sizes
/// differ by at most one row.
pub(crate) fn stratified_folds(y: &[u32], k: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut rng = Rng::seed_from_u64(seed);
    let mut fold_of = vec![0; y.len()];
    let mut next = 0;
    for c in 0..k as u32 {
        let mut rows: Vec<usize> = (0..y.len()).filter(|&i| y[i] == c).collect();
        rows.shuffle(&mut rng.0);
        for i in rows {
            fold_of[i] = next;
            next = (next + 1) % folds;
        }
    }
    fold_of
}

/// The full-data path and the held-out losses per fold and λ, as `folds + 1` jobs
/// spread over `threads` threads: the full-data path first, each fold's path along
/// the same λ values. A grid that may stop early is known only when the full-data
/// path ends; the folds stop at its length then (work a fold did beyond it is
/// dropped), so on one thread nothing is fitted twice.
fn run_folds(
    data: &Dataset,
    fold_of: &[usize],
    folds: usize,
    opts: &PathOptions,
    threads: usize,
) -> Result<(Path, Vec<Vec<f64>>)> {
    let mut fit = Fit::new(data, &opts.train)?;
    let (lambda_max, values, early) = sequence(&mut fit, opts);
    let length = AtomicUsize::new(usize::MAX);
    let full = Mutex::new(Some(fit));
    let job = |f: usize| -> Result<Job> {
        if f == folds {
            let mut fit = full
                .lock()
                .expect("one job takes the fit")
                .take()
                .expect("run once");
            let p = run_path(&mut fit, lambda_max, &values, early, &|_| true);
            // Release the folds even if the path failed (its error is reported).
            length.store(p.as_ref().map_or(0, |p| p.steps.len()), Ordering::Release);
            return p.map(Job::Full);
        }
        let (test, train): (Vec<usize>, Vec<usize>) = (0..fold_of.len()).partition(|&i| fold_of[i] == f);
        let train = data.select(&train);
        let mut fit = Fit::new(&train, &opts.train)?;
        let p = run_path(&mut fit, lambda_max, &values, false, &|s| {
            s < length.load(Ordering::Acquire)
        })?;
        // A fold's held-out loss is only the loss of its fit if the fit converged,
        // and nothing else reports a fold's fits: the first unconverged step is an
        // error (once the path's length is known: a step past it does not count).
        let unconverged = p.steps.iter().position(|s| !s.model.info().converged).map(|at| {
            let (s, i) = (&p.steps[at], p.steps[at].model.info());
            let msg = format!(
                "cross-validation fold {f} did not converge at λ {} within {} iterations \
                 (subgradient {:e} > tol {:e}): raise max_iter or tol",
                s.lambda, i.iterations, i.grad_norm, i.tol
            );
            (at, msg)
        });
        let held_out = data.select(&test);
        let losses = p
            .steps
            .iter()
            .map(|s| Ok(evaluate(&s.model, &held_out, &EvalOptions::default())?.log_loss))
            .collect::<Result<Vec<f64>>>()?;
        Ok(Job::Fold(f, losses, unconverged))
    };
    // The full-data path is the longest job: it goes first.
    let order: Vec<usize> = std::iter::once(folds).chain(0..folds).collect();
    let threads = threads.clamp(1, folds + 1);
    let results: Vec<Result<Job>> = if threads == 1 {
        order.iter().map(|&f| job(f)).collect()
    } else {
        let next = AtomicUsize::new(0);
        std::thread::scope(|sc| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    sc.spawn(|| {
                        let mut done = Vec::new();
                        while let Some(&f) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                            done.push(job(f));
                        }
                        done
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("fold thread"))
                .collect()
        })
    };
    let (mut path, mut losses, mut unconverged) = (None, vec![Vec::new(); folds], vec![None; folds]);
    for r in results {
        match r? {
            Job::Full(p) => path = Some(p),
            Job::Fold(f, l, u) => (losses[f], unconverged[f]) = (l, u),
        }
    }
    let path = path.expect("the full-data path ran");
    for l in &mut losses {
        l.truncate(path.steps.len());
    }
    // The first fold (in fold order) with an unconverged step inside the path.
    if let Some((_, msg)) = unconverged
        .into_iter()
        .flatten()
        .find(|(at, _)| *at < path.steps.len())
    {
        return Err(Error::NoConvergence(msg));
    }
    Ok((path, losses))
}

/// What a cross-validation job returns: the full-data path, or a fold's held-out
/// losses with its first unconverged step (index and message), if any.
enum Job {
    Full(Path),
    Fold(usize, Vec<f64>, Option<(usize, String)>),
}
