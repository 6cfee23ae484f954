"""Codat operations that QuickBooks Online Bank Feeds does not offer.

They answer after the usual checks (auth, company, connection: 401/404) with a status that Codat's
spec lists for the operation — 400 where it lists one, else 404 — and a message that says why.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.lookup import company_scope, connection_row
from link_ui.codat import PLATFORM_KEY, UNSUPPORTED
from link_ui.errors import ApiError

Handler = Callable[[Request], Awaitable[Response]]


def refuse(what: str, status: int, *, company_only: bool = False) -> Handler:
    async def handler(request: Request) -> Response:
        if company_only:
            await company_scope(request)
        else:
            await connection_row(request)
        raise ApiError(status, UNSUPPORTED.format(key=PLATFORM_KEY, what=what))

    return handler


C = "/companies/{companyId}/connections/{connectionId}"
MANAGED = C + "/bankFeedAccounts/{sourceAccountId}/managedBankFeeds/syncs"
ACCOUNTING = "creating accounting bank accounts"
# (Codat's operation id, method, path, what QBO Bank Feeds doesn't offer, the status to answer)
NOT_OFFERED = [
    ("get-bank-account-mapping", "GET", C + "/bankFeedAccounts/mapping", "account mapping through the API", 404),
    ("create-bank-account-mapping", "POST", C + "/bankFeedAccounts/mapping", "account mapping through the API", 400),
    ("get-company-information", "GET", C + "/bankFeeds/info", "company information", 400),
    ("generate-otp", "POST", C + "/bankFeeds/otp", "one-time passwords (it uses generated credentials)", 400),
    ("list-bank-accounts", "GET", C + "/data/bankAccounts", "reading accounting bank accounts", 400),
    ("get-create-bankAccounts-model", "GET", C + "/options/bankAccounts", ACCOUNTING, 404),
    ("create-bank-account", "POST", C + "/push/bankAccounts", ACCOUNTING, 400),
    ("get-latest-managed-bank-feed-sync", "GET", MANAGED + "/latest", "managed bank feeds", 404),
    ("get-managed-bank-feed-sync", "GET", MANAGED + "/{syncId}", "managed bank feeds", 404),
    ("run-managed-bank-feed-ad-hoc-sync", "POST", MANAGED, "managed bank feeds", 400),
    ("get-company-access-token", "GET", "/companies/{companyId}/accessToken", "company access tokens", 404),
]
routes = [
    Route(path, refuse(what, status, company_only=not path.startswith(C)), methods=[method], name=name)
    for name, method, path, what, status in NOT_OFFERED
]
