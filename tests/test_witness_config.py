"""NIGRAAN_WITNESSES_FILE: the witnesses (URL and cosigner key) and the quorum, refused whole
with a message saying what is wrong; without a quorum, a majority."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.ledger.note import COSIGNATURE_ED25519, LOG_ED25519, raw_public_key, verifier_key
from nigraan.ledger.witness_list import WitnessListError, read_witnesses


def _key(name: str, kind: int = COSIGNATURE_ED25519) -> str:
    return verifier_key(name, raw_public_key(Ed25519PrivateKey.generate()), kind)


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "witnesses.toml"
    path.write_text(text)
    return str(path)


def _entry(url: str, key: str) -> str:
    return f'[[witness]]\nurl = "{url}"\nkey = "{key}"\n'


def test_no_file_means_no_witnesses():
    assert read_witnesses("") == ([], 0)


def test_three_witnesses_default_to_a_majority_and_keep_their_order(tmp_path):
    keys = [_key(f"w{i}.example/witness") for i in range(3)]
    text = "".join(_entry(f"https://w{i}.example/", key) for i, key in enumerate(keys))
    witnesses, quorum = read_witnesses(_write(tmp_path, text))
    assert quorum == 2
    assert [(w.name, w.url, w.verifier_key) for w in witnesses] == [
        (f"w{i}.example/witness", f"https://w{i}.example", keys[i]) for i in range(3)
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (_entry("ftp://w.example", _key("w.example/a")), "url"),
        (_entry("https://w.example", _key("w.example/a", LOG_ED25519)), "type 0x04"),
        (_entry("https://w.example", "w.example/a+00000000+AAAA"), "key"),
        ("quorum = 3\n" + _entry("https://w.example", _key("w.example/a")), "quorum"),
        (
            _entry("https://a.example", _key("same")) + _entry("https://b.example", _key("same")),
            "two witnesses are named same",
        ),
        ("[[witness]\n", "witnesses.toml"),
    ],
)
def test_a_bad_file_is_refused_saying_what(tmp_path, text, said):
    with pytest.raises(WitnessListError, match=said):
        read_witnesses(_write(tmp_path, text))
