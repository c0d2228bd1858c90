//! Gives the shared library its SONAME, the ABI it implements (see
//! `docs/abi-policy.md`): `libbayeskit.so.<major>` from 1.0, and
//! `libbayeskit.so.0.<minor>` before, where every minor may change the ABI,
//! so that the dynamic loader refuses a library of another ABI.
fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap();
    let minor = std::env::var("CARGO_PKG_VERSION_MINOR").unwrap();
    let soversion = if major == "0" { format!("0.{minor}") } else { major };
    // The macOS counterpart, the install name, is set where the prebuilt library is linked
    // (packaging/platforms.sh), since it is written for the linker itself, not a C driver.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libbayeskit.so.{soversion}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
