"""``nigraan init``: prepare the database and keys. Safe to run again at any time."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepare Nigraan: apply database migrations, load Pakistan's geography, create keys. "
        "Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        from nigraan.cases.crypto import ensure_master_key
        from nigraan.cases.pipeline import check_all_rules
        from nigraan.geo.load import load_geography
        from nigraan.intake.receipts import ensure_salt
        from nigraan.ledger.keys import ensure_signing_key, verifier_key
        from nigraan.ledger.sequencer import sequence_and_sign

        verbosity = options["verbosity"]
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        summary = load_geography()
        self.stdout.write(f"Geography: {summary}")
        ensure_signing_key()
        self.stdout.write(f"Ledger verifier key: {verifier_key()}")
        self.stdout.write(f"Master key id: {ensure_master_key()}")
        ensure_salt()
        rules, flow = check_all_rules()
        self.stdout.write(
            f"Rules: deadlines v{rules.version} ({len(rules.deadlines)} deadlines), "
            f"pipeline v{flow.version} ({len(flow.next)} stages), valid"
        )
        head = sequence_and_sign()
        if head is not None:
            self.stdout.write(f"Signed tree head: size {head.tree_size}")
        self.stdout.write(self.style.SUCCESS("Ready."))
