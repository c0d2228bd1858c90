//! What several test binaries share: running the CLI.

use std::process::Command;

/// Runs the `bayeskit` binary and returns (success, stdout, stderr).
pub fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bayeskit"))
        .args(args)
        .output()
        .expect("run bayeskit");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
