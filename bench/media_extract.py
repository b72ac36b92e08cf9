"""Press articles extracted per second on one core, beside reading and tokenising the same
texts in the same run.

The texts are the synthetic English and Urdu sets of tests/data, and the development articles of
../shared/data/media-dev where they exist, cycled to N articles. Each article is read from disk
and extracted whole (relevance, incidents, every field, places); the geography index is built
before timing (once per process, as a worker does) and its per-text caches are emptied after
every article, so a repeated text costs what a new one would. The baseline reads the same files
and splits every article into sentences and words (the extractor's own tokeniser), nothing more.
"""

from __future__ import annotations

import time
from pathlib import Path

from nigraan.geo.places import place_index
from nigraan.media.extract.article import parse_article
from nigraan.media.extract.pipeline import extract_article
from nigraan.media.extract.tokens import clean, tokenise

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [
    ROOT / "tests" / "data" / "media-en-synthetic",
    ROOT / "tests" / "data" / "media-ur-dev",
    ROOT.parent.parent / "shared" / "data" / "media-dev",
]


def _paths(count: int) -> list[Path]:
    found = [p for folder in FOLDERS for p in sorted((folder / "articles").glob("*.txt"))]
    if not found:
        raise SystemExit("no articles found for the media benchmark")
    return [found[i % len(found)] for i in range(count)]


def _baseline(paths: list[Path]) -> float:
    start = time.perf_counter()
    words = 0
    for path in paths:
        article = parse_article(path.stem, path.read_text(encoding="utf-8"))
        words += sum(len(tokenise(clean(s.text))) for s in article.sentences)
    assert words > 0
    return len(paths) / (time.perf_counter() - start)


def _extraction(paths: list[Path]) -> tuple[float, int]:
    index = place_index()
    start = time.perf_counter()
    reports = 0
    for path in paths:
        result = extract_article(path.stem, path.read_text(encoding="utf-8"))
        reports += result.is_incident_report
        index.clear_caches()
    return len(paths) / (time.perf_counter() - start), reports


def run(count: int) -> list[dict]:
    paths = _paths(count)
    place_index()  # built once per process, before timing
    extract_article("warm-up", paths[0].read_text(encoding="utf-8"))
    baseline = _baseline(paths)
    ours, reports = _extraction(paths)
    if reports == 0:
        raise SystemExit("the media benchmark extracted no incident report: something is broken")
    characters = sum(len(p.read_text(encoding="utf-8")) for p in paths[:200]) // min(200, count)
    return [
        {
            "measure": f"press articles extracted/s, 1 core (n={count:,}, ~{characters:,} chars)",
            "ours": ours,
            "baseline": baseline,
            "ratio": ours / baseline,
            "target": "≥ 50 articles/s (baseline: read + tokenise)",
        }
    ]


if __name__ == "__main__":
    for row in run(500):
        print(row)
