"""`make bench`: measures the sandbox as a user runs it and prints a Markdown table.

`qbo-sandbox serve --memory` runs as a subprocess on free loopback ports, so the load generator
(this process) does not share the server's interpreter or GIL. It measures: cold start until both
apps answer health; req/s and p50/p99 for GET connection and for create source account at
concurrency 1 and 32; the time to accept a 1000-transaction write and the time until it is
Success (median of several). Figures only: nothing here passes or fails on time.

Set-up and the write timings use httpx.AsyncClient. The req/s rows use `KeepAliveClient`, a few
lines of asyncio HTTP/1.1 over persistent connections: on the 2-core reference machine httpx spent
about 5 ms of CPU per request at concurrency 32, so it, not the server, set the rate.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from sandbox import feed_protocol as fp
from sandbox.servers import HEALTH_PATH, free_port
from sandbox.tenancy import basic_header, tenant_id_for

API_KEY = "bench-" + uuid.uuid4().hex[:8]
REQUESTS = {("GET connection", 1): 2000, ("GET connection", 32): 10000}
REQUESTS |= {("create source account", 1): 1000, ("create source account", 32): 4000}
WRITE_RUNS = 7


@dataclass
class Figures:
    label: str
    concurrency: int
    requests: int
    seconds: float
    latencies: list[float]
    server_cpu: float  # CPU seconds the server process used during the measurement

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p50 = ordered[len(ordered) // 2] * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        rate = self.requests / self.seconds
        cpu = self.server_cpu / self.requests * 1000
        return (
            f"| {self.label} | {self.concurrency} | {self.requests} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {cpu:.3f} |"
        )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to report cost per request beside rates."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class KeepAliveClient:
    """Minimal HTTP/1.1 over one persistent loopback connection: a load generator that costs little."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.head = "".join(f"{k}: {v}\r\n" for k, v in {"Host": f"{host}:{port}", **headers}.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        extra = f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n" if body else ""
        self.writer.write(f"{method} {path} HTTP/1.1\r\n{self.head}{extra}\r\n".encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


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


async def measure(
    label: str,
    concurrency: int,
    total: int,
    call: Callable[[KeepAliveClient, int], Awaitable[None]],
    clients: list[KeepAliveClient],
    server_pid: int,
) -> Figures:
    """`total` calls spread over `concurrency` workers, each on its own persistent connection."""
    latencies: list[float] = []
    counter = iter(range(total))

    async def worker(client: KeepAliveClient) -> None:
        for n in counter:
            began = time.perf_counter()
            await call(client, n)
            latencies.append(time.perf_counter() - began)

    began, cpu = time.perf_counter(), cpu_seconds(server_pid)
    await asyncio.gather(*(worker(client) for client in clients[:concurrency]))
    elapsed = time.perf_counter() - began
    return Figures(label, concurrency, total, elapsed, latencies, cpu_seconds(server_pid) - cpu)


async def setup(api: httpx.AsyncClient, accounts: int) -> tuple[str, str, list[str]]:
    """A company with a Linked connection and `accounts` connected accounts, linked through the feed protocol."""
    company = (await api.post("/companies", json={"name": "Bench Bank"})).json()["id"]
    connection = (await api.post(f"/companies/{company}/connections", json={"platformKey": "hcws"})).json()["id"]
    path = f"/companies/{company}/connections/{connection}/connectionInfo/bankFeedAccounts"
    ids = [f"write-{n}" for n in range(accounts)]
    for account_id in ids:
        body = {"id": account_id, "accountName": "Bench", "accountType": "checking", "accountNumber": "1234",
                "currency": "USD", "balance": 0}  # fmt: skip
        (await api.post(path, json=body)).raise_for_status()
    creds = (await api.post(path + "/credentials", content=b"")).json()
    sign_in = fp.SignIn(tenant_id_for(API_KEY), creds["username"], creds["password"]).to_json()
    session = (await api.post(fp.SESSIONS_PATH, json=sign_in)).json()
    today = dt.date.fromisoformat((await api.get("/_sandbox/clock")).json()["now"][:10])
    link = fp.LinkRequest([fp.LinkChoice(a, "35", "Checking", today) for a in ids]).to_json()
    response = await api.post(fp.LINKS_PATH, json=link, headers={"Authorization": "Bearer " + session["token"]})
    response.raise_for_status()
    return company, connection, ids


def thousand_transactions(now: dt.datetime) -> list[dict[str, object]]:
    start = now.replace(hour=0, minute=0, second=0, microsecond=0)  # 1000 minutes fit in today
    return [
        {
            "id": f"t{n}",
            "date": (start + dt.timedelta(minutes=n)).isoformat(timespec="seconds"),
            "description": f"Item {n}",
            "amount": 1.0,
            "balance": 1.0 + n,
            "transactionType": "Credit",
        }
        for n in range(1000)
    ]


async def writes(
    api: httpx.AsyncClient, company: str, connection: str, accounts: list[str]
) -> tuple[list[float], list[float]]:
    now = dt.datetime.fromisoformat((await api.get("/_sandbox/clock")).json()["now"].replace("Z", "")).replace(
        tzinfo=None
    )
    accepted, completed = [], []
    for account in accounts:
        body = {"accountId": account, "transactions": thousand_transactions(now)}
        path = f"/companies/{company}/connections/{connection}/push/bankAccounts/{account}/bankTransactions"
        began = time.perf_counter()
        response = await api.post(path, json=body)
        accepted.append(time.perf_counter() - began)
        response.raise_for_status()
        key = response.json()["pushOperationKey"]
        while True:
            status = (await api.get(f"/companies/{company}/push/{key}")).json()["status"]
            if status != "Pending":
                break
        completed.append(time.perf_counter() - began)
        if status != "Success":
            raise RuntimeError(f"the benchmark write ended {status}")
    return accepted, completed


async def run(provider: str, pid: int) -> list[str]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    headers = {"Authorization": basic_header(API_KEY)}
    async with httpx.AsyncClient(base_url=provider, headers=headers, limits=limits, timeout=30.0) as api:
        company, connection, write_accounts = await setup(api, WRITE_RUNS)
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

        url = httpx.URL(provider)
        assert url.port is not None
        clients = [KeepAliveClient(url.host, url.port, headers) for _ in range(32)]
        await measure("warm-up", 32, 640, get_connection, clients, pid)  # opens all 32 connections first
        rows = []
        for (label, concurrency), total in REQUESTS.items():
            call = get_connection if label == "GET connection" else create_account
            batch = uuid.uuid4().hex[:6]
            rows.append(await measure(label, concurrency, total, call, clients, pid))
        for client in clients:
            await client.close()
        accepted, completed = await writes(api, company, connection, write_accounts)
    lines = [
        "| Operation | Concurrency | Requests | req/s | p50 ms | p99 ms | server CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(r.row() for r in rows),
        "",
        f"| 1000-transaction write (median of {WRITE_RUNS}) | ms |",
        "|---|---:|",
        f"| accepted (200 Pending) | {statistics.median(accepted) * 1000:.1f} |",
        f"| Success (request sent → status Success) | {statistics.median(completed) * 1000:.1f} |",
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
