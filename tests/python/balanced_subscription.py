"""Subscribe to a resource through a load balancer with the official MCP
Python SDK (session era), post six bulletins (each may run on another
instance), and count the `notifications/resources/updated` that arrive on
the session's stream, wherever it is open.

Usage: python balanced_subscription.py URL
Prints `updates: N` (N is 6 when every instance's update arrived).
"""

import asyncio
import sys

from mcp import Client

POSTS = 6


async def main(url: str) -> None:
    updates = []
    arrived = asyncio.Event()

    async def on_message(message) -> None:
        if "bulletin://latest" in repr(message):
            updates.append(message)
            if len(updates) >= POSTS:
                arrived.set()

    async with Client(url, mode="legacy", message_handler=on_message) as client:
        await client.subscribe_resource("bulletin://latest")
        await asyncio.sleep(0.5)
        for n in range(POSTS):
            result = await client.call_tool("post", {"text": f"bulletin {n}"})
            if result.is_error:
                raise SystemExit(f"post failed: {result}")
        try:
            await asyncio.wait_for(arrived.wait(), timeout=15)
        except asyncio.TimeoutError:
            pass
        print(f"updates: {len(updates)}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
