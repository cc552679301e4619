"""Publishing chosen results of a closed survey in one action: as local indicators in the wijkbeeld
(``wijkbeeld.publish_to_wijkbeeld``) and, when a programme is chosen, as programme indicators
(Aanpak) for the buurten the survey and the programme share (a buurt the programme names, or one
in a wijk or gemeente it names).

A programme indicator is one per question and buurt, measured by hand through the programme's
own services (``programmes.reporting``): each wave adds the buurt's published mean for its year
with the source "bewonerspeiling", the survey's period and its number of responses (rounded like
every count of our own). A suppressed cell adds no measurement, so the programme shows nothing a
results table did not. All or nothing: every check runs before the first write, and the whole
action is one transaction. Publishing the same survey again rewrites the same values; a value
of another source for the same indicator and year is never overwritten (the programme keeps one
value per year)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.areas.importers.common import ImportRefused
from wijkkompas.areas.models import municipality_code, parent_code
from wijkkompas.core import suppression
from wijkkompas.programmes import reporting
from wijkkompas.programmes.models import Indicator, Measurement, Programme
from wijkkompas.surveys.models import Question, Survey
from wijkkompas.surveys.results import AreaCount, SurveyResults, survey_results
from wijkkompas.surveys.wijkbeeld import SOURCE, publish_to_wijkbeeld, publishable


@dataclass
class Publication:
    wijkbeeld: dict[str, int]
    programme: Programme | None = None
    measured: list[str] = field(default_factory=list)  # indicator names that got a value
    suppressed: list[str] = field(default_factory=list)  # indicator names left without a value


def indicator_name(question: Question, buurt: str) -> str:
    """The programme indicator's name: the question's text and the buurt (unique per question,
    the same for every wave of a template, so a later wave adds its year to the same one)."""
    tail = f" – {buurt}"
    head = "Bewonerspeiling: "
    return head + question.text[: 200 - len(head) - len(tail)] + tail


def _marker(survey: Survey) -> str:
    return f"(peiling nr. {survey.pk})"


def measurement_source(survey: Survey, responses: int) -> str:
    n = suppression.published_count(responses)["display"]
    return (
        f"{SOURCE} {_marker(survey)} {survey.opens_on:%d-%m-%Y} t/m {survey.closes_on:%d-%m-%Y},"
        f" n={n}"
    )


def chosen_questions(survey: Survey, question_codes: list[str] | None) -> list[Question]:
    """The survey's publishable questions among ``question_codes`` (all when ``None``)."""
    questions = [q for q in survey.questions.all() if publishable(q)]
    if question_codes is None:
        return questions
    if not question_codes:
        raise ValidationError({"questions": "Kies ten minste één vraag om te publiceren."})
    unknown = sorted(set(question_codes) - {q.code for q in questions})
    if unknown:
        raise ValidationError(
            {"questions": f"Geen schaalvraag van deze peiling: {', '.join(unknown)}."}
        )
    return [q for q in questions if q.code in question_codes]


def in_programme(area_code: str, programme: Programme) -> bool:
    """Whether a buurt lies in the programme's areas (the buurt, its wijk or its gemeente)."""
    codes = set(programme.area_codes)
    return bool({area_code, parent_code(area_code), municipality_code(area_code)} & codes)


def _shared(results: SurveyResults, programme: Programme) -> list[AreaCount]:
    return [a for a in results.areas if in_programme(a.area.area_code, programme)]


def _check_programme(
    actor: Any, survey: Survey, programme: Programme, questions: list[Question], results
) -> list[AreaCount]:
    """Every refusal of the programme part, before anything is written."""
    if programme.tenant_id != survey.tenant_id:
        raise ValidationError({"programme": "Het programma hoort niet bij deze gemeente."})
    policy.require(actor, "edit", "programme_indicator", Indicator(programme=programme))
    shared = _shared(results, programme)
    if not shared:
        raise ValidationError(
            {"programme": "De peiling en het programma hebben geen buurt gemeen."}
        )
    names = [indicator_name(q, a.area.name) for q in questions for a in shared]
    taken = (
        Measurement.objects.filter(
            indicator__programme=programme,
            indicator__name__in=names,
            year=survey.closes_on.year,
        )
        .exclude(source__contains=_marker(survey))
        .values_list("indicator__name", flat=True)
    )
    if taken:
        raise ValidationError(
            {
                "programme": (
                    f"Het programma heeft voor {survey.closes_on.year} al een andere waarde bij: "
                    f"{'; '.join(sorted(taken))}. Er is niets gepubliceerd."
                )
            }
        )
    return shared


def _to_programme(
    actor: Any,
    survey: Survey,
    programme: Programme,
    questions: list[Question],
    shared: list[AreaCount],
    results: SurveyResults,
    out: Publication,
) -> None:
    by_question = {r.question.pk: r for r in results.questions}
    for question in questions:
        for area in shared:
            name = indicator_name(question, area.area.name)
            indicator = reporting.indicator_by_name(
                actor=actor,
                programme=programme,
                name=name,
                unit=f"gemiddelde score {question.scale_min}-{question.scale_max}",
            )
            cell = by_question[question.pk].cell(area.area.pk) if area.shown else None
            if cell is None or cell.suppressed or cell.mean is None:
                out.suppressed.append(name)
                continue
            reporting.record_measurement(
                actor=actor,
                indicator=indicator,
                version=Indicator.objects.values_list("version", flat=True).get(pk=indicator.pk),
                year=survey.closes_on.year,
                value=round(cell.mean, 2),
                source=measurement_source(survey, area.responses),
            )
            out.measured.append(name)


@transaction.atomic
def publish_results(
    *,
    actor: Any,
    survey: Survey,
    question_codes: list[str] | None = None,
    programme: Programme | None = None,
) -> Publication:
    """Publish the chosen scale questions (all when ``None``) of a closed survey to the wijkbeeld
    and, with ``programme``, as its indicators per shared buurt; all or nothing."""
    policy.require(actor, "publish", "survey", survey)
    if not survey.is_closed:
        raise ValidationError({"status": "Alleen een gesloten peiling kan worden gepubliceerd."})
    questions = chosen_questions(survey, question_codes)
    codes = [q.code for q in questions]
    results = survey_results(survey)
    shared = (
        _check_programme(actor, survey, programme, questions, results)
        if programme is not None
        else []
    )
    try:
        counts = publish_to_wijkbeeld(actor=actor, survey=survey, question_codes=codes)
    except ImportRefused as refused:
        raise ValidationError({"__all__": refused.message}) from None
    out = Publication(wijkbeeld=counts)
    if programme is not None:
        out.programme = programme
        _to_programme(actor, survey, programme, questions, shared, results, out)
        audit.record(
            actor=actor,
            action="survey_results_to_programme",
            obj=survey,
            detail={"programme": programme.pk, "vragen": codes, "waarden": len(out.measured)},
        )
    return out
