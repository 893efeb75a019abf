//! Compile-time behaviour of `#[api]`: declarations that must compile (`pass/`) and mistakes
//! that must be reported where they are (`fail/`, one mistake per file, the expected compiler
//! output beside it).
//!
//! The snapshots belong to the toolchain pinned in `rust-toolchain.toml`. After an intended
//! change to a message, refresh them with `TRYBUILD=overwrite cargo test -p restrait-ui-tests`
//! and read the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("pass/*.rs");
    cases.compile_fail("fail/*.rs");
}
