"""`make bench`: measures the sandbox as a user runs it and prints a Markdown table.

`qbo-sandbox serve --memory` runs as a subprocess on free loopback ports, so the load generator
(this process) does not share the server's interpreter or GIL. It measures: cold start until both
apps answer health; req/s and p50/p99 for GET connection and for create source account at
concurrency 1 and 32; the time to accept a 1000-transaction write and the time until it is
Success (median of several); then GET connection beside Stoplight Prism (`tests/bench/prism.py`)
and how cost grows with the work (`tests/bench/growth.py`). Figures only: nothing here passes or
fails on time.

Set-up and the write timings use httpx.AsyncClient; the req/s rows use `load.KeepAliveClient`.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from sandbox.servers import HEALTH_PATH, free_port
from sandbox.tenancy import basic_header
from tests.bench import growth, prism
from tests.bench.feeds import linked_feed, sandbox_now, timed_write, transactions
from tests.bench.load import KeepAliveClient, clients, close_all, measure

API_KEY = "bench-" + uuid.uuid4().hex[:8]
REQUESTS = {("GET connection", 1): 2000, ("GET connection", 32): 10000}
REQUESTS |= {("create source account", 1): 1000, ("create source account", 32): 4000}
WRITE_RUNS = 7


def start_server(*options: str) -> tuple[subprocess.Popen[bytes], str, str, float]:
    """`qbo-sandbox serve --memory [options]` on free ports, once both apps answer health."""
    provider_port, qbo_port = free_port(), free_port()
    command = [
        str(Path(sys.executable).parent / "qbo-sandbox"),
        "serve", "--memory", "--provider-port", str(provider_port), "--qbo-port", str(qbo_port), *options,
    ]  # fmt: skip
    provider, qbo = f"http://127.0.0.1:{provider_port}", f"http://127.0.0.1:{qbo_port}"
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with httpx.Client(timeout=1.0) as client:
        waiting = {provider, qbo}
        while waiting:
            if process.poll() is not None:
                raise RuntimeError(
                    "qbo-sandbox serve exited: " + (process.stderr.read().decode() if process.stderr else "")
                )
            for url in list(waiting):
                try:
                    if client.get(url + HEALTH_PATH).status_code == 200:
                        waiting.discard(url)
                except httpx.TransportError:
                    pass
    return process, provider, qbo, time.perf_counter() - started


async def run(provider: str, pid: int) -> list[str]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    headers = {"Authorization": basic_header(API_KEY)}
    async with httpx.AsyncClient(base_url=provider, headers=headers, limits=limits, timeout=30.0) as api:
        company, connection, write_accounts = await linked_feed(api, API_KEY, WRITE_RUNS)
        conn_path = f"/companies/{company}/connections/{connection}"
        accounts_path = conn_path + "/connectionInfo/bankFeedAccounts"
        batch = uuid.uuid4().hex[:6]

        async def get_connection(client: KeepAliveClient, _: int) -> None:
            if await client.request("GET", conn_path) != 200:
                raise RuntimeError("GET connection failed")

        async def create_account(client: KeepAliveClient, n: int) -> None:
            body = {"id": f"acc-{batch}-{n}", "accountName": "Load", "accountType": "checking",
                    "accountNumber": "1234", "currency": "USD", "balance": 1}  # fmt: skip
            if await client.request("POST", accounts_path, json.dumps(body).encode()) != 200:
                raise RuntimeError("create source account failed")

        pool = clients(provider, headers)
        await measure("warm-up", 32, 640, get_connection, pool, pid)  # opens all 32 connections first
        rows = []
        for (label, concurrency), total in REQUESTS.items():
            call = get_connection if label == "GET connection" else create_account
            batch = uuid.uuid4().hex[:6]
            rows.append(await measure(label, concurrency, total, call, pool, pid))
        await close_all(pool)
        today = (await sandbox_now(api)).date()
        timings = [await timed_write(api, company, connection, a, transactions(today)) for a in write_accounts]
        accepted, completed = [t[0] for t in timings], [t[1] for t in timings]
        versus_prism = await prism.rows(provider, conn_path, headers, pid)
        grown = await growth.rows(provider, pid)
    lines = [
        "| Operation | Concurrency | Requests | req/s | p50 ms | p99 ms | server CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(r.row() for r in rows),
        "",
        f"| 1000-transaction write (median of {WRITE_RUNS}) | ms |",
        "|---|---:|",
        f"| accepted (200 Pending) | {statistics.median(accepted) * 1000:.1f} |",
        f"| Success (request sent → status Success) | {statistics.median(completed) * 1000:.1f} |",
        "",
        *versus_prism,
        "",
        *grown,
    ]
    return lines


def main() -> int:
    process, provider, _qbo, cold = start_server()
    try:
        lines = asyncio.run(run(provider, process.pid))
    finally:
        process.terminate()
        process.wait(timeout=10)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"QBO Bank Feeds Sandbox benchmark ({os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {load:.1f})\n"
    )
    print("| Start | ms |\n|---|---:|")
    print(f"| cold start of `qbo-sandbox serve --memory` until both apps answer health | {cold * 1000:.0f} |\n")
    print("\n".join(lines))
    from tests.bench import paging  # Bank transactions at scale, on a server of its own

    paging.main()
    if "--api-only" not in sys.argv:
        from tests.bench import scenarios

        scenarios.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
