"""The seed's chat-host connection code, reduced to its MCP part: connect
over legacy SSE with the seed's SDK version (mcp 1.4.x), list tools and call
one. Usage: python seed_sse_client.py http://127.0.0.1:PORT/sse
"""

import asyncio
import sys

from mcp import ClientSession
from mcp.client.sse import sse_client


async def main(url: str) -> None:
    async with sse_client(url) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            names = [tool.name for tool in tools.tools]
            if names != ["fetch", "weather", "calculate"]:
                raise SystemExit(f"seed sse client FAILED: tools {names}")
            result = await session.call_tool("calculate", {"num1": 2, "num2": 40})
            text = result.content[0].text
            if text != "结果: 42":
                raise SystemExit(f"seed sse client FAILED: calculate {text!r}")
            print(f"seed sse client ok: {names}, {text}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
