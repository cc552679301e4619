"""A tip may hold a visitor's contact details: it carries its legal basis, purpose, source
organisation, author and retention date (``Tip.term``); existing tips are stamped by the same
rules."""

import calendar
from datetime import date

from django.db import migrations, models
from django.db.models import Q

FACTS = {
    "legal_basis": "Art. 6 lid 1 sub e AVG (de landelijke kennisbank); contactgegevens alleen met "
    "toestemming (art. 6 lid 1 sub a AVG).",
    "purpose": "De landelijke kennisbank verbeteren met tips van bezoekers.",
}


def _months_after(moment, months):
    day = moment.date()
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def stamp_existing(apps, schema_editor):
    for tip in apps.get_model("knowledge", "Tip").objects.select_related(
        "submitted_by__organisation"
    ):
        user = tip.submitted_by
        tip.legal_basis, tip.purpose = FACTS["legal_basis"], FACTS["purpose"]
        org = user.organisation if user is not None else None
        tip.source_organisation = org.name if org else "Bezoeker van de kennisbank"
        tip.author = user.username if user is not None else "bezoeker"
        if tip.status == "open" or tip.handled_at is None:
            tip.retain_until = _months_after(tip.submitted_at, 12)
        else:
            tip.retain_until = _months_after(tip.handled_at, 6)
        tip.save()


def _char(name, length, label):
    return migrations.AddField(
        model_name="tip",
        name=name,
        field=models.CharField(default="", max_length=length, verbose_name=label),
        preserve_default=False,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_indexgeneration_synonymgroup_instrument_content_hash_and_more"),
        ("accounts", "0006_login_attempt_stage"),
    ]

    operations = [
        _char("legal_basis", 300, "grondslag"),
        _char("purpose", 300, "doel"),
        _char("source_organisation", 200, "bronorganisatie"),
        _char("author", 150, "vastgelegd door"),
        migrations.AddField(
            model_name="tip",
            name="retain_until",
            field=models.DateField(null=True, verbose_name="bewaren tot"),
        ),
        migrations.RunPython(stamp_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="tip",
            name="retain_until",
            field=models.DateField(db_index=True, verbose_name="bewaren tot"),
        ),
        migrations.AddConstraint(
            model_name="tip",
            constraint=models.CheckConstraint(
                condition=~Q(legal_basis="")
                & ~Q(purpose="")
                & ~Q(source_organisation="")
                & ~Q(author=""),
                name="knowledge_tip_processing_facts",
            ),
        ),
    ]
