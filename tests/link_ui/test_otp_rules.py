"""The OTP rules of a linkUrl (link_ui/links.py) and the throttle on wrong codes (link_ui/otp_guard.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from link_ui import otp_guard
from link_ui.links import (
    DAY,
    FAILURE_WINDOW,
    LIVE_CODES,
    MAX_DAILY_FAILURES,
    MAX_FAILURES,
    STEP_SECONDS,
    current_otp,
    link_url,
    otp_is_valid,
    step_of,
)
from link_ui.schema import MIGRATIONS
from sandbox.db import Database
from tests.fresh_loop import run_in_fresh_loop

SECRET = b"s" * 32


run_async = run_in_fresh_loop


T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
OLD = T0 - dt.timedelta(days=1)  # when the connections of most tests here were created


def test_a_code_is_six_digits_and_valid_for_the_hour_from_its_step() -> None:
    assert step_of(T0) * STEP_SECONDS == T0.timestamp()  # T0 begins a step
    otp = current_otp(SECRET, "conn-1", T0)
    assert len(otp) == 6 and otp.isdigit()
    assert otp_is_valid(SECRET, "conn-1", otp, T0, OLD)
    assert otp_is_valid(SECRET, "conn-1", otp, T0 + dt.timedelta(seconds=3599), OLD)
    assert not otp_is_valid(SECRET, "conn-1", otp, T0 + dt.timedelta(seconds=3600), OLD)
    assert LIVE_CODES == 3600 // STEP_SECONDS


def test_a_code_is_not_valid_before_it_was_issued() -> None:
    later = current_otp(SECRET, "conn-1", T0 + dt.timedelta(seconds=STEP_SECONDS))
    assert not otp_is_valid(SECRET, "conn-1", later, T0, OLD) or later == current_otp(SECRET, "conn-1", T0)


def test_a_code_belongs_to_one_connection_and_one_install() -> None:
    otp = current_otp(SECRET, "conn-1", T0)
    assert not otp_is_valid(SECRET, "conn-2", otp, T0, OLD) or otp == current_otp(SECRET, "conn-2", T0)
    assert not otp_is_valid(b"t" * 32, "conn-1", otp, T0, OLD) or otp == current_otp(b"t" * 32, "conn-1", T0)


def test_no_code_from_before_the_connection_was_created_is_valid() -> None:
    created = T0 + dt.timedelta(minutes=30)
    earlier = current_otp(SECRET, "conn-1", T0)
    now = created + dt.timedelta(seconds=5)
    assert otp_is_valid(SECRET, "conn-1", earlier, now, OLD)  # within the hour, for an older connection
    assert not otp_is_valid(SECRET, "conn-1", earlier, now, created) or earlier == current_otp(SECRET, "conn-1", now)
    assert otp_is_valid(SECRET, "conn-1", current_otp(SECRET, "conn-1", now), now, created)


def test_a_clock_set_back_before_the_creation_still_opens_its_own_links() -> None:
    created = T0 + dt.timedelta(days=2)
    assert otp_is_valid(SECRET, "conn-1", current_otp(SECRET, "conn-1", T0), T0, created)


def test_malformed_codes_are_refused() -> None:
    for bad in ("", "12345", "1234567", "12345a", " 12345", "١٢٣٤٥٦"):
        assert not otp_is_valid(SECRET, "conn-1", bad, T0, OLD)


def test_link_url_shape() -> None:
    assert link_url("http://h:8000", "c", "k", "012345") == "http://h:8000/companies/c/connections/k/start?otp=012345"


def test_throttle_after_max_failures_until_the_window_passes(tmp_path: Path) -> None:
    async def scenario() -> None:
        db = await Database.open(tmp_path, "provider.sqlite3", MIGRATIONS)
        try:
            connection_id = await _connection(db)
            for n in range(MAX_FAILURES):
                assert await otp_guard.throttled_for(db, connection_id, T0) is None, n
                await otp_guard.record_failure(db, connection_id, T0 + dt.timedelta(seconds=n))
            wait = await otp_guard.throttled_for(db, connection_id, T0 + dt.timedelta(minutes=1))
            assert wait == FAILURE_WINDOW - dt.timedelta(minutes=1)
            assert await otp_guard.throttled_for(db, connection_id, T0 + FAILURE_WINDOW) is None
            # A failure after the window starts counting again from one
            await otp_guard.record_failure(db, connection_id, T0 + FAILURE_WINDOW)
            assert await otp_guard.throttled_for(db, connection_id, T0 + FAILURE_WINDOW) is None
        finally:
            await db.close()

    run_async(scenario())


def test_a_day_caps_wrong_codes_whatever_the_windows(tmp_path: Path) -> None:
    """A guesser who waits out every 15-minute throttle still gets MAX_DAILY_FAILURES tries a day."""

    async def scenario() -> None:
        db = await Database.open(tmp_path, "provider.sqlite3", MIGRATIONS)
        try:
            connection_id = await _connection(db)
            at = T0
            for n in range(MAX_DAILY_FAILURES):
                assert await otp_guard.throttled_for(db, connection_id, at) is None, n
                await otp_guard.record_failure(db, connection_id, at)
                at += FAILURE_WINDOW  # each window holds one failure: never throttled by the window
            wait = await otp_guard.throttled_for(db, connection_id, at)
            assert wait == T0 + DAY - at  # until a day after the first of them
            assert await otp_guard.throttled_for(db, connection_id, T0 + DAY) is None
        finally:
            await db.close()

    run_async(scenario())


def test_old_failures_do_not_add_up(tmp_path: Path) -> None:
    async def scenario() -> None:
        db = await Database.open(tmp_path, "provider.sqlite3", MIGRATIONS)
        try:
            connection_id = await _connection(db)
            for n in range(MAX_FAILURES - 1):
                await otp_guard.record_failure(db, connection_id, T0 + dt.timedelta(seconds=n))
            later = T0 + FAILURE_WINDOW + dt.timedelta(seconds=1)
            await otp_guard.record_failure(db, connection_id, later)
            assert await otp_guard.throttled_for(db, connection_id, later) is None
            await otp_guard.clear(db, connection_id)
            row = await db.fetch_one("SELECT 1 FROM otp_failures WHERE connection_id = ?", (connection_id,))
            assert row is None
        finally:
            await db.close()

    run_async(scenario())


async def _connection(db: Database) -> str:
    connection_id = str(uuid.uuid4())
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO tenants (id, created) VALUES ('t', '2026-11-23T00:00:00Z')")
        await tx.execute(
            "INSERT INTO companies (id, tenant_id, name, created, modified) VALUES ('c', 't', 'C', '', '')"
        )
        await tx.execute(
            "INSERT INTO connections (id, tenant_id, company_id, status, created, modified)"
            " VALUES (?, 't', 'c', 'PendingAuth', '', '')",
            (connection_id,),
        )
    return connection_id
