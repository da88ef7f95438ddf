"""Seed 004's remote client, with the seed's SDK version (mcp 1.4.x): over
WebSocket, list the tools, call add_numbers(5, 3), and read the greeting.
Usage: python seed_websocket_client.py ws://HOST:PORT
"""

import asyncio
import sys

from mcp import ClientSession
from mcp.client.websocket import websocket_client


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"seed websocket client FAILED: {message}")


async def main(url: str) -> None:
    async with websocket_client(url) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            names = [tool.name for tool in tools.tools]
            check(names == ["add_numbers"], f"tools {names}")
            result = await session.call_tool("add_numbers", {"a": 5, "b": 3})
            check(result.content[0].text == "8", f"add_numbers {result}")
            greeting = await session.read_resource("greeting://hello")
            text = greeting.contents[0].text
            check(text == "Hello from Remote MCP Server!", f"greeting {text!r}")
            print(f"seed websocket client ok: {names}, 5 + 3 = 8, {text}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
