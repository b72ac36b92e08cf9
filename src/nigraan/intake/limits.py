"""Rate limits on reports and receipt guesses, per address and across the site. The numbers come
from settings (``NIGRAAN_REPORTS_PER_HOUR`` and the like) so a large deployment (or the benchmark)
can raise them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest

from nigraan.accounts import throttle

HOUR = dt.timedelta(hours=1)
WINDOW = dt.timedelta(minutes=15)


def address_of(request: HttpRequest) -> str:
    return throttle.client_address(request)


def report_lock(address: str, phone: str = "") -> throttle.Lock | None:
    keys = [throttle.key("report-addr", address)] + (
        [throttle.key("report-phone", phone)] if phone else []
    )
    return throttle.lock_for_keys(
        keys,
        limit=settings.NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR,
        window=HOUR,
        global_kind="report-all",
        global_limit=settings.NIGRAAN_REPORTS_PER_HOUR,
        global_window=HOUR,
    )


def count_report(address: str, phone: str = "") -> None:
    keys = [throttle.key("report-addr", address)] + (
        [throttle.key("report-phone", phone)] if phone else []
    )
    throttle.record_keys(keys, global_kind="report-all")


def receipt_lock(address: str) -> throttle.Lock | None:
    return throttle.lock_for_keys(
        [throttle.key("receipt-addr", address)],
        limit=settings.NIGRAAN_RECEIPT_GUESSES_PER_ADDRESS,
        window=WINDOW,
        global_kind="receipt-all",
        global_limit=settings.NIGRAAN_RECEIPT_GUESSES_PER_MINUTE,
        global_window=dt.timedelta(minutes=1),
    )


def count_wrong_receipt(address: str) -> None:
    throttle.record_keys([throttle.key("receipt-addr", address)], global_kind="receipt-all")
