"""The case page's alert forms (missing-child cases only): draft, approve (each activation
criterion answered), "found" and cancel. The commands are ``nigraan.alerts.workflow``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nigraan.accounts.models import Staff
from nigraan.alerts import photos, workflow
from nigraan.alerts.criteria import current_criteria
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import Category
from nigraan.geo.models import District

DRAFT_FIELDS = [
    f"{name}_{lang}"
    for lang in ("en", "ur")
    for name in ("headline", "description", "instruction", "place")
] + ["last_seen_at", "lat", "lon", "age", "abducted", "exercise", "photo_consent"]


def alert_context(staff: Staff, case: Case) -> dict[str, Any]:
    if case.category != Category.MISSING_CHILD:
        return {"alerts_possible": False}
    urdu = (get_language() or "en").startswith("ur")
    criteria = [
        {"id": item.id, "question": item.question_ur if urdu else item.question}
        for item in current_criteria().items
    ]
    rows = PublishedAlert.objects.filter(case_ref=case.ref).order_by("-pk")
    current = rows.filter(state__in=workflow.OPEN_STATES).first()
    return {
        "alerts_possible": True,
        "case_alerts": list(rows),
        "open_alert": current,
        "alert_is_draft": current is not None and current.state == AlertState.DRAFT,
        "alert_mine": current is not None and current.drafted_by == staff.username,
        "alert_criteria": criteria,
        "alert_photo_mb": f"{photos.max_upload_bytes() / 1_000_000:g}",
        "alert_districts": _province_districts(case, urdu) if current is None else [],
    }


def _province_districts(case: Case, urdu: bool) -> list[dict[str, str]]:
    """The districts of the case's province, to choose instead of the circle."""
    province = case.province_id or (case.district.province_id if case.district else None)
    if province is None:
        return []
    rows = District.objects.filter(province_id=province).values_list("code", "name_en", "name_ur")
    return [{"code": code, "name": (ur if urdu and ur else en)} for code, en, ur in rows]


def draft(staff: Staff, ref: str, post: QueryDict, files: MultiValueDict | None = None) -> str:
    """The draft, with the photo if one was sent (read only up to the size limit: a larger one
    is refused whole, with the limit named, before its bytes are read)."""
    upload = (files or MultiValueDict()).get("photo")
    photo = None
    if upload is not None and upload.size:
        photos.check_size(upload.size)
        photo = upload.read()
    fields: dict[str, Any] = {name: post.get(name, "") for name in DRAFT_FIELDS}
    fields["districts"] = post.getlist("districts")
    workflow.draft_alert(staff, ref, fields, photo=photo)
    return _("Alert drafted: another supervisor or district officer must approve it.")


def approve(staff: Staff, ref: str, post: QueryDict) -> str:
    answers = {
        item.id: post.get(f"criterion_{item.id}") == "yes" for item in current_criteria().items
    }
    row = workflow.approve_alert(staff, ref, answers)
    return _("Alert approved and issued: %(ref)s.") % {"ref": row.reference}


def found(staff: Staff, ref: str, post: QueryDict) -> str:
    workflow.alert_found(staff, ref)
    return _(
        "Recorded: the child was found. The photo and description are withdrawn and an "
        "all-clear sent."
    )


def update(staff: Staff, ref: str, post: QueryDict) -> str:
    fields = {name: post.get(name, "") for name in DRAFT_FIELDS[:8]}
    workflow.update_alert(staff, ref, fields, radius_km=post.get("radius_km", ""))
    return _("The alert was updated.")


def cancel(staff: Staff, ref: str, post: QueryDict) -> str:
    workflow.cancel_alert(staff, ref, post.get("alert_reason", ""))
    return _("The alert was cancelled.")


# The actions whose form sends a file: the case page passes them request.FILES as well.
UPLOAD_ACTIONS: dict[str, Callable[[Staff, str, QueryDict, MultiValueDict], str]] = {
    "alert_draft": draft
}

ACTIONS: dict[str, Callable[[Staff, str, QueryDict], str]] = {
    "alert_draft": draft,
    "alert_approve": approve,
    "alert_found": found,
    "alert_update": update,
    "alert_cancel": cancel,
}
