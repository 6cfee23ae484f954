"""linkUrls and their one-time passcodes (OTPs).

An OTP is derived, not stored: HMAC(install secret, connection id, issue step), cut to six digits.
A code is valid for LINK_TTL_SECONDS of the tenant's sandbox time after its step began, so expiry
follows the sandbox clock to within a step, and no code of a step before the connection was created
is ever valid: a new connection has one live code, not an hour's worth. Handing a link out writes
nothing: an application that polls GET connection costs reads only, and never spoils a link the user
has not opened yet.

What bounds guessing is the OTP guard (link_ui.otp_guard), which counts wrong codes per connection,
whichever of its codes they aimed at: MAX_FAILURES within FAILURE_WINDOW, and MAX_DAILY_FAILURES
within a day. With the codes of an hour live (LIVE_CODES), a guesser's odds are LIVE_CODES in a
million per try and at most MAX_DAILY_FAILURES tries a day: years, on average, to hit one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from link_ui.codat import LINK_TTL_SECONDS

STEP_SECONDS = 10  # links handed out within one step share a code
LIVE_CODES = LINK_TTL_SECONDS // STEP_SECONDS  # valid codes of a connection at any moment
MAX_FAILURES = 5  # wrong codes per connection before the link is throttled
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_DAILY_FAILURES = 20  # and per day, whatever the windows
DAY = dt.timedelta(days=1)


def step_of(moment: dt.datetime) -> int:
    """The issue step of a code handed out at `moment`."""
    return int(moment.timestamp()) // STEP_SECONDS


def _code(secret: bytes, connection_id: str, step: int) -> str:
    digest = hmac.new(secret, f"otp:{connection_id}:{step}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def current_otp(secret: bytes, connection_id: str, now: dt.datetime) -> str:
    return _code(secret, connection_id, step_of(now))


def otp_is_valid(secret: bytes, connection_id: str, otp: str, now: dt.datetime, created: dt.datetime) -> bool:
    """True when `otp` is the code of a step that began less than an hour of sandbox time ago, and
    not before the connection's step of creation (unless the clock has since been set back before it:
    then the hour alone bounds it, so a link handed out at the earlier time still opens)."""
    if len(otp) != 6 or not (otp.isascii() and otp.isdigit()):  # "١٢٣٤٥٦" is digits too
        return False
    newest = step_of(now)
    first = step_of(created) if created <= now else newest - LIVE_CODES + 1
    valid = False
    for step in range(newest - LIVE_CODES + 1, newest + 1):  # every live step is checked: timing reveals nothing
        began = dt.datetime.fromtimestamp(step * STEP_SECONDS, dt.UTC)
        valid |= (
            hmac.compare_digest(_code(secret, connection_id, step), otp)
            and now - began < dt.timedelta(seconds=LINK_TTL_SECONDS)
            and step >= first
        )
    return valid


def link_url(public_url: str, company_id: str, connection_id: str, otp: str) -> str:
    return f"{public_url}/companies/{company_id}/connections/{connection_id}/start?otp={otp}"
