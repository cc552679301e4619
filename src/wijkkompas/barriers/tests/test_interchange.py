"""The JSON exchange format: exact round trip, and a refused file changes nothing."""

import copy
import json

import pytest

from wijkkompas.barriers import interchange, services
from wijkkompas.barriers.models import BarrierModel, ChangeLog, Element, Session, Step


def _counts():
    return (
        BarrierModel.objects.count(),
        Step.objects.count(),
        Element.objects.count(),
        Session.objects.count(),
    )


def test_round_trip_is_exact(small_model, demo):
    first = interchange.export_data(small_model)
    copy_ = services.import_model(
        actor=demo["oov"], tenant=demo["oov"].tenant, data=json.loads(json.dumps(first))
    )
    assert copy_.pk != small_model.pk
    assert interchange.export_data(copy_) == first
    # the sub-model, targets, sessions, owners and dates came along
    model = first["model"]
    assert model["steps"][1]["submodels"][0]["title"] == "Afvaltransport"
    barrier = next(e for e in model["steps"][0]["elements"] if e["kind"] == "barriere")
    assert barrier["owner"] == "Politie basisteam Voorbeeldstad"
    assert barrier["due_date"] == "2026-06-01"
    assert barrier["session"] == "S1"
    target = next(e for e in model["steps"][0]["elements"] if e["ref"] == barrier["target"])
    assert target["text"] == "Leegstaande stallen in het buitengebied"
    assert model["sessions"][0]["participants"] == [
        "Gemeente Voorbeeldstad",
        "Politie basisteam Voorbeeldstad",
    ]


def test_templates_round_trip_exactly_after_instantiation(templates, demo):
    tenant = demo["oov"].tenant
    for template in templates.values():
        copy_ = services.instantiate_template(actor=demo["oov"], template=template, tenant=tenant)
        again = services.import_model(
            actor=demo["oov"], tenant=tenant, data=interchange.export_data(copy_)
        )
        assert interchange.export_data(again) == interchange.export_data(copy_)


def _valid(small_model):
    return interchange.export_data(small_model)


BAD_FILES = [
    (
        lambda d: d["model"]["steps"][0]["elements"][0].update(kind="kans"),
        "model.steps[0].elements[0].kind",
        "onbekende waarde",
    ),
    (lambda d: d["model"].update(steps=[]), "model.steps", "minstens één stap"),
    (lambda d: d["model"]["steps"][0].pop("title"), "model.steps[0].title", "verplicht"),
    (
        lambda d: d["model"]["steps"][0]["elements"][2].update(owner="Bestaat Niet BV"),
        "model.steps[0].elements[2].owner",
        "bestaat niet",
    ),
    (
        lambda d: d["model"]["steps"][0]["elements"][2].update(target="E2"),
        "model.steps[0].elements[2].target",
        "gelegenheid of faciliteerder",
    ),
    (
        lambda d: d["model"]["steps"][0]["elements"][2].update(due_date="1-6-2026"),
        "model.steps[0].elements[2].due_date",
        "JJJJ-MM-DD",
    ),
    (
        lambda d: d["model"]["steps"][0]["elements"][1].update(status="gepland"),
        "model.steps[0].elements[1].status",
        "alleen bij een barrière",
    ),
    (
        lambda d: d["model"]["sessions"][0].update(participants=["Onbekende partner"]),
        "model.sessions[0].participants[0]",
        "bestaat niet",
    ),
    (
        lambda d: d["model"]["steps"][1]["submodels"][0]["steps"][0]["elements"][0].update(text=""),
        "model.steps[1].submodels[0].steps[0].elements[0].text",
        "leeg",
    ),
    (lambda d: d.update(format="iets anders"), "format", "geen Wijkkompas"),
    (lambda d: d["model"].update(kleur="rood"), "model.kleur", "onbekend veld"),
]


@pytest.mark.parametrize(("breaker", "path", "words"), BAD_FILES)
def test_malformed_file_is_refused_with_path_and_changes_nothing(
    small_model, demo, breaker, path, words
):
    data = copy.deepcopy(_valid(small_model))
    breaker(data)
    before = _counts()
    log_before = ChangeLog.objects.count()
    with pytest.raises(interchange.ImportRefused) as exc:
        services.import_model(actor=demo["oov"], tenant=demo["oov"].tenant, data=data)
    assert any(e.startswith(path + ":") and words in e for e in exc.value.errors), exc.value.errors
    assert "er is niets gewijzigd" in str(exc.value)
    assert _counts() == before
    assert ChangeLog.objects.count() == log_before


def test_broken_json_names_line_and_column():
    with pytest.raises(interchange.ImportRefused) as exc:
        interchange.parse_json(b'{"format": "wijkkompas.barrier-model",\n "model": [}')
    assert "regel 2" in exc.value.errors[0]


def test_organisation_names_resolve_only_in_the_target_tenant(small_model, demo):
    data = _valid(small_model)
    buur = demo["oov-buur"]
    with pytest.raises(interchange.ImportRefused) as exc:
        services.import_model(actor=buur, tenant=buur.tenant, data=data)
    assert any("bestaat niet in Buurgemeente" in e for e in exc.value.errors)
