"""Codat's paged lists: `page`, `pageSize`, `query` (its query language) and `orderBy`.

Lists are small per tenant, so filtering, sorting and paging run over the serialised objects:
one rule for every list, and `query` reads exactly the field names the caller sees.

Query language (the subset this sandbox speaks): clauses `field OP value` joined by `&&` (all
must hold) or `||` (any); OP is one of `=`, `!=`, `~` (contains), `>`, `<`, `>=`, `<=`. A value
may be wrapped in {braces} or quotes. Text compares case-insensitively.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from link_ui.api.http import query_int
from link_ui.errors import ApiError
from link_ui.shapes import PAGE

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 5000  # what a request may ask for
MAX_RESULTS_PER_PAGE = 2000  # what a page holds: the answer's pageSize is at most this

_CLAUSE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_.]*)\s*(!=|>=|<=|=|~|>|<)\s*(.*?)\s*$", re.DOTALL)
Predicate = Callable[[dict[str, Any]], bool]


def malformed(detail: str) -> ApiError:
    return ApiError(400, f"Error parsing query - {detail}")


def _value(raw: str) -> str:
    if len(raw) >= 2 and (raw[0], raw[-1]) in {("{", "}"), ('"', '"'), ("'", "'")}:
        return raw[1:-1]
    if not raw or any(c in raw for c in "{}") or raw[0] in "\"'":
        raise malformed("Malformed query.")
    return raw


def _field(item: dict[str, Any], path: str) -> Any:
    value: Any = item
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _compare(actual: Any, op: str, expected: str) -> bool:
    text = "" if actual is None else str(actual).lower() if isinstance(actual, bool) else str(actual)
    left, right = text.casefold(), expected.casefold()
    if op == "=":
        return left == right or (expected.lower() == "null" and actual is None)
    if op == "!=":
        return not _compare(actual, "=", expected)
    if op == "~":
        return right in left
    if isinstance(actual, int | float) and not isinstance(actual, bool):
        try:
            number = float(expected)
        except ValueError:
            raise malformed(f"'{expected}' is not a number.") from None
        return {">": actual > number, "<": actual < number, ">=": actual >= number, "<=": actual <= number}[op]
    return {">": left > right, "<": left < right, ">=": left >= right, "<=": left <= right}[op]


def _clause(text: str, fields: Collection[str]) -> Predicate:
    match = _CLAUSE.match(text)
    if not match:
        raise malformed("Malformed query.")
    path, op, raw = match.groups()
    if path.split(".")[0] not in fields:
        raise malformed(f"Could not resolve property {path}.")
    value = _value(raw)
    return lambda item: _compare(_field(item, path), op, value)


def parse_query(text: str | None, fields: Collection[str]) -> Predicate | None:
    if text is None or not text.strip():
        return None
    if "&&" in text and "||" in text:
        raise malformed("Mixing && and || needs parentheses, which this sandbox does not support.")
    joiner, combine = ("||", any) if "||" in text else ("&&", all)
    predicates = [_clause(part, fields) for part in text.split(joiner)]
    return lambda item: combine(p(item) for p in predicates)


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, "")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (1, value)
    return (2, str(value).casefold())


def parse_order(text: str | None, fields: Collection[str]) -> list[tuple[str, bool]]:
    """`-created,name` → [("created", descending), ("name", ascending)]."""
    if text is None or not text.strip():
        return []
    order = []
    for part in text.split(","):
        name = part.strip()
        descending = name.startswith("-")
        name = name.lstrip("-").strip()
        if name not in fields:
            raise ApiError(400, f"Cannot order by '{name or part}': it is not a field of these results.")
        order.append((name, descending))
    return order


def paged(
    request: Request, items: Sequence[dict[str, Any]], fields: Collection[str], default_order: str
) -> dict[str, Any]:
    """The Codat page of `items` that the request's page, pageSize, query and orderBy select."""
    page = query_int(request, "page", 1, 1, 2**31 - 1)
    # The spec takes a pageSize up to 5000 but its answers hold at most 2000: larger asks are clamped.
    size = min(query_int(request, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE), MAX_RESULTS_PER_PAGE)
    predicate = parse_query(request.query_params.get("query"), fields)
    order = parse_order(request.query_params.get("orderBy"), fields) or parse_order(default_order, fields)
    selected = [i for i in items if predicate(i)] if predicate else list(items)
    for name, descending in reversed(order):  # stable sorts, last key first
        selected.sort(key=lambda item: _sort_key(item.get(name)), reverse=descending)
    start = (page - 1) * size
    results = selected[start : start + size]

    def href(number: int) -> dict[str, str]:
        params: dict[str, Any] = {"page": number, "pageSize": size}
        for name in ("query", "orderBy"):
            if request.query_params.get(name):
                params[name] = request.query_params[name]
        return {"href": f"{request.url.path}?{urlencode(params)}"}

    links = {
        "self": {"href": request.url.path},
        "current": href(page),
        "next": href(page + 1) if start + size < len(selected) else None,
        "previous": href(page - 1) if page > 1 else None,
    }
    return {
        "results": results,
        "pageNumber": page,
        "pageSize": size,
        "totalResults": len(selected),
        "_links": PAGE.compact(links),
    }
