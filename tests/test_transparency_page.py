"""The public transparency page: what the log has signed, who countersigned it, and how to
check it by hand, in English and Urdu, with no JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client

from nigraan.ledger.append import append_event
from nigraan.ledger.models import SigningHalt, TreeHead, WitnessCosignature, WitnessPosition
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.witness_list import WitnessSpec

pytestmark = pytest.mark.django_db


def _sign(events: int) -> TreeHead:
    with transaction.atomic():
        for n in range(events):
            append_event(case_ref=f"NGR-T{n:04d}", kind="case.note_added", actor="t", data={})
    head = sequence_and_sign()
    assert head is not None
    return head


def _cosign(head: TreeHead, witness: str) -> None:
    WitnessCosignature.objects.create(
        tree_head=head,
        witness=witness,
        key_id="abcd1234",
        timestamp=head.timestamp_ms // 1000,
        line=f"— {witness} AAAA\n",
        received_at=dt.datetime.now(dt.UTC),
    )
    WitnessPosition.objects.update_or_create(
        witness=witness,
        defaults={"tree_size": head.tree_size, "last_cosigned_at": dt.datetime.now(dt.UTC)},
    )


def test_with_no_witnesses_the_page_says_so_plainly():
    _sign(3)
    page = Client().get("/en/transparency/").content.decode()
    assert "This deployment has no witnesses yet." in page
    assert 'id="latest-head"' in page and "<dd>3</dd>" in page
    # No script but the public pages' quick exit (a static file; the page works without it)
    assert page.count("<script") == 1 and '<script src="/static/nigraan/quick-exit.js"' in page


def test_the_witnessed_head_and_each_witness_are_shown(settings):
    settings.NIGRAAN_WITNESSES = [
        WitnessSpec(name="commission.example/witness", url="http://w1", verifier_key="w1+key"),
        WitnessSpec(name="university.example/witness", url="http://w2", verifier_key="w2+key"),
    ]
    settings.NIGRAAN_WITNESS_QUORUM = 2
    first = _sign(2)
    _cosign(first, "commission.example/witness")
    _cosign(first, "university.example/witness")
    second = _sign(1)
    _cosign(second, "commission.example/witness")  # one of two: not witnessed
    page = Client().get("/en/transparency/").content.decode()
    witnessed = page.split('id="witnessed-head"')[1].split("</dl>")[0]
    assert f"<dd>{first.tree_size}</dd>" in witnessed
    assert "commission.example/witness" in page and "w2+key" in page
    history = page.split('id="history"')[1].split("</table>")[0]
    assert f"<td>{second.tree_size}</td>" in history and f"<td>{first.tree_size}</td>" in history
    assert history.count("✓") == 1


def test_a_stop_on_signing_is_shown_loudly_and_the_urdu_page_reads_in_urdu():
    _sign(1)
    SigningHalt.objects.create(
        witness="w",
        witness_size=9,
        log_size=1,
        reason="larger size",
        raised_at=dt.datetime.now(dt.UTC),
    )
    english = Client().get("/en/transparency/").content.decode()
    assert 'id="signing-stopped"' in english
    urdu = Client().get("/ur/transparency/").content.decode()
    assert 'dir="rtl"' in urdu and "Transparency: the public log" not in urdu
