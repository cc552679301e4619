"""The programme rules through the services: templates, start in one action, the go/no-go rule
with its override trace, actions (also from a barrier, shown on the barrier), meetings and
minutes (read-only once approved; amendment = new version)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wijkkompas.accounts import policy
from wijkkompas.accounts.demo import organisation
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.barriers.followups import attach
from wijkkompas.barriers.models import Element
from wijkkompas.barriers.tests.factories import build_small_model
from wijkkompas.core.api_support import Conflict
from wijkkompas.dossiers.models import DossierPin
from wijkkompas.dossiers.tests.factories import DossierFactory, ThemeFactory, six_questions
from wijkkompas.programmes import methods, selectors, services, work
from wijkkompas.programmes.models import MethodTemplate, Minutes, Programme, Step

from .factories import FACTS, go, make_programme

pytestmark = pytest.mark.django_db


def test_templates_load_idempotently_with_the_seed_facts():
    first = services.load_templates()
    assert len(first) == len(methods.TEMPLATES) == 5
    versions = {t.key: t.version for t in first}
    services.load_templates()
    assert {t.key: t.version for t in MethodTemplate.objects.filter(tenant=None)} == versions
    iw = MethodTemplate.objects.get(key="integrale-werkwijze")
    assert iw.steps[0]["title"].startswith("QuickScan")
    assert len(iw.steps) == 4 and all(s["gate"] for s in iw.steps)
    assert len(MethodTemplate.objects.get(key="familiestructuren-vijf-stappen").steps) == 5


def test_editor_adds_a_template_with_checked_steps(demo):
    oov = demo["oov"]
    with pytest.raises(ValidationError) as exc:
        services.create_template(
            actor=oov, tenant=oov.tenant, key="eigen", title="Eigen", steps=[{"titel": "x"}]
        )
    assert "Stap 1" in str(exc.value)
    t = services.create_template(
        actor=oov, tenant=oov.tenant, key="eigen", title="Eigen", steps=[{"title": "Doen"}]
    )
    assert t.steps[0]["gate"] is True
    with pytest.raises(policy.Denied):
        services.create_template(
            actor=demo["wijkagent"], tenant=oov.tenant, key="x", title="X", steps=[{"title": "a"}]
        )


def test_start_from_template_in_one_action(demo):
    p = make_programme(demo["regisseur"])
    steps = list(p.steps.order_by("position"))
    assert [s.status for s in steps] == ["actief", "gepland", "gepland", "gepland"]
    assert steps[0].substeps and steps[0].has_gate
    assert p.partners.count() == 2 and p.status == Programme.Status.LOOPT
    assert AuditEvent.objects.filter(action="programme_created", object_id=str(p.pk)).exists()


def test_unknown_area_and_foreign_partner_are_refused(demo):
    reg = demo["regisseur"]
    with pytest.raises(ValidationError) as exc:
        services.start_programme(
            actor=reg,
            tenant=reg.tenant,
            template=services.load_templates()[0],
            title="X",
            lead_organisation=reg.organisation,
            area_codes=["BU00000000"],
        )
    assert "BU00000000" in str(exc.value)
    p = make_programme(reg)
    with pytest.raises(ValidationError):
        services.set_partner(
            actor=reg, programme=p, organisation=demo["oov-buur"].organisation, role="advies"
        )


def test_next_step_refused_without_a_decision(demo):
    reg = demo["regisseur"]
    p = make_programme(reg)
    second = p.steps.get(position=2)
    with pytest.raises(ValidationError) as exc:
        services.start_step(actor=reg, step=second, version=second.version)
    assert "go/no-go" in str(exc.value)
    second.refresh_from_db()
    assert second.status == Step.Status.GEPLAND


def test_a_go_closes_the_step_and_starts_the_next(demo):
    reg = demo["regisseur"]
    p = make_programme(reg)
    decision = go(reg, p.steps.get(position=1))
    assert decision.facts.count() == 2
    assert {f.kind for f in decision.facts.all()} == {"feit", "aanname"}
    statuses = list(p.steps.order_by("position").values_list("status", flat=True))
    assert statuses[:2] == ["afgerond", "actief"]
    assert AuditEvent.objects.filter(action="programme_step_decided").count() == 1


def test_decision_needs_rationale_body_and_facts_with_sources(demo):
    reg = demo["regisseur"]
    step = make_programme(reg).steps.get(position=1)
    base = dict(
        actor=reg,
        step=step,
        version=step.version,
        outcome="go",
        body="stuurgroep",
        decided_on=dt.date(2026, 3, 1),
    )
    with pytest.raises(ValidationError):
        services.record_decision(**base, rationale="", facts=FACTS)
    with pytest.raises(ValidationError):
        services.record_decision(**base, rationale="r", facts=[])
    with pytest.raises(ValidationError) as exc:
        services.record_decision(
            **base, rationale="r", facts=[{"statement": "s", "kind": "feit", "source": ""}]
        )
    assert "bron" in str(exc.value)
    with pytest.raises(Conflict):
        services.record_decision(**{**base, "version": None}, rationale="r", facts=FACTS)


def test_no_go_stops_the_programme(demo):
    reg = demo["regisseur"]
    p = make_programme(reg)
    go(reg, p.steps.get(position=1), outcome="no_go")
    p.refresh_from_db()
    assert p.status == Programme.Status.GESTOPT
    second = p.steps.get(position=2)
    with pytest.raises(ValidationError):
        services.start_step(actor=reg, step=second, version=second.version, override_reason="x")


def test_override_only_by_the_coordinator_and_it_leaves_its_trace(demo):
    reg, oov = demo["regisseur"], demo["oov"]
    p = make_programme(reg)
    second = p.steps.get(position=2)
    p.coordinator = None
    p.save()
    with pytest.raises(policy.Denied):
        services.start_step(actor=reg, step=second, version=second.version, override_reason="Spoed")
    p.coordinator = reg
    p.save()
    assert not policy.can(oov, "override", "programme", p)
    started = services.start_step(
        actor=reg, step=second, version=second.version, override_reason="Burgemeester wil door"
    )
    assert started.status == "actief" and started.override_reason == "Burgemeester wil door"
    assert started.override_by == reg
    assert p.steps.get(position=1).status == Step.Status.OVERGESLAGEN
    event = AuditEvent.objects.get(action="programme_step_override")
    assert event.object_id == str(second.pk)


def test_actions_by_hand_from_a_meeting_decision_and_overdue_for_the_owner(demo):
    reg = demo["regisseur"]
    p = make_programme(reg)
    police = organisation("voorbeeldstad", "politie")
    late = work.create_action(
        actor=reg,
        programme=p,
        title="Schoolbezoek",
        owner_organisation=police,
        due_date=dt.date(2020, 1, 1),
    )
    assert late.is_overdue and late.step.position == 1
    meeting = work.create_meeting(
        actor=reg,
        programme=p,
        kind="kernteam",
        title="Kernteam 1",
        starts_at=dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC),
        participants=[police],
    )
    decision = work.add_meeting_decision(
        actor=reg, meeting=meeting, text="Wijkagent gaat langs de school", action_owner=police
    )
    assert decision.actions.get().origin == "overleg"
    with pytest.raises(ValidationError):
        work.create_action(
            actor=reg,
            programme=p,
            title="x",
            owner_organisation=organisation("voorbeeldstad", "riec"),
        )
    assert late in selectors.my_actions(demo["wijkagent"])


def test_a_partner_updates_status_and_result_of_own_actions_only(demo):
    reg, agent, youth = demo["regisseur"], demo["wijkagent"], demo["jongerenwerker"]
    p = make_programme(reg)
    action = work.create_action(
        actor=reg,
        programme=p,
        title="Schoolbezoek",
        owner_organisation=organisation("voorbeeldstad", "politie"),
    )
    action = work.update_action(
        actor=agent, action=action, version=action.version, status="gereed", result="Gedaan"
    )
    assert action.status == "gereed"
    with pytest.raises(ValidationError):
        work.update_action(actor=agent, action=action, version=action.version, title="Anders")
    with pytest.raises(policy.Denied):
        work.update_action(actor=youth, action=action, version=action.version, status="open")
    with pytest.raises(Conflict):
        work.update_action(actor=agent, action=action, version=1, status="open")


def test_barrier_becomes_an_action_and_the_barrier_shows_it(demo):
    reg = demo["regisseur"]
    build_small_model(demo["oov"])
    barrier = Element.objects.filter(kind="barriere").first()
    p = make_programme(reg)
    action = work.action_from_barrier(actor=reg, programme=p, barrier=barrier)
    assert action.origin == "barriere" and action.title == barrier.text
    with pytest.raises(ValidationError):
        work.action_from_barrier(actor=reg, programme=p, barrier=barrier)
    attach(demo["wijkagent"], [barrier])
    assert [f.label for f in barrier.followups] == [f"Actie in {p.title}"]
    attach(demo["corporatie"], [barrier])  # not involved in the programme: sees nothing
    assert barrier.followups == []


def test_minutes_are_read_only_once_approved_and_amendment_is_a_new_version(demo):
    reg = demo["regisseur"]
    p = make_programme(reg)
    m = work.create_meeting(
        actor=reg,
        programme=p,
        kind="stuurgroep",
        title="Stuurgroep",
        starts_at=dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC),
    )
    work.save_minutes(
        actor=reg, meeting=m, version=m.version, text="Concept", confidential_text="Geheim"
    )
    m.refresh_from_db()
    work.approve_minutes(actor=reg, meeting=m, version=m.version)
    m.refresh_from_db()
    with pytest.raises(ValidationError):
        work.save_minutes(actor=reg, meeting=m, version=m.version, text="Anders")
    amended = work.amend_minutes(actor=reg, meeting=m, version=m.version, reason="Typfout")
    assert amended.number == 2 and amended.status == "concept" and amended.text == "Concept"
    m.refresh_from_db()
    work.save_minutes(actor=reg, meeting=m, version=m.version, text="Verbeterd")
    assert Minutes.objects.get(meeting=m, number=1).text == "Concept"
    assert Minutes.objects.get(meeting=m, number=2).text == "Verbeterd"


def test_the_themadossier_shows_the_programme_on_question_5(demo):
    from_dossiers = DossierFactory(tenant=demo["regisseur"].tenant, theme=ThemeFactory())
    six_questions()
    reg = demo["regisseur"]
    p = services.start_programme(
        actor=reg,
        tenant=reg.tenant,
        template=services.load_templates()[0],
        title="Aanpak met dossier",
        lead_organisation=reg.organisation,
        theme=from_dossiers.theme,
    )
    pin = DossierPin.objects.get(dossier=from_dossiers, reference=f"programmes.programme:{p.pk}")
    assert pin.question.number == 5 and pin.url == f"/aanpak/{p.pk}/"
