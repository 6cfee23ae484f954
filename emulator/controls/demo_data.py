"""What `seed demo` builds, as plain data: a pure function of the seed (and of the sandbox's today).

The same seed always gives the same company name, source accounts and transactions; dates are
days before the sandbox's today. The numbers come from SHA-256 in counter mode rather than
`random.Random`, whose methods (other than random()) may change between Python versions: a seed
must give the same demo on every machine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from sandbox.feed_protocol import HISTORY_DAYS  # the days before today that get transactions

T = TypeVar("T")
CURRENCY = "CAD"
CENTS = Decimal("0.01")

COMPANY_NAMES = (
    "Maple Ridge Landscaping Ltd.",
    "Northern Lights Bakery Inc.",
    "Harbour & Pine Design Co.",
    "Bluewater Plumbing & Heating",
    "Prairie Sky Veterinary Clinic",
    "Granville Street Coffee Roasters",
    "True North Bookkeeping Services",
    "Lakeshore Bike Works",
    "Cedar & Stone Renovations Ltd.",
    "Rideau Valley Physiotherapy",
    "Okanagan Orchard Supply",
    "Fundy Coast Seafood Market",
    "Laurentian Print Shop",
    "Kensington Market Florist",
    "Red River Auto Repair",
    "Muskoka Cottage Rentals Inc.",
)

# (description, smallest and largest amount in cents, +1 money in / -1 money out, at most once a week).
# A description may name a {payer} or an {invoice}, filled in per transaction.
Merchant = tuple[str, int, int, int, bool]
PAYERS = ("J. Tremblay", "M. Singh", "A. Nguyen", "L. Roy", "S. MacDonald", "K. Chen", "R. Okafor", "D. Gagnon")
CHEQUING: tuple[Merchant, ...] = (
    ("Interac e-Transfer from {payer}", 15000, 240000, 1, False),
    ("Client payment - Invoice {invoice}", 45000, 620000, 1, False),
    ("Square deposit", 8000, 180000, 1, False),
    ("Stripe payout", 12000, 350000, 1, False),
    ("Mobile cheque deposit", 20000, 150000, 1, False),
    ("Rogers Wireless", 6500, 18000, -1, True),
    ("Hydro One", 9000, 42000, -1, True),
    ("Bell Canada", 7000, 16000, -1, True),
    ("Canada Post", 1200, 9500, -1, False),
    ("Staples #281", 1800, 32000, -1, False),
    ("Costco Wholesale #547", 6000, 68000, -1, False),
    ("Home Depot #7071", 2500, 52000, -1, False),
    ("Esso Circle K", 4000, 11000, -1, False),
    ("Petro-Canada", 3500, 10500, -1, False),
    ("Shopify subscription", 3900, 39900, -1, True),
    ("Purolator", 1500, 12000, -1, False),
    ("Payroll - Wagepoint", 180000, 650000, -1, True),
    ("Intuit QuickBooks", 3000, 9000, -1, True),
)
SAVINGS: tuple[Merchant, ...] = (
    ("Transfer from chequing", 50000, 300000, 1, False),
    ("Interest paid", 150, 4500, 1, True),
    ("Transfer to chequing", 20000, 150000, -1, False),
    ("GIC maturity deposit", 100000, 500000, 1, True),
)
CARD: tuple[Merchant, ...] = (
    ("Amazon.ca", 1500, 42000, -1, False),
    ("Tim Hortons #2231", 350, 2800, -1, False),
    ("Air Canada", 18000, 95000, -1, True),
    ("Uber Trip", 1200, 6500, -1, False),
    ("Microsoft 365 Business", 1200, 3300, -1, True),
    ("Google Workspace", 840, 2520, -1, True),
    ("Best Buy #930", 3000, 160000, -1, True),
    ("Canadian Tire #118", 1500, 26000, -1, False),
    ("Staples #281", 1200, 18000, -1, False),
    ("Indigo Books", 1500, 9000, -1, False),
    ("Refund - Amazon.ca", 1500, 12000, 1, True),
    ("Payment - thank you", 20000, 150000, 1, True),
)


class Dice:
    """A deterministic stream of numbers: SHA-256 over (seed, stream name, counter)."""

    def __init__(self, seed: int, stream: str) -> None:
        self._key = f"qbo-sandbox-seed:{seed}:{stream}:".encode()
        self._count = 0

    def below(self, n: int) -> int:
        self._count += 1
        digest = hashlib.sha256(self._key + str(self._count).encode()).digest()
        return int.from_bytes(digest[:8], "big") % n

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)

    def pick(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]


@dataclass(frozen=True)
class AccountPlan:
    seed: int
    key: str  # chequing, savings, card
    id: str
    name: str
    account_type: str  # Codat's accountType
    number: str  # masked: only the last four digits are real
    opening_balance: Decimal  # before the first seeded transaction
    qbo_account: str  # the sandbox company's account it is linked to (emulator/chart.py)
    merchants: tuple[Merchant, ...]
    per_day: tuple[int, int]


@dataclass(frozen=True)
class TransactionPlan:
    id: str
    days_ago: int  # 1 to HISTORY_DAYS: never today, so never later than the sandbox's clock
    time: dt.time
    description: str
    amount: Decimal  # + money in (Credit), - money out (Debit)
    balance: Decimal  # the account's balance after it

    def to_codat(self, today: dt.date) -> dict[str, object]:
        """A transaction of Codat's create-bank-transactions body, dated relative to `today`."""
        when = dt.datetime.combine(today - dt.timedelta(days=self.days_ago), self.time)
        return {
            "id": self.id,
            "date": when.isoformat(),
            "description": self.description,
            "amount": float(self.amount),
            "balance": float(self.balance),
            "transactionType": "Credit" if self.amount > 0 else "Debit",
        }


# The provider's own default organizationName (a fact of the provider, read here over HTTP): a seed
# replaces it with an institution of its own, and leaves a name someone chose alone.
PROVIDER_DEFAULT_INSTITUTION = "Sandbox Bank Feeds"
INSTITUTION_NAMES = (
    "Laurentian Shore Bank",
    "Prairie Sky Credit Union",
    "Cabot Harbour Trust",
    "Fraser Valley Savings",
    "Banque Mont-Royal",
    "Northern Cedar Financial",
)


def institution_name(seed: int) -> str:
    return Dice(seed, "institution").pick(INSTITUTION_NAMES)


def company_name(seed: int) -> str:
    return Dice(seed, "company").pick(COMPANY_NAMES)


def qbo_opening_balances(seed: int) -> dict[str, str]:
    """The seeded company's own opening balances in QBO (by the chart's English names): each seed its own."""
    dice = Dice(seed, "qbo-balances")
    return {
        "Checking": f"{Decimal(dice.between(2_000_00, 15_000_00)) * CENTS:.2f}",
        "Savings": f"{Decimal(dice.between(5_000_00, 60_000_00)) * CENTS:.2f}",
    }


def accounts(seed: int) -> list[AccountPlan]:
    """Three source accounts: a chequing account, a savings account and a credit card, all in CAD."""
    dice = Dice(seed, "accounts")
    code = f"{dice.below(16**6):06x}"

    def number() -> str:
        return f"****{dice.below(10_000):04d}"

    def dollars(low: int, high: int) -> Decimal:
        return Decimal(dice.between(low * 100, high * 100)) * CENTS

    chequing_name = dice.pick(("Business Chequing", "Everyday Business Chequing", "Small Business Chequing"))
    savings_name = dice.pick(("Business Savings", "High Interest Business Savings", "Business Investor Savings"))
    card_name = dice.pick(("Visa Business", "Business Mastercard", "Visa Infinite Business"))
    return [
        AccountPlan(seed, "chequing", f"chq-{code}", chequing_name, "checking", number(), dollars(8_000, 40_000),
                    "Checking", CHEQUING, per_day=(2, 4)),
        AccountPlan(seed, "savings", f"sav-{code}", savings_name, "savings", number(), dollars(20_000, 120_000),
                    "Savings", SAVINGS, per_day=(1, 2)),
        AccountPlan(seed, "card", f"card-{code}", card_name, "creditCard", number(), -dollars(200, 3_000),
                    "Visa Credit Card", CARD, per_day=(1, 3)),
    ]  # fmt: skip


def transactions(account: AccountPlan) -> list[TransactionPlan]:
    """A few transactions a day for the last HISTORY_DAYS days, earliest first, with running balances."""
    dice = Dice(account.seed, "transactions:" + account.key)
    balance, planned, used = account.opening_balance, list[TransactionPlan](), set[str]()
    for days_ago in range(HISTORY_DAYS, 0, -1):
        count = dice.between(*account.per_day)
        minutes = sorted(dice.between(7 * 60, 20 * 60 + 59) for _ in range(count))
        for minute in minutes:
            template, low, high, sign, _weekly = _merchant(dice, account.merchants, used)
            amount = Decimal(dice.between(low, high)) * CENTS * sign
            if account.key == "card" and balance + amount > 0:  # a card refund never leaves it in credit
                amount = -balance
            if amount == 0 or balance + amount < 0 < balance:
                continue  # an account in funds stays in funds
            used.add(template)
            description = template.format(payer=dice.pick(PAYERS), invoice=1040 + dice.below(400))
            balance += amount
            seq = len(planned) + 1
            planned.append(
                TransactionPlan(
                    f"{account.id}-{seq:03d}",
                    days_ago,
                    dt.time(minute // 60, minute % 60),
                    description,
                    amount,
                    balance,
                )
            )
    return planned


def _merchant(dice: Dice, merchants: Sequence[Merchant], used: set[str]) -> Merchant:
    """A merchant for the next transaction: a weekly bill that has already come this week is passed over."""
    chosen = dice.pick(merchants)
    for _ in range(len(merchants)):  # bounded: every list also has merchants that come any day
        if not (chosen[4] and chosen[0] in used):
            break
        chosen = dice.pick(merchants)
    return chosen
