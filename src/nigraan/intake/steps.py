"""The public report form, one short step at a time. Each step's fields; everything typed in
earlier steps travels in hidden fields, so nothing is stored on the server before the report is
submitted whole."""

from __future__ import annotations

STEPS: list[tuple[str, list[str]]] = [
    ("start", ["in_danger_now"]),
    ("what", ["category", "account"]),
    (
        "when_where",
        ["when", "when_date", "ago_amount", "ago_unit", "province", "district", "place"],
    ),
    ("who", ["age_band", "gender", "abuser_relation"]),
    ("police", ["police"]),
    ("you", ["reporter", "contact", "phone", "email", "wants_woman"]),
    ("consent", ["consent_understood", "consent_share_police", "consent_share_services"]),
    ("review", []),  # every answer shown once more, each step's answers changeable, then sent
]
ALL_FIELDS = [name for _, fields in STEPS for name in fields] + ["submission"]
BOOLEAN_FIELDS = {
    "in_danger_now",
    "wants_woman",
    "consent_understood",
    "consent_share_police",
    "consent_share_services",
}
LAST = len(STEPS) - 1  # the review step: sending happens from here
# "Is a child in danger now?" has no preset answer: "1" yes, "0" no, "" not answered (refused).
DANGER = "in_danger_now"


def step_of(field: str) -> int:
    for index, (_, fields) in enumerate(STEPS):
        if field in fields:
            return index
    return LAST
