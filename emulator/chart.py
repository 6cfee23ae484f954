"""The chart of accounts a new sandbox company starts with, and the account types QBO offers for feeds."""

from __future__ import annotations

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

# Detail types offered by "+ Add new": AccountSubType -> message key of its label.
DETAIL_TYPES: dict[str, list[str]] = {
    "Bank": ["Checking", "Savings", "MoneyMarket", "CashOnHand", "TrustAccounts", "RentsHeldInTrust"],
    "Credit Card": ["CreditCard"],
}

UNCATEGORIZED_INCOME = "Uncategorized Income"
UNCATEGORIZED_EXPENSE = "Uncategorized Expense"
