"""`qbo-sandbox seed demo`: seeds a running sandbox through its control, and prints what to open."""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING, Any

from qbo_sandbox.commands import running
from qbo_sandbox.config import dashboard_url

if TYPE_CHECKING:
    from scenarios.api import SandboxApi


def main(args: argparse.Namespace) -> int:
    def seed(api: SandboxApi) -> str:
        started = time.perf_counter()
        answer = api.seed(args.seed, locale=args.locale, view=args.view)
        if args.json:
            return json.dumps(answer, indent=2, ensure_ascii=False)
        return summary(answer, args.api_key, api.provider_url, time.perf_counter() - started)

    return running.run(args, "the seed", seed)


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
        f"  Dashboard    {dashboard_url(provider_url)}",
        "",
        f"Source accounts (linked from {answer['feedStartDate']})",
    ]
    for account in answer["sourceAccounts"]:
        name, number = f"{account['accountName']:<32}", account["accountNumber"]
        balance = f"{account['currency']} {account['balance']:>11,.2f}"
        count = f"{account['transactionsWritten']:>3} transactions"
        lines.append(f"  {name} {number}  {balance}  {count} → {account['qboAccountName']}")
    return "\n".join(lines)
