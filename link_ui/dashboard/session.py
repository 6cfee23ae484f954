"""The dashboard's own signed cookie: which tenant is signed in, its CSRF token and language."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from link_ui.context import state
from sandbox import security

COOKIE = "qbo_dashboard"
PATH = "/_sandbox/dashboard"
MAX_AGE = 12 * 3600


@dataclass
class DashboardSession:
    tenant_id: str | None
    csrf: str
    lang: str | None


def _serializer(request: Request) -> URLSafeTimedSerializer:
    key = hmac.new(state(request).secret, b"dashboard-cookie", hashlib.sha256).hexdigest()
    return URLSafeTimedSerializer(key, salt="qbo-sandbox-dashboard")


def read(request: Request) -> DashboardSession:
    raw = request.cookies.get(COOKIE)
    if raw:
        try:
            data = _serializer(request).loads(raw, max_age=MAX_AGE)
            return DashboardSession(data.get("tenant"), str(data["csrf"]), data.get("lang"))
        except (BadSignature, KeyError, TypeError):
            pass
    return DashboardSession(None, security.token(24), None)


def write(request: Request, response: Response, session: DashboardSession) -> None:
    value = _serializer(request).dumps({"tenant": session.tenant_id, "csrf": session.csrf, "lang": session.lang})
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, path=PATH, httponly=True, samesite="strict")
