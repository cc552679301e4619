"""The koersnotitie (course memo) for the mayor and council: one context for the PDF and the
Markdown export, so both say the same thing."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from wijkkompas.dossiers import charts as svg
from wijkkompas.dossiers import selectors
from wijkkompas.dossiers.models import Dossier


def charts(position: selectors.InformationPosition) -> dict:
    return {
        "questions": svg.bar_chart(
            position.by_question, chart_id="ip-vragen", title="Informatiepositie per vraag"
        ),
        "kinds": svg.bar_chart(
            (*position.by_kind, *position.by_origin, position.overall),
            chart_id="ip-soorten",
            title="Informatiepositie per soort bron",
        ),
        "history": svg.history_chart(
            position.history, chart_id="ip-verloop", title="Verloop van de informatiepositie"
        ),
    }


def context(dossier: Dossier, *, author: Any = None) -> dict:
    position = selectors.information_position(dossier)
    rows = selectors.source_rows(dossier)
    instruments = list(dossier.instruments.prefetch_related("questions"))
    sections = [
        {
            **vars(section),
            "instruments": [i for i in instruments if section.question in i.questions.all()],
            "tapped": [r for r in section.rows if r.tapped],
        }
        for section in selectors.question_sections(dossier, position, rows)
    ]
    return {
        "dossier": dossier,
        "theme": dossier.theme,
        "tenant": dossier.tenant,
        "position": position,
        "charts": charts(position),
        "sections": sections,
        "rows": sorted(rows, key=lambda r: (-r.rank, r.entry.source.name)),
        "practices": list(dossier.practices.all()),
        "instruments": instruments,
        "generated_at": timezone.localtime(),
        "author": author,
    }


def markdown(dossier: Dossier, *, author: Any = None) -> str:
    return render_to_string("dossiers/koersnotitie.md", context(dossier, author=author))


def filename(dossier: Dossier, extension: str) -> str:
    day = timezone.localdate().isoformat()
    return f"koersnotitie-{slugify(dossier.tenant.name)}-{dossier.theme.slug}-{day}.{extension}"
