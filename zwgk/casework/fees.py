"""The fee a notice would charge, before it is sent (RULES §2.6), with its calculation.

The amount itself is computed once, by `foi.domain.fees` when `fee_notice_sent` is appended;
this quote uses the same function and the same monthly count (`items_counted_before`: the
applicant — by type and identity — across this agency in the calendar month of receipt), so the
handler sees exactly what the notice will say. Closing unpaid cases as 3.6.2 is proposed by the
reminders of `foi.reminders` (FEE_DUE) and on the case page; nothing else is needed here.
"""

from __future__ import annotations

from zwgk.foi.domain.fees import FeeBasis, FeeCalculation, calculate_fee
from zwgk.foi.models import Application
from zwgk.foi.services import items_counted_before


def fee_quote(*, application: Application, basis: str, quantity: int) -> FeeCalculation:
    fee_basis = FeeBasis(basis)
    already = items_counted_before(application) if fee_basis is FeeBasis.PER_ITEM else 0
    return calculate_fee(fee_basis, quantity, already_counted=already)
