"""Key custody: the log's signing key may live in a file of its own outside the data directory
(made 0600, refused when others may read it); a host given only the verifier key serves it and
refuses to sign; a signing key that is not the published one is refused."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.db import transaction

from nigraan.keyring import ledger_signing_seed
from nigraan.ledger.append import append_event
from nigraan.ledger.checkpoint import parse_and_verify
from nigraan.ledger.keys import SigningKeyError, signing_key, verifier_key
from nigraan.ledger.note import LOG_ED25519, raw_public_key
from nigraan.ledger.note import verifier_key as make_verifier_key
from nigraan.ledger.sequencer import sequence_and_sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_key_cache():
    signing_key.cache_clear()
    ledger_signing_seed.cache_clear()
    yield
    signing_key.cache_clear()
    ledger_signing_seed.cache_clear()


def _one_event() -> None:
    with transaction.atomic():
        append_event(case_ref="NGR-KEY00001", kind="case.note_added", actor="cw.kasur", data={})


def test_a_key_file_outside_the_data_directory_is_made_0600_and_signs(settings, tmp_path):
    path = tmp_path / "sequencer-host" / "ledger-signing.key"
    settings.NIGRAAN_LEDGER_SIGNING_KEY_FILE = str(path)
    _one_event()
    head = sequence_and_sign()
    assert path.stat().st_mode & 0o777 == 0o600 and len(path.read_bytes()) == 32
    assert not str(path).startswith(str(django_settings.DATA_DIR))
    assert parse_and_verify(head.checkpoint, verifier_key()).tree_size == head.tree_size
    seed_key = Ed25519PrivateKey.from_private_bytes(path.read_bytes())
    assert verifier_key() == make_verifier_key(
        settings.NIGRAAN_LOG_ORIGIN, raw_public_key(seed_key), LOG_ED25519
    )


def test_a_key_file_others_may_read_is_refused(settings, tmp_path):
    path = tmp_path / "ledger-signing.key"
    path.write_bytes(os.urandom(32))
    path.chmod(0o640)
    settings.NIGRAAN_LEDGER_SIGNING_KEY_FILE = str(path)
    _one_event()
    with pytest.raises(SigningKeyError, match="chmod 600"):
        sequence_and_sign()


def test_a_web_host_with_only_the_verifier_key_serves_it_and_never_signs(settings, client):
    key = Ed25519PrivateKey.generate()
    published = make_verifier_key(settings.NIGRAAN_LOG_ORIGIN, raw_public_key(key), LOG_ED25519)
    settings.NIGRAAN_LEDGER_VERIFIER_KEY = published
    assert client.get("/api/v1/ledger/public-key").json()["verifier_key"] == published
    _one_event()
    with pytest.raises(SigningKeyError, match="only the log's verifier key"):
        sequence_and_sign()


def test_a_signing_key_that_is_not_the_published_one_is_refused(settings, tmp_path):
    settings.NIGRAAN_LEDGER_SIGNING_KEY_FILE = str(tmp_path / "ledger-signing.key")
    other = Ed25519PrivateKey.generate()
    settings.NIGRAAN_LEDGER_VERIFIER_KEY = make_verifier_key(
        settings.NIGRAAN_LOG_ORIGIN, raw_public_key(other), LOG_ED25519
    )
    _one_event()
    with pytest.raises(SigningKeyError, match="not the one NIGRAAN_LEDGER_VERIFIER_KEY names"):
        sequence_and_sign()
