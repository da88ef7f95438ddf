"""A server written with the official MCP Python SDK (MCPServer), for testing
our client against a peer nobody here wrote.
Usage: python sdk_server.py [--transport stdio|sse|streamable-http] [--port N]
"""

import argparse

from mcp.server.mcpserver import MCPServer

mcp = MCPServer("PythonSDKServer")


@mcp.tool()
def add_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b


@mcp.tool()
def shout(text: str) -> str:
    """Upper-case a text."""
    return text.upper()


@mcp.resource("greeting://hello")
def greeting() -> str:
    """A static greeting."""
    return "Hello from the Python SDK!"


@mcp.prompt()
def summarize(text: str) -> str:
    """Ask for a summary."""
    return f"Please summarize: {text}"


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--transport", default="stdio", choices=["stdio", "sse", "streamable-http"])
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args()
    if options.transport == "stdio":
        mcp.run()
    else:
        mcp.run(options.transport, port=options.port)
