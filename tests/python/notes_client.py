"""Drive the notes example with the official MCP Python SDK, in both eras:
the initialize handshake (mode "legacy") and 2026-07-28 (mode "auto").
Add a note, read notes://{id}, get the summarize_notes prompt, delete the
note, and get not-found for it.

Usage: python notes_client.py stdio PATH_TO_NOTES_BINARY
       python notes_client.py http URL
"""

import asyncio
import sys

from mcp import Client, MCPError, StdioServerParameters


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"python-sdk notes FAILED: {message}")


async def exercise(target, mode: str) -> str:
    async with Client(target, mode=mode) as client:
        names = sorted(t.name for t in (await client.list_tools()).tools)
        check(names == ["add_note", "count_notes", "delete_note", "search_notes"], f"{mode}: tools {names}")
        added = await client.call_tool("add_note", {"title": "Borrowing", "body": "rust checks lifetimes"})
        note_id = added.structured_content["result"]
        text = (await client.read_resource(f"notes://{note_id}")).contents[0].text
        check(text == "# Borrowing\n\nrust checks lifetimes", f"{mode}: notes://{note_id} is {text!r}")
        found = await client.call_tool("search_notes", {"query": "rust"})
        check(found.structured_content["result"] == [{"id": note_id, "title": "Borrowing"}], f"{mode}: search {found}")
        prompt = await client.get_prompt("summarize_notes", {"topic": "rust"})
        quoted = prompt.messages[0].content.text
        check("> Borrowing: rust checks lifetimes" in quoted, f"{mode}: prompt {quoted!r}")
        deleted = await client.call_tool("delete_note", {"id": note_id})
        check(deleted.content[0].text == f"deleted note {note_id} (Borrowing)", f"{mode}: delete {deleted}")
        try:
            gone = await client.read_resource(f"notes://{note_id}")
            raise SystemExit(f"python-sdk notes FAILED: {mode}: a deleted note was read: {gone}")
        except MCPError as error:
            code = error.error.code
            check(code in (-32002, -32602), f"{mode}: not-found code {code}")
            check((error.error.data or {}).get("uri") == f"notes://{note_id}", f"{mode}: not-found data {error.error}")
        return f"{getattr(client, 'protocol_version', None) or '?'}, not-found {code}"


async def main(kind: str, target: str) -> None:
    for mode in ["legacy", "auto"]:
        connect = StdioServerParameters(command=target, args=[]) if kind == "stdio" else target
        outcome = await exercise(connect, mode)
        print(f"notes {kind} {mode} ok ({outcome})")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
