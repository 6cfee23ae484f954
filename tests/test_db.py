"""The database helper: statements run off the event loop, writes are all or nothing, errors stay visible."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from sandbox import correlation
from sandbox.db import Database, _rollback, count_statements
from tests.fresh_loop import run_in_fresh_loop

SCHEMA = ["CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"]
# A read that keeps SQLite busy for a while: counting to a few million in a recursive CTE.
SLOW_READ = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000000) SELECT count(*) FROM n"


run = run_in_fresh_loop


async def _open(tmp_path: Path) -> Database:
    return await Database.open(tmp_path, "test.sqlite3", SCHEMA)


def test_a_long_read_leaves_the_event_loop_free(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, int]:
        db = await _open(tmp_path)
        ticks = 0
        read = asyncio.create_task(db.fetch_one(SLOW_READ))
        while not read.done():  # the loop keeps turning while SQLite works on another thread
            ticks += 1
            await asyncio.sleep(0)
        row = await read
        await db.close()
        return ticks, int(row[0])

    ticks, counted = run(scenario())
    assert counted == 3000000
    assert ticks > 100


def test_a_short_read_is_not_queued_behind_a_long_one(tmp_path: Path) -> None:
    async def scenario() -> bool:
        db = await _open(tmp_path)
        slow = asyncio.create_task(db.fetch_one(SLOW_READ))
        await asyncio.sleep(0)
        await db.fetch_one("SELECT 1")
        finished_first = not slow.done()
        await slow
        await db.close()
        return finished_first

    assert run(scenario())


def test_a_failed_write_leaves_nothing_and_keeps_its_error(tmp_path: Path) -> None:
    async def scenario() -> list[str]:
        db = await _open(tmp_path)
        async with db.transaction() as tx:
            await tx.insert("INSERT INTO items (name) VALUES (?)", ("kept",))
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            async with db.transaction() as tx:
                await tx.insert("INSERT INTO items (name) VALUES (?)", ("new",))
                await tx.insert("INSERT INTO items (name) VALUES (?)", ("kept",))
        names = [row["name"] for row in await db.fetch_all("SELECT name FROM items ORDER BY id")]
        await db.close()
        return names

    assert run(scenario()) == ["kept"]


def test_a_rollback_sqlite_already_did_does_not_hide_the_error(tmp_path: Path) -> None:
    class Boom(Exception):
        pass

    async def scenario() -> None:
        db = await _open(tmp_path)
        try:
            async with db.transaction() as tx:
                await tx.execute("ROLLBACK")  # the transaction ends under us, as SQLite does on a full disk
                raise Boom
        finally:
            await db.close()

    with pytest.raises(Boom):
        run(scenario())


def test_a_rollback_that_fails_is_logged_with_the_requests_correlation_id(caplog: pytest.LogCaptureFixture) -> None:
    class Unrollable:
        """A connection whose ROLLBACK fails, as SQLite's does when it already ended the transaction."""

        in_transaction = True

        async def execute_fetchall(self, sql: str) -> None:
            raise sqlite3.OperationalError("cannot rollback - no transaction is active")

    async def scenario() -> str:
        request_id = correlation.begin()
        await _rollback(Unrollable())  # type: ignore[arg-type]
        return request_id

    with caplog.at_level(logging.ERROR, logger="sandbox.db"):
        request_id = run(scenario())

    (line,) = caplog.records
    assert request_id in line.getMessage() and "ROLLBACK failed" in line.getMessage()


def test_statements_are_counted_per_task(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, int]:
        db = await _open(tmp_path)
        with count_statements() as outer:
            await db.fetch_one("SELECT 1")
            async with db.transaction() as tx:
                await tx.execute_many("INSERT INTO items (name) VALUES (?)", [("a",), ("b",), ("c",)])
                await tx.fetch_all("SELECT * FROM items")
            with count_statements() as inner:
                await db.fetch_all("SELECT * FROM items")
        await db.close()
        return outer[0], inner[0]

    # BEGIN and COMMIT are the helper's own, not the caller's: they are not counted.
    assert run(scenario()) == (3, 1)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    async def scenario() -> None:
        db = await Database.open(tmp_path, "test.sqlite3", [*SCHEMA, "CREATE TABLE later (id INTEGER);"])
        await db.close()
        await _open(tmp_path)

    with pytest.raises(RuntimeError, match="newer than this sandbox knows"):
        run(scenario())
