"""Money and measures as every page writes them (sandbox.formatting), and the bound on amounts both apps keep."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox import feed_protocol as fp
from sandbox.formatting import decimals, money


def test_money_reads_as_each_language_writes_it_to_the_cent() -> None:
    assert money(1234.5, "en") == "$1,234.50"
    assert money("1234.5", "fr") == "1\u00a0234,50\u00a0$"
    assert money(Decimal("-0.5"), "fr") == "-0,50\u00a0$"


def test_a_measure_has_the_same_decimals_in_each_language() -> None:
    assert [decimals(ms, "en") for ms in (0.6, 0.54, 37.144, 1234.5)] == ["0.60", "0.54", "37.14", "1,234.50"]
    assert [decimals(ms, "fr") for ms in (0.6, 0.54, 37.144, 1234.5)] == ["0,60", "0,54", "37,14", "1\u202f234,50"]
    assert decimals(1.66, "fr", places=1) == "1,7"


def test_money_of_any_size_is_shown_not_an_error() -> None:
    # Larger than Decimal's default 28 digits: a page that shows it must still render.
    assert money(1e27, "en") == "$1,000,000,000,000,000,000,000,000,000.00"
    assert money("1e300", "fr").endswith(",00\u00a0$")


@pytest.mark.parametrize("amount", [fp.MAX_AMOUNT, -fp.MAX_AMOUNT, 1e300, "NaN"])
def test_the_feed_carries_no_amount_the_sandbox_does_not_keep(amount: object) -> None:
    row = {
        "id": "t",
        "date": "2026-12-01T09:00:00",
        "description": "x",
        "amount": amount,
        "balance": 1,
        "transactionType": "Credit",
    }
    with pytest.raises(fp.FeedProtocolError, match="'amount' must be a finite number smaller than"):
        fp.FeedTransaction.from_json(row)
    largest = fp.FeedTransaction.from_json({**row, "amount": fp.MAX_AMOUNT - 1})
    assert largest.amount == fp.MAX_AMOUNT - 1
