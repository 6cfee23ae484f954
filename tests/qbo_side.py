"""QBO's part of the feed protocol, played by tests over HTTP as the emulator plays it: sign in to the
provider with one-time credentials, link accounts, disconnect one. No browser and no back door."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import httpx

from sandbox import feed_protocol as fp
from sandbox.tenancy import tenant_id_for


def sign_in(provider: httpx.Client, api_key: str, username: str, password: str) -> httpx.Response:
    """QBO's sign-in with the credentials the SMB user typed; the answer as it came (200 or 401)."""
    return provider.post(fp.SESSIONS_PATH, json=fp.SignIn(tenant_id_for(api_key), username, password).to_json())


def link(provider: httpx.Client, token: str, choices: Sequence[fp.LinkChoice]) -> None:
    """What QBO's Connect sends once the user has ticked and mapped the accounts."""
    linked = provider.post(fp.LINKS_PATH, json=fp.LinkRequest(list(choices)).to_json(), headers=_bearer(token))
    assert linked.status_code == 200, linked.text


def connect(
    provider: httpx.Client, api_key: str, account_ids: Sequence[str], start: dt.date, username: str, password: str
) -> str:
    """Signs in and links each account to a QBO account of its own; returns QBO's bearer token."""
    session = sign_in(provider, api_key, username, password)
    assert session.status_code == 200, session.text
    token = str(session.json()["token"])
    link(provider, token, [fp.LinkChoice(a, f"qbo-{a}", f"QBO {a}", start) for a in account_ids])
    return token


def disconnect(provider: httpx.Client, token: str, account_id: str) -> None:
    """What the SMB user's Disconnect in QBO does."""
    response = provider.post(fp.DISCONNECT_PATH.format(account_id=account_id), headers=_bearer(token))
    assert response.status_code == 200, response.text


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": "Bearer " + token}
