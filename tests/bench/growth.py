"""Does cost stay flat as the work grows? Each row is a ratio of two measurements in one run.

- a 1000-transaction write until Success: the first batches into an account, against the last of 100
  into another (taken in turns);
- list companies (a page of 100) in a tenant of 10 companies, then in one of 10,000; and a page of
  10, whose answer is the same size in both, so that only the tenant's size differs;
- GET connection spread over 10 tenants, then over 10,000 (each with a company and a connection);
- and the SQL statements a GET connection, a list and a write run, as the request journal shows them.

Everything is seeded and measured through the API, over real HTTP: seeding runs concurrently on
persistent connections, so 10,000 tenants take seconds. The request rows are timed at concurrency 1
(the latency a caller sees), small and large alternately, best of ROUNDS; the server's CPU per
call is shown beside each, the steadier figure on a busy machine.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Sequence

import httpx

from sandbox.tenancy import basic_header
from tests.bench.feeds import linked_feed, sandbox_now, timed_write, transactions
from tests.bench.load import Call, Figures, Job, KeepAliveClient, clients, close_all, cpu_seconds, measure, run_jobs

SMALL, LARGE = 10, 10_000
BATCHES, EDGE = 100, 10  # 100 writes into one account; the first EDGE against the last EDGE
ROUNDS, LIST_REQUESTS, GET_REQUESTS = 2, 300, 3000
HEADER = [
    "| Cost as the work grows | small | large | large ÷ small (target ≤ 1.5×) |",
    "|---|---:|---:|---:|",
]


def auth(api_key: str) -> dict[str, str]:
    return {"Authorization": basic_header(api_key)}


def new_key(kind: str) -> str:
    return f"bench-{kind}-{uuid.uuid4().hex[:10]}"


def ratio_row(label: str, small: Figures, large: Figures) -> str:
    """Median wall time of each (with the server's CPU per call beside it), and the ratio of the medians."""

    def shown(value: Figures) -> str:
        return f"{value.p50 * 1000:.2f} ms ({value.cpu_per_request * 1000:.2f} CPU)"

    return f"| {label} | {shown(small)} | {shown(large)} | {large.p50 / small.p50:.2f}× |"


async def write_growth(provider: str, pid: int) -> tuple[Figures, Figures, int]:
    """Writes of 1000 transactions timed until Success: batches 1 to EDGE into a fresh account, and
    batches BATCHES - EDGE + 1 to BATCHES into one already holding the others, taken in turns so
    that the machine's load weighs on both alike; and the statements the last write request ran."""
    key = new_key("writes")
    timed: dict[str, list[tuple[float, float]]] = {"first": [], "last": []}
    async with httpx.AsyncClient(base_url=provider, headers=auth(key), timeout=60.0) as api:
        company, connection, (fresh, full) = await linked_feed(api, key, 2)
        today = (await sandbox_now(api)).date()
        for batch in range(BATCHES - EDGE):  # fills the full account, untimed
            await timed_write(api, company, connection, full, transactions(today, batch))
        for n in range(EDGE):
            for name, account, batch in (("first", fresh, n), ("last", full, BATCHES - EDGE + n)):
                began = cpu_seconds(pid)
                _, seconds = await timed_write(api, company, connection, account, transactions(today, batch))
                timed[name].append((seconds, cpu_seconds(pid) - began))
        statements = await journaled_statements(api, "POST", "*/bankTransactions")

    def window(name: str) -> Figures:
        seconds, cpu = [t[0] for t in timed[name]], [t[1] for t in timed[name]]
        return Figures(f"writes {name}", 1, EDGE, sum(seconds), seconds, sum(cpu))

    return window("first"), window("last"), statements


async def journaled_statements(api: httpx.AsyncClient, method: str, path: str) -> int:
    """The statements of the tenant's newest journaled request with this method and path glob."""
    entries = (await api.get("/_sandbox/requests", params={"method": method, "path": path, "limit": 1})).json()
    return int(entries["requests"][-1]["statements"])


async def seeded(pool: Sequence[KeepAliveClient], jobs: list[Job]) -> list[str]:
    """Runs the create jobs; the ids of what they created."""
    answers = await run_jobs(pool, jobs)
    failed = [status for status, _ in answers if status != 200]
    if failed:
        raise RuntimeError(f"seeding failed: {len(failed)} answers were not 200 (first: {failed[0]})")
    return [json.loads(body)["id"] for _, body in answers]


async def alternately(
    label: str, calls: dict[str, tuple[int, Call]], pool: Sequence[KeepAliveClient], pid: int
) -> dict[str, Figures]:
    """Measures each named call ROUNDS times, alternating; the best (lowest p50) of each."""
    best: dict[str, Figures] = {}
    for _ in range(ROUNDS):
        for name, (total, call) in calls.items():
            figures = await measure(f"{label} {name}", 1, total, call, pool, pid)
            if name not in best or figures.p50 < best[name].p50:
                best[name] = figures
    return best


async def list_growth(
    provider: str, pool: Sequence[KeepAliveClient], pid: int
) -> tuple[dict[str, Figures], int, float]:
    """list companies at SMALL and LARGE companies in the tenant: a page of 100 (what a caller asks
    for), and a page of 10 (the same answer at both sizes, so only the tenant's size differs); and
    the seconds seeding the LARGE companies took."""
    keys = {"small": new_key("list"), "large": new_key("list")}
    body = json.dumps({"name": "Growth Co"}).encode()
    await seeded(pool, [("POST", "/companies", body, auth(keys["small"]))] * SMALL)
    began = time.perf_counter()
    await seeded(pool, [("POST", "/companies", body, auth(keys["large"]))] * LARGE)
    seeding = time.perf_counter() - began

    def lister(name: str, size: int) -> Call:
        async def call(client: KeepAliveClient, _: int) -> None:
            status, _body = await client.call("GET", f"/companies?pageSize={size}", headers=auth(keys[name]))
            if status != 200:
                raise RuntimeError(f"list companies answered {status}")

        return call

    calls = {f"{name} {size}": (LIST_REQUESTS, lister(name, size)) for size in (100, 10) for name in keys}
    best = await alternately("list", calls, pool, pid)
    async with httpx.AsyncClient(base_url=provider, headers=auth(keys["large"])) as api:
        statements = await journaled_statements(api, "GET", "/companies")
    return best, statements, seeding


async def tenant_growth(
    provider: str, pool: Sequence[KeepAliveClient], pid: int
) -> tuple[Figures, Figures, int, float]:
    """GET connection over SMALL and over LARGE tenants, and the seconds seeding LARGE tenants took."""
    began = time.perf_counter()
    keys = [new_key("tenant") for _ in range(LARGE)]
    body = json.dumps({"name": "Tenant Co"}).encode()
    companies = await seeded(pool, [("POST", "/companies", body, auth(k)) for k in keys])
    connection_body = json.dumps({"platformKey": "hcws"}).encode()
    connections = await seeded(
        pool,
        [
            ("POST", f"/companies/{c}/connections", connection_body, auth(k))
            for k, c in zip(keys, companies, strict=True)
        ],
    )
    seeding = time.perf_counter() - began
    paths = [f"/companies/{c}/connections/{n}" for c, n in zip(companies, connections, strict=True)]
    headers = [auth(k) for k in keys]

    def getter(spread: int) -> Call:
        async def call(client: KeepAliveClient, n: int) -> None:
            status, _body = await client.call("GET", paths[n % spread], headers=headers[n % spread])
            if status != 200:
                raise RuntimeError(f"GET connection answered {status}")

        return call

    calls = {"small": (GET_REQUESTS, getter(SMALL)), "large": (GET_REQUESTS, getter(LARGE))}
    best = await alternately("GET connection", calls, pool, pid)
    async with httpx.AsyncClient(base_url=provider, headers=headers[0]) as api:
        statements = await journaled_statements(api, "GET", "/companies/*/connections/*")
    return best["small"], best["large"], statements, seeding


async def rows(provider: str, pid: int) -> list[str]:
    first, last, write_statements = await write_growth(provider, pid)
    pool = clients(provider, {})
    try:
        lists, list_statements, companies_seeding = await list_growth(provider, pool, pid)
        small_get, large_get, get_statements, tenants_seeding = await tenant_growth(provider, pool, pid)
    finally:
        await close_all(pool)
    return [
        *HEADER,
        ratio_row(
            f"1000-transaction write until Success, batches 1–{EDGE} vs {BATCHES - EDGE + 1}–{BATCHES} "
            "into an account, in turns (median)",
            first,
            last,
        ),
        ratio_row(
            f"list companies, a page of 100: {SMALL} vs {LARGE:,} companies in the tenant (p50)",
            lists["small 100"],
            lists["large 100"],
        ),
        ratio_row(
            f"list companies, a page of 10 (answers of one size): {SMALL} vs {LARGE:,} companies (p50)",
            lists["small 10"],
            lists["large 10"],
        ),
        ratio_row(f"GET connection: {SMALL} vs {LARGE:,} tenants (p50)", small_get, large_get),
        "",
        f"Seeded through the API on {len(pool)} connections: {LARGE:,} companies in one tenant in "
        f"{companies_seeding:.1f} s; {LARGE:,} tenants, each with a company and a connection, "
        f"in {tenants_seeding:.1f} s.",
        "",
        "| SQL statements per request (the request journal's `statements`) | statements |",
        "|---|---:|",
        f"| GET connection | {get_statements} |",
        f"| list companies, a page of 100 | {list_statements} |",
        f"| write of 1000 transactions (the request; the push worker's are its own) | {write_statements} |",
    ]
