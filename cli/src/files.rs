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
