"""Spans of time in the page's language: "2 days 3 hours", "5 hours 10 minutes". Django's own
``timeuntil``/``timesince`` filters are not used on staff pages: Django has no Urdu for their
words, so an Urdu page read "5 hours، 59 minutes باقی"."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def describe_span(delta: dt.timedelta) -> str:
    """A span of time as a person reads it: "2 days 3 hours", "5 hours 10 minutes", "4 minutes"."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    day_text = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hour_text = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minute_text = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if days:
        return f"{day_text} {hour_text}" if hours else day_text
    if hours:
        return f"{hour_text} {minute_text}" if minutes else hour_text
    return minute_text if minutes else _("less than a minute")


def time_left(due: dt.datetime, now: dt.datetime) -> str:
    """ "5 hours 59 minutes left" (or "overdue by …" once ``due`` has passed)."""
    span = describe_span(due - now)
    if due <= now:
        return _("overdue by %(span)s") % {"span": span}
    return _("%(span)s left") % {"span": span}
