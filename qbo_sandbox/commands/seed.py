"""`qbo-sandbox seed demo`: seeds a running sandbox through its control, and prints what to open."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import httpx

from sandbox.tenancy import basic_header


class CommandError(Exception):
    """A one-line reason the command could not seed; it exits 1."""


def main(args: argparse.Namespace) -> int:
    provider_url, qbo_url = args.provider_url.rstrip("/"), args.qbo_url.rstrip("/")
    started = time.perf_counter()
    try:
        with httpx.Client(headers={"Authorization": basic_header(args.api_key)}, timeout=60.0) as http:
            _check_running(http, provider_url, qbo_url)
            body = {"seed": args.seed, "locale": args.locale, "view": args.view}
            answer = _seeded(http.post(qbo_url + "/_sandbox/seed", json=body))
    except CommandError as exc:
        print(f"qbo-sandbox: {exc}", file=sys.stderr)
        return 1
    except httpx.HTTPError as exc:
        print(f"qbo-sandbox: the sandbox stopped answering while seeding: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
    else:
        print(summary(answer, args.api_key, provider_url, time.perf_counter() - started))
    return 0


def _check_running(http: httpx.Client, provider_url: str, qbo_url: str) -> None:
    for name, url in (("Bank Feeds API", provider_url), ("QuickBooks Online emulator", qbo_url)):
        try:
            healthy = http.get(url + "/_sandbox/health", timeout=5.0).status_code == 200
        except httpx.HTTPError:
            healthy = False
        if not healthy:
            raise CommandError(
                f"no sandbox is running at {url} (its {name}): start one with `qbo-sandbox serve` (or `make run`)."
            )


def _seeded(response: httpx.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if response.status_code != 200 or not isinstance(answer, dict):
        reason = answer.get("error") if isinstance(answer, dict) else response.text[:200]
        raise CommandError(f"the sandbox did not seed the demo ({response.status_code}): {reason}")
    return answer


def summary(answer: dict[str, Any], api_key: str, provider_url: str, seconds: float) -> str:
    """What a person needs to start the demo, in the order they use it."""
    realm = answer["realm"]
    lines = [
        f"Seeded demo {answer['seed']} for API key {api_key!r} in {seconds:.1f}s: {answer['companyName']}",
        "",
        "QuickBooks Online (sign in, then Banking: the accounts have transactions For review)",
        f"  Sign in      {realm['signInUrl']}",
        f"  Email        {realm['email']}",
        f"  Password     {realm['password']}",
        f"  Realm        {realm['realmId']}",
        "",
        "Bank Feeds API",
        f"  Company      {answer['companyId']}",
        f"  Connection   {answer['connectionId']} ({answer['connectionStatus']})",
        f"  Link URL     {answer['linkUrl']}",
        f"  Dashboard    {provider_url}/_sandbox/dashboard/",
        "",
        f"Source accounts (linked from {answer['feedStartDate']})",
    ]
    for account in answer["sourceAccounts"]:
        name, number = f"{account['accountName']:<32}", account["accountNumber"]
        balance = f"{account['currency']} {account['balance']:>11,.2f}"
        count = f"{account['transactionsWritten']:>3} transactions"
        lines.append(f"  {name} {number}  {balance}  {count} → {account['qboAccountName']}")
    return "\n".join(lines)
