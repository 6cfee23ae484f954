"""Rows of a snapshot, as both apps' snapshots carry them: checked before a restore, then inserted.

A snapshot's table is a list of objects, one per row, keyed by column. Before anything is written,
every value is checked against its column: the SQL type and NOT NULL that the schema itself
declares, a JSON-safe range for integers, text that can be stored and sent back (sandbox.json_body),
and for the columns an app reads back as more than text (times, JSON, amounts, states) what that
app will parse (its `kinds`). A snapshot that fails is refused with a message naming the value.

Integer row ids are shared by every tenant's rows (SQLite hands out the next one after the
largest), so a restore never takes them from a snapshot: it renumbers them, in their order, and the
references to them. No snapshot can move a counter that other tenants' inserts depend on.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.clock import parse_iso
from sandbox.db import Database, Writer
from sandbox.feed_protocol import MAX_AMOUNT
from sandbox.json_body import problem, text_problem

Tables = dict[str, list[dict[str, Any]]]
Kind = Callable[[Any], bool]  # True when a (non-null) value is one the app can read back
MAX_INTEGER = 2**53 - 1  # the largest integer that every JSON reader keeps exactly


class SnapshotError(ValueError):
    """The snapshot can't be restored here; the message says why. Nothing was changed."""


@dataclass(frozen=True)
class Column:
    type: str  # INTEGER, TEXT or REAL, as the schema declares it
    required: bool  # NOT NULL and no default


Schema = dict[str, dict[str, Column]]


@dataclass(frozen=True)
class Layout:
    """How an app's snapshot is laid out: its tables and what a restore does with their values."""

    tables: Mapping[str, str]  # table -> the WHERE clause for a tenant's rows; parents before children
    renumbered: Mapping[str, str] = field(default_factory=dict)  # table -> its integer row id
    references: Mapping[tuple[str, str], str] = field(default_factory=dict)  # (table, column) -> table
    kinds: Mapping[tuple[str, str], Kind] = field(default_factory=dict)  # (table, column) -> its check


async def schema_of(db: Database, layout: Layout) -> Schema:
    """The columns of the layout's tables, as the database declares them."""
    schema: Schema = {}
    for table in layout.tables:
        rows = await db.fetch_all(f"PRAGMA table_info({table})")
        schema[table] = {
            row["name"]: Column(str(row["type"]).upper(), bool(row["notnull"]) and row["dflt_value"] is None)
            for row in rows
        }
    return schema


def checked_tables(
    snapshot: Any, what: str, format_: str, versions: Collection[int], layout: Layout, schema: Schema
) -> Tables:
    """The snapshot's rows, every table of the layout present, once its format, schema version and
    every value are checked. `what` names the snapshot in messages ("provider", "QuickBooks")."""
    if not isinstance(snapshot, dict) or snapshot.get("format") != format_:
        raise SnapshotError(f"This is not a {what} snapshot: its 'format' must be {format_!r}.")
    if snapshot.get("schemaVersion") not in versions or isinstance(snapshot.get("schemaVersion"), bool):
        raise SnapshotError(
            f"The snapshot is of schema version {snapshot.get('schemaVersion')!r}; this sandbox takes "
            + " or ".join(str(v) for v in sorted(versions))
            + "."
        )
    tables = snapshot.get("tables")
    if not isinstance(tables, dict) or set(tables) - set(layout.tables):
        raise SnapshotError("'tables' must be an object with only these tables: " + ", ".join(layout.tables) + ".")
    for name, rows in tables.items():
        _check_rows(name, rows, layout, schema[name])
    return {name: tables.get(name, []) for name in layout.tables}


def _check_rows(table: str, rows: Any, layout: Layout, columns: dict[str, Column]) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, dict) and row for row in rows):
        raise SnapshotError(f"'tables.{table}' must be a list of rows (objects).")
    key = layout.renumbered.get(table)
    keys: set[int] = set()
    for n, row in enumerate(rows):
        at = f"tables.{table}[{n}]"
        for name in row:
            if name not in columns:
                raise SnapshotError(f"'{at}' has a column {name!r} that this sandbox's '{table}' does not have.")
        for name, column in columns.items():
            if name == "tenant_id":  # whoever restores the snapshot owns its rows
                continue
            value = row.get(name)
            if value is None:
                if column.required or name == key:
                    raise SnapshotError(f"'{at}' needs a value for '{name}'.")
                continue
            if name == key or (table, name) in layout.references:  # given anew on restore
                if isinstance(value, bool) or not isinstance(value, int):
                    raise SnapshotError(f"'{at}.{name}' must be a whole number.")
                continue
            if reason := _value_problem(value, column, layout.kinds.get((table, name))):
                raise SnapshotError(f"'{at}.{name}' {reason}")
        if key is not None:
            if row[key] in keys:
                raise SnapshotError(f"'{at}.{key}' repeats another row's.")
            keys.add(row[key])


def _value_problem(value: Any, column: Column, kind: Kind | None) -> str | None:
    if column.type == "INTEGER" and (isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_INTEGER):
        return f"must be a whole number within ±{MAX_INTEGER}."
    if column.type == "REAL" and (isinstance(value, bool) or not isinstance(value, int | float) or problem(value)):
        return "must be a finite number."
    if column.type == "TEXT":
        if not isinstance(value, str):
            return "must be text."
        if reason := text_problem(value):
            return "is not text this sandbox can store: " + reason.removeprefix("The request body has ")
    if kind is not None and not kind(value):
        return "is not a value this sandbox can read back (see a snapshot it exported)."
    return None


# -- kinds: what an app reads a column back as ------------------------------------------------------
def _parses(parser: Callable[[str], Any]) -> Kind:
    def kind(value: Any) -> bool:
        try:
            parser(value)
        except (ValueError, TypeError, OverflowError, InvalidOperation):
            return False
        return True

    return kind


def _moment(text: str) -> None:
    parse_iso(text).astimezone(dt.UTC)  # the year must survive the shift to UTC too


def _amount(text: str) -> None:
    number = Decimal(text)
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        raise ValueError(text)


TIMESTAMP: Kind = _parses(_moment)
LOCAL_DATETIME: Kind = _parses(dt.datetime.fromisoformat)
DATE: Kind = _parses(lambda text: dt.date.fromisoformat(text[:10]))
AMOUNT: Kind = _parses(_amount)


def json_text(of: type[dict[str, Any]] | type[list[Any]]) -> Kind:
    """Text holding a JSON object (or array) that sandbox.json_body would take."""

    def kind(value: Any) -> bool:
        try:
            parsed = json.loads(value)
        except (ValueError, RecursionError):
            return False
        return isinstance(parsed, of) and problem(parsed) is None

    return kind


def one_of(values: Iterable[str]) -> Kind:
    allowed = frozenset(values)
    return lambda value: isinstance(value, str) and value in allowed


def whole(low: int, high: int) -> Kind:
    return lambda value: isinstance(value, int) and low <= value <= high


# -- the restore's inserts --------------------------------------------------------------------------
async def insert_tables(tx: Writer, tables: Tables, layout: Layout, schema: Schema, tenant_id: str) -> None:
    """Inserts rows that checked_tables accepted, parents first, with the restoring tenant as owner.
    Renumbered row ids are left to SQLite (in their old order) and references follow them."""
    new_ids: dict[str, dict[Any, int]] = {}
    for table in layout.tables:
        key = layout.renumbered.get(table)
        rows = sorted(tables[table], key=lambda row: row[key]) if key else tables[table]
        moved = new_ids.setdefault(table, {})
        for original in rows:
            row = {k: v for k, v in original.items() if k not in ("tenant_id", key)}
            if "tenant_id" in schema[table]:
                row["tenant_id"] = tenant_id
            for (child, column), parent in layout.references.items():
                if child == table and row.get(column) is not None:
                    row[column] = new_ids[parent][row[column]]
            columns, marks = ", ".join(row), ", ".join("?" for _ in row)
            new_id = await tx.insert(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 - names checked against the schema
                list(row.values()),
            )
            if key:
                moved[original[key]] = new_id


def refusal(exc: sqlite3.Error) -> SnapshotError:
    """Why the database refused a restore's rows (the restore's transaction has rolled back)."""
    if isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc):
        return SnapshotError(
            f"The snapshot's rows clash with rows of another tenant, or repeat each other ({exc}). "
            "Reset that tenant first, or restore the snapshot into the tenant (API key) it came from."
        )
    return SnapshotError(f"The snapshot's rows do not fit this sandbox's tables: {exc}.")


def json_schema(format_: str, versions: Collection[int]) -> dict[str, Any]:
    """A snapshot's outline, for the controls' docs (GET and PUT /_sandbox/snapshot)."""
    return {
        "type": "object",
        "required": ["format", "schemaVersion", "tables"],
        "properties": {
            "format": {"const": format_},
            "schemaVersion": {"enum": sorted(versions), "description": "The schema versions a restore takes."},
            "tables": {
                "type": "object",
                "description": "Each table's rows, as objects keyed by column.",
                "additionalProperties": {"type": "array", "items": {"type": "object"}},
            },
        },
    }
