"""Credentials: a new set on every generate (any body), revoke ends them all."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.api.support import accounts_path, make_company, make_connection


@pytest.fixture
def path(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    return accounts_path(company["id"], connection["id"]) + "/credentials"


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"content": b""}, {"json": ""}, {"json": {}}, {"content": b"not json"}, {"json": {"anything": 1}}],
)
def test_generate_accepts_any_body(api, path, kwargs):
    response = api.post(path, **kwargs)
    assert response.status_code == 200
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", response.json()["username"])
    assert re.fullmatch(r"[A-Za-z0-9]{16}", response.json()["password"])


def test_every_generate_is_a_new_set_and_revoke_ends_them_all(api, path, provider):
    first = api.post(path).json()
    second = api.post(path).json()
    assert first != second
    db_rows = _rows(provider.db_path)
    assert all(row[1].startswith("scrypt$") and row[1] != first["password"] for row in db_rows)
    assert api.delete(path).status_code == 204
    assert all(
        row[2] is not None for row in _rows(provider.db_path) if row[0] in (first["username"], second["username"])
    )


def test_unknown_connection_is_404(api):
    company = make_company(api)
    response = api.post(accounts_path(company["id"], str(uuid.uuid4())) + "/credentials")
    assert response.status_code == 404
    assert api.delete(accounts_path(company["id"], str(uuid.uuid4())) + "/credentials").status_code == 404


def _rows(db_path):
    import sqlite3

    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT username, password_hash, revoked FROM credentials").fetchall()
    db.close()
    return rows
