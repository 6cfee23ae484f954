"""Statuses that follow from time: what Codat reports after the SMB disconnects a feed in QBO.

QBO tells the provider at once, but Codat shows the source account as `disconnected` only after
DISCONNECTED_AFTER_DAYS, and the connection as `Unlinked` once every account reads disconnected.
Both are derived at read time from the tenant's sandbox clock, so advancing the clock is enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from link_ui.codat import DISCONNECTED_AFTER_DAYS, ConnectionStatus, SourceAccountStatus
from sandbox.clock import iso, parse_iso


def account_status(stored: str, disconnected_at: str | None, now: dt.datetime) -> str:
    if disconnected_at and now >= parse_iso(disconnected_at) + dt.timedelta(days=DISCONNECTED_AFTER_DAYS):
        return SourceAccountStatus.DISCONNECTED.value
    return stored


def disconnected_by(now: dt.datetime) -> str:
    """The moment at or before which an account disconnected in QBO reads `disconnected` at `now`
    (the store derives a connection's status in SQL with it)."""
    return iso(now - dt.timedelta(days=DISCONNECTED_AFTER_DAYS))


def connection_status(stored: str, account_statuses: Iterable[str]) -> str:
    statuses = list(account_statuses)
    if stored == ConnectionStatus.LINKED and statuses and all(s == SourceAccountStatus.DISCONNECTED for s in statuses):
        return ConnectionStatus.UNLINKED.value
    return stored


def can_receive_writes(stored: str, disconnected_at: str | None) -> bool:
    """Writes stop the moment the SMB disconnects, before Codat's status catches up."""
    return stored == SourceAccountStatus.CONNECTED and disconnected_at is None
