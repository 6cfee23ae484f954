"""The Link UI over plain HTTP: status codes, headers and redirects that a browser test can't see well."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from markupsafe import escape

from link_ui.links import MAX_FAILURES
from link_ui.pages._web import catalogues
from tests.link_ui._data import Connection, LinkData


@pytest.fixture
def browser_like(link_data: LinkData) -> Iterator[httpx.Client]:
    """A cookie-keeping client that doesn't follow redirects, as a browser's first request sees them."""
    with httpx.Client(base_url=link_data.provider_url, timeout=30.0) as client:
        yield client


def start(client: httpx.Client, link_data: LinkData, connection: Connection) -> httpx.Response:
    return client.get(link_data.link_url(connection))


def test_a_valid_link_sets_the_session_and_drops_the_otp(
    browser_like: httpx.Client, link_data: LinkData, connection: Connection
) -> None:
    response = start(browser_like, link_data, connection)
    assert response.status_code == 303
    assert response.headers["location"] == f"/link/{connection.connection_id}/connect"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("qbo_link_session=")
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = browser_like.get(response.headers["location"])
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize("otp", ["", "abcdef", "١٢٣٤٥٦", "1" * 300, "000000"])
def test_bad_codes_get_the_401_page_never_a_500(
    browser_like: httpx.Client, link_data: LinkData, connection: Connection, otp: str
) -> None:
    url = f"/companies/{connection.company_id}/connections/{connection.connection_id}/start"
    response = browser_like.get(url, params={"otp": otp})
    assert response.status_code == 401
    assert "This link has expired or isn" in response.text


def test_unknown_connection_looks_like_a_wrong_code(browser_like: httpx.Client, connection: Connection) -> None:
    response = browser_like.get(f"/companies/{connection.company_id}/connections/nope/start?otp=123456")
    assert response.status_code == 401


def test_throttled_link_says_when_to_retry(
    browser_like: httpx.Client, link_data: LinkData, connection: Connection
) -> None:
    for _ in range(MAX_FAILURES):
        assert browser_like.get(link_data.wrong_otp_url(connection)).status_code == 401
    response = start(browser_like, link_data, connection)
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 15 * 60


OTHER = {"en": "fr", "fr": "en"}


def in_language(response: httpx.Response, lang: str, key: str, **params: str) -> bool:
    """Whether the page is in `lang`, with the catalogue's words for `key`."""
    title = str(escape(catalogues.translator(lang)(key, **params)))
    return f'<html lang="{lang}"' in response.text and title in response.text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_code_and_a_throttled_link_are_in_the_language_the_link_asks_for(
    browser_like: httpx.Client, link_data: LinkData, connection: Connection, lang: str
) -> None:
    browser_like.headers["Accept-Language"] = OTHER[lang]  # ?lang= wins over the browser's language
    url = f"/companies/{connection.company_id}/connections/{connection.connection_id}/start"
    unknown = f"/companies/{connection.company_id}/connections/nope/start"

    for address in (url, unknown):
        response = browser_like.get(address, params={"otp": "000000", "lang": lang})
        assert response.status_code == 401
        assert in_language(response, lang, "error.invalid.title"), response.text
    for _ in range(MAX_FAILURES):
        browser_like.get(link_data.wrong_otp_url(connection))
    throttled = browser_like.get(link_data.link_url(connection) + f"&lang={lang}")

    assert throttled.status_code == 429
    assert in_language(throttled, lang, "error.throttled.title"), throttled.text


def test_status_poll_stops_when_there_is_no_session(browser_like: httpx.Client, connection: Connection) -> None:
    response = browser_like.get(f"/link/{connection.connection_id}/status", headers={"HX-Request": "true"})
    assert response.status_code == 286  # htmx: swap this in, then stop polling
    assert "Your session has ended" in response.text


def test_status_poll_answers_204_while_nothing_changes(
    browser_like: httpx.Client, link_data: LinkData, connection: Connection
) -> None:
    start(browser_like, link_data, connection)
    first = browser_like.get(f"/link/{connection.connection_id}/status", headers={"HX-Request": "true"})
    assert first.status_code == 200
    seen = first.text.split('name="seen" value="')[1].split('"')[0]
    again = browser_like.get(f"/link/{connection.connection_id}/status", params={"seen": seen})
    assert again.status_code == 204


def test_a_deleted_connection_ends_the_link_session(
    browser_like: httpx.Client, link_data: LinkData, connection: Connection, provider_api: httpx.Client
) -> None:
    start(browser_like, link_data, connection)
    assert browser_like.get(f"/link/{connection.connection_id}/setup").status_code == 200
    path = f"/companies/{connection.company_id}/connections/{connection.connection_id}"
    assert provider_api.delete(path).status_code == 200
    assert browser_like.get(f"/link/{connection.connection_id}/setup").status_code == 401


def test_a_get_on_a_post_url_goes_back_to_the_page(
    browser_like: httpx.Client, link_data: LinkData, connection: Connection
) -> None:
    start(browser_like, link_data, connection)
    response = browser_like.get(f"/link/{connection.connection_id}/credentials?lang=fr")
    assert response.status_code == 303
    assert response.headers["location"] == f"/link/{connection.connection_id}/setup"
    assert 'lang="fr"' in browser_like.get(response.headers["location"]).text
