"""The chart of accounts a new sandbox company starts with, and the account types QBO offers for feeds."""

from __future__ import annotations

# (name, AccountType, AccountSubType, opening balance)
STARTING_CHART: list[tuple[str, str, str, str]] = [
    ("Checking", "Bank", "Checking", "5000.00"),
    ("Savings", "Bank", "Savings", "12000.00"),
    ("Visa Credit Card", "Credit Card", "CreditCard", "0.00"),
    ("Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable", "0.00"),
    ("Undeposited Funds", "Other Current Asset", "UndepositedFunds", "0.00"),
    ("Office Equipment", "Fixed Asset", "MachineryAndEquipment", "0.00"),
    ("Accounts Payable (A/P)", "Accounts Payable", "AccountsPayable", "0.00"),
    ("Opening Balance Equity", "Equity", "OpeningBalanceEquity", "0.00"),
    ("Owner's Investment", "Equity", "OwnersEquity", "0.00"),
    ("Retained Earnings", "Equity", "RetainedEarnings", "0.00"),
    ("Sales", "Income", "SalesOfProductIncome", "0.00"),
    ("Services", "Income", "ServiceFeeIncome", "0.00"),
    ("Uncategorized Income", "Income", "OtherPrimaryIncome", "0.00"),
    ("Advertising", "Expense", "AdvertisingPromotional", "0.00"),
    ("Bank Charges", "Expense", "BankCharges", "0.00"),
    ("Meals and Entertainment", "Expense", "EntertainmentMeals", "0.00"),
    ("Office Supplies", "Expense", "OfficeGeneralAdministrativeExpenses", "0.00"),
    ("Rent or Lease", "Expense", "RentOrLeaseOfBuildings", "0.00"),
    ("Utilities", "Expense", "Utilities", "0.00"),
    ("Uncategorized Expense", "Expense", "OtherMiscellaneousServiceCost", "0.00"),
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
