"""SQLite through aiosqlite: WAL, versioned migrations, one serialised writer, a separate reader.

`--memory` uses a throw-away file in a temporary directory, so both modes share one code path
(and WAL semantics) and nothing survives the process.
"""

from __future__ import annotations

import asyncio
import shutil
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
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
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
        self._writer = await self._open_connection()
        await self._writer.execute("PRAGMA journal_mode=WAL")
        await self._migrate(migrations)
        self._reader = await self._open_connection()

    async def _open_connection(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA busy_timeout=5000")
        return conn

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        assert self._writer is not None
        async with self._writer.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        current = int(row[0]) if row else 0
        if current > len(migrations):
            raise RuntimeError(
                f"{self.path} has schema version {current}, newer than this sandbox knows "
                f"({len(migrations)}); upgrade qbo-sandbox or use another --data-dir"
            )
        for version, script in enumerate(migrations[current:], start=current + 1):
            await self._writer.executescript(f"BEGIN;\n{script}\nPRAGMA user_version={version};\nCOMMIT;")

    async def close(self) -> None:
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None
        if self._temporary_dir is not None:
            shutil.rmtree(self._temporary_dir, ignore_errors=True)

    # -- reads: never wait for the writer ---------------------------------------------------
    # execute_fetchall is one hop to aiosqlite's thread, where execute + fetch + close would be three.
    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        assert self._reader is not None
        rows = await self._reader.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        assert self._reader is not None
        return list(await self._reader.execute_fetchall(sql, params))

    # -- writes: one transaction at a time ----------------------------------------------------
    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Writer]:
        """`async with db.transaction() as tx:` — all or nothing, serialised with other writes."""
        assert self._writer is not None
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield Writer(self._writer)
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            await self._writer.execute("COMMIT")


class Writer:
    """The handle a transaction gets: reads here see the transaction's own writes."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs one statement; returns the number of rows it changed."""
        async with self._conn.execute(sql, params) as cur:
            return cur.rowcount

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Runs an INSERT; returns the new row id."""
        async with self._conn.execute(sql, params) as cur:
            return int(cur.lastrowid or 0)

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._conn.executemany(sql, rows)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> aiosqlite.Row | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return next(iter(rows), None)

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[aiosqlite.Row]:
        return list(await self._conn.execute_fetchall(sql, params))
