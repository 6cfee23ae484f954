"""Codat's paged lists: `page`, `pageSize`, `query` (its query language) and `orderBy`, read from the
request and checked (a 400 in Codat's words); the store runs the selection in SQL
(link_ui.store.listing) and `page_json` shapes its page as Codat's, with `_links`.

Query language (the subset this sandbox speaks): clauses `field OP value` joined by `&&` (all
must hold) or `||` (any); OP is one of `=`, `!=`, `~` (contains), `>`, `<`, `>=`, `<=`. A value
may be wrapped in {braces} or quotes. Text compares case-insensitively; a number field compares
with `>`, `<`, `>=`, `<=` as a number, so its value must be one. A query holds at most MAX_CLAUSES
clauses; `orderBy` names each field once (a repeat says nothing new and is dropped).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from link_ui.api.http import query_int
from link_ui.errors import ApiError
from link_ui.shapes import PAGE
from link_ui.store.listing import Clause, Field, Filter, Kind, Selection

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 5000  # what a request may ask for
MAX_RESULTS_PER_PAGE = 2000  # what a page holds: the answer's pageSize is at most this
MAX_CLAUSES = 100  # per query: far more than any real filter, far fewer than SQLite's expression depth

_CLAUSE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_.]*)\s*(!=|>=|<=|=|~|>|<)\s*(.*?)\s*$", re.DOTALL)


def malformed(detail: str) -> ApiError:
    return ApiError(400, f"Error parsing query - {detail}")


def _value(raw: str) -> str:
    if len(raw) >= 2 and (raw[0], raw[-1]) in {("{", "}"), ('"', '"'), ("'", "'")}:
        return raw[1:-1]
    if not raw or any(c in raw for c in "{}") or raw[0] in "\"'":
        raise malformed("Malformed query.")
    return raw


def _clause(text: str, fields: Mapping[str, Field]) -> Clause:
    match = _CLAUSE.match(text)
    if not match:
        raise malformed("Malformed query.")
    path, op, raw = match.groups()
    if path.split(".")[0] not in fields:
        raise malformed(f"Could not resolve property {path}.")
    value = _value(raw)
    if op in (">", "<", ">=", "<=") and path in fields and fields[path].kind is Kind.NUMBER:
        try:
            float(value)
        except ValueError:
            raise malformed(f"'{value}' is not a number.") from None
    return Clause(path, op, value)


def parse_query(text: str | None, fields: Mapping[str, Field]) -> Filter | None:
    if text is None or not text.strip():
        return None
    if "&&" in text and "||" in text:
        raise malformed("Mixing && and || needs parentheses, which this sandbox does not support.")
    joiner = "||" if "||" in text else "&&"
    parts = text.split(joiner)
    if len(parts) > MAX_CLAUSES:
        raise malformed(f"A query may join at most {MAX_CLAUSES} clauses; this one joins {len(parts)}.")
    return Filter(tuple(_clause(part, fields) for part in parts), any_of=joiner == "||")


def parse_order(text: str | None, fields: Mapping[str, Field]) -> list[tuple[str, bool]]:
    """`-created,name` → [("created", descending), ("name", ascending)]."""
    if text is None or not text.strip():
        return []
    order: dict[str, bool] = {}
    for part in text.split(","):
        name = part.strip()
        descending = name.startswith("-")
        name = name.lstrip("-").strip()
        if name not in fields:
            raise ApiError(400, f"Cannot order by '{name or part}': it is not a field of these results.")
        order.setdefault(name, descending)  # the first mention decides: rows it ties stay tied by a repeat
    return list(order.items())


def selection(request: Request, fields: Mapping[str, Field], default_order: str) -> Selection:
    """The rows and page that the request's page, pageSize, query and orderBy select; 400 if malformed."""
    page = query_int(request, "page", 1, 1, 2**31 - 1)
    # The spec takes a pageSize up to 5000 but its answers hold at most 2000: larger asks are clamped.
    size = min(query_int(request, "pageSize", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE), MAX_RESULTS_PER_PAGE)
    query = parse_query(request.query_params.get("query"), fields)
    order = parse_order(request.query_params.get("orderBy"), fields) or parse_order(default_order, fields)
    return Selection(query, tuple(order), limit=size, offset=(page - 1) * size)


def page_json(request: Request, chosen: Selection, results: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """Codat's page: the results, where they are in the whole, and links to the pages around."""
    size = chosen.limit
    page = chosen.offset // size + 1

    def href(number: int) -> dict[str, str]:
        params: dict[str, Any] = {"page": number, "pageSize": size}
        for name in ("query", "orderBy"):
            if request.query_params.get(name):
                params[name] = request.query_params[name]
        return {"href": f"{request.url.path}?{urlencode(params)}"}

    links = {
        "self": {"href": request.url.path},
        "current": href(page),
        "next": href(page + 1) if chosen.offset + size < total else None,
        "previous": href(page - 1) if page > 1 else None,
    }
    return {
        "results": results,
        "pageNumber": page,
        "pageSize": size,
        "totalResults": total,
        "_links": PAGE.compact(links),
    }
