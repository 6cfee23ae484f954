"""Bank transactions at scale (issue 10, QuickBooks side): does the cost stay flat as the work grows?

`qbo-sandbox serve --memory --pull-interval 0` runs as a subprocess (as in run.py). A seeded demo
company gets, through the provider's write endpoint in batches of 1,000, 1,000 transactions in
one account and 100,000 in another; Update pulls them through the feed protocol (the real pull
path). Then it measures, each within this one run:

- the Bank transactions page (For review, default page) of each account: median ms, and the ratio;
- a page deep in the 100,000 (the middle one), and the last;
- the worst provider `GET connection` latency while the 100,000-row page renders over and over
  and a third account's 100,000 new transactions are pulled by Update, beside the same probe idle.

Figures only, printed as Markdown: nothing here passes or fails on time. Run with `make bench` or
`python -m tests.bench.paging`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import statistics
import time
from dataclasses import dataclass

import httpx

from sandbox.tenancy import basic_header
from tests.bench.load import KeepAliveClient, cpu_seconds
from tests.bench.run import API_KEY, start_server

SMALL, LARGE = 1_000, 100_000
RENDERS = 50  # page loads per figure
WRITE = 1000  # the most one write may carry
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TILE = re.compile(r'href="[^"]*/banking\?account=(\d+)"')  # a tile's link: the account alone


@dataclass
class Company:
    company_id: str
    connection_id: str
    accounts: list[str]  # source account ids: chequing, savings, card (as the seed makes them)
    written: dict[str, int]
    email: str
    password: str


async def seed(qbo: httpx.AsyncClient) -> Company:
    data = (await qbo.post("/_sandbox/seed", json={"seed": 10})).raise_for_status().json()
    accounts = [a["id"] for a in data["sourceAccounts"]]
    written = {a["id"]: a["transactionsWritten"] for a in data["sourceAccounts"]}
    realm = data["realm"]
    return Company(data["companyId"], data["connectionId"], accounts, written, realm["email"], realm["password"])


async def write(api: httpx.AsyncClient, company: Company, account: str, count: int, today: dt.date) -> None:
    """`count` transactions dated today (after the seeded week), earliest first, 1,000 a write."""
    start = dt.datetime.combine(today, dt.time())
    connection = f"/companies/{company.company_id}/connections/{company.connection_id}"
    path = f"{connection}/push/bankAccounts/{account}/bankTransactions"
    step = 86_000 / max(count, 1)  # seconds between transactions: all of them fit in today
    for first in range(0, count, WRITE):
        batch = [
            {
                "id": f"{account}-bench-{n}",
                "date": (start + dt.timedelta(seconds=int(n * step))).isoformat(timespec="seconds"),
                "description": f"Bench item {n}",
                "amount": -1.0,
                "balance": 1_000_000.0 - n,
                "transactionType": "Debit",
            }
            for n in range(first, min(first + WRITE, count))
        ]
        response = (await api.post(path, json={"accountId": account, "transactions": batch})).raise_for_status()
        key = response.json()["pushOperationKey"]
        while (status := (await api.get(f"/companies/{company.company_id}/push/{key}")).json()["status"]) == "Pending":
            await asyncio.sleep(0.01)
        if status != "Success":
            raise RuntimeError(f"a benchmark write ended {status}")


async def sign_in(qbo_url: str, company: Company) -> httpx.AsyncClient:
    """A browser-like QBO session (cookies, CSRF) signed in as the seeded company's user."""
    session = httpx.AsyncClient(base_url=qbo_url, timeout=120.0)
    form = CSRF.search((await session.get("/signin")).text)
    assert form is not None
    body = {"csrf_token": form.group(1), "email": company.email, "password": company.password}
    if (await session.post("/signin", data=body)).status_code != 303:
        raise RuntimeError("the seeded user could not sign in")
    return session


async def update(session: httpx.AsyncClient) -> float:
    """Presses Update and follows it (its progress page, if the pull is long) until the result; seconds."""
    began = time.perf_counter()
    page = await session.get("/banking")
    token = CSRF.search(page.text)
    assert token is not None
    answer = await session.post("/banking/update", data={"csrf_token": token.group(1)})
    progress = answer.headers.get("location", "")
    while "/banking/update/" in progress:  # the pull goes on: its progress page answers 200 until it is done
        await asyncio.sleep(0.2)
        answer = await session.get(progress)
        if answer.status_code != 200:
            progress = answer.headers.get("location", "")
    if answer.status_code != 303:
        raise RuntimeError(f"Update answered {answer.status_code}")
    return time.perf_counter() - began


@dataclass
class Renders:
    seconds: list[float]
    cpu: float  # server CPU seconds per render: the steadier figure on a busy machine

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


async def render_times(client: KeepAliveClient, path: str, pid: int, runs: int = RENDERS) -> Renders:
    await client.request("GET", path)  # warm
    timings, cpu = [], cpu_seconds(pid)
    for _ in range(runs):
        began = time.perf_counter()
        if await client.request("GET", path) != 200:
            raise RuntimeError(f"GET {path} failed")
        timings.append(time.perf_counter() - began)
    return Renders(timings, (cpu_seconds(pid) - cpu) / runs)


async def probe(client: KeepAliveClient, path: str, until: asyncio.Event, latencies: list[float]) -> None:
    """GET connection, one after another, until `until` is set: the provider's latency meanwhile."""
    while not until.is_set():
        began = time.perf_counter()
        if await client.request("GET", path) != 200:
            raise RuntimeError("GET connection failed")
        latencies.append(time.perf_counter() - began)
        await asyncio.sleep(0.002)


async def run(provider_url: str, qbo_url: str, pid: int) -> list[str]:
    headers = {"Authorization": basic_header(API_KEY)}
    async with (
        httpx.AsyncClient(base_url=provider_url, headers=headers, timeout=60.0) as api,
        httpx.AsyncClient(base_url=qbo_url, headers=headers, timeout=60.0) as qbo,
    ):
        company = await seed(qbo)
        today = dt.date.fromisoformat((await api.get("/_sandbox/clock")).json()["now"][:10])
        small, large, third = company.accounts
        began = time.perf_counter()
        await write(api, company, small, SMALL - company.written[small], today)
        await write(api, company, large, LARGE - company.written[large], today)
        written = time.perf_counter() - began
        session = await sign_in(qbo_url, company)
        first_pull = await update(session)
        feed_ids = list(dict.fromkeys(TILE.findall((await session.get("/banking")).text)))
        small_feed, large_feed = feed_ids[0], feed_ids[1]

        url = httpx.URL(qbo_url)
        assert url.port is not None
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        pages = KeepAliveClient(url.host, url.port, {"Cookie": cookie})
        small_page = await render_times(pages, f"/banking?account={small_feed}", pid)
        large_page = await render_times(pages, f"/banking?account={large_feed}", pid)
        middle = await render_times(pages, f"/banking?account={large_feed}&page={LARGE // 100}", pid)
        last = await render_times(pages, f"/banking?account={large_feed}&page={LARGE // 50}", pid)

        await pages.close()
        await write(api, company, third, LARGE, today)
        pages = KeepAliveClient(url.host, url.port, {"Cookie": cookie})  # the server closed the idle one
        provider = httpx.URL(provider_url)
        assert provider.port is not None
        connection = f"/companies/{company.company_id}/connections/{company.connection_id}"
        prober = KeepAliveClient(provider.host, provider.port, headers)
        idle: list[float] = []
        stop = asyncio.Event()
        idle_probe = asyncio.create_task(probe(prober, connection, stop, idle))
        await asyncio.sleep(2.0)
        stop.set()
        await idle_probe

        busy: list[float] = []
        renders: list[float] = []
        done = asyncio.Event()

        async def render_until_done() -> None:
            while not done.is_set():
                renders.extend((await render_times(pages, f"/banking?account={large_feed}", pid, runs=1)).seconds)

        probing = asyncio.create_task(probe(prober, connection, done, busy))
        rendering = asyncio.create_task(render_until_done())
        pull_seconds = await update(session)
        done.set()
        await asyncio.gather(probing, rendering)
        for client in (pages, prober):
            await client.close()
        await session.aclose()

    def figure(renders: Renders) -> str:
        return f"{renders.median_ms:.1f} ms ({renders.cpu * 1000:.1f} ms server CPU)"

    def worst(values: list[float]) -> str:
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        return f"max {ordered[-1] * 1000:.1f} ms, p99 {p99:.1f} ms ({len(values)} requests)"

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return [
        f"\n### Bank transactions at scale (QuickBooks; load {load:.1f} at the end)\n",
        "| Measure | Figure |",
        "|---|---|",
        f"| {SMALL + LARGE - company.written[small] - company.written[large]:,} transactions written "
        f"(1,000 a write) | {written:.1f} s |",
        f"| Update pulling them all (the real pull path: feed protocol, pages of 250) | {first_pull:.1f} s |",
        f"| Bank transactions page, For review, {SMALL:,} in the account (median of {RENDERS}) "
        f"| {figure(small_page)} |",
        f"| Bank transactions page, For review, {LARGE:,} in the account (median of {RENDERS}) "
        f"| {figure(large_page)} |",
        f"| ratio {LARGE:,} / {SMALL:,} | {large_page.median_ms / small_page.median_ms:.2f}× "
        f"(server CPU {large_page.cpu / small_page.cpu:.2f}×) |",
        f"| page {LARGE // 100:,} of {LARGE // 50:,} (the middle) | {figure(middle)} |",
        f"| page {LARGE // 50:,} of {LARGE // 50:,} (the last) | {figure(last)} |",
        f"| provider GET connection, idle (2 s) | {worst(idle)} |",
        f"| provider GET connection while the {LARGE:,}-row page renders over and over "
        f"({len(renders)} renders, median {statistics.median(renders) * 1000:.1f} ms) and Update pulls "
        f"{LARGE:,} new ({pull_seconds:.1f} s) | {worst(busy)} |",
    ]


def main() -> None:
    process, provider, qbo, _cold = start_server("--pull-interval", "0")
    try:
        lines = asyncio.run(run(provider, qbo, process.pid))
    finally:
        process.terminate()
        process.wait(timeout=10)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
