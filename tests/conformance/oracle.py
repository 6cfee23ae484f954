"""What Codat's official SDKs accept: each operation's response models, and a strict check of a body.

The oracle is the installed SDKs' own pydantic models (`codat-bankfeeds` 13 and `codat-platform` 6),
read field by field. They tell apart a field that is optional but never null (`Optional[...]`: Codat's
TypeScript SDK rejects a `null` there) from one that may be null (`Nullable`/`OptionalNullable`).
The check is stricter than any one client: a body must satisfy every SDK that models the operation,
with no unknown fields, no missing required ones and no `null` where a field may only be left out.

`OPERATIONS` is data: a new endpoint gets a line here, and then every test that calls it checks it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Union

from codat_bankfeeds.models import shared as bf
from codat_platform.models import shared as pf
from pydantic import BaseModel
from typing_extensions import TypeAliasType

from sandbox import feed_protocol

NULLABLE_ALIASES = frozenset({"Nullable", "OptionalNullable"})
NOT_FIELDS = frozenset({"additional_properties"})  # the SDKs' catch-all for unknown keys


@dataclass(frozen=True)
class OneOf:
    """A body that must match at least one of these shapes (Codat's `oneOf`)."""

    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class ListOf:
    item: Shape


Shape = type[BaseModel] | OneOf | ListOf
EMPTY: tuple[Shape, ...] = ()  # a response without a JSON body


@dataclass(frozen=True)
class Operation:
    """One Codat operation: its method, path template and, per success status, the shapes it must satisfy."""

    method: str
    path: str
    responses: dict[int, tuple[Shape, ...]]

    def matches(self, method: str, path: str) -> bool:
        pattern = re.sub(r"\\\{[A-Za-z]+\\\}", "[^/]+", re.escape(self.path))
        return method == self.method and re.fullmatch(pattern, path) is not None


# Every SDK that models an operation is listed: the body has to satisfy all of them.
COMPANY = (bf.Company, pf.Company)
CONNECTION = (bf.Connection, pf.Connection)
PUSH_OPERATION = (bf.PushOperation, pf.PushOperation)
ERROR = (bf.ErrorMessage, pf.ErrorMessage)
SOURCE_ACCOUNT = OneOf((bf.SourceAccountV2, bf.SourceAccount))
BATCH = (
    ListOf(
        OneOf(
            (
                bf.SourceAccountV2BatchCreateResponse,
                bf.SourceAccountBatchCreateResponse,
                bf.SourceAccountBatchErrorResponse,
            )
        )
    ),
)

COMPANIES = "/companies"
ONE_COMPANY = COMPANIES + "/{companyId}"
CONNECTIONS = ONE_COMPANY + "/connections"
ONE_CONNECTION = CONNECTIONS + "/{connectionId}"
ACCOUNTS = ONE_CONNECTION + "/connectionInfo/bankFeedAccounts"
TRANSACTIONS = "/bankAccounts/{accountId}/bankTransactions"

OPERATIONS: list[Operation] = [
    Operation("POST", COMPANIES, {200: COMPANY}),
    Operation("GET", COMPANIES, {200: (bf.Companies, pf.Companies)}),
    Operation("GET", ONE_COMPANY, {200: COMPANY}),
    Operation("PUT", ONE_COMPANY, {200: COMPANY}),
    Operation("PATCH", ONE_COMPANY, {200: COMPANY}),
    Operation("DELETE", ONE_COMPANY, {204: EMPTY}),
    Operation("POST", CONNECTIONS, {200: CONNECTION}),
    Operation("GET", CONNECTIONS, {200: (bf.Connections, pf.Connections)}),
    Operation("GET", ONE_CONNECTION, {200: CONNECTION}),
    Operation("PATCH", ONE_CONNECTION, {200: CONNECTION}),
    Operation("DELETE", ONE_CONNECTION, {200: EMPTY}),
    Operation("POST", ACCOUNTS + "/credentials", {200: (bf.BankAccountCredentials,)}),
    Operation("DELETE", ACCOUNTS + "/credentials", {204: EMPTY}),
    Operation("POST", ACCOUNTS + "/batch", {201: BATCH, 207: BATCH, 409: BATCH}),
    Operation("POST", ACCOUNTS, {200: (SOURCE_ACCOUNT,)}),
    Operation("GET", ACCOUNTS, {200: (ListOf(SOURCE_ACCOUNT),)}),
    Operation("PATCH", ACCOUNTS + "/{accountId}", {200: (bf.SourceAccount,)}),
    Operation("DELETE", ACCOUNTS + "/{accountId}", {204: EMPTY}),
    Operation("POST", ONE_CONNECTION + "/push" + TRANSACTIONS, {200: (bf.CreateBankTransactionsResponse,)}),
    Operation("GET", ONE_CONNECTION + "/options" + TRANSACTIONS, {200: (bf.PushOption,)}),
    Operation("GET", ONE_COMPANY + "/push", {200: (bf.PushOperations, pf.PushOperations)}),
    Operation("GET", ONE_COMPANY + "/push/{pushOperationKey}", {200: PUSH_OPERATION}),
]

# The sandbox's own surfaces, which no Codat SDK reads: their successes are not checked here.
NOT_CODAT = ("/_sandbox/", feed_protocol.PREFIX + "/")


def find_operation(method: str, path: str) -> Operation | None:
    return next((op for op in OPERATIONS if op.matches(method, path)), None)


def response_problems(method: str, path: str, status: int, body: Any) -> list[str]:
    """Why a JSON response would trip one of Codat's SDKs (empty when none would)."""
    if path.startswith(feed_protocol.PREFIX + "/"):
        return []  # QBO's side of the feed protocol, not Codat's
    operation = find_operation(method, path)
    if operation is not None and status in operation.responses:
        return _each(operation.responses[status], body)
    if status >= 400:
        return _each(ERROR, body)
    if path.startswith(NOT_CODAT):
        return []
    if operation is None:
        return [f"{method} {path} answered {status} but no Codat operation is declared for it in the oracle"]
    return [f"{method} {operation.path} answered {status}, a status its declaration does not list"]


def _each(shapes: tuple[Shape, ...], body: Any) -> list[str]:
    """The problems any of the SDKs has with `body`, each said once (two SDKs often agree)."""
    return list(dict.fromkeys(p for shape in shapes for p in problems(shape, body, _name(shape))))


# -- the check -------------------------------------------------------------------------------------
def problems(shape: Any, value: Any, where: str) -> list[str]:
    """Every way `value` falls short of `shape` (a model, OneOf, ListOf or a field's annotation)."""
    if isinstance(shape, OneOf):
        outcomes = [(problems(s, value, f"{where}<{_name(s)}>"), s) for s in shape.shapes]
        if any(not found for found, _ in outcomes):
            return []
        return [f"{where} matches none of {[_name(s) for _, s in outcomes]}:"] + [
            p for found, _ in outcomes for p in found
        ]
    if isinstance(shape, ListOf):
        return _list(shape.item, value, where)
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        return _model(shape, value, where)
    return _annotation(shape, value, where)


def _model(model: type[BaseModel], value: Any, where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where} should be an object ({model.__name__}), not {_kind(value)}"]
    found: list[str] = []
    fields = {(f.alias or name): f for name, f in model.model_fields.items() if name not in NOT_FIELDS}
    for key in sorted(set(value) - set(fields)):
        found.append(f"{where}.{key} is not a field of {model.__module__.split('.')[0]}'s {model.__name__}")
    for key, field in fields.items():
        if key not in value:
            if field.is_required():
                found.append(f"{where}.{key} is required by {model.__name__} but missing")
            continue
        if value[key] is None:
            if field.is_required() and not _nullable(field.annotation):
                found.append(f"{where}.{key} is required and not nullable, but null")
            elif not _nullable(field.annotation):
                found.append(
                    f"{where}.{key} is null, but {model.__name__} has it optional and not nullable: leave it out"
                )
            continue
        found.extend(_annotation(field.annotation, value[key], f"{where}.{key}"))
    return found


def _nullable(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if isinstance(origin, TypeAliasType):
        return origin.__name__ in NULLABLE_ALIASES or _nullable(typing.get_args(annotation)[0])
    if isinstance(annotation, TypeAliasType):
        return annotation.__name__ in NULLABLE_ALIASES
    return False


def _unwrap(annotation: Any) -> Any:
    """The value's type behind Optional, Nullable, OptionalNullable (None is dealt with by the caller)."""
    origin = typing.get_origin(annotation)
    if isinstance(origin, TypeAliasType):
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        kept = [a for a in typing.get_args(annotation) if a is not type(None) and getattr(a, "__name__", "") != "Unset"]
        return kept[0] if len(kept) == 1 else Union[tuple(kept)]  # noqa: UP007
    return annotation


def _annotation(annotation: Any, value: Any, where: str) -> list[str]:
    kind = _unwrap(annotation)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if value is None:
        return [] if _nullable(annotation) else [f"{where} is null where {_name(kind)} is expected"]
    if kind is Any:
        return []
    if origin in (Union, types.UnionType):
        return problems(OneOf(tuple(args)), value, where)
    if origin is list:
        return _list(args[0], value, where)
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where} should be an object, not {_kind(value)}"]
        return [p for k, v in value.items() for p in _annotation(args[1], v, f"{where}.{k}")]
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return _model(kind, value, where)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        allowed = [m.value for m in kind]
        return [] if value in allowed else [f"{where} is {value!r}, not one of {allowed}"]
    return _scalar(kind, value, where)


def _scalar(kind: Any, value: Any, where: str) -> list[str]:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    ok = {
        str: isinstance(value, str),
        int: isinstance(value, int) and not isinstance(value, bool),
        float: number,
        decimal.Decimal: number,
        bool: isinstance(value, bool),
        dt.date: isinstance(value, str),
        dt.datetime: isinstance(value, str),
    }.get(kind)
    if ok is None:
        return [f"{where}: the oracle does not know the type {kind!r}; teach it"]
    return [] if ok else [f"{where} is {_kind(value)} where {_name(kind)} is expected"]


def _list(item: Any, value: Any, where: str) -> list[str]:
    if not isinstance(value, list):
        return [f"{where} should be an array, not {_kind(value)}"]
    return [p for n, v in enumerate(value) for p in problems(item, v, f"{where}[{n}]")]


def _name(shape: Any) -> str:
    if isinstance(shape, OneOf):
        return " | ".join(_name(s) for s in shape.shapes)
    if isinstance(shape, ListOf):
        return f"list of {_name(shape.item)}"
    return getattr(shape, "__name__", repr(shape))


def _kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(type(value), repr(value))
