"""Typed, versioned events: every kind round-trips through the ledger's data exactly, decoding
refuses what is not an event of its kind and says which field, version-1 payloads of a changed
kind are upgraded, and the registry, the projection, the timeline and docs/cases.md agree."""

from __future__ import annotations

import base64
import json
import re
import string
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from nigraan.cases import events as ev
from nigraan.cases import projection, selectors
from nigraan.ledger.encoding import canonical_json, decode_leaf

GOLDEN = Path(__file__).parent / "data" / "golden" / "ledger.jsonl"
DOCS = Path(__file__).parents[1] / "docs" / "cases.md"


def _strategy(kind: mi.Type) -> st.SearchStrategy[Any]:
    if isinstance(kind, mi.StrType):
        return st.text(max_size=20)
    if isinstance(kind, mi.IntType):
        return st.integers(-(2**63), 2**63 - 1)  # msgspec's integers are 64-bit
    if isinstance(kind, mi.BoolType):
        return st.booleans()
    if isinstance(kind, mi.NoneType):
        return st.none()
    if isinstance(kind, mi.UnionType):
        return st.one_of(*(_strategy(member) for member in kind.types))
    if isinstance(kind, mi.DictType):
        return st.dictionaries(_strategy(kind.key_type), _strategy(kind.value_type), max_size=4)
    if isinstance(kind, mi.VarTupleType):
        return st.lists(_strategy(kind.item_type), max_size=4).map(tuple)
    raise AssertionError(f"no strategy for {kind}")


def _fields(cls: type[ev.CaseEvent]) -> tuple[mi.Field, ...]:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    return info.fields


def events_of(cls: type[ev.CaseEvent]) -> st.SearchStrategy[ev.CaseEvent]:
    fields = {
        field.name: _strategy(field.type)
        if field.required
        else st.one_of(st.just(msgspec.UNSET), _strategy(field.type))
        for field in _fields(cls)
    }
    return st.fixed_dictionaries(fields).map(lambda values: cls(**values))


any_event = st.sampled_from(ev.EVENT_CLASSES).flatmap(events_of)


@given(any_event)
def test_every_kind_round_trips_through_its_data_and_the_canonical_json(event):
    data = ev.encode_event(event)
    assert ev.decode_event(event.kind, data) == event
    text = canonical_json(data)
    assert ev.decode_event(event.kind, json.loads(text)) == event
    assert canonical_json(ev.encode_event(ev.decode_event(event.kind, json.loads(text)))) == text


@pytest.mark.parametrize("cls", ev.EVENT_CLASSES, ids=lambda cls: cls.kind)
def test_each_kind_round_trips(cls):
    @given(events_of(cls))
    def round_trip(event):
        assert ev.decode_event(cls.kind, ev.encode_event(event)) == event

    round_trip()


@given(any_event, st.text(string.ascii_lowercase + "_", min_size=1, max_size=12))
def test_an_unknown_field_is_refused_by_name(event, name):
    data = ev.encode_event(event)
    if name in data or name == ev.VERSION_KEY:
        return
    with pytest.raises(ev.EventInvalid, match=f"unknown field `{name}`"):
        ev.decode_event(event.kind, {**data, name: 1})


@given(any_event, st.data())
def test_a_missing_field_is_refused_by_name(event, data):
    required = [f.encode_name for f in _fields(type(event)) if f.required]
    name = data.draw(st.sampled_from(required))
    payload = {k: v for k, v in ev.encode_event(event).items() if k != name}
    with pytest.raises(ev.EventInvalid, match=f"missing required field `{name}`"):
        ev.decode_event(event.kind, payload)


@given(st.text(min_size=1, max_size=30).filter(lambda kind: kind not in ev.BY_KIND))
def test_an_unknown_kind_is_refused_by_name(kind):
    with pytest.raises(ev.UnknownEventKind, match=re.escape(repr(kind))):
        ev.decode_event(kind, {})


def test_a_wrongly_typed_field_is_refused_by_name():
    with pytest.raises(ev.EventInvalid, match=r"Expected `int`, got `str` - at `\$.level`"):
        ev.decode_event(
            "case.deadline_escalated",
            {"deadline": "d", "level": "1", "to": "supervisor", "due": "x", "rules": "v2:x"},
        )


VERDICT_V1 = {
    "accused": [1],
    "basis": "verdict: conviction (2026-03-29)",
    "custody": "convicted",
    "flag": False,
    "on": "2026-03-29",
    "outcome": "conviction",
    "rules": "pipeline v1:8a9b15b89e655619",
}


def test_a_version_1_verdict_is_upgraded_to_version_2():
    event = ev.decode_event("case.verdict_recorded", VERDICT_V1)
    assert isinstance(event, ev.VerdictRecorded) and event.version == 2
    assert event.basis == "verdict: conviction (2026-03-29)"
    assert event.accused == (1,) and event.custody == "convicted"
    assert ev.encode_event(event) == {
        **{k: v for k, v in VERDICT_V1.items() if k != "basis"},
        "accused": (1,),
        "version": 2,
    }


def test_a_version_1_verdict_whose_basis_does_not_follow_is_refused():
    with pytest.raises(ev.EventInvalid, match="does not follow"):
        ev.decode_event("case.verdict_recorded", {**VERDICT_V1, "basis": "pardoned"})


def test_a_version_1_verdict_is_still_checked_field_by_field():
    with pytest.raises(ev.EventInvalid, match="version 1: Object missing required field `basis`"):
        ev.decode_event(
            "case.verdict_recorded", {k: v for k, v in VERDICT_V1.items() if k != "basis"}
        )


@pytest.mark.parametrize("version", [1, 3, "2", True])
def test_versions_this_code_does_not_write_are_refused(version):
    payload = {k: v for k, v in VERDICT_V1.items() if k != "basis"}
    with pytest.raises(ev.EventInvalid, match="is not one this code reads"):
        ev.decode_event("case.verdict_recorded", {**payload, "version": version})
    with pytest.raises(ev.EventInvalid, match="is not one this code reads"):
        ev.decode_event("case.note_added", {"note": "enc1:x", "version": version})


def _golden_leaves() -> list[str]:
    records = [json.loads(line) for line in GOLDEN.read_text().splitlines()]
    return [base64.b64decode(r["leaf"]).decode() for r in records if r["type"] == "leaf"]


def test_every_golden_event_decodes_and_unchanged_kinds_encode_to_the_same_bytes():
    for leaf in _golden_leaves():
        fields = decode_leaf(leaf)
        event = ev.decode_event(fields.kind, fields.data)
        if event.version == 1:
            assert canonical_json(ev.encode_event(event)) == fields.data_json, fields.kind
        else:  # the changed kind: the same facts, and the derived field still derives
            assert isinstance(event, ev.VerdictRecorded)
            assert fields.data["basis"] == event.basis


def test_every_kind_has_a_projection_a_timeline_and_urdu_words():
    assert not set(projection._APPLY) & set(projection._QUIET)
    applied = set(projection._APPLY) | set(projection._QUIET) | {ev.CaseOpened}
    assert applied == set(ev.EVENT_CLASSES)
    assert set(selectors._DETAILS) == set(ev.EVENT_CLASSES)
    for cls in ev.EVENT_CLASSES:
        with translation.override("en"):
            english = (str(cls.label), str(cls.definition))
        with translation.override("ur"):
            urdu = (str(cls.label), str(cls.definition))
        assert all(english) and urdu[0] != english[0] and urdu[1] != english[1], cls.kind


def _type_words(kind: mi.Type) -> str:
    if isinstance(kind, mi.StrType):
        return "text"
    if isinstance(kind, mi.IntType):
        return "integer"
    if isinstance(kind, mi.BoolType):
        return "true/false"
    if isinstance(kind, mi.NoneType):
        return "null"
    if isinstance(kind, mi.UnionType):
        return " or ".join(_type_words(member) for member in kind.types)
    if isinstance(kind, mi.DictType):
        return f"object of {_type_words(kind.value_type)}"
    if isinstance(kind, mi.VarTupleType):
        return f"list of {_type_words(kind.item_type)}"
    raise AssertionError(f"no words for {kind}")


def event_kinds_table() -> str:
    """The table docs/cases.md must hold, made from the registry."""
    rows = [
        "| kind | version | timeline label | data fields (`?`: may be absent) | definition |",
        "| --- | ---: | --- | --- | --- |",
    ]
    with translation.override("en"):
        for cls in ev.EVENT_CLASSES:
            fields = ", ".join(
                f"`{f.encode_name}{'' if f.required else '?'}`: {_type_words(f.type)}"
                for f in sorted(_fields(cls), key=lambda f: f.encode_name)
            )
            rows.append(
                f"| `{cls.kind}` | {cls.version} | {cls.label} | {fields} | {cls.definition} |"
            )
    return "\n".join(rows)


def test_docs_list_every_event_kind_as_the_registry_declares_it():
    table = event_kinds_table()
    assert table in DOCS.read_text(encoding="utf-8"), (
        "docs/cases.md's event-kinds table differs from the registry; it should read:\n" + table
    )
