"""Lock-out of everyone (issue 11): about 100 wrong receipt codes a minute from rotating
addresses used to trip a site-wide lock, after which a reporter with a RIGHT code from a fresh
address got 429. Now the site-wide count raises an alarm (a security event and a log line) and
refuses nobody; the per-address lock stays."""

from __future__ import annotations

import json
import logging

import pytest

from nigraan.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db

REPORT = {
    "category": "harassment",
    "account": "A synthetic account for testing.",
    "police": "no",
    "reporter": "parent",
    "consent_understood": True,
    "district": "PK614",
    "age_band": "10-14",
    "gender": "female",
    "contact": "none",
}


def _receipt(client) -> str:
    answer = client.post(
        "/api/v1/reports", data=json.dumps(REPORT), content_type="application/json"
    )
    assert answer.status_code == 201, answer.content
    return answer.json()["receipt"]


def _follow(client, code: str, address: str):
    return client.post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": code}),
        content_type="application/json",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.fixture
def behind_proxy(settings, geography):
    settings.NIGRAAN_TRUSTED_PROXIES = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


def _attack(client, guesses: int) -> list[int]:
    return [
        _follow(client, f"{n:020d}", f"198.51.{n // 250}.{n % 250}").status_code
        for n in range(guesses)
    ]


def test_a_right_code_gets_in_during_a_guessing_attack_from_rotating_addresses(
    client, behind_proxy, settings, caplog
):
    code = _receipt(client)
    assert settings.NIGRAAN_RECEIPT_GUESSES_PER_MINUTE == 100
    with caplog.at_level(logging.WARNING, logger="nigraan.security"):
        statuses = _attack(client, 130)
    assert set(statuses) == {404}  # every guess answered "not right", none locked
    answer = _follow(client, code, "203.0.113.77")  # a reporter on a fresh address
    assert answer.status_code == 200, answer.content
    assert answer.json()["stage"] == "received"
    # The web form too.
    page = client.post(
        "/en/follow-up/",
        {"code": code},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.78",
    )
    assert page.status_code == 302 and page["Location"].endswith("/follow-up/case/")
    # The attack is seen: one security event for the minute, and an alarm line.
    alarms = SecurityEvent.objects.filter(kind=SecurityEventKind.RECEIPT_GUESSING)
    assert alarms.count() == 1
    assert alarms.get().details == {"wrong_codes": 100, "window_minutes": 1}
    assert "SECURITY ALARM" in caplog.text and code not in caplog.text


def test_below_the_ceiling_there_is_no_alarm(client, behind_proxy):
    _attack(client, 99)
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.RECEIPT_GUESSING).exists()


def test_one_address_is_still_locked_after_five_wrong_codes(client, behind_proxy):
    code = _receipt(client)
    statuses = [_follow(client, f"{n:020d}", "198.51.100.7").status_code for n in range(7)]
    assert statuses == [404] * 5 + [429] * 2
    locked = _follow(client, code, "198.51.100.7")
    assert locked.status_code == 429 and int(locked["Retry-After"]) > 0
    assert _follow(client, code, "198.51.100.8").status_code == 200
