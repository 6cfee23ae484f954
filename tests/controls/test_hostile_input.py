"""Input that can't be stored or sent back is refused at each app's one boundary, and leaves no trace.

Lone UTF-16 surrogates can only travel as escaped JSON text (`"\\ud800"`), so these bodies are sent
as raw bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from sandbox.tenancy import basic_header
from scenarios.api import SandboxApi
from scenarios.sandbox import RunningSandbox
from tests.controls.test_qbo_state import signed_in

SURROGATE = '"\\ud800"'
NUL = '"a\\u0000b"'
DEEP = "[" * 40 + "]" * 40
JSON_TYPE = {"Content-Type": "application/json"}
PROVIDER_CONTROLS = [
    ("POST", "/_sandbox/clock"),
    ("PATCH", "/_sandbox/settings"),
    ("PUT", "/_sandbox/snapshot"),
    ("POST", "/_sandbox/faults"),
    ("PUT", "/_sandbox/webhooks"),
    ("POST", "/_sandbox/webhooks/trigger"),
]
QBO_CONTROLS = [
    ("POST", "/_sandbox/realms"),
    ("POST", "/_sandbox/seed"),
    ("PUT", "/_sandbox/snapshot"),
    ("POST", "/_sandbox/faults"),
]


@pytest.fixture
def qbo(qbo_sandbox: RunningSandbox, sandbox_api_key: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=qbo_sandbox.qbo_url, headers={"Authorization": basic_header(sandbox_api_key)}) as c:
        yield c


def send(client: httpx.Client, method: str, path: str, body: str) -> httpx.Response:
    return client.request(method, path, content=body.encode(), headers=JSON_TYPE)


def refused_as_codat(answer: httpx.Response, status: int = 400) -> bool:
    body = answer.json()
    return answer.status_code == status and body["statusCode"] == status and bool(body["correlationId"])


def test_a_lone_surrogate_in_settings_is_refused_and_nothing_is_stored(provider_api: httpx.Client) -> None:
    before = provider_api.get("/_sandbox/settings").json()

    answer = send(provider_api, "PATCH", "/_sandbox/settings", '{"organizationName": ' + SURROGATE + "}")

    assert refused_as_codat(answer)
    assert "surrogate" in answer.json()["error"]
    assert provider_api.get("/_sandbox/settings").json() == before
    assert provider_api.get("/_sandbox/snapshot").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "Tagged", "tags": {' + SURROGATE + ': "x"}}',
        '{"name": "Described", "description": ' + SURROGATE + "}",
        '{"name": ' + NUL + "}",
        '{"name": "Big", "tags": {"n": 1e400}}',
    ],
    ids=["tag-key-surrogate", "description-surrogate", "name-nul", "infinite-number"],
)
def test_a_company_that_cannot_be_stored_is_refused_and_the_list_still_reads(
    provider_api: httpx.Client, body: str
) -> None:
    answer = send(provider_api, "POST", "/companies", body)

    assert refused_as_codat(answer)
    listed = provider_api.get("/companies")
    assert listed.status_code == 200 and listed.json()["totalResults"] == 0


def _connection(api: httpx.Client) -> str:
    company = api.post("/companies", json={"name": "Hostile Co"}).json()["id"]
    connection = api.post(f"/companies/{company}/connections", json={"platformKey": "hcws"}).json()["id"]
    return f"/companies/{company}/connections/{connection}"


ACCOUNT = '"id": "acc-1", "accountNumber": "1", "currency": "USD", "balance": 1'


@pytest.mark.parametrize(
    "fields",
    [
        '"accountName": ' + SURROGATE + ', "accountType": "checking"',
        '"accountName": "A", "accountType": {}',
        '"accountName": "A", "accountType": []',
        '"accountName": "A", "accountType": "checking", "routingInfo": {"type": ["rtn"]}',
        '"accountName": "A", "accountType": "checking", "routingInfo": {"type": {"a": 1}}',
        '"accountName": "A", "accountType": "checking", "balance": 99999999999999999999999',
    ],
    ids=["name-surrogate", "type-object", "type-array", "routing-array", "routing-object", "int-beyond-64-bits"],
)
def test_a_source_account_of_the_wrong_shape_is_a_400_alone_or_in_a_batch(
    provider_api: httpx.Client, fields: str
) -> None:
    accounts = _connection(provider_api) + "/connectionInfo/bankFeedAccounts"
    body = "{" + ACCOUNT + ", " + fields + "}"

    single = send(provider_api, "POST", accounts, body)
    batch = send(provider_api, "POST", accounts + "/batch", "[" + body + "]")

    assert refused_as_codat(single)
    assert batch.status_code in (207, 400, 409) and batch.status_code < 500
    assert provider_api.get(accounts).json() == []


def test_a_renamed_source_account_with_a_lone_surrogate_is_refused(provider_api: httpx.Client) -> None:
    accounts = _connection(provider_api) + "/connectionInfo/bankFeedAccounts"
    provider_api.post(
        accounts,
        json={
            "id": "acc-1",
            "accountName": "Kept",
            "accountType": "checking",
            "accountNumber": "1",
            "currency": "USD",
            "balance": 1,
        },
    )

    answer = send(provider_api, "PATCH", accounts + "/acc-1", '{"accountName": ' + SURROGATE + "}")

    assert refused_as_codat(answer)
    assert [a["accountName"] for a in provider_api.get(accounts).json()] == ["Kept"]


@pytest.mark.parametrize("kind", ['["Credit"]', '{"a": "Credit"}'], ids=["array", "object"])
def test_a_write_with_a_transaction_type_of_the_wrong_json_type_is_a_400(provider_api: httpx.Client, kind: str) -> None:
    base = _connection(provider_api)
    provider_api.post(
        base + "/connectionInfo/bankFeedAccounts",
        json={
            "id": "acc-1",
            "accountName": "A",
            "accountType": "checking",
            "accountNumber": "1",
            "currency": "USD",
            "balance": 1,
        },
    )
    transaction = (
        '{"id": "t1", "date": "2026-01-01T00:00:00", "description": "d", "amount": 1, "balance": 2,'
        ' "transactionType": ' + kind + "}"
    )

    answer = send(
        provider_api,
        "POST",
        base + "/push/bankAccounts/acc-1/bankTransactions",
        '{"accountId": "acc-1", "transactions": [' + transaction + "]}",
    )

    assert refused_as_codat(answer)
    assert "transactionType" in str(answer.json()["validation"])


@pytest.mark.parametrize(("method", "path"), PROVIDER_CONTROLS)
def test_deep_json_is_a_400_on_every_provider_control(provider_api: httpx.Client, method: str, path: str) -> None:
    answer = send(provider_api, method, path, DEEP)

    assert refused_as_codat(answer)
    assert "too deeply" in answer.json()["error"]


@pytest.mark.parametrize(("method", "path"), QBO_CONTROLS)
@pytest.mark.parametrize(
    "body", [DEEP, '{"companyName": ' + SURROGATE + "}", '{"seed": 1e400}'], ids=["deep", "surrogate", "inf"]
)
def test_bad_json_is_a_json_400_on_every_qbo_control(qbo: httpx.Client, method: str, path: str, body: str) -> None:
    answer = send(qbo, method, path, body)

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json()["statusCode"] == 400
    assert qbo.get("/_sandbox/realms").json() == {"realms": []}


def _csrf(client: httpx.Client, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path, follow_redirects=True).text)
    assert found
    return found.group(1)


@pytest.mark.parametrize(("lang", "words"), [("en", "Something you entered"), ("fr", "Une saisie ne peut pas")])
def test_a_qbo_form_with_a_nul_is_a_page_in_the_users_language(
    qbo_sandbox: RunningSandbox, qbo: httpx.Client, sandbox_api_key: str, lang: str, words: str
) -> None:
    with httpx.Client(base_url=qbo_sandbox.qbo_url, headers={"Accept-Language": lang}) as browser:
        token = _csrf(browser, "/signup")
        answer = browser.post(
            "/signup", data={"company_name": "Evil\x00 Ltd", "api_key": sandbox_api_key, "csrf_token": token}
        )

    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert words in answer.text
    assert qbo.get("/_sandbox/realms").json() == {"realms": []}


@pytest.mark.parametrize(("lang", "words"), [("en", "This form can"), ("fr", "Ce formulaire ne peut pas")])
def test_a_link_ui_form_with_a_control_character_is_a_page_in_the_users_language(
    qbo_sandbox: RunningSandbox, provider_api: httpx.Client, lang: str, words: str
) -> None:
    base = _connection(provider_api)
    link_url = provider_api.get(base).json()["linkUrl"]
    with httpx.Client(headers={"Accept-Language": lang}) as browser:
        started = browser.get(link_url, follow_redirects=True)  # the first screen, and the Link session
        connection_id = base.rsplit("/", 1)[1]
        setup = qbo_sandbox.provider_url + f"/link/{connection_id}/setup"
        token = _csrf(browser, setup)

        answer = browser.post(
            qbo_sandbox.provider_url + f"/link/{connection_id}/credentials",
            data={"csrf_token": token, "note": "a\x01b"},
        )
        issued = provider_api.get("/_sandbox/snapshot").json()["tables"]["credentials"]

    assert started.status_code == 200
    assert answer.status_code == 400 and words in answer.text
    assert issued == []  # no credentials were made


def test_the_dashboards_sign_in_with_a_control_character_is_a_page_that_says_so(qbo_sandbox: RunningSandbox) -> None:
    with httpx.Client(base_url=qbo_sandbox.provider_url, headers={"Accept-Language": "fr"}) as browser:
        token = _csrf(browser, "/_sandbox/dashboard/")

        answer = browser.post("/_sandbox/dashboard/session", data={"csrf_token": token, "api_key": "key\x01"})

    assert answer.status_code == 400
    assert "Cette clé ne peut pas être utilisée" in answer.text


@pytest.mark.parametrize("action", ["disconnect", "sign-in"])
def test_a_feed_id_too_large_for_any_row_is_a_404_page_not_an_overflow(
    qbo_sandbox: RunningSandbox, sandbox_api: SandboxApi, action: str
) -> None:
    realm = sandbox_api.create_realm("Large Numbers Ltd")
    session = signed_in(qbo_sandbox.qbo_url, realm)
    assert session is not None
    token = _csrf(session, "/banking")
    answers = {
        feed_id: session.post(f"/banking/feeds/{feed_id}/{action}", data={"csrf_token": token})
        for feed_id in ("999999999999999999", "9223372036854775808", "9" * 40)
    }
    session.close()

    assert answers["999999999999999999"].status_code == 303  # no such feed: back to Bank transactions
    for too_large in ("9223372036854775808", "9" * 40):
        assert answers[too_large].status_code == 404
        assert answers[too_large].headers["content-type"].startswith("text/html")
