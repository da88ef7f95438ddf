//! The panicking server of `mcp_tests::panicky`, as a process.

fn main() -> std::process::ExitCode {
    mcp_tests::panicky::server().run()
}
