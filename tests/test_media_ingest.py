"""Press ingest end to end against a local outlet server (real HTTP, real parsing): feeds to
articles to incidents, and the misbehaving outlets a real run meets. No test waits: the sleep
between requests is injected and moves a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest

from media_outlets import outlet_server
from media_press_world import build_world, publish_follow_up
from nigraan import clock
from nigraan.media.ingest.outlets import load_outlets
from nigraan.media.ingest.run import ingest
from nigraan.media.models import Article, FeedState, Incident, IncidentSource, IngestRun

START = dt.datetime(2026, 10, 6, 8, 0, tzinfo=dt.UTC)


class FakeSleep:
    """Records every wait and moves the frozen clock instead of waiting."""

    def __init__(self, frozen: clock.FixedClock) -> None:
        self.frozen = frozen
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.frozen.advance(seconds=seconds)


@pytest.fixture
def world(rules_copy):
    with outlet_server() as server:
        yield build_world(server, rules_copy)


@pytest.fixture
def frozen():
    with clock.frozen_at(START) as fixed:
        yield fixed


def _run(world, frozen) -> tuple[dict[str, int], FakeSleep]:
    sleep = FakeSleep(frozen)
    return ingest(load_outlets(world.rules), sleep=sleep), sleep


def _article(world, name: str) -> Article:
    return Article.objects.get(url=world.urls[name])


@pytest.mark.django_db
def test_a_run_turns_feeds_into_articles_and_incidents_with_every_source_kept(world, frozen):
    counts, _ = _run(world, frozen)
    abduction = _article(world, "abduction")
    assert abduction.status == Article.Status.INCIDENT
    assert abduction.published_on == dt.date(2026, 10, 5) and abduction.published_from == "page"
    assert abduction.title == "Girl, 12, abducted in Chunian"
    assert (
        abduction.text.startswith("CHUNIAN: A 12-year-old girl")
        and "Most read" not in abduction.text
    )
    assert "<p>" not in abduction.text  # text only: the page's HTML is not kept
    assert abduction.canonical_url == world.urls["abduction"]  # utm_source stripped
    incident = abduction.incident_sources.get().incident
    assert (incident.offence, incident.victims, incident.victim_ages) == ("abduction", 1, [12])
    assert (incident.city, incident.district, incident.province) == ("Chunian", "Kasur", "Punjab")
    assert incident.status == Incident.Status.NEW
    # A second paper's own account of the same event joins it, with what that paper said.
    same_event = _article(world, "same_event").incident_sources.get()
    assert same_event.incident == incident and same_event.kind == IncidentSource.Kind.REPORT
    assert same_event.fields["date_of_incident"] is None  # it gave no date; the first did
    assert incident.date_of_incident == dt.date(2026, 10, 3)
    assert incident.outlets_count == 2 and incident.sources_count == 3
    assert counts["new_incidents"] == 3 and counts["joined"] == 1
    assert Incident.objects.count() == 3
    run = IngestRun.objects.get()
    assert run.finished_at is not None and run.counts["new_incidents"] == 3


@pytest.mark.django_db
def test_a_wire_copy_is_collapsed_into_its_original_and_kept_as_a_source(world, frozen):
    _run(world, frozen)
    copy, original = _article(world, "wire_copy"), _article(world, "abduction")
    assert copy.status == Article.Status.COPY and copy.copy_of == original
    assert "wire copy" in copy.reason and copy.extraction == {}  # not extracted again
    source = copy.incident_sources.get()
    assert source.kind == IncidentSource.Kind.COPY
    assert source.incident == original.incident_sources.get().incident


@pytest.mark.django_db
def test_an_urdu_page_yields_an_incident(world, frozen):
    _run(world, frozen)
    urdu = _article(world, "urdu")
    assert urdu.language == "ur" and urdu.status == Article.Status.INCIDENT
    assert urdu.title.startswith("اوکاڑہ")
    incident = urdu.incident_sources.get().incident
    assert (incident.offence, incident.victim_ages, incident.district) == ("rape", [9], "Okara")
    assert incident.police_action == "arrested"


@pytest.mark.django_db
def test_a_malformed_entry_is_set_aside_with_its_reason_and_the_run_goes_on(world, frozen):
    counts, _ = _run(world, frozen)
    aside = Article.objects.get(status=Article.Status.SET_ASIDE, url="")
    assert aside.reason == "feed entry: no link" and aside.title == "An entry with no link"
    assert counts["entries_set_aside"] == 1
    assert _article(world, "not_incident").status == Article.Status.NOT_INCIDENT


@pytest.mark.django_db
def test_robots_txt_disallow_is_honoured(world, frozen):
    _run(world, frozen)
    private = _article(world, "private")
    assert private.status == Article.Status.SET_ASIDE
    assert private.reason == "robots.txt disallows reading the page"
    assert world.server.hits("/private/news/1003-internal") == []
    assert len(world.server.hits("/robots.txt")) == 1  # read once per host per run


@pytest.mark.django_db
def test_a_slow_outlet_times_out_and_the_run_goes_on(world, frozen):
    counts, _ = _run(world, frozen)
    slow = FeedState.objects.get(outlet="Slow Times")
    assert slow.last_error == "timed out after 1 s" and slow.failures_in_a_row == 1
    assert slow.leased_until is None  # released for the next run
    assert counts["listings_failed"] == 1
    assert _article(world, "marriage").status == Article.Status.INCIDENT  # read after it


@pytest.mark.django_db
def test_an_outlet_answering_500_is_retried_with_backoff_and_recovers(world, frozen):
    _, sleep = _run(world, frozen)
    flaky = FeedState.objects.get(outlet="Flaky News")
    assert (flaky.last_status, flaky.last_error) == ("200", "")
    assert len(world.server.hits("/flaky/feed.xml")) == 3
    backoff = [s for s in sleep.calls if s != 1.0]  # 1.0: the pace between two requests
    assert backoff == [2.0, 4.0]


@pytest.mark.django_db
def test_every_request_names_nigraan_and_waits_its_turn_on_the_host(world, frozen):
    _, sleep = _run(world, frozen)
    agents = {headers["user-agent"] for _, headers in world.server.requests}
    assert agents == {"Nigraan-press-monitor/0.1 (tests)"}
    paced = sleep.calls.count(1.0)
    assert paced == len(world.server.requests) - 3 - 1  # all but the first, less the 2 retries


@pytest.mark.django_db
def test_the_second_run_gets_304_and_reads_nothing_again(world, frozen):
    _run(world, frozen)
    before = len(world.server.requests)
    counts, _ = _run(world, frozen)
    etags = [h.get("if-none-match") for h in world.server.hits("/example/feed.xml")]
    assert etags == [None, '"/example/feed.xml-v1"']
    assert counts["listings_not_modified"] == 4  # all but the slow feed, which timed out again
    assert not any(name.startswith("pages_") for name in counts)
    assert len(world.server.requests) - before == 6  # robots, five feeds
    assert Article.objects.filter(status=Article.Status.PENDING).count() == 0


@pytest.mark.django_db
def test_a_follow_up_days_later_links_to_its_incident(world, frozen):
    _run(world, frozen)
    incident = _article(world, "abduction").incident_sources.get().incident
    assert incident.police_action == "fir_registered"
    frozen.advance(days=4)
    publish_follow_up(world)
    counts, _ = _run(world, frozen)
    follow_up = _article(world, "follow_up").incident_sources.get()
    assert follow_up.incident == incident
    assert (follow_up.kind, follow_up.development) == (IncidentSource.Kind.FOLLOW_UP, "arrest")
    incident.refresh_from_db()
    assert incident.police_action == "arrested"  # the most advanced any source reports
    assert incident.last_reported_on == dt.date(2026, 10, 9)
    assert counts["follow_ups"] == 1 and counts.get("new_incidents", 0) == 0
    assert Incident.objects.count() == 3
