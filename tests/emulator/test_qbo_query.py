"""The QBO query parser and evaluator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from emulator.accounting_api import ACCOUNT_FIELDS
from emulator.qbo_query import Condition, Query, QueryError, parse
from emulator.qbo_query import run as run_on

ACCOUNTS: list[dict[str, Any]] = [
    {"Id": "1", "Name": "Checking", "AccountType": "Bank", "CurrentBalance": 5000.0, "Active": True, "AcctNum": "1000"},
    {"Id": "2", "Name": "Savings", "AccountType": "Bank", "CurrentBalance": 12000.0, "Active": True, "AcctNum": "1010"},
    {"Id": "3", "Name": "Visa", "AccountType": "Credit Card", "CurrentBalance": 0.0, "Active": True, "AcctNum": "0010"},
    {"Id": "4", "Name": "Sales", "AccountType": "Income", "CurrentBalance": 0.0, "Active": False},
    {"Id": "10", "Name": "O'Brien Rent", "AccountType": "Expense", "CurrentBalance": 0.0, "Active": True},
]


def run(query: Query, accounts: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    return run_on(query, accounts, ACCOUNT_FIELDS)


def names(statement: str) -> list[str]:
    found, _ = run(parse(statement), ACCOUNTS)
    return [a["Name"] for a in found]


def test_select_all_with_maxresults() -> None:
    query = parse("SELECT * FROM Account MAXRESULTS 100")
    assert query.entity == "Account" and not query.count and query.max_results == 100
    assert len(names("SELECT * FROM Account MAXRESULTS 100")) == 5


def test_keywords_are_case_insensitive() -> None:
    assert names("select * from Account where accounttype = 'Bank'") == ["Checking", "Savings"]


def test_where_in() -> None:
    query = parse("SELECT * FROM Account WHERE AccountType in ('Bank', 'Credit Card')")
    assert query.conditions == [Condition("AccountType", "in", ("Bank", "Credit Card"))]
    assert names("SELECT * FROM Account WHERE AccountType IN ('Bank','Credit Card')") == [
        "Checking",
        "Savings",
        "Visa",
    ]


def test_order_by_both_spellings_and_desc() -> None:
    assert names("SELECT * FROM Account ORDER BY Name")[:2] == ["Checking", "O'Brien Rent"]
    assert names("SELECT * FROM Account ORDERBY Name DESC")[0] == "Visa"
    assert names("SELECT * FROM Account ORDER BY Id DESC")[0] == "O'Brien Rent"  # numeric, not text


def test_paging() -> None:
    assert names("SELECT * FROM Account STARTPOSITION 2 MAXRESULTS 2") == ["Savings", "Visa"]
    found, total = run(parse("SELECT * FROM Account STARTPOSITION 5 MAXRESULTS 2"), ACCOUNTS)
    assert [a["Id"] for a in found] == ["10"] and total == 5


def test_count() -> None:
    query = parse("SELECT COUNT(*) FROM Account WHERE AccountType = 'Bank'")
    assert query.count
    assert run(query, ACCOUNTS)[1] == 2


def test_quotes_numbers_comparisons_and_like() -> None:
    assert names("SELECT * FROM Account WHERE Name = 'O''Brien Rent'") == ["O'Brien Rent"]
    assert names("SELECT * FROM Account WHERE CurrentBalance > 1000 AND AccountType = 'Bank'") == [
        "Checking",
        "Savings",
    ]
    assert names("SELECT * FROM Account WHERE Name LIKE 'Sav%'") == ["Savings"]
    assert parse("select * from Account where Active = true").conditions[0].values == (True,)
    assert parse("select * from Account where CurrentBalance >= 1.5").conditions[0].values == (Decimal("1.5"),)


def test_no_match_is_empty() -> None:
    assert names("SELECT * FROM Account WHERE AccountType = 'Equity'") == []


@pytest.mark.parametrize(
    "statement",
    [
        "",
        "DELETE FROM Account",
        "SELECT FROM Account",
        "SELECT * Account",
        "SELECT * FROM Account WHERE",
        "SELECT * FROM Account WHERE Name ~ 'x'",
        "SELECT * FROM Account WHERE AccountType IN ('Bank'",
        "SELECT * FROM Account MAXRESULTS many",
        "SELECT * FROM Account ORDER Name",
        "SELECT * FROM Account trailing words",
    ],
)
def test_bad_statements_raise(statement: str) -> None:
    with pytest.raises(QueryError):
        parse(statement)


def test_unknown_property_raises_on_evaluation() -> None:
    with pytest.raises(QueryError):
        run(parse("SELECT * FROM Account WHERE Colour = 'red'"), ACCOUNTS)


@pytest.mark.parametrize("number", ["9" * 5000, "²", "１０"])
def test_oversized_or_non_ascii_numbers_are_query_errors(number: str) -> None:
    with pytest.raises(QueryError):
        parse("SELECT * FROM Account STARTPOSITION " + number)


def test_text_compares_as_text_and_ids_as_numbers() -> None:
    assert names("SELECT * FROM Account WHERE AcctNum = '0010'") == ["Visa"]
    assert names("SELECT * FROM Account WHERE AcctNum = '10'") == []
    assert names("SELECT * FROM Account WHERE AcctNum = 1000") == ["Checking"]  # a number, read as its text
    assert names("SELECT * FROM Account WHERE AcctNum > '1000'") == ["Savings"]  # text order: '0010' < '1000'
    assert names("SELECT * FROM Account WHERE Id = '010'") == ["O'Brien Rent"]
    assert names("SELECT * FROM Account WHERE Id IN ('1', 3)") == ["Checking", "Visa"]


def test_a_field_without_a_value_matches_nothing_and_sorts_first() -> None:
    assert names("SELECT * FROM Account WHERE AcctNum LIKE '%'") == ["Checking", "Savings", "Visa"]
    assert names("SELECT * FROM Account ORDER BY AcctNum")[:2] == ["Sales", "O'Brien Rent"]
    assert names("SELECT * FROM Account ORDER BY AcctNum DESC")[0] == "Savings"


def test_booleans_compare_as_booleans() -> None:
    assert names("SELECT * FROM Account WHERE Active = false") == ["Sales"]
    assert len(names("SELECT * FROM Account WHERE Active = True")) == 4  # python-quickbooks writes True
    assert names("SELECT * FROM Account WHERE Active = 'false'") == ["Sales"]


def test_numbers_compare_as_numbers() -> None:
    assert names("SELECT * FROM Account WHERE CurrentBalance >= 5000") == ["Checking", "Savings"]
    assert names("SELECT * FROM Account WHERE CurrentBalance < 5000.5 AND CurrentBalance > 0") == ["Checking"]
    assert names("SELECT * FROM Account WHERE CurrentBalance = '12000'") == ["Savings"]


def test_dates_and_references() -> None:
    accounts = [
        {"Id": "1", "Name": "Parent", "MetaData": {"CreateTime": "2026-01-05T10:00:00+00:00"}},
        {"Id": "2", "Name": "Child", "ParentRef": {"value": "1"}, "MetaData": {"CreateTime": "2026-03-01T10:00:00Z"}},
    ]
    found, _ = run(parse("SELECT * FROM Account WHERE MetaData.CreateTime > '2026-02-01'"), accounts)
    assert [a["Name"] for a in found] == ["Child"]
    found, _ = run(parse("SELECT * FROM Account WHERE metadata.createtime <= '2026-01-05T05:00:00-05:00'"), accounts)
    assert [a["Name"] for a in found] == ["Parent"]
    found, _ = run(parse("SELECT * FROM Account WHERE ParentRef = '1'"), accounts)
    assert [a["Name"] for a in found] == ["Child"]


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT * FROM Account WHERE CurrentBalance = 'lots'",
        "SELECT * FROM Account WHERE Active = 'maybe'",
        "SELECT * FROM Account WHERE Active > false",
        "SELECT * FROM Account WHERE Name = true",
        "SELECT * FROM Account WHERE CurrentBalance LIKE '1%'",
        "SELECT * FROM Account WHERE MetaData.CreateTime > 'yesterday'",
        "SELECT * FROM Account ORDER BY Colour",
    ],
)
def test_a_value_of_the_wrong_kind_or_an_unknown_field_is_a_query_error(statement: str) -> None:
    with pytest.raises(QueryError):
        run(parse(statement), ACCOUNTS)


@pytest.mark.parametrize("op", ["!=", "<>"])
def test_operators_quickbooks_lacks_are_refused(op: str) -> None:
    with pytest.raises(QueryError, match="not supported"):
        parse(f"SELECT * FROM Account WHERE Name {op} 'Visa'")
