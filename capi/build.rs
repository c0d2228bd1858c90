//! Gives the shared library its SONAME (`libbayeskit.so.<major>`), so that a binary links against the major version it was built for.
fn main() {
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap();
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libbayeskit.so.{major}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
