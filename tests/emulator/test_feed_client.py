"""The emulator's feed client, against stubbed provider answers (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import httpx
import pytest

from emulator.feed_client import UNREACHABLE, FeedClient, FeedClientError
from sandbox import feed_protocol as fp

Handler = Callable[[httpx.Request], httpx.Response]


def run(handler: Handler, call: Callable[[FeedClient], Any]) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
            return await call(FeedClient(http, "http://provider.test/"))

    # In a thread of its own: Playwright's sync API may already run an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, go()).result()


ACCOUNT = fp.FeedAccount("a1", "Operating", "checking", "••••1234", "CAD", Decimal("10.50"), "pending")


def test_sign_in_posts_the_credentials_and_reads_the_session() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fp.FeedSession("tok", "c1", "Co", "Bank", [ACCOUNT]).to_json())

    session = run(handler, lambda c: c.sign_in(fp.SignIn("t1", "user", "pass")))
    assert session.token == "tok"
    assert session.accounts == [ACCOUNT]
    assert seen[0].url == "http://provider.test/feed/v1/sessions"
    assert json.loads(seen[0].content) == {"institutionId": "t1", "username": "user", "password": "pass"}
    assert "authorization" not in seen[0].headers


def test_wrong_credentials_raise_invalid_credentials() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        error = fp.FeedError(fp.FeedErrorCode.INVALID_CREDENTIALS, "no match")
        return httpx.Response(401, json=error.to_json())

    with pytest.raises(FeedClientError) as caught:
        run(handler, lambda c: c.sign_in(fp.SignIn("t1", "user", "bad")))
    assert caught.value.code is fp.FeedErrorCode.INVALID_CREDENTIALS
    assert caught.value.needs_new_credentials


def test_transactions_send_the_bearer_token_and_cursor() -> None:
    seen: list[httpx.Request] = []
    txn = fp.FeedTransaction(
        "x1", dt.datetime(2026, 11, 20, 9, 0), "Coffee", Decimal("-4.25"), Decimal("100.00"), "Debit"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=fp.TransactionPage([txn], "c2", False).to_json())

    page = run(handler, lambda c: c.transactions("tok", "a1", "c1"))
    assert page.transactions == [txn]
    assert page.cursor == "c2"
    assert seen[0].headers["authorization"] == "Bearer tok"
    assert seen[0].url.path == "/feed/v1/accounts/a1/transactions"
    assert seen[0].url.params["after"] == "c1"


def test_first_pull_sends_no_cursor() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"transactions": [], "cursor": "", "hasMore": False})

    run(handler, lambda c: c.transactions("tok", "a1", None))
    assert "after" not in seen[0].url.params


def test_revoked_token_raises_invalid_token() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json=fp.FeedError(fp.FeedErrorCode.INVALID_TOKEN, "revoked").to_json())

    with pytest.raises(FeedClientError) as caught:
        run(handler, lambda c: c.transactions("tok", "a1", None))
    assert caught.value.code is fp.FeedErrorCode.INVALID_TOKEN


def test_link_and_disconnect_round_trip() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == fp.LINKS_PATH:
            body = fp.LinkRequest.from_json(json.loads(request.content))
            result = fp.LinkResult(
                "Linked",
                [fp.LinkedAccount(c.source_account_id, "connected", c.start_date) for c in body.accounts],
            )
            return httpx.Response(200, json=result.to_json())
        return httpx.Response(200, json=fp.LinkedAccount("a1", "disconnecting", None).to_json())

    choice = fp.LinkChoice("a1", "7", "Checking", dt.date(2026, 11, 16))
    result = run(handler, lambda c: c.link("tok", fp.LinkRequest([choice])))
    assert result.connection_status == "Linked"
    assert result.accounts[0].feed_start_date == dt.date(2026, 11, 16)
    gone = run(handler, lambda c: c.disconnect("tok", "a1"))
    assert gone.status == "disconnecting"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(503, text="maintenance"),
        httpx.Response(200, text="<html>not json</html>"),
        httpx.Response(200, json={"token": "only"}),
        httpx.Response(418, json={"unexpected": True}),
    ],
    ids=["5xx", "not-json", "wrong-shape", "unknown-error-body"],
)
def test_bad_answers_are_unreachable(answer: httpx.Response) -> None:
    with pytest.raises(FeedClientError) as caught:
        run(lambda request: answer, lambda c: c.institution("t1"))
    assert caught.value.code == UNREACHABLE
    assert not caught.value.needs_new_credentials


def test_a_network_failure_is_unreachable() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(FeedClientError) as caught:
        run(handler, lambda c: c.institution("t1"))
    assert caught.value.code == UNREACHABLE


def test_institution_reads_the_clock() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/feed/v1/institutions/t1"
        now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
        return httpx.Response(200, json=fp.Institution("t1", "Bank", None, now).to_json())

    institution = run(handler, lambda c: c.institution("t1"))
    assert institution.today == dt.date(2026, 11, 23)
