"""Configuration read from the environment, and the one data directory that holds all state."""

from __future__ import annotations

import os
import secrets
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from nigraan.ledger.note import COSIGNATURE_ED25519, NoteError, parse_key


def data_dir() -> Path:
    """The directory that holds the database, keys and uploads (``NIGRAAN_DATA_DIR``, default
    ``./var``)."""
    path = Path(os.environ.get("NIGRAAN_DATA_DIR", "var")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    (path / "keys").mkdir(mode=0o700, exist_ok=True)
    return path


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def read_or_create_secret(path: Path, make: Callable[[], bytes]) -> bytes:
    """Read a key file, or create it (mode 0600) on first use.

    Creation is race-safe: the key is written and synced to a temporary file first and then
    linked into place, which fails if another process got there first. So a key file is never
    seen empty or half-written. (Creating the file itself with O_EXCL and writing into it left
    that window open: two gunicorn workers making the receipt salt at their first report, one
    read an empty file, cached it, and refused every report after it with a 500.)"""
    try:
        return _read_whole(path)
    except FileNotFoundError:
        pass
    value = make()
    if not value:
        raise ValueError(f"refusing to write an empty key to {path}")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
            handle.write(value)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)  # atomic; refuses to replace a key another process made
        except FileExistsError:
            return _read_whole(path)
    finally:
        os.unlink(temporary)
    directory = os.open(path.parent, os.O_RDONLY)  # the new name survives a power cut too
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return value


def _read_whole(path: Path) -> bytes:
    value = path.read_bytes()
    if not value:
        raise ValueError(f"the key file {path} is empty: restore it from a backup")
    return value


def secret_key(directory: Path) -> str:
    """Django's SECRET_KEY: ``NIGRAAN_SECRET_KEY`` or a random key kept in the data directory."""
    from_env = os.environ.get("NIGRAAN_SECRET_KEY")
    if from_env:
        return from_env
    raw = read_or_create_secret(
        directory / "keys" / "django-secret.key", lambda: secrets.token_urlsafe(50).encode()
    )
    return raw.decode().strip()


@dataclass(frozen=True)
class WitnessSpec:
    """A witness the sequencer pushes checkpoints to (c2sp.org/tlog-witness)."""

    name: str  # its key name, from the verifier key
    url: str  # the submission prefix: POST {url}/add-checkpoint
    verifier_key: str  # NAME+KEYID+base64(0x04 ‖ Ed25519 public key)


class WitnessListError(ValueError):
    pass


def read_witnesses(path: str) -> tuple[list[WitnessSpec], int]:
    """The witnesses and the quorum K from ``NIGRAAN_WITNESSES_FILE`` (TOML)::

        quorum = 2                      # K: cosignatures that make a checkpoint witnessed
        [[witness]]
        url = "https://witness.commission.example"
        key = "commission.example/witness+1a2b3c4d+BL...="

    No file: no witnesses (checkpoints are signed but never witnessed). Without ``quorum``, a
    majority of the witnesses listed. A bad file stops start-up with a message saying what."""
    if not path:
        return [], 0
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WitnessListError(f"NIGRAAN_WITNESSES_FILE {path}: {exc}") from exc
    witnesses: list[WitnessSpec] = []
    for entry in document.get("witness", []):
        url, vkey = str(entry.get("url", "")).rstrip("/"), str(entry.get("key", ""))
        if not url.startswith(("http://", "https://")):
            raise WitnessListError(f'{path}: each [[witness]] needs url = "https://..."')
        try:
            key = parse_key(vkey, COSIGNATURE_ED25519)
        except NoteError as exc:
            raise WitnessListError(f"{path}: witness {url}: key: {exc}") from exc
        if any(known.name == key.name for known in witnesses):
            raise WitnessListError(f"{path}: two witnesses are named {key.name}")
        witnesses.append(WitnessSpec(key.name, url, key.vkey))
    quorum = document.get("quorum", len(witnesses) // 2 + 1 if witnesses else 0)
    if not isinstance(quorum, int) or (witnesses and not 1 <= quorum <= len(witnesses)):
        raise WitnessListError(f"{path}: quorum must be between 1 and {len(witnesses)}")
    return witnesses, quorum
