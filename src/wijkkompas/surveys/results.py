"""Results of a survey per question and per buurt: n, shares with Wilson margins, mean scores
with 95% margins, suppressed below the threshold and complementarily (``statistics.protect``).

Buurten with fewer responses than the threshold are left out of every table and of its total
("totaal getoonde buurten"), so no total minus the shown buurten gives a small buurt back. Within
a table the relations a reader could use are: per buurt, options plus "no answer" make the
buurt's responses; per column, the buurten make the total. The counts come from one grouped
query per survey (a second for multiple choice), not from a loop over responses."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, FloatField, Sum
from django.db.models.functions import Cast

from wijkkompas.core import suppression
from wijkkompas.surveys.models import Answer, Question, Response, Survey, SurveyArea
from wijkkompas.surveys.statistics import Equation, margins_overlap, mean_margin, protect, wilson

TOTAL = "T"
MISSING = "_geen"
RESPONSES = "_reacties"
N = "_n"


@dataclass
class OptionResult:
    value: str
    label: str
    share: float | None = None  # 0..1
    low: float | None = None
    high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.share is None


@dataclass
class Cell:
    """One question in one buurt (or the total over the shown buurten)."""

    key: Any
    label: str
    n: int | None = None
    options: list[OptionResult] = field(default_factory=list)
    mean: float | None = None
    margin: float | None = None
    reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.n is None

    @property
    def interval(self) -> tuple[float, float] | None:
        if self.mean is None or self.margin is None:
            return None
        return self.mean - self.margin, self.mean + self.margin


@dataclass
class QuestionResult:
    question: Question
    cells: list[Cell]  # shown buurten in geographic (code) order, then the total

    def cell(self, key: Any) -> Cell | None:
        return next((c for c in self.cells if c.key == key), None)


@dataclass
class AreaCount:
    area: SurveyArea
    responses: int

    @property
    def shown(self) -> bool:
        return self.responses >= suppression.threshold()


@dataclass
class SurveyResults:
    survey: Survey
    provisional: bool
    areas: list[AreaCount]
    questions: list[QuestionResult]
    threshold: int

    @property
    def shown_areas(self) -> list[AreaCount]:
        return [a for a in self.areas if a.shown]

    @property
    def hidden_areas(self) -> list[AreaCount]:
        return [a for a in self.areas if not a.shown]

    @property
    def total_responses(self) -> int:
        return sum(a.responses for a in self.shown_areas)


def _counts(
    survey: Survey, questions: list[Question], area_ids: list[int]
) -> tuple[dict, dict, dict]:
    """(choice counts, number aggregates, multiple-choice counts) keyed by question and area.

    One grouped query over the survey's answers gives every choice count and every sum and sum
    of squares (a scale answer has an empty ``value``); only multiple choice, stored as a list,
    is counted here, and only when the survey has such a question."""
    shown = set(area_ids)
    kinds = {q.pk: q.kind for q in questions}
    choice: dict[tuple[int, int, str], int] = {}
    numbers: dict[tuple[int, int], tuple[int, float, float]] = {}
    rows = (
        Answer.objects.filter(response__survey=survey)
        .values_list("question_id", "response__area_id", "value")
        .annotate(
            n=Count("id"),
            k=Count("number"),
            s=Sum("number"),
            s2=Sum(Cast(F("number"), FloatField()) * Cast(F("number"), FloatField())),
        )
        .order_by()
    )
    for q, a, value, n, k, total, squares in rows:
        if a not in shown:
            continue
        kind = kinds.get(q)
        if kind == Question.Kind.SINGLE:
            choice[(q, a, value)] = n
        elif kind in (Question.Kind.SCALE, Question.Kind.NUMBER) and k:
            numbers[(q, a)] = (k, total, squares)
    multi: dict[tuple[int, int, str], int] = defaultdict(int)
    multiple = [q for q, kind in kinds.items() if kind == Question.Kind.MULTIPLE]
    if multiple:
        for q, a, values in Answer.objects.filter(
            response__survey=survey, question_id__in=multiple, response__area_id__in=area_ids
        ).values_list("question_id", "response__area_id", "values"):
            multi[(q, a, N)] += 1
            for v in values or ():
                multi[(q, a, v)] += 1
    return choice, numbers, multi


def _with_total(counts: dict, rows: list[int], columns: list[str]) -> None:
    for col in columns:
        counts[(TOTAL, col)] = sum(counts[(r, col)] for r in rows)


def _column_equations(rows: list[int], columns: list[str]) -> list[Equation]:
    return [Equation(tuple((r, c) for r in rows), (TOTAL, c)) for c in columns]


def _protect_rows(
    counts: dict, equations: list[Equation], *, sensitive: set, rows: list, row_cells: dict, t: int
) -> tuple[set, set]:
    """Run ``protect`` until no buurt loses its n by it; returns (suppressed, hidden rows)."""
    fixed = {(r, RESPONSES) for r in rows}
    hidden_rows: set = set()
    while True:
        hidden = {c for r in hidden_rows for c in row_cells[r]}
        suppressed = protect(
            counts, equations, threshold=t, sensitive=sensitive, fixed=fixed, hidden=hidden
        )
        # A row whose "no answer" or n is hidden cannot show shares against an exact n.
        newly = {
            r
            for r in rows
            if r not in hidden_rows and ((r, MISSING) in suppressed or (r, N) in suppressed)
        }
        if not newly:
            return suppressed, hidden_rows
        hidden_rows |= newly


def _question_result(
    question: Question,
    area_counts: list[AreaCount],
    data: tuple[dict, dict, dict],
    t: int,
) -> QuestionResult:
    choice, numbers, multi = data
    rows = [a.area.pk for a in area_counts]
    all_rows = [*rows, TOTAL]
    counts: dict[tuple[Any, str], int] = {}
    responses = {a.area.pk: a.responses for a in area_counts}
    kind = question.kind
    options = [o["value"] for o in question.options]
    sensitive: set = set()
    equations: list[Equation] = []
    for r in rows:
        counts[(r, RESPONSES)] = responses[r]
        if kind == Question.Kind.SINGLE:
            for o in options:
                counts[(r, o)] = choice.get((question.pk, r, o), 0)
            answered = sum(counts[(r, o)] for o in options)
        elif kind == Question.Kind.MULTIPLE:
            answered = multi.get((question.pk, r, N), 0)
            for o in options:
                counts[(r, o)] = multi.get((question.pk, r, o), 0)
                counts[(r, f"{o}:niet")] = answered - counts[(r, o)]
        else:
            answered = numbers.get((question.pk, r), (0, 0.0, 0.0))[0]
        counts[(r, N)] = answered
        counts[(r, MISSING)] = responses[r] - answered
    if kind == Question.Kind.SINGLE:
        columns = [*options, N, MISSING, RESPONSES]
        members = [*options, MISSING]
    elif kind == Question.Kind.MULTIPLE:
        members = [*options, *(f"{o}:niet" for o in options)]
        columns = [*members, N, MISSING, RESPONSES]
    else:
        members = []
        columns = [N, MISSING, RESPONSES]
    _with_total(counts, rows, [c for c in columns])
    for r in all_rows:
        equations.append(Equation(((r, N), (r, MISSING)), (r, RESPONSES)))
        if kind == Question.Kind.SINGLE:
            equations.append(Equation(tuple((r, o) for o in options), (r, N)))
        elif kind == Question.Kind.MULTIPLE:
            for o in options:
                equations.append(Equation(((r, o), (r, f"{o}:niet")), (r, N)))
        sensitive |= {(r, m) for m in members} | {(r, N)}
        if question.show_if_code:
            sensitive.add((r, MISSING))
    equations += _column_equations(rows, [c for c in columns if c != RESPONSES])
    row_cells = {r: [(r, c) for c in columns if c != RESPONSES] for r in all_rows}
    suppressed, hidden_rows = _protect_rows(
        counts, equations, sensitive=sensitive, rows=all_rows, row_cells=row_cells, t=t
    )
    labels = {a.area.pk: a.area.name for a in area_counts}
    cells = []
    for r in all_rows:
        cell = Cell(key=r, label=labels.get(r, "Totaal getoonde buurten"))
        n = counts[(r, N)]
        if r in hidden_rows or (r, N) in suppressed:
            cell.reason = f"minder dan {t} antwoorden, of af te leiden uit andere cijfers"
            cells.append(cell)
            continue
        cell.n = n
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            for o in question.options:
                result = OptionResult(o["value"], o["label"])
                c = counts[(r, o["value"])]
                if n > 0 and (r, o["value"]) not in suppressed:
                    result.share = c / n
                    result.low, result.high = wilson(c, n)
                cell.options.append(result)
        elif n > 0:
            if r == TOTAL:
                agg = [numbers.get((question.pk, a), (0, 0.0, 0.0)) for a in rows]
                s, s2 = sum(x[1] or 0 for x in agg), sum(x[2] or 0 for x in agg)
            else:
                _, s, s2 = numbers[(question.pk, r)]
            cell.mean, cell.margin = mean_margin(n, s, s2)
        cells.append(cell)
    return QuestionResult(question, cells)


def survey_results(survey: Survey, *, provisional: bool = False) -> SurveyResults:
    """The results of ``survey`` (the caller has checked who may see them, and when)."""
    t = suppression.threshold()
    per_area = dict(
        Response.objects.filter(survey=survey)
        .values("area_id")
        .annotate(n=Count("id"))
        .values_list("area_id", "n")
    )
    areas = [AreaCount(a, per_area.get(a.pk, 0)) for a in survey.areas.all()]
    shown = [a for a in areas if a.shown]
    all_questions = list(survey.questions.all())
    data = _counts(survey, all_questions, [a.area.pk for a in shown])
    questions = [
        _question_result(q, shown, data, t) for q in all_questions if q.kind != Question.Kind.TEXT
    ]
    return SurveyResults(survey, provisional, areas, questions, t)


@dataclass
class Difference:
    question: Question
    area_code: str
    label: str
    measure: str  # "gemiddelde" or an option's label
    before: float
    after: float
    before_interval: tuple[float, float]
    after_interval: tuple[float, float]

    @property
    def change(self) -> float:
        return self.after - self.before

    @property
    def overlap(self) -> bool:
        return margins_overlap(self.before_interval, self.after_interval)


def comparison(current: SurveyResults, earlier: SurveyResults) -> list[Difference]:
    """Per question code and buurt code shown in both surveys: the difference of every mean and
    every share, flagged where the 95% margins overlap (no clear change). Only cells published
    in both take part, so a difference reveals nothing a table did not."""
    before = {
        (r.question.code, _code(earlier, c.key)): c for r in earlier.questions for c in r.cells
    }
    out = []
    for result in current.questions:
        for cell in result.cells:
            key = (result.question.code, _code(current, cell.key))
            old = before.get(key)
            if old is None or cell.suppressed or old.suppressed:
                continue
            if cell.mean is not None and old.mean is not None:
                out.append(
                    Difference(
                        result.question,
                        key[1],
                        cell.label,
                        "gemiddelde",
                        old.mean,
                        cell.mean,
                        old.interval,
                        cell.interval,
                    )
                )
            old_options = {o.value: o for o in old.options}
            for o in cell.options:
                p = old_options.get(o.value)
                if o.suppressed or p is None or p.suppressed:
                    continue
                out.append(
                    Difference(
                        result.question,
                        key[1],
                        cell.label,
                        o.label,
                        p.share,
                        o.share,
                        (p.low, p.high),
                        (o.low, o.high),
                    )
                )
    return out


def _code(results: SurveyResults, key: Any) -> str:
    if key == TOTAL:
        return TOTAL
    return next(a.area.area_code for a in results.areas if a.area.pk == key)
