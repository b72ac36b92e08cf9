"""Fuzzing (issue 11): whatever a gateway or a partner system sends — any text in an SMS
conversation, any field names and values in each gateway's format, any bytes or JSON as an API
body — the answer is never a server error, and a refusal is the API's JSON error body."""

from __future__ import annotations

import base64
import json
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from nigraan.intake.sms import handle_inbound, normalise_phone

pytestmark = pytest.mark.django_db
TOKEN = "synthetic-fuzz-token"
TWILIO_TOKEN = "synthetic-twilio-auth-token"
GATEWAY_OPTIONS = {
    "simulated": {},
    "rapidpro": {"NIGRAAN_SMS_SEND_URL": "http://127.0.0.1:9/send"},
    "twilio": {
        "NIGRAAN_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "NIGRAAN_TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "NIGRAAN_TWILIO_FROM": "+15005550006",
    },
}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text as people (and broken phones) send it: any script, digits of any kind, controls, bidi.
TEXTS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
) | st.sampled_from(["1", "۳", "yes police", "ہاں", "EXIT", "0", "Karachi", "", " ", "\x00"])
PHONES = st.text(alphabet="+0123456789۰۱۲۳ -()", min_size=1, max_size=30)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
FIELD_NAMES = st.sampled_from(
    ["from", "From", "sender", "text", "Body", "date", "time", "id", "MessageSid", "token", "x"]
)


@pytest.fixture
def open_limits(settings):
    settings.NIGRAAN_SMS_INBOUND_TOKEN = TOKEN
    for name in (
        "NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR",
        "NIGRAAN_REPORTS_PER_HOUR",
        "NIGRAAN_RECEIPT_GUESSES_PER_ADDRESS",
        "NIGRAAN_RECEIPT_GUESSES_PER_MINUTE",
    ):
        setattr(settings, name, 1_000_000)


@FUZZ
@given(phone=PHONES, messages=st.lists(TEXTS, min_size=1, max_size=8))
def test_any_sms_conversation_is_answered_without_an_error(geography, phone, messages):
    for n, text in enumerate(messages):
        if not normalise_phone(phone):
            with pytest.raises(ValueError, match="no sender"):
                handle_inbound(phone, text, f"fuzz-{n}")
            return
        handle_inbound(phone, text, f"fuzz-{n}")


def _refusal_or_success(response) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert "error" in json.loads(response.content)


@pytest.mark.parametrize("gateway", list(GATEWAY_OPTIONS))
@FUZZ
@given(
    fields=st.dictionaries(FIELD_NAMES, TEXTS, max_size=6),
    method=st.sampled_from(["GET", "POST"]),
)
def test_any_form_in_each_gateways_format_is_never_a_server_error(
    client, geography, open_limits, settings, gateway, fields, method
):
    settings.NIGRAAN_SMS_GATEWAY, settings.NIGRAAN_SMS_OPTIONS = gateway, GATEWAY_OPTIONS[gateway]
    for path in ("/api/v1/sms/inbound", "/api/v1/sms/receive"):
        url = f"http://testserver{path}?token={TOKEN}"
        if method == "GET":
            url += "&" + urlencode(fields)
        signed = RequestValidator(TWILIO_TOKEN).compute_signature(
            url, fields if method == "POST" else {}
        )
        if method == "GET":
            response = client.get(url, HTTP_X_TWILIO_SIGNATURE=signed)
        else:
            response = client.post(url, fields, HTTP_X_TWILIO_SIGNATURE=signed)
        assert response.status_code < 500, response.content[:300]
        if gateway == "twilio" and response.status_code == 200:
            assert response.content.startswith(b"<?xml")


@FUZZ
@given(
    body=st.one_of(
        JSON_VALUES.map(lambda value: json.dumps(value).encode()),
        st.binary(max_size=200),
        st.integers(1, 20_000).map(lambda depth: b"[" * depth + b"]" * depth),
    ),
    path=st.sampled_from(["/api/v1/reports", "/api/v1/follow-up", "/api/v1/sms/inbound"]),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "application/x-www-form-urlencoded"]
    ),
)
def test_any_api_body_is_refused_or_accepted_never_a_server_error(
    client, geography, open_limits, body, path, content_type
):
    response = client.post(
        path, data=body, content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    _refusal_or_success(response)


REPORT_FIELDS = st.sampled_from(
    [
        "category",
        "account",
        "when",
        "when_date",
        "ago_amount",
        "ago_unit",
        "province",
        "district",
        "place",
        "age_band",
        "gender",
        "abuser_relation",
        "police",
        "reporter",
        "contact",
        "phone",
        "email",
        "wants_woman",
        "consent_understood",
        "in_danger_now",
    ]
)


@FUZZ
@given(report=st.dictionaries(REPORT_FIELDS, JSON_VALUES, max_size=12))
def test_any_report_shaped_json_is_refused_or_accepted_never_a_server_error(
    client, geography, open_limits, report
):
    base = {"category": "other", "account": "Synthetic (fuzz).", "police": "no"}
    body = {**base, "reporter": "other", "consent_understood": True, **report}
    response = client.post(
        "/api/v1/reports", data=json.dumps(body), content_type="application/json"
    )
    _refusal_or_success(response)


@pytest.mark.parametrize("gateway", list(GATEWAY_OPTIONS))
@FUZZ
@given(
    signature=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=40),
    scheme=st.sampled_from(["Basic", "Bearer", "basic", "Token", ""]),
    credential=st.text(max_size=40),
)
def test_any_credentials_are_refused_or_accepted_never_a_server_error(
    client, geography, open_limits, settings, gateway, signature, scheme, credential
):
    settings.NIGRAAN_SMS_GATEWAY, settings.NIGRAAN_SMS_OPTIONS = gateway, GATEWAY_OPTIONS[gateway]
    encoded = credential
    if scheme.lower() == "basic":  # as a client would send it, so the password is compared
        encoded = base64.b64encode(f"user:{credential}".encode()).decode()
    response = client.post(
        "/api/v1/sms/inbound",
        {"from": "+923000000300", "text": "help"},
        HTTP_X_TWILIO_SIGNATURE=signature,
        HTTP_AUTHORIZATION=f"{scheme} {encoded}".encode().decode("latin-1"),
    )
    assert response.status_code < 500, response.content[:300]
