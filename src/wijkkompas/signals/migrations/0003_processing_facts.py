"""Every person-related record of signals carries its legal basis, purpose, source organisation,
author and retention date (``signals.models.processing``); categories get a term for signals in
triage, forwarded signals and open cases. Existing rows are stamped with the same rules the
models apply on save (written out here on the historical models)."""

import calendar
from datetime import date

from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

RECORDS = ("subject", "signal", "case", "casemeeting", "intervention", "escalation")


def _months_after(day, months):
    day = day.date() if hasattr(day, "date") else day
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def _name(user, default="systeem"):
    return user.username if user is not None else default


def stamp_existing(apps, schema_editor):
    get = lambda name: apps.get_model("signals", name)  # noqa: E731
    today = timezone.localdate()
    for case in get("Case").objects.select_related("category", "organisation", "created_by"):
        c = case.category
        case.legal_basis, case.purpose = c.legal_basis[:300], c.purpose[:300]
        case.source_organisation = case.organisation.name[:200]
        case.author = _name(case.created_by)
        if case.status == "afgesloten":
            case.retain_until = _months_after(case.closed_at or today, c.retention_closed_months)
        else:
            case.retain_until = _months_after(today, c.retention_open_case_months)
        case.save()
    for s in get("Signal").objects.select_related(
        "category", "case", "reporter", "reporter_organisation", "tenant"
    ):
        c, public = s.category, s.source == "bewoner"
        s.legal_basis, s.purpose = c.legal_basis[:300], c.purpose[:300]
        if s.reporter_organisation_id:
            s.source_organisation = s.reporter_organisation.name[:200]
        else:
            s.source_organisation = "Bewoner (meldformulier)" if public else s.tenant.name[:200]
        s.author = _name(s.reporter, "bewoner" if public else "systeem")
        if s.status == "in_casus" and s.case_id:
            s.retain_until = s.case.retain_until
        elif s.status in ("afgewezen", "doorgestuurd"):
            months = (
                c.retention_dismissed_months
                if s.status == "afgewezen"
                else c.retention_forwarded_months
            )
            s.retain_until = _months_after(s.closed_at or today, months)
        else:
            s.retain_until = _months_after(s.received_at or today, c.retention_open_months)
        s.save()
    for model in ("Intervention", "Escalation"):
        for row in get(model).objects.select_related("case__category", "case__organisation"):
            case = row.case
            if model == "Intervention":
                row.legal_basis = case.category.legal_basis[:300]
                row.source_organisation = row.owner.name[:200]
                row.author = "systeem"
            else:
                row.source_organisation = case.organisation.name[:200]
                row.author = _name(row.requested_by)
            row.purpose = case.category.purpose[:300]
            row.retain_until = case.retain_until
            row.save()
    for meeting in get("CaseMeeting").objects.select_related("chair", "created_by", "tenant"):
        meeting.legal_basis = "De grondslagen van de signaalcategorieën van de besproken casussen."
        meeting.purpose = "Casusoverleg: de partners stemmen per casus af wie wat doet."
        meeting.source_organisation = meeting.chair.name[:200]
        meeting.author = _name(meeting.created_by)
        longest = (
            get("Case")
            .objects.filter(agenda_items__meeting=meeting)
            .aggregate(m=models.Max("retain_until"))["m"]
        )
        meeting.retain_until = longest or _months_after(meeting.starts_at, 24)
        meeting.save()
    for subject in get("Subject").objects.select_related("tenant"):
        subject.legal_basis = (
            "De grondslag van de signaalcategorie van elk signaal over dit onderwerp."
        )
        subject.purpose = (
            "Signalen over hetzelfde onderwerp bij elkaar brengen voor het casusoverleg."
        )
        subject.source_organisation = subject.tenant.name[:200]
        subject.author = "systeem"
        longest = (
            get("Signal")
            .objects.filter(subject=subject)
            .aggregate(m=models.Max("retain_until"))["m"]
        )
        subject.retain_until = longest or _months_after(subject.created_at, 1)
        subject.save()


def _fact_fields(model):
    fields = [
        ("purpose", models.CharField(default="", max_length=300, verbose_name="doel")),
        (
            "source_organisation",
            models.CharField(default="", max_length=200, verbose_name="bronorganisatie"),
        ),
        ("author", models.CharField(default="", max_length=150, verbose_name="vastgelegd door")),
        ("retain_until", models.DateField(null=True, verbose_name="bewaren tot")),
    ]
    if model != "escalation":  # an escalation has its own basis for handing over already
        fields.insert(
            0,
            ("legal_basis", models.CharField(default="", max_length=300, verbose_name="grondslag")),
        )
    ops = [
        migrations.AddField(model_name=model, name=name, field=field, preserve_default=False)
        if name != "retain_until"
        else migrations.AddField(model_name=model, name=name, field=field)
        for name, field in fields
    ]
    return ops


def _finish(model):
    return [
        migrations.AlterField(
            model_name=model,
            name="retain_until",
            field=models.DateField(db_index=True, verbose_name="bewaren tot"),
        ),
        migrations.AddConstraint(
            model_name=model,
            constraint=models.CheckConstraint(
                condition=~Q(legal_basis="")
                & ~Q(purpose="")
                & ~Q(source_organisation="")
                & ~Q(author=""),
                name=f"signals_{model}_processing_facts",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0002_versions_subject_agendaitem"),
    ]

    operations = [
        migrations.AddField(
            model_name="category",
            name="retention_open_months",
            field=models.PositiveSmallIntegerField(
                default=6, verbose_name="bewaartermijn signalen in triage (maanden na ontvangst)"
            ),
        ),
        migrations.AddField(
            model_name="category",
            name="retention_forwarded_months",
            field=models.PositiveSmallIntegerField(
                default=6,
                verbose_name="bewaartermijn doorgestuurde signalen (maanden na doorsturen)",
            ),
        ),
        migrations.AddField(
            model_name="category",
            name="retention_open_case_months",
            field=models.PositiveSmallIntegerField(
                default=24,
                verbose_name="bewaartermijn lopende casus (maanden na de laatste wijziging)",
            ),
        ),
        migrations.AlterField(
            model_name="signal",
            name="closed_at",
            field=models.DateTimeField(
                blank=True, help_text="afgewezen, doorgestuurd of casus afgesloten", null=True
            ),
        ),
        *[op for model in RECORDS for op in _fact_fields(model)],
        migrations.RunPython(stamp_existing, migrations.RunPython.noop),
        *[op for model in RECORDS for op in _finish(model)],
    ]
