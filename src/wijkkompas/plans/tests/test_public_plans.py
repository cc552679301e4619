"""Extraction and classification on the labelled set built from real, published plans
(fixtures/public_plans.yaml: facts only — headings, priority titles, how each is marked; no
sentence of any plan is stored). Run with ``-s`` to see the figures.

- Extraction: a minimal text is rebuilt from each plan's recorded headings (its table of
  contents, then the headings again as the body) and trigger phrase, run through the
  extractor, and scored against the recorded priorities. Only plans whose heading structure
  was recorded take part. Targets: recall ≥ 0.9, precision ≥ 0.8.
- Classification: the model is trained on the project's own examples (data/examples.tsv)
  only, never on this set, and predicts the field of every recorded priority title. Target:
  field macro-F1 ≥ 0.8.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from wijkkompas.plans import classifier, extraction, taxonomy

from .test_classifier import field_scores, macro_f1

FIXTURE = Path(__file__).parent / "fixtures" / "public_plans.yaml"
TOC_NAMES = {"inhoud", "inhoudsopgave"}


@cache
def plans() -> list[dict[str, Any]]:
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["plans"]


def rebuild(plan: dict[str, Any]) -> str:
    """A minimal plan text from the recorded facts: the table of contents as the plan lays it
    out (numbered "3.1 Titel 6" or unnumbered "Titel ... 6"), then each heading as a body
    heading, with the trigger phrase and its list under the section that has it."""
    headings = plan["headings"]
    lines: list[str] = []
    if any(h.lower() in TOC_NAMES for _n, h, _p in headings):
        for num, heading, page in headings:
            if heading.lower() in TOC_NAMES:
                lines.append(heading)
            elif num:
                lines.append(f"{num} {heading} {page}")
            else:
                lines.append(f"{heading} ... {page}")
        lines.append("")
    inline = plan.get("inline")
    for num, heading, _page in headings:
        if heading.lower() in TOC_NAMES:
            continue
        lines += [f"{num} {heading}".strip(), ""]
        if inline and inline["section"] == num:
            items = [p["title"][:1].lower() + p["title"][1:] for p in plan["priorities"]]
            listed = ", ".join(items[:-1]) + " en " + items[-1]
            lines += [f"{inline['phrase']} {listed}.", ""]
    return "\n".join(lines)


def extraction_scores() -> tuple[float, float, dict, Counter]:
    tp = fp = fn = 0
    misses: dict[str, dict] = {}
    by_marker: Counter = Counter()
    for plan in plans():
        if not plan["headings"]:
            continue
        got = {extraction.key(c.title) for c in extraction.extract([rebuild(plan)])}
        want = {extraction.key(p["title"]) for p in plan["priorities"]}
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
        for p in plan["priorities"]:
            found = extraction.key(p["title"]) in got
            by_marker[(p["marker"], found)] += 1
        if got != want:
            misses[plan["id"]] = {"extra": sorted(got - want), "missed": sorted(want - got)}
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1), misses, by_marker


def labelled() -> list[tuple[str, str]]:
    return [(p["theme"], p["title"]) for plan in plans() for p in plan["priorities"]]


def test_the_set_is_facts_with_consistent_labels():
    theme_field = taxonomy.theme_field()
    assert len(plans()) >= 10
    assert sum(1 for p in plans() if p["headings"]) >= 4
    for plan in plans():
        assert plan["source"].startswith("http"), plan["id"]
        assert plan["priorities"], plan["id"]
        for m in plan["municipalities"]:
            assert m["cbs"] is None or (m["cbs"].startswith("GM") and len(m["cbs"]) == 6)
        for p in plan["priorities"]:
            assert theme_field[p["theme"]] == p["field"], (plan["id"], p["title"])
            assert len(p["title"].split()) <= 16, p["title"]  # a title, not a sentence
        if plan.get("inline"):
            assert len(plan["inline"]["phrase"].split()) <= 5  # a trigger, not a sentence
    texts = {t for _theme, t in classifier.read_examples()}
    assert not texts & {t for _theme, t in labelled()}, "public titles must not be examples"


def test_precision_and_recall_of_priorities_on_public_plans():
    precision, recall, misses, by_marker = extraction_scores()
    print(
        f"\npublic plans, priorities: precision {precision:.2f}, recall {recall:.2f}; "
        f"found per marker {dict(by_marker)}; misses {misses}"
    )
    assert recall >= 0.9, misses
    assert precision >= 0.8, misses


def test_field_macro_f1_on_public_priority_titles():
    model = classifier.Model(classifier.read_examples())  # the project's own examples only
    test = labelled()
    score = macro_f1(model, test)
    per_field = {f: (n, round(f1, 2)) for f, (n, f1) in field_scores(model, test).items()}
    wrong = [
        (t, taxonomy.theme_field()[th], model.predict(t).field_codes)
        for th, t in test
        if taxonomy.theme_field()[th] not in model.predict(t).field_codes
    ]
    print(
        f"\npublic plans, {len(test)} priority titles: field macro-F1 {score:.3f}; "
        f"per field (n, F1) {per_field}; wrong {wrong}"
    )
    assert score >= 0.8, wrong
