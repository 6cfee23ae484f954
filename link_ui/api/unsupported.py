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
routes = [
    Route(
        C + "/bankFeedAccounts/mapping",
        refuse("account mapping through the API", 404),
        methods=["GET"],
        name="get-bank-account-mapping",
    ),
    Route(
        C + "/bankFeedAccounts/mapping",
        refuse("account mapping through the API", 400),
        methods=["POST"],
        name="create-bank-account-mapping",
    ),
    Route(C + "/bankFeeds/info", refuse("company information", 400), methods=["GET"], name="get-company-information"),
    Route(
        C + "/bankFeeds/otp",
        refuse("one-time passwords (it uses generated credentials)", 400),
        methods=["POST"],
        name="generate-otp",
    ),
    Route(
        C + "/data/bankAccounts",
        refuse("reading accounting bank accounts", 400),
        methods=["GET"],
        name="list-bank-accounts",
    ),
    Route(
        C + "/options/bankAccounts",
        refuse("creating accounting bank accounts", 404),
        methods=["GET"],
        name="get-create-bankAccounts-model",
    ),
    Route(
        C + "/push/bankAccounts",
        refuse("creating accounting bank accounts", 400),
        methods=["POST"],
        name="create-bank-account",
    ),
    Route(
        MANAGED + "/latest",
        refuse("managed bank feeds", 404),
        methods=["GET"],
        name="get-latest-managed-bank-feed-sync",
    ),
    Route(MANAGED + "/{syncId}", refuse("managed bank feeds", 404), methods=["GET"], name="get-managed-bank-feed-sync"),
    Route(MANAGED, refuse("managed bank feeds", 400), methods=["POST"], name="run-managed-bank-feed-ad-hoc-sync"),
    Route(
        "/companies/{companyId}/accessToken",
        refuse("company access tokens", 404, company_only=True),
        methods=["GET"],
        name="get-company-access-token",
    ),
]
