"""Rate limits on reports and receipt guesses, per address and across the site. The numbers come
from the environment so a large deployment (or the benchmark) can raise them."""

from __future__ import annotations

import datetime as dt
import os

from django.http import HttpRequest

from nigraan.accounts import throttle


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


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
        limit=_env("NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR", 20),
        window=HOUR,
        global_kind="report-all",
        global_limit=_env("NIGRAAN_REPORTS_PER_HOUR", 5000),
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
        limit=_env("NIGRAAN_RECEIPT_GUESSES_PER_ADDRESS", 5),
        window=WINDOW,
        global_kind="receipt-all",
        global_limit=_env("NIGRAAN_RECEIPT_GUESSES_PER_MINUTE", 100),
        global_window=dt.timedelta(minutes=1),
    )


def count_wrong_receipt(address: str) -> None:
    throttle.record_keys([throttle.key("receipt-addr", address)], global_kind="receipt-all")
