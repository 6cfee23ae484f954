"""linkUrls and their one-time passcodes (OTPs).

An OTP is derived, not stored: HMAC(install secret, connection id, issue step), cut to six digits.
A code is valid for LINK_TTL_SECONDS of the tenant's sandbox time after its step, so "GET connection
gives a fresh link" costs no write, and expiry follows the sandbox clock exactly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from link_ui.codat import LINK_TTL_SECONDS

STEP_SECONDS = 10  # issue granularity: links fetched within one step share a code
MAX_FAILURES = 5  # wrong codes per connection before the link is throttled
FAILURE_WINDOW = dt.timedelta(minutes=15)


def _step(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def _code(secret: bytes, connection_id: str, step: int) -> str:
    digest = hmac.new(secret, f"otp:{connection_id}:{step}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def current_otp(secret: bytes, connection_id: str, now: dt.datetime) -> str:
    return _code(secret, connection_id, _step(now))


def otp_is_valid(secret: bytes, connection_id: str, otp: str, now: dt.datetime) -> bool:
    """True when `otp` was issued for this connection within the last hour of sandbox time."""
    if len(otp) != 6 or not (otp.isascii() and otp.isdigit()):  # "١٢٣٤٥٦" is digits too
        return False
    newest = _step(now)
    oldest = _step(now - dt.timedelta(seconds=LINK_TTL_SECONDS)) + 1
    valid = False
    for step in range(oldest, newest + 1):  # every step is checked: the time taken reveals nothing
        valid |= hmac.compare_digest(_code(secret, connection_id, step), otp)
    return valid


def link_url(public_url: str, company_id: str, connection_id: str, otp: str) -> str:
    return f"{public_url}/companies/{company_id}/connections/{connection_id}/start?otp={otp}"
