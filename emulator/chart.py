"""The chart of accounts a new sandbox company starts with, in its user's language, and the account types QBO
offers for feeds.

A French (Canada) company's accounts have the names QBO fr-CA gives them ("Chèques", "Épargne", "Dépenses non
catégorisées"); their AccountType and AccountSubType stay the API's English enums, as in QBO's API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class ChartAccount(NamedTuple):
    name: str
    kind: str  # AccountType
    sub_type: str  # AccountSubType
    balance: str  # opening balance
    number: str  # AcctNum: assets 1xxx, liabilities 2xxx, equity 3xxx, income 4xxx, expenses 6xxx
    description: str


STARTING_CHART: list[ChartAccount] = [
    ChartAccount("Checking", "Bank", "Checking", "5000.00", "1000", "Main business chequing account"),
    ChartAccount("Savings", "Bank", "Savings", "12000.00", "1010", "Business savings account"),
    ChartAccount("Visa Credit Card", "Credit Card", "CreditCard", "0.00", "2100", "Company Visa card"),
    ChartAccount(
        "Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable", "0.00", "1200", "Money customers owe"
    ),
    ChartAccount(
        "Undeposited Funds", "Other Current Asset", "UndepositedFunds", "0.00", "1300", "Payments not yet deposited"
    ),
    ChartAccount("Office Equipment", "Fixed Asset", "MachineryAndEquipment", "0.00", "1500", "Computers and furniture"),
    ChartAccount("Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable", "0.00", "2000", "Bills not yet paid"),
    ChartAccount("Opening Balance Equity", "Equity", "OpeningBalanceEquity", "0.00", "3000", "Opening balances"),
    ChartAccount("Owner's Investment", "Equity", "OwnersEquity", "0.00", "3100", "What the owner put in"),
    ChartAccount("Retained Earnings", "Equity", "RetainedEarnings", "0.00", "3900", "Profits kept in the business"),
    ChartAccount("Sales", "Income", "SalesOfProductIncome", "0.00", "4000", "Income from selling products"),
    ChartAccount("Services", "Income", "ServiceFeeIncome", "0.00", "4100", "Income from services"),
    ChartAccount("Uncategorized Income", "Income", "OtherPrimaryIncome", "0.00", "4900", "Income not yet categorized"),
    ChartAccount("Advertising", "Expense", "AdvertisingPromotional", "0.00", "6000", "Ads and promotion"),
    ChartAccount("Bank Charges", "Expense", "BankCharges", "0.00", "6100", "Bank and card fees"),
    ChartAccount("Meals and Entertainment", "Expense", "EntertainmentMeals", "0.00", "6200", "Business meals"),
    ChartAccount(
        "Office Supplies", "Expense", "OfficeGeneralAdministrativeExpenses", "0.00", "6300", "Stationery and supplies"
    ),
    ChartAccount("Rent or Lease", "Expense", "RentOrLeaseOfBuildings", "0.00", "6400", "Office rent"),
    ChartAccount("Utilities", "Expense", "Utilities", "0.00", "6500", "Power, water and internet"),
    ChartAccount(
        "Uncategorized Expense",
        "Expense",
        "OtherMiscellaneousServiceCost",
        "0.00",
        "6900",
        "Spending not yet categorized",
    ),
]

# English name -> (name, description) in a French (Canada) company, as QBO fr-CA names them.
FRENCH_NAMES: dict[str, tuple[str, str]] = {
    "Checking": ("Chèques", "Compte de chèques principal de l'entreprise"),
    "Savings": ("Épargne", "Compte d'épargne de l'entreprise"),
    "Visa Credit Card": ("Carte de crédit Visa", "Carte Visa de l'entreprise"),
    "Accounts Receivable (A/R)": ("Comptes clients (C/C)", "Sommes dues par les clients"),
    "Undeposited Funds": ("Fonds non déposés", "Paiements pas encore déposés"),
    "Office Equipment": ("Matériel de bureau", "Ordinateurs et mobilier"),
    "Accounts Payable (A/P)": ("Comptes fournisseurs (C/F)", "Factures pas encore payées"),
    "Opening Balance Equity": ("Capitaux propres d'ouverture", "Soldes d'ouverture"),
    "Owner's Investment": ("Apport du propriétaire", "Ce que le propriétaire a investi"),
    "Retained Earnings": ("Bénéfices non répartis", "Bénéfices conservés dans l'entreprise"),
    "Sales": ("Ventes", "Revenus de la vente de produits"),
    "Services": ("Services", "Revenus de services"),
    "Uncategorized Income": ("Revenus non catégorisés", "Revenus pas encore catégorisés"),
    "Advertising": ("Publicité", "Annonces et promotion"),
    "Bank Charges": ("Frais bancaires", "Frais de banque et de carte"),
    "Meals and Entertainment": ("Repas et divertissements", "Repas d'affaires"),
    "Office Supplies": ("Fournitures de bureau", "Papeterie et fournitures"),
    "Rent or Lease": ("Loyer ou location", "Loyer du bureau"),
    "Utilities": ("Services publics", "Électricité, eau et Internet"),
    "Uncategorized Expense": ("Dépenses non catégorisées", "Dépenses pas encore catégorisées"),
}


def account_name(english: str, lang: str) -> str:
    """A starting account's name in a company of that language: account_name("Checking", "fr") == "Chèques"."""
    return FRENCH_NAMES[english][0] if lang == "fr" and english in FRENCH_NAMES else english


def starting_chart(lang: str, opening: Mapping[str, str] | None = None) -> list[ChartAccount]:
    """The starting chart in the company's language; `opening` replaces opening balances (by English name)."""
    chart = []
    for account in STARTING_CHART:
        balance = (opening or {}).get(account.name, account.balance)
        name, description = FRENCH_NAMES[account.name] if lang == "fr" else (account.name, account.description)
        chart.append(account._replace(name=name, description=description, balance=balance))
    return chart


CLASSIFICATION = {
    "Bank": "Asset",
    "Accounts Receivable": "Asset",
    "Other Current Asset": "Asset",
    "Fixed Asset": "Asset",
    "Credit Card": "Liability",
    "Accounts Payable": "Liability",
    "Equity": "Equity",
    "Income": "Revenue",
    "Expense": "Expense",
}

FEED_ACCOUNT_TYPES = ("Bank", "Credit Card")


def feed_account_type(source_type: str) -> str:
    """The QBO account type "+ Add new" suggests for a source account (Codat's accountType): cards are cards."""
    return "Credit Card" if source_type in ("creditCard", "prepaidCard") else "Bank"


# Detail types offered by "+ Add new": AccountSubType -> message key of its label.
DETAIL_TYPES: dict[str, list[str]] = {
    "Bank": ["Checking", "Savings", "MoneyMarket", "CashOnHand", "TrustAccounts", "RentsHeldInTrust"],
    "Credit Card": ["CreditCard"],
}

UNCATEGORIZED_INCOME = "Uncategorized Income"
UNCATEGORIZED_EXPENSE = "Uncategorized Expense"
