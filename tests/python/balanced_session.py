"""Drive the quickstart example through a load balancer with the official
MCP Python SDK in the session era (the initialize handshake): every request
of the session may reach another instance.

Usage: python balanced_session.py URL
Prints what it saw, one line per step.
"""

import asyncio
import sys

from mcp import Client


async def main(url: str) -> None:
    async with Client(url, mode="legacy") as client:
        tools = sorted(t.name for t in (await client.list_tools()).tools)
        print(f"tools: {' '.join(tools)}", flush=True)
        sums = []
        for a in range(6):
            result = await client.call_tool("add_numbers", {"a": a, "b": 1})
            sums.append(result.structured_content["result"])
        print(f"sums: {sums}", flush=True)
        text = (await client.read_resource("greeting://hello")).contents[0].text
        print(f"greeting: {text}", flush=True)
        await client.set_logging_level("debug")
        print("log level: set", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
