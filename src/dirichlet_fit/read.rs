//! Reading count rows from delimited text: one row per unit, one column per
//! category, optionally a header line, an id column and a weight column. The
//! original tool's format (first column an id, no header) is
//! `Layout { id_column: true, ..Layout::default() }`.
//!
//! A bad row (a field that is not a non-negative integer, the wrong number of
//! fields, a bad weight) stops the read with the file name, line number and
//! reason, unless [`ReadOptions::skip_bad`] is set; then it is counted in
//! [`ReadReport::skipped`]. Blank lines are ignored.

use super::stats::{DmStats, RowFilter};
use crate::error::{Error, Result};
use crate::limits::{check_range, MAX_THREADS};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// Where things are in each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// Field separator; `None` detects it from the first data line (a tab if it
    /// has one, else a comma).
    pub delimiter: Option<u8>,
    /// The first line is a header, not data.
    pub header: bool,
    /// The first field of each line is an id (any text), not a count.
    pub id_column: bool,
    /// 0-based field index of a row weight (a finite number ≥ 0), if any.
    pub weight_column: Option<usize>,
}

/// Options of [`read_stats`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReadOptions {
    /// Where things are in each line.
    pub layout: Layout,
    /// Skip bad rows (and count them) instead of failing.
    pub skip_bad: bool,
    /// Parsing threads, 1 to [`MAX_THREADS`]. Results do not depend on it.
    pub threads: usize,
    /// Row sampling and capping, keyed by line number.
    pub filter: RowFilter,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            layout: Layout::default(),
            skip_bad: false,
            threads: 1,
            filter: RowFilter::default(),
        }
    }
}

/// What a read did besides building the statistics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadReport {
    /// Data rows read (not counting the header and blank lines).
    pub rows: u64,
    /// Bad rows skipped (only with `skip_bad`).
    pub skipped: u64,
    /// The first skipped row's reason, with its line number.
    pub first_skipped: Option<String>,
    /// Rows dropped by the sample rate.
    pub sampled_out: u64,
    /// Rows thinned to the cap.
    pub thinned: u64,
}

impl ReadReport {
    fn merge(&mut self, o: ReadReport) {
        self.rows += o.rows;
        self.skipped += o.skipped;
        self.sampled_out += o.sampled_out;
        self.thinned += o.thinned;
        if self.first_skipped.is_none() {
            self.first_skipped = o.first_skipped;
        }
    }
}

/// The layout resolved against the first data line.
#[derive(Debug, Clone, Copy)]
struct Fields {
    delimiter: u8,
    id: Option<usize>,
    weight: Option<usize>,
    /// Fields per line and categories K.
    total: usize,
    k: usize,
}

impl Fields {
    fn resolve(layout: &Layout, first: &[u8]) -> std::result::Result<Self, String> {
        let delimiter = layout.delimiter.unwrap_or(if first.contains(&b'\t') {
            b'\t'
        } else if first.contains(&b',') {
            b','
        } else {
            b'\t'
        });
        let total = first.split(|&b| b == delimiter).count();
        let id = layout.id_column.then_some(0);
        if let Some(w) = layout.weight_column {
            if w >= total || id == Some(w) {
                return Err(format!(
                    "weight column {} is not a data column (the line has {total} fields)",
                    w + 1
                ));
            }
        }
        let k = total - usize::from(id.is_some()) - usize::from(layout.weight_column.is_some());
        if k < 2 {
            return Err(format!("need at least 2 count columns, found {k}"));
        }
        Ok(Fields {
            delimiter,
            id,
            weight: layout.weight_column,
            total,
            k,
        })
    }

    fn wrong_count(&self, line: &[u8]) -> String {
        let found = line.split(|&b| b == self.delimiter).count();
        format!("expected {} fields, found {found}", self.total)
    }

    /// Parses one line (without its newline) into `counts`; returns the id's byte
    /// range and the weight.
    fn parse(&self, line: &[u8], counts: &mut [u64]) -> std::result::Result<((usize, usize), f64), String> {
        let mut id = (0, 0);
        let mut weight = 1.0;
        let (mut field, mut k, mut i) = (0, 0, 0);
        let n = line.len();
        loop {
            let start = i;
            if Some(field) == self.id || Some(field) == self.weight {
                while i < n && line[i] != self.delimiter {
                    i += 1;
                }
                if Some(field) == self.id {
                    id = (start, i);
                } else {
                    let text = std::str::from_utf8(&line[start..i]).unwrap_or("");
                    weight = text
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|w| w.is_finite() && *w >= 0.0)
                        .ok_or_else(|| {
                            format!("weight {:?} is not a finite number >= 0", shown(&line[start..i]))
                        })?;
                }
            } else {
                let mut v: u64 = 0;
                while i < n && line[i] != self.delimiter {
                    let d = line[i].wrapping_sub(b'0');
                    if d > 9 {
                        return Err(bad_count(field, &line[start..], self.delimiter));
                    }
                    v = v
                        .checked_mul(10)
                        .and_then(|v| v.checked_add(u64::from(d)))
                        .ok_or_else(|| format!("field {} overflows a 64-bit count", field + 1))?;
                    i += 1;
                }
                if i == start {
                    return Err(format!("field {} is empty", field + 1));
                }
                if k == self.k {
                    return Err(self.wrong_count(line));
                }
                counts[k] = v;
                k += 1;
            }
            field += 1;
            if i >= n {
                break;
            }
            i += 1;
        }
        if field != self.total || k != self.k {
            return Err(self.wrong_count(line));
        }
        Ok((id, weight))
    }
}

fn shown(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(&b[..b.len().min(40)]).into_owned();
    if b.len() > 40 {
        s + "…"
    } else {
        s
    }
}

fn bad_count(field: usize, rest: &[u8], delimiter: u8) -> String {
    let end = rest.iter().position(|&b| b == delimiter).unwrap_or(rest.len());
    format!(
        "field {} {:?} is not a non-negative integer count",
        field + 1,
        shown(&rest[..end])
    )
}

fn trim_line(mut line: &[u8]) -> &[u8] {
    while let Some((&last, rest)) = line.split_last() {
        if last == b'\n' || last == b'\r' {
            line = rest;
        } else {
            break;
        }
    }
    line
}

/// Blank lines and comments (first non-blank character `#`) hold no row.
fn is_blank(line: &[u8]) -> bool {
    line.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_none_or(|&b| b == b'#')
}

/// One parsed row of [`CountRows`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// 1-based line number in the file.
    pub line: u64,
    /// The id field (empty without an id column).
    pub id: &'a str,
    /// The K counts.
    pub counts: &'a [u64],
    /// The row weight (1 without a weight column).
    pub weight: f64,
}

/// Rows of a count file, one at a time, reusing one buffer (no allocation per row).
///
/// # Example
/// ```
/// use bayeskit::dirichlet_fit::{CountRows, Layout};
/// let text = "venue\tneg\tpos\nA\t1\t9\nB\t0\t3\n";
/// let layout = Layout { header: true, id_column: true, ..Layout::default() };
/// let mut rows = CountRows::new(text.as_bytes(), "inline", layout, false)?;
/// let r = rows.next_row()?.unwrap();
/// assert_eq!((r.line, r.id, r.counts), (2, "A", &[1u64, 9][..]));
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub struct CountRows<R: BufRead> {
    reader: R,
    name: String,
    fields: Option<Fields>,
    layout: Layout,
    skip_bad: bool,
    line_no: u64,
    line: Vec<u8>,
    counts: Vec<u64>,
    /// Rows skipped so far (with `skip_bad`).
    pub skipped: u64,
    /// The first skipped row's reason.
    pub first_skipped: Option<String>,
}

impl CountRows<BufReader<std::fs::File>> {
    /// Opens a file.
    pub fn open(path: &Path, layout: Layout, skip_bad: bool) -> Result<Self> {
        let f = std::fs::File::open(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
        CountRows::new(
            BufReader::with_capacity(1 << 16, f),
            &path.display().to_string(),
            layout,
            skip_bad,
        )
    }
}

impl<R: BufRead> CountRows<R> {
    /// Reads rows from `reader`; `name` is used in error messages.
    pub fn new(reader: R, name: &str, layout: Layout, skip_bad: bool) -> Result<Self> {
        Ok(CountRows {
            reader,
            name: name.to_string(),
            fields: None,
            layout,
            skip_bad,
            line_no: 0,
            line: Vec::new(),
            counts: Vec::new(),
            skipped: 0,
            first_skipped: None,
        })
    }

    /// Number of categories, known once the first data row was read.
    pub fn categories(&self) -> Option<usize> {
        self.fields.map(|f| f.k)
    }

    /// The next data row, or `None` at the end.
    ///
    /// # Errors
    /// [`Error::Io`] on a read failure; [`Error::Parse`] (file, line, reason) on a bad
    /// row unless skipping.
    pub fn next_row(&mut self) -> Result<Option<Row<'_>>> {
        let (start, end, (id_from, id_to), weight) = loop {
            self.line.clear();
            let n = self
                .reader
                .read_until(b'\n', &mut self.line)
                .map_err(|e| Error::Io(format!("{}: {e}", self.name)))?;
            if n == 0 {
                return Ok(None);
            }
            self.line_no += 1;
            if self.line_no == 1 && self.layout.header {
                continue;
            }
            let line = trim_line(&self.line);
            if is_blank(line) {
                continue;
            }
            let fields = match self.fields {
                Some(f) => f,
                None => {
                    let f = Fields::resolve(&self.layout, line)
                        .map_err(|why| Error::Parse(format!("{}:{}: {why}", self.name, self.line_no)))?;
                    self.counts = vec![0; f.k];
                    self.fields = Some(f);
                    f
                }
            };
            match fields.parse(line, &mut self.counts) {
                Ok((id, weight)) => break (0, line.len(), id, weight),
                Err(why) => {
                    let msg = format!("{}:{}: {why}", self.name, self.line_no);
                    if !self.skip_bad {
                        return Err(Error::Parse(msg));
                    }
                    self.skipped += 1;
                    self.first_skipped.get_or_insert(msg);
                }
            }
        };
        let line = &self.line[start..end];
        let id = std::str::from_utf8(&line[id_from..id_to])
            .map_err(|_| Error::Parse(format!("{}:{}: the id is not UTF-8", self.name, self.line_no)))?;
        Ok(Some(Row {
            line: self.line_no,
            id,
            counts: &self.counts,
            weight,
        }))
    }
}

/// Reads a count file into statistics, parsing on `opts.threads` threads.
///
/// The file is read in chunks of whole lines that worker threads parse into their
/// own statistics, merged at the end. Sampling and thinning are keyed by line
/// number, so the result is the same for any number of threads (bit-identical
/// with integer weights).
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Parse`] with the file name,
/// line and reason for the first bad row (unless skipping) or a file without data;
/// [`Error::InvalidArgument`] for bad options.
pub fn read_stats(path: &Path, opts: &ReadOptions) -> Result<(DmStats, ReadReport)> {
    let f = std::fs::File::open(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    read_stats_from(f, &path.display().to_string(), opts, &mut |_| {})
}

const CHUNK: usize = 1 << 20;

/// [`read_stats`] over any reader; `name` is used in error messages, and
/// `progress` is called on the calling thread with the bytes read so far (for a
/// progress bar).
pub fn read_stats_from<R: Read>(
    mut reader: R,
    name: &str,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(u64),
) -> Result<(DmStats, ReadReport)> {
    opts.filter.validate()?;
    check_range("threads", opts.threads as u64, 1, MAX_THREADS as u64)?;
    let io = |e: std::io::Error| Error::Io(format!("{name}: {e}"));
    // The first chunk fixes the layout (delimiter, K) before any worker starts.
    let mut carry: Vec<u8> = Vec::new();
    let mut eof = false;
    let mut first_line_no = 1u64;
    let fields = loop {
        let line_end = carry.iter().position(|&b| b == b'\n');
        if line_end.is_none() && !eof {
            eof = fill(&mut reader, &mut carry, CHUNK).map_err(io)?;
            continue;
        }
        let end = line_end.map_or(carry.len(), |e| e + 1);
        if end == 0 {
            return Err(Error::Parse(format!("{name}: no data rows")));
        }
        let line = trim_line(&carry[..end]);
        if (first_line_no == 1 && opts.layout.header) || is_blank(line) {
            carry.drain(..end);
            first_line_no += 1;
            continue;
        }
        break Fields::resolve(&opts.layout, line)
            .map_err(|w| Error::Parse(format!("{name}:{first_line_no}: {w}")))?;
    };
    let stop = AtomicBool::new(false);
    let worker = |chunks: &Mutex<mpsc::Receiver<(Vec<u8>, u64)>>| -> Result<(DmStats, ReadReport)> {
        let mut w = Worker::new(fields, opts, name)?;
        loop {
            let next = chunks
                .lock()
                .map_err(|_| Error::invalid("reader thread failed"))?
                .recv();
            let Ok((chunk, line)) = next else { break };
            if stop.load(Ordering::Relaxed) {
                continue;
            }
            if let Err(e) = w.chunk(&chunk, line) {
                stop.store(true, Ordering::Relaxed);
                return Err(e);
            }
        }
        Ok((w.stats, w.report))
    };
    let threads = opts.threads;
    let (tx, rx) = mpsc::sync_channel::<(Vec<u8>, u64)>(2 * threads);
    let rx = Mutex::new(rx);
    let (results, read_result) = std::thread::scope(|s| {
        let mut handles = Vec::with_capacity(threads);
        for _ in 0..threads {
            match std::thread::Builder::new().spawn_scoped(s, || worker(&rx)) {
                Ok(h) => handles.push(h),
                // Carry on with the threads we have; with none, fail below.
                Err(_) => break,
            }
        }
        let read_result = (|| -> Result<()> {
            if handles.is_empty() {
                return Err(Error::invalid("could not start any parsing thread"));
            }
            let mut line_no = first_line_no;
            let mut sent = 0u64;
            loop {
                if !eof && carry.len() < CHUNK {
                    eof = fill(&mut reader, &mut carry, CHUNK).map_err(io)?;
                }
                if carry.is_empty() || stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let cut = if eof {
                    carry.len()
                } else {
                    carry.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)
                };
                if cut == 0 {
                    // A line longer than the buffer: read more of it.
                    let target = carry.len() + CHUNK;
                    eof = fill(&mut reader, &mut carry, target).map_err(io)?;
                    continue;
                }
                let rest = carry.split_off(cut);
                let chunk = std::mem::replace(&mut carry, rest);
                let lines = chunk.iter().filter(|&&b| b == b'\n').count() as u64;
                sent += chunk.len() as u64;
                if tx.send((chunk, line_no)).is_err() {
                    return Ok(());
                }
                progress(sent);
                line_no += lines;
            }
        })();
        drop(tx);
        let results: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        (results, read_result)
    });
    read_result?;
    let mut stats = DmStats::new(fields.k)?;
    let mut report = ReadReport::default();
    let mut first_error: Option<Error> = None;
    for r in results {
        match r.map_err(|_| Error::invalid("a parsing thread panicked"))? {
            Ok((s, rep)) => {
                stats.merge(&s)?;
                report.merge(rep);
            }
            Err(e) => {
                // Several workers may fail; report the earliest line.
                if first_error.as_ref().is_none_or(|f| line_of(&e) < line_of(f)) {
                    first_error = Some(e);
                }
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    if report.rows == 0 {
        return Err(Error::Parse(format!("{name}: no data rows")));
    }
    Ok((stats, report))
}

/// The line number in a `name:line: reason` message (for ordering errors).
fn line_of(e: &Error) -> u64 {
    let Error::Parse(m) = e else { return u64::MAX };
    m.rsplit(": ")
        .last()
        .and_then(|head| head.rsplit(':').next())
        .and_then(|l| l.parse().ok())
        .unwrap_or(u64::MAX)
}

/// Appends from `r` until `buf` holds `target` bytes or the input ends; true at the end.
fn fill<R: Read>(r: &mut R, buf: &mut Vec<u8>, target: usize) -> std::io::Result<bool> {
    while buf.len() < target {
        let old = buf.len();
        buf.resize(target, 0);
        match r.read(&mut buf[old..]) {
            Ok(0) => {
                buf.truncate(old);
                return Ok(true);
            }
            Ok(n) => buf.truncate(old + n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => buf.truncate(old),
            Err(e) => {
                buf.truncate(old);
                return Err(e);
            }
        }
    }
    Ok(false)
}

/// One parsing thread's state.
struct Worker<'a> {
    fields: Fields,
    opts: &'a ReadOptions,
    name: &'a str,
    stats: DmStats,
    report: ReadReport,
    counts: Vec<u64>,
}

impl<'a> Worker<'a> {
    fn new(fields: Fields, opts: &'a ReadOptions, name: &'a str) -> Result<Self> {
        let stats = DmStats::new(fields.k)?;
        Ok(Worker {
            fields,
            opts,
            name,
            stats,
            report: ReadReport::default(),
            counts: vec![0; fields.k],
        })
    }

    fn chunk(&mut self, chunk: &[u8], first_line: u64) -> Result<()> {
        let header = self.opts.layout.header;
        for (i, raw) in chunk.split_inclusive(|&b| b == b'\n').enumerate() {
            let line_no = first_line + i as u64;
            let line = trim_line(raw);
            if (header && line_no == 1) || is_blank(line) {
                continue;
            }
            let weight = match self.fields.parse(line, &mut self.counts) {
                Ok((_, w)) => w,
                Err(why) => {
                    let msg = format!("{}:{line_no}: {why}", self.name);
                    if !self.opts.skip_bad {
                        return Err(Error::Parse(msg));
                    }
                    self.report.skipped += 1;
                    self.report.first_skipped.get_or_insert(msg);
                    continue;
                }
            };
            self.report.rows += 1;
            if !self.opts.filter.is_identity() {
                let before: u64 = self.counts.iter().fold(0u64, |s, &c| s.saturating_add(c));
                if !self.opts.filter.apply(line_no, &mut self.counts) {
                    self.report.sampled_out += 1;
                    continue;
                }
                if self.counts.iter().sum::<u64>() != before {
                    self.report.thinned += 1;
                }
            }
            self.stats
                .add_weighted(&self.counts, weight)
                .map_err(|e| Error::Parse(format!("{}:{line_no}: {e}", self.name)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, opts: &ReadOptions) -> Result<(DmStats, ReadReport)> {
        read_stats_from(text.as_bytes(), "t.tsv", opts, &mut |_| {})
    }

    #[test]
    fn formats_and_errors() {
        let o = ReadOptions::default();
        let (s, r) = read("1\t2\n3\t4\n\n", &o).unwrap();
        assert_eq!((s.rows(), r.rows), (2, 2));
        let csv = ReadOptions {
            layout: Layout {
                id_column: true,
                ..Layout::default()
            },
            ..o
        };
        let (s, _) = read("a,1,2,0\nb,3,4,1", &csv).unwrap();
        assert_eq!(s.categories(), 3);
        let e = read("1\t2\n3\tx\n", &o).unwrap_err().to_string();
        assert!(e.contains("t.tsv:2:") && e.contains("\"x\""), "{e}");
        let e = read("1\t2\n3\t4\t5\n", &o).unwrap_err().to_string();
        assert!(e.contains("t.tsv:2: expected 2 fields, found 3"), "{e}");
        let e = read("1\t2\n-3\t4\n", &o).unwrap_err().to_string();
        assert!(e.contains("not a non-negative integer"), "{e}");
        let e = read("1\t2.5\n", &o).unwrap_err().to_string();
        assert!(e.contains("t.tsv:1:"), "{e}");
        let skip = ReadOptions { skip_bad: true, ..o };
        let (s, r) = read("1\t2\nx\t1\n3\t4\n", &skip).unwrap();
        assert_eq!((s.rows(), r.skipped), (2, 1));
        assert!(r.first_skipped.unwrap().contains(":2:"));
        assert!(read("", &o).is_err());
        let hdr = ReadOptions {
            layout: Layout {
                header: true,
                weight_column: Some(2),
                ..Layout::default()
            },
            ..o
        };
        let (s, _) = read("a\tb\tw\n1\t2\t0.5\n3\t4\t2\n", &hdr).unwrap();
        assert_eq!(s.total_weight(), 2.5);
        let e = read("a\tb\tw\n1\t2\t-1\n", &hdr).unwrap_err().to_string();
        assert!(e.contains(":2: weight"), "{e}");
    }

    #[test]
    fn threads_and_chunks_do_not_change_the_result() {
        let mut text = String::new();
        for i in 0..50_000u64 {
            text.push_str(&format!(
                "{}\t{}\t{}\n",
                i % 7,
                (i * 31) % 11,
                if i % 997 == 0 { 5000 + i } else { i % 3 }
            ));
        }
        let filter = RowFilter {
            sample_rate: 0.7,
            max_total: Some(40),
            seed: 5,
        };
        let one = read(
            &text,
            &ReadOptions {
                filter,
                ..ReadOptions::default()
            },
        )
        .unwrap();
        let four = read(
            &text,
            &ReadOptions {
                filter,
                threads: 4,
                ..ReadOptions::default()
            },
        )
        .unwrap();
        assert_eq!(one, four);
        assert!(one.1.sampled_out > 0 && one.1.thinned > 0);
    }

    #[test]
    fn earliest_error_wins() {
        assert_eq!(line_of(&Error::Parse("a/b.tsv:17: field 2 \"x: y\"".into())), 17);
    }
}
