//! Sparse multinomial logistic regression with an elastic-net penalty: data,
//! training, the model and its allocation-free scoring.
//!
//! # Formula
//! With K classes all parameterised (symmetric, as glmnet and scikit-learn's
//! multinomial), logits z_i = Wᵀx_i + b and weights w_i, training minimises
//!
//! F(W, b) = (1/Σw_i)·Σ_i w_i·(logsumexp(z_i) − z_{i,y_i}) + λ·((1−ρ)/2·‖W‖² + ρ·‖W‖₁),
//!
//! the intercepts b unpenalised. With unit weights, λ = 1/(C·N) and ρ = l1_ratio
//! this is scikit-learn's `LogisticRegression(penalty="elasticnet", solver="saga")`.

mod covariance;
mod data;
mod eval;
mod format;
mod hashing;
#[cfg(feature = "json")]
mod json;
mod laplace;
mod model;
mod path;
mod read;
mod train;

pub use covariance::{packed_len, Covariance, LaplaceMethod};
pub use data::{Csr, Dataset, FeatureSpace};
pub use eval::{evaluate, row_log_loss, EvalOptions, Evaluation};
pub use hashing::{hashed_feature, murmur3_x86_32, DEFAULT_HASH_SEED};
pub use laplace::{laplace, MAX_FULL_PARAMETERS};
pub use model::{check_draws, mc_scratch, mc_scratch_len, McOptions, Model, TrainingInfo};
pub use path::{
    cross_validate, path, Choice, CrossValidation, CvOptions, CvPoint, Lambdas, Path, PathOptions, PathStep,
};
pub use read::{
    read_phrases, read_phrases_from, read_svmlight, read_svmlight_from, IdBase, PhraseFeatures, PhraseIndex,
    PhraseOptions, ReadReport, SparseRow, SvmlightOptions,
};
pub use train::{train, train_with_progress, TrainOptions};
