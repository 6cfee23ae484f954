"""`qbo-sandbox snapshot save|restore FILE` and `qbo-sandbox reset`: a running sandbox's tenant state.

For sales engineers who save a demo state once and restore it before each demo. Both talk to
a sandbox that is already running (`qbo-sandbox serve`), through SandboxApi.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from scenarios.api import SandboxApi

# The key of the tenant that demos, the dashboard and "Create a sandbox company" use by default.
DEFAULT_API_KEY = "demo"


class CommandError(Exception):
    """Printed as one line on stderr; the command exits 1."""


def add_arguments(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    snapshot = commands.add_parser("snapshot", help="save or restore a tenant's whole state (both apps)")
    actions = snapshot.add_subparsers(dest="action", required=True)
    helps = {"save": "write the tenant's state to FILE", "restore": "replace the tenant's state with FILE's"}
    for action, text in helps.items():
        _connection_options(actions.add_parser(action, help=text)).add_argument("file", type=Path, metavar="FILE")
    _connection_options(commands.add_parser("reset", help="empty a tenant in both apps"))


def _connection_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the tenant (%(default)s)")
    parser.add_argument("--provider-url", default="http://127.0.0.1:8000", help="the running provider (%(default)s)")
    parser.add_argument("--qbo-url", default="http://127.0.0.1:8001", help="the running QBO emulator (%(default)s)")
    return parser


def main(args: argparse.Namespace) -> int:
    from scenarios.api import SandboxApi

    provider_url, qbo_url = args.provider_url.rstrip("/"), args.qbo_url.rstrip("/")
    try:
        with SandboxApi(provider_url, qbo_url, args.api_key, timeout=60.0) as api:
            _check_running(api)
            print(_run(api, args), flush=True)
    except CommandError as exc:
        print(f"qbo-sandbox: {exc}", file=sys.stderr)
        return 1
    return 0


SNAPSHOTS = Path(".sandbox") / "snapshots"  # where a bare file name goes: git ignores .sandbox/


def snapshot_path(file: Path) -> Path:
    """A bare name ("demo.json") means SNAPSHOTS/demo.json; a path with a folder is taken as it is."""
    return SNAPSHOTS / file if str(file) == file.name else file


def _run(api: SandboxApi, args: argparse.Namespace) -> str:
    from scenarios.api import SandboxApiError

    tenant = f"tenant {args.api_key!r}"
    what = "the reset" if args.command == "reset" else f"the {args.action}"
    if args.command != "reset":
        args.file = snapshot_path(args.file)
    try:
        if args.command == "reset":
            api.reset()
            return f"Reset {tenant}: the provider and QuickBooks are empty."
        if args.action == "save":
            snapshot = api.snapshot()
            _write(args.file, snapshot)
            return f"Saved {tenant} to {args.file}: {_contents(snapshot)}."
        snapshot = _read(args.file)
        api.restore(snapshot)
        return f"Restored {args.file} into {tenant}: {_contents(snapshot)}."
    except SandboxApiError as exc:
        raise CommandError(_refusal(exc.response, what)) from None
    except httpx.HTTPError as exc:
        raise CommandError(f"the sandbox stopped answering ({exc}).") from None
    except ValueError as exc:  # not a combined snapshot
        raise CommandError(f"{args.file}: {exc}") from None


def _check_running(api: SandboxApi) -> None:
    for client in (api.http, api.qbo):
        try:
            client.get("/_sandbox/health", timeout=5.0).raise_for_status()
        except httpx.HTTPError:
            raise CommandError(
                f"no sandbox answers at {client.base_url}; start one with `qbo-sandbox serve`, "
                "or name it with --provider-url and --qbo-url."
            ) from None


def _refusal(response: httpx.Response, what: str) -> str:
    try:
        reason = str(response.json()["error"])
    except (ValueError, KeyError, TypeError):
        reason = response.text[:200] or response.reason_phrase
    if response.status_code == 401:
        return f"the sandbox refused the API key: {reason}"
    return f"the sandbox refused {what} ({response.status_code}): {reason}"


def _contents(snapshot: dict[str, Any]) -> str:
    companies = len(snapshot["provider"]["tables"].get("companies", []))
    realms = len(snapshot["qbo"]["tables"].get("realms", []))
    return f"{_count(companies, 'company')}, {_count(realms, 'QuickBooks company')}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun.removesuffix('y')}ies"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}.") from None
    except (ValueError, UnicodeDecodeError):
        raise CommandError(f"{path} is not JSON: not a file that `qbo-sandbox snapshot save` wrote.") from None
    if not isinstance(data, dict) or not all(isinstance(data.get(app), dict) for app in ("provider", "qbo")):
        raise CommandError(f"{path} is not a sandbox snapshot: it needs a 'provider' and a 'qbo' part.")
    return data


def _write(path: Path, snapshot: dict[str, Any]) -> None:
    """Writes beside the file, then renames: a failed save never spoils a demo state saved before."""
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps(snapshot, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CommandError(f"cannot write {path}: {exc.strerror}.") from None
