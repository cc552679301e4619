"""Import (CLI and service: atomic, idempotent, Dutch refusals) and the analyst's work on
priorities (confirm, edit, classify, merge, add, reject), every change kept and audited, stale
versions refused."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.core.api_support import Conflict
from wijkkompas.plans import services
from wijkkompas.plans.models import Plan, Priority, PriorityChange

from .factories import TEXT, build_world, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_cli_import_prints_the_plan_id_and_is_idempotent(world, tmp_path):
    path = tmp_path / "ivp.txt"
    path.write_text(TEXT.replace("Proefstad", "Molendorp"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    args = ["import", str(path), "--gemeente", "GM9941", "--gemeente", "GM9942"]
    args += ["--periode", "2019-2022", "--bron", "https://example.org/ivp", "--tenant", "proefstad"]
    call_command("plans", *args, stdout=out, stderr=err)
    plan = Plan.objects.get(pk=int(out.getvalue().strip()))
    assert plan.period == "2019-2022" and plan.source_url == "https://example.org/ivp"
    assert [m.code for m in plan.municipalities.all()] == ["GM9941", "GM9942"] and plan.is_joint
    assert plan.municipalities.all()[0].name == "Molendorp"
    assert "3 prioriteiten gevonden" in err.getvalue()
    assert AuditEvent.objects.filter(action="plan_imported", object_id=str(plan.pk)).exists()
    again = io.StringIO()
    call_command("plans", *args, stdout=again, stderr=io.StringIO())
    assert again.getvalue().strip() == str(plan.pk)
    assert Plan.objects.filter(tenant=world.tenant).count() == 2  # the world's plan and this one


@pytest.mark.parametrize(
    "args,message",
    [
        (["--gemeente", "0858", "--periode", "2019-2022"], "Gemeentecode '0858' is geen CBS-code"),
        (["--gemeente", "GM0858", "--periode", "2019"], "Periode '2019' is geen periode"),
        (["--gemeente", "GM0858", "--periode", "2022-2019"], "eindjaar ligt vóór het beginjaar"),
        (["--gemeente", "GM0858", "--periode", "2019-2022", "--bron", "ftp:x"], "geen webadres"),
    ],
)
def test_cli_refusals_are_dutch_and_leave_nothing(world, tmp_path, args, message):
    path = tmp_path / "ivp.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("plans", "import", str(path), *args, "--tenant", "proefstad")
    assert Plan.objects.filter(tenant=world.tenant).count() == 1


def test_cli_refuses_an_unreadable_and_a_missing_file(world, tmp_path):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.7 niet echt")
    common = ["--gemeente", "GM0858", "--periode", "2019-2022", "--tenant", "proefstad"]
    with pytest.raises(CommandError, match=r"kapot\.pdf: dit is geen leesbare PDF"):
        call_command("plans", "import", str(path), *common)
    with pytest.raises(CommandError, match=r"weg\.txt: het bestand kan niet worden gelezen"):
        call_command("plans", "import", str(tmp_path / "weg.txt"), *common)


def test_import_is_atomic(world, monkeypatch):
    """A failure after the plan row was written leaves no plan behind."""

    def boom(*args, **kwargs):
        raise ValidationError({"file": "proef: afgebroken"})

    monkeypatch.setattr(services.extraction, "extract", boom)
    with pytest.raises(ValidationError):
        make_plan(world.tenant, text=TEXT + "\nanders", name="nieuw.txt")
    assert Plan.objects.filter(tenant=world.tenant).count() == 1


def test_suggested_priorities_are_classified(world):
    titles = {p.title: p for p in world.plan.priorities.all()}
    assert set(titles) == {
        "Ondermijning aanpakken",
        "Overlast in de buurt terugdringen",
        "Verkeersveiligheid rond scholen",
    }
    assert titles["Ondermijning aanpakken"].theme_codes[0] == "ondermijning"
    assert titles["Verkeersveiligheid rond scholen"].field_codes[0] == "fysiek"
    assert all(p.status == "voorgesteld" and p.rule == "genummerd" for p in titles.values())


def test_confirm_edit_reject_with_history_and_conflict(world):
    analyst = world.user("analist", "own")
    p = world.plan.priorities.get(title="Ondermijning aanpakken")
    services.update_priority(actor=analyst, priority=p, version=p.version, status="bevestigd")
    services.update_priority(
        actor=analyst,
        priority=p,
        version=p.version,
        title="Ondermijning",
        theme_codes=["ondermijning", "digitale_veiligheid"],
    )
    p.refresh_from_db()
    assert p.status == "bevestigd" and p.title == "Ondermijning" and p.corrected
    assert p.field_codes == ["integriteit"] and p.theme_codes == [
        "ondermijning",
        "digitale_veiligheid",
    ]
    changes = list(PriorityChange.objects.filter(priority=p))
    assert [c.action for c in changes] == ["confirmed", "edited"]
    assert (
        changes[1].before["title"] == "Ondermijning aanpakken"
        and changes[1].after["title"] == "Ondermijning"
    )
    assert changes[0].actor_username == analyst.username
    with pytest.raises(Conflict):
        services.update_priority(
            actor=analyst, priority=Priority.objects.get(pk=p.pk), version=1, status="afgewezen"
        )
    with pytest.raises(ValidationError, match="Thema 'bestaat_niet' bestaat niet"):
        services.update_priority(
            actor=analyst, priority=p, version=p.version, theme_codes=["bestaat_niet"]
        )
    with pytest.raises(ValidationError, match="kan hier niet worden gekozen"):
        services.update_priority(
            actor=analyst, priority=p, version=p.version, status="samengevoegd"
        )
    assert AuditEvent.objects.filter(action="priority_edited", object_id=str(p.pk)).count() == 1


def test_merge_and_add(world):
    analyst = world.user("oov_adviseur", "colleague")
    a, b, c = world.plan.priorities.all()
    merged = services.merge_priorities(actor=analyst, target=a, version=a.version, others=[b, c])
    assert merged.status == "bevestigd"
    b.refresh_from_db()
    assert b.status == "samengevoegd" and b.merged_into_id == a.pk
    assert PriorityChange.objects.filter(action="merged").count() == 3
    with pytest.raises(ValidationError, match="minstens één andere"):
        services.merge_priorities(actor=analyst, target=a, version=a.version, others=[a])
    added = services.add_priority(
        actor=analyst, plan=world.plan, title="Cybercrime bij inwoners", location="pagina 4"
    )
    assert added.origin == "analist" and added.status == "bevestigd"
    assert added.field_codes == ["integriteit"] and not added.corrected  # classified by the model
    with pytest.raises(ValidationError, match="Geef de titel"):
        services.add_priority(actor=analyst, plan=world.plan, title=" ")


def test_reclassify_keeps_the_analysts_classification(world):
    analyst = world.user("analist", "own")
    p = world.plan.priorities.get(title="Verkeersveiligheid rond scholen")
    services.update_priority(
        actor=analyst, priority=p, version=p.version, theme_codes=["risicojongeren"]
    )
    assert services.reclassify(actor=analyst, plan=world.plan) == 2
    p.refresh_from_db()
    assert p.theme_codes == ["risicojongeren"]


def test_a_partly_scanned_pdf_is_imported_with_its_scanned_pages_reported(world, tmp_path):
    from pypdf import PdfReader, PdfWriter

    from wijkkompas.core.pdf import render_pdf

    text = render_pdf(
        "plans/test_pages.html", {"body": "<p>Prioriteit 1: Ondermijning</p><p>Inleiding</p>"}
    )
    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(text)).pages[0])
    writer.add_blank_page(width=595, height=842)  # a scanned page: no text layer
    path = tmp_path / "deels-gescand.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    out, err = io.StringIO(), io.StringIO()
    common = ["--gemeente", "GM9941", "--periode", "2019-2022", "--tenant", "proefstad"]
    call_command("plans", "import", str(path), *common, stdout=out, stderr=err)
    plan = Plan.objects.get(pk=int(out.getvalue()))
    assert plan.file_kind == "pdf" and plan.scanned_pages == [2]
    assert "Pagina's zonder tekstlaag (gescand): 2" in err.getvalue()
    assert [(p.title, p.location) for p in plan.priorities.all()] == [("Ondermijning", "pagina 1")]


def test_reclassification_is_kept_as_a_change_and_corrections_of_several_themes(world):
    analyst = world.user("analist", "own")
    p = world.plan.priorities.get(title="Overlast in de buurt terugdringen")
    # The model's classification is overwritten by hand in the database (as an older model
    # would have left it); reclassifying puts the model's back and keeps the change.
    Priority.objects.filter(pk=p.pk).update(field_codes=["fysiek"], theme_codes=["verkeer"])
    services.reclassify(actor=analyst, plan=world.plan)
    change = PriorityChange.objects.get(priority=p, action="reclassified")
    assert change.before["theme_codes"] == ["verkeer"] and change.after["theme_codes"] != [
        "verkeer"
    ]
    assert change.actor_username == analyst.username
    assert AuditEvent.objects.filter(action="priority_reclassified", object_id=str(p.pk)).exists()
    # unchanged priorities leave no change behind
    assert PriorityChange.objects.filter(action="reclassified").count() == 1

    services.update_priority(
        actor=analyst, priority=p, version=p.version, theme_codes=["overlast", "jeugdoverlast"]
    )
    examples = services.corrections(world.tenant.pk)
    assert ("overlast", p.title) in examples and ("jeugdoverlast", p.title) in examples
    p.refresh_from_db()
    services.update_priority(actor=analyst, priority=p, version=p.version, status="afgewezen")
    assert services.corrections(world.tenant.pk) == []  # a rejected priority is no example
