"""Rows of a snapshot, as both apps' snapshots carry them: checked before a restore, then inserted.

A snapshot's table is a list of objects, one per row, keyed by column. Checking them first means
that a malformed snapshot is refused with a clear message instead of failing inside SQLite.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Any

from sandbox.db import Writer

Tables = dict[str, list[dict[str, Any]]]


class SnapshotError(ValueError):
    """The snapshot can't be restored here; the message says why. Nothing was changed."""


def checked_tables(snapshot: Any, kind: str, format_: str, schema_version: int, known: Collection[str]) -> Tables:
    """The snapshot's rows, every known table present, once its format, schema version and rows are
    checked. `kind` names the snapshot in messages ("provider", "QuickBooks")."""
    if not isinstance(snapshot, dict) or snapshot.get("format") != format_:
        raise SnapshotError(f"This is not a {kind} snapshot: its 'format' must be {format_!r}.")
    if snapshot.get("schemaVersion") != schema_version:
        raise SnapshotError(
            f"The snapshot is of schema version {snapshot.get('schemaVersion')!r}; this sandbox has {schema_version}."
        )
    tables = snapshot.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(known):
        raise SnapshotError("'tables' must be an object with only these tables: " + ", ".join(known) + ".")
    for name, rows in tables.items():
        check_rows(name, rows)
    return {name: tables.get(name, []) for name in known}


def check_rows(table: str, rows: Any) -> None:
    """Raises SnapshotError unless `rows` is a list of non-empty objects of plain column names and
    values that SQLite stores as they are (text, 64-bit integers, numbers, null)."""
    if not isinstance(rows, list) or not all(isinstance(row, dict) and row for row in rows):
        raise SnapshotError(f"'tables.{table}' must be a list of rows (objects).")
    for row in rows:
        if not all(isinstance(column, str) and column.isidentifier() for column in row):
            raise SnapshotError(f"'tables.{table}' has a row with a column name that is not a plain name.")
        if not all(_storable(value) for value in row.values()):
            raise SnapshotError(f"'tables.{table}' has a row with a value that is not text, a number or null.")


def _storable(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")  # JSON may carry a lone surrogate, which SQLite can't store
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return value is None or isinstance(value, float)


async def insert_row(tx: Writer, table: str, row: dict[str, Any]) -> None:
    """Inserts a row that check_rows accepted into `table` (a name the caller chose, never the snapshot)."""
    columns, marks = ", ".join(row), ", ".join("?" for _ in row)
    await tx.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))  # noqa: S608


def refusal(exc: sqlite3.Error) -> SnapshotError:
    """Why the database refused a restore's rows (the restore's transaction has rolled back)."""
    if isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc):
        return SnapshotError(
            f"The snapshot's rows clash with rows of another tenant, or repeat each other ({exc}). "
            "Reset that tenant first, or restore the snapshot into the tenant (API key) it came from."
        )
    return SnapshotError(f"The snapshot's rows do not fit this sandbox's tables: {exc}.")


def json_schema(format_: str, schema_version: int) -> dict[str, Any]:
    """A snapshot's outline, for the controls' docs (GET and PUT /_sandbox/snapshot)."""
    return {
        "type": "object",
        "required": ["format", "schemaVersion", "tables"],
        "properties": {
            "format": {"const": format_},
            "schemaVersion": {"const": schema_version, "description": "A restore takes this version only."},
            "tables": {
                "type": "object",
                "description": "Each table's rows, as objects keyed by column.",
                "additionalProperties": {"type": "array", "items": {"type": "object"}},
            },
        },
    }
