//! The incomplete beta where one shape is huge ("region L": a shape of 1e6–1e8), against
//! mpmath at 50 digits (`tests/reference/generate_region_l.py`). scipy is itself off by up
//! to ~6e-10 there, so `special_reference.rs` can only check this region loosely.

use bayeskit::special::{beta_inc, beta_inc_c};

const TINY_NORMAL: f64 = f64::MIN_POSITIVE;

/// Relative error, where a true value below the normal range counts as matched by any
/// value that is also below it (the function's contract in that range is "underflows").
fn rel(got: f64, want: f64) -> f64 {
    if want.abs() < TINY_NORMAL {
        return if got.abs() < TINY_NORMAL {
            0.0
        } else {
            f64::INFINITY
        };
    }
    ((got - want) / want).abs()
}

#[test]
fn region_l_matches_mpmath() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference/special_region_l.json"
    );
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let num = |s: &serde_json::Value| s.as_str().unwrap().parse::<f64>().unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert!(cases.len() > 150, "expected the full grid, got {}", cases.len());
    let mut worst = (0.0, String::new());
    for c in cases {
        let (a, b, x, i, ic) = (num(&c[0]), num(&c[1]), num(&c[2]), num(&c[3]), num(&c[4]));
        for (name, got, want) in [
            ("beta_inc", beta_inc(a, b, x), i),
            ("beta_inc_c", beta_inc_c(a, b, x), ic),
        ] {
            let e = rel(got, want);
            if e > worst.0 {
                worst = (
                    e,
                    format!("{name}({a:e}, {b:e}, {x:e}) = {got:e}, mpmath {want:e}"),
                );
            }
        }
    }
    println!(
        "region L: {} cases, worst relative error {:.3e} at {}",
        cases.len(),
        worst.0,
        worst.1
    );
    assert!(worst.0 <= 1e-12, "worst {:.3e} at {}", worst.0, worst.1);
}
