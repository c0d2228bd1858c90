//! Readers of `bayeskit::logistic`: svmlight/libsvm and phrase TSV files, the
//! dictionary and hashing feature spaces, featurising new rows, and MurmurHash3
//! against reference vectors from `tests/reference/generate_murmur3.py` (mmh3).

use bayeskit::logistic::{
    hashed_feature, murmur3_x86_32, read_phrases, read_phrases_from, read_svmlight, read_svmlight_from, Csr,
    Dataset, FeatureSpace, IdBase, PhraseFeatures, PhraseIndex, PhraseOptions, ReadReport, SparseRow,
    SvmlightOptions,
};
use bayeskit::Error;
use std::path::Path;

fn svm(text: &str, opts: &SvmlightOptions) -> Result<(Dataset, ReadReport), Error> {
    read_svmlight_from(text.as_bytes(), "t.svm", opts)
}

fn svm_ok(text: &str, opts: &SvmlightOptions) -> (Dataset, ReadReport) {
    svm(text, opts).unwrap_or_else(|e| panic!("{e}"))
}

fn phr(text: &str, opts: &PhraseOptions) -> Result<(Dataset, ReadReport), Error> {
    read_phrases_from(text.as_bytes(), "t.tsv", opts)
}

fn phr_ok(text: &str, opts: &PhraseOptions) -> (Dataset, ReadReport) {
    phr(text, opts).unwrap_or_else(|e| panic!("{e}"))
}

fn dict(max_features: Option<usize>, min_count: u64) -> PhraseOptions {
    PhraseOptions {
        features: PhraseFeatures::Dictionary {
            max_features,
            min_count,
        },
        skip_bad: false,
    }
}

fn hashing(bits: u32, seed: u32) -> PhraseOptions {
    PhraseOptions {
        features: PhraseFeatures::Hashing { bits, seed },
        skip_bad: false,
    }
}

/// The message of a parse error, checked to contain every piece.
fn parse_err(r: Result<(Dataset, ReadReport), Error>, pieces: &[&str]) -> String {
    let e = r.expect_err("expected a parse error");
    assert!(matches!(e, Error::Parse(_)), "not a parse error: {e:?}");
    let msg = e.to_string();
    for p in pieces {
        assert!(msg.contains(p), "{msg:?} lacks {p:?}");
    }
    msg
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------- MurmurHash3

#[test]
fn murmur3_matches_the_reference_vectors() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/murmur3.json");
    let text = std::fs::read_to_string(&path).expect("tests/reference/murmur3.json");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["seed"], 42);
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut negative = 0;
    for c in cases {
        let s = c["text"].as_str().unwrap();
        let hash = c["hash"].as_i64().unwrap();
        let unsigned = c["hash_unsigned"].as_u64().unwrap();
        assert_eq!(s.len() as u64, c["utf8_len"].as_u64().unwrap(), "{s:?}");
        let h = murmur3_x86_32(s.as_bytes(), 42);
        assert_eq!(i64::from(h as i32), hash, "{s:?}");
        assert_eq!(u64::from(h), unsigned, "{s:?}");
        assert_eq!(
            u64::from(hashed_feature(s, 18, 42)),
            c["bucket_18"].as_u64().unwrap(),
            "{s:?}"
        );
        assert_eq!(
            u64::from(hashed_feature(s, 20, 42)),
            c["bucket_20"].as_u64().unwrap(),
            "{s:?}"
        );
        negative += usize::from(hash < 0);
    }
    assert!(negative > 0, "no negative hash exercises the non-negative modulo");
}

#[test]
fn murmur3_known_answers() {
    // Spark's Murmur3_x86_32Suite (hashUnsafeBytes2) and the reference algorithm.
    assert_eq!(murmur3_x86_32(b"test", 0) as i32, -1167338989);
    assert_eq!(murmur3_x86_32(b"", 0), 0);
    assert_eq!(murmur3_x86_32(b"", 1), 0x514E_28B7);
    assert_eq!(murmur3_x86_32(b"", 0xffff_ffff), 0x81F1_6F39);
}

#[test]
fn hashed_feature_is_javas_non_negative_mod() {
    let words = [
        "a",
        "b",
        "z",
        "0",
        "-",
        "abc",
        "very good",
        "not bad",
        "日本語",
        "😀",
        "café",
    ];
    for w in words {
        let h = murmur3_x86_32(w.as_bytes(), 42);
        let signed = i64::from(h as i32);
        for bits in 0..=32u32 {
            let m = 1i64 << bits;
            // Java: ((x % m) + m) % m with truncated %; for a power of two, the low bits.
            let java = ((signed % m) + m) % m;
            let id = hashed_feature(w, bits, 42);
            assert_eq!(i64::from(id), java, "{w:?} bits {bits}");
            assert_eq!(
                u64::from(id),
                u64::from(h) & ((1u64 << bits) - 1),
                "{w:?} bits {bits}"
            );
        }
    }
    // The seed matters.
    assert_ne!(hashed_feature("good", 20, 42), hashed_feature("good", 20, 43));
}

// ------------------------------------------------------------------- svmlight

#[test]
fn svmlight_round_trip_to_the_expected_csr() {
    let text = "\
# header comment
+1 qid:7 3:0.5 1:2 7:-1.25e1 # trailing comment

-1 2:1 2:0.5 5:0
+1
-1 qid:2 1:1e-3
";
    let (d, r) = svm_ok(text, &SvmlightOptions::default());
    // 1-based: file id i is column i-1; repeated id 2 summed; explicit 0 kept.
    let expected = Csr::new(
        vec![0, 3, 5, 5, 6],
        vec![0, 2, 6, 1, 4, 0],
        vec![2.0, 0.5, -12.5, 1.5, 0.0, 1e-3],
        7,
    )
    .unwrap();
    assert_eq!(d.x, expected);
    assert_eq!(d.classes, names(&["-1", "+1"]));
    assert_eq!(d.y, vec![1, 0, 1, 0]);
    assert_eq!(d.weights, None);
    assert_eq!(d.features, FeatureSpace::Indexed { n: 7 });
    assert_eq!(
        r,
        ReadReport {
            rows: 4,
            skipped: 0,
            first_skipped: None,
            id_base: Some(IdBase::One),
            out_of_vocabulary: 0,
        }
    );
    d.validate().unwrap();
}

#[test]
fn svmlight_id_bases() {
    let one = SvmlightOptions::default();
    let zero = SvmlightOptions {
        id_base: IdBase::Zero,
        ..one
    };
    let auto = SvmlightOptions {
        id_base: IdBase::Auto,
        ..one
    };
    let text = "1 1:1 4:2\n0 2:3\n";
    let (d1, r1) = svm_ok(text, &one);
    assert_eq!(
        (d1.x.row(0).0, d1.x.cols(), r1.id_base),
        (&[0u32, 3][..], 4, Some(IdBase::One))
    );
    let (d0, r0) = svm_ok(text, &zero);
    assert_eq!(
        (d0.x.row(0).0, d0.x.cols(), r0.id_base),
        (&[1u32, 4][..], 5, Some(IdBase::Zero))
    );
    // Auto without a 0 id: 1-based.
    let (da, ra) = svm_ok(text, &auto);
    assert_eq!((da.x, ra.id_base), (d1.x.clone(), Some(IdBase::One)));
    // Auto with a 0 id anywhere (here the last row): 0-based.
    let text0 = "1 1:1 4:2\n0 2:3\n0 0:1\n";
    let (da, ra) = svm_ok(text0, &auto);
    assert_eq!(ra.id_base, Some(IdBase::Zero));
    assert_eq!(
        (da.x.row(0).0, da.x.row(2).0, da.x.cols()),
        (&[1u32, 4][..], &[0u32][..], 5)
    );
    assert_eq!(svm_ok(text0, &zero).0, da);
    // 1-based rejects id 0, naming the line.
    parse_err(svm(text0, &one), &["t.svm:3:", "feature id 0", "1-based"]);
}

#[test]
fn svmlight_n_features() {
    let given = |id_base, n| SvmlightOptions {
        id_base,
        n_features: Some(n),
        skip_bad: false,
    };
    let (d, _) = svm_ok("a 1:1\nb 2:1\n", &given(IdBase::One, 10));
    assert_eq!((d.x.cols(), d.features), (10, FeatureSpace::Indexed { n: 10 }));
    // An empty row set of features still gets n columns.
    let (d, _) = svm_ok("a\nb\n", &given(IdBase::Zero, 3));
    assert_eq!((d.x.cols(), d.x.nnz()), (3, 0));
    let (d, _) = svm_ok("a\nb\n", &SvmlightOptions::default());
    assert_eq!(d.x.cols(), 0);
    parse_err(
        svm("a 1:1\nb 4:1\n", &given(IdBase::One, 3)),
        &["t.svm:2:", "feature id 4 is out of range: n_features is 3"],
    );
    parse_err(
        svm("a 3:1\n", &given(IdBase::Zero, 3)),
        &["t.svm:1:", "feature id 3"],
    );
    svm_ok("a 3:1\n", &given(IdBase::One, 3));
    // Auto: id == n is fine if the file is 1-based ...
    let (d, r) = svm_ok("a 3:1\nb 1:1\n", &given(IdBase::Auto, 3));
    assert_eq!((d.x.row(0).0, r.id_base), (&[2u32][..], Some(IdBase::One)));
    // ... and out of range once a 0 id makes it 0-based (reported at its line).
    parse_err(
        svm("a 3:1\nb 0:1\n", &given(IdBase::Auto, 3)),
        &["t.svm:1:", "feature id 3 is out of range", "0-based"],
    );
    parse_err(
        svm("a 9:1\n", &given(IdBase::Auto, 3)),
        &["t.svm:1:", "feature id 9"],
    );
    // With skipping the row goes; the earliest skipped line is reported.
    let skip = SvmlightOptions {
        skip_bad: true,
        ..given(IdBase::Auto, 3)
    };
    let (d, r) = svm_ok("a 3:1\nb 0:1\nc x\nd 2:2\n", &skip);
    assert_eq!((d.x.rows(), r.skipped, r.id_base), (2, 2, Some(IdBase::Zero)));
    assert_eq!(d.classes, names(&["b", "d"]));
    assert!(
        r.first_skipped.as_deref().unwrap().starts_with("t.svm:1:"),
        "{r:?}"
    );
    let too_many = SvmlightOptions {
        n_features: Some(u32::MAX as usize + 2),
        ..SvmlightOptions::default()
    };
    assert!(matches!(
        svm("a 1:1\n", &too_many),
        Err(Error::InvalidArgument(_))
    ));
}

#[test]
fn svmlight_every_error_names_its_line() {
    let o = SvmlightOptions::default();
    let ok = "1 1:1\n# comment\n\n";
    let cases: &[(&str, &[&str])] = &[
        ("3:1 4:2", &["missing label", "\"3:1\""]),
        ("1 3", &["field \"3\" is not id:value"]),
        ("1 x:2", &["feature id \"x\" is not a non-negative integer"]),
        ("1 -1:2", &["feature id \"-1\""]),
        ("1 :2", &["feature id \"\""]),
        (
            "1 99999999999:1",
            &["feature id 99999999999 exceeds the u32 id range"],
        ),
        ("1 3:x", &["value \"x\" of feature 3 is not a number"]),
        ("1 3:", &["value \"\" of feature 3 is not a number"]),
        ("1 3:inf", &["value \"inf\" of feature 3 is not finite"]),
        ("1 3:NaN", &["value \"NaN\" of feature 3 is not finite"]),
        ("1 3:1e999", &["not finite"]),
        ("1 0:1", &["feature id 0 in a 1-based file"]),
    ];
    for (bad, pieces) in cases {
        let text = format!("{ok}{bad}\n1 2:2\n");
        let mut all = vec!["t.svm:4: "];
        all.extend_from_slice(pieces);
        parse_err(svm(&text, &o), &all);
    }
    // Invalid UTF-8 (in a label).
    let mut bytes = b"1 1:1\n".to_vec();
    bytes.extend_from_slice(b"\xff 1:1\n");
    let e = read_svmlight_from(&bytes[..], "t.svm", &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("t.svm:2: the line is not valid UTF-8"), "{e}");
    // No data rows.
    parse_err(svm("", &o), &["t.svm: no data rows"]);
    parse_err(svm("# only\n\n   \n", &o), &["t.svm: no data rows"]);
    let skip = SvmlightOptions { skip_bad: true, ..o };
    parse_err(
        svm("1 x\n2 y\n", &skip),
        &["t.svm: no data rows", "2 bad rows skipped", "t.svm:1:"],
    );
}

#[test]
fn svmlight_skip_bad_counts_rows() {
    let skip = SvmlightOptions {
        skip_bad: true,
        ..SvmlightOptions::default()
    };
    let (d, r) = svm_ok("1 1:1\n2 2:x\n1 3:1\n3:1\n2 2:2\n", &skip);
    assert_eq!((d.x.rows(), r.rows, r.skipped), (3, 3, 2));
    assert_eq!(d.y, vec![0, 0, 1]);
    let first = r.first_skipped.unwrap();
    assert!(first.starts_with("t.svm:2: value \"x\""), "{first}");
    // A skipped row leaves nothing behind: same as the file without it.
    let (clean, _) = svm_ok("1 1:1\n1 3:1\n2 2:2\n", &SvmlightOptions::default());
    assert_eq!(d, clean);
}

#[test]
fn svmlight_crlf_bom_and_whitespace() {
    let (d, _) = svm_ok("\u{feff}1 1:1\r\n\t0\t2:3   \r\n", &SvmlightOptions::default());
    assert_eq!((d.x.rows(), d.classes.clone()), (2, names(&["0", "1"])));
    assert_eq!(d.x.row(1), (&[1u32][..], &[3.0][..]));
}

#[test]
fn class_order() {
    let o = SvmlightOptions::default();
    // All numeric: numerically, equal values ordered by text.
    let (d, _) = svm_ok("10\n2\n-1\n+2\n2.0\n0.5\n2\n", &o);
    assert_eq!(d.classes, names(&["-1", "0.5", "+2", "2", "2.0", "10"]));
    assert_eq!(d.y, vec![5, 3, 0, 2, 4, 1, 3]);
    // Not all numeric: by text.
    let (d, _) = svm_ok("10\n2\nb\nB\n", &o);
    assert_eq!(d.classes, names(&["10", "2", "B", "b"]));
    // "nan" and "inf" are not finite numbers: text order.
    let (d, _) = svm_ok("2\nnan\n10\n", &o);
    assert_eq!(d.classes, names(&["10", "2", "nan"]));
    // One class is fine for reading (training decides what it needs).
    let (d, _) = svm_ok("x 1:1\nx 2:1\n", &o);
    assert_eq!((d.classes.clone(), d.y.clone()), (names(&["x"]), vec![0, 0]));
}

#[test]
fn unreadable_files_are_io_errors() {
    let missing = Path::new("/nonexistent/bayeskit/data.svm");
    match read_svmlight(missing, &SvmlightOptions::default()) {
        Err(Error::Io(m)) => assert!(m.contains("/nonexistent/bayeskit/data.svm"), "{m}"),
        other => panic!("{other:?}"),
    }
    match read_phrases(missing, &PhraseOptions::default()) {
        Err(Error::Io(m)) => assert!(m.contains("data.svm"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn files_on_disk_use_their_path_in_messages() {
    let dir = std::env::temp_dir().join(format!("bayeskit-logistic-read-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svm_path = dir.join("a.svm");
    std::fs::write(&svm_path, "1 1:1\n2 2:x\n").unwrap();
    let e = read_svmlight(&svm_path, &SvmlightOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains(&format!("{}:2:", svm_path.display())), "{e}");
    let tsv_path = dir.join("a.tsv");
    std::fs::write(&tsv_path, "pos\tgood:1\nneg\tbad\n").unwrap();
    let e = read_phrases(&tsv_path, &PhraseOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains(&format!("{}:2:", tsv_path.display())), "{e}");
    std::fs::write(&tsv_path, "pos\tgood:1\nneg\tbad:2\n").unwrap();
    let (d, _) = read_phrases(&tsv_path, &PhraseOptions::default()).unwrap();
    assert_eq!(d.features, FeatureSpace::Names(names(&["bad", "good"])));
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------- phrase TSV

#[test]
fn phrases_basic_format() {
    let text = "\
pos\tvery good:2\thttp://x.y/z:1\tratio 1:2:0.5\t
  neg \tbad:1\t\tbad:2.5

pos
";
    let (d, r) = phr_ok(text, &dict(None, 0));
    // Totals: bad 3.5, very good 2, http://x.y/z 1, ratio 1:2 0.5.
    assert_eq!(
        d.features,
        FeatureSpace::Names(names(&["bad", "very good", "http://x.y/z", "ratio 1:2"]))
    );
    let expected = Csr::new(vec![0, 3, 4, 4], vec![1, 2, 3, 0], vec![2.0, 1.0, 0.5, 3.5], 4).unwrap();
    assert_eq!(d.x, expected);
    assert_eq!(
        (d.classes.clone(), d.y.clone()),
        (names(&["neg", "pos"]), vec![1, 0, 1])
    );
    assert_eq!(
        (r.rows, r.skipped, r.id_base, r.out_of_vocabulary),
        (3, 0, None, 0)
    );
    // Windows line endings and a BOM change nothing.
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(phr_ok(&crlf, &dict(None, 0)).0, d);
}

#[test]
fn phrases_every_error_names_its_line() {
    let o = PhraseOptions::default();
    let ok = "pos\tgood:1\n\n";
    let cases: &[(&str, &[&str])] = &[
        ("\tgood:1", &["missing label"]),
        ("  \tgood:1", &["missing label"]),
        ("pos\tgood", &["field 2 \"good\" has no ':count'"]),
        ("pos\tgood:1\tbad", &["field 3 \"bad\" has no ':count'"]),
        ("pos\t:3", &["field 2 \":3\" has an empty phrase"]),
        (
            "pos\tgood:-1",
            &["count \"-1\" of phrase \"good\" is not a finite number >= 0"],
        ),
        ("pos\tgood:x", &["count \"x\" of phrase \"good\""]),
        ("pos\tgood:", &["count \"\" of phrase \"good\""]),
        ("pos\tgood:nan", &["count \"nan\""]),
        ("pos\tgood:inf", &["count \"inf\""]),
    ];
    for (bad, pieces) in cases {
        let text = format!("{ok}{bad}\nneg\tbad:2\n");
        let mut all = vec!["t.tsv:3: "];
        all.extend_from_slice(pieces);
        parse_err(phr(&text, &o), &all);
        let h = hashing(10, 42);
        parse_err(phr(&text, &h), &all);
    }
    let mut bytes = b"pos\tgood:1\n".to_vec();
    bytes.extend_from_slice(b"neg\tb\xffd:1\n");
    let e = read_phrases_from(&bytes[..], "t.tsv", &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("t.tsv:2: the line is not valid UTF-8"), "{e}");
    parse_err(phr("", &o), &["t.tsv: no data rows"]);
    parse_err(phr("\n  \n\t\n", &o), &["t.tsv: no data rows"]);
    // Long fields are cut in messages.
    let long = format!("pos\t{}", "w".repeat(500));
    let msg = parse_err(phr(&long, &o), &["t.tsv:1:", "…"]);
    assert!(msg.len() < 200, "{msg}");
}

#[test]
fn phrases_skip_bad() {
    let text = "pos\tgood:1\nneg\tbad:x\nneg\tbad:2\tgood:1\n\tgood:5\npos\tgreat:1\n";
    let opts = PhraseOptions {
        skip_bad: true,
        ..dict(None, 0)
    };
    let (d, r) = phr_ok(text, &opts);
    assert_eq!((d.x.rows(), r.rows, r.skipped), (3, 3, 2));
    assert!(r.first_skipped.unwrap().starts_with("t.tsv:2: count \"x\""));
    // The bad rows' phrases do not count toward the dictionary.
    let (clean, _) = phr_ok("pos\tgood:1\nneg\tbad:2\tgood:1\npos\tgreat:1\n", &dict(None, 0));
    assert_eq!(d, clean);
    assert_eq!(d.features, FeatureSpace::Names(names(&["bad", "good", "great"])));
}

#[test]
fn dictionary_top_n_min_count_and_ties() {
    // Totals: a 6 (3 rows), b 6 (1 row), c 3, d 3, e 2, f 1, z 0.
    let text = "\
x\ta:2\tc:1\tz:0
y\tb:6\ta:2\td:3
x\ta:2\tc:2\te:2\tf:1
y\te:0
";
    let all = phr_ok(text, &dict(None, 0)).0;
    // Total count, not document frequency: b (1 row) ties with a (3 rows), then by text.
    assert_eq!(
        all.features,
        FeatureSpace::Names(names(&["a", "b", "c", "d", "e", "f", "z"]))
    );
    let (d, r) = phr_ok(text, &dict(None, 1));
    assert_eq!(
        d.features,
        FeatureSpace::Names(names(&["a", "b", "c", "d", "e", "f"]))
    );
    assert_eq!(r.out_of_vocabulary, 1); // z:0
    let (d, r) = phr_ok(text, &dict(None, 3));
    assert_eq!(d.features, FeatureSpace::Names(names(&["a", "b", "c", "d"])));
    assert_eq!(r.out_of_vocabulary, 4); // z:0, e:2, f:1, e:0
    let (d, r) = phr_ok(text, &dict(Some(3), 1));
    assert_eq!(d.features, FeatureSpace::Names(names(&["a", "b", "c"])));
    // Most frequent first: ids follow the dictionary.
    assert_eq!(d.x.row(0), (&[0u32, 2][..], &[2.0, 1.0][..]));
    assert_eq!(d.x.row(1), (&[0u32, 1][..], &[2.0, 6.0][..]));
    assert_eq!(d.x.row(3), (&[][..], &[][..]));
    assert_eq!(r.out_of_vocabulary, 5); // d:3, e:2, f:1, e:0, z:0
    let (d, _) = phr_ok(text, &dict(Some(3), 4));
    assert_eq!(d.features, FeatureSpace::Names(names(&["a", "b"])));
    // Nothing survives: rows stay, without features.
    let (d, _) = phr_ok(text, &dict(Some(0), 0));
    assert_eq!(
        (d.features.len(), d.x.rows(), d.x.cols(), d.x.nnz()),
        (0, 4, 0, 0)
    );
    let (d, _) = phr_ok(text, &dict(None, 100));
    assert_eq!((d.features.len(), d.x.rows()), (0, 4));
    // Repeated phrases in a row are summed, and count once per occurrence in the totals.
    let (d, _) = phr_ok("p\ta:1\ta:0.5\tb:1\nq\tb:1\n", &dict(None, 0));
    assert_eq!(d.features, FeatureSpace::Names(names(&["b", "a"])));
    assert_eq!(d.x.row(0), (&[0u32, 1][..], &[1.0, 1.5][..]));
    // The order of rows does not change the dictionary.
    let reversed: String = text.lines().rev().map(|l| format!("{l}\n")).collect();
    assert_eq!(
        phr_ok(&reversed, &dict(Some(3), 1)).0.features,
        phr_ok(text, &dict(Some(3), 1)).0.features
    );
}

#[test]
fn hashing_matches_spark_ids_and_sums_collisions() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/murmur3.json");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // One row per reference phrase (the empty phrase is not allowed in a file).
    let mut text = String::new();
    let mut expected = Vec::new();
    for c in doc["cases"].as_array().unwrap() {
        let s = c["text"].as_str().unwrap();
        if s.is_empty() || s.contains('\t') {
            continue;
        }
        text.push_str(&format!("c\t{s}:1.5\n"));
        expected.push(c["bucket_18"].as_u64().unwrap() as u32);
    }
    let (d, r) = phr_ok(&text, &hashing(18, 42));
    assert_eq!(d.features, FeatureSpace::Hashed { bits: 18, seed: 42 });
    assert_eq!(
        (d.x.cols(), d.x.rows(), r.out_of_vocabulary),
        (1 << 18, expected.len(), 0)
    );
    for (i, &id) in expected.iter().enumerate() {
        assert_eq!(d.x.row(i), (&[id][..], &[1.5][..]), "row {i}");
    }
    // Zero bits (one bucket) is refused: it silently trained a one-feature model,
    // and 0 means "dictionary" in the C API (issue 15, item 16).
    let e = phr("c\ta:1\tb:2\tc:0.25\n", &hashing(0, 42)).unwrap_err();
    assert!(
        e.to_string().contains("hash bits must be in 1..=31, got 0"),
        "{e}"
    );
    // Two phrases that share a 4-bit bucket are summed, others kept apart.
    let words: Vec<String> = (0..40).map(|i| format!("w{i}")).collect();
    let (a, b) = (0..words.len())
        .flat_map(|i| (i + 1..words.len()).map(move |j| (i, j)))
        .find(|&(i, j)| hashed_feature(&words[i], 4, 7) == hashed_feature(&words[j], 4, 7))
        .unwrap();
    let line = format!("c\t{}:1\t{}:2\n", words[a], words[b]);
    let (d, _) = phr_ok(&line, &hashing(4, 7));
    assert_eq!(d.x.row(0), (&[hashed_feature(&words[a], 4, 7)][..], &[3.0][..]));
    // Bad options.
    assert!(matches!(
        phr("c\ta:1\n", &hashing(32, 42)),
        Err(Error::InvalidArgument(_))
    ));
}

/// A deterministic generator of phrase rows with repeats, decimals and zeros.
fn generated_rows() -> Vec<(String, Vec<(String, f64)>)> {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |m: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % m
    };
    (0..300)
        .map(|_| {
            let label = ["pos", "neg", "meh"][next(3) as usize].to_string();
            let k = next(12) as usize;
            let phrases = (0..k)
                .map(|_| {
                    let w = next(60);
                    let phrase = match w % 4 {
                        0 => format!("w{w}"),
                        1 => format!("two words {w}"),
                        2 => format!("key:{w}"),
                        _ => format!("ünï {w}"),
                    };
                    let count = match next(4) {
                        0 => 0.0,
                        1 => next(5) as f64 + 1.0,
                        _ => next(1000) as f64 / 7.0,
                    };
                    (phrase, count)
                })
                .collect();
            (label, phrases)
        })
        .collect()
}

fn to_tsv(rows: &[(String, Vec<(String, f64)>)]) -> String {
    let mut text = String::new();
    for (label, phrases) in rows {
        text.push_str(label);
        for (p, c) in phrases {
            // `{c:?}` round-trips the f64 exactly.
            text.push_str(&format!("\t{p}:{c:?}"));
        }
        text.push('\n');
    }
    text
}

#[test]
fn featurising_new_rows_equals_the_training_featurisation() {
    let rows = generated_rows();
    let text = to_tsv(&rows);
    for opts in [dict(None, 0), dict(Some(25), 2), hashing(6, 42), hashing(18, 42)] {
        let (d, r) = phr_ok(&text, &opts);
        let index = PhraseIndex::new(&d.features).unwrap();
        let mut row = SparseRow::new();
        let mut dropped = 0;
        for (i, (_, phrases)) in rows.iter().enumerate() {
            dropped += index.featurize(phrases.iter().map(|(p, c)| (p.as_str(), *c)), &mut row);
            assert_eq!(d.x.row(i), (row.ids(), row.values()), "{opts:?} row {i}");
            assert_eq!(row.len(), row.ids().len());
            // Input order does not matter (bit for bit).
            let mut shuffled: Vec<(&str, f64)> = phrases.iter().map(|(p, c)| (p.as_str(), *c)).collect();
            shuffled.reverse();
            index.featurize(shuffled, &mut row);
            assert_eq!(d.x.row(i), (row.ids(), row.values()), "{opts:?} row {i} reversed");
        }
        assert_eq!(dropped as u64, r.out_of_vocabulary, "{opts:?}");
        // Reading the same file against the learned space gives the same data.
        let fixed = PhraseOptions {
            features: PhraseFeatures::Fixed(d.features.clone()),
            skip_bad: false,
        };
        let (again, r2) = phr_ok(&text, &fixed);
        assert_eq!(again, d, "{opts:?}");
        assert_eq!(r2.out_of_vocabulary, r.out_of_vocabulary);
    }
    // Some dictionary read above dropped phrases (so the OOV path was exercised).
    let (_, r) = phr_ok(&text, &dict(Some(25), 2));
    assert!(r.out_of_vocabulary > 0);
}

#[test]
fn fixed_space_reads_a_test_set() {
    let (train, _) = phr_ok("pos\tgood:2\tfun:1\nneg\tbad:3\n", &PhraseOptions::default());
    let fixed = PhraseOptions {
        features: PhraseFeatures::Fixed(train.features.clone()),
        skip_bad: false,
    };
    let (test, r) = phr_ok("neg\tawful:1\tbad:1\npos\tfun:2\tnew:1\n", &fixed);
    assert_eq!(test.features, train.features);
    assert_eq!(test.x.cols(), 3);
    assert_eq!(test.x.row(0), (&[0u32][..], &[1.0][..]));
    assert_eq!(test.x.row(1), (&[2u32][..], &[2.0][..]));
    assert_eq!(r.out_of_vocabulary, 2);
    let indexed = PhraseOptions {
        features: PhraseFeatures::Fixed(FeatureSpace::Indexed { n: 3 }),
        skip_bad: false,
    };
    assert!(matches!(
        phr("pos\tgood:1\n", &indexed),
        Err(Error::InvalidArgument(_))
    ));
}

#[test]
fn phrase_index_construction_and_lookup() {
    assert!(matches!(
        PhraseIndex::new(&FeatureSpace::Indexed { n: 4 }),
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        PhraseIndex::new(&FeatureSpace::Names(names(&["a", "b", "a"]))),
        Err(Error::InvalidArgument(_))
    ));
    assert!(matches!(
        PhraseIndex::new(&FeatureSpace::Hashed { bits: 32, seed: 42 }),
        Err(Error::InvalidArgument(_))
    ));
    let idx = PhraseIndex::new(&FeatureSpace::Names(names(&["x", "y:z"]))).unwrap();
    assert_eq!(
        (idx.id("x"), idx.id("y:z"), idx.id("q")),
        (Some(0), Some(1), None)
    );
    let h = PhraseIndex::new(&FeatureSpace::Hashed { bits: 18, seed: 42 }).unwrap();
    assert_eq!(h.id("very good"), Some(hashed_feature("very good", 18, 42)));
    // The buffer is replaced, not appended to; an empty row is empty.
    let mut row = SparseRow::new();
    assert_eq!(
        idx.featurize([("y:z", 1.0), ("x", 2.0), ("y:z", 0.5)], &mut row),
        0
    );
    assert_eq!((row.ids(), row.values()), (&[0u32, 1][..], &[2.0, 1.5][..]));
    assert_eq!(idx.featurize(Vec::<(String, f64)>::new(), &mut row), 0);
    assert!(row.is_empty());
    assert_eq!(idx.featurize([("nope", 1.0)], &mut row), 1);
    assert!(row.is_empty());
}

#[test]
fn phrase_comments_are_skipped_and_space_separated_fields_refused() {
    // Issue 15, defect 12: `# comment` became a class "# comment", and
    // `negative pizza:1` a class "negative pizza:1", while svmlight skips comments.
    let (d, report) = phr_ok(
        "# a comment\npos\tgood:1\n  # indented\nneg\tbad:1\tc#:2\n",
        &dict(None, 1),
    );
    assert_eq!(d.classes, names(&["neg", "pos"]));
    assert_eq!(report.rows, 2);
    let FeatureSpace::Names(mut got) = d.features else {
        panic!("a dictionary")
    };
    got.sort();
    assert_eq!(got, names(&["bad", "c#", "good"]));
    parse_err(
        phr("pos\tgood:1\nnegative pizza:1\n", &dict(None, 1)),
        &["t.tsv:2", "tab"],
    );
    // A label with a space but no field in it is still a label.
    let (d, _) = phr_ok("very good\tfood:1\nbad\tfood:2\n", &dict(None, 1));
    assert_eq!(d.classes, names(&["bad", "very good"]));
}
