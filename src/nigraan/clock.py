"""The clock every event reads its time from.

Code asks ``now()`` for the time, never ``datetime.now()`` or ``timezone.now()``, so tests
(and, later, deadline sweeps) can set the time without sleeping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.conf import settings

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_current: Clock = system_clock


def now() -> dt.datetime:
    """The current time, timezone-aware UTC, from the injected clock."""
    value = _current()
    if value.tzinfo is None:
        raise ValueError("the clock must return timezone-aware datetimes")
    return value.astimezone(dt.UTC)


def today() -> dt.date:
    """Today's date where the cases are (``TIME_ZONE``, Pakistan time by default), not in UTC:
    between midnight and 05:00 in Pakistan the UTC date is still yesterday, so a fact recorded
    then would be dated a day early and a date typed as today refused as in the future."""
    return now().astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def set_clock(clock: Clock) -> Clock:
    """Replace the clock; returns the previous one so it can be restored."""
    global _current
    previous = _current
    _current = clock
    return previous


class FixedClock:
    """A clock that stands still until moved: ``clock.advance(hours=3)``."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self.current = start

    def __call__(self) -> dt.datetime:
        return self.current

    def advance(self, **delta: float) -> dt.datetime:
        self.current = self.current + dt.timedelta(**delta)
        return self.current


@contextmanager
def frozen_at(start: dt.datetime) -> Iterator[FixedClock]:
    clock = FixedClock(start)
    previous = set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)
