"""The press extractor follows the labelling guide: which articles are incident reports, which
incidents they hold, and each incident's fields. The articles are synthetic (tests/data), written
from the guide; the real development articles are read from ../shared/data when they exist."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nigraan.media.evaluate import score
from nigraan.media.extract.pipeline import extract_article
from nigraan.media.folder import extract_folder, read_jsonl

DATA = Path(__file__).parent / "data"
ENGLISH = DATA / "media-en-synthetic"
URDU = DATA / "media-ur-dev"
# The development articles sit beside the checkout (../shared/data/media-dev), not in it.
DEV = Path(
    os.environ.get("NIGRAAN_MEDIA_DEV")
    or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "media-dev"
)


def _extract(folder: Path, article: str):
    path = folder / "articles" / f"{article}.txt"
    return extract_article(article, path.read_text(encoding="utf-8"))


def test_an_earlier_case_mentioned_as_background_is_not_an_incident():
    result = _extract(ENGLISH, "s01")
    assert result.is_incident_report
    assert len(result.incidents) == 1
    incident = result.incidents[0]
    assert incident["victim_ages"] == [10]  # not the seven-year-old of last year's case
    assert incident["victim_genders"] == ["male"]
    assert incident["offence"] == "sodomy"
    assert (incident["city"], incident["district"], incident["province"]) == (
        "Muridke",
        "Sheikhupura",
        "Punjab",
    )
    assert incident["perpetrator_relation"] == "acquaintance"
    assert incident["police_action"] == "arrested"


def test_a_weekday_is_resolved_only_when_the_article_carries_its_date():
    assert _extract(ENGLISH, "s01").incidents[0]["date_of_incident"] == "2024-03-12"
    assert _extract(ENGLISH, "s01").incidents[0]["time_precision"] == 2
    # "on Sunday" with no article date, and "January 3" with no year, give no date
    assert _extract(ENGLISH, "s02").incidents[0]["date_of_incident"] is None
    assert _extract(ENGLISH, "s07").incidents[0]["date_of_incident"] is None


def test_two_incidents_in_one_article_are_both_reported():
    incidents = _extract(ENGLISH, "s02").incidents
    assert [i["offence"] for i in incidents] == ["rape", "abduction"]
    assert [i["victim_ages"] for i in incidents] == [[12], [9]]
    assert [i["city"] for i in incidents] == ["Jaranwala", "Samundri"]
    assert incidents[0]["perpetrator_relation"] == "neighbour"
    assert [i["police_action"] for i in incidents] == ["arrested", "fir_registered"]


@pytest.mark.parametrize(
    ("article", "why"),
    [
        ("s03", "outside Pakistan"),
        ("s04", "statistics"),
        ("s12", "opinion"),
        ("s13", "no sexual"),
    ],
)
def test_articles_that_report_no_specific_incident_in_pakistan_are_not_reports(article, why):
    result = _extract(ENGLISH, article)
    assert not result.is_incident_report
    assert result.incidents == []
    assert why in result.reason


def test_a_child_marriage_arranged_by_a_parent_is_a_family_offence():
    incident = _extract(ENGLISH, "s05").incidents[0]
    assert incident["offence"] == "child_marriage"
    assert incident["victim_ages"] == [13]  # not the 35-year-old groom
    assert incident["city"] == "Haji Mureed Khoso"  # a village the geography does not know
    assert incident["district"] == "Dadu"
    assert incident["perpetrator_relation"] == "family"


def test_abduction_of_a_child_without_a_sexual_element_is_a_report():
    incident = _extract(ENGLISH, "s06").incidents[0]
    assert incident["offence"] == "abduction"
    assert (incident["city"], incident["district"]) == ("Rawalpindi", "Rawalpindi")
    assert incident["perpetrators_count"] == 2
    assert incident["police_action"] == "fir_registered"  # "No arrest had been made"


def test_a_follow_up_arrest_reports_the_incident_it_follows():
    incident = _extract(ENGLISH, "s07").incidents[0]
    assert incident["offence"] == "gang_rape"
    assert incident["perpetrators_count"] == 2
    assert incident["police_action"] == "arrested"
    assert (incident["city"], incident["district"]) == ("Renala Khurd", "Okara")


def test_police_refusal_and_a_case_that_never_reached_the_police():
    assert _extract(ENGLISH, "s15").incidents[0]["police_action"] == "refused_or_delayed"
    vani = _extract(ENGLISH, "s16").incidents[0]
    assert vani["police_action"] == "none_reported"
    assert vani["offence"] == "child_marriage"


def test_murder_after_sexual_assault_told_across_sentences():
    incident = _extract(ENGLISH, "s10").incidents[0]
    assert incident["offence"] == "murder_after_sexual_assault"
    assert incident["date_of_incident"] == "2024-06-09"  # went missing on Sunday
    assert incident["district"] == "Peshawar"
    assert (incident["city"], incident["geo_precision"]) == ("Badaber", 1)  # the headline's town


def test_a_filming_and_blackmail_ring_is_pornography_blackmail():
    incident = _extract(ENGLISH, "s14").incidents[0]
    assert incident["offence"] == "pornography_blackmail"
    assert incident["victims"] is None
    assert incident["victim_genders"] == ["female"]
    assert incident["perpetrators_count"] == 4


def test_the_urdu_path_reads_a_police_brief():
    incident = _extract(URDU, "u01").incidents[0]
    assert incident["offence"] == "rape"
    assert incident["victim_ages"] == [9]
    assert (incident["city"], incident["district"], incident["province"]) == (
        "Kasur",
        "Kasur",
        "Punjab",
    )
    assert incident["date_of_incident"] == "2024-05-19"
    assert incident["perpetrator_relation"] == "neighbour"
    assert incident["police_action"] == "arrested"
    assert not _extract(URDU, "u08").is_incident_report  # India
    assert len(_extract(URDU, "u09").incidents) == 2  # "ایک اور واقعے میں"


def test_strange_text_is_read_without_failing():
    for text in ["", "\n\n", "https://example.invalid/x\n" + "rape " * 500, "٠" * 3000]:
        result = extract_article("x", text)
        assert isinstance(result.is_incident_report, bool)


@pytest.mark.parametrize("folder", [ENGLISH, URDU], ids=["english", "urdu"])
def test_synthetic_sets_score_above_the_targets(folder):
    scores = score(extract_folder(folder), list(read_jsonl(folder / "labels.jsonl")))
    assert scores.articles.f1 >= 0.92
    assert scores.incidents.f1 >= 0.9
    assert scores.fields["offence"].f1 >= 0.85
    assert scores.fields["district"].f1 >= 0.85
    assert scores.duplicates.f1 >= 0.8


def test_development_set_meets_the_issue_targets():
    if not (DEV / "labels.jsonl").is_file():
        pytest.skip(f"the development articles are not here ({DEV}); they are not redistributed")
    scores = score(extract_folder(DEV), list(read_jsonl(DEV / "labels.jsonl")))
    assert scores.articles.f1 >= 0.92
    assert scores.fields["offence"].f1 >= 0.85
    assert scores.fields["district"].f1 >= 0.85
    assert scores.duplicates.f1 >= 0.80
