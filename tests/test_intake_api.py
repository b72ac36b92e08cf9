"""The partner JSON API: a report is accepted whole or refused whole; idempotent; follow-up by
code."""

from __future__ import annotations

import base64
import json

import pytest

from nigraan.cases.models import Case
from nigraan.intake.models import Receipt
from nigraan.ledger.encoding import leaf_hash
from nigraan.ledger.models import Event

pytestmark = pytest.mark.django_db

GOOD = {
    "category": "harassment",
    "account": "A synthetic account for testing.",
    "police": "no",
    "reporter": "parent",
    "consent_understood": True,
    "district": "PK614",
    "age_band": "10-14",
    "gender": "female",
    "contact": "phone",
    "phone": "0300 0000001",
    "place": "Demo Mohalla",
}


def _post(client, body, **headers):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/api/v1/reports", data=data, content_type="application/json", **headers)


def test_a_good_report_is_committed_with_a_receipt_and_its_leaf_hash(client, geography):
    response = _post(client, GOOD)
    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get(ref=body["case"])
    assert case.channel == "api" and case.district_id == "PK614" and case.report["police"] == "no"
    assert len(body["receipt"]) == 20 and body["receipt"].isdigit()
    opened = Event.objects.get(case_ref=case.ref, seq=1)
    assert base64.b64decode(body["leaf_hash"]) == leaf_hash(opened.leaf)
    stored = Receipt.objects.get(case=case).code_hash
    assert body["receipt"] not in stored and len(stored) == 64
    assert "0300 0000001" not in opened.leaf and "Demo Mohalla" not in opened.leaf


def test_the_same_idempotency_key_returns_the_same_answer_and_creates_nothing(client, geography):
    first = _post(client, GOOD, HTTP_IDEMPOTENCY_KEY="key-123")
    second = _post(client, GOOD, HTTP_IDEMPOTENCY_KEY="key-123")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json() and second["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    other = _post(client, {**GOOD, "account": "different"}, HTTP_IDEMPOTENCY_KEY="key-123")
    assert other.status_code == 422 and Case.objects.count() == 1


BAD = [
    ("empty account", {**GOOD, "account": ""}, "account"),
    ("10,001-character account", {**GOOD, "account": "x" * 10_001}, "account"),
    ("unknown district", {**GOOD, "district": "PK999"}, "district"),
    ("future date", {**GOOD, "when": "date", "when_date": "2999-01-01"}, "when_date"),
    ("no consent", {**GOOD, "consent_understood": False}, "consent_understood"),
    ("bad phone", {**GOOD, "phone": "call me"}, "phone"),
    ("unknown category", {**GOOD, "category": "burglary"}, "category"),
]


@pytest.mark.parametrize("name,body,field", BAD, ids=[b[0] for b in BAD])
def test_bad_reports_are_refused_whole_with_a_clear_message(client, geography, name, body, field):
    response = _post(client, body)
    assert response.status_code == 400
    payload = response.json()
    assert payload["error"]
    if field:
        assert field in payload["fields"]
    assert Case.objects.count() == 0 and Event.objects.count() == 0 and Receipt.objects.count() == 0


def test_invalid_utf8_and_invalid_json_are_refused(client, geography):
    assert _post(client, b'{"account": "\xff\xfe"}').status_code == 400
    assert "UTF-8" in _post(client, b'{"account": "\xff\xfe"}').json()["error"]
    assert _post(client, b"{not json").status_code == 400
    assert Case.objects.count() == 0


def test_script_tags_are_kept_as_plain_text(client, geography):
    body = _post(client, {**GOOD, "account": "<script>alert(1)</script>"}).json()
    follow = client.post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": body["receipt"]}),
        content_type="application/json",
    )
    assert follow.status_code == 200


def test_follow_up_by_receipt_shows_stage_and_takes_messages(client, geography):
    body = _post(client, GOOD).json()
    spaced = " ".join(body["receipt"][i : i + 4] for i in range(0, 20, 4))
    response = client.post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": spaced, "message": "Any news?"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["stage"] == "received" and payload["messages"][0]["text"] == "Any news?"


def test_wrong_receipts_are_throttled(client, geography):
    statuses = [
        client.post(
            "/api/v1/follow-up",
            data=json.dumps({"receipt": f"{n:020d}"}),
            content_type="application/json",
        ).status_code
        for n in range(20)
    ]
    assert statuses[:5] == [404] * 5 and set(statuses[5:]) == {429}


def test_the_openapi_document_describes_both_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.") and {"/api/v1/reports", "/api/v1/follow-up"} <= set(
        doc["paths"]
    )


def test_a_case_worker_replies_and_the_reporter_reads_it(client, geography, make_staff):
    body = _post(client, GOOD).json()
    worker = make_staff("cw.kasur", "case_worker", district="PK614")
    staff_client = type(client)()
    staff_client.force_login(worker)
    page = staff_client.post(
        f"/en/staff/cases/{body['case']}/",
        {"action": "reply", "reply": "We will call you tomorrow (synthetic)."},
    )
    assert "Your reply was sent" in page.content.decode()
    follow = client.post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": body["receipt"]}),
        content_type="application/json",
    )
    assert follow.json()["messages"][-1] == {
        **follow.json()["messages"][-1],
        "from": "staff",
        "text": "We will call you tomorrow (synthetic).",
    }
    oversight = type(client)()
    oversight.force_login(make_staff("oversight.pk", "oversight", country=True))
    refused = oversight.post(
        f"/en/staff/cases/{body['case']}/", {"action": "reply", "reply": "hello"}
    )
    assert "Your role may not do that on this case." in refused.content.decode()


# ---- what the hand-written OpenAPI document and the validator disagreed on ----------------


def test_a_garbage_when_date_is_refused_when_when_is_not_date(client, geography):
    response = _post(client, {**GOOD, "when": "unknown", "when_date": "garbage"})
    assert response.status_code == 400 and "when_date" in response.json()["fields"]
    assert Case.objects.count() == 0


def test_a_date_sent_without_when_date_is_refused_by_name(client, geography):
    response = _post(client, {**GOOD, "when_date": "2026-01-01"})  # "when" stays "unknown"
    assert response.status_code == 422 and {"when_date", "when"} <= set(response.json()["fields"])


def test_the_document_states_what_the_validator_refuses(client):
    doc = client.get("/api/v1/openapi.json").json()
    report = doc["components"]["schemas"]["Report"]
    properties = report["properties"]
    assert properties["consent_understood"]["const"] is True
    assert properties["account"]["pattern"] and properties["account"]["maxLength"] == 10_000
    districts = doc["components"]["schemas"]["DistrictCode"]["enum"]
    assert len([code for code in districts if code]) == 160 and "PK614" in districts
    when_branches = report["allOf"][0]["oneOf"]
    unknown = next(b for b in when_branches if b["properties"]["when"]["const"] == "unknown")
    assert unknown["properties"]["when_date"] is False


# ---- refusals of the request itself ------------------------------------------------------


def test_only_json_bodies_are_accepted(client, geography):
    response = client.post("/api/v1/reports", data=GOOD)  # a form post
    assert response.status_code == 415 and response.json()["error"]
    assert Case.objects.count() == 0


def test_a_body_over_the_limit_is_413(client, geography):
    response = _post(client, {**GOOD, "account": "x" * 1_000_000})
    assert response.status_code == 413 and "KB" in response.json()["error"]


def test_deeply_nested_json_is_a_400_not_a_500(client, geography):
    for depth in (300, 100_000):
        body = '{"account": ' + "[" * depth + "]" * depth + "}"
        response = _post(client, body)
        assert response.status_code == 400 and response.json()["error"]


def test_a_wrong_method_is_a_json_405_naming_the_allowed_one(client):
    response = client.get("/api/v1/reports")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "GET" in response.json()["error"]


def test_rate_limited_reports_say_when_to_try_again(client, geography, settings):
    settings.NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR = 2
    statuses = [_post(client, GOOD).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    limited = _post(client, GOOD)
    assert int(limited["Retry-After"]) > 0 and limited.json()["error"]


def test_reports_are_counted_per_phone_number_on_the_web_form_as_on_the_api(
    client, geography, settings
):
    settings.NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR = 2
    assert _post(client, GOOD, REMOTE_ADDR="10.0.0.1").status_code == 201
    assert _post(client, GOOD, REMOTE_ADDR="10.0.0.2").status_code == 201
    form = {
        "submission": "web-1",
        "in_danger_now": "0",
        "category": "harassment",
        "account": "A synthetic account.",
        "police": "no",
        "reporter": "parent",
        "contact": "phone",
        "phone": "+92 300 0000001",  # the same number as GOOD's, written another way
        "consent_understood": "1",
        "step": "7",
    }
    page = client.post("/en/report/", form, REMOTE_ADDR="10.0.0.3")
    assert page.status_code == 429 and Case.objects.count() == 2


def test_the_docs_page_shows_every_endpoint_and_loads_nothing_from_another_site(client):
    document = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/v1/docs").content.decode()
    for path, item in document["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in page
    assert "<script" not in page  # rendered on the server: it keeps the content security policy
    assert "http://" not in page and "https://" not in page
