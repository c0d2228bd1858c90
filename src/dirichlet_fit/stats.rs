//! Compressed sufficient statistics of Dirichlet–multinomial count rows.
//!
//! The log-likelihood of α given rows of counts depends on the data only through
//! `U_k[j]` (the weight of rows whose count in category k exceeds j) and `V[j]`
//! (the weight of rows whose total exceeds j). Both are step functions of j that
//! change only at counts that occur in the data, so [`DmStats`] keeps, per
//! category and for the totals, a histogram of the counts seen: a dense array for
//! counts below [`DENSE_LIMIT`] and a sparse list of (count, weight) pairs above
//! it. Adding a row is O(K) whatever its counts; a count of 10⁶ costs what a
//! count of 10 costs.

use crate::bytes::{put_f64, put_u32, put_u64, Cursor};
use crate::error::{check_len, Error, Result};
use crate::limits::{check_range, try_reserve, MAX_CATEGORIES};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rand_distr::{Distribution, Hypergeometric};

/// Counts below this are kept in a dense per-category histogram; larger counts
/// go to a sparse (count, weight) list.
pub(crate) const DENSE_LIMIT: u64 = 1024;

/// One step-function statistic in the making: how much row weight had each count.
#[derive(Debug, Clone, PartialEq, Default)]
struct Histogram {
    /// `dense[c]`: weight of rows whose count is exactly `c` (1 ≤ c < DENSE_LIMIT;
    /// index 0 unused). Only as long as the largest dense count seen.
    dense: Vec<f64>,
    /// (count, weight) for counts ≥ DENSE_LIMIT; sorted and merged by [`Histogram::compact`].
    large: Vec<(u64, f64)>,
    /// `large` is compacted when it reaches this length.
    compact_at: usize,
}

impl Histogram {
    fn with_max_count(max: u64) -> Self {
        let len = if max == 0 {
            0
        } else {
            max.min(DENSE_LIMIT - 1) as usize + 1
        };
        Histogram {
            dense: vec![0.0; len],
            large: Vec::new(),
            compact_at: 64,
        }
    }

    #[inline]
    fn add(&mut self, c: u64, w: f64) {
        if c == 0 {
            return; // a zero count adds nothing to U[j] for any j ≥ 0
        }
        if let Some(slot) = self.dense.get_mut(c as usize) {
            *slot += w;
        } else {
            self.add_slow(c, w);
        }
    }

    #[cold]
    fn add_slow(&mut self, c: u64, w: f64) {
        if c < DENSE_LIMIT {
            self.dense.resize(c as usize + 1, 0.0);
            self.dense[c as usize] += w;
        } else {
            self.large.push((c, w));
            if self.large.len() >= self.compact_at {
                self.compact();
                // Keep at least half the list free so compaction stays amortised O(1).
                self.compact_at = self.compact_at.max(2 * self.large.len()).max(64);
            }
        }
    }

    /// Sorts `large` by count and merges equal counts, in place.
    fn compact(&mut self) {
        if self.large.is_empty() {
            return;
        }
        self.large.sort_unstable_by_key(|&(c, _)| c);
        let mut out = 0;
        for i in 1..self.large.len() {
            if self.large[i].0 == self.large[out].0 {
                self.large[out].1 += self.large[i].1;
            } else {
                out += 1;
                self.large[out] = self.large[i];
            }
        }
        self.large.truncate(out + 1);
    }

    fn merge(&mut self, other: &Histogram) {
        if self.dense.len() < other.dense.len() {
            self.dense.resize(other.dense.len(), 0.0);
        }
        for (a, b) in self.dense.iter_mut().zip(&other.dense) {
            *a += b;
        }
        self.large.extend_from_slice(&other.large);
        self.compact();
        self.compact_at = self.compact_at.max(2 * self.large.len()).max(64);
    }

    /// The distinct counts seen, ascending, with their total weights.
    fn distinct(&self) -> impl Iterator<Item = (u64, f64)> + '_ {
        let dense = self
            .dense
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(_, &w)| w != 0.0)
            .map(|(c, &w)| (c as u64, w));
        dense.chain(self.large.iter().copied())
    }

    fn max_count(&self) -> u64 {
        self.large
            .iter()
            .map(|&(c, _)| c)
            .max()
            .unwrap_or_else(|| self.dense.iter().rposition(|&w| w != 0.0).map_or(0, |c| c as u64))
    }
}

/// Streaming, mergeable statistics of rows of K category counts.
///
/// Add rows with [`DmStats::add`] / [`DmStats::add_weighted`], combine parts built
/// elsewhere with [`DmStats::merge`], store them with [`DmStats::to_bytes`], and fit
/// α with [`fit`](crate::dirichlet_fit::fit). With integer weights (including the
/// default weight 1) every sum is exact, so merging shards gives bit-identical
/// statistics, and fits, to one pass over all rows.
///
/// # Example
/// ```
/// use bayeskit::dirichlet_fit::DmStats;
/// let mut s = DmStats::new(3)?;
/// s.add(&[3, 0, 1])?;
/// s.add_weighted(&[1, 1, 8], 2.0)?;
/// let mut other = DmStats::new(3)?;
/// other.add(&[0, 5, 0])?;
/// s.merge(&other)?;
/// assert_eq!(s.rows(), 3);
/// assert_eq!(s.total_weight(), 4.0);
/// let back = DmStats::from_bytes(&s.to_bytes())?;
/// assert_eq!(back, s);
/// # Ok::<(), bayeskit::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DmStats {
    categories: Vec<Histogram>,
    totals: Histogram,
    rows: u64,
    weight: f64,
}

impl DmStats {
    /// Empty statistics for 2 to [`MAX_CATEGORIES`] categories.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for `k` outside 2..=[`MAX_CATEGORIES`];
    /// [`Error::OutOfMemory`] if the histograms cannot be allocated.
    pub fn new(k: usize) -> Result<Self> {
        Self::with_max_count(k, 0)
    }

    /// Like [`DmStats::new`], with the dense histograms already sized for counts up
    /// to `max_count`, so adding rows whose counts stay below it never allocates.
    pub fn with_max_count(k: usize, max_count: u64) -> Result<Self> {
        check_range("categories", k as u64, 2, MAX_CATEGORIES as u64)?;
        let empty = Histogram::with_max_count(max_count);
        let mut categories = Vec::new();
        try_reserve(&mut categories, k, "the statistics' histograms")?;
        for _ in 0..k {
            let mut h = Histogram::default();
            try_reserve(&mut h.dense, empty.dense.len(), "the statistics' histograms")?;
            h.dense.resize(empty.dense.len(), 0.0);
            h.compact_at = empty.compact_at;
            categories.push(h);
        }
        Ok(DmStats {
            categories,
            totals: empty,
            rows: 0,
            weight: 0.0,
        })
    }

    /// Number of categories K.
    pub fn categories(&self) -> usize {
        self.categories.len()
    }

    /// Rows added (including rows whose counts are all zero).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Sum of the weights of the rows added.
    pub fn total_weight(&self) -> f64 {
        self.weight
    }

    /// Adds one row with weight 1.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `counts.len() != K` or the row total overflows
    /// `u64`; the statistics are unchanged then.
    #[inline]
    pub fn add(&mut self, counts: &[u64]) -> Result<()> {
        self.add_weighted(counts, 1.0)
    }

    /// Adds one row with a frequency weight `weight ≥ 0` (a row seen `weight` times).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a wrong length, a negative or non-finite weight,
    /// or a row total that overflows `u64`; the statistics are unchanged then.
    #[inline]
    pub fn add_weighted(&mut self, counts: &[u64], weight: f64) -> Result<()> {
        check_len("counts", counts.len(), self.categories.len())?;
        if !(weight.is_finite() && weight >= 0.0) {
            return Err(Error::invalid(format!(
                "row weight must be finite and >= 0, got {weight}"
            )));
        }
        let mut total: u64 = 0;
        for &c in counts {
            total = total
                .checked_add(c)
                .ok_or_else(|| Error::invalid("row total overflows u64"))?;
        }
        for (h, &c) in self.categories.iter_mut().zip(counts) {
            h.add(c, weight);
        }
        self.totals.add(total, weight);
        self.rows += 1;
        self.weight += weight;
        Ok(())
    }

    /// Adds `rows` row-major rows of K counts (`counts.len()` = rows·K) with optional
    /// per-row weights, all or nothing: every row is checked before any is added.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first bad row (a length that is not a
    /// multiple of K, a weight count that differs from the rows, a bad weight or an
    /// overflowing total); the statistics are unchanged then.
    pub fn add_rows(&mut self, counts: &[u64], weights: Option<&[f64]>) -> Result<()> {
        let k = self.categories.len();
        if !counts.len().is_multiple_of(k) {
            return Err(Error::invalid(format!(
                "counts has {} values, not a multiple of K = {k}",
                counts.len()
            )));
        }
        let n = counts.len() / k;
        if let Some(w) = weights {
            check_len("weights", w.len(), n)?;
        }
        for (i, row) in counts.chunks_exact(k).enumerate() {
            let w = weights.map_or(1.0, |w| w[i]);
            if !(w.is_finite() && w >= 0.0) {
                return Err(Error::invalid(format!(
                    "row {i}: weight must be finite and >= 0, got {w}"
                )));
            }
            row.iter()
                .try_fold(0u64, |s, &c| s.checked_add(c))
                .ok_or_else(|| Error::invalid(format!("row {i}: total overflows u64")))?;
        }
        for (i, row) in counts.chunks_exact(k).enumerate() {
            self.add_weighted(row, weights.map_or(1.0, |w| w[i]))?;
        }
        Ok(())
    }

    /// Adds `other` into `self`: the statistics of the union of both sets of rows.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if the category counts differ.
    pub fn merge(&mut self, other: &DmStats) -> Result<()> {
        check_len(
            "merged statistics' categories",
            other.categories(),
            self.categories(),
        )?;
        for (a, b) in self.categories.iter_mut().zip(&other.categories) {
            a.merge(b);
        }
        self.totals.merge(&other.totals);
        self.rows += other.rows;
        self.weight += other.weight;
        Ok(())
    }

    /// Largest count seen in category `k` (0 if none).
    pub fn max_count(&self, k: usize) -> u64 {
        self.categories.get(k).map_or(0, Histogram::max_count)
    }

    /// Largest row total seen.
    pub fn max_total(&self) -> u64 {
        self.totals.max_count()
    }

    /// Weighted sum of the counts of category `k` over all rows.
    pub fn category_total(&self, k: usize) -> f64 {
        self.categories
            .get(k)
            .map_or(0.0, |h| h.distinct().map(|(c, w)| c as f64 * w).sum())
    }

    /// The step function U_k[j] of category `k` (or V[j] for `None`).
    pub(crate) fn step_function(&self, k: Option<usize>) -> StepFunction {
        let h = match k {
            Some(k) => &self.categories[k],
            None => &self.totals,
        };
        let mut h = h.clone();
        h.compact();
        StepFunction::from_distinct(h.distinct().collect())
    }

    /// Serialises to the versioned, checksummed little-endian format below.
    ///
    /// ```text
    /// magic   8 bytes  "BKDMSTAT"
    /// version u32      1
    /// k       u64      categories
    /// rows    u64      rows added
    /// weight  f64      sum of row weights
    /// K + 1 histograms (categories 0..K, then the row totals), each:
    ///   n_dense u64, then n_dense f64     weight of rows with count exactly c = 0..n_dense
    ///   n_large u64, then n_large × (u64 count, f64 weight), counts ascending, ≥ 1024
    /// crc32   u32      CRC-32 (IEEE) of every byte before it
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, FORMAT_VERSION);
        put_u64(&mut out, self.categories.len() as u64);
        put_u64(&mut out, self.rows);
        put_f64(&mut out, self.weight);
        for h in self.categories.iter().chain(std::iter::once(&self.totals)) {
            let mut h = h.clone();
            h.compact();
            put_u64(&mut out, h.dense.len() as u64);
            for w in &h.dense {
                put_f64(&mut out, *w);
            }
            put_u64(&mut out, h.large.len() as u64);
            for (c, w) in &h.large {
                put_u64(&mut out, *c);
                put_f64(&mut out, *w);
            }
        }
        let crc = crc32fast::hash(&out);
        put_u32(&mut out, crc);
        out
    }

    /// The length of [`DmStats::to_bytes`], without serialising: a size query
    /// costs a sort of each category's large counts, not the bytes.
    pub fn serialized_len(&self) -> usize {
        let distinct = |h: &Histogram| {
            let mut keys: Vec<u64> = h.large.iter().map(|&(c, _)| c).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.len()
        };
        let header = MAGIC.len() + 4 + 8 + 8 + 8;
        let histograms: usize = self
            .categories
            .iter()
            .chain(std::iter::once(&self.totals))
            .map(|h| 8 + 8 * h.dense.len() + 8 + 16 * distinct(h))
            .sum();
        header + histograms + 4
    }

    /// Reads what [`DmStats::to_bytes`] wrote.
    ///
    /// # Errors
    /// [`Error::Corrupt`] for a wrong magic, an unknown version, a bad checksum,
    /// truncation, trailing bytes or inconsistent contents (negative weights,
    /// misplaced counts).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let corrupt = |why: &str| Error::Corrupt(format!("Dirichlet-multinomial statistics: {why}"));
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(corrupt("not a bayeskit statistics file (bad magic)"));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().unwrap());
        if version != FORMAT_VERSION {
            return Err(corrupt(&format!(
                "unsupported format version {version} (this library reads 1)"
            )));
        }
        if bytes.len() < 12 + 24 + 4 {
            return Err(corrupt("truncated"));
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        if crc32fast::hash(body) != u32::from_le_bytes(crc.try_into().unwrap()) {
            return Err(corrupt("checksum mismatch (truncated or damaged)"));
        }
        let mut r = Cursor::new(body, 12);
        let k = r.u64().ok_or_else(|| corrupt("truncated"))?;
        // Each of the K + 1 histograms takes at least its two u64 lengths.
        let room = (body.len() - r.at) as u64 / 16;
        if !(2..=MAX_CATEGORIES as u64).contains(&k) || k >= room {
            return Err(corrupt(&format!(
                "implausible number of categories {k} (2 to {MAX_CATEGORIES}, and at most {} in {} bytes)",
                room.saturating_sub(1),
                bytes.len()
            )));
        }
        let rows = r.u64().ok_or_else(|| corrupt("truncated"))?;
        let weight = r.f64().ok_or_else(|| corrupt("truncated"))?;
        let valid_weight = |w: f64| w.is_finite() && w >= 0.0;
        if !valid_weight(weight) {
            return Err(corrupt("negative or non-finite total weight"));
        }
        let mut hists = Vec::new();
        try_reserve(&mut hists, k as usize + 1, "the statistics' histograms")?;
        for _ in 0..=k {
            let n_dense = r.len(8).ok_or_else(|| corrupt("truncated"))?;
            if n_dense > DENSE_LIMIT as usize {
                return Err(corrupt("dense histogram longer than the format allows"));
            }
            let mut dense = Vec::with_capacity(n_dense);
            for _ in 0..n_dense {
                let w = r.f64().ok_or_else(|| corrupt("truncated"))?;
                if !valid_weight(w) {
                    return Err(corrupt("negative or non-finite weight"));
                }
                dense.push(w);
            }
            let n_large = r.len(16).ok_or_else(|| corrupt("truncated"))?;
            let mut large: Vec<(u64, f64)> = Vec::with_capacity(n_large);
            for _ in 0..n_large {
                let c = r.u64().ok_or_else(|| corrupt("truncated"))?;
                let w = r.f64().ok_or_else(|| corrupt("truncated"))?;
                if c < DENSE_LIMIT || !valid_weight(w) || large.last().is_some_and(|&(p, _)| p >= c) {
                    return Err(corrupt("sparse histogram out of order or out of range"));
                }
                large.push((c, w));
            }
            let compact_at = (2 * large.len()).max(64);
            hists.push(Histogram {
                dense,
                large,
                compact_at,
            });
        }
        if !r.at_end() {
            return Err(corrupt("trailing bytes after the last histogram"));
        }
        let totals = hists.pop().expect("k + 1 histograms");
        let s = DmStats {
            categories: hists,
            totals,
            rows,
            weight,
        };
        s.check_consistent().map_err(|why| corrupt(&why))?;
        Ok(s)
    }

    /// What statistics built by adding rows always satisfy, checked on statistics
    /// read from bytes (a recomputed CRC proves nothing about the contents): the
    /// categories' counts add up to the row totals, no category has a count above
    /// the row totals (U_k[j] ≤ V[j] for every j), and the header's rows and weight
    /// cover the histograms. Sums of fractional weights depend on their order, so
    /// the comparisons allow a relative 1e-9.
    fn check_consistent(&self) -> std::result::Result<(), String> {
        const REL: f64 = 1e-9;
        let v = self.step_function(None);
        let total_mass = v.mass();
        let mut cat_mass = 0.0;
        for k in 0..self.categories() {
            let u = self.step_function(Some(k));
            cat_mass += u.mass();
            // V is non-increasing, so on each segment [a, b) of U_k the binding
            // point is j = b − 1.
            let over = u
                .segments()
                .map(|(_, b, uj)| (b - 1, uj))
                .find(|&(j, uj)| uj > v.at(j) * (1.0 + REL));
            if let Some((j, uj)) = over {
                return Err(format!(
                    "category {k} has weight {uj} of counts above {j}, but the row totals only {}: \
                     a category count exceeds its row's total",
                    v.at(j)
                ));
            }
        }
        if !(total_mass.is_finite() && cat_mass.is_finite())
            || (cat_mass - total_mass).abs() > REL * total_mass
        {
            return Err(format!(
                "the categories' counts ({cat_mass:e}) do not add up to the row totals ({total_mass:e})"
            ));
        }
        if v.at_zero() > self.weight * (1.0 + REL) {
            return Err(format!(
                "the rows with counts weigh {}, more than the total weight {} in the header",
                v.at_zero(),
                self.weight
            ));
        }
        if self.rows == 0 && self.weight != 0.0 {
            return Err(format!("no rows, but a total weight of {}", self.weight));
        }
        Ok(())
    }
}

const MAGIC: &[u8; 8] = b"BKDMSTAT";
const FORMAT_VERSION: u32 = 1;

/// A step function U[j] = Σ_{c > j} w_c, stored as segments `[start, end)` of
/// constant value: `ends` ascending (the distinct counts) and `values[i]` the
/// value on `[ends[i-1], ends[i])` (with `ends[-1] = 0`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StepFunction {
    ends: Vec<u64>,
    values: Vec<f64>,
}

/// Σ_j U[j]·ln(x + j), Σ_j U[j]/(x + j) and Σ_j U[j]/(x + j)².
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Sums {
    pub ln: f64,
    pub inv: f64,
    pub inv2: f64,
}

/// Below this, segments are summed term by term; above, by asymptotic differences.
const ASYMPTOTIC_FROM: f64 = 32.0;

impl StepFunction {
    fn from_distinct(distinct: Vec<(u64, f64)>) -> Self {
        let mut values = vec![0.0; distinct.len()];
        let mut suffix = 0.0;
        for (v, &(_, w)) in values.iter_mut().zip(&distinct).rev() {
            suffix += w;
            *v = suffix;
        }
        StepFunction {
            ends: distinct.into_iter().map(|(c, _)| c).collect(),
            values,
        }
    }

    /// The step function of single counts, each row weighing 1 (the
    /// gamma–Poisson fit of [`crate::prior_fit`]).
    pub(crate) fn from_counts(counts: &[u64]) -> Result<Self> {
        let mut h = Histogram::with_max_count(0);
        for &c in counts {
            h.add(c, 1.0);
        }
        h.compact();
        let mut distinct = Vec::new();
        try_reserve(
            &mut distinct,
            h.dense.len() + h.large.len(),
            "the counts' step function",
        )?;
        distinct.extend(h.distinct());
        Ok(StepFunction::from_distinct(distinct))
    }

    /// Adds `u` to U[j] for `j < n` (a pseudo-row whose count is `n`).
    pub(crate) fn add_row(&mut self, n: u64, u: f64) {
        let mut distinct = self.distinct();
        match distinct.iter().position(|&(c, _)| c >= n) {
            Some(i) if distinct[i].0 == n => distinct[i].1 += u,
            Some(i) => distinct.insert(i, (n, u)),
            None => distinct.push((n, u)),
        }
        *self = StepFunction::from_distinct(distinct);
    }

    fn distinct(&self) -> Vec<(u64, f64)> {
        let next = self.values.iter().skip(1).copied().chain(std::iter::once(0.0));
        self.ends
            .iter()
            .zip(self.values.iter().zip(next))
            .map(|(&c, (&v, n))| (c, v - n))
            .collect()
    }

    /// Σ_j U[j]: the weighted sum of the counts.
    pub(crate) fn mass(&self) -> f64 {
        self.segments().map(|(a, b, u)| u * (b - a) as f64).sum()
    }

    /// Σ_j j·U[j] = Σ_rows w·c(c − 1)/2.
    pub(crate) fn pair_mass(&self) -> f64 {
        self.segments()
            .map(|(a, b, u)| u * ((b - a) as f64) * ((a + b - 1) as f64) / 2.0)
            .sum()
    }

    /// U[0]: the weight of rows with a non-zero count.
    pub(crate) fn at_zero(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    /// U[j]: the weight of rows whose count exceeds j.
    fn at(&self, j: u64) -> f64 {
        let i = self.ends.partition_point(|&e| e <= j);
        self.values.get(i).copied().unwrap_or(0.0)
    }

    fn segments(&self) -> impl Iterator<Item = (u64, u64, f64)> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .zip(self.values.iter().copied())
            .map(|((a, b), u)| (a, b, u))
    }

    /// The three sums at `x > 0`, in O(number of segments) whatever the counts.
    pub(crate) fn sums(&self, x: f64) -> Sums {
        let mut s = Sums::default();
        for (a, b, u) in self.segments() {
            let t = segment_sums(x, a, b);
            s.ln += u * t.ln;
            s.inv += u * t.inv;
            s.inv2 += u * t.inv2;
        }
        s
    }

    /// Σ_j U[j]·ln(1 + j) = Σ_rows w·ln(c!).
    pub(crate) fn ln_factorials(&self) -> f64 {
        self.sums(1.0).ln
    }

    /// Σ_j U[j]·ln((x + j)/(1 + j)) = Σ_rows w·ln(Γ(x + c)/(Γ(x)·c!)), summed without
    /// forming the two large sums whose difference it is (so a row total of 10⁶ does
    /// not cost 10 digits of the log-likelihood).
    pub(crate) fn ln_rising_over_factorial(&self, x: f64) -> f64 {
        let mut sum = 0.0;
        for (a, b, u) in self.segments() {
            let mut j = a;
            let mut s = 0.0;
            while j < b && ((j + 1) as f64 + x.min(1.0) - 1.0 < ASYMPTOTIC_FROM || b - j <= 4) {
                s += ((x - 1.0) / (1 + j) as f64).ln_1p();
                j += 1;
            }
            if j < b {
                s += ln_gamma_ratio_difference((1 + j) as f64, x - 1.0, (b - j) as f64);
            }
            sum += u * s;
        }
        sum
    }
}

/// [ln Γ(s + d) − ln Γ(s)] − [ln Γ(t + d) − ln Γ(t)] for s = t + δ and s, t ≥ 32,
/// from Stirling's series with the large terms cancelled analytically:
/// d·ln(s/t) + (s + d − ½)·ln(1 + d(t − s)/(s(t + d))) + (s − t)·ln(1 + d/t) + Δcorr.
/// δ is passed rather than s: at t = 10⁹ the sum s = t + δ keeps only 7 digits of
/// δ, and the result is proportional to it.
/// When d dwarfs s and t (a row of 10¹² counts) the first two terms are each about
/// d·|s − t|/t and cancel to the result's size, so there it is computed as
/// [ln Γ(t + d + δ) − ln Γ(t + d)] − [ln Γ(t + δ) − ln Γ(t)], each
/// bracket of size δ·ln(t + d) from [`ln_gamma_shift`].
fn ln_gamma_ratio_difference(t: f64, delta: f64, d: f64) -> f64 {
    let corr = stirling_correction;
    let s = t + delta;
    // When s dwarfs t + d (an α far above the counts, as a fit heads for the
    // limit without over-dispersion), the terms below are of size s and cancel
    // to ~d·ln(s/t); the two brackets are then each of size d·ln s, at most
    // ln s / ln 4 (25 at s = 10¹⁵) times the result.
    if s > 4.0 * (t + d) {
        return ln_gamma_shift(s, d) - ln_gamma_shift(t, d);
    }
    if d > s.max(t) {
        return ln_gamma_shift(t + d, delta) - ln_gamma_shift(t, delta);
    }
    d * (delta / t).ln_1p()
        + (s + d - 0.5) * (-d * delta / (s * (t + d))).ln_1p()
        + delta * (d / t).ln_1p()
        + ((corr(s + d) - corr(s)) - (corr(t + d) - corr(t)))
}

/// ln Γ(z) − (z − ½)·ln z + z − ½·ln 2π for z ≥ 32 (Stirling's series; truncation
/// below 1e-17 there).
fn stirling_correction(z: f64) -> f64 {
    let (i, i2) = (1.0 / z, 1.0 / (z * z));
    i * (1.0 / 12.0 - i2 * (1.0 / 360.0 - i2 * (1.0 / 1260.0 - i2 / 1680.0)))
}

/// ln Γ(z + δ) − ln Γ(z) for z, z + δ ≥ 32: (z − ½)·ln(1 + δ/z) + δ·ln(z + δ) − δ +
/// Δcorr, whose terms are no larger than the result when δ is small next to z.
fn ln_gamma_shift(z: f64, delta: f64) -> f64 {
    (z - 0.5) * (delta / z).ln_1p() + delta * (z + delta).ln() - delta
        + (stirling_correction(z + delta) - stirling_correction(z))
}

/// Σ_{j=a}^{b−1} of ln(x+j), 1/(x+j) and 1/(x+j)².
fn segment_sums(x: f64, a: u64, b: u64) -> Sums {
    let mut s = Sums::default();
    let mut j = a;
    // Term by term while x + j is small or the segment is short.
    while j < b && (x + (j as f64) < ASYMPTOTIC_FROM || b - j <= 4) {
        let t = x + j as f64;
        let r = 1.0 / t;
        s.ln += t.ln();
        s.inv += r;
        s.inv2 += r * r;
        j += 1;
    }
    if j < b {
        let t = asymptotic_differences(x + j as f64, (b - j) as f64);
        s.ln += t.ln;
        s.inv += t.inv;
        s.inv2 += t.inv2;
    }
    s
}

/// For y ≥ 32 and d ≥ 1 (z = y + d): ln Γ(z) − ln Γ(y), ψ(z) − ψ(y) and ψ₁(y) − ψ₁(z),
/// each written so the leading terms cancel analytically rather than numerically
/// (accurate to a few ulps even when y ≫ d, where the plain differences would lose
/// every digit). Truncation errors of the asymptotic series are below 1e-17 for y ≥ 32.
fn asymptotic_differences(y: f64, d: f64) -> Sums {
    let z = y + d;
    let (iy, iz) = (1.0 / y, 1.0 / z);
    let (iy2, iz2) = (iy * iy, iz * iz);
    let l = (d * iy).ln_1p();
    // Stirling: ln Γ(t) = (t − ½) ln t − t + ½ ln 2π + corr(t).
    let corr = |i: f64, i2: f64| i * (1.0 / 12.0 - i2 * (1.0 / 360.0 - i2 * (1.0 / 1260.0 - i2 / 1680.0)));
    let ln = d * y.ln() + (z - 0.5) * l - d + (corr(iz, iz2) - corr(iy, iy2));
    // ψ(t) = ln t − 1/(2t) − 1/(12t²) + 1/(120t⁴) − 1/(252t⁶) + 1/(240t⁸) − …
    let psi_tail = |i2: f64| i2 * (-1.0 / 12.0 + i2 * (1.0 / 120.0 + i2 * (-1.0 / 252.0 + i2 / 240.0)));
    let inv = l + 0.5 * d * iy * iz + (psi_tail(iz2) - psi_tail(iy2));
    // ψ₁(t) = 1/t + 1/(2t²) + 1/(6t³) − 1/(30t⁵) + 1/(42t⁷) − 1/(30t⁹) + …
    let tri_tail =
        |i: f64, i2: f64| i * i2 * (1.0 / 6.0 + i2 * (-1.0 / 30.0 + i2 * (1.0 / 42.0 - i2 / 30.0)));
    let inv2 = d * iy * iz + 0.5 * d * (y + z) * iy2 * iz2 + (tri_tail(iy, iy2) - tri_tail(iz, iz2));
    Sums { ln, inv, inv2 }
}

/// Row sampling and capping, decided per row from a seed and the row's key (its
/// line number in a file, its index in a batch), so the same rows are kept and
/// thinned however the input is split across threads or machines.
///
/// # Example
/// ```
/// use bayeskit::dirichlet_fit::RowFilter;
/// let f = RowFilter { sample_rate: 1.0, max_total: Some(10), seed: 7 };
/// let mut row = [300, 100, 0];
/// assert!(f.apply(42, &mut row));
/// assert_eq!(row.iter().sum::<u64>(), 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowFilter {
    /// Keep each row with this probability, in (0, 1]. 1 keeps every row.
    pub sample_rate: f64,
    /// A row whose total exceeds this is thinned to exactly this many counts by
    /// drawing without replacement (multivariate hypergeometric). Thinning a
    /// Dirichlet–multinomial row this way leaves it Dirichlet–multinomial with the
    /// same α, so the cap bounds the work of huge rows without biasing the fit.
    pub max_total: Option<u64>,
    /// Seed of the sampling and thinning decisions.
    pub seed: u64,
}

impl Default for RowFilter {
    fn default() -> Self {
        RowFilter {
            sample_rate: 1.0,
            max_total: None,
            seed: 0,
        }
    }
}

impl RowFilter {
    /// Checks the options: a rate in (0, 1] and a cap ≥ 1.
    pub fn validate(&self) -> Result<()> {
        if !(self.sample_rate > 0.0 && self.sample_rate <= 1.0) {
            return Err(Error::invalid(format!(
                "sample rate must be in (0, 1], got {}",
                self.sample_rate
            )));
        }
        if self.max_total == Some(0) {
            return Err(Error::invalid("max count per row must be >= 1"));
        }
        Ok(())
    }

    /// Whether the filter changes anything.
    pub fn is_identity(&self) -> bool {
        self.sample_rate >= 1.0 && self.max_total.is_none()
    }

    /// Decides row `key`: returns false if the row is sampled out; otherwise thins
    /// `counts` in place if its total exceeds the cap, and returns true.
    pub fn apply(&self, key: u64, counts: &mut [u64]) -> bool {
        if self.sample_rate < 1.0 {
            let u = (mix(self.seed ^ mix(key)) >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            if u >= self.sample_rate {
                return false;
            }
        }
        if let Some(cap) = self.max_total {
            let total: u64 = counts.iter().fold(0u64, |s, &c| s.saturating_add(c));
            if total > cap {
                thin(
                    counts,
                    total,
                    cap,
                    self.seed ^ mix(key.wrapping_add(0x9e37_79b9_7f4a_7c15)),
                );
            }
        }
        true
    }
}

/// SplitMix64's finaliser: a fast, well-mixed 64-bit hash of `x`.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Draws `keep` of the row's `total` counts without replacement.
fn thin(counts: &mut [u64], total: u64, keep: u64, seed: u64) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let (mut left, mut draws) = (total, keep);
    for c in counts.iter_mut() {
        let have = *c;
        let got = if draws == 0 || have == 0 {
            0
        } else if have == left {
            draws
        } else {
            Hypergeometric::new(left, have, draws).map_or(0, |h| h.sample(&mut rng))
        };
        left -= have;
        draws -= got;
        *c = got;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serialized_length_is_known_without_serialising() {
        let mut s = DmStats::new(3).unwrap();
        assert_eq!(s.serialized_len(), s.to_bytes().len());
        for i in 0..5000u64 {
            // Small counts (dense), large ones repeated and distinct.
            s.add(&[i % 7, (i % 13) * 100_000, i * 1_000_003]).unwrap();
            if i % 997 == 0 {
                assert_eq!(s.serialized_len(), s.to_bytes().len(), "after {i} rows");
            }
        }
        let mut t = s.clone();
        t.merge(&s).unwrap();
        assert_eq!(t.serialized_len(), t.to_bytes().len());
    }

    #[test]
    fn ln_gamma_ratio_differences_keep_their_digits_far_above_the_counts() {
        // Σ_{j<d} ln((s + j)/(t + j)) term by term: each term is exact to rounding.
        for (s, t, d) in [
            (1e15, 33.0, 10.0),
            (1e9, 40.0, 200.0),
            (5e3, 32.0, 900.0),
            (1e12, 1e3, 1e3),
        ] {
            let direct: f64 = (0..d as u64)
                .map(|j| ((s + j as f64) / (t + j as f64)).ln())
                .sum();
            let got = ln_gamma_ratio_difference(t, s - t, d);
            assert!(
                (got - direct).abs() <= 1e-13 * direct.abs(),
                "({s}, {t}, {d}): {got} vs {direct}"
            );
        }
    }

    fn brute(u: &[(u64, f64)], x: f64) -> Sums {
        // U[j] from explicit rows (count, weight).
        let max = u.iter().map(|r| r.0).max().unwrap_or(0);
        let mut s = Sums::default();
        for j in 0..max {
            let uj: f64 = u.iter().filter(|r| r.0 > j).map(|r| r.1).sum();
            let t = x + j as f64;
            s.ln += uj * t.ln();
            s.inv += uj / t;
            s.inv2 += uj / (t * t);
        }
        s
    }

    #[test]
    fn step_sums_match_term_by_term() {
        let rows = [
            (1u64, 2.0),
            (3, 1.0),
            (40, 1.5),
            (41, 1.0),
            (700, 3.0),
            (5000, 1.0),
            (20000, 0.5),
        ];
        let mut h = Histogram {
            compact_at: 64,
            ..Histogram::default()
        };
        for &(c, w) in &rows {
            h.add(c, w);
        }
        h.compact();
        let f = StepFunction::from_distinct(h.distinct().collect());
        for &x in &[1e-3, 0.3, 1.0, 7.5, 31.9, 250.0, 1e5, 1e9] {
            let (a, b) = (f.sums(x), brute(&rows, x));
            for (p, q) in [(a.ln, b.ln), (a.inv, b.inv), (a.inv2, b.inv2)] {
                assert!((p - q).abs() <= 1e-13 * q.abs().max(1e-300), "x={x}: {p} vs {q}");
            }
        }
        assert_eq!(f.mass(), rows.iter().map(|r| r.0 as f64 * r.1).sum::<f64>());
        let pairs: f64 = rows.iter().map(|r| (r.0 * (r.0 - 1)) as f64 / 2.0 * r.1).sum();
        assert!((f.pair_mass() - pairs).abs() <= 1e-15 * pairs);
    }

    #[test]
    fn rising_over_factorial_matches_term_by_term() {
        let rows = [
            (1u64, 2.0),
            (3, 1.0),
            (40, 1.5),
            (700, 3.0),
            (5000, 1.0),
            (1_000_000, 0.5),
        ];
        let f = StepFunction::from_distinct(rows.to_vec());
        for &x in &[1e-3, 0.3, 1.0, 2.5, 40.0, 1e4] {
            let direct: f64 = rows
                .iter()
                .map(|&(c, w)| w * (0..c).map(|j| ((x - 1.0) / (1 + j) as f64).ln_1p()).sum::<f64>())
                .sum();
            let got = f.ln_rising_over_factorial(x);
            assert!(
                (got - direct).abs() <= 1e-12 * direct.abs(),
                "x={x}: {got} vs {direct}"
            );
        }
    }

    #[test]
    fn asymptotic_differences_hold_when_y_dwarfs_d() {
        // Σ_{j<3} 1/(y + j) for y = 1e12: plain digamma differences would keep ~4 digits.
        let y = 1e12;
        let s = asymptotic_differences(y, 5.0);
        let direct: f64 = (0..5).map(|j| 1.0 / (y + j as f64)).sum();
        assert!((s.inv - direct).abs() <= 4e-16 * direct);
        let ln: f64 = (0..5).map(|j| (y + j as f64).ln()).sum();
        assert!((s.ln - ln).abs() <= 4e-16 * ln);
    }

    #[test]
    fn add_row_inserts_a_pseudo_row() {
        let mut s = DmStats::new(2).unwrap();
        s.add(&[2, 5]).unwrap();
        let mut f = s.step_function(Some(0));
        f.add_row(1, 0.5);
        assert_eq!(f.distinct(), vec![(1, 0.5), (2, 1.0)]);
        f.add_row(3, 0.25);
        assert_eq!(f.distinct(), vec![(1, 0.5), (2, 1.0), (3, 0.25)]);
    }

    #[test]
    fn thinning_keeps_exactly_the_cap_and_never_adds() {
        let f = RowFilter {
            sample_rate: 1.0,
            max_total: Some(100),
            seed: 3,
        };
        for key in 0..200 {
            let orig = [1_000_000u64, 3, 0, 250_000];
            let mut row = orig;
            assert!(f.apply(key, &mut row));
            assert_eq!(row.iter().sum::<u64>(), 100);
            assert!(row.iter().zip(&orig).all(|(a, b)| a <= b));
        }
    }

    #[test]
    fn sampling_is_keyed_and_near_the_rate() {
        let f = RowFilter {
            sample_rate: 0.25,
            max_total: None,
            seed: 11,
        };
        let kept = (0..100_000u64).filter(|&k| f.apply(k, &mut [1, 2])).count();
        assert!((kept as f64 / 1e5 - 0.25).abs() < 0.01, "{kept}");
        let again = (0..100_000u64).filter(|&k| f.apply(k, &mut [1, 2])).count();
        assert_eq!(kept, again);
    }
}
