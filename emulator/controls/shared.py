"""What every emulator control shares: its JSON error shape, the caller's tenant, a JSON body.

`json_body` is the controls' one JSON reader: sandbox.json_body's rules, refused as a 400 here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from emulator.context import state
from sandbox import peer
from sandbox.json_body import BadJson, parse_json
from sandbox.tenancy import AuthError, authenticate


class ControlError(Exception):
    """Answered as `{"statusCode", "error"}` with that status (see `error`)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def error(status: int, message: str) -> Response:
    return JSONResponse({"statusCode": status, "error": message}, status_code=status)


def tenant(request: Request) -> str:
    """The tenant named by the request's `Authorization: Basic base64(apiKey)`, or by the provider's
    peer header (sandbox.peer); raises AuthError."""
    header, settings = request.headers.get("authorization"), state(request).settings
    if header is not None and peer.is_peer(header):
        return peer.tenant_of(header, settings.peer_secret)
    return authenticate(header, settings.api_keys)


async def json_body(request: Request) -> Any:
    try:
        return parse_json(await request.body())
    except BadJson as exc:
        raise ControlError(400, str(exc)) from None


async def json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object; an empty body is `{}`."""
    body = await json_body(request) if (await request.body()).strip() else {}
    if not isinstance(body, dict):
        raise ControlError(400, "The body must be a JSON object.")
    return body


def control(handler: Callable[[Request, str], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """A control endpoint for `handler(request, tenant_id)`: 401 without a valid key, and any
    ControlError answered in the controls' error shape."""

    @wraps(handler)
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request, tenant(request))
        except AuthError as exc:
            return error(401, str(exc))
        except ControlError as exc:
            return error(exc.status, str(exc))

    return endpoint
