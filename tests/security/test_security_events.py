"""Security events (issue 11): login failures, lock-outs and permission refusals are recorded
where administrators can see them (a page in English and Urdu, and a command), in a table that
refuses UPDATE and DELETE, with nothing about victims or reporters in it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from nigraan.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
K = SecurityEventKind


def _kinds() -> list[str]:
    return list(SecurityEvent.objects.order_by("id").values_list("kind", flat=True))


def test_failed_logins_and_the_lock_out_are_recorded(client, personas):
    for _ in range(5):
        client.post(
            "/en/accounts/login/",
            {"username": "case_worker.sec", "password": "not the password at all"},
            REMOTE_ADDR="10.9.9.9",
        )
    assert _kinds() == [K.LOGIN_FAILED] * 5 + [K.LOGIN_LOCKED]
    assert set(SecurityEvent.objects.values_list("actor", flat=True)) == {"case_worker.sec"}
    assert len(set(SecurityEvent.objects.values_list("source", flat=True))) == 1
    assert "10.9.9.9" not in str(list(SecurityEvent.objects.values()))


def test_an_unknown_username_is_not_written_down(client, personas):
    # People type their password into the username box: only existing usernames are recorded.
    client.post("/en/accounts/login/", {"username": "my secret pass", "password": "x"})
    event = SecurityEvent.objects.get()
    assert event.kind == K.LOGIN_FAILED and event.actor == ""
    assert "my secret pass" not in str(event.details)


def test_a_successful_login_is_recorded(client, personas):
    client.post(
        "/en/accounts/login/",
        {"username": "helpline_operator.sec", "password": "correct horse battery staple"},
    )
    assert _kinds() == [K.LOGIN_SUCCEEDED]


def test_a_refused_page_is_recorded_with_who_and_where(client, personas):
    client.force_login(personas["helpline_operator"])
    assert client.get("/en/staff/outbox/dead/").status_code == 403
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor) == (K.PERMISSION_REFUSED, "helpline_operator.sec")
    assert event.details == {"what": "page", "path": "/en/staff/outbox/dead/"}


def test_a_refused_action_on_a_case_is_recorded_once(client, personas, kasur_case):
    client.force_login(personas["helpline_operator"])
    response = client.post(
        f"/en/staff/cases/{kasur_case.ref}/",
        {"action": "assign", "owner": "case_worker.sec", "assign_reason": "x"},
    )
    assert response.status_code == 200 and b"may not" in response.content
    event = SecurityEvent.objects.get()
    assert event.kind == K.PERMISSION_REFUSED
    assert event.details == {"what": "assign", "case": kasur_case.ref}


def test_require_records_a_refusal_even_when_the_command_rolls_back(rf, personas, kasur_case):
    from nigraan.accounts.permissions import Action, PermissionDenied, require
    from nigraan.security import events

    scope = events.begin_request()
    try:
        with pytest.raises(PermissionDenied), transaction.atomic():
            require(personas["oversight"], Action.READ_PROTECTED, kasur_case)
        events.flush_pending()
    finally:
        events.end_request(scope)
    event = SecurityEvent.objects.get()
    assert event.details == {"what": "read_protected", "case": kasur_case.ref}


def test_nothing_about_victims_or_reporters_is_in_security_events(client, personas, kasur_case):
    client.force_login(personas["oversight"])
    client.post(f"/en/staff/cases/{kasur_case.ref}/", {"reason": "curious"})
    client.force_login(personas["helpline_operator"])
    client.get("/en/staff/outbox/dead/")
    assert SecurityEvent.objects.count() >= 2
    everything = str(list(SecurityEvent.objects.values()))
    assert "Demo Child Theta" not in everything and "synthetic account" not in everything.lower()


@pytest.mark.parametrize(
    ("statement", "vendor_message"),
    [
        ("UPDATE security_securityevent SET actor = 'someone else'", "append-only"),
        ("DELETE FROM security_securityevent", "append-only"),
    ],
)
def test_security_events_cannot_be_changed_or_removed(personas, client, statement, vendor_message):
    client.post("/en/accounts/login/", {"username": "oversight.sec", "password": "wrong"})
    with (
        pytest.raises(DatabaseError, match=vendor_message),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert SecurityEvent.objects.get().actor == "oversight.sec"


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Failed login"), ("ur", "ناکام لاگ اِن")],
)
def test_administrators_see_the_events_with_labels_in_their_language(
    client, personas, language, label
):
    client.post("/en/accounts/login/", {"username": "oversight.sec", "password": "wrong"})
    client.force_login(personas["administrator"])
    page = client.get(f"/{language}/staff/security/")
    assert page.status_code == 200
    text = page.content.decode()
    assert label in text and ">login_failed<" not in text
    assert 'href="/' + language + '/staff/security/"' in text  # in the staff menu


def test_other_roles_are_refused_the_security_page(client, personas):
    for role in ("oversight", "supervisor", "case_worker"):
        client.force_login(personas[role])
        assert client.get("/en/staff/security/").status_code == 403
    assert SecurityEvent.objects.filter(kind=K.PERMISSION_REFUSED).count() == 3


def test_the_command_lists_security_events(client, personas):
    client.post("/en/accounts/login/", {"username": "oversight.sec", "password": "wrong"})
    out = io.StringIO()
    call_command("security", "events", "--kind", "login_failed", stdout=out)
    assert "Failed login" in out.getvalue() and "oversight.sec" in out.getvalue()
    out = io.StringIO()
    call_command("security", "events", "--json", stdout=out)
    assert '"kind": "login_failed"' in out.getvalue()


def test_creating_a_staff_account_is_recorded(geography, settings):
    settings.NIGRAAN_STAFF_PASSWORD = "a long enough pass phrase 42"
    call_command("createstaff", "cw.created", "--role", "case_worker", "--district", "PK614")
    event = SecurityEvent.objects.get()
    assert (event.kind, event.actor) == (K.STAFF_CREATED, "cw.created")
    assert event.details == {
        "role": "case_worker",
        "jurisdictions": ["district:PK614"],
        "by": "command line",
    }
