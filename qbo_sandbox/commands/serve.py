"""`qbo-sandbox serve`: both apps in one process, their URLs printed, stopped cleanly by Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
import time

from qbo_sandbox.config import SandboxConfig
from sandbox.servers import port_is_free


def main(config: SandboxConfig) -> int:
    from qbo_sandbox.launcher import build_servers  # both apps and uvicorn load only for serve
    from sandbox.servers import run_loop, serve_all

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
