"""rules/outlets.yaml: the shipped list loads (English and Urdu outlets, every address a web
address, politeness within bounds), and a wrong file is refused naming the file, the outlet and
the problem, one test per refusal."""

from __future__ import annotations

import pytest

from nigraan.cases.rules import RulesInvalid
from nigraan.media.checks import check_outlets
from nigraan.media.ingest.outlets import OutletsInvalid, load_outlets


def test_the_shipped_outlets_load_in_english_and_urdu():
    outlets = load_outlets()
    languages = {outlet.language for outlet in outlets.outlets}
    assert languages == {"en", "ur"}
    assert len([o for o in outlets.outlets if o.language == "ur"]) >= 5
    assert all(o.sources and o.enabled for o in outlets.outlets)
    assert all(o.politeness.min_delay_seconds >= 1 for o in outlets.outlets)
    assert "Nigraan" in outlets.user_agent
    assert [o.name for o in outlets.enabled("dawn")] == ["Dawn"]  # names match in any case
    with pytest.raises(KeyError, match="no outlet named 'Daily Nowhere'"):
        outlets.enabled("Daily Nowhere")


def test_an_outlet_may_override_one_politeness_value_and_keep_the_others():
    business = load_outlets().enabled("Business Recorder")[0]
    assert business.politeness.max_pages_per_run == 20
    assert business.politeness.min_delay_seconds == 5  # the default


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


DAWN_FEED = "      - https://www.dawn.com/feeds/home\n"


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("version: 1", "version: first", "version"),
        ("jurisdiction: PK", "jurisdiction: IN", "jurisdiction"),
        ('user_agent: "Nigraan-press-monitor', 'user_agent: "Mozilla', "must name the project"),
        ("  min_delay_seconds: 5\n", "  min_delay_seconds: 0.2\n", "min_delay_seconds must be"),
        ("  max_pages_per_run: 40\n", "  max_pages_per_run: 5000\n", "max_pages_per_run must"),
        ("  timeout_seconds: 20\n", "  timeout_seconds: ten\n", "timeout_seconds is a number"),
        ("  timeout_seconds: 20\n", "", r"defaults politeness: missing \['timeout_seconds'\]"),
        (
            "  - name: Dawn\n",
            "  - name: Geo News\n",
            r"outlet #8 \(Geo News\): the name is used twice",
        ),
        ("  - name: Dawn\n", '  - name: ""\n', "outlet #1: name is required"),
        ("    language: en\n", "    language: pa\n", r"\(Dawn\): language must be one of"),
        (DAWN_FEED, "      - ftp://www.dawn.com/feeds/home\n", "not an http\\(s\\) address"),
        (DAWN_FEED, "      - https://tribune.com.pk/feed/pakistan\n", "listed twice"),
        ("    politeness: {max_pages_per_run: 20}", "    politeness: {pages: 20}", "unknown keys"),
        ("  - name: Dawn\n", "  - name: Dawn\n    enabled: maybe\n", "enabled is true or false"),
        ("  - name: Dawn\n", "  - name: Dawn\n    colour: green\n", "unknown keys"),
        ("    language: en\n", "", r"outlet #1: missing \['language'\]"),
    ],
)
def test_a_wrong_outlets_file_is_refused_naming_the_problem(rules_copy, old, new, complaint):
    _edit(rules_copy / "outlets.yaml", old, new)
    with pytest.raises(OutletsInvalid, match=complaint) as refused:
        load_outlets(rules_copy)
    assert "outlets.yaml" in str(refused.value)
    assert isinstance(refused.value, RulesInvalid)  # handled wherever rules errors are


def test_an_outlet_with_neither_feed_nor_sitemap_is_refused(rules_copy):
    path = rules_copy / "outlets.yaml"
    _edit(
        path,
        "    feeds: []\n    sitemap: https://www.nation.com.pk/sitemap_news_google.xml\n",
        "    feeds: []\n",
    )
    with pytest.raises(
        OutletsInvalid, match=r"\(The Nation\): needs at least one feed or a sitemap"
    ):
        load_outlets(rules_copy)


def test_a_sitemap_that_is_not_a_web_address_is_refused(rules_copy):
    _edit(
        rules_copy / "outlets.yaml",
        "sitemap: https://www.nation.com.pk/",
        "sitemap: www.nation.com.pk/",
    )
    with pytest.raises(
        OutletsInvalid, match=r"\(The Nation\) sitemap: .* not an http\(s\) address"
    ):
        load_outlets(rules_copy)


def test_an_empty_outlet_list_is_refused(rules_copy):
    path = rules_copy / "outlets.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("outlets:")] + "outlets: []\n", encoding="utf-8")
    with pytest.raises(OutletsInvalid, match="'outlets' is a list of at least one outlet"):
        load_outlets(rules_copy)


def test_a_file_that_is_not_yaml_is_refused(rules_copy):
    (rules_copy / "outlets.yaml").write_text("outlets: [unclosed\n", encoding="utf-8")
    with pytest.raises(OutletsInvalid, match="outlets.yaml"):
        load_outlets(rules_copy)


def test_the_system_check_names_a_broken_outlets_file(rules_copy, settings):
    assert check_outlets() == []
    _edit(rules_copy / "outlets.yaml", "    language: en\n", "    language: english\n")
    settings.NIGRAAN_RULES_DIR = str(rules_copy)
    problems = check_outlets()
    assert [p.id for p in problems] == ["nigraan.media.E001"]
    assert "(Dawn): language must be one of" in problems[0].msg
