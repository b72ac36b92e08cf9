"""The synthetic press the ingest tests read: five outlets on a local server (English, Urdu, a slow
one, one that fails and recovers), and the articles they list. All synthetic, never graphic."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from media_outlets import SYNTHETIC, SYNTHETIC_UR, OutletServer, page, rfc822, rss

ABDUCTION = (
    "Girl, 12, abducted in Chunian",
    [
        "CHUNIAN: A 12-year-old girl was abducted from outside her home in Chunian tehsil of "
        "Kasur district on Saturday evening, police said.",
        "According to the FIR registered at Chunian Saddar police station on the complaint of her "
        "father, Muhammad Aslam, the girl had gone to a nearby shop when two men on a motorcycle "
        "took her away.",
        "Police registered a case under Section 364-A of the Pakistan Penal Code and formed teams "
        "to trace the girl and the suspects, a police spokesman said.",
        "The family appealed to the district police officer for the early recovery of the girl.",
        SYNTHETIC,
    ],
)
SAME_EVENT_OTHER_WORDS = (
    "Family seeks recovery of abducted daughter",
    [
        "KASUR: The family of a schoolgirl abducted from Chunian three days ago staged a protest "
        "outside the Kasur press club on Monday, demanding her early recovery.",
        "Muhammad Aslam said his 12-year-old daughter was taken away by two men on a motorcycle "
        "while she was going to a shop near their house in Chunian, Kasur district.",
        "The Chunian Saddar police have registered a case under Section 364-A of the Pakistan "
        "Penal Code against unidentified suspects but have not recovered the girl so far, he said.",
        SYNTHETIC,
    ],
)
FOLLOW_UP = (
    "Main suspect held, abducted girl recovered in Chunian",
    [
        "CHUNIAN: Police on Thursday arrested the main suspect in the abduction of a 12-year-old "
        "girl from Chunian tehsil of Kasur district and recovered the girl, a police spokesman "
        "said.",
        "The girl was abducted last Saturday when she had gone to a shop near her home. Her "
        "father, Muhammad Aslam, had registered a case at Chunian Saddar police station under "
        "Section 364-A of the Pakistan Penal Code.",
        "The spokesman said the second suspect would be arrested soon and the girl had been "
        "handed over to her family.",
        SYNTHETIC,
    ],
)
NOT_AN_INCIDENT = (
    "Cabinet approves funds for girls' schools",
    [
        "LAHORE: The provincial cabinet on Monday approved funds for building 40 new girls' "
        "schools in the southern districts of the province, a spokesman said.",
        "The schools will be built over two years and will offer classes up to matriculation, the "
        "spokesman said, adding that teachers would be hired through the public service "
        "commission.",
        "The cabinet also approved a plan to provide free textbooks to students in government "
        "schools.",
        SYNTHETIC,
    ],
)
CHILD_MARRIAGE = (
    "Police stop marriage of 13-year-old girl in Jhang",
    [
        "JHANG: Police on Sunday stopped the marriage of a 13-year-old girl in a village of Jhang "
        "district and arrested the nikah khwan and the groom's father, police said.",
        "Acting on a tip-off, a police team reached the house where the nikah was to be performed "
        "with a 35-year-old man. The girl's age was confirmed from her school certificate.",
        "A case was registered under the Child Marriage Restraint Act against the groom, his "
        "father and the nikah khwan, police said.",
        SYNTHETIC,
    ],
)
URDU_BRIEF = (
    "اوکاڑہ: کمسن بچی سے زیادتی کا ملزم گرفتار",
    [
        "اوکاڑہ (نمائندہ خصوصی) تھانہ صدر اوکاڑہ کے علاقے میں 9 سالہ بچی کو زیادتی کا نشانہ بنانے "
        "والے ملزم کو پولیس نے گرفتار کر لیا۔",
        "پولیس کے مطابق ملزم متاثرہ بچی کا پڑوسی ہے جس نے اتوار کے روز بچی کو ورغلا کر اپنے گھر لے "
        "جا کر زیادتی کی۔ بچی کے والد کی درخواست پر مقدمہ درج کر لیا گیا ہے۔",
        "ضلعی پولیس افسر نے واقعے کا نوٹس لیتے ہوئے تفتیش جلد مکمل کرنے کی ہدایت کی ہے۔",
        SYNTHETIC_UR,
    ],
)
MALFORMED_ENTRY = "<item><title>An entry with no link</title><link></link></item>"


@dataclass
class PressWorld:
    server: OutletServer
    rules: Path
    urls: dict[str, str]


def outlets_yaml(base: str, slow_timeout: float = 1) -> str:
    return f"""version: 1
jurisdiction: PK
user_agent: "Nigraan-press-monitor/0.1 (tests)"
defaults: {{min_delay_seconds: 1, max_pages_per_run: 10, timeout_seconds: 5}}
outlets:
  - name: Daily Example
    language: en
    feeds: [{base}/example/feed.xml]
  - name: Second Daily
    language: en
    feeds: [{base}/second/feed.xml]
  - name: Urdu Akhbar
    language: ur
    feeds: [{base}/urdu/feed.xml]
  - name: Slow Times
    language: en
    feeds: [{base}/slow/feed.xml]
    politeness: {{timeout_seconds: {slow_timeout}}}
  - name: Flaky News
    language: en
    feeds: [{base}/flaky/feed.xml]
"""


def build_world(server: OutletServer, rules: Path) -> PressWorld:
    """Every route of the synthetic press, and outlets.yaml pointing at it in ``rules``."""
    base, urls = server.base, {}
    articles = {
        "abduction": ("/example/news/1001-girl-abducted-in-chunian", ABDUCTION, "2026-10-05"),
        "not_incident": ("/example/news/1002-cabinet-school-funds", NOT_AN_INCIDENT, "2026-10-05"),
        "follow_up": ("/example/news/1010-suspect-held-in-chunian", FOLLOW_UP, "2026-10-09"),
        "private": ("/private/news/1003-internal", NOT_AN_INCIDENT, "2026-10-05"),
        "same_event": (
            "/second/story/78-family-seeks-recovery",
            SAME_EVENT_OTHER_WORDS,
            "2026-10-06",
        ),
        "marriage": ("/flaky/news/5-marriage-stopped-in-jhang", CHILD_MARRIAGE, "2026-10-04"),
        "urdu": ("/urdu/khabar/55", URDU_BRIEF, "2026-10-05"),
    }
    for name, (path, (title, paragraphs), day) in articles.items():
        lang = "ur" if name == "urdu" else "en"
        urls[name] = server.add(path, page(title, paragraphs, day, lang=lang))
    # The same agency brief, printed by a second paper under its own headline and byline.
    title, paragraphs = ABDUCTION
    urls["wire_copy"] = server.add(
        "/second/story/77-minor-girl-kidnapped",
        page(
            "Minor girl kidnapped in Kasur",
            ["Our Correspondent", *paragraphs],
            "2026-10-05",
            site="Second Daily",
        ),
    )
    feeds = {
        "/example/feed.xml": [
            ("Girl, 12, abducted in Chunian", urls["abduction"] + "?utm_source=rss", "2026-10-05"),
            ("Cabinet approves funds", urls["not_incident"], "2026-10-05"),
            (MALFORMED_ENTRY, "", ""),
            ("Internal page", urls["private"], "2026-10-05"),
        ],
        "/second/feed.xml": [
            ("Minor girl kidnapped in Kasur", urls["wire_copy"], "2026-10-05"),
            ("Family seeks recovery", urls["same_event"], "2026-10-06"),
        ],
        "/urdu/feed.xml": [("اوکاڑہ: ملزم گرفتار", urls["urdu"], "2026-10-05")],
        "/slow/feed.xml": [],
        "/flaky/feed.xml": [("Marriage stopped", urls["marriage"], "2026-10-04")],
    }
    for path, items in feeds.items():
        entries = [(t, link, rfc822(day) if day else "") for t, link, day in items]
        options = {"etag": f'"{path}-v1"', "content_type": "application/rss+xml"}
        if path.startswith("/slow"):
            options["delay"] = 3.0
        if path.startswith("/flaky"):
            options["fail_first"] = 2
        server.add(path, rss(path, entries), **options)
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    (rules / "outlets.yaml").write_text(outlets_yaml(base), encoding="utf-8")
    return PressWorld(server, rules, urls)


def publish_follow_up(world: PressWorld) -> None:
    """Four days later the first paper reports the arrest: its feed changes (a new ETag)."""
    urls = world.urls
    items = [
        ("Main suspect held", urls["follow_up"], rfc822("2026-10-09")),
        ("Girl, 12, abducted in Chunian", urls["abduction"], rfc822("2026-10-05")),
    ]
    world.server.add(
        "/example/feed.xml",
        rss("example", items),
        etag='"example-v2"',
        content_type="application/rss+xml",
    )
