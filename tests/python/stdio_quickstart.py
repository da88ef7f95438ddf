"""Drive the quickstart example with the official MCP Python SDK over stdio.

Usage: python stdio_quickstart.py PATH_TO_QUICKSTART_BINARY
Exits non-zero with a message on the first mismatch.
"""

import asyncio
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"python-sdk interop FAILED: {message}")


async def main(binary: str) -> None:
    params = StdioServerParameters(command=binary, args=[])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            check(init.server_info.name == "SimpleServer", f"server name {init.server_info.name!r}")
            check(init.capabilities.tools is not None, "tools capability missing")

            tools = (await session.list_tools()).tools
            names = [tool.name for tool in tools]
            check(names == ["add_numbers", "get_current_time", "long_task"], f"tool names {names}")
            schema = tools[0].input_schema
            check(schema["type"] == "object", f"schema type {schema}")
            check(schema["properties"]["a"]["type"] == "integer", f"a: {schema['properties']['a']}")
            check(schema["properties"]["b"]["type"] == "integer", f"b: {schema['properties']['b']}")
            check(sorted(schema["required"]) == ["a", "b"], f"required {schema.get('required')}")

            result = await session.call_tool("add_numbers", {"a": 5, "b": 3})
            check(not result.is_error, f"add_numbers failed: {result}")
            check(result.content[0].text == "8", f"content {result.content}")
            check(result.structured_content == {"result": 8}, f"structured {result.structured_content}")

            bad = await session.call_tool("add_numbers", {"a": "five", "b": 3})
            check(bad.is_error, f"bad arguments were not an error: {bad}")
            check("`a`" in bad.content[0].text, f"error does not name the field: {bad.content[0].text}")

            resources = (await session.list_resources()).resources
            check([str(r.uri) for r in resources] == ["greeting://hello"], f"resources {resources}")
            greeting = await session.read_resource("greeting://hello")
            check(greeting.contents[0].text == "Hello from MCP Server!", f"greeting {greeting}")

            templates = (await session.list_resource_templates()).resource_templates
            check([t.uri_template for t in templates] == ["weather://{city}/current"], f"templates {templates}")
            weather = await session.read_resource("weather://Paris/current")
            check('"city":"Paris"' in weather.contents[0].text, f"weather {weather}")

            prompts = (await session.list_prompts()).prompts
            check([p.name for p in prompts] == ["summarize"], f"prompts {prompts}")
            check(prompts[0].arguments[0].name == "text" and prompts[0].arguments[0].required, f"{prompts[0]}")
            rendered = await session.get_prompt("summarize", {"text": "MCP in one line"})
            check(rendered.messages[0].role == "user", f"prompt {rendered}")
            check(rendered.messages[0].content.text.endswith("MCP in one line"), f"prompt {rendered}")

            await session.send_ping()
            print(f"python-sdk interop ok: tools={names}, 5 + 3 = {result.content[0].text}, "
                  f"{greeting.contents[0].text!r}, prompt rendered")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
