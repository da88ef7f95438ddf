"""Call a slow tool through a balancer that cuts quiet responses off, with
the official MCP Python SDK in the session era: each time the stream is
cut, the SDK resumes it with Last-Event-ID, and the balancer sends that GET
to another instance than the one running the tool.

Usage: python balanced_resumption.py URL
Prints the distinct progress steps it saw, in order, then the tool's answer.
(When a resumed stream is cut off mid-body, the SDK resumes again from the
Last-Event-ID it resumed with before, so it may see an event twice.)
"""

import asyncio
import sys

from mcp import Client


async def main(url: str) -> None:
    seen = []

    async def on_progress(progress, total, message):
        seen.append(message or "")

    async with Client(url, mode="legacy") as client:
        arguments = {"steps": 3, "pause_ms": 1500}
        call = client.call_tool("slow_steps", arguments, progress_callback=on_progress)
        result = await asyncio.wait_for(call, 60)
        steps = list(dict.fromkeys(message.split(" on ")[0] for message in seen))
        print(f"progress: {', '.join(steps)}", flush=True)
        print(f"result: {result.content[0].text}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
