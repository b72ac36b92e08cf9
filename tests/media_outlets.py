"""A local outlet server for the ingest tests: real HTTP on a port the kernel chose (bound to port
0 by the server itself), serving RSS feeds, robots.txt and article pages, with the misbehaviours
the tests need (a slow answer, 500s before recovering, ETags for 304s). Every request is logged
with its headers.

Every article here is synthetic (invented places' events, no real person) and never graphic."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

SYNTHETIC = "[Synthetic article written for Nigraan's tests; names and events are invented.]"
SYNTHETIC_UR = "[مصنوعی خبر: نگران کے ٹیسٹ کے لیے لکھی گئی؛ واقعہ اور نام فرضی ہیں]"


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""
    delay: float = 0.0  # seconds before answering (a slow outlet)
    fail_first: int = 0  # answer 500 this many times, then recover
    served: int = 0


@dataclass
class OutletServer:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    # Called with each request's path before it is answered (a crash test kills its reader here).
    on_request: Callable[[str], None] | None = None

    def add(self, path: str, body: str | bytes, **options) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, **options)
        return self.base + path

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]


def _handler(server: OutletServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            if server.on_request is not None:
                server.on_request(path)
            route = server.routes.get(path)
            if route is None:
                self._answer(404, b"not found", "text/plain")
                return
            route.served += 1
            if route.delay:
                time.sleep(route.delay)
            if route.served <= route.fail_first:
                self._answer(500, b"internal error", "text/plain")
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._answer(304, b"", route.content_type, etag=route.etag)
                return
            self._answer(200, route.body, route.content_type, etag=route.etag)

        def _answer(self, status: int, body: bytes, kind: str, etag: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # the request log above is enough
            pass

    return Handler


@contextlib.contextmanager
def outlet_server() -> Iterator[OutletServer]:
    """A threaded HTTP server on 127.0.0.1, port 0; stopped when the block ends."""
    state = OutletServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, name="outlet-server", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed; items are (title, link, RFC 822 date). A raw ``<item>`` string may be
    given as the title with an empty link to put a malformed entry in."""
    parts = []
    for item_title, link, date in items:
        if not link and item_title.startswith("<item>"):
            parts.append(item_title)
            continue
        parts.append(
            f"<item><title>{escape(item_title)}</title><link>{escape(link)}</link>"
            f"<pubDate>{date}</pubDate><guid>{escape(link)}</guid></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.invalid/</link>"
        f"<description>synthetic</description>{''.join(parts)}</channel></rss>"
    )


def rfc822(day: str) -> str:
    moment = dt.datetime.fromisoformat(f"{day}T09:00:00+05:00")
    return format_datetime(moment)


def page(
    title: str,
    paragraphs: list[str],
    day: str,
    *,
    lang: str = "en",
    canonical: str = "",
    site: str = "The Daily Example",
) -> str:
    """An article page with the debris real pages have (navigation, related links, footer)."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    direction = ' dir="rtl"' if lang == "ur" else ""
    return f"""<!DOCTYPE html><html lang="{lang}"{direction}><head><meta charset="utf-8">
<title>{escape(title)} - {escape(site)}</title>{link}
<meta property="og:title" content="{escape(title)}">
<meta property="article:published_time" content="{day}T09:00:00+05:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/pakistan">Pakistan</a> <a href="/sport">Sport</a>
<a href="/business">Business</a> <a href="/opinion">Opinion</a></nav></header>
<main><article><h1>{escape(title)}</h1>{body}</article>
<aside><h2>Most read</h2><ul><li><a href="/x/1">Cricket team leaves for tour</a></li>
<li><a href="/x/2">Petrol price unchanged for the fortnight</a></li></ul></aside></main>
<footer>Copyright 2026 {escape(site)}. All rights reserved.</footer></body></html>"""
