"""Log in to a protected MCP server with the official Python SDK's OAuth
provider, in both eras, and call its tools with the token.

The authorization server approves at once: the redirect handler fetches the
authorization URL without following its redirect and hands the code in its
Location to the callback handler, as a browser and a redirect listener would.

Usage: python oauth_client.py URL
Prints one line per era: the `whoami` answer.
"""

import asyncio
import sys
from urllib.parse import parse_qs, urlparse

import httpx2
from mcp import Client
from mcp.client.auth import OAuthClientProvider, TokenStorage
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata

REDIRECT_URI = "http://127.0.0.1:9/callback"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"python-sdk oauth FAILED: {message}")


class MemoryStorage(TokenStorage):
    def __init__(self):
        self.tokens = None
        self.client_info = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client_info

    async def set_client_info(self, client_info):
        self.client_info = client_info


class Browser:
    """Opens the authorization URL and keeps what the redirect carries."""

    def __init__(self):
        self.query = {}

    async def open(self, url: str) -> None:
        async with httpx2.AsyncClient(follow_redirects=False) as http:
            reply = await http.get(url)
        check(reply.status_code == 302, f"the authorization page answered {reply.status_code}: {reply.text}")
        location = reply.headers["location"]
        check(location.startswith(REDIRECT_URI), f"redirected to {location}")
        self.query = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}

    async def callback(self) -> AuthorizationCodeResult:
        return AuthorizationCodeResult(code=self.query["code"], state=self.query.get("state"), iss=self.query.get("iss"))


async def exercise(url: str, mode: str) -> str:
    browser = Browser()
    provider = OAuthClientProvider(
        server_url=url,
        client_metadata=OAuthClientMetadata(
            client_name="python-sdk oauth test",
            redirect_uris=[REDIRECT_URI],
            grant_types=["authorization_code", "refresh_token"],
            response_types=["code"],
            token_endpoint_auth_method="none",
        ),
        storage=MemoryStorage(),
        redirect_handler=browser.open,
        callback_handler=browser.callback,
    )
    async with httpx2.AsyncClient(auth=provider, timeout=30) as http:
        async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:
            who = (await client.call_tool("whoami", {})).content[0].text
            added = await client.call_tool("add_note", {"text": f"from python ({mode})"})
            check(not added.is_error, f"{mode}: add_note {added}")
            listed = await client.call_tool("list_notes", {})
            check(f"from python ({mode})" in str(listed.structured_content), f"{mode}: list_notes {listed}")
            text = (await client.read_resource("board://notes")).contents[0].text
            check(f"from python ({mode})" in text, f"{mode}: board://notes {text!r}")
            return who


async def main(url: str) -> None:
    for mode in ("legacy", "auto"):
        print(f"{mode}: {await exercise(url, mode)}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
