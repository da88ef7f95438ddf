"""Drive the interactive example with the official MCP Python SDK, once with
the initialize handshake and once in 2026-07-28 mode (server/discover), using
the SDK's own elicitation and sampling callbacks.

Usage: python both_eras_interactive.py PATH_TO_INTERACTIVE_BINARY
"""

import asyncio
import sys

from mcp import Client, StdioServerParameters, types


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"python-sdk interop FAILED: {message}")


async def on_elicit(context, params):
    check("What can I get you?" in params.message, f"elicitation message {params.message!r}")
    return types.ElicitResult(action="accept", content={"name": "Ada", "size": "large"})


async def on_sample(context, params):
    prompt = params.messages[0].content.text
    check("haiku about rust" in prompt, f"sampling prompt {prompt!r}")
    return types.CreateMessageResult(
        role="assistant",
        content=types.TextContent(type="text", text="Iron learns to bend"),
        model="scripted-model",
        stop_reason="endTurn",
    )


def text_of(result) -> str:
    return result.content[0].text


async def run(binary: str, mode: str) -> str:
    server = StdioServerParameters(command=binary, args=[])
    async with Client(server, mode=mode, elicitation_callback=on_elicit, sampling_callback=on_sample) as client:
        coffee = await client.call_tool("order_coffee", {})
        check(text_of(coffee) == "a large coffee for ada.", f"{mode}: order_coffee {coffee}")
        poem = await client.call_tool("write_poem", {"topic": "rust"})
        check(text_of(poem) == "Iron learns to bend", f"{mode}: write_poem {poem}")
        return getattr(client, "protocol_version", None) or "?"


async def main(binary: str) -> None:
    for mode in ["legacy", "auto"]:
        version = await run(binary, mode)
        print(f"python-sdk {mode} mode ok (protocol {version})")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
