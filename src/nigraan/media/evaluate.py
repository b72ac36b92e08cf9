"""Score extracted records against a folder's labels.jsonl, as the labelling guide suggests.

- Article level: precision, recall and F1 of ``is_incident_report``.
- Incidents: predicted and labelled incidents of an article are matched greedily, a pair needing
  the same offence or the same victim count or ages (the guide's rule); unmatched incidents on
  either side are errors.
- Per field, over incidents: a prediction that equals the label or one of its ``alt`` values is
  right. A right non-empty value is a true positive; a wrong non-empty prediction a false positive;
  a label the prediction did not give (empty or wrong) a false negative. Both empty counts as
  neither. Every field of an unmatched incident counts. Places compare through the geography
  (Qila Abdullah = Killa Abdullah, Mirpurkhas = Mirpur Khas) and by spelling skeleton; ages as a
  multiset; genders as a set when there are more than 20 victims or their number is unknown.
- Duplicates: pairwise precision and recall over pairs of incidents that share a ``dup_key``
  (labels) or a ``cluster`` (predictions), predicted incidents standing for the labelled ones
  they matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from nigraan.geo import places as geo
from nigraan.geo.normalise import normalise, roman_skeleton

FIELDS = (
    "victims",
    "victim_ages",
    "victim_genders",
    "offence",
    "city",
    "district",
    "province",
    "date_of_incident",
    "perpetrator_relation",
    "perpetrators_count",
    "police_action",
)
PLACE_FIELDS = frozenset({"city", "district", "province"})


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: int = 0
    compared: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    articles: Tally = field(default_factory=Tally)
    incidents: Tally = field(default_factory=Tally)
    fields: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in FIELDS})
    duplicates: Tally = field(default_factory=Tally)
    missing: list[str] = field(default_factory=list)  # labelled articles with no prediction


def _empty(value: Any) -> bool:
    return value is None or value == []


def _place_key(name: str) -> tuple[set[str], str]:
    codes = {p.district_code or p.province_code or "" for p in geo.place_index().lookup(name)}
    return codes - {""}, roman_skeleton(normalise(name))


def _same_place(a: str, b: str, kind: str) -> bool:
    if normalise(a) == normalise(b):
        return True
    (codes_a, skeleton_a), (codes_b, skeleton_b) = _place_key(a), _place_key(b)
    if skeleton_a == skeleton_b:
        return True
    return kind != "city" and bool(codes_a & codes_b)


def _equal(name: str, predicted: Any, labelled: Any, victims: Any) -> bool:
    if _empty(predicted) or _empty(labelled):
        return _empty(predicted) and _empty(labelled)
    if name in PLACE_FIELDS:
        return _same_place(str(predicted), str(labelled), name)
    if name == "victim_ages":
        return sorted(predicted) == sorted(labelled)
    if name == "victim_genders":
        if victims is None or victims > 20:
            return set(predicted) == set(labelled)
        return sorted(predicted) == sorted(labelled)
    return bool(predicted == labelled)


def accepted(name: str, predicted: Any, gold: dict[str, Any]) -> bool:
    """The prediction equals the label or one of its alternatives."""
    values = [gold.get(name)] + list(gold.get("alt", {}).get(name, []))
    return any(_equal(name, predicted, value, gold.get("victims")) for value in values)


def _score_field(tally: Tally, name: str, predicted: Any, gold: dict[str, Any] | None) -> None:
    if gold is None:
        tally.fp += not _empty(predicted)
        return
    tally.compared += 1
    if accepted(name, predicted, gold):
        tally.right += 1
        tally.tp += not _empty(predicted)
        return
    tally.fp += not _empty(predicted)
    tally.fn += not _empty(gold.get(name))


def _agree(pred: dict[str, Any], gold: dict[str, Any]) -> int:
    return sum(
        accepted(name, pred.get(name), gold) and not _empty(pred.get(name))
        for name in ("offence", "victims", "victim_ages", "district", "city")
    )


def match(predicted: list[dict[str, Any]], labelled: list[dict[str, Any]]) -> dict[int, int]:
    """Greedy matching: {labelled index: predicted index}."""
    pairs = []
    for g, gold in enumerate(labelled):
        for p, pred in enumerate(predicted):
            key = any(
                accepted(name, pred.get(name), gold) and not _empty(pred.get(name))
                for name in ("offence", "victims", "victim_ages")
            )
            if key:
                pairs.append((-_agree(pred, gold), g, p))
    matched: dict[int, int] = {}
    for _, g, p in sorted(pairs):
        if g not in matched and p not in matched.values():
            matched[g] = p
    return matched


def _pairs(groups: dict[str, list[tuple[str, int]]]) -> set[frozenset[tuple[str, int]]]:
    return {
        frozenset(pair)
        for members in groups.values()
        for pair in combinations(members, 2)
        if pair[0][0] != pair[1][0]
    }


def score(predictions: list[dict[str, Any]], labels: list[dict[str, Any]]) -> Scores:
    scores = Scores()
    by_id = {record["id"]: record for record in predictions}
    gold_groups: dict[str, list[tuple[str, int]]] = {}
    pred_groups: dict[str, list[tuple[str, int]]] = {}
    for gold_record in labels:
        article = gold_record["id"]
        pred_record = by_id.get(article)
        if pred_record is None:
            scores.missing.append(article)
            pred_record = {"id": article, "is_incident_report": False, "incidents": []}
        said, truth = (
            bool(pred_record["is_incident_report"]),
            bool(gold_record["is_incident_report"]),
        )
        scores.articles.tp += said and truth
        scores.articles.fp += said and not truth
        scores.articles.fn += truth and not said
        labelled, predicted = gold_record.get("incidents", []), pred_record.get("incidents", [])
        matched = match(predicted, labelled)
        scores.incidents.tp += len(matched)
        scores.incidents.fn += len(labelled) - len(matched)
        scores.incidents.fp += len(predicted) - len(matched)
        for g, gold in enumerate(labelled):
            pred = predicted[matched[g]] if g in matched else {}
            for name in FIELDS:
                if g in matched:
                    _score_field(scores.fields[name], name, pred.get(name), gold)
                else:
                    scores.fields[name].fn += not _empty(gold.get(name))
            if gold.get("dup_key"):
                gold_groups.setdefault(gold["dup_key"], []).append((article, g))
            if g in matched and predicted[matched[g]].get("cluster"):
                cluster_id = predicted[matched[g]]["cluster"]
                pred_groups.setdefault(cluster_id, []).append((article, g))
        unmatched = set(range(len(predicted))) - set(matched.values())
        for p in unmatched:
            for name in FIELDS:
                _score_field(scores.fields[name], name, predicted[p].get(name), None)
        _count_unmatched_clusters(predicted, unmatched, article, pred_groups)
    gold_pairs, pred_pairs = _pairs(gold_groups), _pairs(pred_groups)
    scores.duplicates.tp = len(gold_pairs & pred_pairs)
    scores.duplicates.fp = len(pred_pairs - gold_pairs)
    scores.duplicates.fn = len(gold_pairs - pred_pairs)
    return scores


def _count_unmatched_clusters(
    predicted: list[dict[str, Any]],
    indices: set[int],
    article: str,
    groups: dict[str, list[tuple[str, int]]],
) -> None:
    """A predicted incident that matched no labelled one still makes (wrong) pairs."""
    for p in indices:
        if predicted[p].get("cluster"):
            groups.setdefault(predicted[p]["cluster"], []).append((article, 1000 + p))


def report(scores: Scores) -> str:
    """The figures as a table for people."""
    lines = [f"{'measure':<24} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>9}  n"]

    def row(name: str, tally: Tally, with_accuracy: bool = False) -> None:
        accuracy = (
            f"{tally.right / tally.compared:>9.3f}" if with_accuracy and tally.compared else ""
        )
        support = tally.compared if with_accuracy else tally.tp + tally.fn
        lines.append(
            f"{name:<24} {tally.precision:>9.3f} {tally.recall:>7.3f} {tally.f1:>6.3f} "
            f"{accuracy:>9}  {support}"
        )

    row("is_incident_report", scores.articles)
    row("incident detection", scores.incidents)
    for name, tally in scores.fields.items():
        row(f"  {name}", tally, with_accuracy=True)
    row("duplicate pairs", scores.duplicates)
    if scores.missing:
        lines.append(
            f"no prediction for {len(scores.missing)} articles: {' '.join(scores.missing)}"
        )
    return "\n".join(lines)
