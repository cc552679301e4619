from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.core.api_support import Conflict
from wijkkompas.dossiers import selectors, services
from wijkkompas.dossiers.models import Dossier, DossierPin, SourceStatus, SourceStatusChange, Status
from wijkkompas.dossiers.tests.factories import SourceEntryFactory, ThemeFactory, six_questions

pytestmark = pytest.mark.django_db


def test_open_dossier_once_per_tenant_and_theme(demo, kb):
    theme = kb[0]
    oov, buur = demo["oov"], demo["oov-buur"]
    dossier = services.open_dossier(actor=oov, tenant=oov.tenant, theme=theme)
    assert dossier.opened_by == oov and dossier.tenant.slug == "voorbeeldstad"
    assert AuditEvent.objects.filter(
        action="dossier_opened", object_id=str(dossier.pk), actor_username="oov"
    ).exists()
    with pytest.raises(ValidationError, match="Er is al een themadossier"):
        services.open_dossier(actor=oov, tenant=oov.tenant, theme=theme)
    # The neighbouring municipality has its own dossier for the same theme.
    other = services.open_dossier(actor=buur, tenant=buur.tenant, theme=theme)
    assert other.pk != dossier.pk and Dossier.objects.count() == 2


@pytest.mark.parametrize(
    "username", ["bestuurder", "analist", "regisseur", "wijkagent", "beheerder"]
)
def test_only_the_oov_adviseur_opens_and_writes(demo, kb, dossier, username):
    user = demo[username]
    with pytest.raises(PermissionDenied):
        services.open_dossier(actor=user, tenant=user.tenant, theme=ThemeFactory())
    with pytest.raises(PermissionDenied):
        services.set_source_status(
            actor=user,
            dossier=dossier,
            entry=kb[1]["e1"],
            status=Status.BENADERD,
            expected_version=0,
        )
    with pytest.raises(PermissionDenied):
        services.save_finding(
            actor=user, dossier=dossier, question=six_questions()[1], text="x", expected_version=0
        )


def test_oov_of_another_tenant_cannot_write_here(demo, kb, dossier):
    with pytest.raises(PermissionDenied):
        services.set_source_status(
            actor=demo["oov-buur"],
            dossier=dossier,
            entry=kb[1]["e1"],
            status=Status.BENADERD,
            expected_version=0,
        )
    with pytest.raises(PermissionDenied):
        services.open_dossier(
            actor=demo["oov-buur"], tenant=demo["oov"].tenant, theme=ThemeFactory()
        )


def test_status_changes_are_kept_as_history(demo, kb, dossier):
    oov, entry = demo["oov"], kb[1]["e2"]
    today = timezone.localdate()
    services.set_source_status(
        actor=oov,
        dossier=dossier,
        entry=entry,
        status=Status.BENADERD,
        day=today - timedelta(days=3),
        note="Mail gestuurd",
        expected_version=0,
    )
    services.set_source_status(
        actor=oov,
        dossier=dossier,
        entry=entry,
        status=Status.ONTVANGEN,
        note="Cijfers ontvangen",
        expected_version=1,
    )
    current = SourceStatus.objects.get(dossier=dossier, entry=entry)
    assert (current.status, current.version, current.note, current.set_by, current.date) == (
        Status.ONTVANGEN,
        2,
        "Cijfers ontvangen",
        oov,
        today,
    )
    changes = list(selectors.status_history(dossier, entry=entry))
    assert [(c.previous_status, c.status) for c in changes] == [
        (Status.BENADERD, Status.ONTVANGEN),
        (Status.NIET_BENADERD, Status.BENADERD),
    ]
    assert (
        AuditEvent.objects.filter(action="dossier_source_status", object_id=str(dossier.pk)).count()
        == 2
    )
    # Saving the same again is not a change.
    services.set_source_status(
        actor=oov,
        dossier=dossier,
        entry=entry,
        status=Status.ONTVANGEN,
        note="Cijfers ontvangen",
        expected_version=2,
    )
    assert SourceStatusChange.objects.filter(dossier=dossier).count() == 2


def test_history_rows_cannot_be_updated(demo, kb, dossier):
    services.set_source_status(
        actor=demo["oov"],
        dossier=dossier,
        entry=kb[1]["e1"],
        status=Status.BENADERD,
        expected_version=0,
    )
    change = SourceStatusChange.objects.get()
    with pytest.raises(RuntimeError):
        change.note = "achteraf aangepast"
        change.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        SourceStatusChange.objects.filter(pk=change.pk).update(status=Status.GEBORGD)
    assert SourceStatusChange.objects.get().status == Status.BENADERD


def test_stale_status_edit_is_refused(demo, kb, dossier):
    oov, entry = demo["oov"], kb[1]["e1"]
    services.set_source_status(
        actor=oov, dossier=dossier, entry=entry, status=Status.BENADERD, expected_version=0
    )
    with pytest.raises(Conflict) as exc:
        services.set_source_status(
            actor=oov, dossier=dossier, entry=entry, status=Status.GEBORGD, expected_version=0
        )
    assert "intussen gewijzigd" in exc.value.detail and exc.value.current == {
        "status": "benaderd",
        "version": 1,
    }
    assert SourceStatus.objects.get(entry=entry).status == Status.BENADERD


def test_status_input_is_checked(demo, kb, dossier):
    oov = demo["oov"]
    foreign_entry = SourceEntryFactory(theme=ThemeFactory(), questions=[1])
    with pytest.raises(ValidationError, match="hoort niet bij het thema"):
        services.set_source_status(
            actor=oov,
            dossier=dossier,
            entry=foreign_entry,
            status=Status.BENADERD,
            expected_version=0,
        )
    with pytest.raises(ValidationError, match="Onbekende status"):
        services.set_source_status(
            actor=oov, dossier=dossier, entry=kb[1]["e1"], status="gebeld", expected_version=0
        )
    with pytest.raises(ValidationError, match="toekomst"):
        services.set_source_status(
            actor=oov,
            dossier=dossier,
            entry=kb[1]["e1"],
            status=Status.BENADERD,
            day=timezone.localdate() + timedelta(days=1),
            expected_version=0,
        )
    assert not SourceStatusChange.objects.exists()


def test_findings_use_optimistic_locking(demo, dossier):
    oov, q4 = demo["oov"], six_questions()[4]
    first = services.save_finding(
        actor=oov, dossier=dossier, question=q4, text="Eerste versie", expected_version=0
    )
    assert first.version == 1
    second = services.save_finding(
        actor=oov, dossier=dossier, question=q4, text="Tweede versie", expected_version=1
    )
    assert second.version == 2
    with pytest.raises(Conflict) as exc:
        services.save_finding(
            actor=oov, dossier=dossier, question=q4, text="Mijn versie", expected_version=1
        )
    assert exc.value.current == {"text": "Tweede versie", "version": 2}
    assert "niet opgeslagen" in exc.value.detail
    assert selectors.findings_by_question(dossier)[4].text == "Tweede versie"
    assert AuditEvent.objects.filter(action="dossier_finding_saved").count() == 2


def test_next_steps_and_links_use_the_dossier_version(demo, dossier):
    from wijkkompas.dossiers.tests.factories import InstrumentFactory, PracticeFactory

    oov = demo["oov"]
    practice = PracticeFactory(themes=[dossier.theme])
    instrument = InstrumentFactory(themes=[dossier.theme], questions=[2, 5])
    assert selectors.suggested_practices(dossier) == [practice]
    assert selectors.suggested_instruments(dossier) == [instrument]
    updated = services.save_next_steps(
        actor=oov, dossier=dossier, text="Naar de driehoek", expected_version=1
    )
    assert updated.version == 2
    with pytest.raises(Conflict):
        services.set_links(
            actor=oov, dossier=dossier, practices=[practice], instruments=[], expected_version=1
        )
    services.set_links(
        actor=oov,
        dossier=dossier,
        practices=[practice],
        instruments=[instrument],
        expected_version=2,
    )
    dossier.refresh_from_db()
    assert list(dossier.practices.all()) == [practice] and list(dossier.instruments.all()) == [
        instrument
    ]


def test_other_modules_pin_items_to_questions(demo, dossier):
    oov = demo["oov"]
    pin = services.pin_item(
        actor=oov,
        dossier=dossier,
        question_number=4,
        kind=DossierPin.Kind.AREA_FIGURE,
        title="Jongeren 12-23 jaar, Noord",
        url="/wijkbeeld/buurt/1/",
        reference="areas.observation:1",
    )
    again = services.pin_item(
        actor=oov,
        dossier=dossier,
        question_number=4,
        kind=DossierPin.Kind.AREA_FIGURE,
        title="Jongeren 12-23 jaar, Noord (2025)",
        url="/wijkbeeld/buurt/1/",
        reference="areas.observation:1",
    )
    assert again.pk == pin.pk and DossierPin.objects.count() == 1
    assert selectors.pins_by_question(dossier)[4][0].title.endswith("(2025)")
    with pytest.raises(ValidationError, match="https"):
        services.pin_item(
            actor=oov,
            dossier=dossier,
            question_number=5,
            kind="link",
            title="x",
            url="javascript:alert(1)",
        )
    with pytest.raises(PermissionDenied):
        services.pin_item(
            actor=demo["bestuurder"], dossier=dossier, question_number=5, kind="link", title="x"
        )
    services.unpin_item(actor=oov, pin=again)
    assert not DossierPin.objects.exists()
    assert (
        AuditEvent.objects.filter(
            action__in=["dossier_item_pinned", "dossier_item_unpinned"]
        ).count()
        == 3
    )


def test_procesregisseur_pins_a_barrier_model_but_cannot_edit(demo, kb, dossier):
    from wijkkompas.dossiers import selectors

    regisseur = demo["regisseur"]
    assert list(selectors.dossiers_for_pinning(regisseur)) == [dossier]
    assert list(selectors.dossiers_for_pinning(demo["bestuurder"])) == []
    assert list(selectors.dossiers_for_pinning(demo["oov-buur"])) == []
    pin = services.pin_item(
        actor=regisseur,
        dossier=dossier,
        question_number=5,
        kind=DossierPin.Kind.BARRIER_MODEL,
        title="Barrièremodel jonge aanwas",
        url="/barrieremodellen/1/",
        reference="barriers.barriermodel:1",
    )
    assert pin.pinned_by == regisseur
    with pytest.raises(PermissionDenied):
        services.save_next_steps(actor=regisseur, dossier=dossier, text="x", expected_version=1)


def test_pin_forms_word_the_questions_as_the_kennisbank(db):
    """One source for a question's wording: a module's "pin to question 2 or 5" form reads the
    Kennisbank's text, so an editor's change shows there too."""
    questions = six_questions()
    assert selectors.question_texts((2, 5)) == {2: questions[2].text, 5: questions[5].text}
    questions[5].text = "Wat houdt de huidige lokale aanpak in?"
    questions[5].save()
    assert list(selectors.question_texts((5, 2)).items()) == [
        (2, questions[2].text),
        (5, "Wat houdt de huidige lokale aanpak in?"),
    ]
