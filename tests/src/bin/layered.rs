//! The server of `mcp_tests::layered`, as a process.

fn main() -> std::process::ExitCode {
    mcp_tests::layered::server().run()
}
