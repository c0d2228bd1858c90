//! ABI checks: the committed header equals a fresh cbindgen run, and the
//! version constants agree with Cargo.toml and `bk_version()`.
//!
//! Set `BK_BLESS=1` to rewrite `include/bayeskit.h` after an intended change
//! (`make header`).

use std::ffi::CStr;
use std::path::Path;

#[test]
fn header_is_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(root)
        .with_config(config)
        .generate()
        .expect("cbindgen generation");
    let mut fresh = Vec::new();
    bindings.write(&mut fresh);
    let path = root.join("../include/bayeskit.h");
    if std::env::var("BK_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "include/bayeskit.h differs from a fresh cbindgen run; run `make header` and commit it"
    );
    // The header's version macros follow Cargo.toml.
    let header = String::from_utf8(committed).unwrap();
    for (name, v) in [
        ("MAJOR", env!("CARGO_PKG_VERSION_MAJOR")),
        ("MINOR", env!("CARGO_PKG_VERSION_MINOR")),
        ("PATCH", env!("CARGO_PKG_VERSION_PATCH")),
    ] {
        assert!(
            header.contains(&format!("#define BK_VERSION_{name} {v}\n")),
            "header lacks BK_VERSION_{name} {v}"
        );
    }
}

#[test]
fn versions_agree() {
    use crate::{bk_version, BK_VERSION_MAJOR, BK_VERSION_MINOR, BK_VERSION_PATCH};
    let cargo = env!("CARGO_PKG_VERSION");
    let consts = format!("{BK_VERSION_MAJOR}.{BK_VERSION_MINOR}.{BK_VERSION_PATCH}");
    assert_eq!(consts, cargo, "BK_VERSION_* constants must follow Cargo.toml");
    let runtime = unsafe { CStr::from_ptr(bk_version()) }.to_str().unwrap();
    assert_eq!(runtime, cargo);
}

#[test]
fn every_core_error_has_its_own_status() {
    use crate::*;
    use bayeskit::Error;
    let cases = [
        (Error::InvalidArgument(String::new()), BK_ERR_INVALID_ARGUMENT),
        (Error::NoConvergence(String::new()), BK_ERR_NO_CONVERGENCE),
        (Error::Parse(String::new()), BK_ERR_PARSE),
        (Error::Io(String::new()), BK_ERR_IO),
        (Error::Corrupt(String::new()), BK_ERR_CORRUPT),
        (Error::OutOfMemory(String::new()), BK_ERR_OUT_OF_MEMORY),
    ];
    for (e, status) in cases {
        assert_eq!(bk_status::of(&e), status, "{e:?}");
        assert_eq!(
            e.code(),
            status.0 as i32,
            "Error::code of {e:?} is the status value"
        );
    }
}
