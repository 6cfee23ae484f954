"""Codat's paged lists in SQL: a parsed `query` (Codat's query language) becomes a WHERE clause,
`orderBy` an ORDER BY whose last tie-break is insertion order, and the page a LIMIT and OFFSET, so a
page costs what the page holds, not what the tenant holds.

A list declares its fields: the name a caller sees, the SQL giving a row's value, and its kind.
Comparisons are those of the JSON the caller sees: text case-insensitively (SQL `casefold()`, which
is Python's str.casefold), numbers as numbers, a missing value as empty text (or `null`). Sorting
puts missing values first and text in its case-folded order. A field whose SQL needs a value of
the request (the clock, the public URL) names it in `needs`; callers pass those as `values`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from link_ui.store._base import Reader, Row


class Kind(Enum):
    KEY = "key"  # an id the sandbox issued: lower-case ASCII, never missing; compared as stored (indexed)
    TIME = "time"  # an ISO-8601 date-time the sandbox wrote (ASCII), or missing; sorts as stored
    TEXT = "text"  # other text, or missing
    NUMBER = "number"  # an integer, or missing


@dataclass(frozen=True)
class Field:
    sql: str  # the value's expression over the row (constants are quoted, caller input never is)
    kind: Kind = Kind.TEXT
    needs: tuple[str, ...] = ()  # the request values bound to the `?`s of `sql`, in order


@dataclass(frozen=True)
class Clause:
    path: str  # a field's name, or a dotted path under one (naming nothing: every field is a scalar)
    op: str  # = != ~ > < >= <=
    value: str


@dataclass(frozen=True)
class Filter:
    clauses: tuple[Clause, ...]
    any_of: bool = False  # joined by || rather than &&


@dataclass(frozen=True)
class Selection:
    """Which rows, in which order, and which page of them."""

    query: Filter | None
    order: tuple[tuple[str, bool], ...]  # (field, descending)
    limit: int
    offset: int


@dataclass(frozen=True)
class Sql:
    text: str
    params: tuple[Any, ...] = ()


def literal(text: str) -> str:
    """A constant of the sandbox's own as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _as_text(field: Field) -> str:
    """The value as the case-folded text a query compares with; '' when missing."""
    if field.kind is Kind.KEY:
        return field.sql
    if field.kind is Kind.NUMBER:
        return f"coalesce(CAST({field.sql} AS TEXT), '')"
    if field.kind is Kind.TIME:
        return f"lower(coalesce({field.sql}, ''))"  # ASCII, where lower() is casefold
    return f"casefold(coalesce({field.sql}, ''))"


def _ordered(left: str, op: str, right: str) -> bool:
    return {">": left > right, "<": left < right, ">=": left >= right, "<=": left <= right}[op]


def _condition(fields: Mapping[str, Field], clause: Clause, values: Mapping[str, Any]) -> Sql:
    field = fields[clause.path] if "." not in clause.path else Field("NULL")
    text, value, own = _as_text(field), clause.value.casefold(), tuple(values[n] for n in field.needs)
    if clause.op in ("=", "!="):
        sql, params = f"{text} = ?", (*own, value)
        if clause.value.lower() == "null":
            sql, params = f"({sql} OR {field.sql} IS NULL)", (*params, *own)
        return Sql(f"NOT ({sql})" if clause.op == "!=" else sql, params)
    if clause.op == "~":
        return Sql(f"instr({text}, ?) > 0", (*own, value))
    if field.kind is Kind.NUMBER:  # the parser made sure the value is a number
        missing = int(_ordered("", clause.op, value))  # a missing number compares as empty text
        sql = f"CASE WHEN {field.sql} IS NULL THEN {missing} ELSE {field.sql} {clause.op} ? END"
        return Sql(sql, (*own, *own, float(clause.value)))
    return Sql(f"{text} {clause.op} ?", (*own, value))


def where(fields: Mapping[str, Field], query: Filter | None, values: Mapping[str, Any]) -> Sql:
    """The filter as one SQL condition (`1` for none), with its parameters in order."""
    if query is None:
        return Sql("1")
    parts = [_condition(fields, clause, values) for clause in query.clauses]
    joined = (" OR " if query.any_of else " AND ").join(part.text for part in parts)
    return Sql(f"({joined})", tuple(param for part in parts for param in part.params))


def order_by(
    fields: Mapping[str, Field], order: Sequence[tuple[str, bool]], insertion: str, values: Mapping[str, Any]
) -> Sql:
    """ORDER BY terms. Rows still tied fall to insertion order in the direction of the last term, so
    `-created` lists rows created in the same millisecond newest first too."""
    terms: list[str] = []
    params: list[Any] = []
    for name, descending in order:
        field = fields[name]
        expr = f"casefold({field.sql})" if field.kind is Kind.TEXT else field.sql
        terms.append(f"{expr} {'DESC' if descending else 'ASC'}")
        params.extend(values[n] for n in field.needs)
    terms.append(f"{insertion} {'DESC' if order and order[-1][1] else 'ASC'}")
    return Sql(", ".join(terms), tuple(params))


async def page(
    db: Reader,
    columns: Sql,
    table: str,
    scope: Sql,
    fields: Mapping[str, Field],
    selection: Selection,
    values: Mapping[str, Any],
    count_all: Callable[[], Awaitable[int]] | None = None,
    table_params: tuple[Any, ...] = (),
    insertion: str = "rowid",
) -> tuple[list[Row], int]:
    """The selected page of `table`'s rows within `scope` (a condition an index bounds), and how many
    rows the selection has in all. `table` names its alias (with `table_params` for any `?` in it);
    `insertion` is the column that orders its rows as they were added.

    The total costs nothing when the page is the last one (it ends before the page size); else it is
    counted, or, for a selection without a query, asked of `count_all` (a remembered count)."""
    alias = table.split()[-1]
    condition = where(fields, selection.query, values)
    order = order_by(fields, selection.order, f"{alias}.{insertion}", values)
    body = f"FROM {table} WHERE {scope.text} AND {condition.text}"
    rows = await db.fetch_all(
        f"SELECT {columns.text} {body} ORDER BY {order.text} LIMIT ? OFFSET ?",
        (
            *columns.params,
            *table_params,
            *scope.params,
            *condition.params,
            *order.params,
            selection.limit,
            selection.offset,
        ),
    )
    if len(rows) < selection.limit and (rows or selection.offset == 0):
        return rows, selection.offset + len(rows)
    if selection.query is None and count_all is not None:
        return rows, await count_all()
    counted = await db.fetch_one(f"SELECT COUNT(*) {body}", (*table_params, *scope.params, *condition.params))
    return rows, int(counted[0]) if counted else 0
