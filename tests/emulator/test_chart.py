"""The starting chart in each company language, and the opening balances a seed gives its company."""

from __future__ import annotations

from emulator.chart import STARTING_CHART, account_name, starting_chart
from emulator.controls import demo_data


def test_a_french_company_has_the_chart_qbo_fr_ca_names() -> None:
    french = {account.name: account for account in starting_chart("fr")}
    assert {"Chèques", "Épargne", "Carte de crédit Visa", "Dépenses non catégorisées"} <= set(french)
    assert french["Chèques"].sub_type == "Checking"  # the API's enums stay English, as QBO's do
    assert not {account.name for account in STARTING_CHART} & set(french) - {"Services"}
    assert account_name("Savings", "fr") == "Épargne"
    assert account_name("Savings", "en") == "Savings"


def test_each_seed_gives_its_company_its_own_opening_balances() -> None:
    balances = {tuple(demo_data.qbo_opening_balances(seed).values()) for seed in range(1, 6)}
    assert len(balances) == 5
    chart = {a.name: a.balance for a in starting_chart("en", demo_data.qbo_opening_balances(3))}
    assert chart["Checking"] == demo_data.qbo_opening_balances(3)["Checking"]
