"""Tabular exports of signals and interventions. Persons appear only as pseudonyms."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

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
