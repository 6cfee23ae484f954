"""Fault injection for the Bank Feeds API: armed per tenant through /_sandbox/faults.

A fault names an API operation (a route name such as `get-connection`, or `*` for any), and does
one or both of: add latency, answer with an error (429 with Retry-After, 500 or 503) in Codat's
shape. It fires for the next `times` matching requests, or until cleared when `times` is null.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from link_ui.authentication import caller_of
from link_ui.codat import PushStatus
from link_ui.errors import ApiError, error_response
from sandbox.fault_book import FaultBook

ERROR_STATUSES = (429, 500, 503)
PUSH_OUTCOME = "push-outcome"  # not a route: decides how the next write's push operation ends
OUTCOMES = (PushStatus.FAILED.value, PushStatus.TIMED_OUT.value)
NOT_FAULTED = ("/_sandbox", "/feed/", "/static")
MESSAGES = {
    429: "Too many requests (a fault armed through /_sandbox/faults). Retry after the Retry-After header.",
    500: "An internal error (a fault armed through /_sandbox/faults).",
    503: "The service is unavailable (a fault armed through /_sandbox/faults).",
}


@dataclass
class Fault:
    id: int
    operation: str
    status: int | None = None
    latency_ms: int = 0
    retry_after: int = 1
    remaining: int | None = 1  # None: until cleared
    outcome: str | None = None  # for the "push-outcome" operation: Failed or TimedOut

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return {
            "id": data["id"],
            "operation": data["operation"],
            "status": data["status"],
            "latencyMs": data["latency_ms"],
            "retryAfter": data["retry_after"],
            "remaining": data["remaining"],
            "outcome": data["outcome"],
        }


class ApiFaultBook(FaultBook[Fault]):
    def arm(self, tenant_id: str, **spec: Any) -> Fault:
        return self.add(tenant_id, lambda fault_id: Fault(id=fault_id, **spec))

    def take(self, tenant_id: str, operation: str, *, wildcard: bool = True) -> Fault | None:
        """The first fault armed for this operation (or `*`, when `wildcard`); counts one use of it."""
        return self.take_first(
            tenant_id, lambda fault: fault.operation == operation or (wildcard and fault.operation == "*")
        )


def operation_of(routes: Sequence[BaseRoute], scope: Scope) -> str | None:
    """The name of the API route a request would reach (the same match the router makes)."""
    for route in routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return getattr(route, "name", None)
    return None


class FaultMiddleware:
    def __init__(self, app: ASGIApp, *, faults: ApiFaultBook, routes: Sequence[BaseRoute]) -> None:
        self.app, self.faults, self.routes = app, faults, routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(NOT_FAULTED):
            await self.app(scope, receive, send)
            return
        tenant_id = caller_of(scope).tenant_id
        if tenant_id is None:
            await self.app(scope, receive, send)
            return
        operation = operation_of(self.routes, scope) if self.faults.armed(tenant_id) else None
        fault = self.faults.take(tenant_id, operation) if operation else None
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)  # the injected latency itself
        if fault.status is None:
            await self.app(scope, receive, send)
            return
        retry_headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
        error = ApiError(fault.status, MESSAGES[fault.status], can_be_retried="True", headers=retry_headers)
        await error_response(error)(scope, receive, send)
