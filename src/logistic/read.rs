//! Reading labelled sparse data into a [`Dataset`]: svmlight/libsvm files
//! ([`read_svmlight`]) and the original trainer's phrase TSV ([`read_phrases`]),
//! plus [`PhraseIndex`] to featurise new phrase rows for scoring exactly as the
//! training rows were. The formats are documented on the two readers (this
//! module is private; its items are re-exported from `logistic`).

use super::data::{Csr, Dataset, FeatureSpace};
use super::hashing::hashed_feature;
use crate::error::{Error, Result};
use crate::limits::MAX_HASH_BITS;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Largest number of columns a [`Csr`] can have (ids are `u32`).
const MAX_COLS: usize = u32::MAX as usize + 1;

/// How the feature ids of a svmlight file are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdBase {
    /// The first feature is id 0; ids are used as written.
    Zero,
    /// The first feature is id 1 (libsvm's convention); id `i` becomes column
    /// `i − 1`, and an id 0 is an error.
    #[default]
    One,
    /// 0-based if any id in the file is 0, else 1-based (scikit-learn's
    /// `zero_based="auto"`). A 0-based file that happens not to use feature 0 is
    /// read as 1-based, shifting every id by one: read files meant for the same
    /// model (train and test) with an explicit base.
    Auto,
}

/// Options of [`read_svmlight`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SvmlightOptions {
    /// How ids are numbered.
    pub id_base: IdBase,
    /// The number of features (columns); `None` takes the largest id + 1. With a
    /// value, a larger id is a bad row (e.g. reading a test file for a model).
    pub n_features: Option<usize>,
    /// Skip bad rows (and count them) instead of failing.
    pub skip_bad: bool,
}

/// How the phrases of a phrase TSV become feature ids.
#[derive(Debug, Clone, PartialEq)]
pub enum PhraseFeatures {
    /// Build a dictionary from the file. A phrase's frequency is its **total
    /// count**: the sum of its counts over all rows (not the number of rows it
    /// appears in). Phrases with a total count ≥ `min_count` are kept, the
    /// `max_features` most frequent of them if given, ties broken by the phrase
    /// (byte order) so the result is deterministic. Ids are assigned in that order
    /// (id 0 is the most frequent phrase); other phrases are dropped from the rows
    /// (counted in [`ReadReport::out_of_vocabulary`]). The feature space is
    /// [`FeatureSpace::Names`].
    Dictionary {
        /// Keep at most this many phrases (the most frequent).
        max_features: Option<usize>,
        /// Keep only phrases whose total count is at least this.
        min_count: u64,
    },
    /// Feature hashing as Spark's `HashingTF`: id = [`hashed_feature`]`(phrase,
    /// bits, seed)`; phrases that collide within a row have their counts summed.
    /// The feature space is [`FeatureSpace::Hashed`]. `bits` must be ≤ 31 (Spark's
    /// default is 18 bits, seed [`DEFAULT_HASH_SEED`](super::DEFAULT_HASH_SEED)).
    Hashing {
        /// 2^bits feature ids.
        bits: u32,
        /// The MurmurHash3 seed ([`DEFAULT_HASH_SEED`](super::DEFAULT_HASH_SEED)
        /// unless the caller chooses another).
        seed: u32,
    },
    /// Use an existing dictionary or hashing space (a trained model's
    /// [`Model::features`](super::Model::features)), e.g. to read a test set;
    /// phrases not in a dictionary are dropped. [`FeatureSpace::Indexed`] is not
    /// allowed here.
    Fixed(FeatureSpace),
}

/// Options of [`read_phrases`].
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseOptions {
    /// How phrases become feature ids.
    pub features: PhraseFeatures,
    /// Skip bad rows (and count them) instead of failing.
    pub skip_bad: bool,
}

impl Default for PhraseOptions {
    /// A dictionary of every phrase with a total count ≥ 1; bad rows are errors.
    fn default() -> Self {
        PhraseOptions {
            features: PhraseFeatures::Dictionary {
                max_features: None,
                min_count: 1,
            },
            skip_bad: false,
        }
    }
}

/// What a read did besides building the data set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadReport {
    /// Data rows read (not counting blank, comment and skipped lines).
    pub rows: u64,
    /// Bad rows skipped (only with `skip_bad`).
    pub skipped: u64,
    /// The earliest skipped row's `file:line: reason`.
    pub first_skipped: Option<String>,
    /// svmlight: the id base used ([`IdBase::Zero`] or [`IdBase::One`], never
    /// `Auto`); `None` for phrase files.
    pub id_base: Option<IdBase>,
    /// Phrase files: `phrase:count` fields dropped because their phrase is not in
    /// the dictionary (always 0 with hashing and for svmlight).
    pub out_of_vocabulary: u64,
}

/// A sparse row buffer, reused across rows by [`PhraseIndex::featurize`]: ids
/// strictly increasing, ready for [`Model::logits`](super::Model::logits).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseRow {
    pairs: Vec<(u32, f64)>,
    ids: Vec<u32>,
    values: Vec<f64>,
}

impl SparseRow {
    /// An empty row.
    pub fn new() -> Self {
        SparseRow::default()
    }

    /// Feature ids, strictly increasing.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// Values, one per id.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Number of stored entries.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the row has no entries.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Maps phrases to feature ids in a dictionary or hashed [`FeatureSpace`]; built
/// once (a `HashMap` for a dictionary), then shared (it is `Sync`).
///
/// # Example
/// ```
/// use bayeskit::logistic::{read_phrases_from, PhraseIndex, PhraseOptions, SparseRow};
/// let train = "pos\tgood:2\tfun:1\nneg\tbad:3\tgood:1\n";
/// let (data, _) = read_phrases_from(train.as_bytes(), "train.tsv", &PhraseOptions::default())?;
/// // Dictionary by total count: bad (3), good (3), fun (1); ties by phrase.
/// let index = PhraseIndex::new(&data.features)?;
/// let mut row = SparseRow::new();
/// let dropped = index.featurize([("fun", 1.0), ("good", 2.0), ("unseen", 5.0)], &mut row);
/// assert_eq!((row.ids(), row.values(), dropped), (&[1u32, 2][..], &[2.0, 1.0][..], 1));
/// // Exactly the training featurisation of the same phrases:
/// assert_eq!(data.x.row(0), (row.ids(), row.values()));
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PhraseIndex {
    kind: IndexKind,
}

#[derive(Debug, Clone)]
enum IndexKind {
    Names(HashMap<String, u32>),
    Hashed { bits: u32, seed: u32 },
}

impl PhraseIndex {
    /// The index of a dictionary ([`FeatureSpace::Names`]) or hashing
    /// ([`FeatureSpace::Hashed`]) space.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for an [`FeatureSpace::Indexed`] space, a
    /// dictionary with a repeated phrase or more than 2^32 phrases, or more than 31
    /// hash bits.
    pub fn new(space: &FeatureSpace) -> Result<Self> {
        let kind = match space {
            FeatureSpace::Indexed { .. } => {
                return Err(Error::invalid(
                    "phrases need a dictionary or hashed feature space, not an indexed one",
                ))
            }
            FeatureSpace::Names(names) => {
                if names.len() > MAX_COLS {
                    return Err(Error::invalid(format!(
                        "{} phrases exceed the u32 id range",
                        names.len()
                    )));
                }
                let mut map = HashMap::with_capacity(names.len());
                for (i, name) in names.iter().enumerate() {
                    if map.insert(name.clone(), i as u32).is_some() {
                        return Err(Error::invalid(format!(
                            "the dictionary has the phrase {} twice",
                            quoted(name)
                        )));
                    }
                }
                IndexKind::Names(map)
            }
            &FeatureSpace::Hashed { bits, seed } => {
                check_bits(bits)?;
                IndexKind::Hashed { bits, seed }
            }
        };
        Ok(PhraseIndex { kind })
    }

    /// The id of `phrase`, or `None` if it is not in the dictionary (a hashed
    /// space has an id for every phrase).
    pub fn id(&self, phrase: &str) -> Option<u32> {
        match &self.kind {
            IndexKind::Names(map) => map.get(phrase).copied(),
            &IndexKind::Hashed { bits, seed } => Some(hashed_feature(phrase, bits, seed)),
        }
    }

    /// Featurises one row of `(phrase, count)` pairs into `row` (replacing its
    /// contents): ids strictly increasing, the counts of repeated ids summed, as
    /// [`read_phrases`] builds a training row, so the result equals the training
    /// featurisation of the same pairs bit for bit. Phrases not in the dictionary
    /// are dropped; returns how many pairs were dropped. Counts are used as given.
    /// Allocates nothing once `row` has grown to the longest row.
    pub fn featurize<S: AsRef<str>>(
        &self,
        phrases: impl IntoIterator<Item = (S, f64)>,
        row: &mut SparseRow,
    ) -> usize {
        row.pairs.clear();
        let mut dropped = 0;
        for (phrase, count) in phrases {
            match self.id(phrase.as_ref()) {
                Some(id) => row.pairs.push((id, count)),
                None => dropped += 1,
            }
        }
        sort_merge(&mut row.pairs);
        row.ids.clear();
        row.values.clear();
        row.ids.extend(row.pairs.iter().map(|p| p.0));
        row.values.extend(row.pairs.iter().map(|p| p.1));
        dropped
    }
}

/// Sorts a row by (id, value) and sums the values of repeated ids (in ascending
/// value order, so the sum does not depend on the input order).
fn sort_merge(row: &mut Vec<(u32, f64)>) {
    row.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut w = 0;
    for r in 0..row.len() {
        if w > 0 && row[w - 1].0 == row[r].0 {
            row[w - 1].1 += row[r].1;
        } else {
            row[w] = row[r];
            w += 1;
        }
    }
    row.truncate(w);
}

/// Hash bits in 1..=[`MAX_HASH_BITS`] (0 bits would be a one-feature model; the C
/// API's 0 means "dictionary").
fn check_bits(bits: u32) -> Result<()> {
    crate::limits::check_range("hash bits", u64::from(bits), 1, u64::from(MAX_HASH_BITS))
}

/// `s` in quotes, cut to 40 characters.
fn quoted(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
        None => format!("{s:?}"),
    }
}

/// Reads the next line into `buf` without its line ending; false at the end.
fn next_line<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>, name: &str) -> Result<bool> {
    buf.clear();
    let n = reader
        .read_until(b'\n', buf)
        .map_err(|e| Error::Io(format!("{name}: {e}")))?;
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(n > 0)
}

/// The line as text, without a UTF-8 byte-order mark on the first line.
fn line_text(buf: &[u8], line_no: u64) -> std::result::Result<&str, String> {
    let text = std::str::from_utf8(buf).map_err(|e| format!("the line is not valid UTF-8 ({e})"))?;
    Ok(if line_no == 1 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    })
}

/// Bad-row bookkeeping.
struct Skips<'a> {
    name: &'a str,
    skip: bool,
    count: u64,
    first: Option<(u64, String)>,
}

impl<'a> Skips<'a> {
    fn new(name: &'a str, skip: bool) -> Self {
        Skips {
            name,
            skip,
            count: 0,
            first: None,
        }
    }

    /// Fails with `name:line: why`, or counts the row when skipping.
    fn reject(&mut self, line: u64, why: &str) -> Result<()> {
        let msg = format!("{}:{line}: {why}", self.name);
        if !self.skip {
            return Err(Error::Parse(msg));
        }
        self.count += 1;
        if self.first.as_ref().is_none_or(|(l, _)| line < *l) {
            self.first = Some((line, msg));
        }
        Ok(())
    }

    /// The report's counts, or the "no data rows" error.
    fn finish(self, rows: u64) -> Result<ReadReport> {
        let first = self.first.map(|(_, m)| m);
        if rows == 0 {
            let detail = match &first {
                Some(m) => format!(" ({} bad rows skipped, the first: {m})", self.count),
                None => String::new(),
            };
            return Err(Error::Parse(format!("{}: no data rows{detail}", self.name)));
        }
        Ok(ReadReport {
            rows,
            skipped: self.count,
            first_skipped: first,
            ..ReadReport::default()
        })
    }
}

/// Distinct labels in order of appearance.
#[derive(Default)]
struct Labels {
    index: HashMap<String, u32>,
}

impl Labels {
    fn intern(&mut self, label: &str) -> u32 {
        if let Some(&i) = self.index.get(label) {
            return i;
        }
        let i = self.index.len() as u32;
        self.index.insert(label.to_string(), i);
        i
    }

    /// The sorted classes of the labels used in `y` (rows dropped after interning
    /// leave no class behind); `y` is renumbered to index them.
    fn finish(self, y: &mut [u32]) -> Vec<String> {
        let mut names = vec![String::new(); self.index.len()];
        for (s, i) in self.index {
            names[i as usize] = s;
        }
        let mut used = vec![false; names.len()];
        for &c in y.iter() {
            used[c as usize] = true;
        }
        let mut order: Vec<usize> = (0..names.len()).filter(|&i| used[i]).collect();
        let numbers: Option<Vec<f64>> = names
            .iter()
            .zip(&used)
            .map(|(s, &u)| {
                if u {
                    s.parse::<f64>().ok().filter(|v| v.is_finite())
                } else {
                    Some(0.0)
                }
            })
            .collect();
        match numbers {
            Some(v) => order.sort_by(|&a, &b| v[a].total_cmp(&v[b]).then_with(|| names[a].cmp(&names[b]))),
            None => order.sort_by(|&a, &b| names[a].cmp(&names[b])),
        }
        let mut rank = vec![0u32; names.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r as u32;
        }
        for c in y.iter_mut() {
            *c = rank[*c as usize];
        }
        order.iter().map(|&i| std::mem::take(&mut names[i])).collect()
    }
}

fn open(path: &Path) -> Result<BufReader<std::fs::File>> {
    let f = std::fs::File::open(path).map_err(|e| Error::Io(format!("{}: {e}", path.display())))?;
    Ok(BufReader::with_capacity(1 << 16, f))
}

/// Reads a svmlight/libsvm file.
///
/// # Format
/// One example per line: `label id:value id:value ... [# comment]`, fields
/// separated by ASCII whitespace. `qid:n` fields are ignored; blank lines and
/// lines that are only a comment are skipped. Ids are integers in the base given
/// by [`IdBase`] (1-based by default, as libsvm); values are finite numbers.
/// Within a row the ids may come in any order, and a repeated id has its values
/// summed. Explicit zero values are kept as stored entries. The feature space is
/// [`FeatureSpace::Indexed`] with `n` = the largest id + 1, or the caller's
/// [`SvmlightOptions::n_features`]. There are no sample weights.
///
/// A label is one whitespace-free token without `:`, kept as a string. The
/// classes are the distinct labels, sorted numerically if every label is a finite
/// number (so `-1` before `+1`, `2` before `10`; numerically equal labels such as
/// `1` and `1.0` stay distinct classes, ordered by their text), else
/// lexicographically by their UTF-8 bytes.
///
/// A malformed line stops the read unless [`SvmlightOptions::skip_bad`] is set:
/// then it is dropped and counted in [`ReadReport::skipped`], with the earliest
/// one's message in [`ReadReport::first_skipped`].
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Parse`] `"file:line: reason"`
/// for a malformed line (unless skipping) — no label, a field that is not
/// `id:value`, an id that is not an integer, 0 in a 1-based file or out of
/// `n_features`, a value that is not a finite number — or a file without data;
/// [`Error::InvalidArgument`] for `n_features` > 2^32.
///
/// # Example
/// ```
/// use bayeskit::logistic::{read_svmlight, SvmlightOptions};
/// let path = std::env::temp_dir().join(format!("bayeskit-doc-{}.svm", std::process::id()));
/// std::fs::write(&path, "+1 1:0.5 3:2\n-1 2:1 # a comment\n")?;
/// let (data, report) = read_svmlight(&path, &SvmlightOptions::default())?;
/// std::fs::remove_file(&path)?;
/// assert_eq!((report.rows, data.x.cols()), (2, 3));
/// assert_eq!(data.classes, ["-1", "+1"]);
/// assert_eq!(data.y, [1, 0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_svmlight(path: &Path, opts: &SvmlightOptions) -> Result<(Dataset, ReadReport)> {
    read_svmlight_from(open(path)?, &path.display().to_string(), opts)
}

/// A svmlight line's label and what its ids say about the base.
struct SvmRow<'a> {
    label: &'a str,
    has_zero: bool,
    /// An id equal to `n_features` (out of range only if the file is 0-based; Auto).
    at_limit: bool,
}

/// Parses one svmlight line, appending its (id, value) pairs; `None` for a blank
/// or comment-only line.
fn parse_svm<'a>(
    line: &'a str,
    opts: &SvmlightOptions,
    pairs: &mut Vec<(u32, f64)>,
) -> std::result::Result<Option<SvmRow<'a>>, String> {
    let data = line.split_once('#').map_or(line, |(d, _)| d);
    let mut fields = data.split_ascii_whitespace();
    let Some(label) = fields.next() else {
        return Ok(None);
    };
    if label.contains(':') {
        return Err(format!(
            "missing label: the line starts with the pair {}",
            quoted(label)
        ));
    }
    let mut row = SvmRow {
        label,
        has_zero: false,
        at_limit: false,
    };
    for field in fields {
        if field.starts_with("qid:") {
            continue;
        }
        let Some((id_text, value_text)) = field.split_once(':') else {
            return Err(format!("field {} is not id:value", quoted(field)));
        };
        let raw: u64 = id_text
            .parse()
            .map_err(|_| format!("feature id {} is not a non-negative integer", quoted(id_text)))?;
        let raw = u32::try_from(raw).map_err(|_| format!("feature id {raw} exceeds the u32 id range"))?;
        let value: f64 = value_text
            .parse()
            .map_err(|_| format!("value {} of feature {raw} is not a number", quoted(value_text)))?;
        if !value.is_finite() {
            return Err(format!(
                "value {} of feature {raw} is not finite",
                quoted(value_text)
            ));
        }
        let id = match opts.id_base {
            IdBase::One if raw == 0 => {
                return Err(
                    "feature id 0 in a 1-based file (read it as 0-based, or let the base be \
                            detected)"
                        .into(),
                )
            }
            IdBase::One => raw - 1,
            IdBase::Zero | IdBase::Auto => raw,
        };
        if let Some(n) = opts.n_features {
            // With Auto, id == n is in range only if the file turns out 1-based.
            let out = match opts.id_base {
                IdBase::Auto => id as usize > n,
                _ => id as usize >= n,
            };
            if out {
                return Err(format!("feature id {raw} is out of range: n_features is {n}"));
            }
            row.at_limit |= opts.id_base == IdBase::Auto && id as usize == n;
        }
        row.has_zero |= raw == 0;
        pairs.push((id, value));
    }
    Ok(Some(row))
}

/// [`read_svmlight`] over any buffered reader; `name` is used in error messages.
///
/// # Example
/// ```
/// use bayeskit::logistic::{read_svmlight_from, FeatureSpace, IdBase, SvmlightOptions};
/// let text = "# two rows\n1 qid:3 4:1.5 0:2\n\n0 2:-1\n";
/// let opts = SvmlightOptions { id_base: IdBase::Auto, ..SvmlightOptions::default() };
/// let (data, report) = read_svmlight_from(text.as_bytes(), "inline", &opts)?;
/// assert_eq!(report.id_base, Some(IdBase::Zero)); // it has a feature 0
/// assert_eq!(data.features, FeatureSpace::Indexed { n: 5 });
/// assert_eq!(data.x.row(0), (&[0u32, 4][..], &[2.0, 1.5][..]));
/// assert_eq!(data.classes, ["0", "1"]);
/// assert_eq!(data.y, [1, 0]);
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub fn read_svmlight_from<R: BufRead>(
    mut reader: R,
    name: &str,
    opts: &SvmlightOptions,
) -> Result<(Dataset, ReadReport)> {
    if let Some(n) = opts.n_features.filter(|&n| n > MAX_COLS) {
        return Err(Error::invalid(format!("n_features {n} exceeds the u32 id range")));
    }
    let mut skips = Skips::new(name, opts.skip_bad);
    let mut labels = Labels::default();
    let (mut y, mut pairs, mut ends) = (Vec::new(), Vec::new(), vec![0usize]);
    let mut saw_zero = false;
    // Rows (index, line) with an id equal to n_features (Auto only).
    let mut at_limit: Vec<(usize, u64)> = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    while next_line(&mut reader, &mut buf, name)? {
        line_no += 1;
        let start = pairs.len();
        let parsed = line_text(&buf, line_no).and_then(|line| parse_svm(line, opts, &mut pairs));
        match parsed {
            Ok(None) => {}
            Ok(Some(row)) => {
                if row.at_limit {
                    at_limit.push((y.len(), line_no));
                }
                saw_zero |= row.has_zero;
                y.push(labels.intern(row.label));
                ends.push(pairs.len());
            }
            Err(why) => {
                pairs.truncate(start);
                skips.reject(line_no, &why)?;
            }
        }
    }
    let base = match opts.id_base {
        IdBase::Auto if saw_zero => IdBase::Zero,
        IdBase::Auto => {
            // Ids were stored as written; none is 0.
            pairs.iter_mut().for_each(|p| p.0 -= 1);
            IdBase::One
        }
        b => b,
    };
    if base == IdBase::Zero && !at_limit.is_empty() {
        let n = opts.n_features.unwrap_or(0);
        for &(_, line) in &at_limit {
            skips.reject(
                line,
                &format!("feature id {n} is out of range: n_features is {n} (the file is 0-based)"),
            )?;
        }
        drop_rows(&at_limit, &mut y, &mut pairs, &mut ends);
    }
    let mut report = skips.finish(y.len() as u64)?;
    report.id_base = Some(base);
    let n = opts
        .n_features
        .unwrap_or_else(|| pairs.iter().map(|p| p.0 as usize + 1).max().unwrap_or(0));
    let x = Csr::from_rows(ends.windows(2).map(|w| &pairs[w[0]..w[1]]), n)?;
    let classes = labels.finish(&mut y);
    let data = Dataset {
        x,
        y,
        weights: None,
        classes,
        features: FeatureSpace::Indexed { n },
    };
    data.validate()?;
    Ok((data, report))
}

/// Removes the rows listed (ascending) in `drop` from the row arrays.
fn drop_rows(drop: &[(usize, u64)], y: &mut Vec<u32>, pairs: &mut Vec<(u32, f64)>, ends: &mut Vec<usize>) {
    let (mut new_y, mut new_pairs, mut new_ends) = (Vec::new(), Vec::new(), vec![0]);
    let mut next = drop.iter().map(|d| d.0).peekable();
    for (r, &label) in y.iter().enumerate() {
        if next.peek() == Some(&r) {
            next.next();
            continue;
        }
        new_y.push(label);
        new_pairs.extend_from_slice(&pairs[ends[r]..ends[r + 1]]);
        new_ends.push(new_pairs.len());
    }
    (*y, *pairs, *ends) = (new_y, new_pairs, new_ends);
}

/// Reads a phrase TSV file.
///
/// # Format
/// One example per line: `label<TAB>phrase:count<TAB>phrase:count...`. The phrase
/// is everything before the **last** `:` of its field (so it may contain `:`),
/// kept exactly (no trimming); the count is a finite number ≥ 0 (integer or
/// decimal). Empty fields (e.g. a trailing tab) are ignored, and a line with only
/// a label is an example without features. Blank lines, and comment lines whose
/// first non-blank character is `#`, are skipped; elsewhere `#` is an ordinary
/// character (a phrase may contain it). A label containing both a space and a `:`
/// is refused as space-separated fields. [`PhraseOptions::features`] says how phrases become feature
/// ids (a dictionary built from the file, hashing, or a given space); repeated
/// ids within a row have their counts summed. There are no sample weights.
///
/// Labels are strings with surrounding whitespace trimmed; the classes are sorted
/// as by [`read_svmlight`] (numerically if every label is a finite number, else
/// lexicographically).
///
/// A malformed line stops the read unless [`PhraseOptions::skip_bad`] is set: then
/// it is dropped (its phrases do not count toward the dictionary) and counted in
/// [`ReadReport::skipped`].
///
/// # Errors
/// [`Error::Io`] if the file cannot be read; [`Error::Parse`] `"file:line: reason"`
/// for a malformed line (unless skipping) — an empty label, a field without
/// `:count`, an empty phrase, a count that is not a finite number ≥ 0 — or a file
/// without data; [`Error::InvalidArgument`] for bad options (more than 31 hash
/// bits, an indexed or inconsistent fixed space).
///
/// # Example
/// ```
/// use bayeskit::logistic::{read_phrases, PhraseFeatures, PhraseOptions};
/// let path = std::env::temp_dir().join(format!("bayeskit-doc-{}.tsv", std::process::id()));
/// std::fs::write(&path, "pos\tvery good:2\tratio 1:2:1\nneg\tnot good:1\n")?;
/// let opts = PhraseOptions {
///     features: PhraseFeatures::Hashing { bits: 18, seed: 42 },
///     ..PhraseOptions::default()
/// };
/// let (data, _) = read_phrases(&path, &opts)?;
/// std::fs::remove_file(&path)?;
/// assert_eq!((data.x.rows(), data.x.cols()), (2, 1 << 18));
/// assert_eq!(data.classes, ["neg", "pos"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_phrases(path: &Path, opts: &PhraseOptions) -> Result<(Dataset, ReadReport)> {
    read_phrases_from(open(path)?, &path.display().to_string(), opts)
}

/// Parses one phrase line into its label and (phrase byte range, count) fields.
fn parse_phrase_line<'a>(
    line: &'a str,
    fields: &mut Vec<(usize, usize, f64)>,
) -> std::result::Result<&'a str, String> {
    fields.clear();
    let mut parts = line.split('\t');
    let label = parts.next().unwrap_or("").trim();
    if label.is_empty() {
        return Err("missing label: the first field is empty".into());
    }
    if label.contains(char::is_whitespace) && label.contains(':') {
        return Err(format!(
            "the label {} looks like space-separated fields: separate the label and each \
             phrase:count with a tab",
            quoted(label)
        ));
    }
    let base = line.as_ptr() as usize;
    for (i, field) in parts.enumerate() {
        if field.is_empty() {
            continue;
        }
        let Some((phrase, count_text)) = field.rsplit_once(':') else {
            return Err(format!("field {} {} has no ':count'", i + 2, quoted(field)));
        };
        if phrase.is_empty() {
            return Err(format!("field {} {} has an empty phrase", i + 2, quoted(field)));
        }
        let count = count_text
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|c| c.is_finite() && *c >= 0.0)
            .ok_or_else(|| {
                format!(
                    "count {} of phrase {} is not a finite number >= 0",
                    quoted(count_text),
                    quoted(phrase)
                )
            })?;
        let start = phrase.as_ptr() as usize - base;
        fields.push((start, start + phrase.len(), count));
    }
    Ok(label)
}

/// [`read_phrases`] over any buffered reader; `name` is used in error messages.
///
/// # Example
/// ```
/// use bayeskit::logistic::{read_phrases_from, FeatureSpace, PhraseFeatures, PhraseOptions};
/// let text = "pos\tgood:2\tgreat:1\tok:1\nneg\tbad:3\tok:1\nneg\tbad:1\tgood:0.5\n";
/// let opts = PhraseOptions {
///     features: PhraseFeatures::Dictionary { max_features: Some(3), min_count: 2 },
///     ..PhraseOptions::default()
/// };
/// let (data, report) = read_phrases_from(text.as_bytes(), "inline", &opts)?;
/// // Totals: bad 4, good 2.5, ok 2, great 1 (below min_count).
/// let names = ["bad", "good", "ok"].map(String::from).to_vec();
/// assert_eq!(data.features, FeatureSpace::Names(names));
/// assert_eq!(data.x.row(0), (&[1u32, 2][..], &[2.0, 1.0][..]));
/// assert_eq!(report.out_of_vocabulary, 1); // great:1
/// # Ok::<(), bayeskit::Error>(())
/// ```
pub fn read_phrases_from<R: BufRead>(
    mut reader: R,
    name: &str,
    opts: &PhraseOptions,
) -> Result<(Dataset, ReadReport)> {
    // Dictionary mode interns phrases with provisional ids (order of appearance).
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let mut totals: Vec<f64> = Vec::new();
    let mut occurrences: Vec<u64> = Vec::new();
    let index = match &opts.features {
        PhraseFeatures::Dictionary { .. } => None,
        &PhraseFeatures::Hashing { bits, seed } => {
            Some(PhraseIndex::new(&FeatureSpace::Hashed { bits, seed })?)
        }
        PhraseFeatures::Fixed(space) => Some(PhraseIndex::new(space)?),
    };
    let mut skips = Skips::new(name, opts.skip_bad);
    let mut labels = Labels::default();
    let (mut y, mut pairs, mut ends) = (Vec::new(), Vec::new(), vec![0usize]);
    let mut oov = 0u64;
    let mut fields = Vec::new();
    let mut row: Vec<(u32, f64)> = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    while next_line(&mut reader, &mut buf, name)? {
        line_no += 1;
        // Blank lines and lines whose first non-blank character is `#` (comments,
        // as in svmlight files) are skipped.
        if buf
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_none_or(|&b| b == b'#')
        {
            continue;
        }
        let parsed =
            line_text(&buf, line_no).and_then(|line| Ok((line, parse_phrase_line(line, &mut fields)?)));
        let (line, label) = match parsed {
            Ok(ok) => ok,
            Err(why) => {
                skips.reject(line_no, &why)?;
                continue;
            }
        };
        row.clear();
        for &(a, b, count) in &fields {
            let phrase = &line[a..b];
            match &index {
                Some(index) => match index.id(phrase) {
                    Some(id) => row.push((id, count)),
                    None => oov += 1,
                },
                None => {
                    let id = match vocab.get(phrase) {
                        Some(&id) => id,
                        None => {
                            let id = u32::try_from(vocab.len())
                                .map_err(|_| Error::invalid("more than 2^32 distinct phrases"))?;
                            vocab.insert(phrase.to_string(), id);
                            totals.push(0.0);
                            occurrences.push(0);
                            id
                        }
                    };
                    totals[id as usize] += count;
                    occurrences[id as usize] += 1;
                    row.push((id, count));
                }
            }
        }
        sort_merge(&mut row);
        pairs.extend_from_slice(&row);
        ends.push(pairs.len());
        y.push(labels.intern(label));
    }
    let mut report = skips.finish(y.len() as u64)?;
    let features = match &opts.features {
        &PhraseFeatures::Dictionary {
            max_features,
            min_count,
        } => {
            let (names, map) = dictionary(vocab, &totals, max_features, min_count);
            oov += (map.iter().zip(&occurrences))
                .filter(|(&m, _)| m == u32::MAX)
                .map(|(_, &o)| o)
                .sum::<u64>();
            // Renumber provisional ids to dictionary ids, dropping the rest.
            let (mut w, mut r) = (0, 0);
            for e in ends.iter_mut().skip(1) {
                while r < *e {
                    let id = map[pairs[r].0 as usize];
                    if id != u32::MAX {
                        pairs[w] = (id, pairs[r].1);
                        w += 1;
                    }
                    r += 1;
                }
                *e = w;
            }
            pairs.truncate(w);
            FeatureSpace::Names(names)
        }
        &PhraseFeatures::Hashing { bits, seed } => FeatureSpace::Hashed { bits, seed },
        PhraseFeatures::Fixed(space) => space.clone(),
    };
    report.out_of_vocabulary = oov;
    let x = Csr::from_rows(ends.windows(2).map(|w| &pairs[w[0]..w[1]]), features.len())?;
    let classes = labels.finish(&mut y);
    let data = Dataset {
        x,
        y,
        weights: None,
        classes,
        features,
    };
    data.validate()?;
    Ok((data, report))
}

/// Builds the dictionary from provisional ids: total count ≥ `min_count`, the
/// `max_features` most frequent, ties by phrase. Returns the phrases in id order
/// and the map from provisional id to dictionary id (`u32::MAX`: dropped).
fn dictionary(
    vocab: HashMap<String, u32>,
    totals: &[f64],
    max_features: Option<usize>,
    min_count: u64,
) -> (Vec<String>, Vec<u32>) {
    let mut phrases = vec![String::new(); totals.len()];
    for (s, i) in vocab {
        phrases[i as usize] = s;
    }
    let min = min_count as f64;
    let mut kept: Vec<u32> = (0..totals.len() as u32)
        .filter(|&p| totals[p as usize] >= min)
        .collect();
    kept.sort_by(|&a, &b| {
        let (a, b) = (a as usize, b as usize);
        totals[b]
            .total_cmp(&totals[a])
            .then_with(|| phrases[a].cmp(&phrases[b]))
    });
    kept.truncate(max_features.unwrap_or(usize::MAX));
    let mut map = vec![u32::MAX; totals.len()];
    for (new, &old) in kept.iter().enumerate() {
        map[old as usize] = new as u32;
    }
    let names = kept
        .iter()
        .map(|&p| std::mem::take(&mut phrases[p as usize]))
        .collect();
    (names, map)
}
