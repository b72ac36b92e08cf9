"""The public side, safe (issue 10 item 6, and the public parts of item 9): no preset answer to
"Is a child in danger now?", tap-to-call numbers, a quick exit on every public page, the safety
page, a receipt that says when someone looks at the report (from the deadline rules), the
helpline on the wrong-code page, a review step that keeps every answer, error pages with the
helpline numbers, and ``/`` in the browser's language."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from nigraan.cases.models import Case
from nigraan.cases.rules import current_rules
from nigraan.intake import views_public
from nigraan.intake.next_steps import duration_words
from nigraan.intake.steps import LAST, STEPS

NUMBERS = ("15", "1122", "1121", "1099")
ANSWERS = {
    "in_danger_now": "0",
    "category": "harassment",
    "account": "A synthetic account:\nan adult follows the child home.",
    "when": "about",
    "ago_amount": "3",
    "ago_unit": "weeks",
    "province": "PK6",
    "district": "PK614",
    "place": "Demo Mohalla",
    "age_band": "10-14",
    "gender": "female",
    "abuser_relation": "neighbour",
    "police": "refused_or_nothing",
    "reporter": "parent",
    "contact": "phone",
    "phone": "0300 1234567",
    "wants_woman": "1",
    "consent_share_police": "1",
    "consent_share_services": "",
    "consent_understood": "1",
}


def _text(html: str) -> str:
    body = html.split("<body>", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _hidden(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def _walk(client: Client, answers: dict[str, str], language: str = "en") -> str:
    """Every step posted in turn, as a browser would (carrying what the page carries)."""
    page = client.get(f"/{language}/report/").content.decode()
    for step, (_, fields) in enumerate(STEPS[:-1]):
        carried = _hidden(page)
        posted = {**carried, **{k: v for k, v in answers.items() if k in fields}}
        posted["step"] = str(step)
        response = client.post(f"/{language}/report/", posted)
        assert response.status_code == 200, _text(response.content.decode())[:600]
        page = response.content.decode()
    return page


@pytest.mark.parametrize("language", ["en", "ur"])
def test_danger_now_has_no_preset_answer(client, geography, language):
    html = client.get(f"/{language}/report/").content.decode()
    radios = re.findall(r'<input type="radio" name="in_danger_now"[^>]*>', html)
    assert len(radios) == 2 and not any("checked" in radio for radio in radios)


@pytest.mark.parametrize(
    "language,message",
    [("en", "Please choose Yes or No."), ("ur", "براہ کرم ہاں یا نہیں چنیں۔")],
)
def test_not_answering_danger_now_is_refused_never_assumed(client, geography, language, message):
    response = client.post(f"/{language}/report/", {"step": "0", "submission": "s-1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and 'id="error-in_danger_now"' in html
    assert 'name="step" value="0"' in html
    # Sent whole without it (a page kept from before, or hand-made): refused, nothing saved.
    whole = {k: v for k, v in ANSWERS.items() if k != "in_danger_now"}
    response = client.post(f"/{language}/report/", {**whole, "step": str(LAST)})
    assert response.status_code == 400 and message in response.content.decode()
    assert Case.objects.count() == 0


def test_no_is_an_answer_and_is_stored_as_no(client, geography):
    review = _walk(client, ANSWERS)
    response = client.post("/en/report/", {**_hidden(review), "step": str(LAST)})
    assert "Your report was received" in response.content.decode()
    assert Case.objects.get().report["in_danger_now"] is False


def test_the_review_step_shows_every_answer_and_changing_one_keeps_the_rest(client, geography):
    review = _walk(client, ANSWERS)
    text = _text(review)
    assert "Check your answers" in text and "Send the report" in text
    for shown in (
        "Harassment",
        "an adult follows the child home",
        "3 weeks ago",
        "Kasur",
        "Demo Mohalla",
        "10 to 14",
        "Neighbour",
        "Yes, but the police refused or did nothing",
        "0300 1234567",
    ):
        assert shown in text, shown
    assert Case.objects.count() == 0  # nothing is sent before "Send the report"
    carried = _hidden(review)
    assert {k: carried[k] for k in ANSWERS if carried.get(k)} == {
        k: v for k, v in ANSWERS.items() if v
    }
    # "Change" on "What happened?": that step, with what was typed, then straight back to review
    edit = client.post("/en/report/", {**carried, "step": str(LAST), "go": "edit-1"})
    html = edit.content.decode()
    assert 'name="step" value="1"' in html and "A synthetic account:" in html
    assert 'name="reviewing" value="1"' in html
    form = {**_hidden(html), "category": "harassment", "account": "Changed synthetic account."}
    back = client.post("/en/report/", form).content.decode()
    assert "Check your answers" in back and "Changed synthetic account." in back
    response = client.post("/en/report/", {**_hidden(back), "step": str(LAST)})
    assert "Your report was received" in response.content.decode()
    case = Case.objects.get()
    assert case.district_id == "PK614" and case.report["police"] == "refused_or_nothing"
    assert case.report["wants_woman"] is True and case.report["occurred"] == "about:3:weeks"


def test_the_form_steps_end_with_a_review_before_sending():
    assert STEPS[LAST] == ("review", []) and STEPS[LAST - 1][0] == "consent"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_number_shown_is_tap_to_call(client, geography, language):
    pages = {
        "form": client.get(f"/{language}/report/"),
        "danger": client.post(f"/{language}/report/", {"step": "0", "in_danger_now": "1"}),
        "safety": client.get(f"/{language}/safety/"),
        "wrong code": client.post(f"/{language}/follow-up/", {"code": "1" * 20}),
        "not found": client.get(f"/{language}/no-such-page/"),
    }
    for name, response in pages.items():
        html = response.content.decode()
        called = set(re.findall(r'href="tel:(\d+)"', html))
        shown = set(re.findall(r"(?<![\d:/.-])(1122|1121|1099|15)(?![\d])", _text(html)))
        assert shown and shown <= called, (name, shown, called)
        for number in called:  # the link's own text is the number: a big tap target (CSS)
            assert f'<a href="tel:{number}" dir="ltr"><strong>{number}</strong></a>' in html


def _public_pages(client: Client, language: str) -> dict[str, str]:
    review = _walk(client, ANSWERS, language)
    receipt = client.post(f"/{language}/report/", {**_hidden(review), "step": str(LAST)})
    return {
        "form": client.get(f"/{language}/report/").content.decode(),
        "review": review,
        "receipt": receipt.content.decode(),
        "safety": client.get(f"/{language}/safety/").content.decode(),
        "follow-up": client.get(f"/{language}/follow-up/").content.decode(),
        "wrong code": client.post(f"/{language}/follow-up/", {"code": "2" * 20}).content.decode(),
        "not found": client.get(f"/{language}/no-such-page/").content.decode(),
        "transparency": client.get(f"/{language}/transparency/").content.decode(),
    }


@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_public_page_has_a_quick_exit_at_the_top_and_stays_light(client, geography, language):
    for name, html in _public_pages(client, language).items():
        assert len(html.encode()) < 100_000, name
        exit_link = re.search(
            r'<a class="quick-exit" id="quick-exit" href="([^"]+)" ([^>]*)>', html
        )
        assert exit_link, name
        assert exit_link.group(1) == "https://www.google.com/search?q=weather"
        assert 'rel="noreferrer"' in exit_link.group(2)
        assert html.index('id="quick-exit"') < html.index("<header")  # first thing on the page
        assert '<script src="/static/nigraan/quick-exit.js" defer></script>' in html
    word = "فوراً نکلیں" if language == "ur" else "Quick exit"
    assert word in html


def test_the_quick_exit_address_is_a_setting(client, geography, settings):
    settings.NIGRAAN_QUICK_EXIT_URL = "https://example.org/news"
    assert 'href="https://example.org/news"' in client.get("/en/safety/").content.decode()


def test_the_content_security_policy_allows_only_this_sites_scripts(client, geography):
    policy = client.get("/en/report/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "language,words",
    [
        ("en", ["If others use your phone", "Browser history", "Are our SMS and calls safe?"]),
        ("ur", ["اگر آپ کا فون دوسرے بھی استعمال کرتے ہیں", "براؤزر کی ہسٹری"]),
    ],
)
def test_the_safety_page_and_the_form_links_to_it_where_it_asks_for_a_phone(
    client, geography, language, words
):
    page = client.get(f"/{language}/safety/")
    assert page.status_code == 200
    for word in words:
        assert word in page.content.decode(), word
    walked = {k: v for k, v in ANSWERS.items()}
    page = client.get(f"/{language}/report/").content.decode()
    for step in range(5):  # to the step that asks for a phone number
        fields = STEPS[step][1]
        posted = {**_hidden(page), **{k: v for k, v in walked.items() if k in fields}}
        page = client.post(f"/{language}/report/", {**posted, "step": str(step)}).content.decode()
    assert 'id="phone"' in page
    assert page.index(f'href="/{language}/safety/"') < page.index('id="phone"')


@pytest.mark.parametrize("danger,rule", [("0", "triage_new_report"), ("1", "assign_urgent_report")])
def test_the_receipt_says_when_a_case_worker_looks_at_it_from_the_rules(
    client, geography, danger, rule
):
    review = _walk(client, {**ANSWERS, "in_danger_now": danger})
    html = client.post("/en/report/", {**_hidden(review), "step": str(LAST)}).content.decode()
    rules = {r.id: r for r in current_rules().for_place("PK614", "PK6")}
    within = duration_words(rules[rule].within)
    assert f"will look at your report within {within}" in _text(html)
    assert "Pakistan time" in html and 'href="/en/safety/"' in html


def test_the_wrong_code_page_points_to_the_helpline(client, geography):
    for language, words in (("en", "helpline 1121"), ("ur", "1121")):
        response = client.post(f"/{language}/follow-up/", {"code": "3" * 20})
        html = response.content.decode()
        assert response.status_code == 400 and words in _text(html)
        assert 'href="tel:1121"' in html and 'id="lost-code-help"' in html
    assert 'id="lost-code-help"' not in client.get("/en/follow-up/").content.decode()


@pytest.mark.parametrize(
    "language,title", [("en", "This page does not exist"), ("ur", "یہ صفحہ موجود نہیں")]
)
def test_an_unknown_address_gets_the_sites_own_404_with_the_helpline(
    client, geography, language, title
):
    response = client.get(f"/{language}/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404 and title in html
    assert f'dir="{"rtl" if language == "ur" else "ltr"}"' in html
    assert 'href="tel:1121"' in html and 'id="quick-exit"' in html
    assert "Not Found" not in html


def test_the_403_page_has_the_helpline():
    with_language = RequestFactory().get("/en/staff/")
    response = views_public.forbidden(with_language, PermissionError())
    assert response.status_code == 403 and b'href="tel:1121"' in response.content


def test_the_500_page_needs_no_database():
    # No django_db mark: any query here would fail the test.
    response = views_public.server_error(RequestFactory().get("/en/report/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Something went wrong on our side" in html
    assert 'href="tel:1122"' in html and 'id="quick-exit"' in html


@pytest.mark.parametrize(
    "accept,where",
    [
        ("ur-PK,ur;q=0.9,en;q=0.8", "/ur/report/"),
        ("ur", "/ur/report/"),
        ("en-US,en;q=0.9,ur;q=0.5", "/en/report/"),
        ("fr-FR,fr;q=0.9", "/en/report/"),
        ("", "/en/report/"),
    ],
)
def test_the_root_opens_the_form_in_the_browsers_language(client, accept, where):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302 and response["Location"] == where
    assert "Accept-Language" in response["Vary"]


def test_duration_words():
    import datetime as dt

    assert duration_words(dt.timedelta(hours=1)) == "1 hour"
    assert duration_words(dt.timedelta(hours=3)) == "3 hours"
    assert duration_words(dt.timedelta(days=3)) == "3 days"
    assert duration_words(dt.timedelta(minutes=30)) == "30 minutes"
    assert NUMBERS
