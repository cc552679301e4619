"""The classifier on the project's labelled examples (data/examples.tsv, own words): macro-F1 of
the fields on held-out stratified splits (target ≥ 0.8), 'niet ingedeeld' below the margin, the
deciding words shown, and the analyst's corrections used as examples."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest

from wijkkompas.accounts import policy
from wijkkompas.plans import classifier, services, taxonomy
from wijkkompas.plans.models import Priority

from .factories import build_world


def split(seed: int, test_share: float = 0.25) -> tuple[list, list]:
    """Per theme, a quarter of the examples held out (at least one)."""
    by_theme = defaultdict(list)
    for row in classifier.read_examples():
        by_theme[row[0]].append(row)
    rng = random.Random(seed)
    train, test = [], []
    for _theme, rows in sorted(by_theme.items()):
        rng.shuffle(rows)
        k = max(1, round(len(rows) * test_share))
        test += rows[:k]
        train += rows[k:]
    return train, test


def field_scores(model: classifier.Model, test: list) -> dict[str, tuple[int, float]]:
    """Per field of the taxonomy: (number of test items of that field, F1); a field predicted
    for an item of another field counts against it."""
    theme_field = taxonomy.theme_field()
    tp, fp, fn, n = Counter(), Counter(), Counter(), Counter()
    for theme, text in test:
        gold, predicted = theme_field[theme], model.predict(text).field_codes
        n[gold] += 1
        if gold in predicted:
            tp[gold] += 1
        else:
            fn[gold] += 1
        for f in predicted:
            if f != gold:
                fp[f] += 1
    out = {}
    for f in taxonomy.field_names():
        p = tp[f] / (tp[f] + fp[f]) if tp[f] + fp[f] else 0.0
        r = tp[f] / (tp[f] + fn[f]) if tp[f] + fn[f] else 0.0
        out[f] = (n[f], 2 * p * r / (p + r) if p + r else 0.0)
    return out


def macro_f1(model: classifier.Model, test: list) -> float:
    scores = [f1 for _n, f1 in field_scores(model, test).values()]
    return sum(scores) / len(scores)


def test_macro_f1_of_fields_on_held_out_examples():
    scores = [macro_f1(classifier.Model(train), test) for train, test in map(split, range(5))]
    mean = sum(scores) / len(scores)
    print(f"field macro-F1 per split: {[round(s, 3) for s in scores]}, mean {mean:.3f}")
    assert mean >= 0.8
    assert min(scores) >= 0.7


def test_the_examples_cover_every_theme():
    assert {t for t, _ in classifier.read_examples()} == set(taxonomy.theme_field())


def test_prediction_gives_field_theme_confidence_and_deciding_words():
    p = classifier.train().predict("Aanpak van hennepkwekerijen en witwassen")
    assert p.field_codes[0] == "integriteit" and p.theme_codes[0] == "ondermijning"
    assert 0.4 <= p.confidence <= 1
    assert set(p.deciding_words) & {"hennepkweek", "witwas"}


def test_below_the_margin_it_says_niet_ingedeeld():
    model = classifier.train()
    assert model.predict("Financiële paragraaf").unclassified
    assert model.predict("qwerty asdf").field_codes == []


def test_a_priority_spanning_fields_gets_both():
    model = classifier.train()
    p = model.predict("Jongeren en drugshandel: ronselen door criminele netwerken")
    assert len(p.field_probabilities) == 5
    assert p.field_codes  # at least one field
    assert all(p.field_probabilities[f] >= classifier.SECOND for f in p.field_codes[1:])


@pytest.mark.django_db
def test_analyst_corrections_become_training_examples():
    w = build_world()
    analyst = w.user("analist", "own")
    plan = w.plan
    word = "Zwerfkattenbeleid"  # unknown to the examples
    p = services.add_priority(actor=analyst, plan=plan, title=word, theme_codes=["overlast"])
    assert p.corrected and p.field_codes == ["woon_leefomgeving"]
    assert ("overlast", word) in services.corrections(w.tenant.pk)
    prediction = services.model_for(w.tenant.pk).predict(word)
    assert prediction.theme_codes[:1] == ["overlast"]
    # another tenant's model does not learn from this tenant's corrections
    assert ("overlast", word) not in services.corrections(w.other_tenant.pk)
    # the fixture's labels are not examples
    assert not Priority.objects.filter(origin=Priority.Origin.FIXTURE).exists()
    assert policy.can(analyst, "edit", "priority", p)
