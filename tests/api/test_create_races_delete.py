"""A create racing the delete of what it hangs off: the create answers Codat's 404, never a 500.

The create's body is streamed: the server has looked up the parent and is waiting for the rest
of the body when the delete lands (on a connection of its own), then the body is finished.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import httpx

from tests.api.support import (
    Provider,
    accounts_path,
    linked_feed,
    make_company,
    make_connection,
    sandbox_now,
    transactions,
    v2_account,
)


def _create_while_deleting(
    provider: Provider, api: httpx.Client, path: str, body: Any, delete: str, method: str = "POST"
) -> httpx.Response:
    payload = json.dumps(body).encode()

    def stream() -> Iterator[bytes]:
        yield payload[:1]  # the handler has started: it found the parent, and now reads the body
        with httpx.Client(base_url=provider.url, headers={"Authorization": api.headers["Authorization"]}) as other:
            assert other.delete(delete).status_code in (200, 204)
        yield payload[1:]

    return api.request(method, path, content=stream(), headers={"Content-Type": "application/json"})


def _is_codat_404(response: httpx.Response, what: str) -> None:
    assert response.status_code == 404, response.text
    error = response.json()
    assert error["statusCode"] == 404 and what in error["error"]


def test_a_source_account_for_a_connection_deleted_meanwhile_is_404(provider, api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    delete = f"/companies/{company['id']}/connections/{connection['id']}"
    path = accounts_path(company["id"], connection["id"])
    response = _create_while_deleting(provider, api, path, v2_account("acc-1"), delete)
    _is_codat_404(response, "Data connection")
    assert api.get(path).status_code == 404


def test_a_connection_for_a_company_deleted_meanwhile_is_404(provider, api):
    company = make_company(api)
    path = f"/companies/{company['id']}/connections"
    response = _create_while_deleting(provider, api, path, {"platformKey": "hcws"}, f"/companies/{company['id']}")
    _is_codat_404(response, "Company")
    assert api.get(path).status_code == 404


def test_credentials_for_a_connection_deleted_meanwhile_are_404(provider, api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    delete = f"/companies/{company['id']}/connections/{connection['id']}"
    path = accounts_path(company["id"], connection["id"]) + "/credentials"
    response = _create_while_deleting(provider, api, path, {}, delete)
    _is_codat_404(response, "Data connection")


def test_a_batch_for_a_connection_deleted_meanwhile_is_404(provider, api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    delete = f"/companies/{company['id']}/connections/{connection['id']}"
    path = accounts_path(company["id"], connection["id"]) + "/batch"
    response = _create_while_deleting(provider, api, path, [v2_account("b-1"), v2_account("b-2")], delete)
    _is_codat_404(response, "Data connection")


def test_a_write_to_an_account_deleted_meanwhile_is_404(provider, api):
    feed = linked_feed(api)
    start = sandbox_now(api).replace(tzinfo=None) - dt.timedelta(hours=1)
    body = {"accountId": feed.account_id, "transactions": transactions(start, 1)}
    delete = accounts_path(feed.company_id, feed.connection_id) + f"/{feed.account_id}"
    response = _create_while_deleting(provider, api, feed.push_path, body, delete)
    _is_codat_404(response, feed.account_id)
    assert api.get(f"/companies/{feed.company_id}/push").json()["totalResults"] == 0


def test_a_company_replaced_while_it_is_deleted_is_404(provider, api):
    company = make_company(api)
    path = f"/companies/{company['id']}"
    response = _create_while_deleting(provider, api, path, {"name": "Replaced"}, path, method="PUT")
    _is_codat_404(response, "Company")
    assert api.get(path).status_code == 404
