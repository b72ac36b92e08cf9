"""``nigraan media extract DIR --out FILE``, ``nigraan media evaluate DIR [--predictions
FILE]`` and ``nigraan media ingest [--outlet NAME] [--once]``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nigraan.media.evaluate import report, score
from nigraan.media.folder import FolderRefused, extract_folder, read_jsonl, write_jsonl
from nigraan.media.ingest.command import run_ingest


class Command(BaseCommand):
    help = (
        "Press monitoring. extract DIR --out FILE: read every articles/NNN.txt of DIR (never its "
        "labels) and write one JSON record per article. evaluate DIR: score predictions (or a "
        "fresh extraction) against DIR/labels.jsonl and print per-field figures. ingest: read "
        "the outlets of rules/outlets.yaml, store new articles and join their incidents."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        extract = sub.add_parser("extract", help="extract incidents from a folder of articles")
        extract.add_argument("folder", type=Path, help="a folder with articles/NNN.txt")
        extract.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
        evaluate = sub.add_parser("evaluate", help="score against the folder's labels.jsonl")
        evaluate.add_argument("folder", type=Path, help="a folder with articles/ and labels.jsonl")
        evaluate.add_argument(
            "--predictions", type=Path, help="records from `media extract` (default: extract now)"
        )
        evaluate.add_argument(
            "--ids", help="score only these article ids (comma-separated), e.g. a held-out split"
        )
        ingest = sub.add_parser(
            "ingest",
            help="read the outlets' feeds and new pages, extract and join their incidents",
        )
        ingest.add_argument("--outlet", help="read only this outlet (by its name in outlets.yaml)")
        ingest.add_argument(
            "--once",
            action="store_true",
            help="one run, then exit (default: a run every NIGRAAN_PRESS_INGEST_SECONDS)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "ingest":
                run_ingest(self.stdout, options["outlet"], once=options["once"])
            elif options["action"] == "extract":
                self._extract(options["folder"], options["out"])
            else:
                self._evaluate(options["folder"], options["predictions"], options["ids"])
        except FolderRefused as refused:
            raise CommandError(str(refused)) from refused

    def _extract(self, folder: Path, out: Path) -> None:
        start = time.perf_counter()
        records = extract_folder(folder)
        write_jsonl(records, out)
        seconds = time.perf_counter() - start
        reports = sum(r["is_incident_report"] for r in records)
        incidents = sum(len(r["incidents"]) for r in records)
        self.stdout.write(
            f"{len(records)} articles, {reports} incident reports, {incidents} incidents "
            f"in {seconds:.2f} s; wrote {out}"
        )

    def _evaluate(self, folder: Path, predictions: Path | None, ids: str | None) -> None:
        labels_path = folder / "labels.jsonl"
        if not labels_path.is_file():
            raise CommandError(f"{folder} has no labels.jsonl to score against")
        labels = list(read_jsonl(labels_path))
        records = list(read_jsonl(predictions)) if predictions else extract_folder(folder)
        if ids:
            wanted = {i.strip() for i in ids.split(",") if i.strip()}
            unknown = wanted - {r["id"] for r in labels}
            if unknown:
                raise CommandError(f"no labelled article with id {', '.join(sorted(unknown))}")
            labels = [r for r in labels if r["id"] in wanted]
        self.stdout.write(f"{len(labels)} labelled articles in {folder}")
        self.stdout.write(report(score(records, labels)))
