"""Statuses that follow from time: what Codat reports after the SMB disconnects a feed in QBO.

QBO tells the provider at once, but Codat shows the source account as `disconnected` only after
DISCONNECTED_AFTER_DAYS, and the connection as `Unlinked` UNLINKED_AFTER_DAYS after its last account
came to read disconnected (Codat: "up to a day later"). Both are derived at read time from the
tenant's sandbox clock, so advancing the clock is enough.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from link_ui.codat import DISCONNECTED_AFTER_DAYS, UNLINKED_AFTER_DAYS, ConnectionStatus, SourceAccountStatus
from sandbox.clock import iso, parse_iso


def account_status(stored: str, disconnected_at: str | None, now: dt.datetime) -> str:
    if disconnected_at and now >= parse_iso(disconnected_at) + dt.timedelta(days=DISCONNECTED_AFTER_DAYS):
        return SourceAccountStatus.DISCONNECTED.value
    return stored


UNLINKED_AFTER = dt.timedelta(days=DISCONNECTED_AFTER_DAYS + UNLINKED_AFTER_DAYS)
LONG_AGO = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def unlinked_by(now: dt.datetime) -> str:
    """The moment at or before which every account must have been disconnected in QBO for its
    connection to read `Unlinked` at `now` (the store derives a connection's status in SQL with it)."""
    return iso(now - UNLINKED_AFTER)


def unlinks_at(accounts: Iterable[tuple[str, str | None]]) -> dt.datetime | None:
    """When a connection with these accounts' (stored status, disconnected_at) comes to read
    `Unlinked`: UNLINKED_AFTER past its last disconnect; None while one of them is still connected.
    (An account stored `disconnected`, as an application's PATCH sets it, counts as long gone.)"""
    latest = LONG_AGO
    for stored, disconnected_at in accounts:
        if stored == SourceAccountStatus.DISCONNECTED:
            continue
        if disconnected_at is None:
            return None
        latest = max(latest, parse_iso(disconnected_at) + UNLINKED_AFTER)
    return latest


def connection_status(stored: str, accounts: Iterable[tuple[str, str | None]], now: dt.datetime) -> str:
    """A Linked connection reads Unlinked UNLINKED_AFTER past its last account's disconnect in QBO."""
    listed = list(accounts)
    if stored == ConnectionStatus.LINKED and listed:
        moment = unlinks_at(listed)
        if moment is not None and now >= moment:
            return ConnectionStatus.UNLINKED.value
    return stored


def can_receive_writes(stored: str, disconnected_at: str | None) -> bool:
    """Writes stop the moment the SMB disconnects, before Codat's status catches up."""
    return stored == SourceAccountStatus.CONNECTED and disconnected_at is None
