"""``nigraan figures check`` and ``nigraan figures rebuild`` (the read model's two tools)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from nigraan.stats.models import CaseFigures, FiguresCursor
from nigraan.stats.publish import current_releases
from nigraan.stats.read_model import refresh
from nigraan.stats.reading import latest
from nigraan.stats.recount_check import recount_differences
from nigraan.stats.release import Period


def handle(command: BaseCommand, options: dict[str, Any]) -> None:
    if options["action"] == "rebuild":
        with transaction.atomic():
            CaseFigures.objects.all().delete()
            FiguresCursor.objects.all().delete()
        upto = refresh()
        count = CaseFigures.objects.count()
        command.stdout.write(f"Rebuilt the figures read model: {count} cases, ledger id {upto}.")
        return
    if options["period"]:
        text = options["period"]
        row = latest(Period.parse(text if ":" in text else f"month:{text}").key)
        if row is None:
            raise CommandError(f"{options['period']} is not published")
        rows = [row]
    else:
        rows = current_releases()
    problems = [problem for row in rows for problem in recount_differences(row)]
    for problem in problems:
        command.stderr.write(problem)
    if problems:
        raise CommandError("published figures differ from a recount of the ledger (above)")
    names = ", ".join(f"{row.period} v{row.version}" for row in rows) or "none published"
    command.stdout.write(f"Every published figure is the ledger's recount: {names}.")
