//! Presenting a result: one JSON object or a text report.

use serde_json::Value;

/// Prints `value()` as one JSON object on a line with --json, else the text report.
pub fn json_or_text(json: bool, value: impl FnOnce() -> Value, text: impl FnOnce()) {
    if json {
        println!("{}", value());
    } else {
        text();
    }
}
