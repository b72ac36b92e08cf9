"""The Atom feed of active alerts parses with feedparser, links each entry to its CAP document,
and shows a found child's all-clear in place of the description."""

from __future__ import annotations

import datetime as dt

import feedparser

from alerts_support import ISSUED, PUBLISHER, SITE, sample_alert
from nigraan.alerts import cap_messages
from nigraan.alerts.feed import active, atom_feed, cap_url

LATER = dt.timedelta(hours=3)


def _feed(documents, now):
    return atom_feed(
        active(documents, now), site=SITE, title="Nigraan alerts", author="Nigraan", now=now
    )


def _alerts():
    first = cap_messages.alert_message(sample_alert(), PUBLISHER, "NGR-A-2026-0001-1", ISSUED)
    drill = cap_messages.alert_message(
        sample_alert(exercise=True, reference="X-2026-0002"),
        PUBLISHER,
        "NGR-X-2026-0002-1",
        ISSUED + dt.timedelta(minutes=10),
    )
    return first, drill


def test_the_feed_parses_and_links_each_cap_document():
    first, drill = _alerts()
    parsed = feedparser.parse(_feed([first, drill], ISSUED + LATER))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Nigraan alerts"
    assert [entry.id for entry in parsed.entries] == [
        f"{SITE}/alerts/NGR-X-2026-0002-1.xml",
        f"{SITE}/alerts/NGR-A-2026-0001-1.xml",
    ]
    entry = parsed.entries[1]
    cap_links = [link for link in entry.links if link.type == "application/cap+xml"]
    assert [link.href for link in cap_links] == [cap_url(SITE, "NGR-A-2026-0001-1")]
    assert entry.title.startswith("Missing child: Bilal")
    assert "shalwar kameez" in entry.summary
    assert entry.cap_status == "Actual" and parsed.entries[0].cap_status == "Exercise"
    assert entry.updated_parsed[:5] == (2026, 6, 2, 12, 5)  # 17:05 in Karachi is 12:05 UTC


def test_a_found_childs_entry_carries_the_all_clear_without_the_description():
    first, _drill = _alerts()
    found = cap_messages.all_clear_message(
        sample_alert(), PUBLISHER, "NGR-A-2026-0001-2", ISSUED + LATER, (first.message.ref(),)
    )
    parsed = feedparser.parse(_feed([found], ISSUED + LATER))
    assert parsed.bozo == 0
    [entry] = parsed.entries
    assert entry.title == "Child found: the alert for Korangi Crossing, Karachi has ended"
    assert "shalwar" not in entry.summary and "Bilal" not in entry.title
    assert entry.cap_msgtype == "Update"


def test_expired_alerts_leave_the_feed_and_an_empty_feed_still_parses():
    first, drill = _alerts()
    long_after = ISSUED + dt.timedelta(days=3)
    assert active([first, drill], long_after) == []
    parsed = feedparser.parse(_feed([first, drill], long_after))
    assert parsed.bozo == 0 and parsed.entries == []
    assert parsed.feed.id == f"{SITE}/alerts/feed.atom"


def test_the_urdu_feed_carries_the_urdu_texts():
    first, _drill = _alerts()
    now = ISSUED + LATER
    document = atom_feed(
        active([first], now), site=SITE, title="نگران الرٹ", author="نگران", now=now, language="ur"
    )
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0
    assert parsed.entries[0].title.startswith("لاپتہ بچہ: بلال")
    assert parsed.feed.language == "ur"
