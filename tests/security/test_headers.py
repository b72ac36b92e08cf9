"""Headers and cookies (issue 11): a CSP without 'unsafe-inline', HSTS when TLS is declared,
no-store wherever case data is shown, no persistent cookie on a reporter's phone, no autofill of
the account and phone fields, and `check --deploy` clean with the documented variables."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.security import env

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def _csp(response) -> str:
    return response.headers.get("Content-Security-Policy", "")


def test_every_page_has_a_csp_without_inline_code(client, geography):
    response = client.get("/en/report/")
    policy = _csp(response)
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_a_csp_that_allows_inline_code_stops_the_site():
    with pytest.raises(ImproperlyConfigured, match="unsafe-inline"):
        env.content_security_policy({"NIGRAAN_CSP": "default-src 'self' 'unsafe-inline'"})


def test_the_public_report_page_sets_no_persistent_cookie(client, geography):
    response = client.get("/en/report/")
    assert response.status_code == 200
    for name, morsel in response.cookies.items():
        assert not morsel["max-age"] and not morsel["expires"], f"{name} outlives the browser"
    assert response.cookies["csrftoken"]["httponly"]


def test_the_response_showing_decrypted_names_is_not_stored(client, personas, kasur_case):
    client.force_login(personas["case_worker"])
    response = client.post(
        f"/en/staff/cases/{kasur_case.ref}/", {"reason": "calling the family back"}
    )
    assert b"Demo Child Theta" in response.content
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in client.get("/en/staff/")["Cache-Control"]


def test_api_answers_with_case_data_are_not_stored(client, personas, kasur_case):
    sequence_and_sign()
    client.force_login(personas["oversight"])
    response = client.get("/api/v1/ledger/entries?start=0&end=1")
    assert response.status_code == 200 and response.json()["entries"]
    assert "no-store" in response["Cache-Control"]


def test_follow_up_and_proof_pages_are_not_stored(client, public_report):
    client.post("/en/follow-up/", {"code": public_report["receipt"]})
    for path in ("/en/follow-up/case/", "/en/follow-up/proof/", "/en/follow-up/proof.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


@pytest.mark.parametrize("field", ["account", "phone"])
def test_the_account_and_phone_fields_are_not_remembered_by_the_browser(field):
    section = (
        Path(settings.BASE_DIR) / "intake" / "templates" / "intake" / "_section.html"
    ).read_text()
    tag = re.search(rf'<(?:input|textarea)[^>]*\bname="{field}"[^>]*>', section)
    assert tag and 'autocomplete="off"' in tag.group(0)


def test_hsts_is_sent_when_tls_is_declared(client, geography, settings):
    declared = env.transport_security({"NIGRAAN_TLS": "1"})
    settings.SECURE_SSL_REDIRECT = declared.ssl_redirect
    settings.SECURE_HSTS_SECONDS = declared.hsts_seconds
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = declared.hsts_include_subdomains
    assert client.get("/en/report/").status_code == 301  # plain HTTP goes to HTTPS
    response = client.get("/en/report/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/healthz").status_code == 200  # the local health check stays on HTTP


def test_without_tls_nothing_claims_https():
    plain = env.transport_security({})
    assert (plain.hsts_seconds, plain.ssl_redirect, plain.secure_cookies) == (0, False, False)


def production_variables() -> dict[str, str]:
    """The variables docs/security.md gives for production (its ```env block)."""
    block = re.search(r"```env\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert block, "docs/security.md lost its ```env block of production variables"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if "=" in line]
    return {name.strip(): value.strip() for name, value in pairs if not name.startswith("#")}


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("NIGRAAN_", "DATABASE_URL", "DJANGO_"))
    }
    environment.update(production_variables())
    environment.update(
        {"NIGRAAN_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "nigraan.settings"}
    )
    environment.pop("DATABASE_URL", None)  # the check needs no database
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
