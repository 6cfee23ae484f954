"""What the commands that talk to a running sandbox share: one SandboxApi for the tenant, opened once
the sandbox answers, and every failure said in one line on stderr (exit 1)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from scenarios.api import SandboxApi


class CommandError(Exception):
    """Printed as one line on stderr; the command exits 1."""


def run(args: argparse.Namespace, what: str, command: Callable[[SandboxApi], str]) -> int:
    """Runs `command` against the sandbox that args name (--provider-url, --qbo-url, --api-key), and
    prints what it returns; `what` names the action in a refusal ("the seed", "the restore")."""
    from scenarios.api import SandboxApiError

    try:
        with _opened(args) as api:
            try:
                print(command(api), flush=True)
            except SandboxApiError as exc:
                raise CommandError(refusal(exc.response, what)) from None
            except httpx.HTTPError as exc:
                raise CommandError(f"the sandbox stopped answering ({exc}).") from None
    except CommandError as exc:
        print(f"qbo-sandbox: {exc}", file=sys.stderr)
        return 1
    return 0


def _opened(args: argparse.Namespace) -> SandboxApi:
    """The tenant's SandboxApi, once both apps answer; CommandError says where nothing does."""
    from scenarios.api import SandboxApi
    from scenarios.sandbox import SandboxUnreachable

    try:
        provider_url, qbo_url = urls(args)
        api = SandboxApi(provider_url, qbo_url, args.api_key, timeout=60.0)
        try:
            api.check_running()
        except SandboxUnreachable:
            api.close()
            raise
    except SandboxUnreachable as exc:
        raise CommandError(
            f"no sandbox answers at {exc.url}; start one with `qbo-sandbox serve` (or `make run`), "
            "or name it with --provider-url and --qbo-url."
        ) from None
    return api


def urls(args: argparse.Namespace) -> tuple[str, str]:
    """The provider's URL, and the QBO emulator's: --qbo-url, else the one the provider's health names."""
    from scenarios.sandbox import connect

    provider_url = args.provider_url.rstrip("/")
    if args.qbo_url:
        return provider_url, args.qbo_url.rstrip("/")
    return provider_url, connect(provider_url, timeout=5.0).qbo_url


def refusal(response: httpx.Response, what: str) -> str:
    try:
        reason = str(response.json()["error"])
    except (ValueError, KeyError, TypeError):
        reason = response.text[:200] or response.reason_phrase
    if response.status_code == 401:
        return f"the sandbox refused the API key: {reason}"
    return f"the sandbox refused {what} ({response.status_code}): {reason}"
