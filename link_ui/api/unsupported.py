"""Codat operations that this sandbox does not offer: two tables, one mechanism.

`BANK_FEEDS` lists Bank Feeds API operations that QuickBooks Online Bank Feeds does not support;
`PLATFORM` lists Platform API operations that a QBO Bank Feeds sandbox has no use for. Each row
is a fact derived from Codat's specs: method, path, and the status to answer — 400 where the spec
lists one for the operation, else 404 where it lists that, else 403. The usual checks come first
(auth 401; the company, connection or integration in the path: 404), then the refusal, in Codat's
error shape, with a message that says what is not offered.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from link_ui.api.integrations import offered_key
from link_ui.api.lookup import company_scope, connection_row
from link_ui.codat import NOT_OFFERED, PLATFORM_KEY, UNSUPPORTED
from link_ui.context import tenant_of
from link_ui.errors import ApiError

Handler = Callable[[Request], Awaitable[Response]]
Row = tuple[str, str, str, int, str]  # operation id, method, path, status, what is not offered

CO = "/companies/{companyId}"
C = CO + "/connections/{connectionId}"
MANAGED = C + "/bankFeedAccounts/{sourceAccountId}/managedBankFeeds/syncs"
DATA_TYPES = "/integrations/{platformKey}/dataTypes"
SUPPLEMENTAL = DATA_TYPES + "/{dataType}/supplementalDataConfig"
MAPPING = "account mapping through the API"
BANK_ACCOUNTS = "creating accounting bank accounts"
SYNC = "sync settings: QuickBooks pulls what you push"
CONNECTIONS_SDK = "the Connections SDK"
READS = "reading data: a bank feed is written, not read"
API_KEYS = "API key management: any key you send is its own tenant"
CUSTOM = "custom data types"
CUSTOM_CONFIG = DATA_TYPES + "/custom/{customDataIdentifier}"

BANK_FEEDS: list[Row] = [
    ("get-bank-account-mapping", "GET", C + "/bankFeedAccounts/mapping", 404, MAPPING),
    ("create-bank-account-mapping", "POST", C + "/bankFeedAccounts/mapping", 400, MAPPING),
    ("get-company-information", "GET", C + "/bankFeeds/info", 400, "company information"),
    ("generate-otp", "POST", C + "/bankFeeds/otp", 400, "one-time passwords (it uses generated credentials)"),
    ("list-bank-accounts", "GET", C + "/data/bankAccounts", 400, "reading accounting bank accounts"),
    ("get-create-bankAccounts-model", "GET", C + "/options/bankAccounts", 404, BANK_ACCOUNTS),
    ("create-bank-account", "POST", C + "/push/bankAccounts", 400, BANK_ACCOUNTS),
    ("get-latest-managed-bank-feed-sync", "GET", MANAGED + "/latest", 404, "managed bank feeds"),
    ("get-managed-bank-feed-sync", "GET", MANAGED + "/{syncId}", 404, "managed bank feeds"),
    ("run-managed-bank-feed-ad-hoc-sync", "POST", MANAGED, 400, "managed bank feeds"),
    ("get-company-access-token", "GET", CO + "/accessToken", 404, "company access tokens"),
]

PLATFORM: list[Row] = [
    ("add-product", "PUT", CO + "/products/{productIdentifier}", 404, "Codat products"),
    ("remove-product", "DELETE", CO + "/products/{productIdentifier}", 404, "Codat products"),
    ("refresh-product-data", "POST", CO + "/products/{productIdentifier}/refresh", 400, "Codat products"),
    ("update-connection-authorization", "PUT", C + "/authorization", 404, "updating a connection's authorization"),
    ("get-company-syncSettings", "GET", CO + "/syncSettings", 404, SYNC),
    ("set-company-syncSettings", "POST", CO + "/syncSettings", 400, SYNC),
    ("get-connection-management-access-token", "GET", CO + "/connectionManagement/accessToken", 404, CONNECTIONS_SDK),
    ("get-connection-management-cors-settings", "GET", "/connectionManagement/corsSettings", 404, CONNECTIONS_SDK),
    ("set-connection-management-cors-settings", "POST", "/connectionManagement/corsSettings", 404, CONNECTIONS_SDK),
    ("get-cors-settings", "GET", "/corsSettings", 404, "CORS settings"),
    ("set-cors-settings", "POST", "/corsSettings", 404, "CORS settings"),
    ("refresh-company-data", "POST", CO + "/data/all", 400, READS),
    ("refresh-data-type", "POST", CO + "/data/queue/{dataType}", 400, READS),
    ("get-company-data-status", "GET", CO + "/dataStatus", 404, READS),
    ("list-pull-operations", "GET", CO + "/data/history", 400, READS),
    ("get-pull-operation", "GET", CO + "/data/history/{datasetId}", 404, READS),
    ("get-read-validation-results", "GET", CO + "/sync/{datasetId}/validation", 404, READS),
    ("get-create-update-model-options-by-data-type", "GET", C + "/options/{dataType}", 404, "other push options"),
    ("rotate-zapier-key", "POST", "/webhooks/integrationKeys/zapier", 403, "Zapier integration keys"),
    ("get-profile-syncSettings", "GET", "/profile/syncSettings", 403, SYNC),
    ("update-profile-syncSettings", "POST", "/profile/syncSettings", 403, SYNC),
    ("list-api-keys", "GET", "/apiKeys", 403, API_KEYS),
    ("create-api-key", "POST", "/apiKeys", 400, API_KEYS),
    ("delete-api-key", "DELETE", "/apiKeys/{apiKeyId}", 404, API_KEYS),
    ("get-supplemental-data-configuration", "GET", SUPPLEMENTAL, 404, "supplemental data"),
    ("configure-supplemental-data", "PUT", SUPPLEMENTAL, 404, "supplemental data"),
    ("get-custom-data-type-configuration", "GET", CUSTOM_CONFIG, 404, CUSTOM),
    ("configure-custom-data-type", "PUT", CUSTOM_CONFIG, 404, CUSTOM),
    ("refresh-custom-data-type", "POST", C + "/data/queue/custom/{customDataIdentifier}", 404, CUSTOM),
    ("list-custom-data-type-records", "GET", C + "/data/custom/{customDataIdentifier}", 400, CUSTOM),
]


def scope_check(path: str) -> Callable[[Request], Awaitable[object]]:
    """What must exist before the refusal: the connection, company or integration the path names."""
    if "{connectionId}" in path:
        return connection_row
    if "{companyId}" in path:
        return company_scope
    if "{platformKey}" in path:
        return offered_key
    return tenant_of


def refuse(status: int, message: str, path: str) -> Handler:
    check = scope_check(path)

    async def handler(request: Request) -> Response:
        await check(request)
        raise ApiError(status, message)

    return handler


def _routes(rows: list[Row], template: str) -> list[Route]:
    return [
        Route(path, refuse(status, template.format(key=PLATFORM_KEY, what=what), path), methods=[method], name=name)
        for name, method, path, status, what in rows
    ]


# Bank Feeds rows first: `…/options/bankAccounts` is theirs, before the Platform's `…/options/{dataType}`.
routes = [*_routes(BANK_FEEDS, UNSUPPORTED), *_routes(PLATFORM, NOT_OFFERED)]
