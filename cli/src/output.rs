//! Presenting a result: one JSON object or a text report, numbers JSON can
//! hold, and buffered standard output for long tables.

use serde_json::{json, Value};
use std::io::{BufWriter, StdoutLock};

/// Prints `value()` as one JSON object on a line with --json, else the text report.
pub fn json_or_text(json: bool, value: impl FnOnce() -> Value, text: impl FnOnce()) {
    if json {
        println!("{}", value());
    } else {
        text();
    }
}

/// A number for JSON: `null` if it is not finite (JSON has no NaN or infinity).
pub fn finite(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

/// [`finite`] of each number.
pub fn finite_all(xs: &[f64]) -> Value {
    Value::Array(xs.iter().map(|&x| finite(x)).collect())
}

/// Standard output, buffered, for tables written row by row.
pub fn stdout() -> BufWriter<StdoutLock<'static>> {
    BufWriter::new(std::io::stdout().lock())
}

/// The message of an error writing the output.
pub fn io(e: std::io::Error) -> String {
    e.to_string()
}
