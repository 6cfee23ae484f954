"""Connections: create (hcws only), get and list with fresh links, unlink, delete, derived status."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from urllib.parse import parse_qs, urlparse

import httpx

from tests.api.support import advance, disconnect_in_qbo, freeze, linked_feed, make_company, make_connection


def _otp(link_url: str) -> str:
    return parse_qs(urlparse(link_url).query)["otp"][0]


def test_create_connection_answers_200_pending_auth_with_a_link(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    assert connection["status"] == "PendingAuth"
    assert connection["platformName"] == "QuickBooks Online Bank Feeds"
    assert connection["integrationKey"] == "hcws" and connection["sourceType"] == "BankFeed"
    assert re.fullmatch(
        rf"{re.escape(str(api.base_url))}/companies/{company['id']}/connections/{connection['id']}/start\?otp=\d{{6}}",
        connection["linkUrl"],
    )


def test_other_platform_keys_are_404(api):
    company = make_company(api)
    for body in ({"platformKey": "gbol"}, {}, ["hcws"]):
        response = api.post(f"/companies/{company['id']}/connections", json=body)
        assert response.status_code == 404
        assert "hcws" in response.json()["error"]
    assert api.get(f"/companies/{company['id']}/connections").json()["totalResults"] == 0


def test_get_and_list_give_a_link_with_a_fresh_otp(api, provider):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    path = f"/companies/{company['id']}/connections/{connection['id']}"
    freeze(api, dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    old = api.get(path).json()["linkUrl"]
    advance(api, 3601)
    fresh = api.get(path).json()["linkUrl"]
    listed = api.get(f"/companies/{company['id']}/connections").json()["results"][0]["linkUrl"]
    assert _otp(fresh) != _otp(old) and _otp(listed) == _otp(fresh)
    assert _opens(fresh) == 303  # the Link UI starts
    assert _opens(old) == 401  # an hour of sandbox time passed


def _opens(link_url):
    return httpx.get(link_url, follow_redirects=False).status_code


def test_a_link_still_opens_after_the_app_polled_the_connection_for_an_hour(api):
    """Polling GET connection (as an app waiting for Linked does) hands out new links, and spoils none."""
    company = make_company(api)
    connection = make_connection(api, company["id"])
    path = f"/companies/{company['id']}/connections/{connection['id']}"
    freeze(api, dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    first = api.get(path).json()["linkUrl"]
    handed_out = []
    for _ in range(59):
        advance(api, 60)  # a poll a minute
        handed_out.append(api.get(path).json()["linkUrl"])

    # A new code each minute: 60 six-digit codes, of which two coincide about once in 550 runs by
    # chance alone (three pairs, never in practice), so the count allows for two such pairs
    assert len({_otp(url) for url in [first, *handed_out]}) >= 58
    assert _opens(first) == 303  # 59 minutes and 59 polls later, the first link still opens


def test_a_link_stops_opening_an_hour_after_its_step_began(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    path = f"/companies/{company['id']}/connections/{connection['id']}"
    freeze(api, dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    link = api.get(path).json()["linkUrl"]
    advance(api, 3600)
    assert _opens(link) == 401


def test_list_connections_pages_and_queries(api):
    company = make_company(api)
    ids = [make_connection(api, company["id"])["id"] for _ in range(3)]
    page = api.get(f"/companies/{company['id']}/connections", params={"pageSize": 2, "orderBy": "-created"}).json()
    assert page["totalResults"] == 3 and [c["id"] for c in page["results"]] == ids[::-1][:2]
    queried = api.get(f"/companies/{company['id']}/connections", params={"query": f"id={ids[1]}"}).json()
    assert [c["id"] for c in queried["results"]] == [ids[1]]
    assert api.get(f"/companies/{company['id']}/connections", params={"query": "id"}).status_code == 400


def test_connections_created_in_the_same_millisecond_list_newest_first_by_minus_created(api):
    company = make_company(api)
    freeze(api, dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC))  # every connection gets the same `created`
    ids = [make_connection(api, company["id"])["id"] for _ in range(4)]
    path = f"/companies/{company['id']}/connections"
    newest_first = api.get(path, params={"orderBy": "-created"}).json()["results"]
    oldest_first = api.get(path, params={"orderBy": "created"}).json()["results"]
    assert [c["id"] for c in newest_first] == ids[::-1]
    assert [c["id"] for c in oldest_first] == ids


def test_unlink_only_a_linked_connection(api, provider):
    company = make_company(api)
    pending = make_connection(api, company["id"])
    refused = api.patch(f"/companies/{company['id']}/connections/{pending['id']}", json={"status": "Unlinked"})
    assert refused.status_code == 403
    assert "PendingAuth" in refused.json()["error"]
    feed = linked_feed(api)
    path = f"/companies/{feed.company_id}/connections/{feed.connection_id}"
    assert api.patch(path, json={"status": "Linked"}).status_code == 403
    unlinked = api.patch(path, json={"status": "Unlinked"})
    assert unlinked.status_code == 200 and unlinked.json()["status"] == "Unlinked"
    assert api.get(path).json()["status"] == "Unlinked"
    assert api.patch(path, json={"status": "Unlinked"}).status_code == 403


def test_delete_connection_is_200_with_an_empty_body(api):
    company = make_company(api)
    connection = make_connection(api, company["id"])
    path = f"/companies/{company['id']}/connections/{connection['id']}"
    response = api.delete(path)
    assert response.status_code == 200 and response.content == b""
    assert api.get(path).status_code == 404
    assert api.delete(path).status_code == 404


def test_a_restored_disconnect_time_in_another_offset_reads_as_the_same_moment(api, provider):
    feed = linked_feed(api)
    path = f"/companies/{feed.company_id}/connections/{feed.connection_id}"
    freeze(api, dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC))
    disconnect_in_qbo(api, feed.token, feed.account_id)
    snapshot = api.get("/_sandbox/snapshot").json()
    (account,) = snapshot["tables"]["source_accounts"]
    account["disconnected_at"] = "2026-01-01T02:00:00.000+02:00"  # midnight UTC, written in Helsinki time
    assert api.put("/_sandbox/snapshot", json=snapshot).status_code == 204

    advance(api, 11 * 86400 + 3600)

    assert api.get(path).json()["status"] == "Unlinked"  # as the webhook and the dashboard say it
    listed = api.get(f"/companies/{feed.company_id}/connections", params={"query": "status=Unlinked"}).json()
    assert listed["totalResults"] == 1


def test_unknown_connection_is_404(api):
    company = make_company(api)
    response = api.get(f"/companies/{company['id']}/connections/{uuid.uuid4()}")
    assert response.status_code == 404 and "connection" in response.json()["error"].lower()


def test_a_linked_connection_reads_unlinked_a_day_after_its_last_account_reads_disconnected(api, provider):
    feed = linked_feed(api)
    path = f"/companies/{feed.company_id}/connections/{feed.connection_id}"
    now = dt.datetime.fromisoformat(api.get("/_sandbox/clock").json()["now"].replace("Z", "+00:00"))
    freeze(api, now)
    disconnect_in_qbo(api, feed.token, feed.account_id)
    accounts = path + "/connectionInfo/bankFeedAccounts"
    assert api.get(accounts).json()[0]["status"] == "connected"
    advance(api, 9 * 86400)
    assert api.get(path).json()["status"] == "Linked"
    listed = f"/companies/{feed.company_id}/connections"
    assert api.get(listed, params={"query": "status=Unlinked"}).json()["totalResults"] == 0
    advance(api, 86400)
    assert api.get(accounts).json()[0]["status"] == "disconnected"
    assert api.get(path).json()["status"] == "Linked"  # Codat: the connection follows up to a day later
    advance(api, 86400 - 1)
    assert api.get(path).json()["status"] == "Linked"
    advance(api, 1)
    assert api.get(path).json()["status"] == "Unlinked"
    unlinked = api.get(listed, params={"query": "status=unlinked"}).json()["results"]
    assert [(c["id"], c["status"]) for c in unlinked] == [(feed.connection_id, "Unlinked")]
