"""``nigraan media extract`` and ``media evaluate``, the scorer, duplicate grouping, and the place
scanner they rely on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nigraan.geo.places import place_index
from nigraan.media.evaluate import accepted, score
from nigraan.media.extract.cluster import IncidentKey, cluster

ENGLISH = Path(__file__).parent / "data" / "media-en-synthetic"


def test_extract_writes_one_record_per_article_without_reading_labels(tmp_path, capsys):
    folder = tmp_path / "press"
    shutil.copytree(ENGLISH / "articles", folder / "articles")
    (folder / "labels.jsonl").write_text("this is not read\n")
    out = tmp_path / "out.jsonl"
    call_command("media", "extract", str(folder), "--out", str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == sorted(p.stem for p in (folder / "articles").iterdir())
    for record in records:
        assert set(record) >= {"id", "is_incident_report", "incidents"}
        for incident in record["incidents"]:
            assert set(incident) >= {
                "victims", "victim_ages", "victim_genders", "offence", "city", "district",
                "province", "date_of_incident", "perpetrator_relation", "perpetrators_count",
                "police_action",
            }  # fmt: skip
    clusters = {r["id"]: i["cluster"] for r in records for i in r["incidents"] if "cluster" in i}
    assert clusters["s01"] == clusters["s17"]  # one incident, two outlets
    assert "18 articles" in capsys.readouterr().out


def test_evaluate_prints_per_field_figures(capsys):
    call_command("media", "evaluate", str(ENGLISH))
    output = capsys.readouterr().out
    for measure in ["is_incident_report", "incident detection", "offence", "district",
                    "duplicate pairs"]:  # fmt: skip
        assert measure in output
    call_command("media", "evaluate", str(ENGLISH), "--ids", "s01,s17")
    assert "2 labelled articles" in capsys.readouterr().out


def test_evaluate_scores_a_predictions_file(tmp_path, capsys):
    predictions = tmp_path / "p.jsonl"
    predictions.write_text(
        "".join(
            json.dumps({"id": f"s{n:02d}", "is_incident_report": False, "incidents": []}) + "\n"
            for n in range(1, 19)
        )  # fmt: skip
    )
    call_command("media", "evaluate", str(ENGLISH), "--predictions", str(predictions))
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("is_incident"))
    assert line.split()[1:4] == ["1.000", "0.000", "0.000"]  # nothing predicted, nothing right


def test_bad_folders_are_refused_with_a_clear_message(tmp_path):
    with pytest.raises(CommandError, match="no articles/ folder"):
        call_command("media", "extract", str(tmp_path), "--out", str(tmp_path / "o.jsonl"))
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "001.txt").write_text("https://example.invalid/a\ntext\n")
    with pytest.raises(CommandError, match="no labels.jsonl"):
        call_command("media", "evaluate", str(tmp_path))
    (tmp_path / "labels.jsonl").write_text("{not json\n")
    with pytest.raises(CommandError, match="line 1: not JSON"):
        call_command("media", "evaluate", str(tmp_path))


def test_an_unreadable_article_is_set_aside_with_the_reason(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "001.txt").write_bytes(b"\xff\xfe\x00bad")
    out = tmp_path / "o.jsonl"
    call_command("media", "extract", str(tmp_path), "--out", str(out))
    record = json.loads(out.read_text())
    assert record["is_incident_report"] is False
    assert "not UTF-8" in record["reason"]


def _incident(**fields):
    base = {
        "victims": 1, "victim_ages": [8], "victim_genders": ["female"], "offence": "rape",
        "city": "Kasur", "district": "Kasur", "province": "Punjab", "date_of_incident": None,
        "perpetrator_relation": "unknown", "perpetrators_count": 1, "police_action": "arrested",
        "district_code": "PK614",
    }  # fmt: skip
    return base | fields


def test_alternatives_and_spellings_of_places_are_accepted():
    gold = _incident(district="Qila Abdullah", alt={"offence": ["sexual_assault"]})
    assert accepted("district", "Killa Abdullah", gold)
    assert accepted("offence", "sexual_assault", gold)
    assert not accepted("offence", "abduction", gold)
    assert accepted("district", "Mirpur Khas", _incident(district="Mirpurkhas"))
    assert not accepted("district", "Mirpur", _incident(district="Mirpurkhas"))


def test_duplicate_pairs_are_scored_over_matched_incidents():
    labels = [
        {"id": a, "is_incident_report": True, "incidents": [_incident(dup_key="k")]}
        for a in ("a", "b", "c")
    ]
    predictions = [
        {"id": "a", "is_incident_report": True, "incidents": [_incident(cluster="x")]},
        {"id": "b", "is_incident_report": True, "incidents": [_incident(cluster="x")]},
        {"id": "c", "is_incident_report": True, "incidents": [_incident()]},
    ]
    scores = score(predictions, labels)
    assert (scores.duplicates.tp, scores.duplicates.fp, scores.duplicates.fn) == (1, 0, 2)


def test_reports_of_one_incident_group_and_different_victims_do_not():
    def key(article: str, **fields) -> IncidentKey:
        return IncidentKey(article, 0, _incident(**fields), frozenset({"Kasur", "Saba"}), None)

    ids = cluster([key("a"), key("b"), key("c", victim_ages=[12]), key("d", province="Sindh")])
    assert ids[("a", 0)] == ids[("b", 0)]
    assert ("c", 0) not in ids and ("d", 0) not in ids


def test_the_place_scanner_knows_towns_neighbourhoods_and_common_words():
    index = place_index()
    found = {m.surface: m.places for m in index.scan("A girl from Korangi, Karachi, and Pattoki")}
    assert found["Korangi"][0].city == "Karachi" and found["Korangi"][0].district_code is None
    assert found["Pattoki"][0].district_name == "Kasur"
    assert index.scan("the tank and the bagh") == ()  # common words, lower case
    meanings = {p.district_name for p in index.lookup("Muzaffarabad")}
    assert meanings == {"Muzaffarabad", "Multan"}  # the AJK capital and the Multan town
    assert index.lookup("قصور")[0].district_code == "PK614"
