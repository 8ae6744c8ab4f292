"""The information-processing fee (信息处理费; Art. 42, RULES §2.6).

Pure module: no Django imports. Rates are those of 《政府信息公开信息处理费管理办法》
(国办函〔2020〕109号): both bases are progressive ("超额累进", Art. 3 of the measures), each band
charged at its own rate, and one application uses one basis only. The calculation lines are what
the fee notice (收费通知) prints, so the letter and the amount cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import count
from typing import Final

from zwgk.foi.domain.clock import FEE_PAYMENT_WORKDAYS, fee_payment_due_on

__all__ = [
    "FEE_PAYMENT_WORKDAYS",
    "MAX_QUANTITY",
    "FeeBasis",
    "FeeCalculation",
    "FeeLine",
    "calculate_fee",
    "fee_payment_due_on",
    "per_item_fee",
    "per_page_fee",
]

_CENT = Decimal("0.01")


class FeeBasis(StrEnum):
    PER_ITEM = "per_item"
    PER_PAGE = "per_page"

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeBasis.PER_ITEM else "按量计收"

    @property
    def unit(self) -> str:
        return "件" if self is FeeBasis.PER_ITEM else "页"


@dataclass(frozen=True, slots=True)
class _Band:
    first: int
    last: int | None  # None: no upper end
    rate: Decimal  # yuan per unit


# Measures Art. 4: per applicant per calendar month, items 1–10 free, 11–30 ¥100, then bands
# of 10 items each ¥100 dearer than the one before (31–40 ¥200, 41–50 ¥300, …).
PER_ITEM_FREE: Final = 10
PER_ITEM_BASE_RATE: Final = Decimal(100)


def _per_item_bands() -> Iterator[_Band]:
    yield _Band(1, PER_ITEM_FREE, Decimal(0))
    yield _Band(11, 30, PER_ITEM_BASE_RATE)
    for step in count(1):
        first = 31 + 10 * (step - 1)
        yield _Band(first, first + 9, PER_ITEM_BASE_RATE * (step + 1))


# Measures Art. 5: per application, for paper copies, e-mail or copied electronic data.
PER_PAGE_BANDS: Final[tuple[_Band, ...]] = (
    _Band(1, 30, Decimal(0)),
    _Band(31, 100, Decimal(10)),
    _Band(101, 200, Decimal(20)),
    _Band(201, None, Decimal(40)),
)


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One band of the calculation: `count` units of this charge fall in it."""

    band_first: int
    band_last: int | None
    unit: str
    count: int
    rate: Decimal
    subtotal: Decimal

    @property
    def band(self) -> str:
        if self.band_last is None:
            return f"第{self.band_first}{self.unit}及以上"
        return f"第{self.band_first}—{self.band_last}{self.unit}"

    @property
    def text(self) -> str:
        """The line as the fee notice prints it."""
        if not self.rate:
            return f"{self.band}：{self.count}{self.unit}，不收费"
        return f"{self.band}：{self.count}{self.unit} × {self.rate}元 = {self.subtotal}元"


@dataclass(frozen=True, slots=True)
class FeeCalculation:
    basis: FeeBasis
    quantity: int  # units charged by this notice
    already_counted: int  # per item: the applicant's items earlier in the same month
    lines: tuple[FeeLine, ...]
    amount: Decimal  # yuan, two decimals


def _charge(basis: FeeBasis, bands: Iterator[_Band], already: int, quantity: int) -> FeeCalculation:
    first, last = already + 1, already + quantity
    lines = []
    for band in bands:
        if band.first > last:
            break
        lo = max(band.first, first)
        hi = last if band.last is None else min(band.last, last)
        if lo > hi:
            continue
        n = hi - lo + 1
        subtotal = (band.rate * n).quantize(_CENT)
        lines.append(FeeLine(band.first, band.last, basis.unit, n, band.rate, subtotal))
    amount = sum((line.subtotal for line in lines), Decimal(0)).quantize(_CENT)
    return FeeCalculation(basis, quantity, already, tuple(lines), amount)


# Not in the measures: a bound on input, so a typo or a hostile request cannot produce a fee
# of ¥368,934,881,474,191,027,020.00 or a letter listing millions of bands (issue 21.3,
# decision 0019). No application has come near 100,000 items or pages.
MAX_QUANTITY: Final = 100_000


def _check(quantity: int, already_counted: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise ValueError(f"the quantity is a whole number from 1 to {MAX_QUANTITY}")
    if isinstance(already_counted, bool) or not isinstance(already_counted, int) or already_counted < 0:
        raise ValueError("the items already counted are a whole number of at least 0")


def per_item_fee(quantity: int, *, already_counted: int = 0) -> FeeCalculation:
    """The charge for `quantity` more items of an applicant who already had `already_counted`
    items counted this calendar month (the count is cumulative: Measures Art. 4)."""
    _check(quantity, already_counted)
    return _charge(FeeBasis.PER_ITEM, _per_item_bands(), already_counted, quantity)


def per_page_fee(pages: int) -> FeeCalculation:
    _check(pages, 0)
    return _charge(FeeBasis.PER_PAGE, iter(PER_PAGE_BANDS), 0, pages)


def calculate_fee(basis: FeeBasis | str, quantity: int, *, already_counted: int = 0) -> FeeCalculation:
    basis = FeeBasis(basis)
    if basis is FeeBasis.PER_ITEM:
        return per_item_fee(quantity, already_counted=already_counted)
    if already_counted:
        raise ValueError("pages are counted per application, not per month")
    return per_page_fee(quantity)
