"""linkUrls and their one-time passcodes (OTPs).

An OTP is derived, not stored: HMAC(install secret, connection id, issue step), cut to six digits.
A code is valid for LINK_TTL_SECONDS of the tenant's sandbox time after its step, so expiry follows
the sandbox clock exactly. Which steps a connection's links were handed out in is recorded (at
most one write per STEP_SECONDS per connection), and only the MAX_LIVE_CODES newest of them are
valid: a guess has a handful of codes to hit, not the 360 an hour of steps would give.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from link_ui.codat import LINK_TTL_SECONDS

if TYPE_CHECKING:
    from link_ui.store.connections import ConnectionStore

STEP_SECONDS = 10  # issue granularity: links fetched within one step share a code
MAX_LIVE_CODES = 10  # the newest codes of a connection that stay valid (each for its hour)
MAX_FAILURES = 5  # wrong codes per connection before the link is throttled
FAILURE_WINDOW = dt.timedelta(minutes=15)


def step_of(moment: dt.datetime) -> int:
    """The issue step of a code handed out at `moment`."""
    return int(moment.timestamp()) // STEP_SECONDS


def _code(secret: bytes, connection_id: str, step: int) -> str:
    digest = hmac.new(secret, f"otp:{connection_id}:{step}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def current_otp(secret: bytes, connection_id: str, now: dt.datetime) -> str:
    return _code(secret, connection_id, step_of(now))


def otp_is_valid(secret: bytes, connection_id: str, otp: str, now: dt.datetime, issued: Iterable[int]) -> bool:
    """True when `otp` is the code of one of the `issued` steps (the connection's newest) and that
    step is within the last hour of sandbox time."""
    if len(otp) != 6 or not (otp.isascii() and otp.isdigit()):  # "١٢٣٤٥٦" is digits too
        return False
    newest = step_of(now)
    oldest = step_of(now - dt.timedelta(seconds=LINK_TTL_SECONDS)) + 1
    valid = False
    for step in issued:  # every issued step is checked: the time taken reveals nothing
        valid |= hmac.compare_digest(_code(secret, connection_id, step), otp) and oldest <= step <= newest
    return valid


async def issue(connections: ConnectionStore, connection_ids: Sequence[str], now: dt.datetime) -> None:
    """Records that links are being handed out now for these connections: call it with the `now`
    their linkUrls are made with (current_otp), before they leave the sandbox."""
    await connections.issue_link_codes(connection_ids, step_of(now), MAX_LIVE_CODES)


def link_url(public_url: str, company_id: str, connection_id: str, otp: str) -> str:
    return f"{public_url}/companies/{company_id}/connections/{connection_id}/start?otp={otp}"
