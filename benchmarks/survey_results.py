"""Survey results at scale: 20 questions (10 single choice with 4 options, 10 scales 1-5) x 50
buurten x 20,000 responses (synthetic). Measures ``surveys.results.survey_results`` (three
grouped queries, suppression with complementary suppression, Wilson and mean margins) against a
pandas reference: ``read_sql`` of the same answers from the same database plus a groupby with the
same shares and margins (no suppression). Rounds alternate, medians compared; checks both agree.
Last line: JSON. With DATABASE_URL=postgresql://… it runs on a fresh PostgreSQL database."""

import json
import math
import random
import statistics
import time
import warnings

from _areas_setup import django_with_fresh_db

N_Q, N_AREAS, N_RESPONSES = 20, 50, 20_000
ROUNDS = 5
# read_sql on a psycopg connection works; pandas warns on every call that it is not SQLAlchemy
warnings.filterwarnings("ignore", message="pandas only supports SQLAlchemy")


def build():
    from datetime import date

    from wijkkompas.accounts.models import Organisation, Tenant
    from wijkkompas.surveys.models import Answer, Question, Response, Survey, SurveyArea

    tenant = Tenant.objects.create(slug="bench", name="Bench")
    org = Organisation.objects.create(tenant=tenant, name="Gemeente Bench", kind="gemeente")
    survey = Survey.objects.create(
        tenant=tenant,
        organisation=org,
        title="Bench",
        opens_on=date(2026, 1, 1),
        closes_on=date(2026, 2, 1),
        status="gesloten",
    )
    areas = [
        SurveyArea.objects.create(survey=survey, area_code=f"BU0001{i:04d}", name=f"Buurt {i}")
        for i in range(N_AREAS)
    ]
    options = [{"value": f"o{i}", "label": f"Optie {i}"} for i in range(4)]
    questions = []
    for i in range(N_Q):
        single = i % 2 == 0
        questions.append(
            Question.objects.create(
                survey=survey,
                position=i,
                code=f"q{i}",
                text=f"Vraag {i}",
                kind="enkel" if single else "schaal",
                options=options if single else [],
                scale_min=1,
                scale_max=5,
            )
        )
    rng = random.Random(1)
    responses = Response.objects.bulk_create(
        [
            Response(
                survey=survey,
                area=areas[rng.randrange(N_AREAS)],
                channel="open_link",
                received_on=date(2026, 1, 10),
            )
            for _ in range(N_RESPONSES)
        ],
        batch_size=5000,
    )
    answers = []
    for r in responses:
        for q in questions:
            if q.kind == "enkel":
                answers.append(
                    Answer(response=r, question=q, value=f"o{rng.choice((0, 1, 1, 2, 2, 2, 3))}")
                )
            else:
                answers.append(Answer(response=r, question=q, number=rng.randint(1, 5)))
    Answer.objects.bulk_create(answers, batch_size=10000)
    return survey


def pandas_reference(survey):
    import pandas as pd
    from django.db import connection

    sql = (
        "SELECT a.question_id, r.area_id, a.value, a.number FROM surveys_answer a "
        "JOIN surveys_response r ON r.id = a.response_id WHERE r.survey_id = %s"
    )
    frame = pd.read_sql(sql.replace("%s", str(int(survey.pk))), connection.connection)
    z = 1.959963984540054
    choice = frame[frame["value"] != ""]
    counts = choice.groupby(["question_id", "area_id", "value"]).size().rename("c").reset_index()
    n = counts.groupby(["question_id", "area_id"])["c"].transform("sum")
    p = counts["c"] / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5) / denominator
    counts = counts.assign(share=p, low=centre - half, high=centre + half)
    scale = frame[frame["number"].notna()].groupby(["question_id", "area_id"])["number"]
    means = scale.agg(["count", "mean", "std"]).reset_index()
    means["margin"] = z * means["std"] / means["count"] ** 0.5
    return counts, means


def main():
    django_with_fresh_db()
    from django.db import connection

    from wijkkompas.surveys.results import survey_results

    t0 = time.perf_counter()
    survey = build()
    build_s = time.perf_counter() - t0

    # alternate rounds (ours, pandas, ours, …) and take medians, so both see the same cache state
    ours_times, ref_times = [], []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        results = survey_results(survey)
        ours_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        counts, means = pandas_reference(survey)
        ref_times.append(time.perf_counter() - t)
    ours_s, ref_s = statistics.median(ours_times), statistics.median(ref_times)
    # the same shares and margins where our cell is shown
    by_key = {(int(r.question_id), int(r.area_id), r.value): r for r in counts.itertuples()}
    by_mean = {(int(r.question_id), int(r.area_id)): r for r in means.itertuples()}
    checked = 0
    for result in results.questions:
        for cell in result.cells:
            if cell.key == "T" or cell.suppressed:
                continue
            if cell.mean is not None:
                ref = by_mean[(result.question.pk, cell.key)]
                assert math.isclose(cell.mean, ref.mean, rel_tol=1e-9)
                assert math.isclose(cell.margin, ref.margin, rel_tol=1e-6)
                checked += 1
            for o in cell.options:
                if not o.suppressed:
                    ref = by_key[(result.question.pk, cell.key, o.value)]
                    assert math.isclose(o.share, ref.share, rel_tol=1e-9)
                    assert math.isclose(o.low, ref.low, rel_tol=1e-6)
                    checked += 1
    print(
        json.dumps(
            {
                "benchmark": "survey_results",
                "questions": N_Q,
                "buurten": N_AREAS,
                "responses": N_RESPONSES,
                "build_s": round(build_s, 2),
                "ours_s": round(ours_s, 3),
                "pandas_s": round(ref_s, 3),
                "rounds": ROUNDS,
                "database": connection.vendor,
                "ratio": round(ours_s / ref_s, 2),
                "target_ratio": 1.5,
                "cells_checked": checked,
            }
        )
    )


if __name__ == "__main__":
    main()
