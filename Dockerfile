# One example server in a small image: built in a full Rust image, shipped
# in distroless (glibc, no shell), as a non-root user.
#
#   docker build -t mcp-quickstart --build-arg EXAMPLE=quickstart .
#   docker run --rm -p 8000:8000 mcp-quickstart
#
# Every flag has an MCP_* variable (see `--help`); the image serves
# Streamable HTTP, legacy SSE and WebSocket on 0.0.0.0:8000. Clients that
# use an IP address or localhost are served; name the host names they use
# (behind a proxy, say): docker run -e MCP_ALLOWED_HOSTS=mcp.example.com ...
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
ARG EXAMPLE=quickstart
RUN cargo build --release --locked -p examples --example "${EXAMPLE}" \
    && cp "target/release/examples/${EXAMPLE}" /server

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /server /server
ENV MCP_TRANSPORT=http MCP_HOST=0.0.0.0 MCP_PORT=8000
EXPOSE 8000
ENTRYPOINT ["/server"]
