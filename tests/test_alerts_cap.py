"""Every CAP document Nigraan makes validates against the OASIS CAP 1.2 schema, carries what a
missing-child alert needs, and nothing it must not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from lxml import etree

from alerts_support import ISSUED, PUBLISHER, sample_alert
from nigraan.alerts import cap_messages
from nigraan.alerts.cap_checks import CapInvalid
from nigraan.alerts.cap_model import CAP_NAMESPACE, CapMessage, MessageRef, MsgType, Status
from nigraan.alerts.cap_xml import SCHEMA_PATH, CapDocument, cap_document, validate_cap
from nigraan.alerts.content import Photo

NS = {"cap": CAP_NAMESPACE}
ROOT = Path(__file__).resolve().parents[1]
# The project's shared data sits beside the checkout (../shared) or beside its worktree folder.
SHARED_XSDS = [
    base / "shared" / "data" / "cap" / "CAP-v1.2.xsd" for base in (ROOT.parent, ROOT.parent.parent)
]
EXAMPLE = Path(__file__).parent / "data" / "cap" / "cap_amber_alert_example.xml"
LATER = dt.timedelta(hours=3)


def _texts(document: CapDocument, path: str) -> list[str]:
    root = etree.fromstring(document.xml)
    return [str(value) for value in root.xpath(path, namespaces=NS)]


def _series() -> dict[str, CapDocument]:
    """An alert, its update, its all-clear, a withdrawn twin, and a drill."""
    alert = sample_alert()
    first = cap_messages.alert_message(alert, PUBLISHER, "NGR-A-2026-0001-1", ISSUED)
    wider = dataclasses.replace(alert, texts=alert.texts)
    update = cap_messages.update_message(
        wider, PUBLISHER, "NGR-A-2026-0001-2", ISSUED + LATER, (first.message.ref(),)
    )
    found = cap_messages.all_clear_message(
        alert,
        PUBLISHER,
        "NGR-A-2026-0001-3",
        ISSUED + 2 * LATER,
        (first.message.ref(), update.message.ref()),
    )
    cancel = cap_messages.cancel_message(
        alert,
        PUBLISHER,
        "NGR-A-2026-0001-4",
        ISSUED + LATER,
        (first.message.ref(),),
        reason={
            "en": "Issued in error: the child was at a relative's house.",
            "ur": "غلطی سے جاری ہوا۔",
        },
    )
    drill = cap_messages.alert_message(
        sample_alert(exercise=True, reference="X-2026-0001"), PUBLISHER, "NGR-X-2026-0001-1", ISSUED
    )
    return {"alert": first, "update": update, "all_clear": found, "cancel": cancel, "drill": drill}


def test_the_schema_is_the_oasis_file_unchanged():
    digest = hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest()
    assert digest == "b7798ef25868b068c97b268bda02d067c7d4ba9373adc5638bf37105804ee723"
    for shared in SHARED_XSDS:
        if shared.exists():
            assert shared.read_bytes() == SCHEMA_PATH.read_bytes()


def test_the_oasis_amber_example_validates_and_a_broken_copy_does_not():
    validate_cap(EXAMPLE.read_bytes())
    broken = EXAMPLE.read_bytes().replace(b"<status>Actual</status>", b"<status>Real</status>")
    with pytest.raises(CapInvalid, match="schema"):
        validate_cap(broken)
    reordered = (
        EXAMPLE.read_bytes()
        .replace(b"<source>SW</source>", b"")
        .replace(b"<scope>Public</scope>", b"<scope>Public</scope><source>SW</source>")
    )
    with pytest.raises(CapInvalid, match="schema"):
        validate_cap(reordered)


@pytest.mark.parametrize("kind", ["alert", "update", "all_clear", "cancel", "drill"])
def test_every_kind_of_document_validates_against_the_schema(kind):
    document = _series()[kind]
    root = validate_cap(document.xml)  # again, from the bytes a reader would fetch
    assert root.tag == f"{{{CAP_NAMESPACE}}}alert"
    assert _texts(document, "cap:scope/text()") == ["Public"]
    assert _texts(document, "cap:info/cap:language/text()") == ["en-US", "ur"]


def test_update_and_all_clear_and_cancel_reference_the_original():
    series = _series()
    original = series["alert"].message
    original_ref = f"{original.sender},{original.identifier},2026-06-02T17:05:00+05:00"
    assert _texts(series["alert"], "cap:references/text()") == []
    assert _texts(series["update"], "cap:msgType/text()") == ["Update"]
    assert _texts(series["update"], "cap:references/text()") == [original_ref]
    assert _texts(series["cancel"], "cap:msgType/text()") == ["Cancel"]
    assert _texts(series["cancel"], "cap:references/text()") == [original_ref]
    all_clear_refs = _texts(series["all_clear"], "cap:references/text()")[0].split(" ")
    assert all_clear_refs[0] == original_ref
    assert all_clear_refs[1].startswith("alerts@nigraan.example,NGR-A-2026-0001-2,")


def test_an_alert_carries_what_amber_practice_asks_for():
    document = _series()["alert"]
    assert _texts(document, "cap:sent/text()") == ["2026-06-02T17:05:00+05:00"]
    assert _texts(document, "cap:status/text()") == ["Actual"]
    assert _texts(document, "cap:info[1]/cap:category/text()") == ["Rescue", "Security"]
    assert _texts(document, "cap:info[1]/cap:event/text()") == ["Child Abduction"]
    assert _texts(document, "cap:info[2]/cap:event/text()") == ["بچے کا اغوا"]
    assert _texts(document, "cap:info[1]/cap:urgency/text()") == ["Immediate"]
    assert _texts(document, "cap:info[1]/cap:severity/text()") == ["Severe"]
    assert _texts(document, "cap:info[1]/cap:eventCode/cap:value/text()") == ["CAE"]
    assert _texts(document, "cap:info[1]/cap:area/cap:circle/text()") == [
        "24.833000,67.115000 20.000"
    ]
    assert _texts(document, "cap:info[1]/cap:area/cap:geocode/cap:value/text()") == [
        "PK712",
        "PK714",
    ]
    assert _texts(document, "cap:info[2]/cap:headline/text()")[0].startswith("لاپتہ بچہ: بلال")
    assert _texts(document, "cap:info[1]/cap:resource/cap:mimeType/text()") == ["image/jpeg"]
    assert _texts(document, "cap:info[1]/cap:expires/text()") == ["2026-06-04T17:05:00+05:00"]


def test_a_child_only_missing_is_rescue_without_security_or_abduction_code():
    document = cap_messages.alert_message(
        sample_alert(abducted=False), PUBLISHER, "NGR-A-2026-0001-1", ISSUED
    )
    assert _texts(document, "cap:info[1]/cap:category/text()") == ["Rescue"]
    assert _texts(document, "cap:info[1]/cap:event/text()") == ["Missing Child"]
    assert _texts(document, "cap:info[2]/cap:event/text()") == ["لاپتہ بچہ"]
    assert _texts(document, "cap:info[1]/cap:eventCode") == []


def test_all_clear_and_cancel_withdraw_the_description_photo_and_age():
    series = _series()
    for kind in ("all_clear", "cancel"):
        document = series[kind]
        text = document.xml.decode()
        assert "shalwar" not in text and "شلوار" not in text
        assert _texts(document, "cap:info/cap:resource") == []
        assert _texts(document, "cap:info/cap:parameter") == []
        assert _texts(document, "cap:info/cap:urgency/text()") == ["Past", "Past"]
    assert _texts(series["all_clear"], "cap:info/cap:responseType/text()") == [
        "AllClear",
        "AllClear",
    ]
    assert _texts(series["all_clear"], "cap:info[2]/cap:headline/text()") == [
        "بچہ مل گیا: کورنگی کراسنگ، کراچی کا الرٹ ختم"
    ]
    assert "Issued in error" in _texts(series["cancel"], "cap:note/text()")[0]


def test_a_drill_is_status_exercise_and_says_so_in_every_language():
    document = _series()["drill"]
    assert _texts(document, "cap:status/text()") == ["Exercise"]
    assert _texts(document, "cap:note/text()")[0].startswith("Exercise: not a real alert.")
    headlines = _texts(document, "cap:info/cap:headline/text()")
    assert headlines[0].startswith("EXERCISE: ") and headlines[1].startswith("مشق: ")
    found = cap_messages.all_clear_message(
        sample_alert(exercise=True, reference="X-2026-0001"),
        PUBLISHER,
        "NGR-X-2026-0001-2",
        ISSUED + LATER,
        (document.message.ref(),),
    )
    assert _texts(found, "cap:status/text()") == ["Exercise"]


def test_a_photo_goes_out_only_when_present_and_consented():
    without = cap_messages.alert_message(
        sample_alert(photo=None), PUBLISHER, "NGR-A-2026-0001-1", ISSUED
    )
    assert _texts(without, "cap:info/cap:resource") == []
    unconsented = Photo(
        uri="https://nigraan.example/p.jpg", mime_type="image/jpeg", consented=False
    )
    with pytest.raises(CapInvalid, match="consent"):
        cap_messages.alert_message(
            sample_alert(photo=unconsented), PUBLISHER, "NGR-A-2026-0001-1", ISSUED
        )


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"identifier": "NGR A 1"}, "identifier"),
        ({"identifier": "NGR,A,1"}, "identifier"),
        ({"sender": "alerts<at>x"}, "sender"),
        ({"msg_type": MsgType.UPDATE}, "references"),
        ({"msg_type": MsgType.CANCEL}, "references"),
        ({"sent": dt.datetime(2026, 6, 2, 17, 5)}, "time zone"),  # noqa: DTZ001
    ],
)
def test_a_document_that_would_be_wrong_is_refused_whole(change, complaint):
    good = _series()["alert"].message
    with pytest.raises(CapInvalid, match=complaint):
        cap_document(dataclasses.replace(good, **change))


def test_an_alert_cannot_reference_and_an_update_cannot_reference_itself():
    good = _series()["alert"].message
    with pytest.raises(CapInvalid, match="references nothing"):
        cap_document(dataclasses.replace(good, references=(good.ref(),)))
    with pytest.raises(CapInvalid, match="itself"):
        cap_document(dataclasses.replace(good, msg_type=MsgType.UPDATE, references=(good.ref(),)))
    later = MessageRef(good.sender, "NGR-LATER", good.sent + dt.timedelta(hours=1))
    with pytest.raises(CapInvalid, match="after"):
        cap_document(dataclasses.replace(good, msg_type=MsgType.UPDATE, references=(later,)))


def test_areas_are_checked_where_the_schema_only_sees_strings():
    good = _series()["alert"].message
    info = good.infos[0]
    area = info.areas[0]
    open_ring = ((24.8, 67.0), (24.9, 67.0), (24.9, 67.1), (24.8, 67.1))
    for bad_area, complaint in (
        (dataclasses.replace(area, polygons=(open_ring,)), "polygon"),
        (
            dataclasses.replace(area, circles=(dataclasses.replace(area.circles[0], radius_km=0),)),
            "radius",
        ),
        (
            dataclasses.replace(area, circles=(dataclasses.replace(area.circles[0], lat=95.0),)),
            "WGS 84",
        ),
        (dataclasses.replace(area, circles=(), geocodes=()), "polygon, a circle or a geocode"),
    ):
        bad_info = dataclasses.replace(info, areas=(bad_area,))
        with pytest.raises(CapInvalid, match=complaint):
            cap_document(dataclasses.replace(good, infos=(bad_info, *good.infos[1:])))


def test_text_xml_cannot_carry_is_refused_not_published():
    good = _series()["alert"].message
    info = dataclasses.replace(good.infos[0], description="Last seen \x07 near the bakery")
    with pytest.raises(CapInvalid, match="XML cannot carry"):
        cap_document(dataclasses.replace(good, infos=(info, *good.infos[1:])))


def test_an_alert_needs_both_languages_and_a_child_under_eighteen():
    with pytest.raises(CapInvalid, match="en, ur"):
        cap_messages.alert_message(
            sample_alert(texts={"en": sample_alert().texts["en"]}), PUBLISHER, "N-1", ISSUED
        )
    with pytest.raises(CapInvalid, match="under 18"):
        cap_messages.alert_message(sample_alert(child_age_years=18), PUBLISHER, "N-1", ISSUED)
    with pytest.raises(CapInvalid, match="P-codes"):
        area = dataclasses.replace(sample_alert().area, district_codes=("Korangi",))
        cap_messages.alert_message(sample_alert(area=area), PUBLISHER, "N-1", ISSUED)


def test_times_are_written_with_pakistans_offset_and_utc_as_minus_zero():
    document = _series()["alert"]
    assert isinstance(document.message, CapMessage)
    assert document.message.status is Status.ACTUAL
    utc = dataclasses.replace(document.message, sent=ISSUED.astimezone(dt.UTC))
    assert b"<sent>2026-06-02T12:05:00-00:00</sent>" in cap_document(utc).xml
