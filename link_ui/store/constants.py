"""Lists whose items are the sandbox's constants, not rows (the integrations it offers), paged by
the same SQL as stored lists, so that Codat's query language has one implementation.

The items become a one-statement table of their values (VALUES), each value as the text a query
compares it with (`true`/`false` for a boolean, as JSON shows it), numbers kept as numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from link_ui.store._base import Family
from link_ui.store.listing import Field, Kind, Selection, Sql, page


def _kind(value: Any) -> Kind:
    return Kind.NUMBER if isinstance(value, int | float) and not isinstance(value, bool) else Kind.TEXT


def _value(value: Any) -> Any:
    if value is None or _kind(value) is Kind.NUMBER:
        return value
    return str(value).lower() if isinstance(value, bool) else str(value)


def fields_of(item: Mapping[str, Any], names: Sequence[str]) -> dict[str, Field]:
    """The list's fields, as `query` and `orderBy` see them, for items shaped like `item`."""
    return {name: Field(f"i.f{n}", _kind(item.get(name))) for n, name in enumerate(names)}


class ConstantStore(Family):
    async def listed(
        self, items: Sequence[Mapping[str, Any]], names: Sequence[str], selection: Selection
    ) -> tuple[list[Mapping[str, Any]], int]:
        """The selected page of `items` (in their order when tied), and how many the selection has."""
        if not items:
            return [], 0
        columns = ", ".join(f"f{n}" for n in range(len(names)))
        marks = ", ".join("?" for _ in range(len(names) + 1))
        rows_sql = ", ".join(f"({marks})" for _ in items)
        table = f"(WITH t(pos, {columns}) AS (VALUES {rows_sql}) SELECT * FROM t) i"  # noqa: S608 - placeholders only
        params = tuple(p for pos, item in enumerate(items) for p in (pos, *(_value(item.get(n)) for n in names)))
        rows, total = await page(
            self.db,
            Sql("i.pos"),
            table,
            Sql("1"),
            fields_of(items[0], names),
            selection,
            {},
            table_params=params,
            insertion="pos",
        )
        return [items[row["pos"]] for row in rows], total
