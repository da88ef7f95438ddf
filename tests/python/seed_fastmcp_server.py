"""The seed's FastMCP server.py on the SDK the seed used (mcp 1.4.1, in
.venv-seed): a server from before 2026-07-28, which exits on a method it does
not know. Usage: python seed_fastmcp_server.py
"""

from mcp.server.fastmcp import FastMCP

mcp = FastMCP("SeedServer")


@mcp.tool()
def add_numbers(a: int, b: int) -> int:
    """Add two numbers together."""
    return a + b


if __name__ == "__main__":
    mcp.run()
