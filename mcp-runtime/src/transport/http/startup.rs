//! What the server says when it starts listening: where clients reach it,
//! and how it is protected.

use std::net::{IpAddr, SocketAddr, UdpSocket};

use crate::transport::http::options::HttpOptions;

/// What a listening server is, for its start-up log.
pub(super) struct Listening<'a> {
    pub(super) local: SocketAddr,
    pub(super) options: &'a HttpOptions,
    pub(super) tls: bool,
    /// The authorization in force, described (`None`: open).
    pub(super) authorization: Option<String>,
}

impl Listening<'_> {
    /// The lines of the start-up log.
    pub(super) fn describe(&self) -> Vec<String> {
        let (scheme, path) = match (self.options.websocket_only, self.tls) {
            (true, false) => ("ws", ""),
            (true, true) => ("wss", ""),
            (false, false) => ("http", self.options.path.as_str()),
            (false, true) => ("https", self.options.path.as_str()),
        };
        let mut lines = vec![format!("serving MCP at {scheme}://{}{path} ({})", self.local, self.transports())];
        if self.local.ip().is_unspecified() {
            let reach = reachable_address().map_or_else(
                || "this machine's addresses".to_owned(),
                |ip| format!("{scheme}://{}{path}", SocketAddr::new(ip, self.local.port())),
            );
            lines.push(format!("listening on all interfaces: other machines reach it at {reach}"));
        }
        lines.push(self.rebinding());
        lines.push(match &self.authorization {
            Some(described) => format!("authorization: {described}"),
            None if self.local.ip().is_loopback() => "authorization: none (loopback only)".to_owned(),
            None => "authorization: none; anyone who reaches this port can call every tool \
                     (use --auth-issuer to require tokens)"
                .to_owned(),
        });
        if let Some(store) = &self.options.session_store {
            lines.push(format!("sessions: shared through {}", store.describe()));
        }
        if !self.tls && !self.local.ip().is_loopback() {
            lines.push("TLS: off; traffic is readable on the network (use --tls-cert and --tls-key)".into());
        }
        lines
    }

    fn transports(&self) -> String {
        let path = &self.options.path;
        if self.options.websocket_only {
            return format!("WebSocket, at / and {path}");
        }
        let mut text = "Streamable HTTP; legacy SSE at /sse".to_owned();
        if cfg!(feature = "server-websocket") {
            let scheme = if self.tls { "wss" } else { "ws" };
            text.push_str(&format!("; WebSocket ({scheme}://) at / and {path}"));
        }
        text
    }

    fn rebinding(&self) -> String {
        let options = self.options;
        if options.any_host() && options.allowed_origins.iter().any(|o| o == "*") {
            return "Host and Origin checks: off, clients may use any name \
                    (restrict with --allowed-host and --allowed-origin)"
                .to_owned();
        }
        let extra = |list: &[String]| {
            if list.is_empty() {
                String::new()
            } else {
                format!(" and {}", list.join(", "))
            }
        };
        let hosts = if options.any_host() {
            "any Host".to_owned()
        } else {
            format!("Host must be an IP address or a loopback name{}", extra(&options.allowed_hosts))
        };
        format!(
            "Host and Origin checks (DNS-rebinding and cross-site protection): {hosts}; a browser's Origin must \
             be this server's own or loopback{} (name others with --allowed-host and --allowed-origin)",
            extra(&options.allowed_origins)
        )
    }
}

/// The address this machine uses to reach other networks, if any. No packet
/// is sent: connecting a UDP socket only picks a route.
pub(crate) fn reachable_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}
