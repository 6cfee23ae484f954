"""Source-account bodies: which prototype (v2, or the older v1) a body is, and its field checks.

A body that satisfies v2 is stored as v2; one that satisfies only v1 (which requires only `id`) is
stored as v1. Each problem becomes a Codat validation item naming the field.
"""

from __future__ import annotations

import re
from typing import Any

from link_ui.api.http import AMOUNT_RULE, is_amount, is_one_of
from link_ui.codat import AccountType, RoutingType
from link_ui.errors import validation_item

V1_FIELDS = ("id", "accountName", "accountType", "accountNumber", "sortCode", "currency", "balance")
V2_ONLY = ("routingInfo", "accountInfo")
IGNORED = ("modifiedDate",)  # the sandbox keeps its own modifiedDate
ACCOUNT_INFO_TEXT = ("description", "nickname", "accountOpenDate")
MAX_ID = 255
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_ACCOUNT_TYPES = frozenset(t.value for t in AccountType)
_ROUTING_TYPES = frozenset(t.value for t in RoutingType)


class AccountBodyError(ValueError):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(str(e["message"]) for e in errors))
        self.errors = errors


def _text(body: dict[str, Any], key: str, *, required: bool, nullable: bool) -> str | None:
    if key not in body or body[key] is None:
        if required or (key in body and not nullable):
            return f"'{key}' is required and must be a string."
        return None
    if not isinstance(body[key], str) or len(body[key]) > 500:
        return f"'{key}' must be a string of at most 500 characters."
    return None


def id_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID:
        return f"'id' is required: a non-empty string of at most {MAX_ID} characters."
    if "/" in value or any(ord(c) < 32 for c in value):
        return "'id' must not contain '/' or control characters: it is part of the account's URL."
    return None


def currency_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not _CURRENCY.match(value):
        return "'currency' must be an ISO 4217 code such as USD or CAD."
    return None


def _v1_problems(body: dict[str, Any]) -> list[tuple[str, str]]:
    problems = [("id", p) for p in [id_problem(body.get("id"))] if p]
    for key in ("accountName", "accountType", "accountNumber", "sortCode"):
        problem = _text(body, key, required=False, nullable=True)
        if problem:
            problems.append((key, problem))
    if body.get("currency") is not None and (problem := currency_problem(body["currency"])):
        problems.append(("currency", problem))
    if body.get("balance") is not None and not is_amount(body["balance"]):
        problems.append(("balance", f"'balance' must be {AMOUNT_RULE}."))
    return problems


def _v2_problems(body: dict[str, Any]) -> list[tuple[str, str]]:
    problems = [("id", p) for p in [id_problem(body.get("id"))] if p]
    for key in ("accountName", "accountNumber"):
        if problem := _text(body, key, required=True, nullable=False):
            problems.append((key, problem))
    if problem := _text(body, "sortCode", required=False, nullable=True):
        problems.append(("sortCode", problem))
    if not is_one_of(body.get("accountType"), _ACCOUNT_TYPES):
        problems.append(("accountType", f"'accountType' must be one of {', '.join(AccountType)}."))
    if problem := currency_problem(body.get("currency")):
        problems.append(("currency", problem))
    if not is_amount(body.get("balance")):
        problems.append(("balance", f"'balance' is required and must be {AMOUNT_RULE}."))
    routing = body.get("routingInfo")
    if routing is not None and not (
        isinstance(routing, dict)
        and set(routing) <= {"bankCode", "type"}
        and (routing.get("bankCode") is None or isinstance(routing["bankCode"], str))
        and (routing.get("type") is None or is_one_of(routing["type"], _ROUTING_TYPES))
    ):
        problems.append(("routingInfo", "'routingInfo' must be {bankCode, type} with a known type."))
    info = body.get("accountInfo")
    if info is not None and not (
        isinstance(info, dict)
        and set(info) <= set(ACCOUNT_INFO_TEXT) | {"availableBalance"}
        and all(info.get(k) is None or (isinstance(info[k], str) and len(info[k]) <= 500) for k in ACCOUNT_INFO_TEXT)
        and (info.get("availableBalance") is None or is_amount(info["availableBalance"]))
    ):
        problems.append(
            ("accountInfo", "'accountInfo' must be {description, nickname, accountOpenDate, availableBalance}.")
        )
    return problems


def parse_account(body: Any) -> tuple[str, dict[str, Any]]:
    """(prototype, the fields to store) for a create body, or AccountBodyError."""
    if not isinstance(body, dict):
        raise AccountBodyError([validation_item("A source account must be a JSON object.")])
    unknown = sorted(set(body) - set(V1_FIELDS) - set(V2_ONLY) - set(IGNORED))
    if unknown:
        raise AccountBodyError(
            [validation_item(f"'{key}' is not a field of a source account.", key) for key in unknown]
        )
    fields = {k: v for k, v in body.items() if k not in IGNORED}
    v2 = _v2_problems(fields)
    if not v2:
        return "v2", fields
    v1 = _v1_problems(fields)
    if not v1 and not any(k in fields for k in V2_ONLY):
        return "v1", fields
    account_id = body.get("id") if isinstance(body.get("id"), str) else None
    problems = v2 if any(k in fields for k in V2_ONLY) or not v1 else v1
    raise AccountBodyError([validation_item(message, account_id) for _, message in problems])
