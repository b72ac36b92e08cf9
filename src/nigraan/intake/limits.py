"""Rate limits on reports (per address, per phone number and across the site) and on receipt
guesses (per address; across the site an alarm, not a lock).
The numbers come from settings (``NIGRAAN_REPORTS_PER_HOUR`` and the like) so a large
deployment (or the benchmark, or a test) can raise them; they are read at each check. Every
limited channel applies the same rules through ``intake.pipeline``: a report counts against the
client's address (where the channel has one), against the reporter's phone number (where the
report gives one) and against the whole site."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.http import HttpRequest

from nigraan import clock
from nigraan.accounts import throttle
from nigraan.security import events as security_events
from nigraan.security.addresses import client_address
from nigraan.security.models import SecurityEvent, SecurityEventKind

security = logging.getLogger("nigraan.security")
RECEIPT_GUESSING = SecurityEventKind.RECEIPT_GUESSING

HOUR = dt.timedelta(hours=1)
WINDOW = dt.timedelta(minutes=15)
MINUTE = dt.timedelta(minutes=1)


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
    """The lock in force for this address only. There is no site-wide lock on receipts: a lock
    that anyone can trigger from rotating addresses would lock out every reporter holding a right
    code (issue 11). Guessing stays hopeless without it (20 digits, 66 bits, each guess an argon2
    run, five guesses per address in 15 minutes); the site-wide count raises an alarm instead
    (``count_wrong_receipt``)."""
    return throttle.lock_for_keys(
        [throttle.key("receipt-addr", address)],
        limit=settings.NIGRAAN_RECEIPT_GUESSES_PER_ADDRESS,
        window=WINDOW,
    )


def count_wrong_receipt(address: str) -> None:
    """Count a wrong code against the address and the site; when the site's wrong codes reach
    ``NIGRAAN_RECEIPT_GUESSES_PER_MINUTE`` within a minute, record a security event (once a
    minute) and write an alarm line, for administrators to see — but refuse nobody."""
    throttle.record_keys([throttle.key("receipt-addr", address)], global_kind="receipt-all")
    ceiling = settings.NIGRAAN_RECEIPT_GUESSES_PER_MINUTE
    if ceiling and throttle.count_global("receipt-all", MINUTE) >= ceiling:
        receipt_guessing_alarm(ceiling, address)


def receipt_guessing_alarm(ceiling: int, address: str) -> None:
    since = clock.now() - MINUTE
    if SecurityEvent.objects.filter(kind=RECEIPT_GUESSING, at__gt=since).exists():
        return
    security.warning(
        "SECURITY ALARM: at least %d wrong receipt codes within a minute across the site", ceiling
    )
    security_events.record(RECEIPT_GUESSING, address=address, wrong_codes=ceiling, window_minutes=1)
