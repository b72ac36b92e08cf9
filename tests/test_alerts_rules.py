"""The alert rules files: the shipped ones load, a wrong one is refused with a message naming the
file and the entry, the circle widens with time as written, and the approval criteria decide."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import checks

from nigraan.alerts.checks import check_alert_rules
from nigraan.alerts.criteria import load_criteria
from nigraan.alerts.targeting_rules import load_targeting_rules
from nigraan.cases.rules import RulesInvalid

LAST_SEEN = dt.datetime(2026, 6, 2, 11, 30, tzinfo=dt.UTC)


def test_the_shipped_rules_load_with_sources_and_urdu():
    targeting = load_targeting_rules()
    assert targeting.version >= 1 and re.fullmatch(r"v\d+:[0-9a-f]{16}", targeting.stamp)
    assert targeting.steps[0].radius_km == 20  # the Zainab Act's reported 20 km
    assert all(step.source for step in targeting.steps)
    criteria = load_criteria()
    ids = [item.id for item in criteria.items]
    assert {"under_eighteen", "at_risk_of_harm", "nothing_about_sexual_violence"} <= set(ids)
    assert all(
        any("\u0600" <= ch <= "\u06ff" for ch in item.question_ur) for item in criteria.items
    )


@pytest.mark.parametrize(
    ("hours", "radius"),
    [(0, 20), (1.9, 20), (2, 35), (5.5, 35), (6, 60), (12, 100), (23, 100), (24, 150), (240, 150)],
)
def test_the_circle_widens_with_the_time_since_the_child_was_last_seen(hours, radius):
    rules = load_targeting_rules()
    circle = rules.circle_for(24.83, 67.11, LAST_SEEN, LAST_SEEN + dt.timedelta(hours=hours))
    assert (circle.lat, circle.lon, circle.radius_km) == (24.83, 67.11, radius)


def test_a_time_before_the_last_sighting_gets_the_first_circle():
    rules = load_targeting_rules()
    assert (
        rules.circle_for(24.8, 67.1, LAST_SEEN, LAST_SEEN - dt.timedelta(minutes=5)).radius_km == 20
    )


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("version: 1", "version: one", "version"),
        ("jurisdiction: PK", "jurisdiction: IN", "jurisdiction"),
        ("after: {hours: 0}", "after: {hours: 1}", "starts at once"),
        ("radius_km: 35", "radius_km: 15", "only widens"),
        ("radius_km: 150", "radius_km: 900", "at most"),
        ("after: {hours: 6}", "after: {hours: 1}", "must start after"),
        ("id: after_6_hours", "id: after_2_hours", "used twice"),
        ("id: after_6_hours", "id: After6", "lower_case"),
        ("    certainty: reported\n", "    certainty: rumour\n", "certainty"),
        ("    radius_km: 60\n", "    radius_km: 60\n    colour: red\n", "unknown keys"),
        ("    after: {hours: 12}\n", "    after: {weeks: 1}\n", "minutes, hours, days"),
    ],
)
def test_a_wrong_targeting_file_is_refused_naming_the_problem(rules_copy, old, new, complaint):
    _edit(rules_copy / "alert_targeting.yaml", old, new)
    with pytest.raises(RulesInvalid, match=complaint) as refused:
        load_targeting_rules(rules_copy)
    assert "alert_targeting.yaml" in str(refused.value)


def test_a_targeting_step_without_a_source_is_refused(rules_copy):
    path = rules_copy / "alert_targeting.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first_source = next(i for i, line in enumerate(lines) if line.strip().startswith("source:"))
    path.write_text("".join(lines[:first_source] + lines[first_source + 1 :]), encoding="utf-8")
    with pytest.raises(RulesInvalid, match=r"step #1 \(first_hours\): missing \['source'\]"):
        load_targeting_rules(rules_copy)


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("required: true\n", "required: yes please\n", "true or false"),
        (
            'question_ur: "کیا بچے کی عمر 18 سال سے کم ہے؟"',
            'question_ur: "Is the child under 18?"',
            "Urdu script",
        ),
        ("id: under_eighteen", "id: missing_or_taken", "used twice"),
        ('    source: "DOJ AMBER criterion 2', '    sauce: "DOJ AMBER criterion 2', "missing"),
    ],
)
def test_a_wrong_criteria_file_is_refused_naming_the_problem(rules_copy, old, new, complaint):
    _edit(rules_copy / "alert_criteria.yaml", old, new)
    with pytest.raises(RulesInvalid, match=complaint) as refused:
        load_criteria(rules_copy)
    assert "alert_criteria.yaml" in str(refused.value)


def test_an_approval_fails_on_a_required_no_or_a_missing_answer():
    criteria = load_criteria()
    all_yes = {item.id: True for item in criteria.items}
    assert criteria.unmet(all_yes) == []
    optional = next(item for item in criteria.items if not item.required)
    assert criteria.unmet({**all_yes, optional.id: False}) == []
    assert [c.id for c in criteria.unmet({**all_yes, "at_risk_of_harm": False})] == [
        "at_risk_of_harm"
    ]
    missing = dict(all_yes)
    del missing["under_eighteen"]
    assert [c.id for c in criteria.unmet(missing)] == ["under_eighteen"]
    with pytest.raises(KeyError, match="unknown"):
        criteria.unmet({**all_yes, "looks_sad": True})


def test_the_system_check_names_a_broken_rules_file(rules_copy, settings):
    assert check_alert_rules() == []
    _edit(rules_copy / "alert_targeting.yaml", "radius_km: 35", "radius_km: 10")
    settings.NIGRAAN_RULES_DIR = str(rules_copy)
    problems = check_alert_rules()
    assert [p.id for p in problems] == ["nigraan.alerts.E001"]
    assert problems[0].level == checks.ERROR and "only widens" in problems[0].msg
    assert check_alert_rules in checks.registry.registry.get_checks()
