"""`qbo-sandbox serve`: both apps in one process, their URLs printed, stopped cleanly by Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import socket
import sys
import time

from qbo_sandbox.config import SandboxConfig
from sandbox.servers import bind_error


def main(config: SandboxConfig) -> int:
    from qbo_sandbox.launcher import build_servers  # both apps and uvicorn load only for serve
    from sandbox.servers import run_loop, serve_all

    started = time.perf_counter()
    for flag, port in (("--provider-port", config.provider_port), ("--qbo-port", config.qbo_port)):
        error = bind_error(config.host, port)
        if error is not None:
            print(f"qbo-sandbox: could not start: {_why(error, config.host, port, flag)}.", file=sys.stderr)
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
            print(f"  Dashboard (your API key)    {config.dashboard_url}", flush=True)
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


def _why(error: OSError, host: str, port: int, flag: str) -> str:
    """What stopped `serve` listening on host:port, in the words of its flags."""
    if isinstance(error, socket.gaierror):
        return f"--host {host!r} is neither an address nor a name this machine can resolve"
    if error.errno == errno.EADDRINUSE:
        return f"port {port} ({flag}) is already in use"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"--host {host!r} is not an address of this machine"
    return f"cannot listen on {host} port {port} ({flag}): {error.strerror}"
