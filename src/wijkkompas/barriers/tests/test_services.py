"""Services: optimistic locking, moving, history, templates."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.barriers import demo as barriers_demo
from wijkkompas.barriers import services
from wijkkompas.barriers.models import BarrierModel, ChangeLog, Element
from wijkkompas.core.api_support import Conflict


def _cell(step, kind):
    return list(
        Element.objects.filter(step=step, kind=kind)
        .order_by("position")
        .values_list("text", flat=True)
    )


def test_stale_element_edit_is_refused_and_keeps_the_first_write(small_model, demo):
    element = Element.objects.get(step__model=small_model, kind="signaal")
    read_version = element.version
    services.update_element(
        actor=demo["oov"], element=element, version=read_version, text="Eerste versie"
    )
    with pytest.raises(Conflict) as exc:
        services.update_element(
            actor=demo["regisseur"], element=element, version=read_version, text="Tweede versie"
        )
    assert "Iemand anders heeft" in exc.value.detail
    assert exc.value.current["version"] == read_version + 1
    element.refresh_from_db()
    assert element.text == "Eerste versie"


@pytest.mark.parametrize("what", ["model", "step", "session"])
def test_stale_writes_refused_for_every_object(small_model, demo, what):
    oov = demo["oov"]
    if what == "model":
        services.update_model(actor=oov, model=small_model, version=1, title="Nieuw")
        with pytest.raises(Conflict):
            services.update_model(actor=oov, model=small_model, version=1, title="Ouder")
    elif what == "step":
        step = small_model.steps.first()
        services.update_step(actor=oov, step=step, version=1, title="A")
        with pytest.raises(Conflict):
            services.update_step(actor=oov, step=step, version=1, title="B")
    else:
        session = small_model.sessions.first()
        services.update_session(actor=oov, session=session, version=1, title="A")
        with pytest.raises(Conflict):
            services.delete_session(actor=oov, session=session, version=1)


def test_move_element_within_cell_and_between_steps(small_model, demo):
    oov = demo["oov"]
    s1, s2 = small_model.steps.order_by("position")
    extra = services.add_element(actor=oov, step=s1, kind="gelegenheid", text="Vakantieparken")
    assert _cell(s1, "gelegenheid") == ["Leegstaande stallen in het buitengebied", "Vakantieparken"]
    services.move_element(actor=oov, element=extra, direction="up")
    assert _cell(s1, "gelegenheid") == ["Vakantieparken", "Leegstaande stallen in het buitengebied"]
    services.move_element(actor=oov, element=extra, direction="right")
    assert _cell(s1, "gelegenheid") == ["Leegstaande stallen in het buitengebied"]
    assert _cell(s2, "gelegenheid") == ["Vakantieparken"]
    moved = Element.objects.get(pk=extra.pk)
    assert moved.version == extra.version + 2
    services.move_element(
        actor=oov, element=moved, direction="right"
    )  # no step to the right: nothing happens
    assert Element.objects.get(pk=extra.pk).step_id == s2.pk


def test_move_step_and_history(small_model, demo):
    _s1, s2 = small_model.steps.order_by("position")
    services.move_step(actor=demo["oov"], step=s2, direction="left")
    assert list(small_model.steps.order_by("position").values_list("title", flat=True)) == [
        "Dumpen",
        "Locatie vinden",
    ]
    entry = ChangeLog.objects.filter(model_id_ref=small_model.pk).first()
    assert entry.action == "step_moved" and entry.actor_username == "oov"
    assert AuditEvent.objects.filter(
        action="barrier_step_moved", tenant_id=small_model.tenant_id
    ).exists()
    # sub-model changes land in the root model's history
    assert ChangeLog.objects.filter(model_id_ref=small_model.pk, action="submodel_created").exists()


def test_element_invariants(small_model, demo):
    s1 = small_model.steps.order_by("position").first()
    signal = Element.objects.get(step__model=small_model, kind="signaal")
    with pytest.raises(ValidationError):
        services.add_element(actor=demo["oov"], step=s1, kind="barriere", text="x", target=signal)
    with pytest.raises(ValidationError):
        services.add_element(
            actor=demo["oov"], step=s1, kind="signaal", text="x", awareness="bewust"
        )
    with pytest.raises(ValidationError):
        services.add_element(
            actor=demo["oov"],
            step=s1,
            kind="barriere",
            text="x",
            owner=demo["oov-buur"].organisation,
        )


def test_templates_from_the_seeds(templates):
    assert set(templates) == {
        "mobiel-banditisme",
        "jonge-aanwas-drugscriminaliteit",
        "hennepteelt",
        "ondermijning-buitengebied",
    }
    moba = templates["mobiel-banditisme"]
    assert list(moba.steps.order_by("position").values_list("title", flat=True)) == [
        "Inreis",
        "Verblijf",
        "Gebruik infrastructuur",
        "Delictpleging",
        "Opslag",
        "Vervoer",
        "Gebruik opbrengst",
    ]
    katvangers = BarrierModel.objects.get(parent_step__model=moba)
    assert (
        katvangers.title == "Katvangers"
        and katvangers.parent_step.title == "Gebruik infrastructuur"
    )
    texts = set(
        Element.objects.filter(step__model__in=[moba, katvangers]).values_list("text", flat=True)
    )
    assert "Goederen die veel gestolen worden laten chippen (e-bikes, cosmetica)" in texts
    assert any("Inschrijving lastiger maken voor katvangers" in t for t in texts)
    for template in templates.values():
        assert template.tenant is None
        assert "startpunt voor een lokale" in template.description
        kinds = set(Element.objects.filter(step__model=template).values_list("kind", flat=True))
        assert kinds == {"gelegenheid", "signaal", "faciliteerder", "barriere"}
    # loading again changes nothing
    again = {m.template_key: m.pk for m in services.load_templates()}
    assert again == {k: m.pk for k, m in templates.items()}


def test_instantiate_template_copies_into_tenant(templates, demo):
    oov = demo["oov"]
    model = services.instantiate_template(
        actor=oov, template=templates["mobiel-banditisme"], tenant=oov.tenant
    )
    assert model.tenant == oov.tenant and model.based_on == templates["mobiel-banditisme"]
    assert (
        model.title == "Mobiel banditisme" and model.status == "concept" and model.scope == "lokaal"
    )
    assert BarrierModel.objects.filter(
        parent_step__model=model, title="Katvangers", tenant=oov.tenant
    ).exists()
    assert model.steps.count() == 7


def test_demo_load_is_idempotent(demo):
    barriers_demo.load()
    barriers_demo.load()
    models = BarrierModel.objects.filter(
        tenant__slug="voorbeeldstad", title=barriers_demo.DEMO_TITLE
    )
    assert models.count() == 1
    model = models.get()
    owners = set(
        Element.objects.filter(step__model=model, kind="barriere")
        .exclude(owner=None)
        .values_list("owner__name", flat=True)
    )
    assert {
        "Gemeente Voorbeeldstad",
        "Politie basisteam Voorbeeldstad",
        "Jongerenwerk Voorbeeldstad",
        "Voorbeeldcollege (vmbo)",
        "Woningcorporatie Thuisbasis",
    } <= owners
    assert model.sessions.count() == 2
    assert Element.objects.filter(
        step__model=model, due_date__lt=dt.date.today(), status="gepland"
    ).exists()


def test_system_actor_passes_and_foreign_user_is_refused(small_model, demo):
    services.update_model(
        actor=policy.SYSTEM, model=small_model, version=small_model.version, status="vastgesteld"
    )
    with pytest.raises(PermissionDenied):
        services.update_model(
            actor=demo["oov-buur"], model=small_model, version=2, title="Overgenomen"
        )
    with pytest.raises(PermissionDenied):
        services.update_model(
            actor=demo["bestuurder"], model=small_model, version=2, title="Alleen lezen"
        )
