"""Proxy spoofing (issue 11): behind trusted proxies the client address is the right-most
X-Forwarded-For entry no trusted proxy wrote, so rotating the header escapes no limit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from nigraan.security import env
from nigraan.security.addresses import client_address

pytestmark = pytest.mark.django_db


def _address(forwarded: str | None, remote: str = "10.0.0.1") -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: the header is the client's own writing
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # a forged left-most entry is ignored
        (2, "198.51.100.66, 203.0.113.9, 192.0.2.10", "203.0.113.9"),  # CDN then nginx
        (2, "203.0.113.9", "203.0.113.9"),  # fewer entries than proxies: the outermost one
        (1, "", "10.0.0.1"),
        (1, None, "10.0.0.1"),
    ],
)
def test_the_client_is_the_right_most_untrusted_entry(settings, proxies, forwarded, expected):
    settings.NIGRAAN_TRUSTED_PROXIES = proxies
    assert _address(forwarded) == expected


def test_rotating_the_forwarded_header_does_not_escape_the_login_lock(client, settings, personas):
    settings.NIGRAAN_TRUSTED_PROXIES = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # as behind nginx
    statuses = [
        client.post(
            "/en/accounts/login/",
            {"username": f"nobody{n}", "password": "wrong password here"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        ).status_code
        for n in range(8)
    ]
    assert statuses[:4] == [200] * 4 and statuses[5:] == [429] * 3


def test_the_old_yes_no_variable_stops_the_site_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="NIGRAAN_TRUSTED_PROXIES"):
        env.trusted_proxies({"NIGRAAN_BEHIND_PROXY": "1"})
    assert env.trusted_proxies({"NIGRAAN_BEHIND_PROXY": "0"}) == 0
    assert env.trusted_proxies({"NIGRAAN_TRUSTED_PROXIES": "2"}) == 2
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env.trusted_proxies({"NIGRAAN_TRUSTED_PROXIES": "yes"})
