"""Exports as the views and the API hand them out: CSV of signals, interventions and a case
timeline (persons only as pseudonyms), PDF minutes, escalation records and the processing
register. The caller has looked the object up for the export action and writes the audit row."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.core.exports import csv_response
from wijkkompas.core.pdf import render_pdf
from wijkkompas.signals import selectors
from wijkkompas.signals.models import Case, CaseMeeting, Escalation
from wijkkompas.signals.services.escalations import shared_content

SIGNAL_HEADER = [
    "Nummer",
    "Ontvangen",
    "Waargenomen",
    "Categorie",
    "Status",
    "Urgentie",
    "Feit/aanname",
    "Waarneming",
    "Buurtcode",
    "Onderwerp",
    "Gemeld door",
    "Casus",
]


def signal_rows(signals: Iterable) -> tuple[list[str], list[list]]:
    rows = []
    for s in signals:
        rows.append(
            [
                s.pk,
                timezone.localtime(s.received_at).strftime("%d-%m-%Y %H:%M"),
                timezone.localtime(s.observed_at).strftime("%d-%m-%Y %H:%M"),
                s.category.name,
                s.get_status_display(),
                s.get_urgency_display(),
                s.get_basis_display(),
                s.get_observation_display(),
                s.area_code,
                str(s.subject) if s.subject else "",
                str(s.reporter_organisation) if s.reporter_organisation else "Bewoner",
                s.case_id or "",
            ]
        )
    return SIGNAL_HEADER, rows


INTERVENTION_HEADER = [
    "Nummer",
    "Casus",
    "Soort",
    "Interventie",
    "Eigenaar",
    "Uiterlijk",
    "Status",
    "Resultaat",
]


def intervention_rows(interventions: Iterable) -> tuple[list[str], list[list]]:
    rows = [
        [
            i.pk,
            i.case_id,
            i.get_kind_display(),
            i.title,
            str(i.owner),
            i.due_date.strftime("%d-%m-%Y") if i.due_date else "",
            i.get_status_display(),
            i.result,
        ]
        for i in interventions
    ]
    return INTERVENTION_HEADER, rows


def signals_csv(user: Any) -> HttpResponse:
    """Every signal the user may export; one audit row names them all."""
    policy.require(user, "export", "signal")
    header, rows = signal_rows(selectors.signals_for_export(user))
    selectors.audit_list(user, "signal", [r[0] for r in rows], verb="exported")
    return csv_response("signalen.csv", header, rows)


def interventions_csv(user: Any) -> HttpResponse:
    """Every intervention the user may export; one audit row names them all."""
    policy.require(user, "export", "intervention")
    header, rows = intervention_rows(selectors.interventions_for_export(user))
    selectors.audit_list(user, "intervention", [r[0] for r in rows], verb="exported")
    return csv_response("interventies.csv", header, rows)


def case_timeline_csv(user: Any, case: Case) -> HttpResponse:
    rows = [
        (timezone.localtime(e.at).strftime("%d-%m-%Y %H:%M"), e.kind, e.text, e.reason)
        for e in selectors.case_timeline(user, case)
    ]
    return csv_response(
        f"casus-{case.pk}-tijdlijn.csv", ["Tijdstip", "Soort", "Gebeurtenis", "Motivering"], rows
    )


def _pdf(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        render_pdf(template, {**context, "generated_at": timezone.now()}),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_minutes_pdf(user: Any, meeting: CaseMeeting) -> HttpResponse:
    """The minutes as the user's organisation may see them (cases not shared with it stay blank)."""
    return _pdf(
        "signals/meeting_minutes_pdf.html",
        {
            "meeting": meeting,
            "items": selectors.meeting_agenda(user, meeting),
            "participants": meeting.participants.all(),
            "made_for": str(getattr(user, "organisation", None) or user.get_full_name() or user),
        },
        f"verslag-casusoverleg-{meeting.pk}.pdf",
    )


def escalation_pdf(escalation: Escalation) -> HttpResponse:
    """The hand-over record; the caller has passed "export" escalation, so the frozen content is
    decrypted here (a request awaiting approval lists only the chosen parts)."""
    return _pdf(
        "signals/escalation_pdf.html",
        {"escalation": escalation, "shared": shared_content(escalation)},
        f"verstrekking-{escalation.pk}.pdf",
    )


def register_pdf(tenant_id: int | None) -> HttpResponse:
    return _pdf(
        "signals/register_pdf.html",
        selectors.processing_register(tenant_id),
        "verwerkingsregister.pdf",
    )
