"""A whole bank-feeds journey through codat-bankfeeds 12.0.0, unmodified: only server_url changes.

Run by tests/conformance/test_journeys.py in its own virtualenv (.venv-sdk12, made by `make test`):
    SERVER_URL=http://127.0.0.1:8000 API_KEY=my-sandbox-key .venv-sdk12/bin/python bankfeeds12_journey.py
Where the SMB user would link the accounts in QuickBooks, it prints a {"pause": ...} line with the
credentials and waits for one line on stdin (the test plays QBO). It ends with a {"result": ...} line.
"""

import base64
import datetime as dt
import json
import os
import sys
import threading

from codat_bankfeeds import CodatBankFeeds
from codat_bankfeeds.models import errors, shared
from codat_bankfeeds.utils import RetryConfig

api_key = os.environ["API_KEY"]
sdk = CodatBankFeeds(
    server_url=os.environ["SERVER_URL"],
    security=shared.Security(auth_header="Basic " + base64.b64encode(api_key.encode()).decode()),
    retry_config=RetryConfig("none", None, False),  # this generation takes all three arguments
)


def hand_over(message: dict) -> dict:
    print(json.dumps({"pause": message}), flush=True)
    return json.loads(sys.stdin.readline())


company = sdk.companies.create(request={"name": "Bank of Dave"})
connection = sdk.connections.create(request={"company_id": company.id, "request_body": {"platform_key": "hcws"}})
ids = {"company_id": company.id, "connection_id": connection.id}
account = sdk.source_accounts.create(
    request={
        **ids,
        "request_body": {
            "id": "journey-checking",
            "account_name": "Business Checking",
            "account_type": "checking",
            "account_number": "12345678",
            "currency": "USD",
            "balance": 100,
        },
    }
)
credentials = sdk.source_accounts.generate_credentials(request={**ids, "request_body": b""})

# The SMB user types these into QuickBooks Online's Link account, and maps the account.
hand_over({"accounts": [account.id], "username": credentials.username, "password": credentials.password})

linked = sdk.connections.get(request=ids)
cleared = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=1)
operation = sdk.transactions.create(
    request={
        **ids,
        "account_id": account.id,
        "create_bank_transactions": {
            "account_id": account.id,
            "transactions": [
                {
                    "id": "journey-t1",
                    "date": cleared.isoformat(timespec="seconds"),
                    "description": "Coffee",
                    "amount": -4.5,
                    "balance": 95.5,
                    "transaction_type": "Debit",
                }
            ],
        },
    }
)
key = {"company_id": company.id, "push_operation_key": operation.push_operation_key}
done = sdk.transactions.get_create_operation(request=key)
for _ in range(500):  # a readiness poll: the sandbox completes writes in the background
    if done.status.value != "Pending":
        break
    threading.Event().wait(0.02)
    done = sdk.transactions.get_create_operation(request=key)

accounts = sdk.source_accounts.list(request=ids)
unlinked = sdk.connections.unlink(request={**ids, "request_body": {"status": "Unlinked"}})
sdk.connections.delete(request=ids)
sdk.companies.delete(request={"company_id": company.id})
try:
    sdk.companies.get(request={"company_id": company.id})
    after_delete = 200
except errors.ErrorMessage as gone:
    after_delete = gone.status_code

result = {
    "connectionStatuses": [connection.status.value, linked.status.value, unlinked.status.value],
    "account": {"created": account.status.value, "listed": [(a.id, a.status.value) for a in accounts]},
    "push": {"first": operation.status.value, "last": done.status.value, "changes": len(done.changes or [])},
    "afterDelete": after_delete,
}
print(json.dumps({"result": result}), flush=True)
