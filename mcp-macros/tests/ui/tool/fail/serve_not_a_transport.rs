use mcp_runtime::prelude::*;

async fn serve() -> std::io::Result<()> {
    Server::new("nowhere").serve(8080).await
}

fn main() {
    let _ = serve();
}
