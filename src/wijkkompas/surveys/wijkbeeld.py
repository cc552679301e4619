"""Survey results into the wijkbeeld as local indicators per buurt (areas defines the row,
``LocalCount``, and the way in, as for signals). Only published cells travel: a buurt with too
few responses, or a suppressed cell, goes as ``value=None`` (stored as nothing), and every buurt
of the survey gets its rows, so a row's presence says nothing. The number of responses goes
through ``suppression.rounded_count`` like every count of our own."""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.local_counts import LocalCount, record_local_counts, register_count_source
from wijkkompas.core import suppression
from wijkkompas.surveys.models import Question, Survey
from wijkkompas.surveys.results import survey_results

SOURCE = "bewonerspeiling"


def indicator_code(survey: Survey, question: Question) -> str:
    return f"peiling_{survey.template or 'eigen'}_{question.code}"[:80]


def publishable(question: Question) -> bool:
    """Questions whose buurt means can become an indicator (scales)."""
    return question.kind == Question.Kind.SCALE


def wijkbeeld_rows(survey: Survey, question_codes: list[str] | None = None) -> list[LocalCount]:
    """Mean scale scores (of the chosen questions, or all) and the number of responses per buurt
    of a closed survey."""
    results = survey_results(survey)
    period = str(survey.closes_on.year)
    note = (
        f"Bron: bewonerspeiling '{survey.title}' ({survey.opens_on:%d-%m-%Y} tot en met "
        f"{survey.closes_on:%d-%m-%Y}). Gemiddelde van de antwoorden; een buurt met minder dan "
        f"{results.threshold} antwoorden ontbreekt."
    )
    rows = []
    for area in results.areas:
        rows.append(
            LocalCount(
                area_code=area.area.area_code,
                period=period,
                indicator=f"peiling_{survey.template or 'eigen'}_reacties",
                value=suppression.rounded_count(area.responses),
                name=f"Bewonerspeiling: aantal reacties ({survey.template or 'eigen'})",
                definition=f"{note} {suppression.rounding_note()}",
                direction="neutraal",
            )
        )
    for result in results.questions:
        q = result.question
        if not publishable(q) or (question_codes is not None and q.code not in question_codes):
            continue
        for area in results.areas:
            cell = result.cell(area.area.pk) if area.shown else None
            value = None if cell is None or cell.mean is None else round(cell.mean, 2)
            rows.append(
                LocalCount(
                    area_code=area.area.area_code,
                    period=period,
                    indicator=indicator_code(survey, q),
                    value=value,
                    name=f"Bewonerspeiling: {q.text} ({q.scale_min}-{q.scale_max})"[:200],
                    unit=f"gemiddelde score {q.scale_min}-{q.scale_max}",
                    kind="verhouding",
                    direction="hoger_beter",
                    definition=f"{q.text} {note}",
                )
            )
    return rows


def publish_to_wijkbeeld(
    *, actor: Any, survey: Survey, question_codes: list[str] | None = None
) -> dict[str, int]:
    """Publish a closed survey's results as local indicators (idempotent). The survey's owner
    decides (``("survey", "publish")``); the wijkbeeld import then runs as the system."""
    policy.require(actor, "publish", "survey", survey)
    if not survey.is_closed:
        raise ValueError("Alleen een gesloten peiling kan naar het wijkbeeld.")
    counts = record_local_counts(
        actor=policy.SYSTEM,
        rows=wijkbeeld_rows(survey, question_codes),
        source_label=f"Bewonerspeiling {survey.tenant.slug} {survey.pk}",
    )
    audit.record(actor=actor, action="survey_results_published", obj=survey, detail=counts)
    return counts


def push_closed_surveys(*, actor: Any, tenant: Tenant, year: int) -> dict[str, int]:
    """The count source for ``wijkkompas areas import bewonerspeiling``: every closed survey of
    the tenant that ended in ``year``."""
    total: dict[str, int] = {}
    for survey in Survey.objects.filter(
        tenant=tenant, status=Survey.Status.CLOSED, closes_on__year=year
    ):
        for key, n in publish_to_wijkbeeld(actor=actor, survey=survey).items():
            total[key] = total.get(key, 0) + n
    return total


def register_with_wijkbeeld() -> None:
    register_count_source(SOURCE, push_closed_surveys)
