"""Key material comes from one module: from its setting when set, else from a file in the data
directory made on first use (mode 0600), and a bad setting is refused saying how to fix it."""

from __future__ import annotations

import base64
import stat
from collections.abc import Iterator

import pytest

from nigraan import keyring


def _clear() -> None:
    keyring.master_key.cache_clear()
    keyring.ledger_signing_seed.cache_clear()
    keyring.receipt_salt.cache_clear()


@pytest.fixture
def fresh_keys(settings, tmp_path) -> Iterator[object]:
    """A data directory of its own; the suite's keys are read again afterwards."""
    (tmp_path / "keys").mkdir()
    settings.DATA_DIR = tmp_path
    _clear()
    yield settings
    _clear()


def test_keys_are_made_on_first_use_and_kept(fresh_keys, tmp_path):
    master, seed, salt = keyring.master_key(), keyring.ledger_signing_seed(), keyring.receipt_salt()
    assert (len(master), len(seed), len(salt)) == (32, 32, 16)
    for name, value in (("master.key", master), ("ledger-signing.key", seed)):
        path = tmp_path / "keys" / name
        assert path.read_bytes() == value and stat.S_IMODE(path.stat().st_mode) == 0o600
    _clear()
    assert keyring.master_key() == master  # read back, not made again


def test_a_master_key_setting_wins_over_the_file(fresh_keys):
    key = bytes(range(32))
    fresh_keys.NIGRAAN_MASTER_KEY = base64.b64encode(key).decode()
    assert keyring.master_key() == key
    assert len(keyring.master_key_id()) == 16


@pytest.mark.parametrize(
    "value,message",
    [("not base64!", "must be base64"), (base64.b64encode(b"short").decode(), "exactly 32")],
)
def test_a_bad_master_key_setting_is_refused(fresh_keys, value, message):
    fresh_keys.NIGRAAN_MASTER_KEY = value
    with pytest.raises(keyring.MasterKeyError, match=message):
        keyring.master_key()


def test_a_bad_signing_key_setting_is_refused(fresh_keys):
    fresh_keys.NIGRAAN_LEDGER_SIGNING_KEY = base64.b64encode(b"x" * 31).decode()
    with pytest.raises(keyring.SigningKeyError, match="32-byte Ed25519 seed"):
        keyring.ledger_signing_seed()


def test_the_receipt_salt_setting_is_any_text(fresh_keys):
    fresh_keys.NIGRAAN_RECEIPT_SALT = "a site's own salt"
    assert len(keyring.receipt_salt()) == 16
