"""One authentication per request: the outermost middleware reads the Authorization header once and
keeps the outcome in the request's state, where the journal, the fault check and the handlers
(`link_ui.context.tenant_of`) read it instead of authenticating again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from sandbox.tenancy import AuthError, authenticate

STATE_KEY = "caller"  # request.state.caller


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent the request: a tenant, or the reason its Authorization header was refused."""

    tenant_id: str | None
    refusal: str = ""


class AuthenticationMiddleware:
    def __init__(self, app: ASGIApp, *, api_keys: Sequence[str]) -> None:
        self.app, self.api_keys = app, tuple(api_keys)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})[STATE_KEY] = self.identify(scope)
        await self.app(scope, receive, send)

    def identify(self, scope: Scope) -> Caller:
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"authorization"), None)
        try:
            return Caller(authenticate(header, self.api_keys))
        except AuthError as exc:
            return Caller(None, str(exc))


def caller_of(scope: Scope) -> Caller:
    """The caller AuthenticationMiddleware found for this HTTP request."""
    caller: Caller = scope["state"][STATE_KEY]
    return caller
