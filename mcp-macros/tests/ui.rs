//! Compile-time diagnostics, locked down with trybuild.
//!
//! Compiler messages change between releases, so the expected `.stderr`
//! files are checked only on the compiler they were recorded with (1.95);
//! on any other the test is ignored, and says so. Regenerate them with
//! `TRYBUILD=overwrite cargo test -p mcp-runtime-macros --test ui`.

#[rustversion::attr(not(stable(1.95)), ignore = "the .stderr files were recorded with rustc 1.95")]
#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/*/pass/*.rs");
    cases.compile_fail("tests/ui/*/fail/*.rs");
}
