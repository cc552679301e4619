"""The survey templates as data: the Tafel van Twaalf holds the CCV's twelve factors in its three
groups of four (our own statements, one scale question per factor), and every template's
questions are of a known kind with unique codes and valid skip logic."""

from __future__ import annotations

from collections import Counter

from wijkkompas.surveys import services
from wijkkompas.surveys.models import Question

GROUPS = ("Aanpakken onveiligheid", "Versterken veiligheid", "Publiek leiderschap")
FACTORS = (
    "Signaalcriminaliteit en signaaloverlast",
    "Verloedering",
    "Schurende leefstijlen en onbekendheid met elkaar",
    "Hoe over veiligheid wordt gesproken",
    "Sociale verbondenheid en samen redzaam",
    "Invloed en perspectief",
    "Inrichting van de gebouwde omgeving",
    "Toezicht",
    "Geloofwaardige en doeltreffende aanpak",
    "Nazorg na schokkende gebeurtenissen",
    "Instanties die luisteren en leiding geven",
    "Communicatie over veiligheid",
)


def test_tafel_van_twaalf_has_twelve_factors_in_three_groups_of_four():
    questions = services.templates()["tafel_van_twaalf"]["questions"]
    assert len(questions) == 12
    groups = [q["theme"].split(": ")[0] for q in questions]
    assert Counter(groups) == dict.fromkeys(GROUPS, 4)
    assert groups == sorted(groups, key=GROUPS.index)  # in the CCV's order
    assert tuple(q["theme"].split(": ", 1)[1] for q in questions) == FACTORS
    assert {q["kind"] for q in questions} == {Question.Kind.SCALE}


def test_every_template_is_well_formed():
    for slug, data in services.templates().items():
        codes = [q["code"] for q in data["questions"]]
        assert len(codes) == len(set(codes)), slug
        for q in data["questions"]:
            assert q["kind"] in Question.Kind.values, (slug, q["code"])
            if q.get("show_if_code"):
                assert q["show_if_code"] in codes[: codes.index(q["code"])], (slug, q["code"])
            if q["kind"] in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                assert len(q["options"]) >= 2, (slug, q["code"])
