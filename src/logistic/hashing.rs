//! Feature hashing as Spark's `HashingTF`: a phrase's id is the standard
//! MurmurHash3_x86_32 of its UTF-8 bytes (seed 42 in Spark), read as a signed
//! 32-bit integer, non-negatively reduced modulo 2^bits.
//!
//! This matches Spark ≥ 3.0 (`HashingTF` hashes with `Murmur3_x86_32.hashUnsafeBytes2`,
//! the reference algorithm). Spark 2.x used `hashUnsafeBytes`, which differs from
//! the reference MurmurHash3 when the byte length is not a multiple of 4; models
//! hashed that way get different ids here.

/// The hash seed of feature hashing where the caller does not choose one: 42,
/// Spark's `HashingTF`'s. The one statement of that default: the C ABI's read
/// options, the CLI's `--hash-bits` and the bindings take it from here.
pub const DEFAULT_HASH_SEED: u32 = 42;

/// The standard MurmurHash3_x86_32 (Austin Appleby's) of `bytes` with `seed`, as
/// an unsigned 32-bit value (Python's `mmh3.hash(bytes, seed, signed=False)`).
///
/// # Example
/// ```
/// use bayeskit::logistic::murmur3_x86_32;
/// // Spark's Murmur3_x86_32Suite: "test" with seed 0 hashes to -1167338989.
/// assert_eq!(murmur3_x86_32(b"test", 0) as i32, -1167338989);
/// assert_eq!(murmur3_x86_32(b"", 0), 0);
/// ```
pub fn murmur3_x86_32(bytes: &[u8], seed: u32) -> u32 {
    let mut reader = bytes;
    // Reading from a byte slice cannot fail.
    murmur3::murmur3_32(&mut reader, seed).unwrap_or_else(|_| unreachable!("reading a slice failed"))
}

/// The feature id of `phrase` in a hashed space of 2^`bits` ids: Spark's
/// `Utils.nonNegativeMod(murmur3(utf8(phrase), seed) as Int, 2^bits)`, i.e.
/// `((h % m) + m) % m` with Java's truncated `%` on the signed hash `h` (for a
/// power-of-two `m` this is the low `bits` bits of the hash).
///
/// # Panics
/// If `bits > 32` (the ids would not fit in a `u32`).
///
/// # Example
/// ```
/// use bayeskit::logistic::hashed_feature;
/// // Spark's HashingTF default: 2^18 features, seed 42.
/// let id = hashed_feature("very good", 18, 42);
/// assert!(id < 1 << 18);
/// ```
pub fn hashed_feature(phrase: &str, bits: u32, seed: u32) -> u32 {
    assert!(bits <= 32, "hashed_feature: {bits} bits exceed the u32 id range");
    let h = i64::from(murmur3_x86_32(phrase.as_bytes(), seed) as i32);
    let m = 1i64 << bits;
    // Rust's `%` on signed integers truncates, as Java's does.
    let id = ((h % m) + m) % m;
    id as u32
}
