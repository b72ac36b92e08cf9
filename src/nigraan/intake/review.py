"""The review step of the public form: every answer once more, grouped by the step that asked
it, each group with a "Change" button back to that step. The answers themselves travel in the
form's hidden fields, unchanged; this module only words them for reading."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from nigraan.geo.models import District
from nigraan.intake.steps import STEPS

TITLES = {
    "start": gettext_lazy("Danger now"),
    "what": gettext_lazy("What happened"),
    "when_where": gettext_lazy("When and where"),
    "who": gettext_lazy("The child"),
    "police": gettext_lazy("Police"),
    "you": gettext_lazy("About you"),
    "consent": gettext_lazy("Sharing"),
}
LABELS = {
    "in_danger_now": gettext_lazy("Is a child in danger right now?"),
    "category": gettext_lazy("What happened?"),
    "account": gettext_lazy("Tell us in your own words what happened"),
    "when": gettext_lazy("When did it happen?"),
    "province": gettext_lazy("Province"),
    "district": gettext_lazy("District"),
    "place": gettext_lazy("The place, in your words (village, area, street)"),
    "age_band": gettext_lazy("Age"),
    "gender": gettext_lazy("Gender"),
    "abuser_relation": gettext_lazy("Who is the suspected abuser to them?"),
    "police": gettext_lazy("Has it been reported to the police?"),
    "reporter": gettext_lazy("Who are you?"),
    "contact": gettext_lazy("How can we reach you?"),
    "phone": gettext_lazy("Phone number"),
    "email": gettext_lazy("Email"),
    "wants_woman": gettext_lazy("I would like a woman to handle this case"),
    "consent_share_police": gettext_lazy("The report may be shared with the police"),
    "consent_share_services": gettext_lazy(
        "The report may be shared with services that can help (doctor, legal aid, counselling, "
        "shelter)"
    ),
    "consent_understood": gettext_lazy("I have read what happens next"),
}
YES_NO = {"in_danger_now", "wants_woman", "consent_share_police", "consent_share_services"}
DEFAULT_UNKNOWN = {"when", "age_band", "gender", "abuser_relation", "contact"}


def _when(data: dict[str, str], choices: dict[str, Any]) -> str:
    kind = data.get("when") or "unknown"
    if kind == "date" and data.get("when_date"):
        return data["when_date"]
    if kind == "about" and data.get("ago_amount"):
        unit = dict(choices["ago_unit"]).get(data.get("ago_unit", "days"), "")
        return f"{data['ago_amount']} {unit}"
    return str(dict(choices["when"]).get(kind, kind))


def _value(name: str, data: dict[str, str], context: dict[str, Any]) -> str:
    value = data.get(name, "")
    if name in YES_NO or name == "consent_understood":
        return _("Yes") if value == "1" else _("No")
    if name == "when":
        return _when(data, context["choices"])
    if not value and name in DEFAULT_UNKNOWN:
        value = "unknown" if name != "contact" else "none"
    if name in context["choices"]:
        return str(dict(context["choices"][name]).get(value, value))
    if name == "province":
        return dict(context["provinces"]).get(value, "") or _("I don't know")
    if name == "district":
        district = District.objects.filter(code=value).first() if value else None
        if district is None:
            return _("I don't know")
        return district.name_ur if get_language() == "ur" else district.name_en
    return value or "—"


def sections(data: dict[str, str], context: dict[str, Any]) -> list[dict[str, Any]]:
    """[{step, title, rows: [(label, value)]}] for every step before the review."""
    out = []
    for index, (name, fields) in enumerate(STEPS[:-1]):
        rows = []
        for field in fields:
            if field not in LABELS:  # parts of "when" (date, amount, unit) show within it
                continue
            if field in ("phone", "email") and not data.get(field):
                continue
            rows.append((LABELS[field], _value(field, data, context)))
        out.append({"step": index, "title": TITLES[name], "rows": rows})
    return out
