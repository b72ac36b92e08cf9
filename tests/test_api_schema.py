"""The OpenAPI document is what the server does.

Schemathesis reads the document the live app serves at /api/v1/openapi.json and, for every
operation, sends valid and invalid requests (examples, boundary values, generated data) over
HTTP, running every check: no server error, documented status codes, content types, response
schemas and headers, valid data accepted, invalid data refused, unsupported methods answered 405,
missing required headers, ignored authentication. The document itself passes
openapi-spec-validator.
"""

from __future__ import annotations

import pytest
import schemathesis
from openapi_spec_validator import validate
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

SMS_TOKEN = "schemathesis-gateway-token"
# Generated examples per operation and mode: enough to reach every branch of the report model,
# few enough for the run (15 operations) to take about a minute on a small machine.
MAX_EXAMPLES = 30
PUBLIC_PATHS = {
    "/api/v1/reports",
    "/api/v1/follow-up",
    "/api/v1/sms/inbound",
    "/api/v1/ledger/sth",
    "/api/v1/ledger/checkpoint",
    "/api/v1/ledger/sths",
    "/api/v1/ledger/public-key",
    "/api/v1/ledger/entries",
    "/api/v1/ledger/proof-by-hash",
    "/api/v1/ledger/consistency",
    "/api/v1/ledger/witnessed",
    "/api/v1/ledger/witnesses",
    "/api/v1/geo/provinces",
    "/api/v1/geo/districts",
    "/api/v1/geo/districts/{code}",
    "/api/v1/geo/districts/{code}/boundary",
    "/api/v1/geo/place",
    "/api/v1/figures/releases",
    "/api/v1/figures/measures",
    "/api/v1/figures/releases/{kind}/{month}/{version}/tables",
}


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": 20261126,
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
            "phases": {"stateful": {"enabled": False}},
            "checks": {"enabled": True},
            "workers": 1,
            # Django's test server answers a kept-alive connection ~50 ms late (delayed ACK);
            # a fresh connection per request takes ~9 ms.
            "headers": {"Connection": "close"},
            "operations": [
                {
                    "include-path": "/api/v1/sms/inbound",
                    "headers": {"Authorization": f"Bearer {SMS_TOKEN}"},
                },
                {
                    # "first" must not be above "second": a rule between two parameters, which
                    # OpenAPI cannot state. test_ledger_api checks that refusal (400) directly.
                    "include-path": "/api/v1/ledger/consistency",
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}
                    },
                },
            ],
        }
    )


@pytest.fixture
def api_limits(settings):
    """The test's own rate limits, far above what it sends, so that every request reaches the
    code under test (production limits are unchanged, and tested in test_intake_api)."""
    for name in (
        "NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR",
        "NIGRAAN_REPORTS_PER_HOUR",
        "NIGRAAN_RECEIPT_GUESSES_PER_ADDRESS",
        "NIGRAAN_RECEIPT_GUESSES_PER_MINUTE",
    ):
        setattr(settings, name, 1_000_000)
    settings.NIGRAAN_SMS_INBOUND_TOKEN = SMS_TOKEN


def _problems(stream: events.EventStream) -> tuple[list[str], int]:
    """Every failed check and every error, described; and how many scenarios ran."""
    problems: list[str] = []
    scenarios = 0
    for event in stream:
        if isinstance(event, events.FatalError):
            raise event.exception
        if isinstance(event, events.NonFatalError):
            problems.append(f"{event.label}: error {event.value!r}")
        if isinstance(event, events.ScenarioFinished) and event.is_test_scenario:
            scenarios += 1
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        problems.append(
                            f"{event.label}: {check.name}: {failure.title}\n{failure.message}\n"
                            f"{check.failure_info.code_sample}"
                        )
    return problems, scenarios


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)  # the live server answers from its own thread
def test_every_operation_behaves_as_its_document_says(live_server, geography, api_limits):
    # 127.0.0.1, not "localhost": resolving the name costs ~40 ms a request here.
    base = live_server.url.replace("://localhost:", "://127.0.0.1:")
    schema = schemathesis.openapi.from_url(f"{base}/api/v1/openapi.json", config=_config())
    assert set(schema.raw_schema["paths"]) == PUBLIC_PATHS
    problems, scenarios = _problems(schemathesis.engine.from_schema(schema).execute())
    assert scenarios >= len(PUBLIC_PATHS)
    assert not problems, f"{len(problems)} problems:\n\n" + "\n\n".join(sorted(set(problems)))


@pytest.mark.django_db
def test_the_document_is_valid_openapi_and_names_every_public_endpoint(client):
    document = client.get("/api/v1/openapi.json").json()
    validate(document)
    assert set(document["paths"]) == PUBLIC_PATHS
