"""Drive the interactive example through a load balancer with the official
MCP Python SDK. In 2026-07-28 mode ("auto") each elicitation or sampling
round is a new request, which the balancer may send to another instance; in
the session era ("legacy") the tool's stream asks, and the answer is a POST
that may reach another instance than the one waiting for it.

Usage: python balanced_interactive.py URL [auto|legacy]
Prints one line per tool: its answer, or the error it got.
"""

import asyncio
import sys

from mcp import Client, types


async def on_elicit(context, params):
    return types.ElicitResult(action="accept", content={"name": "Ada", "size": "large"})


async def on_sample(context, params):
    return types.CreateMessageResult(
        role="assistant",
        content=types.TextContent(type="text", text="Iron learns to bend"),
        model="scripted-model",
        stop_reason="endTurn",
    )


async def main(url: str, mode: str) -> None:
    async with Client(url, mode=mode, elicitation_callback=on_elicit, sampling_callback=on_sample) as client:
        for name, arguments in [("order_coffee", {}), ("write_poem", {"topic": "rust"}), ("order_coffee", {})]:
            try:
                result = await asyncio.wait_for(client.call_tool(name, arguments), 30)
                print(f"{name}: {result.content[0].text}", flush=True)
            except Exception as error:  # the test reads what went wrong
                print(f"{name}: error: {error!r}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "auto"))
