"""The bulk-read alert (issue 11): 50 protected reads in 6.6 s raised nothing. Now the worker's
task alerts oversight for the places read, once per window, and records a security event."""

from __future__ import annotations

import pytest

from nigraan import tasks
from nigraan.cases import commands
from nigraan.cases.bulk_reads import BulkReadRule, detect_bulk_reads
from nigraan.notify.models import StaffNotice
from nigraan.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(personas):
    return [
        commands.open_case(
            personas["helpline_operator"],
            channel="helpline",
            category="sexual_abuse",
            district_code="PK614",
            protected={"victim_name": f"Demo Child {n}"},
        )
        for n in range(5)
    ]


def _read(reader, cases, times: int) -> None:
    for n in range(times):
        commands.read_protected(reader, cases[n % len(cases)].ref, reason="synthetic bulk read")


def test_fifty_reads_in_ten_minutes_alert_oversight_once(personas, cases, make_staff, fixed_clock):
    sindh = make_staff("oversight.sindh", "oversight", province="PK7")
    _read(personas["case_worker"], cases, 50)
    assert tasks.run("detect_bulk_reads") == 1
    alert = SecurityEvent.objects.get(kind=SecurityEventKind.BULK_READ_ALERT)
    assert alert.actor == "case_worker.sec"
    assert alert.details == {"reads": 50, "cases": 5, "window_minutes": 10}
    notices = StaffNotice.objects.filter(kind="bulk_read_alert")
    assert list(notices.values_list("staff__username", flat=True)) == ["oversight.sec"]
    assert notices.get().case is None and "case_worker.sec" in notices.get().text
    assert not StaffNotice.objects.filter(staff=sindh).exists()  # not their province
    _read(personas["case_worker"], cases, 10)
    assert tasks.run("detect_bulk_reads") == 0  # one alert per person per window


def test_fewer_reads_or_reads_spread_out_raise_nothing(personas, cases, fixed_clock):
    _read(personas["case_worker"], cases, 49)
    assert detect_bulk_reads() == 0
    fixed_clock.advance(minutes=11)
    _read(personas["case_worker"], cases, 10)
    assert detect_bulk_reads() == 0
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.BULK_READ_ALERT).exists()


def test_the_limit_and_window_are_configurable(personas, cases, fixed_clock, settings):
    settings.NIGRAAN_BULK_READ_LIMIT, settings.NIGRAAN_BULK_READ_WINDOW_MINUTES = 3, 1
    _read(personas["supervisor"], cases, 3)
    assert detect_bulk_reads() == 1
    assert detect_bulk_reads(BulkReadRule.from_settings()) == 0


def test_the_alert_shows_on_oversights_staff_page(client, personas, cases, fixed_clock):
    _read(personas["case_worker"], cases, 50)
    detect_bulk_reads()
    client.force_login(personas["oversight"])
    page = client.get("/en/staff/").content.decode()
    assert "case_worker.sec read protected details 50 times" in page
