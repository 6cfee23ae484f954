"""The statuses Codat's Bank Feeds spec lists for each operation (by operation id): test data.

Kept here, in the tests, so that no test reads the spec at run time. An answer with any other
status is one the official SDK raises as a bare `SDKError`.
"""

from __future__ import annotations

LISTED: dict[str, tuple[int, ...]] = {
    "create-company": (200, 400, 401, 402, 403, 429, 500, 503),
    "list-companies": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "get-company": (200, 401, 402, 403, 404, 429, 500, 503),
    "delete-company": (204, 401, 402, 403, 404, 429, 500, 503),
    "replace-company": (200, 401, 402, 403, 404, 429, 500, 503),
    "update-company": (200, 401, 402, 403, 404, 429, 500, 503),
    "get-company-access-token": (200, 401, 402, 403, 404, 429, 500, 503),
    "list-connections": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "create-connection": (200, 401, 402, 403, 404, 429, 500, 503),
    "get-connection": (200, 401, 402, 403, 404, 429, 500, 503),
    "delete-connection": (200, 401, 402, 403, 404, 429, 500, 503),
    "unlink-connection": (200, 401, 402, 403, 404, 429, 500, 503),
    "list-bank-accounts": (200, 400, 401, 402, 403, 404, 409, 429, 500, 503),
    "get-create-bankAccounts-model": (200, 401, 402, 403, 404, 429, 500, 503),
    "create-bank-account": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "create-batch-source-account": (201, 207, 400, 401, 402, 403, 404, 409, 429, 500, 503),
    "create-source-account": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "list-source-accounts": (200, 401, 402, 403, 404, 429, 500, 503),
    "update-source-account": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "delete-source-account": (204, 401, 402, 403, 404, 429, 500, 503),
    "generate-credentials": (200, 401, 402, 403, 404, 429, 500, 503),
    "delete-bank-feed-credentials": (204, 401, 402, 403, 404, 429, 500, 503),
    "get-bank-account-mapping": (200, 401, 402, 403, 404, 429, 500, 503),
    "create-bank-account-mapping": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "get-company-information": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "generate-otp": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "create-bank-transactions": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "get-create-bank-transactions-model": (200, 401, 402, 403, 404, 429, 500, 503),
    "get-create-operation": (200, 401, 402, 403, 404, 429, 500, 503),
    "list-create-operations": (200, 400, 401, 402, 403, 404, 429, 500, 503),
    "get-managed-bank-feed-sync": (200, 401, 402, 403, 404, 429, 500, 503),
    "get-latest-managed-bank-feed-sync": (200, 204, 401, 402, 403, 404, 429, 500, 503),
    "run-managed-bank-feed-ad-hoc-sync": (201, 400, 401, 402, 403, 404, 409, 429, 500, 503),
}
