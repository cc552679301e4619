"""Results on a fixture with known answers: n, shares with Wilson margins, means with margins,
a buurt too small left out of the table and its total, complementary suppression, comparison."""

from __future__ import annotations

import math

import pytest

from wijkkompas.surveys.results import TOTAL, comparison, survey_results
from wijkkompas.surveys.statistics import wilson

from . import factories as f

pytestmark = pytest.mark.django_db


def _fixture():
    s = f.survey(status="gesloten")
    big, second, small = s.areas.all()
    # Oude Kern: 20 responses; veilig_buurt vaak 4, soms 6, nooit 10; veilig_avond known scores
    scores = [6, 7, 8, 5, 9, 7, 6, 8, 7, 7, 6, 7, 8, 5, 9, 7, 6, 8, 7, 7]
    answers = []
    for i, score in enumerate(scores):
        choice = "vaak" if i < 4 else "soms" if i < 10 else "nooit"
        answers.append({"veilig_buurt": choice, "veilig_avond": score})
    f.add_responses(s, big, answers)
    # Nieuwe Rand: 12 responses, all "nooit" but 6 "soms"
    f.add_responses(
        s,
        second,
        [{"veilig_buurt": "soms" if i < 6 else "nooit", "veilig_avond": 8} for i in range(12)],
    )
    # Klein Hof: 3 responses -> never shown
    f.add_responses(s, small, [{"veilig_buurt": "vaak", "veilig_avond": 2}] * 3)
    return s, big, second, small


def test_scale_means_and_shares_match_hand_computed_values():
    s, big, second, small = _fixture()
    results = survey_results(s)
    assert [a.area.pk for a in results.shown_areas] == [big.pk, second.pk]
    assert [a.area.pk for a in results.hidden_areas] == [small.pk]
    avond = next(r for r in results.questions if r.question.code == "veilig_avond")
    cell = avond.cell(big.pk)
    assert cell.n == 20
    assert cell.mean == pytest.approx(7.0)
    # sum of squared deviations: 2*(1+0+1+4+4+0+1+1+0+0) = 24 -> sd sqrt(24/19)
    assert cell.margin == pytest.approx(1.959964 * math.sqrt(24 / 19) / math.sqrt(20), rel=1e-5)
    total = avond.cell(TOTAL)
    assert total.n == 32  # the small buurt is not in the total
    assert total.mean == pytest.approx((140 + 96) / 32)
    buurt = next(r for r in results.questions if r.question.code == "veilig_buurt")
    shares = {o.value: o for o in buurt.cell(big.pk).options}
    assert shares["nooit"].share == pytest.approx(0.5)
    assert (shares["nooit"].low, shares["nooit"].high) == pytest.approx(wilson(10, 20))
    # "vaak" is 4 (< 5): suppressed, and so is the smallest other option (soms, 6) in that row
    assert shares["vaak"].suppressed and shares["soms"].suppressed


def test_no_published_cell_reveals_a_small_count():
    s, _big, second, _small = _fixture()
    results = survey_results(s)
    buurt = next(r for r in results.questions if r.question.code == "veilig_buurt")
    for cell in buurt.cells:
        if cell.n is None:
            continue
        for o in cell.options:
            if not o.suppressed:
                count = round(o.share * cell.n)
                assert count == 0 or count >= 5, (cell.label, o.value, count)
    # Nieuwe Rand has no "vaak" at all (0 is shown), soms 6, nooit 6: all shown
    second_cell = {o.value: o for o in buurt.cell(second.pk).options}
    assert second_cell["vaak"].share == 0
    # the total's "vaak" (4 in Oude Kern + 0) is suppressed as well, so no subtraction gives it
    total = {o.value: o for o in buurt.cell(TOTAL).options}
    assert total["vaak"].suppressed


def test_skip_logic_question_with_few_skipped_is_suppressed():
    s = f.survey(status="gesloten")
    area = s.areas.first()
    answers = [{"criminaliteit_gezien": "ja", "criminaliteit_gemeld": "nee"} for _ in range(8)]
    answers += [{"criminaliteit_gezien": "nee"} for _ in range(2)]  # 2 skipped the follow-up
    f.add_responses(s, area, answers)
    results = survey_results(s)
    follow_up = next(r for r in results.questions if r.question.code == "criminaliteit_gemeld")
    assert follow_up.cell(area.pk).suppressed  # n 8 of 10 would give the 2 "nee" away


def test_comparison_with_an_earlier_survey_flags_overlapping_margins():
    s, big, _second, _small = _fixture()
    later = f.survey(s.tenant, status="gesloten", previous=s, organisation=s.organisation)
    areas = {a.area_code: a for a in later.areas.all()}
    f.add_responses(
        later,
        areas[big.area_code],
        [{"veilig_avond": 9} for _ in range(10)] + [{"veilig_avond": 8}] * 10,
    )
    diffs = comparison(survey_results(later), survey_results(s))
    mean = next(
        d for d in diffs if d.question.code == "veilig_avond" and d.area_code == big.area_code
    )
    assert mean.before == pytest.approx(7.0) and mean.after == pytest.approx(8.5)
    assert mean.change == pytest.approx(1.5)
    assert mean.overlap is False


def test_no_difference_reveals_a_small_count():
    s, big, second, small = _fixture()
    later = f.survey(s.tenant, status="gesloten", previous=s, organisation=s.organisation)
    areas = {a.area_code: a for a in later.areas.all()}
    # Oude Kern: 3 "vaak" (suppressed now), Nieuwe Rand: 4 responses (hidden), Klein Hof: 9
    f.add_responses(
        later,
        areas[big.area_code],
        [{"veilig_buurt": "vaak", "veilig_avond": 9}] * 3
        + [{"veilig_buurt": "nooit", "veilig_avond": 8}] * 12,
    )
    f.add_responses(later, areas[second.area_code], [{"veilig_buurt": "soms"}] * 4)
    f.add_responses(later, areas[small.area_code], [{"veilig_buurt": "soms"}] * 9)
    now, before = survey_results(later), survey_results(s)
    diffs = comparison(now, before)
    assert diffs
    t = now.threshold

    def shown(results, code, question_code, measure):
        area = next((a for a in results.areas if a.area.area_code == code), None)
        key = TOTAL if code == TOTAL else area.area.pk
        result = next(r for r in results.questions if r.question.code == question_code)
        cell = result.cell(key)
        assert cell is not None and not cell.suppressed and cell.n >= t
        if measure != "gemiddelde":
            option = next(o for o in cell.options if o.label == measure)
            assert not option.suppressed
            count = round(option.share * cell.n)
            assert count == 0 or count >= t

    for d in diffs:
        shown(now, d.area_code, d.question.code, d.measure)
        shown(before, d.area_code, d.question.code, d.measure)
    codes = {(d.area_code, d.question.code, d.measure) for d in diffs}
    assert (big.area_code, "veilig_buurt", "Vaak") not in codes  # suppressed in both waves
    assert not any(c[0] in (second.area_code, small.area_code) for c in codes)  # hidden once


def test_api_comparison_with_the_earlier_wave(api_client_for):
    s, big, _second, _small = _fixture()
    manager = f.owner(s.tenant)
    later = f.survey(s.tenant, status="gesloten", previous=s, organisation=manager.organisation)
    areas = {a.area_code: a for a in later.areas.all()}
    f.add_responses(
        later, areas[big.area_code], [{"veilig_avond": 9}] * 10 + [{"veilig_avond": 8}] * 10
    )
    c = api_client_for(manager)
    body = c.get(f"/api/v1/surveys/{later.pk}/comparison").json()
    assert body["previous_id"] == s.pk and body["provisional"] is False
    mean = next(
        d
        for d in body["differences"]
        if d["question_code"] == "veilig_avond" and d["area"] == big.area_code
    )
    assert mean["before"] == pytest.approx(7.0) and mean["after"] == pytest.approx(8.5)
    assert mean["overlap"] is False and mean["before_low"] < 7.0 < mean["before_high"]
    first = c.get(f"/api/v1/surveys/{s.pk}/comparison").json()
    assert first["previous_id"] is None and first["differences"] == []
