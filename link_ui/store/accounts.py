"""Source account rows (under a connection): created by the API, linked and disconnected by QBO."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from link_ui import lifecycle
from link_ui.codat import ConnectionStatus, SourceAccountStatus
from link_ui.store import journey
from link_ui.store._base import Family, ParentGone, Reader, Row
from link_ui.store.journey import NewStep, StepKind
from sandbox import feed_protocol as fp
from sandbox.clock import iso
from sandbox.db import Writer

States = list[tuple[str, str | None]]  # (status, disconnected_at) of each account of a connection


class AccountMissing(LookupError):
    """A link named an account the connection does not have; nothing was linked."""


@dataclass(frozen=True)
class WriteTarget:
    """What deciding whether an account takes a write needs: it, its siblings, its credentials."""

    account: Row
    siblings: States
    credentials_revoked: bool


class AccountStore(Family):
    async def get(self, connection_id: str, account_id: str) -> Row | None:
        return await self.db.fetch_one(
            "SELECT * FROM source_accounts WHERE connection_id = ? AND id = ?", (connection_id, account_id)
        )

    async def of_connection(self, connection_id: str) -> list[Row]:
        return await self.db.fetch_all(
            "SELECT * FROM source_accounts WHERE connection_id = ? ORDER BY pk", (connection_id,)
        )

    async def as_created(self, connection_id: str) -> list[Row]:
        """In the order the API created them (the tenant's clock), as the Link UI lists them."""
        return await self.db.fetch_all(
            "SELECT * FROM source_accounts WHERE connection_id = ? ORDER BY created, pk", (connection_id,)
        )

    async def states(self, connection_id: str) -> States:
        return await _states(self.db, connection_id)

    async def write_target(self, connection_id: str, account_id: str) -> WriteTarget | None:
        """The connection's account `account_id` with what deciding a write to it needs; one statement."""
        return _target(
            await self.db.fetch_one(f"{_TARGET} WHERE a.connection_id = ? AND a.id = ?", (connection_id, account_id))
        )

    async def create(self, connection_id: str, accounts: Sequence[tuple[str, dict[str, Any]]], now: str) -> list[bool]:
        """Stores pending accounts, given as (prototype, fields), in one transaction; per account,
        False when the connection already has one with its id. ParentGone if the connection is."""
        async with self.db.transaction() as tx:
            if await tx.fetch_one("SELECT 1 FROM connections WHERE id = ?", (connection_id,)) is None:
                raise ParentGone(connection_id)
            return [await _insert(tx, connection_id, prototype, fields, now) for prototype, fields in accounts]

    async def update(self, pk: int, body: dict[str, Any], status: str, now: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE source_accounts SET body = ?, status = ?, modified = ? WHERE pk = ?",
                (json.dumps(body), status, now, pk),
            )

    async def delete(self, pk: int) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM source_accounts WHERE pk = ?", (pk,))

    async def link(
        self, connection_id: str, credential_id: str, choices: Sequence[fp.LinkChoice], now: dt.datetime
    ) -> list[fp.LinkedAccount]:
        """QBO links the chosen accounts with these credentials, and the connection is Linked, in one
        transaction. AccountMissing (nothing linked) if the connection lacks one of them."""
        async with self.db.transaction() as tx:
            steps = [await _link_one(tx, connection_id, credential_id, choice, now) for choice in choices]
            await tx.execute(
                "UPDATE connections SET status = ?, modified = ?, last_sync = ? WHERE id = ?",
                (ConnectionStatus.LINKED.value, iso(now), iso(now), connection_id),
            )
            shown = [step for _, step in steps]
            await journey.add(tx, NewStep(connection_id, StepKind.LINK, iso(now), {"accounts": shown}))
        return [linked for linked, _ in steps]

    async def disconnect(self, account: Row, now: str) -> None:
        """The SMB disconnected the account's feed in QBO."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE source_accounts SET disconnected_at = ?, modified = ? WHERE pk = ?", (now, now, account["pk"])
            )
            detail = {"sourceAccountId": account["id"], "sourceName": account_name(account)}
            await journey.add(tx, NewStep(account["connection_id"], StepKind.DISCONNECT, now, detail))


INSERT = (
    "INSERT OR IGNORE INTO source_accounts (connection_id, id, prototype, body, status, created, modified)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)


async def _insert(tx: Writer, connection_id: str, prototype: str, fields: dict[str, Any], now: str) -> bool:
    changed = await tx.execute(
        INSERT, (connection_id, fields["id"], prototype, json.dumps(fields), SourceAccountStatus.PENDING, now, now)
    )
    return changed == 1


async def _states(reader: Reader, connection_id: str) -> States:
    rows = await reader.fetch_all(
        "SELECT status, disconnected_at FROM source_accounts WHERE connection_id = ?", (connection_id,)
    )
    return [(r["status"], r["disconnected_at"]) for r in rows]


# An account with what deciding a write needs, in one statement: its siblings' (status,
# disconnected_at), and whether the credentials it was connected with are gone or revoked.
_TARGET = (
    "SELECT a.*, a.credential_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM credentials cr"
    " WHERE cr.id = a.credential_id AND cr.revoked IS NULL) AS credentials_revoked,"
    " (SELECT json_group_array(json_array(s.status, s.disconnected_at)) FROM source_accounts s"
    " WHERE s.connection_id = a.connection_id) AS sibling_states FROM source_accounts a"
)


def _target(row: Row | None) -> WriteTarget | None:
    if row is None:
        return None
    siblings = [(status, gone) for status, gone in json.loads(row["sibling_states"])]
    return WriteTarget(row, siblings, bool(row["credentials_revoked"]))


async def write_target(reader: Reader, pk: int) -> WriteTarget | None:
    """The WriteTarget of the account `pk`, read by the database's reader or inside a transaction."""
    return _target(await reader.fetch_one(f"{_TARGET} WHERE a.pk = ?", (pk,)))


def account_name(account: Row) -> str:
    """The account's name as the API gave it (its id when it has none)."""
    return str(json.loads(account["body"]).get("accountName") or account["id"])


async def _link_one(
    tx: Writer, connection_id: str, credential_id: str, choice: fp.LinkChoice, now: dt.datetime
) -> tuple[fp.LinkedAccount, dict[str, Any]]:
    """The account linked, and what the journey shows of it: its QBO account, the start date picked
    and the one the feed starts at (clamped to the 7-day window, or kept from an earlier link)."""
    row = await tx.fetch_one(
        "SELECT pk, id, body, status, feed_start_date, disconnected_at FROM source_accounts"
        " WHERE connection_id = ? AND id = ?",
        (connection_id, choice.source_account_id),
    )
    if row is None:
        raise AccountMissing(choice.source_account_id)
    still_linked = lifecycle.can_receive_writes(row["status"], row["disconnected_at"]) and row["feed_start_date"]
    # Signing in again (new credentials after a revoke) keeps the feed's start; a new link sets it.
    start = (
        dt.date.fromisoformat(row["feed_start_date"][:10])
        if still_linked
        else fp.clamp_start_date(choice.start_date, now.date())
    )
    await tx.execute(
        "UPDATE source_accounts SET status = ?, feed_start_date = ?, credential_id = ?, qbo_account_id = ?,"
        " qbo_account_name = ?, disconnected_at = NULL, modified = ? WHERE pk = ?",
        (
            SourceAccountStatus.CONNECTED.value,
            start.isoformat(),
            credential_id,
            choice.qbo_account_id,
            choice.qbo_account_name,
            iso(now),
            row["pk"],
        ),
    )
    step = {
        "sourceAccountId": choice.source_account_id,
        "sourceName": account_name(row),
        "qboAccount": choice.qbo_account_name,
        "startDate": choice.start_date.isoformat(),
        "feedStartDate": start.isoformat(),
    }
    return fp.LinkedAccount(choice.source_account_id, SourceAccountStatus.CONNECTED.value, start), step
