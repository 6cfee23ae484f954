"""SQLite for an async app: WAL, versioned migrations, one serialised writer, a separate reader.

Both connections are used right on the event loop. A statement on this data takes microseconds
(tens for a read, a few milliseconds for a thousand-row insert), far less than a round trip to a
database thread and the GIL hand-offs that come with one; WAL keeps readers and the writer apart.
The interface stays async, so callers need not know.

`--memory` uses a throw-away file in a temporary directory, so both modes share one code path
(and WAL semantics) and nothing survives the process.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

Migration = str  # one SQL script per schema version, applied in order


class Database:
    def __init__(self, path: Path, *, temporary_dir: Path | None = None) -> None:
        self.path = path
        self._temporary_dir = temporary_dir
        self._writer: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, data_dir: Path | None, filename: str, migrations: Sequence[Migration]) -> Database:
        if data_dir is None:
            tmp = Path(tempfile.mkdtemp(prefix="qbo-sandbox-"))
            db = cls(tmp / filename, temporary_dir=tmp)
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            db = cls(data_dir / filename)
        await db._connect(migrations)
        return db

    async def _connect(self, migrations: Sequence[Migration]) -> None:
        self._writer = self._open_writer()
        self._writer.execute("PRAGMA journal_mode=WAL")
        self._migrate(migrations)
        self._reader = self._open_reader()

    def _open_writer(self) -> sqlite3.Connection:
        return self._open("PRAGMA synchronous=NORMAL")

    def _open_reader(self) -> sqlite3.Connection:
        return self._open("PRAGMA query_only=ON")

    def _open(self, *pragmas: str) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        for pragma in ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", *pragmas):
            conn.execute(pragma)
        return conn

    def _migrate(self, migrations: Sequence[Migration]) -> None:
        assert self._writer is not None
        row = self._writer.execute("PRAGMA user_version").fetchone()
        current = int(row[0]) if row else 0
        if current > len(migrations):
            raise RuntimeError(
                f"{self.path} has schema version {current}, newer than this sandbox knows "
                f"({len(migrations)}); upgrade qbo-sandbox or use another --data-dir"
            )
        for version, script in enumerate(migrations[current:], start=current + 1):
            self._writer.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;")

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None
        if self._temporary_dir is not None:
            shutil.rmtree(self._temporary_dir, ignore_errors=True)

    # -- reads: never wait for the writer ---------------------------------------------------
    # Each read runs whole, so no statement stays open between requests to pin an old snapshot.
    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        assert self._reader is not None
        cursor = self._reader.execute(sql, params)
        try:
            row: aiosqlite.Row | None = cursor.fetchone()
        finally:
            cursor.close()  # resets the statement: its read snapshot ends here
        return row

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        assert self._reader is not None
        return self._reader.execute(sql, params).fetchall()

    # -- writes: one transaction at a time ----------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Writer]:
        """`async with db.transaction() as tx:` — all or nothing, serialised with other writes."""
        assert self._writer is not None
        async with self._write_lock:
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield Writer(self._writer)
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            self._writer.execute("COMMIT")


class Writer:
    """The handle a transaction gets: reads here see the transaction's own writes."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; returns the number of rows it changed."""
        cursor = self._conn.execute(sql, params)
        try:
            return cursor.rowcount
        finally:
            cursor.close()

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs an INSERT; returns the new row id."""
        cursor = self._conn.execute(sql, params)
        try:
            return int(cursor.lastrowid or 0)
        finally:
            cursor.close()

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self._conn.executemany(sql, rows).close()

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        cursor = self._conn.execute(sql, params)
        try:
            row: aiosqlite.Row | None = cursor.fetchone()
        finally:
            cursor.close()
        return row

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        return self._conn.execute(sql, params).fetchall()
