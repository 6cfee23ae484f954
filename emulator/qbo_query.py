"""A parser and evaluator for the QBO query language, as far as clients use it on Account.

  SELECT * | COUNT(*) FROM Account
    [WHERE field op value [AND ...]]      op: = < > <= >= LIKE IN (...), as QuickBooks has them
    [ORDER BY | ORDERBY field [ASC|DESC][, ...]]
    [STARTPOSITION n] [MAXRESULTS n]

Keywords are case-insensitive; field names are matched case-insensitively too. Each queryable field
has a kind (text, number, boolean, date-time, id, reference) that decides how it compares: text as
text (so '0010' is not '10'), numbers as numbers, booleans as booleans. A literal that can't be read
as its field's kind, or a field that isn't queryable, is a QueryError.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

MAX_RESULTS = 1000
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.|'')*')|(?P<num>-?\d+(?:\.\d+)?)|(?P<op><=|>=|!=|<>|=|<|>)"
    r"|(?P<punct>[(),*])|(?P<word>[A-Za-z_][A-Za-z0-9_.]*))"
)


class QueryError(ValueError):
    """The statement can't be parsed or asks for something QBO would refuse."""


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # = < > <= >= like in
    values: tuple[Any, ...]


@dataclass
class Query:
    entity: str
    count: bool = False
    conditions: list[Condition] = field(default_factory=list)
    order: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)
    start_position: int = 1
    max_results: int = MAX_RESULTS


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip().rstrip(";")
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise QueryError(f"unexpected text at position {pos}: {text[pos : pos + 20]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def next(self, what: str) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise QueryError(f"the statement ends where {what} was expected")
        self.i += 1
        return token

    def keyword(self, *words: str) -> bool:
        token = self.peek()
        if token and token[0] == "word" and token[1].upper() in words:
            self.i += 1
            return True
        return False

    def expect_keyword(self, word: str) -> None:
        if not self.keyword(word):
            found = self.peek()
            raise QueryError(f"expected {word}, found {found[1] if found else 'the end'}")

    def expect_punct(self, char: str) -> None:
        token = self.next(repr(char))
        if token != ("punct", char):
            raise QueryError(f"expected {char!r}, found {token[1]!r}")

    def value(self) -> Any:
        kind, text = self.next("a value")
        if kind == "str":
            return text[1:-1].replace("''", "'").replace("\\'", "'")
        if kind == "num":
            return Decimal(text)
        if kind == "word" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise QueryError(f"expected a value, found {text!r}")

    def integer(self, what: str) -> int:
        kind, text = self.next(what)
        if kind != "num" or not (text.isascii() and text.isdigit()) or len(text) > 9:
            raise QueryError(f"{what} must be a whole number")
        return int(text)


def parse(text: str) -> Query:
    p = _Parser(text)
    p.expect_keyword("SELECT")
    count = False
    if p.keyword("COUNT"):
        p.expect_punct("(")
        p.expect_punct("*")
        p.expect_punct(")")
        count = True
    else:
        p.expect_punct("*")
    p.expect_keyword("FROM")
    kind, entity = p.next("an entity")
    if kind != "word":
        raise QueryError("expected an entity name after FROM")
    query = Query(entity=entity, count=count)
    if p.keyword("WHERE"):
        while True:
            kind, name = p.next("a field")
            if kind != "word":
                raise QueryError(f"expected a field name, found {name!r}")
            if p.keyword("IN"):
                p.expect_punct("(")
                values = [p.value()]
                while p.peek() == ("punct", ","):
                    p.i += 1
                    values.append(p.value())
                p.expect_punct(")")
                query.conditions.append(Condition(name, "in", tuple(values)))
            elif p.keyword("LIKE"):
                query.conditions.append(Condition(name, "like", (p.value(),)))
            else:
                op_kind, op = p.next("an operator")
                if op_kind != "op":
                    raise QueryError(f"expected an operator after {name}, found {op!r}")
                if op in ("!=", "<>"):
                    raise QueryError(f"operator {op} is not supported; use =, <, >, <=, >=, IN or LIKE")
                query.conditions.append(Condition(name, op, (p.value(),)))
            if not p.keyword("AND"):
                break
    ordered = p.keyword("ORDERBY")
    if not ordered and p.keyword("ORDER"):
        p.expect_keyword("BY")
        ordered = True
    if ordered:
        while True:
            kind, name = p.next("a field to order by")
            if kind != "word":
                raise QueryError(f"expected a field to order by, found {name!r}")
            descending = p.keyword("DESC")
            if not descending:
                p.keyword("ASC")
            query.order.append((name, descending))
            if p.peek() != ("punct", ","):
                break
            p.i += 1
    for _ in range(2):
        if p.keyword("STARTPOSITION"):
            query.start_position = max(1, p.integer("STARTPOSITION"))
        elif p.keyword("MAXRESULTS"):
            query.max_results = min(MAX_RESULTS, max(1, p.integer("MAXRESULTS")))
    leftover = p.peek()
    if leftover is not None:
        raise QueryError(f"unexpected {leftover[1]!r}")
    return query


# -- evaluation over JSON-shaped entities ------------------------------------------------------
class Kind(Enum):
    """How a queryable field compares."""

    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATETIME = "date-time"
    ID = "id"  # a numeric string: '10' and 10 name the same entity, and order as numbers
    REF = "reference"  # {"value", "name"}: compared by its value, as text


Fields = Mapping[str, Kind]  # the entity's queryable fields by dotted path (MetaData.CreateTime)


def run(query: Query, entities: list[dict[str, Any]], fields: Fields) -> tuple[list[dict[str, Any]], int]:
    """Returns (the page of entities, the total that matched)."""
    conditions = [_typed(cond, fields) for cond in query.conditions]
    order = [(_field(name, fields), descending) for name, descending in query.order]
    found = [e for e in entities if all(_matches(e, path, kind, cond) for path, kind, cond in conditions)]
    for (path, kind), descending in reversed(order):
        present = [e for e in found if _value(e, path, kind) is not None]
        absent = [e for e in found if _value(e, path, kind) is None]
        present.sort(key=lambda e, p=path, k=kind: _value(e, p, k), reverse=descending)  # type: ignore[misc]
        found = absent + present if not descending else present + absent
    start = query.start_position - 1
    return found[start : start + query.max_results], len(found)


def _field(name: str, fields: Fields) -> tuple[str, Kind]:
    for path, kind in fields.items():
        if path.lower() == name.lower():
            return path, kind
    raise QueryError(f"property '{name}' is not queryable")


def _typed(cond: Condition, fields: Fields) -> tuple[str, Kind, Condition]:
    path, kind = _field(cond.field, fields)
    if kind is Kind.BOOLEAN and cond.op not in ("=", "in"):
        raise QueryError(f"'{path}' is true or false: compare it with = or IN")
    if cond.op == "like":
        if kind not in (Kind.TEXT, Kind.REF) or not isinstance(cond.values[0], str):
            raise QueryError(f"LIKE compares text only: '{path}' LIKE 'text%'")
        return path, kind, cond
    return path, kind, Condition(path, cond.op, tuple(_literal(path, kind, v) for v in cond.values))


def _literal(path: str, kind: Kind, value: Any) -> Any:
    """The literal as a value of the field's kind, or a QueryError saying what the field takes."""
    if kind in (Kind.TEXT, Kind.REF):
        if isinstance(value, bool):
            raise QueryError(f"'{path}' is text: write '{str(value).lower()}' in quotes")
        return str(value).casefold()
    if kind is Kind.BOOLEAN:
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if isinstance(value, bool):
            return value
        raise QueryError(f"'{path}' is true or false, not {value!r}")
    if kind is Kind.DATETIME:
        moment = _moment(value) if isinstance(value, str) else None
        if moment is None:
            raise QueryError(f"'{path}' is a date-time: write it as '2026-11-23' or '2026-11-23T09:00:00-05:00'")
        return moment
    number = _number(value)
    if number is None:
        raise QueryError(f"'{path}' is a number, not {value!r}")
    return number


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value)) if math.isfinite(value) else None
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _value(entity: dict[str, Any], path: str, kind: Kind) -> Any:
    """The entity's value of `path` as its kind compares it; None when it has none."""
    value: Any = entity
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if kind is Kind.REF and isinstance(value, dict):
        value = value.get("value")
    if value is None:
        return None
    if kind in (Kind.TEXT, Kind.REF):
        return str(value).casefold()
    if kind is Kind.BOOLEAN:
        return bool(value)
    if kind is Kind.DATETIME:
        return _moment(str(value))
    return _number(value)


def _matches(entity: dict[str, Any], path: str, kind: Kind, cond: Condition) -> bool:
    actual = _value(entity, path, kind)
    if actual is None:
        return False  # as in SQL: a field without a value matches no comparison
    if cond.op == "in":
        return actual in cond.values
    if cond.op == "like":
        pattern = "".join(".*" if c == "%" else re.escape(c) for c in str(cond.values[0]).casefold())
        return re.fullmatch(pattern, actual, flags=re.DOTALL) is not None
    target = cond.values[0]
    if cond.op == "=":
        return bool(actual == target)
    return bool({"<": actual < target, ">": actual > target, "<=": actual <= target, ">=": actual >= target}[cond.op])
