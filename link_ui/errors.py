"""Codat's error body (`ErrorMessage`) and the exception that produces it.

Every API error is `{"statusCode", "service", "error", "correlationId", "canBeRetried",
"detailedErrorCode", "validation"}` as application/json, with a status code the spec lists.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from link_ui.codat import SERVICE
from link_ui.shapes import ERROR_MESSAGE
from sandbox import correlation

log = logging.getLogger("link_ui")


def validation_item(message: str, item_id: str | None = None, validator: str = "Sandbox") -> dict[str, Any]:
    return {"itemId": item_id, "message": message, "validatorName": validator}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: Sequence[dict[str, Any]] = (),
        can_be_retried: str = "Unknown",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = list(errors)
        self.can_be_retried = can_be_retried
        self.headers = headers or {}


def error_body(
    status: int, message: str, errors: Sequence[dict[str, Any]] = (), retry: str = "Unknown"
) -> dict[str, Any]:
    return ERROR_MESSAGE.compact(
        {
            "statusCode": status,
            "service": SERVICE,
            "error": message,
            "correlationId": correlation.current() or uuid.uuid4().hex,
            "canBeRetried": retry,
            "detailedErrorCode": 0,
            "validation": {"errors": list(errors), "warnings": []} if errors else None,
        }
    )


def error_response(exc: ApiError) -> JSONResponse:
    body = error_body(exc.status, exc.message, exc.errors, exc.can_be_retried)
    return JSONResponse(
        body, status_code=exc.status, headers={"X-Correlation-Id": body["correlationId"], **exc.headers}
    )


def not_found(what: str) -> ApiError:
    return ApiError(404, f"{what} not found.")


def bad_request(message: str, errors: Sequence[dict[str, Any]] = ()) -> ApiError:
    return ApiError(400, message, errors=errors)


async def api_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def http_error_handler(request: Request, exc: Exception) -> Response:
    """Unknown paths (404) and wrong methods (405) in Codat's shape, on the API's paths too."""
    assert isinstance(exc, HTTPException)
    messages = {404: "No such endpoint.", 405: f"Method {request.method} is not allowed on this endpoint."}
    message = messages.get(exc.status_code, str(exc.detail))
    response = error_response(ApiError(exc.status_code, message))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def unexpected_error_handler(request: Request, exc: Exception) -> Response:
    """A bug: log it with its correlation id, never show a stack trace to the caller."""
    error = ApiError(500, "The sandbox hit an unexpected error. Nothing was changed.", can_be_retried="True")
    response = error_response(error)
    log.exception("unexpected error (correlationId %s)", response.headers["X-Correlation-Id"], exc_info=exc)
    return response
