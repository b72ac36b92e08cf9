"""rules/figures.yaml: every measure validates and says what it counts; a broken file is refused
whole, naming the file and the measure."""

from __future__ import annotations

import pytest

from nigraan.cases.rules import RulesInvalid
from nigraan.stats.measures import column_values, load_figures

ISSUE_LIST = {  # issue 12, item 1: what the public figures must cover
    "reports_received",
    "triage_timeliness",
    "police_response",
    "days_report_to_fir",
    "escalations",
    "idle_cases",
    "custody_changes",
    "charges",
    "trials_started",  # item 4: the funnel report → FIR → charge → trial → verdict
    "outcomes",
    "days_fir_to_verdict",
    "closed_without_fir",
}

CHARGES_UR = (
    "مدت میں درج ہر الزام (ایک ملزم پر ایک جرم)، "
    "rules/offences.yaml کے جرم کے کوڈ اور اس کے قانون کے لحاظ سے۔"
)


def test_the_figures_file_validates_and_covers_the_issue_list():
    figures = load_figures()
    assert {m.id for m in figures.measures} == ISSUE_LIST
    assert figures.disclosure.threshold == 4
    assert figures.disclosure.median_min_count > figures.disclosure.threshold
    for measure in figures.measures:
        assert measure.title and measure.title_ur and len(measure.definition) > 40, measure.id
        assert len(measure.definition_ur) > 40, measure.id  # every definition also in Urdu
        assert measure.breakdowns, measure.id
        for combo in measure.breakdowns:
            for name in combo:
                assert name in figures.attributes, (measure.id, name)


@pytest.mark.parametrize(
    "measure_id,expected",
    [
        ("reports_received", {"channel", "category", "victim_age_band", "victim_gender"}),
        ("police_response", {"response"}),
        ("escalations", {"level", "deadline"}),
        ("custody_changes", {"custody"}),
        ("charges", {"offence", "law"}),
        ("trials_started", {"category", "victim_age_band", "victim_gender"}),
        ("outcomes", {"outcome", "law"}),
        ("closed_without_fir", {"reason"}),
        ("idle_cases", {"idle_for"}),
        ("triage_timeliness", {"triage"}),
    ],
)
def test_each_measure_is_broken_down_as_the_issue_asks(measure_id, expected):
    measure = load_figures().measure(measure_id)
    used = {name for combo in measure.breakdowns for name in combo}
    assert expected <= used


def test_the_codes_come_from_the_other_rules_files():
    figures = load_figures()
    assert column_values(figures.measure("police_response"), "response") == (
        "fir_registered",
        "diary_entry",
        "fir_refused",
    )
    assert column_values(figures.measure("custody_changes"), "custody") == (
        "arrested",
        "bailed",
        "released",
        "absconding",
    )
    laws = column_values(figures.measure("outcomes"), "law")
    assert "Zainab Alert, Response and Recovery Act 2020" in laws and laws[-1] == "none"
    assert "PK.PPC.376.3" in column_values(figures.measure("charges"), "offence")
    assert column_values(figures.measure("escalations"), "level") == (
        "supervisor",
        "district_officer",
        "oversight",
    )
    assert column_values(figures.measure("idle_cases"), "idle_for") == ("30-89", "90+")
    assert figures.measure("charges").derived == {"law": "offence"}
    assert figures.measure("days_report_to_fir").is_median
    assert figures.measure("idle_cases").is_stock


@pytest.mark.parametrize(
    "change,message",
    [
        (("threshold: 4", "threshold: 0"), "disclosure.threshold is a whole number"),
        (("median_min_count: 5", "median_min_count: 3"), "more than the threshold"),
        (("  - case.hearing_recorded\n", "  - case.hearing_held\n"), "unknown kind"),
        (
            ("method: events\n    kinds: [case.opened]", "method: tally\n    kinds: [case.opened]"),
            "method is one of",
        ),
        (("kinds: [case.opened]", "kinds: [case.opend]"), "cannot count events of kind"),
        (
            ("where: {stage: [fir_registered", "where: {stag: [fir_registered"),
            "'where' reads 'stag'",
        ),
        (("values: {level: to,", "values: {level: too,"), "'values' reads 'too'"),
        (("deadline: triage_new_report", "deadline: triage_soon"), "unknown deadline"),
        (("to: {stage: fir_registered}", "to: {stage: fir_filed}"), "unknown stage"),
        (("bands: [30, 90]", "bands: [90, 30]"), "rising list"),
        (("unless_stage: fir_registered", "unless_stage: fir"), "unless_stage is a stage"),
        (("breakdowns: [idle_for, category]", "breakdowns: [idle_for, month]"), "has no month"),
        (
            ("breakdowns: [level, deadline, month]", "breakdowns: [level, offence]"),
            "have no 'offence'",
        ),
        (("breakdowns: [level, deadline, month]", "breakdowns: [level, level]"), "listed twice"),
        (
            ("breakdowns: [level, deadline, month]", "breakdowns: [level, colour]"),
            "unknown breakdown",
        ),
        (('title_ur: "موصول ہونے والی رپورٹیں"', "title_ur: Reports"), "written in Urdu"),
        (
            (f'definition_ur: "{CHARGES_UR}"', 'definition_ur: "Each charge recorded"'),
            "definition_ur must be written in Urdu",
        ),
        (("  - id: charges\n", "  - id: outcomes\n"), "used twice"),
        (("    unit: charge\n", "    unit: charge\n    colour: red\n"), "unknown keys"),
    ],
)
def test_a_broken_figures_file_is_refused_naming_the_measure(rules_copy, change, message):
    text = (rules_copy / "figures.yaml").read_text(encoding="utf-8")
    assert change[0] in text, change[0]
    (rules_copy / "figures.yaml").write_text(text.replace(change[0], change[1], 1), "utf-8")
    with pytest.raises(RulesInvalid) as error:
        load_figures(rules_copy)
    assert message in str(error.value) and "figures.yaml" in str(error.value)


def test_a_figures_file_that_is_not_yaml_is_refused(rules_copy):
    (rules_copy / "figures.yaml").write_text("version: [1\n", "utf-8")
    with pytest.raises(RulesInvalid, match="figures.yaml"):
        load_figures(rules_copy)
