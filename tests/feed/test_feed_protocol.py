"""The provider's feed protocol, spoken through the shapes both apps share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from link_ui import credentials
from sandbox import feed_protocol as fp
from sandbox.tenancy import basic_header
from tests.feed.conftest import ACCOUNTS, Provider


def sign_in(provider: Provider, institution_id: str, username: str, password: str):  # type: ignore[no-untyped-def]
    return provider.client.post(fp.SESSIONS_PATH, json=fp.SignIn(institution_id, username, password).to_json())


def session_for(provider: Provider, seeded) -> fp.FeedSession:  # type: ignore[no-untyped-def]
    response = sign_in(provider, seeded.tenant_id, seeded.username, seeded.password)
    assert response.status_code == 200, response.text
    return fp.FeedSession.from_json(response.json())


def bearer(session: fp.FeedSession) -> dict[str, str]:
    return {"Authorization": f"Bearer {session.token}"}


def link_all(provider: Provider, session: fp.FeedSession, start: dt.date) -> fp.LinkResult:
    request = fp.LinkRequest(
        [fp.LinkChoice(a.id, f"qbo-{n}", f"QBO {a.name}", start) for n, a in enumerate(session.accounts)]
    )
    response = provider.client.post(fp.LINKS_PATH, json=request.to_json(), headers=bearer(session))
    assert response.status_code == 200, response.text
    return fp.LinkResult.from_json(response.json())


def test_institution_names_the_tenants_organisation_and_its_clock(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    auth = {"Authorization": basic_header("key-a")}
    provider.client.patch("/_sandbox/settings", json={"organizationName": "Northwind Feeds"}, headers=auth)
    provider.client.post("/_sandbox/clock", json={"frozenAt": "2026-03-01T12:00:00Z"}, headers=auth)

    response = provider.client.get(fp.INSTITUTION_PATH.format(tenant_id=seeded.tenant_id))

    institution = fp.Institution.from_json(response.json())
    assert institution.name == "Northwind Feeds"
    assert institution.today == dt.date(2026, 3, 1)


def test_sign_in_with_one_time_credentials_lists_the_connections_accounts(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)

    session = session_for(provider, seeded)

    assert session.connection_id == seeded.connection_id
    assert session.company_name == "Bank of Dave"
    assert [(a.name, a.masked_number, a.status) for a in session.accounts] == [
        ("Everyday Checking", "••••5678", "pending"),
        ("Business Visa", "••••9876", "pending"),
    ]


def test_wrong_password_unknown_user_and_another_tenants_credentials_are_all_refused(provider: Provider) -> None:
    mine = provider.seed_connection("key-a", ACCOUNTS)
    theirs = provider.seed_connection("key-b", ACCOUNTS)

    answers = [
        sign_in(provider, mine.tenant_id, mine.username, "not-the-password"),
        sign_in(provider, mine.tenant_id, "AAAA-BBBB-CCCC", mine.password),
        sign_in(provider, mine.tenant_id, theirs.username, theirs.password),
    ]

    for response in answers:
        assert response.status_code == 401
        assert fp.FeedError.from_json(response.json()).code is fp.FeedErrorCode.INVALID_CREDENTIALS


def test_link_connects_the_accounts_with_a_start_date_clamped_to_seven_days(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    provider.client.post(
        "/_sandbox/clock", json={"frozenAt": "2026-11-23T09:00:00Z"}, headers={"Authorization": basic_header("key-a")}
    )
    session = session_for(provider, seeded)

    result = link_all(provider, session, start=dt.date(2026, 10, 24))

    assert result.connection_status == "Linked"
    assert {a.feed_start_date for a in result.accounts} == {dt.date(2026, 11, 16)}
    assert provider.sql("SELECT status FROM connections")[0][0] == "Linked"
    assert {r[0] for r in provider.sql("SELECT status FROM source_accounts")} == {"connected"}


def test_pull_returns_only_what_is_new_since_the_cursor_in_pages(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    session = session_for(provider, seeded)
    link_all(provider, session, start=dt.date.today())
    provider.add_transactions(seeded.connection_id, "acc-chk", 3)
    path = fp.TRANSACTIONS_PATH.format(account_id="acc-chk")

    first = fp.TransactionPage.from_json(provider.client.get(path + "?limit=2", headers=bearer(session)).json())
    rest = fp.TransactionPage.from_json(
        provider.client.get(f"{path}?after={first.cursor}", headers=bearer(session)).json()
    )
    provider.add_transactions(seeded.connection_id, "acc-chk", 1, start=3)
    newer = fp.TransactionPage.from_json(
        provider.client.get(f"{path}?after={rest.cursor}", headers=bearer(session)).json()
    )

    assert [t.id for t in first.transactions] == ["t0", "t1"] and first.has_more
    assert [t.id for t in rest.transactions] == ["t2"] and not rest.has_more
    assert [t.id for t in newer.transactions] == ["t3"]
    assert newer.transactions[0].amount == Decimal("-3.50")


def test_a_revoke_ends_qbos_session_and_new_credentials_resume_the_same_feed(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    session = session_for(provider, seeded)
    first_link = link_all(provider, session, start=dt.date.today() - dt.timedelta(days=3))
    provider.run(lambda db: _revoke(db, seeded.connection_id))
    path = fp.TRANSACTIONS_PATH.format(account_id="acc-chk")

    refused = provider.client.get(path, headers=bearer(session))
    old_credentials = sign_in(provider, seeded.tenant_id, seeded.username, seeded.password)
    issued = provider.run(lambda db: credentials.generate(db, seeded.connection_id, dt.datetime.now(dt.UTC)))
    fresh = session_for(
        provider, type(seeded)(**{**seeded.__dict__, "username": issued.username, "password": issued.password})
    )
    relinked = link_all(provider, fresh, start=dt.date.today())

    assert refused.status_code == 401
    assert fp.FeedError.from_json(refused.json()).code is fp.FeedErrorCode.INVALID_TOKEN
    assert old_credentials.status_code == 401
    assert [a.feed_start_date for a in relinked.accounts] == [a.feed_start_date for a in first_link.accounts]
    assert provider.client.get(path, headers=bearer(fresh)).status_code == 200


async def _revoke(db, connection_id: str) -> None:  # type: ignore[no-untyped-def]
    async with db.transaction() as tx:
        await credentials.revoke_all(tx, connection_id, dt.datetime.now(dt.UTC))


def test_disconnect_stops_the_pull_and_reads_disconnected_after_ten_days(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    session = session_for(provider, seeded)
    link_all(provider, session, start=dt.date.today())
    auth = {"Authorization": basic_header("key-a")}

    gone = provider.client.post(fp.DISCONNECT_PATH.format(account_id="acc-chk"), headers=bearer(session))
    pull = provider.client.get(fp.TRANSACTIONS_PATH.format(account_id="acc-chk"), headers=bearer(session))
    provider.client.post("/_sandbox/clock", json={"advanceSeconds": 10 * 86400}, headers=auth)
    later = session_for(provider, seeded)

    assert fp.LinkedAccount.from_json(gone.json()).status == "connected"  # Codat catches up only later
    assert fp.FeedError.from_json(pull.json()).code is fp.FeedErrorCode.ACCOUNT_DISCONNECTED
    assert {a.id: a.status for a in later.accounts} == {"acc-chk": "disconnected", "acc-cc": "connected"}


def test_bad_requests_get_protocol_errors_not_crashes(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    session = session_for(provider, seeded)

    answers = {
        "junk body": provider.client.post(fp.SESSIONS_PATH, content=b"\xff{not json"),
        "missing field": provider.client.post(fp.SESSIONS_PATH, json={"username": "x"}),
        "no token": provider.client.post(fp.LINKS_PATH, json={"accounts": []}),
        "empty link": provider.client.post(fp.LINKS_PATH, json={"accounts": []}, headers=bearer(session)),
        "unknown account": provider.client.post(
            fp.LINKS_PATH,
            json=fp.LinkRequest([fp.LinkChoice("nope", "1", "x", dt.date.today())]).to_json(),
            headers=bearer(session),
        ),
        "bad cursor": provider.client.get(
            fp.TRANSACTIONS_PATH.format(account_id="acc-chk") + "?after=-1", headers=bearer(session)
        ),
    }

    codes = {name: (r.status_code, fp.FeedError.from_json(r.json()).code.value) for name, r in answers.items()}
    assert codes == {
        "junk body": (400, "bad_request"),
        "missing field": (400, "bad_request"),
        "no token": (401, "invalid_token"),
        "empty link": (400, "bad_request"),
        "unknown account": (404, "not_found"),
        "bad cursor": (409, "account_not_linked"),
    }


def test_unlinked_account_cannot_be_pulled(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    session = session_for(provider, seeded)

    response = provider.client.get(fp.TRANSACTIONS_PATH.format(account_id="acc-cc"), headers=bearer(session))

    assert response.status_code == 409


def test_a_token_dies_with_its_credentials_even_if_it_was_stored_after_the_revoke(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    session = session_for(provider, seeded)
    link_all(provider, session, start=dt.date.today())
    # A sign-in that raced a revoke could leave its token behind: the revoke must still win.
    provider.sql("UPDATE credentials SET revoked = 'now'")

    pull = provider.client.get(fp.TRANSACTIONS_PATH.format(account_id="acc-chk"), headers=bearer(session))

    assert pull.status_code == 401


def test_odd_cursors_are_bad_requests_not_crashes(provider: Provider) -> None:
    seeded = provider.seed_connection("key-a", ACCOUNTS)
    session = session_for(provider, seeded)
    link_all(provider, session, start=dt.date.today())
    path = fp.TRANSACTIONS_PATH.format(account_id="acc-chk")

    answers = [
        provider.client.get(path + query, headers=bearer(session))
        for query in ("?after=%C2%B2", "?limit=%C2%B2", "?after=99999999999999999999999")
    ]

    assert [(a.status_code, a.json()["error"]["code"]) for a in answers] == [(400, "bad_request")] * 3


def test_an_unused_tenants_institution_is_the_default_and_creates_nothing(provider: Provider) -> None:
    before = provider.sql("SELECT COUNT(*) FROM tenants")[0][0]

    response = provider.client.get(fp.INSTITUTION_PATH.format(tenant_id="never-used"))

    assert fp.Institution.from_json(response.json()).name == "Sandbox Bank Feeds"
    assert provider.sql("SELECT COUNT(*) FROM tenants")[0][0] == before
