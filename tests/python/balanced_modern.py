"""Drive three instances behind a load balancer with the official MCP Python
SDK in 2026-07-28 mode: progress on a call, and a `subscriptions/listen`
stream on one instance that hears resource updates raised by posts the
balancer spreads over all three.

Usage: python balanced_modern.py URL
Prints `progress: N`, then `listen updates: N` (6 when every instance's
update arrived).
"""

import asyncio
import sys

from mcp import Client

POSTS = 6


async def count_updates(sub, updates: list, arrived: asyncio.Event) -> None:
    async for event in sub:
        if "bulletin://latest" in repr(event):
            updates.append(event)
            if len(updates) >= POSTS:
                arrived.set()
                return


async def main(url: str) -> None:
    steps = []

    async def on_progress(progress, total, message):
        steps.append(progress)

    async with Client(url, mode="auto") as client:
        result = await client.call_tool("slow_steps", {"steps": 3, "pause_ms": 20}, progress_callback=on_progress)
        if result.is_error:
            raise SystemExit(f"slow_steps failed: {result}")
        print(f"progress: {len(steps)}", flush=True)

        updates = []
        arrived = asyncio.Event()
        async with client.listen(resource_subscriptions=["bulletin://latest"]) as sub:
            reader = asyncio.create_task(count_updates(sub, updates, arrived))
            for n in range(POSTS):
                posted = await client.call_tool("post", {"text": f"bulletin {n}"})
                if posted.is_error:
                    raise SystemExit(f"post failed: {posted}")
            try:
                await asyncio.wait_for(arrived.wait(), timeout=15)
            except asyncio.TimeoutError:
                pass
            reader.cancel()
        print(f"listen updates: {len(updates)}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
