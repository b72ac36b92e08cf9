"""Display spoofing (issue 11): U+202E in a narrative was rendered raw on staff pages, so typed
text could reverse itself or what follows it. Now typed text is isolated in <bdi> and every
override, embedding and isolate control is shown as a visible marker."""

from __future__ import annotations

import pytest

from nigraan.cases import commands
from nigraan.security.bidi import CONTROLS, isolate, visible_controls

pytestmark = pytest.mark.django_db
RLO, LRO, PDF, RLI, PDI = "\u202e", "\u202d", "\u202c", "\u2067", "\u2069"


@pytest.mark.parametrize("control", sorted(CONTROLS))
def test_each_control_becomes_a_visible_marker(control):
    html = str(isolate(f"before{control}after"))
    assert control not in html and f"[{CONTROLS[control]}]" in html
    assert html.startswith("<bdi>") and html.endswith("</bdi>")


def test_text_is_escaped_and_marks_are_kept():
    html = str(isolate("<b>x</b>\u200f\u061c"))
    assert "&lt;b&gt;" in html and "\u200f\u061c" in html
    assert visible_controls(f"a{RLO}b") == "a[RLO]b"


def test_a_narrative_with_overrides_cannot_reorder_the_case_page(client, personas):
    spoof = f"FIR {RLO}deretsiger ton{PDF} · call {LRO}0300{PDF} · {RLI}x{PDI} · reason"
    case = commands.open_case(
        personas["helpline_operator"],
        channel="helpline",
        category="sexual_abuse",
        district_code="PK614",
        protected={"narrative": spoof},
    )
    commands.add_note(personas["case_worker"], case.ref, text=f"note {RLO}esrever")
    client.force_login(personas["case_worker"])
    page = client.post(f"/en/staff/cases/{case.ref}/", {"reason": f"check {RLO}txet"})
    html = page.content.decode()
    assert page.status_code == 200 and "deretsiger ton" in html
    for control in (RLO, LRO, PDF, RLI, PDI):
        assert control not in html, f"U+{ord(control):04X} reached the page raw"
    assert html.count("[RLO]") >= 3 and "<bdi>FIR " in html
