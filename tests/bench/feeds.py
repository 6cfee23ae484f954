"""What the write benchmarks start from and do: a Linked connection with connected accounts (made
through the API and the feed protocol, as QBO makes it), and one timed 1000-transaction write.
"""

from __future__ import annotations

import datetime as dt
import time

import httpx

from sandbox import feed_protocol as fp
from sandbox.tenancy import tenant_id_for

BATCH = 1000


async def linked_feed(api: httpx.AsyncClient, api_key: str, accounts: int) -> tuple[str, str, list[str]]:
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
    sign_in = fp.SignIn(tenant_id_for(api_key), creds["username"], creds["password"]).to_json()
    session = (await api.post(fp.SESSIONS_PATH, json=sign_in)).json()
    today = (await sandbox_now(api)).date()
    link = fp.LinkRequest([fp.LinkChoice(a, "35", "Checking", today) for a in ids]).to_json()
    response = await api.post(fp.LINKS_PATH, json=link, headers={"Authorization": "Bearer " + session["token"]})
    response.raise_for_status()
    return company, connection, ids


async def sandbox_now(api: httpx.AsyncClient) -> dt.datetime:
    now = (await api.get("/_sandbox/clock")).json()["now"]
    return dt.datetime.fromisoformat(now.replace("Z", "")).replace(tzinfo=None)


def transactions(day: dt.date, batch: int = 0) -> list[dict[str, object]]:
    """The `batch`-th 1000 transactions of `day`, later than every earlier batch's (100 batches fit in a day)."""
    start = dt.datetime.combine(day, dt.time())
    return [
        {
            "id": f"t{batch}-{n}",
            "date": (start + dt.timedelta(milliseconds=800 * (batch * BATCH + n))).isoformat(timespec="milliseconds"),
            "description": f"Item {n}",
            "amount": 1.0,
            "balance": 1.0 + n,
            "transactionType": "Credit",
        }
        for n in range(BATCH)
    ]


async def timed_write(
    api: httpx.AsyncClient, company: str, connection: str, account: str, batch: list[dict[str, object]]
) -> tuple[float, float]:
    """(seconds until the write is accepted, seconds until its push operation reads Success)."""
    body = {"accountId": account, "transactions": batch}
    path = f"/companies/{company}/connections/{connection}/push/bankAccounts/{account}/bankTransactions"
    began = time.perf_counter()
    response = await api.post(path, json=body)
    accepted = time.perf_counter() - began
    response.raise_for_status()
    key = response.json()["pushOperationKey"]
    while True:
        status = (await api.get(f"/companies/{company}/push/{key}")).json()["status"]
        if status != "Pending":
            break
    if status != "Success":
        raise RuntimeError(f"the benchmark write ended {status}")
    return accepted, time.perf_counter() - began
