"""A parser and evaluator for the QBO query language, as far as clients use it on Account.

  SELECT * | COUNT(*) FROM Account
    [WHERE field op value [AND ...]]      op: = != < > <= >= LIKE IN (...)
    [ORDER BY | ORDERBY field [ASC|DESC][, ...]]
    [STARTPOSITION n] [MAXRESULTS n]

Keywords are case-insensitive; field names are matched case-insensitively too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
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
    op: str  # = != < > <= >= like in
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
                query.conditions.append(Condition(name, "!=" if op == "<>" else op, (p.value(),)))
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
def _lookup(entity: dict[str, Any], name: str) -> Any:
    value: Any = entity
    for part in name.split("."):
        if not isinstance(value, dict):
            return None
        key = next((k for k in value if k.lower() == part.lower()), None)
        if key is None:
            raise QueryError(f"property '{name}' is not queryable")
        value = value[key]
    return value


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value) if re.fullmatch(r"-?\d+(\.\d+)?", value) else value.casefold()
        except InvalidOperation:
            return value.casefold()
    return value


def _matches(entity: dict[str, Any], cond: Condition) -> bool:
    actual = _comparable(_lookup(entity, cond.field))
    wanted = [_comparable(v) for v in cond.values]
    if cond.op == "in":
        return actual in wanted
    if cond.op == "like":
        pattern = "".join(".*" if c == "%" else re.escape(c) for c in str(cond.values[0]).casefold())
        return re.fullmatch(pattern, str(_lookup(entity, cond.field)).casefold()) is not None
    target = wanted[0]
    try:
        return bool(
            {
                "=": actual == target,
                "!=": actual != target,
                "<": actual < target,
                ">": actual > target,
                "<=": actual <= target,
                ">=": actual >= target,
            }[cond.op]
        )
    except TypeError:
        return False


def run(query: Query, entities: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Returns (the page of entities, the total that matched)."""
    found = [e for e in entities if all(_matches(e, c) for c in query.conditions)]
    for name, descending in reversed(query.order):
        found.sort(key=lambda e, n=name: _sort_key(_lookup(e, n)), reverse=descending)  # type: ignore[misc]
    start = query.start_position - 1
    return found[start : start + query.max_results], len(found)


def _sort_key(value: Any) -> tuple[int, Any]:
    value = _comparable(value)
    if isinstance(value, Decimal):
        return (0, value)
    return (1, str(value))
