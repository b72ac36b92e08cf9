"""Press ingest to incidents, per second on one core, beside reading and tokenising the same texts
in the same run.

A local outlet server (a thread of this process, port 0) serves RSS feeds and one HTML page per
article, made from the synthetic English and Urdu sets of tests/data and the development articles
of ../shared/data/media-dev where they exist. One ingest run then does everything a real run
does: feeds (conditional GET), robots.txt, every page over HTTP, trafilatura, canonical address,
MinHash, the extractor, joining incidents, all in the database. Politeness delays are set to 0
(a real run waits at least a second between two requests to one host; that is the outlets'
time, not ours). Texts beyond the distinct ones available repeat, and are then collapsed as wire
copies; the row says how many. The baseline reads the same texts and splits them into sentences
and words (the extractor's tokeniser), nothing more."""

from __future__ import annotations

import contextlib
import html
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from nigraan.geo.places import place_index
from nigraan.media.extract.article import parse_article
from nigraan.media.extract.tokens import clean, tokenise
from nigraan.media.ingest.outlets import Outlet, Outlets, Politeness
from nigraan.media.ingest.run import ingest
from nigraan.media.models import Article, Incident

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [
    ROOT / "tests" / "data" / "media-en-synthetic",
    ROOT / "tests" / "data" / "media-ur-dev",
    ROOT / "tests" / "data" / "media-en-heldout",
    ROOT.parent.parent / "shared" / "data" / "media-dev",
]
PER_FEED = 50
DAY = "2026-10-05"


def _texts(count: int) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) per article: line 1 of each file is its title or address."""
    files = [p for folder in FOLDERS for p in sorted((folder / "articles").glob("*.txt"))]
    if not files:
        raise SystemExit("no articles found for the media ingest benchmark")
    texts = []
    for path in files:
        first, _, body = path.read_text(encoding="utf-8").partition("\n")
        title = first.rsplit("/", 1)[-1].replace("-", " ") if first.startswith("http") else first
        body = body.removeprefix("date ").split(" ", 1)[-1] if body.startswith("date ") else body
        texts.append((title.strip() or path.stem, [p for p in body.split("\n") if p.strip()]))
    return [texts[i % len(texts)] for i in range(count)]


def _page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta property="article:published_time" content="{DAY}T09:00:00+05:00"></head><body>'
        '<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        "<footer>Copyright 2026 Bench Daily</footer></body></html>"
    ).encode()


def _feed(links: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        f"<pubDate>Mon, 05 Oct 2026 09:00:00 +0500</pubDate></item>"
        for t, u in links
    )
    channel = f"<channel><title>bench</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


@contextlib.contextmanager
def _server(routes: dict[str, tuple[bytes, str]]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = routes.get(self.path, (b"", ""))
            self.send_response(200 if kind else 404)
            self.send_header("Content-Type", kind or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _outlets(base: str, feeds: int, pages: int) -> Outlets:
    fast = Politeness(min_delay_seconds=0, max_pages_per_run=pages, timeout_seconds=20)
    outlet = Outlet(
        "Bench Daily",
        "en",
        tuple(f"{base}/feed/{n}.xml" for n in range(feeds)),
        None,
        fast,
        True,
        "",
    )
    return Outlets(1, "bench", "Nigraan-press-monitor/bench", (outlet,))


def _baseline(texts: list[tuple[str, list[str]]]) -> float:
    start = time.perf_counter()
    words = 0
    for number, (title, paragraphs) in enumerate(texts):
        article = parse_article(str(number), "\n".join([title, *paragraphs]))
        words += sum(len(tokenise(clean(s.text))) for s in article.sentences)
    assert words > 0
    return len(texts) / (time.perf_counter() - start)


def run(count: int) -> list[dict]:
    texts = _texts(count)
    routes: dict[str, tuple[bytes, str]] = {"/robots.txt": (b"User-agent: *\n", "text/plain")}
    links = []
    for number, (title, paragraphs) in enumerate(texts):
        routes[f"/news/{number}"] = (_page(title, paragraphs), "text/html; charset=utf-8")
        links.append((title, f"/news/{number}"))
    place_index()  # built once per process, before timing, as a worker does
    baseline = _baseline(texts)
    with _server(routes) as base:
        feeds = [links[i : i + PER_FEED] for i in range(0, len(links), PER_FEED)]
        for n, chunk in enumerate(feeds):
            routes[f"/feed/{n}.xml"] = (
                _feed([(t, base + u) for t, u in chunk]),
                "application/rss+xml",
            )
        start = time.perf_counter()
        counts = ingest(_outlets(base, len(feeds), count))
        seconds = time.perf_counter() - start
    processed = Article.objects.exclude(status=Article.Status.QUEUED).count()
    if processed != count or not Incident.objects.exists():
        raise SystemExit(f"media ingest benchmark: {processed} of {count} articles; {counts}")
    ours = count / seconds
    copies = counts.get("wire_copies", 0)
    return [
        {
            "measure": (
                f"press articles ingested to incidents/s, 1 core (n={count:,}: "
                f"{counts.get('incident_reports', 0)} reports, {copies} wire copies, "
                f"{Incident.objects.count()} incidents; HTTP server in-process)"
            ),
            "ours": ours,
            "baseline": baseline,
            "ratio": ours / baseline,
            "target": "reported (goal ≥ 50/s is for extraction; baseline: read + tokenise)",
        }
    ]
