"""Folders in the media-dev layout: ``articles/NNN.txt`` (line 1 the URL or title) and, for
evaluation only, ``labels.jsonl``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nigraan.media.extract.cluster import IncidentKey, cluster
from nigraan.media.extract.pipeline import Extraction, extract_article


class FolderRefused(Exception):
    """The folder is not in the media-dev layout (the message says what is wrong)."""


def article_files(folder: Path) -> list[Path]:
    articles = folder / "articles"
    if not articles.is_dir():
        raise FolderRefused(f"{folder} has no articles/ folder (expected articles/NNN.txt)")
    files = sorted(articles.glob("*.txt"))
    if not files:
        raise FolderRefused(f"{articles} has no .txt articles")
    return files


def _read(path: Path) -> tuple[str | None, str | None]:
    """(text, why it could not be read)."""
    try:
        return path.read_text(encoding="utf-8"), None
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except OSError as error:
        return None, f"could not be read ({error.strerror})"


def extract_folder(folder: Path) -> list[dict[str, Any]]:
    """One record per article, in labels.jsonl's format, with ``cluster`` ids on incidents that
    several articles report. Never reads labels. An article that cannot be read is set aside
    with the reason (not an incident report)."""
    results: list[Extraction] = []
    for path in article_files(folder):
        text, problem = _read(path)
        if text is None:
            results.append(Extraction(path.stem, False, f"set aside: {problem}"))
            continue
        results.append(extract_article(path.stem, text))
    keys = [
        IncidentKey(
            result.id,
            index,
            incident,
            result.names[index],
            result.article.seen_date if result.article else None,
        )
        for result in results
        for index, incident in enumerate(result.incidents)
    ]
    clusters = cluster(keys)
    records = []
    for result in results:
        record = result.record()
        for index, incident in enumerate(record["incidents"]):
            if (result.id, index) in clusters:
                incident["cluster"] = clusters[(result.id, index)]
        records.append(record)
    return records


def write_jsonl(records: list[dict[str, Any]], out: Path) -> None:
    with open(out, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise FolderRefused(f"{path} line {number}: not JSON ({error.msg})") from error
            if not isinstance(record, dict) or "id" not in record:
                raise FolderRefused(f"{path} line {number}: a record needs an id")
            yield record
