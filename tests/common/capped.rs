//! Tests that must not abort under a memory limit: each runs in a child process
//! of its own test binary under a 2 GiB address-space limit (`ulimit -v`), so
//! that an abort fails that test alone. Included by `#[path]` in the core's,
//! the CLI's and the C ABI's tests; the includer names the module `capped`
//! at its crate root, where the `capped!` macro refers to it.

use std::process::Command;

/// The address-space limit of the children, in KiB.
pub const CAP_KIB: u64 = 2 * 1024 * 1024;
pub const CHILD: &str = "BK_MEMORY_CAP_CHILD";

/// Runs test `name` of this binary in a child under the limit and checks it passed.
pub fn run_capped(name: &str) {
    let exe = std::env::current_exe().expect("test binary");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v {CAP_KIB} && exec \"$0\" --exact {name} --nocapture --test-threads=1"
        ))
        .arg(&exe)
        .env(CHILD, "1")
        .output()
        .expect("run sh");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "{name} under a {CAP_KIB} KiB address-space limit: {:?}\n{text}",
        out.status
    );
}

/// A test whose body runs only in the capped child.
#[allow(unused_macros)]
macro_rules! capped {
    ($(#[$m:meta])* fn $name:ident() $body:block) => {
        $(#[$m])*
        #[test]
        fn $name() {
            if std::env::var_os($crate::capped::CHILD).is_some() {
                $body
            } else {
                // The test's path within its binary (without the crate).
                let path = module_path!().split_once("::").map_or("", |(_, p)| p);
                let name = if path.is_empty() {
                    stringify!($name).to_string()
                } else {
                    format!("{path}::{}", stringify!($name))
                };
                $crate::capped::run_capped(&name);
            }
        }
    };
}
