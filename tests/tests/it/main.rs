//! The workspace's integration tests, in one binary so that the stack is
//! linked once: real processes, real sockets, the official SDKs, the
//! Inspector and the conformance suite. One module per concern.

mod authorization;
mod authorization_clients;
mod balanced;
mod binding;
mod chat;
mod cli;
mod client_eras;
mod client_gives_up;
mod client_http;
mod client_interop;
mod conformance;
mod deploy;
mod hardening;
mod http;
mod inspector;
mod layers;
mod metrics;
mod middleware;
mod notes;
mod one_answer;
mod python_sdk;
mod snapshots;
mod stdio;
mod tcp_transport;
mod tls;
mod website_fetcher;
mod websocket;
