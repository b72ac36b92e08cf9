"""Every page and endpoint, as the public and as each role, keeps the header, caching and cookie
rules (issue 11): CSP without inline code, nosniff, no framing, same-origin referrer, no-store,
no cookie that outlives the browser, HSTS when TLS is declared. Pages reached only through a
form (report steps, receipt, follow-up, second factor, protected details) are crawled too."""

from __future__ import annotations

import pytest
from django.test import Client

from nigraan.accounts.models import Role
from nigraan.ledger.sequencer import sequence_and_sign
from security.conftest import GOOD_REPORT
from security.crawler import problems, routes

pytestmark = pytest.mark.django_db

# A value for each path parameter of the URL configuration (by its name).
# <unknown>: the API's catch-all for addresses it does not have (a JSON 404).
SAMPLES_WITHOUT_CASE = {
    "code": "PK614",
    "unknown": "no-such-endpoint",
    "identifier": "no-such-alert",  # an unknown alert: its 404 keeps the rules too
    "reference": "no-such-alert",
    "measure_id": "reports_received",  # a measure of rules/figures.yaml
    "kind": "month",  # a figures release (none is published in the crawl: its 404)
    "month": "2026-10",
    "area": "PK6",
    "version": "1",
}
PERSONAS = ["anonymous", *Role.values]
FORM_REPORT = {
    **{k: v for k, v in GOOD_REPORT.items() if k != "consent_understood"},
    "consent_understood": "1",
    "when": "unknown",
    "abuser_relation": "unknown",
    "in_danger_now": "0",
}


@pytest.fixture
def site(personas, kasur_case, public_report):
    sequence_and_sign()
    incident = _press_incident()
    return routes(
        {**SAMPLES_WITHOUT_CASE, "case_ref": kasur_case.ref, "incident_id": str(incident.pk)}
    )


def _press_incident():
    """A press incident in Kasur, so the review page is crawled as each persona sees it."""
    from nigraan import clock
    from nigraan.media.models import Incident

    now = clock.now()
    return Incident.objects.create(
        offence="abduction",
        district="Kasur",
        province="Punjab",
        district_code="PK614",
        victim_ages=[12],
        created_at=now,
        updated_at=now,
    )


def _client_as(client, personas, persona: str):
    client.logout()
    if persona != "anonymous":
        client.force_login(personas[persona])
    return client


def test_the_crawl_covers_the_whole_url_configuration(site):
    names = {route.name for route in site}
    assert {"intake:report", "web:case_detail", "api:entries", "accounts:login"} <= names
    assert len(site) >= 40


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_keeps_the_rules(client, personas, site, persona):
    _client_as(client, personas, persona)
    broken = {}
    for route in site:
        response = client.get(route.path)
        if found := problems(response):
            broken[str(route)] = found
    assert broken == {}


def test_form_posts_keep_the_rules_too(client, site):
    broken = {}
    for route in site:
        response = client.post(route.path.split("?")[0], {})
        if found := problems(response):
            broken[f"POST {route}"] = found
    assert broken == {}


def test_pages_reached_through_forms_keep_the_rules(client, personas, kasur_case, public_report):
    responses = {}
    data = dict(FORM_REPORT)
    for step in range(12):  # the report form, one step after another, to the receipt
        response = client.post("/en/report/", {**data, "step": str(step)})
        responses[f"report step {step}"] = response
        if b'class="receipt"' in response.content:
            break
    else:
        pytest.fail("the report form never reached its receipt")
    responses["emergency"] = client.post("/ur/report/", {"in_danger_now": "1", "step": "0"})
    client.post("/en/follow-up/", {"code": public_report["receipt"]})
    for path in ("/en/follow-up/case/", "/en/follow-up/proof/", "/en/follow-up/proof.json"):
        responses[path] = client.get(path)
    client.logout()
    client.post(
        "/en/accounts/login/",
        {"username": "case_worker.sec", "password": "correct horse battery staple"},
    )
    responses["second factor"] = client.get("/en/accounts/second-factor/")
    client.force_login(personas["case_worker"])
    responses["protected details"] = client.post(
        f"/en/staff/cases/{kasur_case.ref}/", {"reason": "crawl"}
    )
    broken = {name: found for name, r in responses.items() if (found := problems(r))}
    assert broken == {}
    assert b"Demo Child Theta" in responses["protected details"].content


@pytest.mark.parametrize("persona", ["anonymous", "administrator", "case_worker"])
def test_with_tls_declared_every_route_sends_hsts_and_secure_cookies(
    personas, site, settings, persona
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = _client_as(Client(), personas, persona)  # middleware reads the settings anew
    broken = {}
    for route in site:
        response = client.get(route.path, secure=True)
        if found := problems(response, expect_hsts=True):
            broken[str(route)] = found
    assert broken == {}
