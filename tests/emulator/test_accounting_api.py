"""QBO Accounting API v3, Account: raw HTTP shapes, and python-quickbooks driving it unchanged."""

from __future__ import annotations

import httpx
import pytest
import requests
from quickbooks import QuickBooks
from quickbooks.exceptions import AuthorizationException, QuickbooksException, ValidationException
from quickbooks.objects.account import Account

from sandbox.tenancy import basic_header
from tests.emulator.conftest import Company, FakeSandbox, new_company


def _token(sandbox: FakeSandbox, company: Company) -> str:
    answer = httpx.post(
        f"{sandbox.qbo_url}/_sandbox/realms/{company.realm_id}/token",
        headers={"Authorization": basic_header(company.api_key)},
    )
    assert answer.status_code == 200
    return str(answer.json()["accessToken"])


class _BearerSession(requests.Session):
    """What python-quickbooks needs from a session: `access_token` and `request()`; no Intuit OAuth."""

    def __init__(self, access_token: str) -> None:
        super().__init__()
        self.access_token = access_token


def _client(sandbox: FakeSandbox, company: Company, access_token: str) -> QuickBooks:
    client = QuickBooks(company_id=company.realm_id, minorversion=75)
    client.sandbox = True
    client.sandbox_api_url_v3 = sandbox.qbo_url + "/v3"
    client.session = _BearerSession(access_token)
    return client


def test_python_quickbooks_reads_the_chart_of_accounts(fake_sandbox: FakeSandbox, company: Company) -> None:
    client = _client(fake_sandbox, company, _token(fake_sandbox, company))
    try:
        everything = Account.all(qb=client)
        assert {"Checking", "Savings", "Visa Credit Card", "Sales", "Retained Earnings"} <= {a.Name for a in everything}
        banks = Account.filter(AccountType="Bank", qb=client)
        assert sorted(a.Name for a in banks) == ["Checking", "Savings"]
        assert all(a.Classification == "Asset" for a in banks)
        cards = Account.where("AccountType in ('Bank', 'Credit Card')", order_by="Name DESC", qb=client)
        assert [a.Name for a in cards] == ["Visa Credit Card", "Savings", "Checking"]
        assert Account.count("AccountType = 'Bank'", qb=client) == 2
        one = Account.get(banks[0].Id, qb=client)
        assert one.Name == banks[0].Name and one.AccountSubType in ("Checking", "Savings")
        page = Account.all(start_position=2, max_results=3, qb=client)
        assert len(page) == 3
        assert Account.filter(AccountType="Equity", Name="Nope", qb=client) == []
    finally:
        client.session.close()


def test_python_quickbooks_filters_on_every_account_field_it_knows(fake_sandbox: FakeSandbox, company: Company) -> None:
    client = _client(fake_sandbox, company, _token(fake_sandbox, company))

    def names(where: str) -> list[str]:
        return sorted(a.Name for a in Account.where(where, qb=client))

    try:
        (checking,) = Account.filter(AcctNum="1000", qb=client)
        assert (checking.Name, checking.AcctNum, checking.Description) == (
            "Checking",
            "1000",
            "Main business chequing account",
        )
        assert Account.filter(Name="0010", qb=client) == []  # text: no account is named 0010 (nor 10)
        assert names("AcctNum IN ('1000', '1010')") == ["Checking", "Savings"]
        assert names("AcctNum >= '6000' AND AcctNum < '6200'") == ["Advertising", "Bank Charges"]
        assert names("Name LIKE 'Uncategorized%'") == ["Uncategorized Expense", "Uncategorized Income"]
        assert names("FullyQualifiedName = 'Visa Credit Card'") == ["Visa Credit Card"]
        assert names("Description LIKE '%savings%'") == ["Savings"]
        assert names("AccountSubType IN ('Checking', 'Savings')") == ["Checking", "Savings"]
        assert names("Classification = 'Liability'") == ["Accounts Payable (A/P)", "Visa Credit Card"]
        assert names("CurrentBalance > 1000") == ["Checking", "Savings"]
        assert names("CurrentBalanceWithSubAccounts = 12000") == ["Savings"]
        assert len(Account.filter(Active=True, qb=client)) == 20 and Account.filter(Active=False, qb=client) == []
        assert len(Account.filter(SubAccount=False, qb=client)) == 20 and names("ParentRef = '1'") == []
        assert len(names("CurrencyRef = 'CAD'")) == 20
        assert len(names("MetaData.CreateTime > '2000-01-01' AND MetaData.LastUpdatedTime <= '2999-12-31'")) == 20
        assert names(f"Id = '{checking.Id}'") == ["Checking"]
        ordered = Account.where("AccountType = 'Bank'", order_by="AcctNum DESC", qb=client)
        assert [a.AcctNum for a in ordered] == ["1010", "1000"]
    finally:
        client.session.close()


@pytest.mark.parametrize(
    "where",
    ["Colour = 'red'", "Active = 'perhaps'", "CurrentBalance = 'lots'", "CurrentBalance LIKE '5%'"],
)
def test_python_quickbooks_gets_a_validation_fault_for_a_field_it_cant_query(
    fake_sandbox: FakeSandbox, company: Company, where: str
) -> None:
    client = _client(fake_sandbox, company, _token(fake_sandbox, company))
    try:
        with pytest.raises(ValidationException) as raised:
            Account.where(where, qb=client)
    finally:
        client.session.close()
    assert raised.value.error_code == 4001
    assert raised.value.message == "Invalid query"
    assert raised.value.detail.startswith("QueryValidationError: ")


def test_python_quickbooks_gets_faults(fake_sandbox: FakeSandbox, company: Company) -> None:
    client = _client(fake_sandbox, company, _token(fake_sandbox, company))
    try:
        with pytest.raises(QuickbooksException):
            Account.query("SELECT * FROM Account WHERE", qb=client)
        with pytest.raises(QuickbooksException):
            Account.get("999999", qb=client)
    finally:
        client.session.close()
    wrong = _client(fake_sandbox, company, "not-a-token")
    try:
        with pytest.raises(AuthorizationException):
            Account.all(qb=wrong)
    finally:
        wrong.session.close()


def test_raw_shapes(fake_sandbox: FakeSandbox, company: Company) -> None:
    headers = {"Authorization": "Bearer " + _token(fake_sandbox, company)}
    base = f"{fake_sandbox.qbo_url}/v3/company/{company.realm_id}"
    answer = httpx.get(
        base + "/query", params={"query": "select * from Account where AccountType = 'Bank'"}, headers=headers
    )
    body = answer.json()
    assert answer.status_code == 200
    assert body["QueryResponse"]["startPosition"] == 1
    assert body["QueryResponse"]["maxResults"] == 2
    account = body["QueryResponse"]["Account"][0]
    for field in (
        "Id",
        "SyncToken",
        "Name",
        "FullyQualifiedName",
        "Active",
        "Classification",
        "AccountType",
        "AccountSubType",
        "CurrentBalance",
        "CurrencyRef",
        "MetaData",
    ):
        assert field in account
    assert account["domain"] == "QBO" and account["sparse"] is False
    empty = httpx.post(
        base + "/query",
        content="SELECT * FROM Account WHERE AccountType = 'Equity' AND Name = 'None'",
        headers={**headers, "Content-Type": "application/text"},
    ).json()
    assert empty["QueryResponse"] == {}
    count = httpx.get(base + "/query", params={"query": "SELECT COUNT(*) FROM Account"}, headers=headers).json()
    assert count["QueryResponse"]["totalCount"] >= 20
    fault = httpx.get(base + "/query", params={"query": "SELECT * FROM Invoice"}, headers=headers)
    assert fault.status_code == 400
    assert fault.json()["Fault"]["type"] == "ValidationFault"
    assert set(fault.json()["Fault"]["Error"][0]) == {"Message", "Detail", "code"}


def test_tokens_and_realms_are_isolated(fake_sandbox: FakeSandbox, company: Company) -> None:
    other = new_company(fake_sandbox.qbo_url)
    headers = {"Authorization": "Bearer " + _token(fake_sandbox, company)}
    answer = httpx.get(
        f"{fake_sandbox.qbo_url}/v3/company/{other.realm_id}/query",
        params={"query": "select * from Account"},
        headers=headers,
    )
    assert answer.status_code == 401
    # Another tenant's key can't mint a token for this realm.
    minted = httpx.post(
        f"{fake_sandbox.qbo_url}/_sandbox/realms/{company.realm_id}/token",
        headers={"Authorization": basic_header(other.api_key)},
    )
    assert minted.status_code == 404
