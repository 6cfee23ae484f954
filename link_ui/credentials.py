"""One-time credentials that the SMB user types into QBO: generate, verify, revoke.

Every generate call creates a new set; every set stays valid until a revoke, which ends them all
(and every QBO session opened with them). Passwords are stored hashed and shown only once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from dataclasses import dataclass

from sandbox import security
from sandbox.clock import iso
from sandbox.db import Database, Writer

_UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class IssuedCredentials:
    username: str
    password: str


@dataclass(frozen=True)
class VerifiedCredentials:
    credential_id: str
    connection_id: str


def new_username() -> str:
    return "-".join(security.random_string(4, _UPPER_ALNUM) for _ in range(3))


def new_password() -> str:
    return security.random_string(16)


async def generate(db: Database, connection_id: str, now: dt.datetime) -> IssuedCredentials:
    issued = IssuedCredentials(new_username(), new_password())
    password_hash = await asyncio.to_thread(security.hash_password, issued.password)
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO credentials (id, connection_id, username, password_hash, created) VALUES (?, ?, ?, ?, ?)",
            (str(uuid.uuid4()), connection_id, issued.username, password_hash, iso(now)),
        )
    return issued


async def revoke_all(tx: Writer, connection_id: str, now: dt.datetime) -> int:
    """Revokes every set of the connection; QBO's bearer tokens from them die too."""
    await tx.execute("DELETE FROM feed_tokens WHERE connection_id = ?", (connection_id,))
    return await tx.execute(
        "UPDATE credentials SET revoked = ? WHERE connection_id = ? AND revoked IS NULL",
        (iso(now), connection_id),
    )


async def has_active(db: Database, connection_id: str) -> bool:
    row = await db.fetch_one(
        "SELECT 1 FROM credentials WHERE connection_id = ? AND revoked IS NULL LIMIT 1", (connection_id,)
    )
    return row is not None


async def verify(db: Database, username: str, password: str) -> VerifiedCredentials | None:
    """The active set these credentials name, or None. Always hashes, so timing says nothing."""
    row = await db.fetch_one(
        "SELECT id, connection_id, password_hash FROM credentials WHERE username = ? AND revoked IS NULL",
        (username.strip().upper(),),
    )
    stored = row["password_hash"] if row else _DUMMY_HASH
    ok = await asyncio.to_thread(security.verify_password, password, stored)
    if row is None or not ok:
        return None
    return VerifiedCredentials(row["id"], row["connection_id"])


_DUMMY_HASH = security.hash_password(new_password())
