"""SQLite for an async app, on aiosqlite: WAL, versioned migrations, one serialised writer, a few readers.

Every statement runs on an aiosqlite connection's own thread, never on the event loop, so a large
read or a thousand-row insert can't stall the requests of other tenants (or of the other app, when
`qbo-sandbox serve` runs both in one process). Writes go through one writer connection, one
transaction at a time; reads take one of a small pool of read-only connections and, thanks to WAL,
never wait for a write. Each read or write is one round trip to a connection's thread.

`--memory` uses a throw-away file in a temporary directory, so both modes share one code path
(and WAL semantics) and nothing survives the process.

Statements are counted per task (`count_statements()`), so the request journal and the bench can say
how many statements a request ran. Every connection has a SQL function `casefold(text)`, Python's
str.casefold, so that SQL can compare text case-insensitively exactly as Python code would.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from sandbox import correlation

log = logging.getLogger("sandbox.db")

Migration = str  # one SQL script per schema version, applied in order
Row = aiosqlite.Row
READERS = 3  # enough that one long read (a big page) doesn't queue the short ones behind it

_counter: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("sql_statements", default=None)


@contextmanager
def count_statements() -> Iterator[list[int]]:
    """`with count_statements() as n:` … `n[0]` is how many statements the code in the block ran."""
    box = [0]
    token = _counter.set(box)
    try:
        yield box
    finally:
        _counter.reset(token)


def _counted(statements: int = 1) -> None:
    box = _counter.get()
    if box is not None:
        box[0] += statements


class Database:
    def __init__(self, path: Path, *, temporary_dir: Path | None = None) -> None:
        self.path = path
        self._temporary_dir = temporary_dir
        self._writer: aiosqlite.Connection | None = None
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all_readers: list[aiosqlite.Connection] = []
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, data_dir: Path | None, filename: str, migrations: Sequence[Migration]) -> Database:
        if data_dir is None:
            tmp = Path(tempfile.mkdtemp(prefix="qbo-sandbox-"))
            db = cls(tmp / filename, temporary_dir=tmp)
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            db = cls(data_dir / filename)
        try:
            await db._connect(migrations)
        except BaseException:
            await db.close()
            raise
        return db

    async def _connect(self, migrations: Sequence[Migration]) -> None:
        self._writer = await self._open("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")
        await self._migrate(migrations)
        for _ in range(READERS):
            reader = await self._open("PRAGMA query_only=ON")
            self._all_readers.append(reader)
            self._readers.put_nowait(reader)

    async def _open(self, *pragmas: str) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        await conn.create_function("casefold", 1, _casefold, deterministic=True)
        for pragma in ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", *pragmas):
            await conn.execute_fetchall(pragma)
        return conn

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        assert self._writer is not None
        rows = await self._writer.execute_fetchall("PRAGMA user_version")
        current = int(next(iter(rows))[0])
        if current > len(migrations):
            raise RuntimeError(
                f"{self.path} has schema version {current}, newer than this sandbox knows "
                f"({len(migrations)}); upgrade qbo-sandbox or use another --data-dir"
            )
        for version, script in enumerate(migrations[current:], start=current + 1):
            await self._writer.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;")

    async def close(self) -> None:
        for conn in [*self._all_readers, self._writer]:
            if conn is not None:
                await conn.close()
        self._all_readers, self._writer = [], None
        self._readers = asyncio.Queue()
        if self._temporary_dir is not None:
            shutil.rmtree(self._temporary_dir, ignore_errors=True)

    # -- reads: never wait for the writer ---------------------------------------------------
    # Each read runs whole on its connection's thread (fetch all, statement reset), so no statement
    # stays open between requests to pin an old snapshot of the database.
    @asynccontextmanager
    async def _reader(self) -> AsyncIterator[aiosqlite.Connection]:
        conn = await self._readers.get()
        try:
            yield conn
        finally:
            self._readers.put_nowait(conn)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """One row, for a query that selects at most a few (by key, or with LIMIT)."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        _counted()
        async with self._reader() as conn:
            return list(await conn.execute_fetchall(sql, params))

    # -- writes: one transaction at a time ----------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Writer]:
        """`async with db.transaction() as tx:` — all or nothing, serialised with other writes."""
        assert self._writer is not None
        conn = self._writer
        async with self._write_lock:
            await conn.execute_fetchall("BEGIN IMMEDIATE")
            try:
                yield Writer(conn)
            except BaseException:
                await _rollback(conn)
                raise
            try:
                await conn.execute_fetchall("COMMIT")
            except BaseException:
                await _rollback(conn)
                raise


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


async def _rollback(conn: aiosqlite.Connection) -> None:
    """Undo the open transaction, without hiding the error that got us here.

    SQLite rolls a transaction back by itself after some errors (a full disk, say), and then a
    ROLLBACK fails with "no transaction is active": that failure is logged, never raised over the
    original error.
    """
    if not conn.in_transaction:
        return
    try:
        await conn.execute_fetchall("ROLLBACK")
    except sqlite3.Error:
        log.exception(
            "ROLLBACK failed after an error in a write transaction (correlationId %s)", correlation.current() or "-"
        )


class Writer:
    """The handle a transaction gets: reads here see the transaction's own writes."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; returns the number of rows it changed."""
        _counted()
        async with self._conn.execute(sql, params) as cursor:
            return int(cursor.rowcount)

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs an INSERT; returns the new row id."""
        _counted()
        row = await self._conn.execute_insert(sql, params)
        return int(row[0]) if row else 0

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """One statement for many rows (one round trip, counted once); returns the rows it changed."""
        _counted()
        async with self._conn.executemany(sql, list(rows)) as cursor:
            return max(int(cursor.rowcount), 0)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        _counted()
        return list(await self._conn.execute_fetchall(sql, params))
