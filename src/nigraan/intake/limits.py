"""Rate limits on reports and receipt guesses, per address, per phone number and across the site.
The numbers come from settings (``NIGRAAN_REPORTS_PER_HOUR`` and the like) so a large
deployment (or the benchmark, or a test) can raise them; they are read at each check. Every
limited channel applies the same rules through ``intake.pipeline``: a report counts against the
client's address (where the channel has one), against the reporter's phone number (where the
report gives one) and against the whole site."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest

from nigraan.accounts import throttle
from nigraan.security.addresses import client_address

HOUR = dt.timedelta(hours=1)
WINDOW = dt.timedelta(minutes=15)


def address_of(request: HttpRequest) -> str:
    return client_address(request)


def _report_keys(address: str | None, phone: str) -> list[str]:
    keys = [throttle.key("report-addr", address)] if address is not None else []
    return keys + ([throttle.key("report-phone", phone)] if phone else [])


def report_lock(address: str | None, phone: str = "") -> throttle.Lock | None:
    """The lock in force for this address (None: a channel without one, such as SMS), this
    phone number, or the whole site."""
    return throttle.lock_for_keys(
        _report_keys(address, phone),
        limit=settings.NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR,
        window=HOUR,
        global_kind="report-all",
        global_limit=settings.NIGRAAN_REPORTS_PER_HOUR,
        global_window=HOUR,
    )


def count_report(address: str | None, phone: str = "") -> None:
    throttle.record_keys(_report_keys(address, phone), global_kind="report-all")


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
