"""Secrets, password hashing, CSRF tokens and the security headers every page carries."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# scrypt with modest parameters: the secrets we hash are random and long (passwords we generate),
# or sandbox sign-ins, so the hash protects a stolen database file without slowing tests down.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def token(nbytes: int = 32) -> str:
    """An unguessable URL-safe token (cookies, bearer tokens, session ids)."""
    return secrets.token_urlsafe(nbytes)


def random_string(length: int, alphabet: str = _ALPHANUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, maxmem=64 * 1024 * 1024, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    actual = hashlib.scrypt(password.encode(), salt=salt, maxmem=64 * 1024 * 1024, **_SCRYPT)
    return hmac.compare_digest(actual, expected)


async def hash_password_off_loop(password: str) -> str:
    """hash_password in a worker thread: scrypt takes tens of milliseconds that no request should wait on."""
    return await asyncio.to_thread(hash_password, password)


async def verify_password_off_loop(password: str, stored: str) -> bool:
    """verify_password in a worker thread (hashlib's scrypt releases the GIL, so the loop runs meanwhile)."""
    return await asyncio.to_thread(verify_password, password, stored)


def token_digest(value: str) -> str:
    """A lookup key for a high-entropy token: we store this, never the token itself."""
    return hashlib.sha256(value.encode()).hexdigest()


def equals(a: str, b: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(a.encode(), b.encode())


# -- CSRF: a per-session token, sent back in a form field or the X-CSRF-Token header ---------
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_token(session: dict[str, Any]) -> str:
    if "csrf" not in session:
        session["csrf"] = token(24)
    return str(session["csrf"])


def csrf_valid(session: dict[str, Any], submitted: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and submitted) and equals(str(expected), str(submitted))


# -- security headers ------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: https:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)

_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeadersMiddleware:
    """Adds CSP, frame-ancestors and friends to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in _HEADERS if h[0] not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
