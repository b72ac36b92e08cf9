"""The annual report: a published release as a PDF in English and Urdu (WeasyPrint), opened with
poppler's pdftoppm (page 1 rendered to PNG) and read back with pdftotext — Urdu text comes back
as the expected Urdu strings, laid out by the Arabic-script font (Noto Naskh Arabic). Needs
poppler-utils and the Noto fonts (scripts/ensure_report_tools.sh)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from PIL import Image

from figures_histories import write_case
from nigraan.stats.publish import publish
from nigraan.stats.release import Period

PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7"), ("PK614", "PK6")]
TOOLS = ("pdftoppm", "pdftotext", "pdffonts")
pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="poppler-utils missing: run scripts/ensure_report_tools.sh",
)


@pytest.fixture
def annual(db, geography):
    """The release of the twelve months ending December 2025 (the 2025 annual release)."""
    with transaction.atomic():
        for number in range(30):
            steps = [(5, ("stage", "fir_registered", False))] if number % 2 else []
            history = ("web", "sexual_abuse", PLACES[number % 4], "5-9", "female", 20, steps)
            write_case(number, history)
    return publish(Period.parse("rolling:2025-12")).release


def _run(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, check=True, timeout=120)
    return done.stdout.decode("utf-8")


def _words(text: str) -> str:
    """Whitespace collapsed, without the bidi marks pdftotext puts around right-to-left runs."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFC", text).split())


def _page_one_renders(pdf: Path, tmp_path: Path) -> None:
    _run("pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", pdf, tmp_path / "page")
    png = next(tmp_path.glob("page*.png"))
    with Image.open(png) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
        assert grey.size[0] > 300 and dark > 500, "page 1 rendered blank"


def test_the_command_writes_the_english_report(annual, tmp_path):
    call_command("figures", "report", "--year", "2025", "--language", "en", "--output", tmp_path)
    pdf = tmp_path / "nigraan-figures-rolling-2025-12-v1-en.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    _page_one_renders(pdf, tmp_path)
    text = _words(_run("pdftotext", pdf, "-"))
    assert "Nigraan annual report 2025" in text
    assert "Reported is not prevalence." in text
    assert annual.sha256 in text and annual.ledger_hash in text
    assert "nigraan ledger verify" in text
    assert "Reports received" in text and "Kasur" in text  # a measure and a district (PK614)
    assert 'shown as "fewer than 5"' in text
    html = (tmp_path / "nigraan-figures-rolling-2025-12-v1-en.html").read_text("utf-8")
    assert 'id="measure-outcomes"' in html and "<script" not in html
    assert 'id="measure-trials_started"' in html and "Trials started" in text  # the funnel's trial
    assert "@page" in html and "Noto Naskh Arabic" in html  # the stylesheet, inlined


def test_a_year_not_published_is_refused(annual, tmp_path):
    with pytest.raises(CommandError, match="rolling:2026-12 is not published"):
        call_command("figures", "report", "--year", "2026", "--output", tmp_path)


def test_the_urdu_report_is_linked_shaped_and_right_to_left(client, annual, tmp_path, settings):
    settings.DATA_DIR = tmp_path / "data"
    index = client.get("/ur/figures/").content.decode()
    link = "/ur/figures/rolling/2025-12/v1/report.pdf"
    assert link in index and "سالانہ رپورٹ 2025" in index
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report-ur.pdf"
    pdf.write_bytes(response.content)
    assert list((tmp_path / "data" / "figures-reports").glob("*-ur-*.pdf")), "kept for next time"
    _page_one_renders(pdf, tmp_path)
    # The Urdu is set in an Arabic-script font, which HarfBuzz shapes (Pango): joined forms.
    assert "Noto-Naskh-Arabic" in _run("pdffonts", pdf)
    text = _words(_run("pdftotext", pdf, "-"))
    for expected in (
        "اس اجرا کی جانچ کیسے کریں",  # a heading of page 1
        "چھوٹی تعداد کی حفاظت کیسے ہوتی ہے",
        "موصول ہونے والی رپورٹیں",  # the first measure's title
        "صوبے اور ضلع کے لحاظ سے کل",
    ):
        assert _words(expected) in text, expected
    # No English sentence of the report is left untranslated.
    assert "How to check this release" not in text and "Reported is not prevalence" not in text
    assert client.get(link).content == response.content  # served from the kept file


def test_simultaneous_requests_render_once(annual, tmp_path, settings, monkeypatch):
    import threading
    import time

    from nigraan.stats import report

    settings.DATA_DIR = tmp_path
    calls = []

    def slow_render(row, language):
        calls.append(language)
        time.sleep(0.5)
        return b"%PDF-1.7 rendered once"

    monkeypatch.setattr(report, "report_pdf", slow_render)
    found = []
    threads = [
        threading.Thread(target=lambda: found.append(report.cached_report_pdf(annual, "ur")))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["ur"] and found == [b"%PDF-1.7 rendered once"] * 3
