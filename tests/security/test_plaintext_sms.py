"""Plaintext at rest (issue 11): the simulated gateway, which keeps every SMS, phone number and
receipt code in plain text, runs only on demo sites and in tests; SMS switched on without a
real gateway stops the site at start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from nigraan.security.env import sms_gateway

PRODUCTION = {"demo_mode": False, "testing": False}


def test_sms_switched_on_without_a_gateway_is_refused_outside_demo_mode():
    with pytest.raises(ImproperlyConfigured, match="no gateway sends the replies"):
        sms_gateway({"NIGRAAN_SMS_INBOUND_TOKEN": "t"}, **PRODUCTION)


def test_the_simulated_gateway_is_refused_outside_demo_mode():
    with pytest.raises(ImproperlyConfigured, match="plain text"):
        sms_gateway({"NIGRAAN_SMS_GATEWAY": "simulated"}, **PRODUCTION)


def test_demo_sites_and_tests_use_the_simulated_gateway():
    assert sms_gateway({}, demo_mode=True, testing=False) == "simulated"
    assert sms_gateway({}, demo_mode=False, testing=True) == "simulated"


def test_a_real_gateway_is_used_everywhere_and_no_sms_means_no_gateway():
    assert sms_gateway({"NIGRAAN_SMS_GATEWAY": "twilio"}, demo_mode=True, testing=False) == "twilio"
    assert sms_gateway({"NIGRAAN_SMS_GATEWAY_URL": "https://relay"}, **PRODUCTION) == "json"
    assert sms_gateway({}, **PRODUCTION) == ""
    with pytest.raises(ImproperlyConfigured, match="not known"):
        sms_gateway({"NIGRAAN_SMS_GATEWAY": "carrier-pigeon"}, **PRODUCTION)


def test_the_site_refuses_to_start_with_sms_on_and_no_gateway(tmp_path):
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("NIGRAAN_")
    }
    environment.update(
        {
            "NIGRAAN_DATA_DIR": str(tmp_path),
            "NIGRAAN_SMS_INBOUND_TOKEN": "synthetic-token",
            "NIGRAAN_DEMO_MODE": "0",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "nigraan", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "refusing to start" in result.stderr and "NIGRAAN_SMS_GATEWAY" in result.stderr
    assert "Traceback" not in result.stderr
