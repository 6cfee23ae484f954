"""QBO sign-in is throttled per user and per client address, with a page that says so."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from emulator.sign_in_guard import MAX_PER_ADDRESS, MAX_PER_USER, WINDOW_SECONDS, SignInGuard
from qbo_sandbox.launcher import start_sandbox
from sandbox.tenancy import basic_header
from scenarios.sandbox import RunningSandbox


@pytest.fixture(scope="module")
def own_sandbox() -> Iterator[RunningSandbox]:
    """A sandbox of its own: the wrong passwords sent here count against 127.0.0.1."""
    sandbox = start_sandbox()
    try:
        yield sandbox
    finally:
        sandbox.stop()


def _realm(sandbox: RunningSandbox, name: str) -> dict[str, str]:
    answer = httpx.post(
        sandbox.qbo_url + "/_sandbox/realms", json={"companyName": name}, headers={"Authorization": basic_header(name)}
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _sign_in(sandbox: RunningSandbox, email: str, password: str, lang: str = "en") -> httpx.Response:
    with httpx.Client(base_url=sandbox.qbo_url, headers={"Accept-Language": lang}) as browser:
        found = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/signin").text)
        assert found
        return browser.post("/signin", data={"email": email, "password": password, "csrf_token": found.group(1)})


@pytest.mark.parametrize(("lang", "words"), [("en", "Too many sign-in attempts"), ("fr", "Trop de tentatives")])
def test_after_five_wrong_passwords_even_the_right_one_waits(
    own_sandbox: RunningSandbox, lang: str, words: str
) -> None:
    realm = _realm(own_sandbox, f"Throttled {lang} Ltd")
    wrong = [_sign_in(own_sandbox, realm["email"], "not-the-password", lang) for _ in range(MAX_PER_USER)]

    right = _sign_in(own_sandbox, realm["email"], realm["password"], lang)

    assert [w.status_code for w in wrong] == [200] * MAX_PER_USER  # the form again, with its error
    assert right.status_code == 429
    assert 0 < int(right.headers["Retry-After"]) <= WINDOW_SECONDS
    assert words in right.text and right.headers["content-type"].startswith("text/html")


def test_another_user_from_the_same_address_still_signs_in(own_sandbox: RunningSandbox) -> None:
    locked, other = _realm(own_sandbox, "Locked Ltd"), _realm(own_sandbox, "Other Ltd")
    for _ in range(MAX_PER_USER):
        _sign_in(own_sandbox, locked["email"], "guess")

    answer = _sign_in(own_sandbox, other["email"], other["password"])

    assert answer.status_code == 303 and answer.headers["location"].endswith("/banking")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_user_throttle_ends_when_its_window_passes() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    for _ in range(MAX_PER_USER):
        guard.failed("Owner@Sandbox.example", "10.0.0.1")

    during = guard.retry_after("owner@sandbox.example", "10.0.0.2")  # the email, whatever its case
    clock.now += WINDOW_SECONDS

    assert during == WINDOW_SECONDS
    assert guard.retry_after("owner@sandbox.example", "10.0.0.2") is None


def test_one_address_guessing_at_many_users_is_throttled_and_a_right_password_does_not_reset_it() -> None:
    clock = Clock()
    guard = SignInGuard(clock)
    for n in range(MAX_PER_ADDRESS):
        guard.failed(f"user{n}@sandbox.example", "10.0.0.9")
        guard.succeeded("mine@sandbox.example")  # the attacker's own account

    assert guard.retry_after("someone@sandbox.example", "10.0.0.9") == WINDOW_SECONDS
    assert guard.retry_after("someone@sandbox.example", "10.0.0.10") is None
