"""Credential rows (the one-time sets the SMB types into QBO, stored hashed) and QBO's bearer
tokens from signing in with them (stored as digests). A revoke ends both."""

from __future__ import annotations

import uuid

from link_ui.store import journey
from link_ui.store._base import Family, ParentGone, Row
from link_ui.store.journey import NewStep, StepKind
from sandbox.db import Writer


class CredentialStore(Family):
    async def create(self, connection_id: str, username: str, password_hash: str, now: str) -> None:
        """ParentGone if the connection is gone."""
        async with self.db.transaction() as tx:
            if await tx.fetch_one("SELECT 1 FROM connections WHERE id = ?", (connection_id,)) is None:
                raise ParentGone(connection_id)
            await tx.execute(
                "INSERT INTO credentials (id, connection_id, username, password_hash, created) VALUES (?, ?, ?, ?, ?)",
                (str(uuid.uuid4()), connection_id, username, password_hash, now),
            )
            await journey.add(tx, NewStep(connection_id, StepKind.CREDENTIALS_ISSUED, now, {"username": username}))

    async def revoke_all(self, connection_id: str, now: str) -> int:
        """Revokes every set of the connection and deletes its bearer tokens; returns how many sets."""
        async with self.db.transaction() as tx:
            return await revoke_all(tx, connection_id, now)

    async def has_active(self, connection_id: str) -> bool:
        row = await self.db.fetch_one(
            "SELECT 1 FROM credentials WHERE connection_id = ? AND revoked IS NULL LIMIT 1", (connection_id,)
        )
        return row is not None

    async def active(self, username: str) -> Row | None:
        """The unrevoked set with this username: id, connection_id, password_hash."""
        return await self.db.fetch_one(
            "SELECT id, connection_id, password_hash FROM credentials WHERE username = ? AND revoked IS NULL",
            (username,),
        )

    async def open_session(self, digest: str, credential_id: str, connection_id: str, username: str, now: str) -> bool:
        """Stores a bearer token, only while its credentials are still valid (a revoke may have landed)."""
        async with self.db.transaction() as tx:
            inserted = await tx.execute(
                "INSERT INTO feed_tokens (digest, credential_id, connection_id, created)"
                " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM credentials WHERE id = ? AND revoked IS NULL)",
                (digest, credential_id, connection_id, now, credential_id),
            )
            if inserted == 1:
                await journey.add(tx, NewStep(connection_id, StepKind.SIGN_IN, now, {"username": username}))
        return inserted == 1

    async def owner(self, username: str) -> Row | None:
        """Whose set a username is, revoked or not: connection_id, tenant_id, and whether it is revoked."""
        return await self.db.fetch_one(
            "SELECT k.connection_id, c.tenant_id, k.revoked IS NOT NULL AS revoked FROM credentials k"
            " JOIN connections c ON c.id = k.connection_id WHERE k.username = ?",
            (username,),
        )

    async def bearer(self, digest: str) -> Row | None:
        """connection_id, credential_id and tenant_id of a live bearer token."""
        return await self.db.fetch_one(
            "SELECT t.connection_id, t.credential_id, c.tenant_id FROM feed_tokens t"
            " JOIN connections c ON c.id = t.connection_id"
            " JOIN credentials k ON k.id = t.credential_id AND k.revoked IS NULL"  # a revoke ends every token
            " WHERE t.digest = ?",
            (digest,),
        )


async def revoke_all(tx: Writer, connection_id: str, now: str) -> int:
    """CredentialStore.revoke_all, inside a caller's transaction."""
    await tx.execute("DELETE FROM feed_tokens WHERE connection_id = ?", (connection_id,))
    revoked = await tx.execute(
        "UPDATE credentials SET revoked = ? WHERE connection_id = ? AND revoked IS NULL", (now, connection_id)
    )
    if revoked:
        await journey.add(tx, NewStep(connection_id, StepKind.CREDENTIALS_REVOKED, now, {"count": revoked}))
    return revoked
