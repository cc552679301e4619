"""The surveys API under /api/v1/surveys: list, create, read, change (versioned: a stale write
answers 409), open/close, results (after closing; the owner earlier, marked provisional), the
comparison with the earlier wave and
publishing chosen results to the wijkbeeld and a programme (``publishing.publish_results``). Residents answer through the HTML form only."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import ApiRouter, BodySchema, IsoDate, ObjectId
from wijkkompas.programmes import selectors as programme_selectors
from wijkkompas.surveys import selectors, services
from wijkkompas.surveys.models import Survey
from wijkkompas.surveys.publishing import publish_results
from wijkkompas.surveys.results import TOTAL, comparison, survey_results

router = ApiRouter(tags=["peilingen"])


class SurveyAreaOut(Schema):
    area_code: str
    name: str


class SurveyOut(Schema):
    id: int
    title: str
    template: str
    anonymity: str
    status: str
    opens_on: IsoDate
    closes_on: IsoDate
    organisation_id: int
    previous_id: int | None
    areas: list[SurveyAreaOut]
    version: int

    @staticmethod
    def resolve_areas(obj: Survey) -> list[dict]:
        return [{"area_code": a.area_code, "name": a.name} for a in obj.areas.all()]


class SurveyIn(BodySchema):
    title: str = Field(..., min_length=1, max_length=200)
    template: Literal["quickscan", "tafel_van_twaalf"]
    anonymity: Literal["anoniem", "strikt"] = "anoniem"
    opens_on: IsoDate
    closes_on: IsoDate
    area_codes: list[str] = Field(..., min_length=1, max_length=200)
    previous_id: ObjectId | None = None


class SurveyPatch(BodySchema):
    version: int
    title: str = Field(..., min_length=1, max_length=200)
    closes_on: IsoDate


class SurveyStatusIn(BodySchema):
    version: int
    status: Literal["open", "gesloten"]


class OptionOut(Schema):
    value: str
    label: str
    share: float | None
    low: float | None
    high: float | None
    suppressed: bool


class CellOut(Schema):
    area: str
    n: int | None
    suppressed: bool
    mean: float | None
    margin: float | None
    options: list[OptionOut]


class SurveyQuestionOut(Schema):
    code: str
    text: str
    kind: str
    cells: list[CellOut]


class ResultsOut(Schema):
    survey_id: int
    provisional: bool
    threshold: int
    suppressed_areas: list[str]
    questions: list[SurveyQuestionOut]


@router.paged("/surveys", SurveyOut, summary="Bewonerspeilingen van de eigen gemeente")
def list_surveys(request):
    return (
        selectors.surveys_visible_to(request.auth)
        .prefetch_related("areas")
        .order_by("-opens_on", "id")
    )


@router.created("/surveys", SurveyOut, summary="Nieuwe peiling uit een sjabloon")
def create_survey(request, payload: SurveyIn):
    user = request.auth
    policy.require(user, "create", "survey")
    data = payload.dict()
    previous_id = data.pop("previous_id")
    previous = selectors.get_survey(user, "view", previous_id) if previous_id else None
    return services.create_survey(
        actor=user, tenant=user.tenant, organisation=user.organisation, previous=previous, **data
    )


@router.get("/surveys/{survey_id}", response=SurveyOut, summary="Eén peiling")
def get_survey(request, survey_id: int):
    return selectors.get_survey(request.auth, "view", survey_id)


@router.patch("/surveys/{survey_id}", response=SurveyOut, summary="Titel en einddatum wijzigen")
def patch_survey(request, survey_id: int, payload: SurveyPatch):
    survey = selectors.get_survey(request.auth, "edit", survey_id)
    return services.update_survey(actor=request.auth, survey=survey, **payload.dict())


@router.post("/surveys/{survey_id}/status", response=SurveyOut, summary="Openen of sluiten")
def change_survey_status(request, survey_id: int, payload: SurveyStatusIn):
    survey = selectors.get_survey(request.auth, "edit", survey_id)
    return services.change_status(actor=request.auth, survey=survey, **payload.dict())


@router.get("/surveys/{survey_id}/results", response=ResultsOut, summary="Uitkomsten per buurt")
def get_survey_results(request, survey_id: int):
    survey = selectors.get_survey(request.auth, "results", survey_id)
    data = survey_results(survey, provisional=not survey.is_closed)
    return {
        "survey_id": survey.pk,
        "provisional": data.provisional,
        "threshold": data.threshold,
        "suppressed_areas": [a.area.area_code for a in data.hidden_areas],
        "questions": [
            {
                "code": r.question.code,
                "text": r.question.text,
                "kind": r.question.kind,
                "cells": [
                    {
                        "area": "totaal"
                        if c.key == "T"
                        else next(a.area.area_code for a in data.areas if a.area.pk == c.key),
                        "n": c.n,
                        "suppressed": c.suppressed,
                        "mean": c.mean,
                        "margin": c.margin,
                        "options": [{**o.__dict__, "suppressed": o.suppressed} for o in c.options],
                    }
                    for c in r.cells
                ],
            }
            for r in data.questions
        ],
    }


class SurveyDifferenceOut(Schema):
    question_code: str
    area: str = Field(..., description="Buurtcode, of 'totaal' (de getoonde buurten)")
    measure: str = Field(..., description="'gemiddelde' of het label van een antwoord")
    before: float
    after: float
    before_low: float
    before_high: float
    after_low: float
    after_high: float
    change: float
    overlap: bool = Field(..., description="De 95%-marges overlappen: geen duidelijk verschil")


class SurveyComparisonOut(Schema):
    survey_id: int
    previous_id: int | None
    provisional: bool
    differences: list[SurveyDifferenceOut]


@router.get(
    "/surveys/{survey_id}/comparison",
    response=SurveyComparisonOut,
    summary="Vergelijking met de eerdere peiling (alleen cellen die in beide getoond worden)",
)
def get_survey_comparison(request, survey_id: int):
    user = request.auth
    survey = selectors.get_survey(user, "results", survey_id)
    out = {
        "survey_id": survey.pk,
        "previous_id": survey.previous_id,
        "provisional": not survey.is_closed,
        "differences": [],
    }
    if survey.previous_id is None:
        return out
    previous = selectors.get_survey(user, "results", survey.previous_id)
    current = survey_results(survey, provisional=not survey.is_closed)
    for d in comparison(current, survey_results(previous)):
        out["differences"].append(
            {
                "question_code": d.question.code,
                "area": "totaal" if d.area_code == TOTAL else d.area_code,
                "measure": d.measure,
                "before": d.before,
                "after": d.after,
                "before_low": d.before_interval[0],
                "before_high": d.before_interval[1],
                "after_low": d.after_interval[0],
                "after_high": d.after_interval[1],
                "change": d.change,
                "overlap": d.overlap,
            }
        )
    return out


class SurveyPublishIn(BodySchema):
    questions: list[str] | None = Field(
        None,
        max_length=200,
        description="Codes van de schaalvragen; leeg laten (null) voor alle schaalvragen",
    )
    programme_id: ObjectId | None = Field(
        None, description="Programma (Aanpak) dat per gedeelde buurt een indicator krijgt"
    )


class SurveyPublishOut(Schema):
    counts: dict[str, int] = Field(..., description="Wat het wijkbeeld heeft opgeslagen")
    programme_id: int | None
    measured: list[str] = Field(..., description="Programma-indicatoren die een waarde kregen")
    suppressed: list[str] = Field(
        ..., description="Programma-indicatoren zonder waarde (buurt of cel onderdrukt)"
    )


@router.post(
    "/surveys/{survey_id}/publish",
    response=SurveyPublishOut,
    summary="Uitkomsten naar het wijkbeeld en optioneel naar een programma",
)
def publish_survey(request, survey_id: int, payload: SurveyPublishIn):
    user = request.auth
    survey = selectors.get_survey(user, "publish", survey_id)
    programme = (
        programme_selectors.get_programme(user, payload.programme_id)
        if payload.programme_id is not None
        else None
    )
    done = publish_results(
        actor=user, survey=survey, question_codes=payload.questions, programme=programme
    )
    return {
        "counts": done.wijkbeeld,
        "programme_id": programme.pk if programme else None,
        "measured": done.measured,
        "suppressed": done.suppressed,
    }
