//! The text forms of argument values that clap leaves to the CLI: comma-separated
//! numbers, pairs and "successes/trials", and the default thread count.
//!
//! Every other default of an option comes from the library (the core's `Default`
//! impls and its documented constants); the thread count is the one deliberate
//! difference.

use crate::CliResult;
use bayeskit::limits::MAX_THREADS;

pub fn numbers(s: &str, what: &str) -> CliResult<Vec<f64>> {
    if s.trim().is_empty() {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|t| {
            t.trim()
                .parse::<f64>()
                .map_err(|_| format!("{what}: '{t}' is not a number"))
        })
        .collect()
}

pub fn pair(s: &str, what: &str) -> CliResult<(f64, f64)> {
    match numbers(s, what)?.as_slice() {
        [a, b] => Ok((*a, *b)),
        _ => Err(format!("{what}: expected two comma-separated numbers, got '{s}'")),
    }
}

pub fn fraction(s: &str, what: &str) -> CliResult<(f64, f64)> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| format!("{what}: expected 'successes/trials', got '{s}'"))?;
    let parse = |t: &str| {
        t.trim()
            .parse::<f64>()
            .map_err(|_| format!("{what}: '{t}' is not a number"))
    };
    let (k, n) = (parse(k)?, parse(n)?);
    if !(k >= 0.0 && n >= k) {
        return Err(format!("{what}: need 0 <= successes <= trials, got {s}"));
    }
    Ok((k, n))
}

/// The --threads value, or by default all cores (at most [`MAX_THREADS`]).
///
/// The one CLI default that deliberately differs from the library's: the core's
/// options default to a single thread, which suits a library embedded in a service
/// that runs many calls at once; a command line has the machine to itself.
pub fn threads(n: Option<usize>) -> usize {
    n.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS)))
}
