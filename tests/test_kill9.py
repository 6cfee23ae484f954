"""No acknowledged write is lost when `qbo-sandbox serve` is killed with SIGKILL under write load.

A real process on free ports with a data directory. Four clients write at once (companies, source
accounts, bank-transaction writes); once enough answers came back the process is killed with -9
mid-load, restarted on the same directory, and every write it had acknowledged must be there. Two
rounds, a bounded number of writes each; readiness is polled, never slept for.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from sandbox.servers import free_port, wait_until_healthy
from sandbox.tenancy import basic_header
from tests.api.support import Feed, accounts_path, linked_feed, make_company, make_connection, transactions, v2_account

WRITERS = 4
WRITES_PER_WRITER = 60  # the most each client sends in a round
KILL_AFTER = 80  # acknowledged writes (all clients together) before the SIGKILL
ROUNDS = 2
AUTH = {"Authorization": basic_header("kill-9")}


@dataclass
class Acknowledged:
    """What the server answered 200 to: it must all be there after the restart."""

    companies: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # company, connection, account
    pushes: list[tuple[str, str]] = field(default_factory=list)  # company, push operation key
    lock: threading.Lock = field(default_factory=threading.Lock)
    enough: threading.Event = field(default_factory=threading.Event)

    def count(self) -> int:
        return len(self.companies) + len(self.accounts) + len(self.pushes)

    def add(self, kind: list[object], item: object) -> None:
        with self.lock:
            kind.append(item)
            if self.count() >= KILL_AFTER:
                self.enough.set()


@contextmanager
def serving(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    provider_port, qbo_port = free_port(), free_port()
    command = [str(Path(sys.executable).with_name("qbo-sandbox")), "serve", "--host", "127.0.0.1"]
    command += ["--provider-port", str(provider_port), "--qbo-port", str(qbo_port), "--data-dir", str(data_dir)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
    url = f"http://127.0.0.1:{provider_port}"
    try:
        wait_until_healthy(url, timeout=30)
        wait_until_healthy(f"http://127.0.0.1:{qbo_port}", timeout=30)
        yield url, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def _writer(url: str, feed: Feed, seen: Acknowledged, number: int) -> None:
    """Writes until the server goes away or the round's budget is spent; records what was acknowledged."""
    with httpx.Client(base_url=url, headers=AUTH, timeout=10) as api:
        start = dt.datetime(2026, 11, 19, 8, 0) + dt.timedelta(hours=number)
        try:
            for n in range(WRITES_PER_WRITER):
                kind = n % 3
                if kind == 0:
                    answer = api.post("/companies", json={"name": f"Load {number} {n}"})
                    if answer.status_code == 200:
                        seen.add(seen.companies, answer.json()["id"])
                elif kind == 1:
                    account_id = f"w{number}-{n}"
                    path = accounts_path(feed.company_id, feed.connection_id)
                    answer = api.post(path, json=v2_account(account_id))
                    if answer.status_code == 200:
                        seen.add(seen.accounts, (feed.company_id, feed.connection_id, account_id))
                else:
                    body = {
                        "accountId": feed.account_id,
                        "transactions": transactions(start + dt.timedelta(minutes=n), 1),
                    }
                    answer = api.post(feed.push_path, json=body)
                    if answer.status_code == 200:
                        seen.add(seen.pushes, (feed.company_id, answer.json()["pushOperationKey"]))
        except httpx.TransportError:
            return  # killed: what was not answered was not acknowledged


def _load_and_kill(url: str, process: subprocess.Popen[bytes], feeds: list[Feed]) -> Acknowledged:
    seen = Acknowledged()
    threads = [threading.Thread(target=_writer, args=(url, feeds[n], seen, n)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    assert seen.enough.wait(timeout=60), f"only {seen.count()} writes acknowledged"
    process.send_signal(signal.SIGKILL)  # mid-load: the clients are still writing
    process.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=60)
    return seen


def _missing(url: str, seen: Acknowledged) -> list[str]:
    missing = []
    with httpx.Client(base_url=url, headers=AUTH, timeout=10) as api:
        for company_id in seen.companies:
            if api.get(f"/companies/{company_id}").status_code != 200:
                missing.append(f"company {company_id}")
        listed: dict[tuple[str, str], set[str]] = {}
        for company_id, connection_id, account_id in seen.accounts:
            if (company_id, connection_id) not in listed:
                rows = api.get(accounts_path(company_id, connection_id)).json()
                listed[(company_id, connection_id)] = {row["id"] for row in rows}
            if account_id not in listed[(company_id, connection_id)]:
                missing.append(f"source account {account_id}")
        for company_id, key in seen.pushes:
            if api.get(f"/companies/{company_id}/push/{key}").status_code != 200:
                missing.append(f"push operation {key}")
    return missing


def test_no_acknowledged_write_is_lost_across_kill_9(tmp_path: Path) -> None:
    with serving(tmp_path) as (url, _), httpx.Client(base_url=url, headers=AUTH, timeout=10) as api:
        api.post("/_sandbox/clock", json={"frozenAt": "2026-11-20T12:00:00Z"})
        feeds = [linked_feed(api, feed_start=dt.date(2026, 11, 13)) for _ in range(WRITERS)]
    acknowledged = 0
    for _ in range(ROUNDS):
        with serving(tmp_path) as (url, process):
            seen = _load_and_kill(url, process, feeds)
        acknowledged += seen.count()
        with serving(tmp_path) as (url, _):
            missing = _missing(url, seen)
            assert missing == [], f"{len(missing)} of {seen.count()} acknowledged writes lost: {missing[:5]}"
    assert acknowledged >= ROUNDS * KILL_AFTER
    with serving(tmp_path) as (url, _), httpx.Client(base_url=url, headers=AUTH, timeout=10) as api:
        assert api.get("/companies", params={"pageSize": 1}).json()["totalResults"] > WRITERS
        assert make_connection(api, make_company(api)["id"])["status"] == "PendingAuth"  # it still takes writes
