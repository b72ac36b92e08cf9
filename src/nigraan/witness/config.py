"""A witness's data directory: its name, its key and the logs it trusts.

    DIR/witness.toml      name = "..." and one [[log]] table per trusted log (origin, keys)
    DIR/witness.key       the 32-byte Ed25519 seed (0600), made on first start
    DIR/witness.sqlite3   what it cosigned, and the evidence it kept (store.py)

``witness.toml`` is written by ``nigraan witness add-log`` (under a lock, replaced atomically)
and may be edited by hand; a running witness rereads it when it changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.config import read_or_create_secret
from nigraan.ledger.note import (
    COSIGNATURE_ED25519,
    LOG_ED25519,
    NoteError,
    NoteKey,
    parse_key,
    raw_public_key,
    verifier_key,
)

CONFIG_FILE = "witness.toml"
KEY_FILE = "witness.key"
STATE_FILE = "witness.sqlite3"


class WitnessConfigError(ValueError):
    pass


@dataclass
class WitnessConfig:
    name: str
    logs: dict[str, list[str]] = field(default_factory=dict)  # origin → log verifier keys

    def trusted_keys(self, origin: str) -> list[NoteKey] | None:
        """The keys trusted for ``origin``, or None when the origin is unknown."""
        vkeys = self.logs.get(origin)
        return None if vkeys is None else [parse_key(vkey, LOG_ED25519) for vkey in vkeys]

    def render(self) -> str:
        # JSON strings are valid TOML basic strings (same escapes), so names survive any text.
        out = [
            "# Nigraan witness: its name, and the logs it cosigns (nigraan witness add-log).\n",
            f"name = {json.dumps(self.name, ensure_ascii=False)}\n",
        ]
        for origin, keys in sorted(self.logs.items()):
            rendered = ", ".join(json.dumps(k) for k in keys)
            out.append(f"\n[[log]]\norigin = {json.dumps(origin, ensure_ascii=False)}\n")
            out.append(f"keys = [{rendered}]\n")
        return "".join(out)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or any(c.isspace() or c == "+" for c in name):
        raise WitnessConfigError(
            f"a witness name is one word with no spaces or '+', e.g. commission.example/witness;"
            f" got {name!r}"
        )
    return name


def parse_config(text: str) -> WitnessConfig:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise WitnessConfigError(f"{CONFIG_FILE} is not valid TOML: {exc}") from exc
    config = WitnessConfig(_check_name(str(document.get("name", ""))))
    for table in document.get("log", []):
        origin, keys = table.get("origin"), table.get("keys")
        if not isinstance(origin, str) or not origin or "\n" in origin:
            raise WitnessConfigError(f"{CONFIG_FILE}: a [[log]] needs a one-line origin")
        if not isinstance(keys, list) or not keys:
            raise WitnessConfigError(f"{CONFIG_FILE}: log {origin} needs keys = [...]")
        for vkey in keys:
            try:
                parse_key(str(vkey), LOG_ED25519)
            except NoteError as exc:
                raise WitnessConfigError(f"{CONFIG_FILE}: log {origin}: {exc}") from exc
        config.logs.setdefault(origin, []).extend(str(k) for k in keys)
    return config


class DataDir:
    """One witness's data directory."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser().resolve()

    @property
    def config_file(self) -> Path:
        return self.path / CONFIG_FILE

    @property
    def state_file(self) -> Path:
        return self.path / STATE_FILE

    def prepare(self) -> None:
        self.path.mkdir(mode=0o700, parents=True, exist_ok=True)

    def private_key(self) -> Ed25519PrivateKey:
        """The witness's key, made (race-safely, 0600) the first time it is needed."""
        self.prepare()
        seed = read_or_create_secret(self.path / KEY_FILE, lambda: os.urandom(32))
        if len(seed) != 32:
            raise WitnessConfigError(f"{self.path / KEY_FILE} is not a 32-byte Ed25519 seed")
        return Ed25519PrivateKey.from_private_bytes(seed)

    def verifier_key(self, name: str) -> str:
        return verifier_key(name, raw_public_key(self.private_key()), COSIGNATURE_ED25519)

    def read_config(self) -> WitnessConfig | None:
        try:
            return parse_config(self.config_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def config_stamp(self) -> tuple[int, int]:
        """Changes whenever the file is replaced or edited (for rereading it when it changes)."""
        try:
            stat = self.config_file.stat()
        except FileNotFoundError:
            return (0, 0)
        return (stat.st_mtime_ns, stat.st_ino)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.prepare()
        with open(self.path / (CONFIG_FILE + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _write(self, config: WitnessConfig) -> None:
        fd, temporary = tempfile.mkstemp(prefix=f".{CONFIG_FILE}.", dir=self.path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(config.render())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.config_file)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise

    def settle_name(self, wanted: str | None) -> WitnessConfig:
        """Read the configuration, creating it with ``wanted`` (or a default) as the name. A name
        is for life: it is part of every cosignature, so a different one is refused."""
        with self._locked():
            config = self.read_config()
            if config is None:
                public = raw_public_key(self.private_key())
                config = WitnessConfig(_check_name(wanted or f"witness.local/{public[:4].hex()}"))
                self._write(config)
            elif wanted and _check_name(wanted) != config.name:
                raise WitnessConfigError(
                    f"this witness is named {config.name!r} (in {self.config_file}); its name "
                    "cannot change, because verifiers know it by name and key"
                )
            return config

    def add_log(self, vkey: str, origin: str | None, name: str | None) -> WitnessConfig:
        """Trust ``vkey`` for ``origin`` (default: the key's name)."""
        key = parse_key(vkey, LOG_ED25519)
        origin = origin or key.name
        self.settle_name(name)
        with self._locked():
            config = self.read_config()
            if config is None:
                raise WitnessConfigError(f"{self.config_file} vanished while being changed")
            keys = config.logs.setdefault(origin, [])
            if key.vkey not in keys:
                keys.append(key.vkey)
                self._write(config)
            return config
