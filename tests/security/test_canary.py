"""The canary test (issue 11): a unique random string typed into every free-text field of every
channel — the web form, the JSON API, the helpline form and an SMS conversation — must appear
nowhere a database reader or a log reader could find it: not in the raw SQLite file or its WAL,
not in any column of any table read through SQL, not in a pg_dump of the test database (on
PostgreSQL), not in the captured logs or output; nor may the receipt codes given back.
Protected fields are encrypted per case, SMS state sealed, receipts hashed: if any of them leaks,
a canary shows where."""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.db import connection

from gateway_server import gateway_server
from nigraan.cases.models import Case
from nigraan.intake.steps import LAST
from nigraan.notify.outbox import deliver_due

pytestmark = pytest.mark.django_db(transaction=True)  # committed: on disk, in the WAL
SMS_TOKEN = "synthetic-inbound-token"


def _canary(kind: str = "text") -> str:
    if kind == "phone":
        return "+92" + "".join(secrets.choice("0123456789") for _ in range(10))
    if kind == "email":
        return f"cnry{secrets.token_hex(8)}@example.org"
    return f"cnry{secrets.token_hex(10)}"


class Canaries(dict[str, str]):
    """Every canary planted, by where it was typed (``web.account``)."""

    def plant(self, where: str, kind: str = "text") -> str:
        self[where] = _canary(kind)
        return self[where]

    def receipt(self, where: str, page: str) -> None:
        """The receipt code a page showed: it must not be stored either (only its hash)."""
        grouped = page.split('id="receipt-code" dir="ltr">')[1].split("<")[0]
        self[where] = grouped.replace(" ", "")
        assert len(self[where]) == 20 and self[where].isdigit()

    def needles(self) -> dict[str, bytes]:
        """What to look for: each canary, and a phone's digits without the + (stored forms)."""
        found = {where: value.encode() for where, value in self.items()}
        found.update({f"{w} (digits)": v[1:].encode() for w, v in self.items() if v[0] == "+"})
        found.update(
            {
                f"{w} (grouped)": " ".join(v[i : i + 4] for i in range(0, 20, 4)).encode()
                for w, v in self.items()
                if w.endswith(".receipt")
            }
        )
        return found


def _file_report(client, canaries: Canaries) -> None:
    answers = {
        "submission": canaries.plant("web.submission"),
        "category": "harassment",
        "account": f"Synthetic account {canaries.plant('web.account')} (canary).",
        "when": "unknown",
        "province": "PK6",
        "district": "PK614",
        "place": f"Near {canaries.plant('web.place')}",
        "age_band": "unknown",
        "gender": "unknown",
        "abuser_relation": "unknown",
        "police": "no",
        "reporter": "parent",
        "contact": "phone",
        "phone": canaries.plant("web.phone", "phone"),
        "consent_understood": "1",
        "in_danger_now": "0",
        "step": str(LAST),  # the review step: send
    }
    response = client.post("/en/report/", answers)
    assert "Your report was received" in response.content.decode()
    canaries.receipt("web.receipt", response.content.decode())


def _api_report(client, canaries: Canaries) -> None:
    body = {
        "category": "online_abuse",
        "account": f"Synthetic account {canaries.plant('api.account')}.",
        "district": "PK614",
        "place": canaries.plant("api.place"),
        "police": "no",
        "reporter": "relative",
        "contact": "email",
        "email": canaries.plant("api.email", "email"),
        "consent_understood": True,
    }
    response = client.post(
        "/api/v1/reports",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=canaries.plant("api.idempotency_key"),
    )
    assert response.status_code == 201, response.content
    canaries["api.receipt"] = response.json()["receipt"]


def _helpline_call(client, make_staff, canaries: Canaries) -> None:
    client.force_login(make_staff("op.canary", "helpline_operator", district="PK614"))
    call = {
        "submission": canaries.plant("helpline.submission"),
        "category": "missing_child",
        "account": f"Synthetic call {canaries.plant('helpline.account')}.",
        "when": "unknown",
        "province": "PK6",
        "district": "PK614",
        "place": canaries.plant("helpline.place"),
        "age_band": "5-9",
        "gender": "male",
        "abuser_relation": "unknown",
        "police": "no",
        "reporter": "parent",
        "contact": "phone",
        "phone": canaries.plant("helpline.phone", "phone"),
        "consent_understood": "on",
    }
    response = client.post("/en/staff/helpline/", call)
    canaries.receipt("helpline.receipt", response.content.decode())
    client.logout()


def _sms_conversation(client, fixed_clock, canaries: Canaries) -> None:
    phone = canaries.plant("sms.phone", "phone")
    account = f"Synthetic {canaries.plant('sms.account')} account"
    for n, text in enumerate(["help", "3", account, "Kasur", "1", "2", "yes"]):
        fixed_clock.advance(seconds=90)
        response = client.post(
            f"/api/v1/sms/inbound?token={SMS_TOKEN}",
            {"from": phone, "text": text, "date": canaries["sms.phone"] + f"-{n}"},
        )
        assert response.status_code == 200
        deliver_due()


def _sqlite_files() -> list[Path]:
    main = Path(connection.settings_dict["NAME"])
    return [path for path in (main, Path(f"{main}-wal")) if path.exists()]


def _raw_database_bytes() -> dict[str, bytes]:
    """The database as a thief with a copy of it would read it."""
    if connection.vendor == "sqlite":
        files = {str(path): path.read_bytes() for path in _sqlite_files()}
        with connection.cursor() as cursor:  # and again once the WAL is folded into the file
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        files.update({f"{p} (after checkpoint)": p.read_bytes() for p in _sqlite_files()})
        return files
    if connection.vendor == "postgresql":
        return {"pg_dump": _pg_dump()}
    return {}


def _pg_dump() -> bytes:
    if shutil.which("pg_dump") is None:
        pytest.fail("PostgreSQL is the test database but pg_dump is not installed")
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = ["pg_dump", "--no-owner", "--data-only", "--dbname", str(db["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    return subprocess.run(command, env=env, capture_output=True, check=True, timeout=120).stdout


def _every_cell() -> dict[str, bytes]:
    """Every column of every row of every table, read through SQL, as bytes."""
    cells: dict[str, bytes] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")
            columns = [column[0] for column in cursor.description]
            for number, row in enumerate(cursor.fetchall()):
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    raw = bytes(value) if isinstance(value, bytes | memoryview) else None
                    text = raw if raw is not None else str(value).encode()
                    cells[f"{table}.{column} row {number}"] = text
    return cells


def _leaks(canaries: Canaries, places: dict[str, bytes]) -> list[str]:
    return [
        f"{where} found in {place}"
        for where, needle in canaries.needles().items()
        for place, content in places.items()
        if needle in content
    ]


def test_a_canary_in_every_field_of_every_channel_is_found_nowhere(
    client, geography, make_staff, fixed_clock, settings, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    canaries = Canaries()
    with gateway_server() as server:
        settings.NIGRAAN_SMS_INBOUND_TOKEN = SMS_TOKEN
        settings.NIGRAAN_SMS_GATEWAY = "rapidpro"
        settings.NIGRAAN_SMS_OPTIONS = {"NIGRAAN_SMS_SEND_URL": f"{server.url}/send"}
        _file_report(client, canaries)
        _api_report(client, canaries)
        _helpline_call(client, make_staff, canaries)
        _sms_conversation(client, fixed_clock, canaries)
    assert Case.objects.filter(channel__in=["web", "api", "helpline", "sms"]).count() == 4
    # The reporter's own data did reach the gateway (so the canaries were really typed in) …
    assert any(canaries["sms.phone"][1:].encode() in r.body for r in server.received)
    last = parse_qs(server.received[-1].body.decode())["text"][0]
    canaries["sms.receipt"] = last.split("Receipt code: ")[1].split(".")[0].replace(" ", "")
    # … and is nowhere at rest or in the logs.
    output = capfd.readouterr()
    places = {
        **_every_cell(),
        **_raw_database_bytes(),
        "logs": caplog.text.encode(),
        "stdout": output.out.encode(),
        "stderr": output.err.encode(),
    }
    assert len(places) > 100
    # The search reads the right data: what is stored in clear (a staff username) is found.
    for kind in ("cells", "raw"):
        where = [p for p in places if (kind == "raw") == (p.startswith("/") or p == "pg_dump")]
        assert any(b"op.canary" in places[p] for p in where), f"{kind}: search reads nothing"
    assert not _leaks(canaries, places), "\n".join(_leaks(canaries, places))
