"""Closing honestly (issue 10 item 8): closing a case that has an FIR, or as a duplicate or a
withdrawal by the complainant, needs a second person's approval (never the requester's own) and
is flagged to oversight; the case page carries the request, the approval and the refusal."""

from __future__ import annotations

import pytest
from django.test import Client

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.models import Case
from nigraan.cases.projection import rebuild, state_of
from nigraan.ledger.models import Event
from nigraan.notify.models import StaffNotice
from personas import KASUR, Personas


@pytest.fixture
def people(personas: Personas) -> Personas:
    return personas.ensure("op", "cw", "sup", "dco", "police", "oversight")


def _open(people, *, fir: bool = False) -> str:
    case = commands.open_case(
        people["op"],
        channel="helpline",
        category="sexual_abuse",
        district_code=KASUR,
        protected={"narrative": "Synthetic account."},
    )
    if fir:
        commands.record_stage(people["police"], case.ref, stage="fir_registered", reason="FIR 12")
    return case.ref


def _kinds(ref: str) -> list[str]:
    return list(Event.objects.filter(case_ref=ref).order_by("seq").values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("fir", "code"),
    [(True, "referred_elsewhere"), (False, "duplicate"), (False, "withdrawn_by_complainant")],
)
def test_a_supervisor_alone_cannot_close_a_case_with_an_fir_or_as_duplicate_or_withdrawn(
    people, fir, code
):
    ref = _open(people, fir=fir)
    with pytest.raises(commands.CommandRefused, match="second person"):
        commands.record_stage(people["sup"], ref, stage="closed", reason="x", reason_code=code)
    assert Case.objects.get(ref=ref).is_open
    assert "case.stage_recorded" not in _kinds(ref)[1 + fir :]


def test_other_closings_need_one_person_as_before(people):
    ref = _open(people)
    closed = commands.record_stage(
        people["sup"], ref, stage="closed", reason="unreachable", reason_code="no_contact"
    )
    assert not closed.is_open
    with pytest.raises(commands.CommandRefused, match="does not need a second person"):
        commands.request_closure(
            people["dco"], _open(people), reason_code="no_contact", reason="unreachable"
        )


def test_a_request_is_approved_by_a_second_person_and_the_case_closes_flagged(people):
    ref = _open(people, fir=True)
    commands.request_closure(people["sup"], ref, reason_code="duplicate", reason="same as NGR-1")
    assert Case.objects.get(ref=ref).is_open
    told = set(
        StaffNotice.objects.filter(kind="closure_requested").values_list(
            "staff__username", flat=True
        )
    )
    assert {"dco.kasur", "oversight.punjab"} <= told
    with pytest.raises(commands.CommandRefused, match="another supervisor"):
        commands.decide_closure(people["sup"], ref, approve=True)
    closed = commands.decide_closure(people["dco"], ref, approve=True)
    assert not closed.is_open and closed.flagged_for_oversight
    assert _kinds(ref)[-2:] == ["case.closure_requested", "case.stage_recorded"]
    last = Event.objects.filter(case_ref=ref).order_by("-seq").first()
    assert last.actor == "dco.kasur"
    assert last.data["approves"] == last.seq - 1 and last.data["reason_code"] == "duplicate"
    assert StaffNotice.objects.filter(
        kind="closure_approved", staff__username="oversight.punjab"
    ).exists()
    assert state_of(Case.objects.get(ref=ref)) == rebuild(ref)


def test_a_refusal_needs_a_reason_keeps_the_case_open_and_tells_the_requester(people):
    ref = _open(people)
    commands.request_closure(people["sup"], ref, reason_code="withdrawn_by_complainant", reason="x")
    with pytest.raises(commands.CommandRefused, match="reason"):
        commands.decide_closure(people["dco"], ref, approve=False, reason="")
    case = commands.decide_closure(people["dco"], ref, approve=False, reason="family pressured")
    assert case.is_open and not case.flagged_for_oversight
    assert StaffNotice.objects.filter(kind="closure_refused", staff=people["sup"]).exists()
    with pytest.raises(commands.CommandRefused, match="No request"):
        commands.decide_closure(people["dco"], ref, approve=True)
    # A fresh request may follow the refusal; two at once may not.
    commands.request_closure(people["sup"], ref, reason_code="duplicate", reason="same as NGR-2")
    with pytest.raises(commands.CommandRefused, match="already waiting"):
        commands.request_closure(people["dco"], ref, reason_code="duplicate", reason="again")
    assert state_of(Case.objects.get(ref=ref)) == rebuild(ref)


def test_only_people_who_may_close_may_request_or_decide(people):
    ref = _open(people)
    with pytest.raises(PermissionDenied):
        commands.request_closure(people["cw"], ref, reason_code="duplicate", reason="dup")
    commands.request_closure(people["sup"], ref, reason_code="duplicate", reason="dup")
    for who in ("cw", "police", "oversight"):
        with pytest.raises(PermissionDenied):
            commands.decide_closure(people[who], ref, approve=True)


def _page(staff, ref: str, data: dict[str, str] | None = None, lang: str = "en") -> str:
    browser = Client()
    browser.force_login(staff)
    url = f"/{lang}/staff/cases/{ref}/"
    response = browser.post(url, data) if data is not None else browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_on_the_case_page_closing_becomes_a_request_that_another_approves(people):
    ref = _open(people, fir=True)
    close = {"action": "stage", "stage": "closed", "reason_code": "duplicate"}
    asked = _page(people["sup"], ref, {**close, "stage_reason": "same as NGR-1"})
    assert "your request was recorded" in asked and 'id="pending-closure"' in asked
    assert 'id="closure-own-request"' in asked and 'id="closure-decision-form"' not in asked
    seen = _page(people["dco"], ref)
    assert 'id="closure-decision-form"' in seen and "an FIR was registered" in seen
    done = _page(people["dco"], ref, {"action": "close_decision", "decision": "approve"})
    assert "Approved" in done and not Case.objects.get(ref=ref).is_open
    assert 'id="flag"' in done and "approving the request to close" in done


def test_the_refusal_form_in_urdu(people):
    ref = _open(people)
    _page(
        people["sup"],
        ref,
        {"action": "stage", "stage": "closed", "reason_code": "duplicate", "stage_reason": "dup"},
    )
    page = _page(people["dco"], ref, lang="ur")
    assert 'id="closure-decision-form"' in page and "Your decision" not in page
    refused = _page(
        people["dco"],
        ref,
        {"action": "close_decision", "decision": "refuse", "decision_reason": "check first"},
        lang="ur",
    )
    assert 'id="action-done"' in refused and Case.objects.get(ref=ref).is_open
