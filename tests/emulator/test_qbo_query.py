"""The QBO query parser and evaluator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from emulator.qbo_query import Condition, QueryError, parse, run

ACCOUNTS = [
    {"Id": "1", "Name": "Checking", "AccountType": "Bank", "CurrentBalance": 5000.0, "Active": True},
    {"Id": "2", "Name": "Savings", "AccountType": "Bank", "CurrentBalance": 12000.0, "Active": True},
    {"Id": "3", "Name": "Visa", "AccountType": "Credit Card", "CurrentBalance": 0.0, "Active": True},
    {"Id": "4", "Name": "Sales", "AccountType": "Income", "CurrentBalance": 0.0, "Active": True},
    {"Id": "10", "Name": "O'Brien Rent", "AccountType": "Expense", "CurrentBalance": 0.0, "Active": True},
]


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
