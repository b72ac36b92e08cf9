"""A case does not close while its missing-child alert is drafted, public or expired: staff
record "found" or cancel it first, which tells everyone the alert reached. And an alert that is
public on a case closed some other way (before this rule, or by a row edited by hand) can still
be withdrawn: "found" and cancel work on a closed case. Synthetic data: a fictional child."""

from __future__ import annotations

import pytest

from nigraan.alerts import workflow
from nigraan.alerts.models import AlertState
from nigraan.cases import commands
from nigraan.cases.commands import CommandRefused
from nigraan.cases.models import Case
from test_alerts_workflow import _open, all_yes, draft_fields, people  # noqa: F401

NOT_ENDED = "missing-child alert that is not ended"


def _close(people, ref: str, code: str = "child_found_safe") -> None:  # noqa: F811
    commands.record_stage(
        people["sup"], ref, stage="closed", reason="Found at an aunt's house.", reason_code=code
    )


@pytest.mark.django_db
@pytest.mark.parametrize("issued", [False, True])
def test_the_stage_form_refuses_to_close_while_the_alert_is_not_ended(people, issued):  # noqa: F811
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    if issued:
        workflow.approve_alert(people["sup"], ref, all_yes())
    with pytest.raises(CommandRefused, match=NOT_ENDED):
        _close(people, ref)
    assert Case.objects.get(ref=ref).is_open
    if issued:
        workflow.alert_found(people["cw"], ref)
    else:
        workflow.cancel_alert(people["sup"], ref, "Drafted in error.")
    _close(people, ref)
    assert not Case.objects.get(ref=ref).is_open


@pytest.mark.django_db
def test_a_closing_with_a_second_person_is_refused_at_the_request_and_at_the_approval(people):  # noqa: F811
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    with pytest.raises(CommandRefused, match=NOT_ENDED):
        commands.request_closure(people["sup"], ref, reason_code="duplicate", reason="Same.")
    workflow.cancel_alert(people["sup"], ref, "Drafted in error.")
    commands.request_closure(people["sup"], ref, reason_code="duplicate", reason="Same.")
    workflow.draft_alert(people["cw"], ref, draft_fields())  # a new alert while it waits
    with pytest.raises(CommandRefused, match=NOT_ENDED):
        commands.decide_closure(people["dco"], ref, approve=True)
    commands.decide_closure(people["dco"], ref, approve=False, reason="The alert is new.")
    assert Case.objects.get(ref=ref).is_open


@pytest.mark.django_db
def test_an_alert_public_on_a_closed_case_can_still_be_found_or_cancelled(people):  # noqa: F811
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    workflow.approve_alert(people["sup"], ref, all_yes())
    Case.objects.filter(ref=ref).update(is_open=False, stage="closed")  # closed some other way
    with pytest.raises(CommandRefused, match="closed"):
        workflow.draft_alert(people["cw"], ref, draft_fields())
    row = workflow.cancel_alert(people["sup"], ref, "The case was closed: alert withdrawn.")
    assert row.state == AlertState.CANCELLED
