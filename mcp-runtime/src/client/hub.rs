//! [`Hub`]: every server of a `servers_config.json`, connected at once; their
//! tools gathered under one list, and each call routed to its server.

use std::time::Duration;

use serde_json::Value;

use super::config::{ServerEntry, ServersConfig};
use super::{stdio, Client, ClientOptions, Error};
use crate::protocol::{CallToolResult, Tool};

/// How hard to try each server.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Connection attempts per server (the seed uses 3).
    pub attempts: u32,
    /// The wait before the second attempt (the seed uses 2 s).
    pub delay: Duration,
    /// What each later wait is multiplied by: 1 keeps the seed's even
    /// spacing, 2 doubles the wait each time.
    pub backoff: f64,
}

impl Retry {
    /// `attempts` tries, waiting `delay` and then `backoff` times longer
    /// after each failure.
    pub fn new(attempts: u32, delay: Duration, backoff: f64) -> Self {
        Retry { attempts, delay, backoff }
    }

    /// The wait after failed attempt `n` (1-based).
    pub fn wait_after(&self, n: u32) -> Duration {
        let factor = self.backoff.max(1.0).powi(n.saturating_sub(1).min(30) as i32);
        self.delay.mul_f64(factor)
    }
}

impl Default for Retry {
    fn default() -> Self {
        Retry { attempts: 3, delay: Duration::from_secs(2), backoff: 1.0 }
    }
}

/// A tool of the hub: the name it is offered under, and where it lives.
#[derive(Debug, Clone)]
pub struct HubTool {
    /// The name to call it by: the tool's own name, or `<server>__<name>`
    /// when two servers offer a tool of that name.
    pub name: String,
    /// The server that has it.
    pub server: String,
    /// The tool as its server lists it.
    pub tool: Tool,
}

/// Many servers behind one tool list.
pub struct Hub {
    clients: Vec<Client>,
    tools: Vec<HubTool>,
    failures: Vec<Error>,
}

impl Hub {
    /// Connects to every configured server concurrently. A server that
    /// fails (after its retries) is reported in [`Hub::failures`] and the
    /// others carry on.
    pub async fn connect(config: &ServersConfig, options: impl Fn(&str) -> ClientOptions, retry: Retry) -> Hub {
        let attempts = config.servers.iter().map(|(name, entry)| connect_one(name, entry, options(name), retry));
        let mut clients = Vec::new();
        let mut failures = Vec::new();
        for outcome in futures_join_all(attempts).await {
            match outcome {
                Ok(client) => clients.push(client),
                Err(e) => failures.push(e),
            }
        }
        let mut hub = Hub { clients, tools: Vec::new(), failures };
        hub.refresh_tools().await;
        hub
    }

    /// Re-reads every server's tools.
    pub async fn refresh_tools(&mut self) {
        let mut listed = Vec::new();
        for client in &self.clients {
            match client.list_tools().await {
                Ok(tools) => listed.extend(tools.into_iter().map(|t| (client.server_name().to_owned(), t))),
                Err(e) => self.failures.push(e),
            }
        }
        self.tools = listed
            .iter()
            .map(|(server, tool)| {
                let shared = listed.iter().filter(|(_, t)| t.name == tool.name).count() > 1;
                let name = if shared { format!("{server}__{}", tool.name) } else { tool.name.clone() };
                HubTool { name, server: server.clone(), tool: tool.clone() }
            })
            .collect();
    }

    /// The tools of every connected server.
    pub fn tools(&self) -> &[HubTool] {
        &self.tools
    }

    /// The servers that could not be reached, with why.
    pub fn failures(&self) -> &[Error] {
        &self.failures
    }

    /// The connected clients.
    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    /// Calls a tool by its hub name.
    pub async fn call_tool(&self, name: &str, arguments: Value) -> Result<CallToolResult, Error> {
        let (client, tool) = self.route(name)?;
        client.call_tool(tool, arguments).await
    }

    /// Calls a tool by its hub name, reporting its progress notifications.
    pub async fn call_tool_with_progress(
        &self,
        name: &str,
        arguments: Value,
        on_progress: impl Fn(f64, Option<f64>, Option<&str>),
    ) -> Result<CallToolResult, Error> {
        let (client, tool) = self.route(name)?;
        client.call_tool_with_progress(tool, arguments, on_progress).await
    }

    /// The client that serves a hub tool name, and the tool's own name there.
    fn route(&self, name: &str) -> Result<(&Client, &str), Error> {
        let Some(entry) = self.tools.iter().find(|t| t.name == name) else {
            let error = crate::protocol::ErrorObject::invalid_params(format!("no server offers a tool named `{name}`"));
            return Err(Error::Rpc { server: "hub".into(), error });
        };
        let client = self
            .clients
            .iter()
            .find(|c| c.server_name() == entry.server)
            .ok_or_else(|| Error::Closed { server: entry.server.clone(), stderr: String::new() })?;
        Ok((client, &entry.tool.name))
    }

    /// Closes every connection (child processes are shut down).
    pub async fn close(self) {
        for client in self.clients {
            client.close().await;
        }
    }
}

async fn connect_one(name: &str, entry: &ServerEntry, options: ClientOptions, retry: Retry) -> Result<Client, Error> {
    let mut attempt = 1;
    loop {
        let result = match entry {
            ServerEntry::Stdio { command, args, env } => {
                let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                stdio::connect(command, args, &env, options.clone()).await
            }
            ServerEntry::Remote { url, headers, transport } => {
                connect_remote(url, headers, transport, options.clone()).await
            }
        };
        match result {
            Ok(client) => return Ok(client),
            // Retrying would send the user through authorization again.
            Err(e @ Error::Authorization { .. }) => return Err(e),
            Err(e) if attempt >= retry.attempts => return Err(e),
            Err(e) => {
                tracing::warn!("server `{name}`: attempt {attempt} of {} failed: {e}", retry.attempts);
                tokio::time::sleep(retry.wait_after(attempt)).await;
                attempt += 1;
            }
        }
    }
}

#[cfg(feature = "client-http")]
async fn connect_remote(
    url: &str,
    headers: &std::collections::BTreeMap<String, String>,
    transport: &str,
    mut options: ClientOptions,
) -> Result<Client, Error> {
    options.http_headers.extend(headers.iter().map(|(k, v)| (k.clone(), v.clone())));
    match transport {
        "sse" => Client::sse(url, options).await,
        "http" => Client::streamable_http(url, options).await,
        "websocket" | "ws" => Client::websocket(url, options).await,
        _ => Client::connect(url, options).await,
    }
}

#[cfg(not(feature = "client-http"))]
async fn connect_remote(
    url: &str,
    _headers: &std::collections::BTreeMap<String, String>,
    _transport: &str,
    options: ClientOptions,
) -> Result<Client, Error> {
    let detail = format!("cannot connect to {url}: build with the `client-http` feature for HTTP servers");
    Err(Error::Protocol { server: options.server_name, detail })
}

/// Awaits futures concurrently, keeping their order.
async fn futures_join_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (future, output) in pinned.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => done = false,
                }
            }
        }
        if done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_by_the_backoff() {
        let even = Retry::default();
        assert_eq!((even.wait_after(1), even.wait_after(2)), (Duration::from_secs(2), Duration::from_secs(2)));
        let doubling = Retry::new(4, Duration::from_millis(100), 2.0);
        let waits: Vec<u128> = (1..=3).map(|n| doubling.wait_after(n).as_millis()).collect();
        assert_eq!(waits, [100, 200, 400]);
    }
}
