"""Sandbox controls of the emulator, and the security rules of its pages."""

from __future__ import annotations

import httpx
import pytest

from sandbox.tenancy import basic_header
from tests.emulator.conftest import Company, FakeSandbox


def test_health(fake_sandbox: FakeSandbox) -> None:
    assert httpx.get(fake_sandbox.qbo_url + "/_sandbox/health").status_code == 200


def test_create_realm_answers_sign_in_details(fake_sandbox: FakeSandbox) -> None:
    answer = httpx.post(
        fake_sandbox.qbo_url + "/_sandbox/realms",
        json={"companyName": "Acme Ltd", "view": "business", "locale": "fr"},
        headers={"Authorization": basic_header("k-1")},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"realmId", "email", "password", "signInUrl"}
    assert body["signInUrl"] == fake_sandbox.qbo_url + "/signin"


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        ({}, {}),
        ({"view": "other"}, {"Authorization": basic_header("k")}),
        ({"locale": "de"}, {"Authorization": basic_header("k")}),
        ({"companyName": ""}, {"Authorization": basic_header("k")}),
        ({"colour": "red"}, {"Authorization": basic_header("k")}),
        ([], {"Authorization": basic_header("k")}),
    ],
)
def test_create_realm_refuses_bad_input(fake_sandbox: FakeSandbox, body: object, headers: dict[str, str]) -> None:
    answer = httpx.post(fake_sandbox.qbo_url + "/_sandbox/realms", json=body, headers=headers)
    assert answer.status_code == (401 if not headers else 400)
    assert "error" in answer.json()


def test_posts_need_a_csrf_token(fake_sandbox: FakeSandbox, company: Company) -> None:
    with httpx.Client(base_url=fake_sandbox.qbo_url) as client:
        client.get("/signin")
        answer = client.post("/signin", data={"email": company.email, "password": company.password})
        assert answer.status_code == 403
        assert "Content-Security-Policy" in answer.headers


def test_session_cookie_flags_and_no_secrets_in_pages(fake_sandbox: FakeSandbox, company: Company) -> None:
    with httpx.Client(base_url=fake_sandbox.qbo_url) as client:
        page = client.get("/signin")
        cookie = page.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert "script-src 'self'" in page.headers["content-security-policy"]
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        signed_in = client.post(
            "/signin", data={"email": company.email, "password": company.password, "csrf_token": token}
        )
        assert signed_in.status_code == 303
        banking = client.get("/banking")
        assert banking.status_code == 200 and "Bank transactions" in banking.text
        assert company.password not in banking.text


def test_pages_need_sign_in(fake_sandbox: FakeSandbox) -> None:
    for path in ("/banking", "/banking/link", "/banking/link/accounts", "/bookkeeping"):
        answer = httpx.get(fake_sandbox.qbo_url + path)
        assert answer.status_code == 303
        assert answer.headers["location"].endswith("/signin")


def test_create_a_sandbox_company_by_hand(fake_sandbox: FakeSandbox) -> None:
    with httpx.Client(base_url=fake_sandbox.qbo_url) as client:
        page = client.get("/signup")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        created = client.post(
            "/signup",
            data={"company_name": "Demo Co", "api_key": "", "view": "business", "csrf_token": token},
        )
        assert created.status_code == 200
        assert "Demo Co" in created.text and "@sandbox.example" in created.text


def _signed_in_client(sandbox: FakeSandbox, company: Company) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=sandbox.qbo_url)
    token = client.get("/signin").text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/signin", data={"email": company.email, "password": company.password, "csrf_token": token})
    assert answer.status_code == 303
    # Signing in starts a new session, with a new CSRF token.
    token = client.get("/banking").text.split('name="csrf_token" value="')[1].split('"')[0]
    return client, token


def test_one_realm_cannot_touch_another_realms_feeds(fake_sandbox: FakeSandbox, company: Company) -> None:
    from tests.emulator.conftest import new_company

    other = new_company(fake_sandbox.qbo_url)
    provider = fake_sandbox.provider
    provider.add_account(other.tenant_id, "Theirs", "11112222")
    with httpx.Client(base_url=fake_sandbox.qbo_url) as victim_check:
        assert victim_check.get("/banking").status_code == 303  # nobody signed in
    client, token = _signed_in_client(fake_sandbox, company)
    try:
        for path in ("/banking/feeds/1/disconnect", "/banking/feeds/1/sign-in"):
            answer = client.post(path, data={"csrf_token": token})
            assert answer.status_code == 303
        answer = client.post("/banking/transactions", data={"csrf_token": token, "one": "add:1", "account": "1"})
        assert answer.status_code == 303
        page = client.get("/banking?account=1")
        assert "Theirs" not in page.text
        assert "No bank accounts are connected yet" in page.text
    finally:
        client.close()


def test_bad_input_gets_a_page_not_a_crash(fake_sandbox: FakeSandbox, company: Company) -> None:
    client, token = _signed_in_client(fake_sandbox, company)
    try:
        assert client.get("/no/such/page").status_code == 404
        assert "find that page" in client.get("/no/such/page").text
        answer = client.post("/banking/transactions", data={"csrf_token": token, "one": "drop:tables", "batch": "x"})
        assert answer.status_code == 303
        assert client.get("/banking/link/accounts").status_code == 303  # no flow: back to the start
        answer = client.post("/banking/link", data={"csrf_token": token, "institution": "<script>"})
        assert answer.status_code in (200, 303) and "<script>" not in answer.text
    finally:
        client.close()
