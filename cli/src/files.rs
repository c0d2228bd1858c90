//! Files named on the command line: reading and writing them with errors that
//! name them, the progress of a long read, and the rows a read skipped.

use crate::CliResult;
use std::fmt::Display;
use std::io::IsTerminal;
use std::path::Path;

/// Turns an error about the file at `path` into `path: error`.
pub fn at<E: Display>(path: &Path) -> impl Fn(E) -> String + '_ {
    move |e| format!("{}: {e}", path.display())
}

/// The whole file.
pub fn read(path: &Path) -> CliResult<Vec<u8>> {
    std::fs::read(path).map_err(at(path))
}

/// Writes (or replaces) the file.
pub fn write(path: &Path, bytes: &[u8]) -> CliResult<()> {
    std::fs::write(path, bytes).map_err(at(path))
}

/// Says on stderr how many bad rows a read skipped (with --skip-bad), and the first.
pub fn report_skips(skipped: u64, first: Option<&str>) {
    if skipped > 0 {
        eprintln!(
            "bayeskit: skipped {skipped} bad rows; the first: {}",
            first.unwrap_or("")
        );
    }
}

/// A byte progress bar on stderr for files over 64 MiB, only when stderr is a terminal.
pub fn progress_bar(size: u64) -> Option<indicatif::ProgressBar> {
    if size < 64 << 20 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({bytes_per_sec})")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// The largest file [`read_table`] reads (64 MiB: about a million rows).
pub const MAX_TABLE_BYTES: u64 = 64 << 20;

/// One data row of a [`read_table`]: its line number (from 1) and fields.
pub struct TableRow {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A small table: one row per line, fields separated by tabs or commas, blank
/// lines and lines starting with `#` skipped, and a header line (a first line
/// with a field that is not a number) allowed before the data. Each row has
/// exactly `columns.len()` fields; errors name the file and line.
pub fn read_table(path: &Path, columns: &[&str]) -> CliResult<Vec<TableRow>> {
    // Small tables only (one row per past experiment or per look): a bounded
    // read, so a huge file is an error rather than an out-of-memory abort.
    let size = std::fs::metadata(path).map_err(at(path))?.len();
    if size > MAX_TABLE_BYTES {
        return Err(format!(
            "{}: {size} bytes; tables of past experiments or looks are read whole, up to {MAX_TABLE_BYTES} bytes",
            path.display()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(at(path))?;
    let mut rows = Vec::new();
    let mut header_allowed = true;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<String> = line.split(['\t', ',']).map(|f| f.trim().to_string()).collect();
        let numeric = fields.iter().all(|f| f.parse::<f64>().is_ok());
        if !numeric && header_allowed {
            header_allowed = false;
            continue;
        }
        header_allowed = false;
        if fields.len() != columns.len() {
            return Err(format!(
                "{}:{}: {} fields, expected {} ({})",
                path.display(),
                i + 1,
                fields.len(),
                columns.len(),
                columns.join(", ")
            ));
        }
        rows.push(TableRow { line: i + 1, fields });
    }
    if rows.is_empty() {
        return Err(format!("{}: no rows of {}", path.display(), columns.join(", ")));
    }
    Ok(rows)
}

impl TableRow {
    /// Field `i` as a non-negative integer (a count), or an error naming the
    /// file, line and column.
    pub fn count(&self, path: &Path, i: usize, what: &str) -> CliResult<u64> {
        self.fields[i].parse::<u64>().map_err(|_| {
            format!(
                "{}:{}: {what} must be a non-negative integer, got \"{}\"",
                path.display(),
                self.line,
                self.fields[i]
            )
        })
    }

    /// Field `i` as a number.
    pub fn number(&self, path: &Path, i: usize, what: &str) -> CliResult<f64> {
        self.fields[i].parse::<f64>().map_err(|_| {
            format!(
                "{}:{}: {what} must be a number, got \"{}\"",
                path.display(),
                self.line,
                self.fields[i]
            )
        })
    }
}
