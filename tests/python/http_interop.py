"""The official MCP Python SDK against our HTTP transports.

Usage: python http_interop.py streamable URL      (quickstart: list, call, read, prompt; both eras)
       python http_interop.py interactive URL     (interactive: elicitation and sampling; both eras)
       python http_interop.py sse URL             (website_fetcher over legacy SSE, with sse_client)
       python http_interop.py tasks URL           (conformance: task tools, from a client without the extension)
"""

import asyncio
import sys

from mcp import ClientSession, Client, types
from mcp.client.sse import sse_client


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"python-sdk http interop FAILED: {message}")


async def streamable(url: str) -> None:
    for mode in ["legacy", "auto"]:
        async with Client(url, mode=mode) as client:
            names = [t.name for t in (await client.list_tools()).tools]
            check("add_numbers" in names, f"{mode}: tools {names}")
            result = await client.call_tool("add_numbers", {"a": 5, "b": 3})
            check(result.content[0].text == "8", f"{mode}: add_numbers {result}")
            greeting = await client.read_resource("greeting://hello")
            check(greeting.contents[0].text == "Hello from MCP Server!", f"{mode}: greeting {greeting}")
            prompt = await client.get_prompt("summarize", {"text": "over HTTP"})
            check(prompt.messages[0].content.text.endswith("over HTTP"), f"{mode}: prompt {prompt}")
            print(f"streamable http {mode} ok")


async def on_elicit(context, params):
    return types.ElicitResult(action="accept", content={"name": "Ada", "size": "small"})


async def on_sample(context, params):
    return types.CreateMessageResult(
        role="assistant", content=types.TextContent(type="text", text="Wires hum softly"), model="m", stop_reason="endTurn"
    )


async def interactive(url: str) -> None:
    for mode in ["legacy", "auto"]:
        async with Client(url, mode=mode, elicitation_callback=on_elicit, sampling_callback=on_sample) as client:
            coffee = await client.call_tool("order_coffee", {})
            check(coffee.content[0].text == "a small coffee for ada.", f"{mode}: {coffee}")
            poem = await client.call_tool("write_poem", {"topic": "networks"})
            check(poem.content[0].text == "Wires hum softly", f"{mode}: {poem}")
            print(f"interactive http {mode} ok")


async def sse(url: str) -> None:
    async with sse_client(url) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            names = [t.name for t in (await session.list_tools()).tools]
            check(names == ["fetch", "weather", "calculate"], f"sse tools {names}")
            result = await session.call_tool("calculate", {"num1": 5, "num2": 3})
            check(result.content[0].text == "结果: 8", f"sse calculate {result}")
            print("legacy sse ok")


async def tasks(url: str) -> None:
    """The SDK does not declare the Tasks extension: a task-optional tool is
    answered directly, a task-required one refuses with -32021."""
    for mode in ["legacy", "auto"]:
        async with Client(url, mode=mode) as client:
            direct = await client.call_tool("slow_compute", {"seconds": 1, "label": "sdk"})
            check(direct.content[0].text == "sdk computed in 1 s", f"{mode}: slow_compute {direct}")
            try:
                refused = await client.call_tool("failing_job", {})
                check(False, f"{mode}: failing_job answered {refused}")
            except Exception as error:
                code = getattr(getattr(error, "error", None), "code", None)
                data = getattr(getattr(error, "error", None), "data", None) or {}
                needed = data.get("requiredCapabilities", {}).get("extensions", {})
                check(code == -32021, f"{mode}: failing_job error {error!r}")
                check("io.modelcontextprotocol/tasks" in needed, f"{mode}: failing_job data {data}")
            print(f"tasks {mode} ok")


if __name__ == "__main__":
    kind, url = sys.argv[1], sys.argv[2]
    jobs = {"streamable": streamable, "interactive": interactive, "sse": sse, "tasks": tasks}
    asyncio.run(jobs[kind](url))
