"""What every table family of the provider store shares: its database, the row type, ParentGone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import aiosqlite

from link_ui.store.counts import CompanyCounts
from sandbox.db import Database

Row = aiosqlite.Row


class ParentGone(LookupError):
    """A create found the row it hangs off (company, connection, account) gone, inside its own
    transaction: a create racing a delete. Nothing was written; handlers answer their 404."""


class Reader(Protocol):
    """The database's reader, or a write transaction (whose reads see its own writes)."""

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...
    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...


class Family:
    """One family of tables, over the app's database."""

    def __init__(self, db: Database) -> None:
        self.db = db


class CountingFamily(Family):
    """A family whose writes add or remove companies, and so keep the tenants' company counts."""

    def __init__(self, db: Database, counts: CompanyCounts) -> None:
        super().__init__(db)
        self.counts = counts


def marks(values: Sequence[Any]) -> str:
    """Placeholders for `IN (…)`: one `?` per value (bound, never spliced), NULL for none."""
    return ",".join("?" for _ in values) or "NULL"
