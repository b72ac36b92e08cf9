"""Oversight read other provinces' ledger entries (issue 11): oversight for Sindh got Kasur's
``case.opened`` leaves (district, category, age band, gender) from /api/v1/ledger/entries while
the staff pages refused those cases. Every role × jurisdiction against every ledger endpoint:
raw leaves only to roles that audit the ledger, and only of the cases their jurisdiction covers
(every leaf's hash still served, so the tree can be rebuilt and checked against a signed head)."""

from __future__ import annotations

import base64
import json

import pytest

from nigraan.accounts.models import Role
from nigraan.ledger import merkle
from nigraan.ledger.models import Event
from nigraan.ledger.sequencer import sequence_and_sign

pytestmark = pytest.mark.django_db

REPORT = {
    "category": "harassment",
    "account": "A synthetic account for testing.",
    "police": "no",
    "reporter": "parent",
    "consent_understood": True,
    "age_band": "10-14",
    "gender": "female",
    "contact": "none",
}
KASUR, HYDERABAD = "PK614", "PK706"  # Punjab (PK6), Sindh (PK7)
JURISDICTIONS = {
    "kasur": {"district": KASUR},
    "punjab": {"province": "PK6"},
    "sindh": {"province": "PK7"},
    "hyderabad": {"district": HYDERABAD},
    "country": {"country": True},
}
AUDITORS = {Role.OVERSIGHT, Role.ADMINISTRATOR}
COVERED = {  # which filed case's leaves each jurisdiction may read whole
    "kasur": {KASUR},
    "punjab": {KASUR},
    "sindh": {HYDERABAD},
    "hyderabad": {HYDERABAD},
    "country": {KASUR, HYDERABAD},
}


@pytest.fixture
def two_provinces(client, geography):
    refs = {}
    for district in (KASUR, HYDERABAD):
        body = dict(REPORT, district=district)
        answer = client.post(
            "/api/v1/reports", data=json.dumps(body), content_type="application/json"
        )
        assert answer.status_code == 201, answer.content
        refs[district] = answer.json()["case"]
    size = sequence_and_sign().tree_size
    return refs, size


@pytest.mark.parametrize("where", sorted(JURISDICTIONS))
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_ledger_endpoints_by_role_and_jurisdiction(client, two_provinces, make_staff, role, where):
    refs, size = two_provinces
    client.force_login(make_staff(f"{role}.{where}", role, **JURISDICTIONS[where]))
    # Public endpoints answer everyone alike.
    assert client.get("/api/v1/ledger/sth").json()["tree_size"] == size
    assert client.get("/api/v1/ledger/consistency", {"first": 1, "second": size}).status_code in (
        200,
        404,
    )
    answer = client.get("/api/v1/ledger/entries", {"start": 0, "end": size - 1})
    if role not in AUDITORS:
        assert answer.status_code == 403
        assert "leaf" not in answer.content.decode()
        return
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store"
    entries = answer.json()["entries"]
    assert [e["index"] for e in entries] == list(range(size))
    by_index = {
        leaf.log_leaf.index: leaf.case_ref
        for leaf in Event.objects.filter(log_leaf__isnull=False).select_related("log_leaf")
    }
    readable = {refs[d] for d in COVERED[where]}
    hashes = []
    for entry in entries:
        hashed = base64.b64decode(entry["leaf_hash"])
        hashes.append(hashed)
        if by_index[entry["index"]] in readable:
            assert merkle.hash_leaf(base64.b64decode(entry["leaf"])) == hashed
        else:
            assert entry["leaf"] is None, (role, where, by_index[entry["index"]])
    # Every reader can rebuild the signed root from the hashes.
    root = base64.b64decode(client.get("/api/v1/ledger/sth").json()["root_hash"])
    assert merkle.root_from_leaf_hashes(hashes) == root


def test_oversight_for_sindh_reads_nothing_of_kasur(client, two_provinces, make_staff):
    refs, size = two_provinces
    client.force_login(make_staff("oversight.sindh", "oversight", province="PK7"))
    text = client.get("/api/v1/ledger/entries", {"start": 0, "end": size - 1}).content.decode()
    leaves = [
        base64.b64decode(e["leaf"]).decode()
        for e in json.loads(text)["entries"]
        if e["leaf"] is not None
    ]
    assert leaves and all(refs[HYDERABAD] in leaf for leaf in leaves)
    assert not any(KASUR in leaf or refs[KASUR] in leaf for leaf in leaves)
