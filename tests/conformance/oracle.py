"""What Codat's official SDKs accept: each operation's response models, and a strict check of a body.

The oracle is the installed SDKs' own pydantic models (`codat-bankfeeds` 13 and `codat-platform` 6),
read field by field. They tell apart a field that is optional but never null (`Optional[...]`: Codat's
TypeScript SDK rejects a `null` there) from one that may be null (`Nullable`/`OptionalNullable`).
The check is stricter than any one client: a body must satisfy every SDK that models the operation,
with no unknown fields, no missing required ones and no `null` where a field may only be left out.

Which model each operation's answer must satisfy is declared in operations.py.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import types
import typing
from typing import Any, Union

from pydantic import BaseModel
from typing_extensions import TypeAliasType

from sandbox import feed_protocol
from tests.conformance.operations import ERROR, NOT_CODAT, ListOf, OneOf, Shape, find_operation

NULLABLE_ALIASES = frozenset({"Nullable", "OptionalNullable"})
NOT_FIELDS = frozenset({"additional_properties"})  # the SDKs' catch-all for unknown keys


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
        return [f"{method} {path} answered {status} but no Codat operation is declared for it in operations.py"]
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
