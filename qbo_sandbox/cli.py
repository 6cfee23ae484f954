"""The `qbo-sandbox` command: every subcommand and its options, declared here; each runs from its
module in qbo_sandbox/commands/. `serve` runs both apps in one process; `scenario`, `seed`,
`snapshot` and `reset` talk to a running sandbox and load neither app, so they start in a
fraction of `serve`'s time."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from qbo_sandbox.config import ConfigError, add_serve_options, resolve
from sandbox.version import VERSION

PROVIDER_URL = "http://127.0.0.1:8000"
DEMO_API_KEY = "demo"  # the tenant that demos, the dashboard and "Create a sandbox company" use by default


def _running_sandbox(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--api-key", default=DEMO_API_KEY, help="the tenant (default %(default)r)")
    parser.add_argument("--provider-url", default=PROVIDER_URL, help="the running provider (default %(default)s)")
    parser.add_argument("--qbo-url", help="the running QBO emulator (default: where the provider's health says)")
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qbo-sandbox", description="QuickBooks Online Bank Feeds sandbox")
    parser.add_argument("--version", action="version", version=f"qbo-sandbox {VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve",
        help="run the provider (Codat API, Link UI) and the QBO emulator",
        description="Each option can also be set by the QBO_SANDBOX_ variable named after it (shown in "
        "brackets); the flag wins.",
    )
    add_serve_options(serve)

    scenario = commands.add_parser("scenario", help="list or run the named scenarios")
    actions = scenario.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="print the scenario catalogue")
    run = actions.add_parser("run", help="run one scenario in a real browser")
    run.add_argument("name", help="a name from `qbo-sandbox scenario list`")
    run.add_argument("--headed", action="store_true", help="show the browser window")
    run.add_argument("--slow-mo", type=int, default=0, metavar="MS", help="pause between browser actions")
    run.add_argument("--lang", choices=["en", "fr"], help="the language of the pages (default: the scenario's)")
    run.add_argument("--video", type=Path, metavar="DIR", help="record a video into DIR")
    run.add_argument("--trace", type=Path, metavar="FILE", help="write a Playwright trace (always kept on failure)")
    run.add_argument("--screenshots", type=Path, metavar="DIR", help="a screenshot after every step")
    run.add_argument("--provider-url", help="use a running sandbox's provider instead of starting one")
    run.add_argument("--qbo-url", help="its QBO emulator (default: where the provider's health says)")
    run.add_argument("--api-key", help="the tenant to use (default: a fresh one)")
    run.add_argument("--demo", action="store_true", help="headed and slow where there is a display, else recorded")

    seed = commands.add_parser("seed", help="fill a running sandbox with demo data")
    kinds = seed.add_subparsers(dest="kind", required=True)
    demo = _running_sandbox(
        kinds.add_parser(
            "demo",
            help="a company, a linked connection with three accounts, a QBO company and 7 days of transactions",
        )
    )
    demo.add_argument("--seed", type=int, default=1, help="the same seed gives the same data (default 1)")
    demo.add_argument("--locale", choices=["en", "fr"], default="en", help="the QBO user's language")
    demo.add_argument("--view", choices=["accounting", "business"], default="accounting", help="the QBO view")
    demo.add_argument("--json", action="store_true", help="print the control's JSON answer instead")

    snapshot = commands.add_parser("snapshot", help="save or restore a tenant's whole state (both apps)")
    steps = snapshot.add_subparsers(dest="action", required=True)
    helps = {"save": "write the tenant's state to FILE", "restore": "replace the tenant's state with FILE's"}
    for action, text in helps.items():  # FILE stays a str: state.snapshot_path reads it as it was typed
        _running_sandbox(steps.add_parser(action, help=text)).add_argument("file", metavar="FILE")
    _running_sandbox(commands.add_parser("reset", help="empty a tenant in both apps"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "serve":
        from qbo_sandbox.commands import serve

        try:
            config = resolve(args, os.environ)
        except ConfigError as exc:
            print(f"qbo-sandbox: {exc}", file=sys.stderr)
            return 2
        return serve.main(config)
    if args.command == "scenario":
        from qbo_sandbox.commands import scenario  # Playwright loads only for scenarios

        return scenario.main(args)
    if args.command == "seed":
        from qbo_sandbox.commands import seed

        return seed.main(args)
    from qbo_sandbox.commands import state  # snapshot and reset: argparse has refused anything else

    return state.main(args)
