//! [`Client::memory`]: a server served in this process with a client
//! connected to it. It joins the client, the server and the in-memory
//! transport, so it sits above all three.

use crate::client::{Client, ClientOptions, Error};

impl Client {
    /// Serves `server` in this process and connects to it: the way to test a server.
    pub async fn memory(server: crate::server::Server, options: ClientOptions) -> Result<Client, Error> {
        let (transport, memory) = crate::transport::memory::channel();
        tokio::spawn(server.serve(transport));
        let (to_server, mut from_server) = memory.into_parts();
        let (frames, incoming) = crate::client::incoming_channel();
        tokio::spawn(async move {
            while let Some(frame) = from_server.recv().await {
                if frames.send(frame).await.is_err() {
                    break;
                }
            }
        });
        let (out, mut out_rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
        tokio::spawn(async move {
            while let Some(frame) = out_rx.recv().await {
                if to_server.send(frame).await.is_err() {
                    break;
                }
            }
        });
        Client::attach(out, incoming, options).await
    }
}
