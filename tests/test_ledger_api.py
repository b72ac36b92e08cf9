"""The public log API: what it returns verifies against the signed tree heads."""

from __future__ import annotations

import base64

import pytest
from django.db import transaction

from nigraan.ledger import merkle
from nigraan.ledger.append import append_event
from nigraan.ledger.checkpoint import parse_and_verify
from nigraan.ledger.encoding import leaf_hash
from nigraan.ledger.models import Event
from nigraan.ledger.sequencer import sequence_and_sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_log():
    sizes = []
    for n in range(37):
        with transaction.atomic():
            append_event(
                case_ref=f"NGR-API{n % 3:05d}",
                kind="case.note_added",
                actor="cw.kasur",
                data={"n": n},
            )
        if n in (0, 16, 29):
            sizes.append(sequence_and_sign().tree_size)
    sizes.append(sequence_and_sign().tree_size)
    return sizes


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def test_latest_checkpoint_verifies_with_the_published_key(client, signed_log):
    vkey = client.get("/api/v1/ledger/public-key").json()["verifier_key"]
    note = client.get("/api/v1/ledger/checkpoint").content.decode()
    checkpoint = parse_and_verify(note, vkey)
    sth = client.get("/api/v1/ledger/sth").json()
    assert checkpoint.tree_size == sth["tree_size"] == 37
    assert checkpoint.root_hash == _b64(sth["root_hash"])


@pytest.mark.parametrize("seq_index", [0, 5, 16, 36])
def test_inclusion_proof_from_api_verifies_against_signed_root(client, signed_log, seq_index):
    event = Event.objects.order_by("id")[seq_index]
    hashed = leaf_hash(event.leaf)
    for size in signed_log:
        response = client.get(
            "/api/v1/ledger/proof-by-hash",
            {"hash": base64.b64encode(hashed).decode(), "tree_size": size},
        )
        if seq_index >= size:
            assert response.status_code == 404
            continue
        body = response.json()
        root = _b64(
            client.get("/api/v1/ledger/sths").json()["tree_heads"][signed_log.index(size)][
                "root_hash"
            ]
        )
        merkle.verify_inclusion(
            body["leaf_index"], size, hashed, [_b64(h) for h in body["audit_path"]], root
        )


def test_consistency_proofs_from_api_verify_between_every_pair_of_heads(client, signed_log):
    heads = {
        h["tree_size"]: _b64(h["root_hash"])
        for h in client.get("/api/v1/ledger/sths").json()["tree_heads"]
    }
    for first in signed_log:
        for second in signed_log:
            if first > second:
                continue
            body = client.get(
                "/api/v1/ledger/consistency", {"first": first, "second": second}
            ).json()
            merkle.verify_consistency(
                first, second, [_b64(h) for h in body["consistency"]], heads[first], heads[second]
            )


@pytest.mark.parametrize(
    "url,params",
    [
        ("/api/v1/ledger/proof-by-hash", {"hash": "not base64!", "tree_size": 3}),
        (
            "/api/v1/ledger/proof-by-hash",
            {"hash": base64.b64encode(b"x" * 31).decode(), "tree_size": 3},
        ),
        (
            "/api/v1/ledger/proof-by-hash",
            {"hash": base64.b64encode(b"x" * 32).decode(), "tree_size": "-1"},
        ),
        ("/api/v1/ledger/consistency", {"first": 5, "second": 2}),
        ("/api/v1/ledger/consistency", {"first": "a", "second": 2}),
    ],
)
def test_bad_parameters_get_a_clear_400(client, signed_log, url, params):
    response = client.get(url, params)
    assert response.status_code == 400 and response.json()["error"]


def test_unsigned_sizes_and_unknown_leaves_are_404(client, signed_log):
    assert client.get("/api/v1/ledger/consistency", {"first": 2, "second": 37}).status_code == 404
    unknown = base64.b64encode(b"\x01" * 32).decode()
    assert (
        client.get("/api/v1/ledger/proof-by-hash", {"hash": unknown, "tree_size": 37}).status_code
        == 404
    )


def test_raw_entries_are_refused_to_the_public_and_served_to_auditors(
    client, signed_log, make_staff
):
    assert client.get("/api/v1/ledger/entries", {"start": 0, "end": 3}).status_code == 403
    client.force_login(make_staff("oversight.pk", "oversight", country=True))
    entries = client.get("/api/v1/ledger/entries", {"start": 0, "end": 3}).json()["entries"]
    assert [e["index"] for e in entries] == [0, 1, 2, 3]
    for entry in entries:
        assert merkle.hash_leaf(_b64(entry["leaf"])) == _b64(entry["leaf_hash"])


def test_case_workers_cannot_read_raw_entries(client, signed_log, make_staff):
    client.force_login(make_staff("cw.kasur", "case_worker", district="PK614"))
    assert client.get("/api/v1/ledger/entries", {"start": 0, "end": 3}).status_code == 403
