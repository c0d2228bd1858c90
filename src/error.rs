//! The crate's error type.
//!
//! Every fallible function in bayeskit returns [`Result`]. The C layer maps each
//! variant to a `bk_status` code through [`Error::code`]; the numbers are part of
//! the ABI and are never reused for another meaning.

/// What went wrong, with the offending value in the message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument is out of its domain (non-positive shape, probability outside
    /// [0, 1], mismatched lengths, ...).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// An iterative method stopped before reaching its tolerance.
    #[error("did not converge: {0}")]
    NoConvergence(String),
    /// Input text could not be parsed; the message names the file, line and reason.
    #[error("parse error: {0}")]
    Parse(String),
    /// Reading or writing a file failed; the message names the file.
    #[error("i/o error: {0}")]
    Io(String),
    /// Serialised bytes are truncated, fail their checksum, or have an unknown version.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// Memory for a size the input asked for could not be allocated; the message
    /// names what and how much (see [`crate::limits`]).
    #[error("out of memory: {0}")]
    OutOfMemory(String),
}

impl Error {
    /// Shorthand for [`Error::InvalidArgument`].
    pub fn invalid(msg: impl Into<String>) -> Self {
        Error::InvalidArgument(msg.into())
    }

    /// The stable numeric code of this error (the C `bk_status` value).
    pub fn code(&self) -> i32 {
        match self {
            Error::InvalidArgument(_) => 1,
            Error::Parse(_) => 3,
            Error::Io(_) => 4,
            Error::Corrupt(_) => 5,
            Error::NoConvergence(_) => 6,
            Error::OutOfMemory(_) => 7,
        }
    }
}

/// `Result` with [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// `x` for a message: in scientific notation when it is huge or tiny, where the
/// plain form of 1e308 has 309 digits.
pub(crate) fn shown(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-6..1e16).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Checks that `x` is finite and strictly positive.
pub(crate) fn check_positive(name: &str, x: f64) -> Result<f64> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(format!(
            "{name} must be finite and > 0, got {}",
            shown(x)
        )))
    }
}

/// Checks that `x` is finite and non-negative.
pub(crate) fn check_non_negative(name: &str, x: f64) -> Result<f64> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(Error::invalid(format!(
            "{name} must be finite and >= 0, got {}",
            shown(x)
        )))
    }
}

/// Checks that `x` is finite: the argument checks every binding shares, so
/// that their messages say the same.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `name` and the value.
pub fn check_finite(name: &str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Error::invalid(format!("{name} must be finite, got {}", shown(x))))
    }
}

/// Checks that `p` is a probability in [0, 1].
pub(crate) fn check_probability(name: &str, p: f64) -> Result<f64> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(Error::invalid(format!(
            "{name} must be in [0, 1], got {}",
            shown(p)
        )))
    }
}

/// Checks that a caller's slice has exactly the length needed.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `what` and both lengths.
pub fn check_len(what: &str, got: usize, need: usize) -> Result<()> {
    if got == need {
        Ok(())
    } else {
        Err(Error::invalid(format!("{what} has {got} values, need {need}")))
    }
}

/// Checks a credible level in (0, 1).
///
/// # Errors
/// [`Error::InvalidArgument`] with the level.
pub fn check_level(level: f64) -> Result<f64> {
    if level > 0.0 && level < 1.0 {
        Ok(level)
    } else {
        Err(Error::invalid(format!("level must be in (0, 1), got {level}")))
    }
}
