"""The `qbo-sandbox` command: `serve` runs both apps in one process; `scenario`, `seed`, `snapshot`
and `reset` talk to a running sandbox, so they load neither app (they start in a fraction of `serve`'s time)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from emulator import seed_command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qbo-sandbox", description="QuickBooks Online Bank Feeds sandbox")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the provider (Codat API, Link UI) and the QBO emulator")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--provider-port", type=int, default=8000, help="Bank Feeds API and Link UI port")
    serve.add_argument("--qbo-port", type=int, default=8001, help="QuickBooks Online emulator port")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--data-dir", type=Path, default=Path(".sandbox"), help="where state persists")
    where.add_argument("--memory", action="store_true", help="keep nothing after the process ends")
    serve.add_argument(
        "--api-key",
        action="append",
        default=[],
        dest="api_keys",
        metavar="KEY",
        help="accept only this API key (repeatable); by default any key is accepted as its own tenant",
    )
    serve.add_argument(
        "--pull-interval",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="how often QBO pulls new transactions by itself (0: only on Update)",
    )
    serve.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])

    from scenarios.runner import add_arguments
    from scenarios.state_cli import add_arguments as add_state_arguments

    add_arguments(commands)
    seed_command.add_arguments(commands)
    add_state_arguments(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    if args.command == "scenario":
        from scenarios.runner import main as scenario_main  # Playwright loads only for scenarios

        return scenario_main(args)
    if args.command == "seed":
        return seed_command.main(args)
    if args.command in ("snapshot", "reset"):
        from scenarios.state_cli import main as state_main

        return state_main(args)
    return 2  # argparse has already refused anything else


def _serve(args: argparse.Namespace) -> int:
    from emulator.launcher import SandboxConfig, build_servers  # both apps, uvicorn: only for serve
    from sandbox.servers import run_loop, serve_all

    config = SandboxConfig(
        host=args.host,
        provider_port=args.provider_port,
        qbo_port=args.qbo_port,
        data_dir=None if args.memory else args.data_dir,
        api_keys=tuple(args.api_keys),
        pull_interval_seconds=args.pull_interval,
        log_level=args.log_level,
    )
    started = time.perf_counter()
    for name, port in (("--provider-port", config.provider_port), ("--qbo-port", config.qbo_port)):
        if not port_is_free(config.host, port):
            print(f"qbo-sandbox: could not start: port {port} ({name}) is already in use.", file=sys.stderr)
            return 1
    servers = build_servers(config)

    async def run() -> None:
        serving = asyncio.ensure_future(serve_all(servers))
        while not all(s.started for s in servers) and not serving.done():
            await asyncio.sleep(0.01)
        if all(s.started for s in servers):
            # What start-up made lives as long as the process: keep it out of the garbage collector's
            # full passes, which otherwise hold the shared loop for tens of milliseconds each.
            gc.collect()
            gc.freeze()
            storage = "in memory (nothing is kept)" if config.data_dir is None else f"in {config.data_dir}/"
            print(f"QBO Bank Feeds Sandbox is ready in {time.perf_counter() - started:.2f}s", flush=True)
            print(f"  Bank Feeds API and Link UI  {config.provider_url}", flush=True)
            print(f"  QuickBooks Online emulator  {config.qbo_url}", flush=True)
            print(f"  Data                        {storage}", flush=True)
            print("Press Ctrl-C to stop.", flush=True)
        await serving

    try:
        with contextlib.suppress(KeyboardInterrupt):
            run_loop(run())
    except SystemExit:  # uvicorn exits this way when it cannot start; we explain below
        pass
    if not all(s.started for s in servers):
        print("qbo-sandbox: could not start; is a port already in use?", file=sys.stderr)
        return 1
    print("Stopped.", flush=True)
    return 0


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
