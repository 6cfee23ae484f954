"""`qbo-sandbox snapshot save|restore FILE` and `qbo-sandbox reset`: a running sandbox's tenant state.

For sales engineers who save a demo state once and restore it before each demo. Both talk to
a sandbox that is already running (`qbo-sandbox serve`), through SandboxApi.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbo_sandbox.commands import running
from qbo_sandbox.commands.running import CommandError

if TYPE_CHECKING:
    from scenarios.api import SandboxApi


def main(args: argparse.Namespace) -> int:
    what = "the reset" if args.command == "reset" else f"the {args.action}"
    return running.run(args, what, lambda api: _run(api, args))


SNAPSHOTS = Path(".sandbox") / "snapshots"  # where a bare file name goes: git ignores .sandbox/


def snapshot_path(file: str) -> Path:
    """A bare name ("demo.json") means SNAPSHOTS/demo.json; a path ("./demo.json", "out/demo.json",
    a name that starts with a dot) is taken as it is. Decided on what was typed: Path("./demo.json")
    is Path("demo.json")."""
    if file.startswith(".") or any(sep in file for sep in (os.sep, os.altsep) if sep):
        return Path(file)
    return SNAPSHOTS / file


def _run(api: SandboxApi, args: argparse.Namespace) -> str:
    tenant = f"tenant {args.api_key!r}"
    if args.command != "reset":
        args.file = snapshot_path(args.file)
    if args.command == "reset":
        api.reset()
        return f"Reset {tenant}: the provider and QuickBooks are empty."
    if args.action == "save":
        snapshot = api.snapshot()
        _write(args.file, snapshot)
        return f"Saved {tenant} to {args.file}: {_contents(snapshot)}."
    snapshot = _read(args.file)
    try:
        api.restore(snapshot)
    except ValueError as exc:  # not a combined snapshot
        raise CommandError(f"{args.file}: {exc}") from None
    return f"Restored {args.file} into {tenant}: {_contents(snapshot)}."


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
