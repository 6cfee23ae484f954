"""The bench's load generator: a cheap HTTP/1.1 client on persistent loopback connections, a timed
run of many calls over a few of them, and the figures such a run gives.

`KeepAliveClient` is a few lines of asyncio rather than httpx: on the 2-core reference machine httpx
spent about 5 ms of CPU per request at concurrency 32, so it, not the server, set the rate.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

Job = tuple[str, str, bytes, dict[str, str]]  # method, path, body, headers


@dataclass
class Figures:
    label: str
    concurrency: int
    requests: int
    seconds: float
    latencies: list[float]
    server_cpu: float  # CPU seconds the server process used during the measurement

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def p50(self) -> float:
        return sorted(self.latencies)[len(self.latencies) // 2]

    @property
    def cpu_per_request(self) -> float:
        return self.server_cpu / self.requests

    def row(self) -> str:
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        return (
            f"| {self.label} | {self.concurrency} | {self.requests} | {self.rate:,.0f} | {self.p50 * 1000:.2f} "
            f"| {p99:.2f} | {self.cpu_per_request * 1000:.3f} |"
        )


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of a process (Linux /proc), to report cost per request beside rates."""
    if pid is None:
        return 0.0
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
        status, _ = await self.call(method, path, body)
        return status

    async def call(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """(status, body); `headers` are sent beside the client's own (another tenant's key, say)."""
        if self.reader is None or self.reader.at_eof():  # the server closes connections idle for 5 s
            await self.close()
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.writer is not None
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        if body:
            extra += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(f"{method} {path} HTTP/1.1\r\n{self.head}{extra}\r\n".encode() + body)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):  # already closed by the server
                await self.writer.wait_closed()
        self.reader = self.writer = None


Call = Callable[[KeepAliveClient, int], Awaitable[None]]  # one timed call: (its client, its number)


def clients(url: str, headers: dict[str, str], count: int = 32) -> list[KeepAliveClient]:
    host, _, port = url.removeprefix("http://").partition(":")
    return [KeepAliveClient(host, int(port), headers) for _ in range(count)]


async def close_all(pool: Sequence[KeepAliveClient]) -> None:
    for client in pool:
        await client.close()


async def measure(
    label: str,
    concurrency: int,
    total: int,
    call: Call,
    pool: Sequence[KeepAliveClient],
    server_pid: int | None,
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
    await asyncio.gather(*(worker(client) for client in pool[:concurrency]))
    elapsed = time.perf_counter() - began
    return Figures(label, concurrency, total, elapsed, latencies, cpu_seconds(server_pid) - cpu)


async def run_jobs(pool: Sequence[KeepAliveClient], jobs: Sequence[Job]) -> list[tuple[int, bytes]]:
    """Every job, over the whole pool at once (seeding); answers in the order of `jobs`."""
    answers: list[tuple[int, bytes]] = [(0, b"")] * len(jobs)
    counter = iter(range(len(jobs)))

    async def worker(client: KeepAliveClient) -> None:
        for n in counter:
            method, path, body, headers = jobs[n]
            answers[n] = await client.call(method, path, body, headers)

    await asyncio.gather(*(worker(client) for client in pool))
    return answers
