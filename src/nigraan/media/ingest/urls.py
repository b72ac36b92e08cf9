"""Article addresses: tracking parameters stripped (courlan), the page's own canonical address
taken when it is on the same site, and the keys that make one page one article."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import courlan


class AddressRefused(ValueError):
    """Not an address an article can be read from (the message says why)."""


def clean_address(url: str, base: str | None = None) -> str:
    """An http(s) address without tracking parameters (utm_*, fbclid, gclid, ref…) or fragment,
    with the host in lower case. A relative address is resolved against ``base``."""
    url = (url or "").strip()
    if not url:
        raise AddressRefused("no link")
    if base and not urlsplit(url).scheme:
        url = courlan.fix_relative_urls(base, url)
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise AddressRefused(f"not an http(s) link: {url[:80]!r}")
    try:
        # Not courlan's strict mode: it also drops parameters that name the article
        # (``story.php?sid=…``); the default drops only trackers.
        normal = courlan.normalize_url(url, strict=False)
    except ValueError as error:
        raise AddressRefused(f"not a valid address: {url[:80]!r}") from error
    return urlsplit(normal)._replace(fragment="").geturl()


def _site(host: str) -> str:
    return host.lower().removeprefix("www.").removeprefix("m.").removeprefix("amp.")


def canonical_address(page_url: str, declared: str | None) -> str:
    """The page's declared canonical address (link rel=canonical, og:url) when it is a valid
    address on the same site, else the page's own. A canonical pointing at another site (a wire
    copy naming its source) would make this outlet's copy vanish into the other's."""
    own = clean_address(page_url)
    if not declared:
        return own
    try:
        canonical = clean_address(declared, base=page_url)
    except AddressRefused:
        return own
    same_site = _site(urlsplit(canonical).hostname or "") == _site(urlsplit(own).hostname or "")
    return canonical if same_site else own


def address_key(address: str) -> str:
    return hashlib.sha256(address.encode("utf-8")).hexdigest()
