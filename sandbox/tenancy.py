"""Tenants: every API key is an isolated tenant, named by a digest of the key.

Both apps derive the same tenant id from the same key, so a key given to the QBO emulator's
controls and to the provider's API names one tenant, without the apps sharing a database.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
from collections.abc import Sequence

from sandbox.security import equals


class AuthError(Exception):
    """The Authorization header is missing, malformed, or names a key that is not accepted."""


def tenant_id_for(api_key: str) -> str:
    return hashlib.sha256(b"qbo-sandbox-tenant:" + api_key.encode()).hexdigest()[:32]


def api_key_from_header(header: str | None) -> str:
    """`Basic base64(apiKey)` → apiKey. Like Codat, the key is the whole decoded value."""
    if not header:
        raise AuthError("The Authorization header is missing. Send 'Authorization: Basic base64(apiKey)'.")
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        raise AuthError("The Authorization header must use the Basic scheme: 'Basic base64(apiKey)'.")
    try:
        key = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise AuthError("The Authorization header is not valid base64.") from None
    if not key.strip() or len(key) > 512:
        raise AuthError("The API key in the Authorization header is empty or too long.")
    return key


def authenticate(header: str | None, allowed_keys: Sequence[str]) -> str:
    """Returns the tenant id for a valid header. With no allowed keys, any key is a tenant."""
    if header is None:
        raise AuthError("The Authorization header is missing. Send 'Authorization: Basic base64(apiKey)'.")
    # Every API request authenticates (the API, the journal, faults): remember headers already accepted.
    return _authenticate(header, tuple(allowed_keys))


@functools.lru_cache(maxsize=4096)
def _authenticate(header: str, allowed_keys: tuple[str, ...]) -> str:
    key = api_key_from_header(header)
    if allowed_keys:
        # Compare against every key so the time taken does not reveal which one nearly matched.
        matched = False
        for allowed in allowed_keys:
            matched |= equals(key, allowed)
        if not matched:
            raise AuthError("The API key is not accepted by this sandbox.")
    return tenant_id_for(key)


def basic_header(api_key: str) -> str:
    """The header value a client sends for `api_key` (used by the CLI, scenarios and tests)."""
    return "Basic " + base64.b64encode(api_key.encode()).decode()
