"""Ingest's parts: the background task and the command, the fetcher's refusals and retries, pages
retried across runs then set aside, two addresses of one page, news sitemaps, the merge rule for
an incident's fields, and the MinHash estimate. Real HTTP against a local server on port 0."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from media_outlets import SYNTHETIC, outlet_server, page, rfc822, rss
from media_press_world import ABDUCTION, URDU_BRIEF
from nigraan import clock, tasks
from nigraan.media.incidents.merge import merged_fields, needs_review
from nigraan.media.ingest import wire
from nigraan.media.ingest.http import Fetcher, FetchFailed
from nigraan.media.ingest.listings import read_sitemap
from nigraan.media.ingest.outlets import load_outlets
from nigraan.media.ingest.run import ingest
from nigraan.media.models import Article, Incident
from nigraan.testing.processes import unused_address

AGENT = "Nigraan-press-monitor/0.1 (tests)"
START = dt.datetime(2026, 10, 6, tzinfo=dt.UTC)


def _one_outlet(rules, base: str, feed: str = "/urdu/feed.xml", language: str = "ur") -> None:
    (rules / "outlets.yaml").write_text(
        f"""version: 1
jurisdiction: PK
user_agent: "{AGENT}"
defaults: {{min_delay_seconds: 1, max_pages_per_run: 10, timeout_seconds: 5}}
outlets:
  - name: Urdu Akhbar
    language: {language}
    feeds: [{base}{feed}]
""",
        encoding="utf-8",
    )


@pytest.fixture
def urdu_outlet(rules_copy, settings):
    with outlet_server() as server:
        title, paragraphs = URDU_BRIEF
        link = server.add("/urdu/khabar/55", page(title, paragraphs, "2026-10-05", lang="ur"))
        items = [(title, link, rfc822("2026-10-05"))]
        server.add("/urdu/feed.xml", rss("urdu", items), content_type="application/rss+xml")
        _one_outlet(rules_copy, server.base)
        settings.NIGRAAN_RULES_DIR = str(rules_copy)
        yield server


@pytest.mark.django_db
def test_the_background_task_reads_nothing_unless_press_ingest_is_on(urdu_outlet):
    with override_settings(NIGRAAN_PRESS_INGEST=False):
        assert tasks.run("ingest_press") == {}
    assert urdu_outlet.requests == []
    with override_settings(NIGRAAN_PRESS_INGEST=True):
        counts = tasks.run("nigraan.ingest_press")
    assert counts["new_incidents"] == 1 and counts["pages_pending"] == 1
    assert tasks.PERIODIC["ingest_press"].own_pace


@pytest.mark.django_db
def test_the_command_reads_one_outlet_once_and_says_what_each_feed_answered(urdu_outlet, capsys):
    call_command("media", "ingest", "--once", "--outlet", "urdu akhbar")
    out = capsys.readouterr().out
    assert "press ingest: listings read 1, entries queued 1, pages pending 1" in out
    assert "new incidents 1" in out
    assert f"Urdu Akhbar: {urdu_outlet.base}/urdu/feed.xml: 200" in out
    assert Incident.objects.get().district == "Okara"


@pytest.mark.django_db
def test_the_command_refuses_an_outlet_not_in_the_file(urdu_outlet):
    with pytest.raises(CommandError, match="no outlet named 'Dawn'.*the outlets are: Urdu Akhbar"):
        call_command("media", "ingest", "--once", "--outlet", "Dawn")
    assert urdu_outlet.requests == []


def test_a_404_is_not_retried_and_says_a_later_run_will_not_help():
    with outlet_server() as server:
        waits: list[float] = []
        with pytest.raises(FetchFailed, match="answered 404") as failed:
            Fetcher(AGENT, sleep=waits.append).get(server.base + "/gone", timeout=5)
    assert not failed.value.transient and waits == []


def test_an_answer_larger_than_the_limit_is_refused():
    with outlet_server() as server:
        server.add("/huge", b"x" * 300_000)
        with pytest.raises(FetchFailed, match="larger than 200 KiB"):
            Fetcher(AGENT).get(server.base + "/huge", timeout=5, max_bytes=200 * 1024)


def test_a_refused_connection_is_retried_with_backoff_then_left_for_a_later_run():
    sock, address = unused_address()
    with sock:
        waits: list[float] = []
        with pytest.raises(FetchFailed, match="connection failed") as failed:
            Fetcher(AGENT, sleep=waits.append).get(f"http://{address}/feed.xml", timeout=2)
    assert failed.value.transient and waits == [2.0, 4.0]


@pytest.mark.django_db
def test_a_page_failing_in_three_runs_is_set_aside_after_being_retried(rules_copy):
    with outlet_server() as server, clock.frozen_at(START) as frozen:
        link = server.add("/en/news/9", "busy", fail_first=99)
        server.add("/en/feed.xml", rss("en", [("Busy page", link, rfc822("2026-10-05"))]))
        _one_outlet(rules_copy, server.base, "/en/feed.xml", "en")
        outlets = load_outlets(rules_copy)
        for run in range(1, 4):
            ingest(outlets, sleep=lambda seconds: frozen.advance(seconds=seconds))
            article = Article.objects.get(url=link)
            if run < 3:
                assert article.status == Article.Status.QUEUED and article.attempts == run
                assert article.reason == "page answered 500 after 3 tries; will retry"
        assert article.status == Article.Status.SET_ASIDE
        assert article.reason == "page answered 500 after 3 tries"
        assert len(server.hits("/en/news/9")) == 9  # three tries in each of three runs


@pytest.mark.django_db
def test_two_addresses_of_one_page_are_one_article(rules_copy):
    title, paragraphs = ABDUCTION
    with outlet_server() as server, clock.frozen_at(START) as frozen:
        canonical = server.base + "/en/news/1001"
        first = server.add("/en/news/1001", page(title, paragraphs, "2026-10-05"))
        amp = server.add("/en/amp/1001", page(title, paragraphs, "2026-10-05", canonical=canonical))
        items = [(title, first, rfc822("2026-10-05")), (title, amp, rfc822("2026-10-05"))]
        server.add("/en/feed.xml", rss("en", items))
        _one_outlet(rules_copy, server.base, "/en/feed.xml", "en")
        ingest(load_outlets(rules_copy), sleep=lambda seconds: frozen.advance(seconds=seconds))
    original, same = Article.objects.get(url=first), Article.objects.get(url=amp)
    assert original.status == Article.Status.INCIDENT
    assert same.status == Article.Status.COPY and same.copy_of == original
    assert same.reason == f"the same page as article {original.pk} (canonical address)"


def test_a_news_sitemap_lists_its_recent_articles_and_an_index_its_sitemaps():
    urlset = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://example.invalid/news/1?utm_source=sitemap</loc>
    <news:news><news:publication_date>2026-10-05T08:00:00+05:00</news:publication_date>
    <news:title>Girl recovered</news:title></news:news></url>
  <url><loc>https://example.invalid/news/old</loc><lastmod>2025-01-01</lastmod></url>
  <url><loc>mailto:desk@example.invalid</loc></url>
</urlset>"""
    listing = read_sitemap(urlset, "https://example.invalid/sitemap.xml", dt.date(2026, 10, 6))
    assert [(e.link, e.title, e.published) for e in listing.entries[:1]] == [
        ("https://example.invalid/news/1", "Girl recovered", dt.date(2026, 10, 5))
    ]
    assert listing.entries[1].problem.startswith("feed entry: not an http(s) link")
    assert len(listing.entries) == 2  # the entry from 2025 is not today's news
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://example.invalid/s-1.xml</loc><lastmod>2026-10-01</lastmod></sitemap>
  <sitemap><loc>https://example.invalid/s-2.xml</loc><lastmod>2026-10-06</lastmod></sitemap>
</sitemapindex>"""
    children = read_sitemap(index, "https://example.invalid/i.xml", dt.date(2026, 10, 6))
    assert children.child_sitemaps == [
        "https://example.invalid/s-2.xml",
        "https://example.invalid/s-1.xml",
    ]


def _account(**fields):
    base = {
        "victims": 1,
        "victim_ages": [12],
        "victim_genders": ["female"],
        "offence": "abduction",
        "city": None,
        "district": "Kasur",
        "province": "Punjab",
        "district_code": "PK614",
        "geo_precision": 2,
        "date_of_incident": None,
        "time_precision": None,
        "perpetrator_relation": "unknown",
        "perpetrators_count": 2,
        "police_action": "fir_registered",
    }
    return {**base, **fields}


def test_an_incident_takes_the_most_precise_place_earliest_date_and_furthest_police_action():
    accounts = [
        _account(),
        _account(city="Chunian", geo_precision=1, date_of_incident="2026-10-03"),
        _account(police_action="arrested", date_of_incident="2026-10-04", time_precision=1),
    ]
    fields = merged_fields(accounts)
    assert (fields["city"], fields["geo_precision"]) == ("Chunian", 1)
    assert fields["date_of_incident"] == dt.date(2026, 10, 3)
    assert fields["police_action"] == "arrested"
    assert fields["disagreements"] == ["date_of_incident"]
    assert not needs_review(fields)


def test_sources_disagreeing_on_the_offence_or_a_place_known_only_to_the_province_need_review():
    fields = merged_fields([_account(), _account(offence="rape"), _account(offence="rape")])
    assert fields["offence"] == "rape" and "offence" in fields["disagreements"]
    assert needs_review(fields)
    province_only = _account(district=None, district_code=None, geo_precision=3)
    assert needs_review(merged_fields([province_only]))


def test_minhash_tells_a_reprinted_brief_from_another_story():
    title, paragraphs = ABDUCTION
    text = "\n".join(paragraphs)
    reprint = "Our Correspondent\n" + text.replace(SYNTHETIC, "(APP)")
    other = "\n".join(URDU_BRIEF[1])
    sig, sig_reprint, sig_other = (wire.signature(t) for t in (text, reprint, other))
    assert wire.similarity(sig, sig_reprint) >= wire.COPY_SIMILARITY
    assert wire.similarity(sig, sig_other) < 0.1
    assert set(wire.band_keys(sig)) & set(wire.band_keys(sig_reprint))
    assert wire.signature(text) == sig  # the same in every process: signatures are stored
