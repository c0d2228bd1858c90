#!/usr/bin/env python3
"""Reference vectors for MurmurHash3_x86_32 feature hashing as in Spark's HashingTF.

Run from the repository root:  python3 tests/reference/generate_murmur3.py
Writes tests/reference/murmur3.json (a few kB) and prints the table.  Instant.
Needs: pip install mmh3   (Python 3; no numpy needed).
Deterministic: the strings are fixed below; the output depends only on them.

What is computed
----------------
For every string s in STRINGS:

  hash      = mmh3.hash(s.encode("utf-8"), seed=42, signed=True)
              i.e. the standard MurmurHash3_x86_32 (Austin Appleby) of the UTF-8 bytes,
              seed 42, the 32-bit result read as a signed (two's complement) int.
  bucket_18 = nonNegativeMod(hash, 2**18)
  bucket_20 = nonNegativeMod(hash, 2**20)

where nonNegativeMod is Spark's org.apache.spark.util.Utils.nonNegativeMod:

  def nonNegativeMod(x: Int, mod: Int): Int = { val rawMod = x % mod; rawMod + (if (rawMod < 0) mod else 0) }

with Java/Scala's TRUNCATED `%` (the remainder takes the sign of the dividend).  Python's `%`
is floored, so the script emulates Java explicitly (java_rem / non_negative_mod below) and
cross-checks against the equivalent formula ((x % m) + m) % m evaluated with Java semantics.
For a power-of-two mod the result equals (hash as unsigned 32-bit) & (mod - 1), which is
also asserted.

Why this is Spark's HashingTF (Spark >= 3.0)
--------------------------------------------
* Spark 2.x HashingTF hashed strings with Murmur3_x86_32.hashUnsafeBytes, which differs from
  the reference MurmurHash3 when the byte length is not a multiple of 4 (tail handling).
  SPARK-23381 (apache/spark PR #20630, 2018) added Murmur3_x86_32.hashUnsafeBytes2, which
  matches the reference algorithm (its unit test: "test" with seed 0 -> -1167338989; this
  script asserts mmh3 gives the same value).
* SPARK-23469 (apache/spark PR #25303, Spark 3.0) "HashingTF should use corrected
  MurmurHash3 implementation": since 3.0 HashingTF.murmur3Hash hashes a String term as
  UTF8String.fromString(s) -> hashUnsafeBytes2(bytes, offset, numBytes, seed) with
  seed = 42 (HashingTF.seed), and the column index is Utils.nonNegativeMod(hash,
  numFeatures) (default numFeatures 2^18).  Models saved by Spark < 3.0 keep the old hash
  when loaded; these vectors are for the 3.0+ behaviour only.
(Found with the code/issue search: the PR threads above and several downstream copies of
HashingTF.murmur3Hash / FeatureHasher.murmur3Hash that call hashUnsafeBytes2 with seed 42.
Not verified against a running Spark here.)

JSON layout
-----------
{
  "description": str,
  "algorithm": "MurmurHash3_x86_32", "seed": 42, "encoding": "utf-8",
  "mmh3_version": str,
  "cases": [ {"text": str, "utf8_len": int, "hash": int (signed 32-bit),
              "hash_unsigned": int, "bucket_18": int, "bucket_20": int}, ... ]
}
"""

import json
import os
import sys

import mmh3

SEED = 42
OUT = os.path.join("tests", "reference", "murmur3.json")

STRINGS = [
    "",
    # single characters
    "a", "b", "z", "A", "0", " ", "-",
    # ASCII lengths 1..16 (covers tail length 0, 1, 2, 3 several times)
    "x",
    "ab",
    "abc",
    "abcd",
    "abcde",
    "abcdef",
    "abcdefg",
    "abcdefgh",
    "abcdefghi",
    "abcdefghij",
    "abcdefghijk",
    "abcdefghijkl",
    "abcdefghijklm",
    "abcdefghijklmn",
    "abcdefghijklmno",
    "abcdefghijklmnop",
    # ordinary words / n-grams
    "test", "hello", "good", "bad", "movie",
    "very good", "not bad", "not bad at all", "the quick brown fox",
    # non-ASCII: 2-, 3- and 4-byte UTF-8 sequences
    "é", "café", "naïve", "日本語", "日本", "😀", "I ❤ Rust 🦀",
    "Grüße aus Köln",
]


def java_rem(x, m):
    """Java/Scala int remainder: truncated division, result has the sign of x."""
    r = abs(x) % abs(m)
    return -r if x < 0 else r


def non_negative_mod(x, mod):
    """Spark Utils.nonNegativeMod with Java semantics."""
    raw = java_rem(x, mod)
    return raw + (mod if raw < 0 else 0)


def main():
    # Known-answer checks of the hash itself.
    assert mmh3.hash(b"test", 0, signed=True) == -1167338989  # Spark Murmur3_x86_32Suite (SPARK-23381)
    assert mmh3.hash(b"", 0, signed=True) == 0
    assert java_rem(-7, 4) == -3 and java_rem(7, -4) == 3 and non_negative_mod(-7, 4) == 1

    cases = []
    for s in STRINGS:
        data = s.encode("utf-8")
        h = mmh3.hash(data, seed=SEED, signed=True)
        hu = mmh3.hash(data, seed=SEED, signed=False)
        assert -(2 ** 31) <= h < 2 ** 31 and (h & 0xFFFFFFFF) == hu
        row = {"text": s, "utf8_len": len(data), "hash": h, "hash_unsigned": hu}
        for bits in (18, 20):
            m = 1 << bits
            b = non_negative_mod(h, m)
            assert b == java_rem(java_rem(h, m) + m, m)          # ((x % m) + m) % m, Java style
            assert b == (hu & (m - 1))                           # power-of-two shortcut
            assert 0 <= b < m
            row[f"bucket_{bits}"] = b
        cases.append(row)

    tails = sorted({c["utf8_len"] % 4 for c in cases})
    assert tails == [0, 1, 2, 3], tails
    assert any(c["hash"] < 0 for c in cases) and any(c["hash"] > 0 for c in cases)
    # At least one negative hash whose Python floored % would differ from Java's.
    assert any(c["hash"] % (1 << 18) != java_rem(c["hash"], 1 << 18) for c in cases)

    out = {
        "description": "MurmurHash3_x86_32 of the UTF-8 bytes, seed 42, signed 32-bit; "
                       "bucket_b = Spark Utils.nonNegativeMod(hash, 2^b) (Java truncated %), "
                       "as Spark >= 3.0 HashingTF (hashUnsafeBytes2). "
                       "Generated by tests/reference/generate_murmur3.py",
        "algorithm": "MurmurHash3_x86_32",
        "seed": SEED,
        "encoding": "utf-8",
        "mmh3_version": getattr(mmh3, "__version__", None) or _pkg_version("mmh3"),
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    for c in cases:
        print(f"{c['text']!r:26} len={c['utf8_len']:2} hash={c['hash']:12} "
              f"b18={c['bucket_18']:7} b20={c['bucket_20']:8}")
    print(f"wrote {OUT}: {len(cases)} cases")
    return 0


def _pkg_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:  # pragma: no cover
        return None


if __name__ == "__main__":
    sys.exit(main())
