"""Fixtures shared by the whole suite."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator

import pytest

from browser_support import contexts  # noqa: F401 (a fixture: browser contexts closed after a test)
from nigraan import clock
from nigraan.testing.processes import STARTED
from personas import Personas, create_staff


@pytest.fixture
def fixed_clock() -> Iterator[clock.FixedClock]:
    """A clock standing at 2026-01-15 09:00 UTC until the test moves it."""
    with clock.frozen_at(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)) as frozen:
        yield frozen


def _chromium_path() -> str:
    path = (
        os.environ.get("NIGRAAN_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium_path(),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(chromium):
    """A page the size of a cheap phone (360×640), JavaScript on."""
    context = chromium.new_context(viewport={"width": 360, "height": 640})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page_no_js(chromium):
    """A 360×640 page with JavaScript disabled: public pages must work without it."""
    context = chromium.new_context(
        viewport={"width": 360, "height": 640}, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def _load_geography_committed(config) -> None:
    """Load the geography outside any test transaction, so every test finds it."""
    from pytest_django.plugin import blocking_manager_key

    from nigraan.geo.load import load_geography
    from nigraan.geo.models import District

    with config.stash[blocking_manager_key].unblock():
        if not District.objects.exists():
            load_geography()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, pytestconfig, django_db_blocker):
    _load_geography_committed(pytestconfig)
    yield
    # Page tests leave connections from the live server's request threads; on PostgreSQL they
    # would stop the test database from being dropped.
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by emptying every table; put the geography back for the next."""
    yield
    # (live_server asks for the database only as it starts, so a test that reaches it through
    # another fixture has no database fixture in its static list: ask _is_transactional alone.)
    if nextitem is not None and _is_transactional(item._request):
        from pytest_django.plugin import blocking_manager_key

        from nigraan.ledger import triggers
        from nigraan.security import triggers as security_triggers

        with item.config.stash[blocking_manager_key].unblock():
            from django.db import connection

            triggers.install(connection)
            security_triggers.install(connection)
        _load_geography_committed(item.config)


@pytest.fixture
def geography(db) -> None:
    """Pakistan's provinces, districts and tehsils (loaded once per database, committed)."""
    from nigraan.geo.load import load_geography
    from nigraan.geo.models import District

    if not District.objects.exists():
        load_geography()


@pytest.fixture
def make_staff(db):
    """Create a staff member: ``make_staff("cw.kasur", "case_worker", district="PK614")``."""
    return create_staff


@pytest.fixture
def personas(geography) -> Personas:
    """The shared cast (tests/personas.py): ``personas["sup"]`` is Kasur's supervisor."""
    return Personas()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _ledger_triggers_around_flush(request):
    """Transactional tests end with Django emptying every table, which the append-only triggers
    (ledger, security events) rightly refuse. Around such tests only: lift the triggers just
    before the flush; ``pytest_runtest_teardown`` puts them back right after it."""
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection

    from nigraan.ledger import triggers
    from nigraan.security import triggers as security_triggers

    triggers.install(connection)
    security_triggers.install(connection)
    yield
    triggers.drop(connection)
    security_triggers.drop(connection)


@pytest.fixture(autouse=True)
def _english_by_default():
    """A request to an Urdu page leaves Urdu active in the thread; start every test in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def rules_copy(tmp_path):
    """A copy of the shipped rules files for a test to edit (point settings.NIGRAAN_RULES_DIR at
    it, or load it directly)."""
    from nigraan.cases.rules import DEFAULT_DIR

    copy = tmp_path / "rules"
    shutil.copytree(DEFAULT_DIR, copy)
    return copy


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with nothing cached (the province summary's counts are keyed by the
    newest event's id, which SQLite hands out again after a test's rollback)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _processes_of_this_test() -> Iterator[None]:
    """Each test's report lists only the processes it started (tests/processes.py)."""
    STARTED.clear()
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test's report ends with the last lines of every process it started."""
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for started in STARTED:
            report.sections.append((f"output of {started.name}", started.describe()))
