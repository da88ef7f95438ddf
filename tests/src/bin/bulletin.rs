//! A server whose tool changes a resource: `post(text)` updates
//! `bulletin://latest` and tells its subscribers, wherever they listen.
//! For the scale-out tests (`--redis`), where the post and the subscriber's
//! stream are on different instances.

fn main() -> std::process::ExitCode {
    mcp_tests::bulletin::server().run()
}
