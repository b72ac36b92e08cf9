"""From an article's text to the labelling guide's record: is it an incident report, and the
fields of each incident it reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nigraan.geo import places as geo
from nigraan.media.extract import facts as f
from nigraan.media.extract import fields, read_en, read_ur
from nigraan.media.extract.article import Article, Sentence, parse_article
from nigraan.media.extract.incidents import IncidentSpan, decide, split_incidents
from nigraan.media.extract.where import locate

READERS = {"en": read_en.read_sentence, "ur": read_ur.read_sentence}


@dataclass
class Extraction:
    """One article's result. ``incidents`` are dicts in the labels.jsonl incident format."""

    id: str
    is_incident_report: bool
    reason: str
    incidents: list[dict[str, Any]] = field(default_factory=list)
    article: Article | None = None
    names: list[frozenset[str]] = field(default_factory=list)  # per incident, for grouping

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_incident_report": self.is_incident_report,
            "incidents": self.incidents,
            "reason": self.reason,
        }


def _pakistani_places(article: Article) -> int:
    """Unambiguous Pakistani district and town names in the body (a hint for the country)."""
    index = geo.place_index()
    count = 0
    for sentence in article.sentences:
        if sentence.is_title:
            continue
        for mention in index.scan(sentence.text, require_capital=article.language == "en"):
            kinds = {p.kind for p in mention.places}
            if kinds & {geo.DISTRICT, geo.TOWN, geo.NEIGHBOURHOOD} and mention.surface not in {
                "Punjab",
                "Hyderabad",
            }:
                count += 1
    return count


def _incident(article: Article, span: IncidentSpan) -> dict[str, Any]:
    count, ages, genders = fields.victims(span)
    offence = fields.offence(span, count, genders)
    relation, perpetrators = fields.perpetrators(span, offence)
    day, time_precision = fields.date_of_incident(span, count)
    where = locate(
        [(s.text, s.sentence.is_title) for s in span.sentences],
        article.language,
        None if article.dateline_is_wire else article.dateline,
    )
    return {
        "victims": count,
        "victim_ages": ages,
        "victim_genders": genders,
        "offence": offence,
        "city": where.city,
        "district": where.district,
        "province": where.province,
        "date_of_incident": day,
        "perpetrator_relation": relation,
        "perpetrators_count": perpetrators,
        "police_action": fields.police_action(span),
        "district_code": where.district_code,
        "geo_precision": where.precision,
        "time_precision": time_precision,
    }


def extract_article(article_id: str, text: str, title: str | None = None) -> Extraction:
    """Read one article (line 1 its URL or title; ``title`` the headline when known apart) into
    the guide's record. Never raises on strange text: an article it cannot read is reported as
    not an incident report, with why."""
    article = parse_article(article_id, text, title)
    read = READERS[article.language]
    all_facts: list[f.SentenceFacts] = [read(s, article.published) for s in article.sentences]
    dateline = [read(Sentence(article.dateline.title(), -1, -1), None)] if article.dateline else []
    decision = decide(article, all_facts + dateline, _pakistani_places(article))
    if not decision.relevant or decision.main_anchor is None:
        return Extraction(article_id, False, decision.reason, article=article)
    spans = split_incidents(all_facts, decision.main_anchor)
    incidents = [_incident(article, span) for span in spans]
    names = [frozenset().union(*(s.names for s in span.sentences)) for span in spans]
    return Extraction(article_id, bool(incidents), decision.reason, incidents, article, names)
