"""GET connection beside Stoplight Prism, the usual mock server for an OpenAPI spec, in the same run.

Prism mocks Codat's Bank Feeds spec: it answers the spec's example, stateless. The sandbox does
more per request (a tenant, a stored connection, a derived status and a fresh linkUrl), so the
ratio says what that statefulness costs, or gains, against the tool people would otherwise use.

The spec is Codat's to publish, not the project's to ship: its path comes from `CODAT_SPEC`.
Prism is installed from npm at a pinned version into `.bench-tools/` (ignored by git) on first
use, and listens on 127.0.0.1 only. Both are measured alternately, best of ROUNDS each, so that
a burst of load from elsewhere on the machine hurts neither more than the other.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx

from sandbox.servers import free_port
from tests.bench.load import Figures, KeepAliveClient, clients, close_all, measure

PRISM_VERSION = "5.16.0"
PACKAGE = "@stoplight/prism-cli"
TOOLS = Path(__file__).resolve().parents[2] / ".bench-tools" / "prism"
ROUNDS, REQUESTS, CONCURRENCY = 3, 4000, 32
HEADER = ["| GET connection, concurrency 32 | req/s | p50 ms | server CPU ms/req |", "|---|---:|---:|---:|"]


def installed() -> Path | None:
    """Prism's command, installed at PRISM_VERSION (installing it when needed), or None without npm."""
    command = TOOLS / "node_modules" / ".bin" / "prism"
    manifest = TOOLS / "node_modules" / PACKAGE / "package.json"
    if manifest.exists() and json.loads(manifest.read_text())["version"] == PRISM_VERSION and command.exists():
        return command
    npm = shutil.which("npm")
    if npm is None:
        return None
    TOOLS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--prefix", str(TOOLS), "--no-audit", "--no-fund", "--ignore-scripts",
         "--loglevel=error", f"{PACKAGE}@{PRISM_VERSION}"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return command


async def started(command: Path, spec: str, probe: str, headers: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [str(command), "mock", "--host", "127.0.0.1", "--port", str(port), spec],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=2.0) as client:
        for _ in range(600):  # Prism reads and resolves the whole spec first: a few seconds
            if process.poll() is not None:
                raise RuntimeError(f"Prism exited with {process.returncode}")
            try:
                answer = await client.get(probe)
            except httpx.TransportError:
                await asyncio.sleep(0.1)
                continue
            if answer.status_code != 200:
                raise RuntimeError(f"Prism answered GET connection with {answer.status_code}")
            return process, url
    raise RuntimeError("Prism did not start within a minute")


async def one_run(url: str, path: str, headers: dict[str, str], pid: int | None, label: str) -> Figures:
    async def get_connection(client: KeepAliveClient, _: int) -> None:
        if await client.request("GET", path) != 200:
            raise RuntimeError(f"GET connection failed on {label}")

    pool = clients(url, headers, CONCURRENCY)
    try:
        await measure("warm-up", CONCURRENCY, 640, get_connection, pool, pid)
        return await measure(label, CONCURRENCY, REQUESTS, get_connection, pool, pid)
    finally:
        await close_all(pool)


async def rows(provider: str, conn_path: str, headers: dict[str, str], pid: int) -> list[str]:
    """The comparison's table: the sandbox, Prism, and their ratio (or one line saying why not)."""
    spec = os.environ.get("CODAT_SPEC")
    if not spec:
        return [*HEADER, "| Stoplight Prism | not measured: set CODAT_SPEC to Codat's Bank Feeds OpenAPI spec | | |"]
    command = installed()
    if command is None:
        return [*HEADER, "| Stoplight Prism | not measured: npm is not installed | | |"]
    process, prism_url = await started(command, spec, conn_path, headers)
    try:
        sandbox_runs, prism_runs = [], []
        for _ in range(ROUNDS):
            sandbox_runs.append(await one_run(provider, conn_path, headers, pid, "sandbox"))
            prism_runs.append(await one_run(prism_url, conn_path, headers, process.pid, "Prism"))
    finally:
        process.terminate()
        process.wait(timeout=10)
    ours = max(sandbox_runs, key=lambda f: f.rate)
    theirs = max(prism_runs, key=lambda f: f.rate)
    return [
        *HEADER,
        f"| this sandbox (best of {ROUNDS}) | {ours.rate:,.0f} | {ours.p50 * 1000:.2f} "
        f"| {ours.cpu_per_request * 1000:.3f} |",
        f"| Stoplight Prism {PRISM_VERSION} mocking Codat's spec (best of {ROUNDS}) | {theirs.rate:,.0f} "
        f"| {theirs.p50 * 1000:.2f} | {theirs.cpu_per_request * 1000:.3f} |",
        f"| sandbox ÷ Prism, req/s (target ≥ 4×) | {ours.rate / theirs.rate:.1f}× | | |",
    ]
