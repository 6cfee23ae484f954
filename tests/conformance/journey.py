"""What the journeys share: QBO's part (linking, through the feed protocol), the bank-feed steps a
Platform SDK lacks, and running a client's journey script as a subprocess that hands over to the test.

A script prints JSON lines: `{"pause": {...}}` where the journey needs the test (QBO's Connect, or
steps outside that SDK), answered with one JSON line on its stdin; and last `{"result": {...}}`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.support import accounts_path, connect_accounts, sandbox_now, v2_account

ROOT = Path(__file__).parents[2]
CLIENTS = Path(__file__).parent / "clients"
SDK12_PYTHON = ROOT / ".venv-sdk12" / "bin" / "python"  # made by `make clients`
NODE_DIR = Path(__file__).parent / "ts"
NODE_PLATFORM = NODE_DIR / "node_modules" / "@codat" / "platform"  # npm ci, by `make clients`
TIMEOUT = 60.0  # a whole journey takes about a second; this only stops a hung client


def installed(path: Path) -> None:
    """A client that `make test` installs (`make clients`): without it, fail and say so, never skip."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run `make clients` (make test does it)", pytrace=False)


def link_in_qbo(api: httpx.Client, account_ids: list[str], username: str, password: str) -> None:
    """QBO's Connect with the credentials the SMB got from the Link UI: a week of history."""
    feed_start = sandbox_now(api).date() - dt.timedelta(days=7)
    connect_accounts(api, account_ids, feed_start, username, password)


def coffee(api: httpx.Client, transaction_id: str = "journey-t1") -> dict[str, Any]:
    """One bank transaction that cleared an hour ago on the sandbox clock (inside QBO's window),
    in the API's field names, which the Python SDKs' request models take as well."""
    cleared = sandbox_now(api).replace(tzinfo=None) - dt.timedelta(hours=1)
    return {
        "id": transaction_id,
        "date": cleared.isoformat(timespec="seconds"),
        "description": "Coffee",
        "amount": -4.5,
        "balance": 95.5,
        "transactionType": "Debit",
    }


def bank_feed_over_http(api: httpx.Client, company_id: str, connection_id: str) -> str:
    """Source account, credentials, QBO's Connect and one write: the push operation's key."""
    path = accounts_path(company_id, connection_id)
    account = api.post(path, json=v2_account("journey-checking"))
    assert account.status_code == 200, account.text
    credentials = api.post(path + "/credentials", content=b"")
    assert credentials.status_code == 200, credentials.text
    link_in_qbo(api, ["journey-checking"], credentials.json()["username"], credentials.json()["password"])
    push = api.post(
        f"/companies/{company_id}/connections/{connection_id}/push/bankAccounts/journey-checking/bankTransactions",
        json={"accountId": "journey-checking", "transactions": [coffee(api)]},
    )
    assert push.status_code == 200, push.text
    return str(push.json()["pushOperationKey"])


def run_client(
    command: list[str],
    server_url: str,
    api_key: str,
    on_pause: Callable[[dict[str, Any]], dict[str, Any]],
    extra_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Runs a journey script with SERVER_URL and API_KEY (and `extra_env`) set; returns its result,
    or fails with its stderr."""
    env = {**os.environ, "SERVER_URL": server_url, "API_KEY": api_key, **(extra_env or {})}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    watchdog = threading.Timer(TIMEOUT, process.kill)
    watchdog.start()
    result: dict[str, Any] | None = None
    try:
        for line in process.stdout:
            message = json.loads(line)
            if "pause" in message:
                process.stdin.write(json.dumps(on_pause(message["pause"])) + "\n")
                process.stdin.flush()
            else:
                result = message["result"]
        process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    errors = process.stderr.read()
    process.stderr.close()
    process.stdin.close()
    process.stdout.close()
    assert process.returncode == 0 and result is not None, f"{' '.join(command)} failed:\n{errors}"
    return result
