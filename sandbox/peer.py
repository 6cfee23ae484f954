"""The trust between the two apps, for calls one makes to the other on a tenant's behalf.

The provider's dashboard holds a tenant's id, not its API key (the key is never kept), yet it shows
what QBO did for that tenant and runs QBO's schedule when its clock buttons are pressed. So the
launcher gives both apps one peer secret (`peer.secret` in the data dir, or fresh in memory), and a
call for tenant T carries

    Authorization: Sandbox-Peer T.<hex HMAC-SHA256(secret, "peer:" + T)>

A tenant never sees this value and cannot make one without the secret, so it cannot name another
tenant; the mac is compared in constant time. An app started without a peer secret refuses every
peer call, and the other app then does without what it would have asked (the provider runs alone).
"""

from __future__ import annotations

import hashlib
import hmac
import re

from sandbox.tenancy import AuthError

SCHEME = "Sandbox-Peer"
_VALUE = re.compile(r"([0-9a-f]{32})\.([0-9a-f]{64})")


def _mac(secret: bytes, tenant_id: str) -> str:
    return hmac.new(secret, b"peer:" + tenant_id.encode(), hashlib.sha256).hexdigest()


def header(secret: bytes, tenant_id: str) -> str:
    """The Authorization value one app sends the other to act for `tenant_id`."""
    return f"{SCHEME} {tenant_id}.{_mac(secret, tenant_id)}"


def is_peer(header_value: str | None) -> bool:
    return header_value is not None and header_value.strip().partition(" ")[0].lower() == SCHEME.lower()


def tenant_of(header_value: str, secret: bytes | None) -> str:
    """The tenant a peer header names; AuthError when it is malformed, forged, or this app has no peer."""
    if secret is None:
        raise AuthError("This app shares no peer secret with the other: peer calls are refused.")
    match = _VALUE.fullmatch(header_value.strip().partition(" ")[2].strip())
    if match is None:
        raise AuthError(f"A {SCHEME} header is 'tenant-id.mac'.")
    tenant_id, mac = match.groups()
    if not hmac.compare_digest(mac, _mac(secret, tenant_id)):
        raise AuthError(f"The {SCHEME} header is not this sandbox's.")
    return tenant_id
