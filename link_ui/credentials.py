"""One-time credentials that the SMB user types into QBO: generate, verify, revoke.

Every generate call creates a new set; every set stays valid until a revoke, which ends them all
(and every QBO session opened with them). Passwords are stored hashed and shown only once.
These take the database, as the tests that seed a connection hold it too.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from dataclasses import dataclass

from link_ui.store import credentials as store_credentials
from link_ui.store.credentials import CredentialStore
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
    """A new set for the connection; ParentGone (link_ui.store) if the connection is gone."""
    issued = IssuedCredentials(new_username(), new_password())
    password_hash = await asyncio.to_thread(security.hash_password, issued.password)
    await CredentialStore(db).create(connection_id, issued.username, password_hash, iso(now))
    return issued


async def revoke_all(tx: Writer, connection_id: str, now: dt.datetime) -> int:
    """Revokes every set of the connection inside a caller's transaction; QBO's tokens die too."""
    return await store_credentials.revoke_all(tx, connection_id, iso(now))


async def verify(db: Database, username: str, password: str) -> VerifiedCredentials | None:
    """The active set these credentials name, or None. Always hashes, so timing says nothing."""
    row = await CredentialStore(db).active(username.strip().upper())
    stored = row["password_hash"] if row else _dummy_hash()
    ok = await asyncio.to_thread(security.verify_password, password, stored)
    if row is None or not ok:
        return None
    return VerifiedCredentials(row["id"], row["connection_id"])


@functools.cache
def _dummy_hash() -> str:
    """A hash to check unknown usernames against, made on first use: scrypt costs ~50 ms at start-up."""
    return security.hash_password(new_password())
