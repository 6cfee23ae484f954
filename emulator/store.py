"""Reads and writes of the emulator's data: every query names its realm, so realms never mix."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import aiosqlite

from emulator.chart import CLASSIFICATION, FEED_ACCOUNT_TYPES, starting_chart
from sandbox import feed_protocol as fp
from sandbox.db import Database, Writer
from sandbox.security import hash_password_off_loop, random_string, token, token_digest

Row = aiosqlite.Row
_IDS_PER_STATEMENT = 500  # well under SQLite's limit on placeholders


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class NewStep:
    """A step to record (emulator/steps.py says what each kind's `detail` holds)."""

    tenant_id: str
    realm_id: str
    at: str  # the tenant's sandbox time, sandbox.clock.iso
    kind: str
    detail: dict[str, Any]
    connection_id: str | None = None
    flow_id: str | None = None
    failed: bool = False
    recorded: float = field(default_factory=time.time)  # real time: orders the steps of one sandbox instant


@dataclass(frozen=True)
class NewRealm:
    realm_id: str
    email: str
    password: str


class Store:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- realms and users -------------------------------------------------------------------
    async def create_realm(
        self,
        tenant_id: str,
        company_name: str,
        view: str = "accounting",
        locale: str = "en",
        opening: Mapping[str, str] | None = None,
    ) -> NewRealm:
        """A company with its starting chart in the user's language (`opening`: balances by English name)."""
        realm_id = "9341" + random_string(12, "0123456789")
        email = f"owner.{realm_id}@sandbox.example"
        password = random_string(16)
        password_hash = await hash_password_off_loop(password)
        now = utcnow()
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO realms (id, tenant_id, company_name, created_at) VALUES (?, ?, ?, ?)",
                (realm_id, tenant_id, company_name, now),
            )
            await tx.execute(
                "INSERT INTO users (realm_id, email, password_hash, view, locale) VALUES (?, ?, ?, ?, ?)",
                (realm_id, email, password_hash, view, locale),
            )
            for account in starting_chart(locale, opening):
                await _insert_account(
                    tx,
                    realm_id,
                    account.name,
                    account.kind,
                    account.sub_type,
                    account.balance,
                    number=account.number,
                    description=account.description,
                )
        return NewRealm(realm_id, email, password)

    async def delete_realm(self, realm_id: str) -> None:
        """Removes a realm and all that is in it, in one transaction (a seed that failed half-way)."""
        in_feeds = "SELECT id FROM feeds WHERE realm_id = ?"
        in_users = "SELECT id FROM users WHERE realm_id = ?"
        async with self.db.transaction() as tx:
            await tx.execute(f"DELETE FROM bank_transactions WHERE feed_id IN ({in_feeds})", (realm_id,))  # noqa: S608
            await tx.execute(f"DELETE FROM link_flows WHERE user_id IN ({in_users})", (realm_id,))  # noqa: S608
            for table in ("steps", "feeds", "api_tokens", "accounts", "users"):
                await tx.execute(f"DELETE FROM {table} WHERE realm_id = ?", (realm_id,))  # noqa: S608
            await tx.execute("DELETE FROM realms WHERE id = ?", (realm_id,))

    async def realm(self, realm_id: str) -> Row | None:
        return await self.db.fetch_one("SELECT * FROM realms WHERE id = ?", (realm_id,))

    async def user_by_email(self, email: str) -> Row | None:
        return await self.db.fetch_one("SELECT * FROM users WHERE email = ?", (email.strip(),))

    async def user(self, user_id: int) -> Row | None:
        return await self.db.fetch_one(
            "SELECT users.*, realms.company_name, realms.tenant_id FROM users "
            "JOIN realms ON realms.id = users.realm_id WHERE users.id = ?",
            (user_id,),
        )

    async def set_view(self, user_id: int, view: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("UPDATE users SET view = ? WHERE id = ?", (view, user_id))

    # -- API tokens (Accounting API) --------------------------------------------------------
    async def issue_api_token(self, realm_id: str) -> str:
        value = token(32)
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO api_tokens (digest, realm_id, created_at) VALUES (?, ?, ?)",
                (token_digest(value), realm_id, utcnow()),
            )
        return value

    async def realm_for_api_token(self, value: str) -> str | None:
        row = await self.db.fetch_one("SELECT realm_id FROM api_tokens WHERE digest = ?", (token_digest(value),))
        return str(row["realm_id"]) if row else None

    # -- chart of accounts ------------------------------------------------------------------
    async def accounts(self, realm_id: str) -> list[Row]:
        return await self.db.fetch_all("SELECT * FROM accounts WHERE realm_id = ? ORDER BY id", (realm_id,))

    async def account(self, realm_id: str, account_id: int) -> Row | None:
        return await self.db.fetch_one("SELECT * FROM accounts WHERE realm_id = ? AND id = ?", (realm_id, account_id))

    async def feedable_accounts(self, realm_id: str) -> list[Row]:
        """Bank and Credit Card accounts with no live feed: what a source account can be mapped to."""
        marks = ",".join("?" * len(FEED_ACCOUNT_TYPES))
        return await self.db.fetch_all(
            f"SELECT * FROM accounts WHERE realm_id = ? AND account_type IN ({marks}) "  # noqa: S608
            "AND id NOT IN (SELECT account_id FROM feeds WHERE status != 'disconnected') ORDER BY name",
            (realm_id, *FEED_ACCOUNT_TYPES),
        )

    async def add_account(self, realm_id: str, name: str, kind: str, sub_type: str) -> int | None:
        """Adds an account; None when the realm already has one with that name."""
        async with self.db.transaction() as tx:
            exists = await tx.fetch_one(
                "SELECT id FROM accounts WHERE realm_id = ? AND name = ? COLLATE NOCASE", (realm_id, name)
            )
            if exists:
                return None
            return await _insert_account(tx, realm_id, name, kind, sub_type, "0.00")

    async def balances(self, realm_id: str) -> dict[int, Decimal]:
        """Each account's QuickBooks balance: opening balance plus what its feeds' categorized rows add
        (kept per feed as they change tab, so no row is read here)."""
        rows = await self.db.fetch_all(
            "SELECT a.id, a.opening_balance, COALESCE(SUM(c.categorized_cents), 0) AS cents FROM accounts a "
            "LEFT JOIN feeds f ON f.account_id = a.id LEFT JOIN feed_counts c ON c.feed_id = f.id "
            "WHERE a.realm_id = ? GROUP BY a.id",
            (realm_id,),
        )
        return {int(r["id"]): Decimal(r["opening_balance"]) + Decimal(int(r["cents"])).scaleb(-2) for r in rows}

    # -- feeds ------------------------------------------------------------------------------
    async def feeds(self, realm_id: str) -> list[Row]:
        return await self.db.fetch_all(
            "SELECT f.*, a.name AS account_name, a.account_type, c.review AS to_review, "
            "c.categorized AS categorized_count, c.excluded AS excluded_count "
            "FROM feeds f JOIN accounts a ON a.id = f.account_id JOIN feed_counts c ON c.feed_id = f.id "
            "WHERE f.realm_id = ? ORDER BY f.id",
            (realm_id,),
        )

    async def feed(self, realm_id: str, feed_id: int) -> Row | None:
        return await self.db.fetch_one(
            "SELECT f.*, a.name AS account_name FROM feeds f JOIN accounts a ON a.id = f.account_id "
            "WHERE f.realm_id = ? AND f.id = ?",
            (realm_id, feed_id),
        )

    async def feeds_to_pull(self) -> list[Row]:
        return await self.db.fetch_all(
            "SELECT f.*, r.tenant_id FROM feeds f JOIN realms r ON r.id = f.realm_id "
            "WHERE f.status = 'active' AND (f.error_code IS NULL OR f.error_code NOT IN ('103', '105'))"
        )

    async def add_feeds(
        self,
        realm_id: str,
        session: fp.FeedSession,
        choices: list[fp.LinkChoice],
        result: fp.LinkResult,
    ) -> None:
        by_source = {a.id: a for a in session.accounts}
        linked = {a.source_account_id: a for a in result.accounts}
        now = utcnow()
        async with self.db.transaction() as tx:
            for choice in choices:
                source = by_source[choice.source_account_id]
                start = linked.get(choice.source_account_id)
                start_date = start.feed_start_date if start and start.feed_start_date else choice.start_date
                await tx.execute(
                    "INSERT INTO feeds (realm_id, account_id, source_account_id, source_name, masked_number, "
                    "institution_name, connection_id, token, bank_balance, start_date, status, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)",
                    (
                        realm_id,
                        int(choice.qbo_account_id),
                        source.id,
                        source.name,
                        source.masked_number,
                        session.institution_name,
                        session.connection_id,
                        session.token,
                        None if source.balance is None else str(source.balance),
                        start_date.isoformat(),
                        now,
                    ),
                )

    async def renew_feed_token(self, realm_id: str, feed_ids: list[int], session_token: str) -> None:
        async with self.db.transaction() as tx:
            for feed_id in feed_ids:
                await tx.execute(
                    "UPDATE feeds SET token = ?, error_code = NULL WHERE realm_id = ? AND id = ?",
                    (session_token, realm_id, feed_id),
                )

    async def set_feed_error(self, feed_id: int, code: str | None) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("UPDATE feeds SET error_code = ? WHERE id = ?", (code, feed_id))

    async def disconnect_feed(self, realm_id: str, feed_id: int) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE feeds SET status = 'disconnected', error_code = NULL WHERE realm_id = ? AND id = ?",
                (realm_id, feed_id),
            )

    async def mark_disconnected(self, feed_id: int) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("UPDATE feeds SET status = 'disconnected', error_code = NULL WHERE id = ?", (feed_id,))

    async def save_page(self, feed_id: int, page: fp.TransactionPage) -> int:
        """Stores a pulled page; returns how many transactions were new. Repeats are ignored."""
        now = utcnow()
        balance = str(page.transactions[-1].balance) if page.transactions else None
        async with self.db.transaction() as tx:
            found = await tx.execute(
                "UPDATE feeds SET cursor = ?, bank_balance = COALESCE(?, bank_balance), last_pull_at = ?, "
                "error_code = NULL WHERE id = ?",
                (page.cursor, balance, now, feed_id),
            )
            if not found:  # a reset or restore removed the feed while its page was on the way
                return 0
            added = await tx.execute_many(  # one round trip for the page
                "INSERT OR IGNORE INTO bank_transactions (feed_id, provider_id, date, description, "
                "amount, received_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (feed_id, txn.id, txn.date.date().isoformat(), txn.description, str(txn.amount), now)
                    for txn in page.transactions
                ],
            )
        return added

    # -- bank transactions ------------------------------------------------------------------
    async def transactions(self, realm_id: str, feed_id: int, state: str) -> list[Row]:
        """Every row of a tab, newest first: for tests and small lists; pages read transaction_page."""
        return await self.db.fetch_all(
            "SELECT t.* FROM bank_transactions t JOIN feeds f ON f.id = t.feed_id "
            "WHERE f.realm_id = ? AND f.id = ? AND t.state = ? ORDER BY t.date DESC, t.id DESC",
            (realm_id, feed_id, state),
        )

    async def transaction_page(
        self, realm_id: str, feed_id: int, state: str, offset: int, limit: int, total: int
    ) -> list[Row]:
        """Rows `offset` to `offset + limit` of a tab, newest first, of `total` rows.

        The index walks from whichever end of the tab is nearer, so the last page costs what the
        first does and no page skips more than half the rows. (A page read while a pull commits may
        be off by the rows it added, as any paged list is.)
        """
        sql = (
            "SELECT t.* FROM bank_transactions t JOIN feeds f ON f.id = t.feed_id "
            "WHERE f.realm_id = ? AND t.feed_id = ? AND t.state = ? "
            "ORDER BY t.date {0}, t.id {0} LIMIT ? OFFSET ?"
        )
        from_end = total - offset - limit
        if from_end >= offset:
            return await self.db.fetch_all(sql.format("DESC"), (realm_id, feed_id, state, limit, offset))
        count = min(limit, total - offset)
        rows = await self.db.fetch_all(sql.format("ASC"), (realm_id, feed_id, state, count, max(0, from_end)))
        return rows[::-1]

    async def set_transaction_state(
        self, realm_id: str, ids: list[int], state: str, from_states: tuple[str, ...]
    ) -> int:
        """Moves the realm's rows `ids` that are in `from_states` to `state`; returns how many moved."""
        if not ids:
            return 0
        changed = 0
        froms = ",".join("?" * len(from_states))
        async with self.db.transaction() as tx:
            for start in range(0, len(ids), _IDS_PER_STATEMENT):
                chunk = ids[start : start + _IDS_PER_STATEMENT]
                # Only placeholders are interpolated into this statement.
                sql = (
                    "UPDATE bank_transactions SET state = ?, "  # noqa: S608
                    "category = CASE WHEN ? = 'categorized' THEN "
                    "(CASE WHEN CAST(amount AS REAL) < 0 THEN 'expense' ELSE 'income' END) ELSE NULL END "
                    f"WHERE id IN ({','.join('?' * len(chunk))}) AND state IN ({froms}) "
                    "AND feed_id IN (SELECT id FROM feeds WHERE realm_id = ?)"
                )
                changed += await tx.execute(sql, (state, state, *chunk, *from_states, realm_id))
        return changed

    # -- link flows: the multi-step Link account state, kept server-side --------------------
    async def create_flow(self, user_id: int, data: dict[str, Any]) -> str:
        flow_id = token(18)
        stale = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).isoformat(timespec="seconds")
        async with self.db.transaction() as tx:
            # Flows abandoned half-way are of no use after a day: forget them as new ones start.
            await tx.execute("DELETE FROM link_flows WHERE created_at < ?", (stale,))
            await tx.execute(
                "INSERT INTO link_flows (id, user_id, data, created_at) VALUES (?, ?, ?, ?)",
                (flow_id, user_id, json.dumps(data), utcnow()),
            )
        return flow_id

    async def flow(self, flow_id: str, user_id: int) -> dict[str, Any] | None:
        row = await self.db.fetch_one("SELECT data FROM link_flows WHERE id = ? AND user_id = ?", (flow_id, user_id))
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row["data"])
        return data

    async def save_flow(self, flow_id: str, user_id: int, data: dict[str, Any]) -> None:
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE link_flows SET data = ? WHERE id = ? AND user_id = ?",
                (json.dumps(data), flow_id, user_id),
            )

    async def count_flow_attempt(self, flow_id: str, user_id: int) -> int:
        """Adds one to the flow's `attempts` in a single write; returns the new count."""
        async with self.db.transaction() as tx:
            row = await tx.fetch_one("SELECT data FROM link_flows WHERE id = ? AND user_id = ?", (flow_id, user_id))
            if row is None:
                return 0
            data = json.loads(row["data"])
            data["attempts"] = int(data.get("attempts") or 0) + 1
            await tx.execute("UPDATE link_flows SET data = ? WHERE id = ?", (json.dumps(data), flow_id))
        return int(data["attempts"])

    async def delete_flow(self, flow_id: str) -> None:
        async with self.db.transaction() as tx:
            await tx.execute("DELETE FROM link_flows WHERE id = ?", (flow_id,))

    # -- steps: QBO's record of a tenant's journey (emulator/steps.py) ----------------------
    async def add_step(self, step: NewStep, keep: int) -> None:
        """Records a step, and forgets the tenant's oldest beyond the newest `keep`."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO steps (tenant_id, realm_id, at, kind, connection_id, flow_id, failed, detail, recorded) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    step.tenant_id,
                    step.realm_id,
                    step.at,
                    step.kind,
                    step.connection_id,
                    step.flow_id,
                    int(step.failed),
                    json.dumps(step.detail),
                    step.recorded,
                ),
            )
            await tx.execute(
                "DELETE FROM steps WHERE tenant_id = ? AND id <= "
                "(SELECT id FROM steps WHERE tenant_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (step.tenant_id, step.tenant_id, keep),
            )

    async def name_flow_steps(self, tenant_id: str, flow_id: str, connection_id: str) -> None:
        """Gives a Link account flow's steps so far the connection its sign-in answered with."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE steps SET connection_id = ? WHERE tenant_id = ? AND flow_id = ? AND connection_id IS NULL",
                (connection_id, tenant_id, flow_id),
            )

    async def steps(self, tenant_id: str, connection_id: str | None, limit: int) -> list[Row]:
        """The tenant's newest `limit` steps (of one connection, when named), in the order they happened."""
        where, params = "tenant_id = ?", [tenant_id]
        if connection_id is not None:
            where, params = "tenant_id = ? AND connection_id = ?", [tenant_id, connection_id]
        return await self.db.fetch_all(
            f"SELECT * FROM (SELECT * FROM steps WHERE {where} ORDER BY at DESC, id DESC LIMIT ?) "  # noqa: S608
            "ORDER BY at, id",
            (*params, limit),
        )


async def _insert_account(
    tx: Writer,
    realm_id: str,
    name: str,
    kind: str,
    sub_type: str,
    balance: str,
    *,
    number: str | None = None,
    description: str = "",
) -> int:
    return await tx.insert(
        "INSERT INTO accounts (realm_id, name, account_type, sub_type, classification, acct_num, description, "
        "opening_balance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (realm_id, name, kind, sub_type, CLASSIFICATION[kind], number, description, balance, utcnow()),
    )
