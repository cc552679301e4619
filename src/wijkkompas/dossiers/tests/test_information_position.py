"""The information position for a constructed case: every share computed by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wijkkompas.dossiers import selectors, services
from wijkkompas.dossiers.models import Status

pytestmark = pytest.mark.django_db


def _set(dossier, actor, entry, status, day):
    current = selectors.source_row(dossier, entry.pk)
    services.set_source_status(
        actor=actor,
        dossier=dossier,
        entry=entry,
        status=status,
        day=day,
        expected_version=current.version,
    )


@pytest.fixture
def worked(dossier, demo, kb):
    """e1 ontvangen, e2 benaderd, e3 geborgd, e4 explicitly niet benaderd, e5 never touched."""
    _, e = kb
    oov = demo["oov"]
    today = timezone.localdate()
    d1, d2, d3 = today - timedelta(days=20), today - timedelta(days=10), today - timedelta(days=2)
    _set(dossier, oov, e["e1"], Status.BENADERD, d1)
    _set(dossier, oov, e["e4"], Status.NIET_BENADERD, d1)
    _set(dossier, oov, e["e1"], Status.ONTVANGEN, d2)
    _set(dossier, oov, e["e2"], Status.BENADERD, d2)
    _set(dossier, oov, e["e3"], Status.GEBORGD, d3)
    return dossier, (d1, d2, d3)


def _shares(shares):
    return {s.key: (s.reached, s.total, s.percent) for s in shares}


def test_current_position_overall_per_question_kind_and_origin(worked):
    dossier, _ = worked
    position = selectors.information_position(dossier)
    assert (position.overall.reached, position.overall.total, position.overall.percent) == (
        2,
        5,
        40,
    )
    assert _shares(position.by_question) == {
        "1": (1, 2, 50),  # e1 yes, e4 no
        "2": (0, 1, 0),  # e4
        "3": (0, 0, None),  # no recommended source
        "4": (2, 3, 67),  # e1, e3 yes; e2 only approached
        "5": (0, 0, None),
        "6": (0, 2, 0),  # e2 approached, e5 untouched
    }
    assert _shares(position.by_kind) == {
        "partner": (1, 2, 50),
        "registratie": (1, 2, 50),
        "publicatie": (0, 1, 0),
    }
    assert _shares(position.by_origin) == {"intern": (2, 2, 100), "extern": (0, 3, 0)}
    assert {code: n for code, _, n in position.status_counts} == {
        "niet_benaderd": 2,
        "benaderd": 1,
        "informatie_ontvangen": 1,
        "structureel_geborgd": 1,
    }


def test_history_has_one_point_per_change_date(worked):
    dossier, (d1, d2, d3) = worked
    history = selectors.information_position(dossier).history
    assert [(p.date, p.overall.reached, p.overall.total) for p in history] == [
        (d1, 0, 5),
        (d2, 1, 5),
        (d3, 2, 5),
    ]
    # Per question along the way: question 4 went 0/3 -> 1/3 -> 2/3.
    assert [p.by_question[3].reached for p in history] == [0, 1, 2]


def test_position_as_it_stood_at_an_earlier_date(worked):
    dossier, (d1, d2, d3) = worked
    at_d2 = selectors.information_position(dossier, at=d2)
    assert (at_d2.overall.reached, at_d2.overall.total) == (1, 5)
    assert [p.date for p in at_d2.history] == [d1, d2]
    before = selectors.information_position(dossier, at=d1 - timedelta(days=1))
    assert before.overall.reached == 0 and before.history == ()
    assert (
        selectors.information_position(dossier, at=d3).overall
        == selectors.information_position(dossier).overall
    )


def test_backdated_change_slots_into_history(worked, demo, kb):
    """A status entered today but dated earlier changes the past of the line, as it should."""
    dossier, (d1, d2, _) = worked
    _set(dossier, demo["oov"], kb[1]["e5"], Status.ONTVANGEN, d1)
    history = selectors.information_position(dossier).history
    assert [(p.date, p.overall.reached) for p in history] == [
        (d1, 1),
        (d2, 2),
        (history[-1].date, 3),
    ]


def test_empty_dossier_has_zero_share_and_no_history(dossier):
    position = selectors.information_position(dossier)
    assert (position.overall.reached, position.overall.total, position.overall.percent) == (0, 5, 0)
    assert position.history == ()
    assert position.as_dict()["overall"] == {
        "key": "overall",
        "label": "Totaal",
        "reached": 0,
        "total": 5,
        "percent": 0,
    }
