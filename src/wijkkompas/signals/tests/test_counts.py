"""Aggregates with small-number suppression (rounded to fives, small cells left out), attacked
through every filter of the statistics page, the API and the wijkbeeld; the processing register
from the covenant and the demo data."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from wijkkompas.accounts.models import ApiToken
from wijkkompas.accounts.roles import Role
from wijkkompas.areas.local_counts import LocalCount, buurt_codes, count_source
from wijkkompas.areas.models import Area
from wijkkompas.core import suppression
from wijkkompas.core.tests.disclosure import feasible
from wijkkompas.signals import demo as signals_demo
from wijkkompas.signals import selectors, services
from wijkkompas.signals.models import (
    AccessGrant,
    Case,
    Category,
    Escalation,
    Signal,
)

from .factories import CategoryFactory, build_world, grant, record_signal

pytestmark = pytest.mark.django_db


def test_signal_counts_round_leave_out_small_cells_and_skip_dismissed():
    w = build_world()
    agent = w.user(Role.PROFESSIONAL, "own")
    when = timezone.now() - timedelta(days=1)
    for _ in range(6):
        record_signal(agent, w.category, area_code="BU00010101", observed_at=when)
    dismissed = record_signal(agent, w.category, area_code="BU00010202", observed_at=when)
    services.triage_signal(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        signal=dismissed,
        decision="afwijzen",
        reason="onjuist",
    )
    record_signal(agent, w.category, area_code="BU00010303", observed_at=when)
    rows = {
        r["area_code"]: r
        for r in selectors.signal_counts(w.tenant_a, since=when - timedelta(hours=1))
    }
    # 6 is published as 5 (rounded down to fives); the single signal is left out, not "<5".
    assert rows == {
        "BU00010101": {
            "count": 5,
            "suppressed": False,
            "display": "5",
            "area_code": "BU00010101",
            "category": "cat-a",
            "category_name": "Ronselen A",
            "month": timezone.localtime(when).strftime("%Y-%m"),
        }
    }
    assert selectors.signal_counts(w.tenant_b) == []
    # Per category every category is listed; under 5, zero included, is "<5".
    assert selectors.signal_counts(w.tenant_b, by=("category",)) == [
        {
            "count": None,
            "suppressed": True,
            "display": "<5",
            "category": "cat-b",
            "category_name": "Ronselen B",
        }
    ]


def test_counts_for_the_wijkbeeld_are_rounded_and_cover_every_theme():
    w = build_world()
    agent = w.user(Role.PROFESSIONAL, "own")
    when = timezone.now() - timedelta(days=1)
    for _ in range(9):
        record_signal(agent, w.category, area_code="BU00010101", observed_at=when)
    year = timezone.localtime(when).year
    rows = services.wijkbeeld_counts(w.tenant_a, year=year)
    by_key = {(r.area_code, r.indicator): r.value for r in rows}
    # 9 (or 10 with the world's own signal) is published as 5 or 10: rounded down to fives.
    expected = 5 if timezone.localtime(w.signal.observed_at).year != year else 10
    assert by_key[("BU00010101", "signalen_totaal")] == expected
    assert by_key[("BU00010101", "signalen_jonge_aanwas")] == expected
    assert by_key[("BU00010101", "signalen_ondermijning")] is None  # zero: "<5", not left out
    assert all(isinstance(r, LocalCount) and r.period == str(year) and r.name for r in rows)
    assert all(suppression.rounding_note() in r.definition for r in rows)  # shown with the figure
    record_signal(agent, w.category, area_code="BU00010909", observed_at=when)
    rows = services.wijkbeeld_counts(w.tenant_a, year=timezone.localtime(when).year)
    assert {r.value for r in rows if r.area_code == "BU00010909"} == {None}
    assert all(r.value is None or r.value % 5 == 0 for r in rows)


def _buurten(w, codes: list[str], year: int = 2020) -> None:
    """The tenant is municipality GM0001 and the wijkbeeld knows its buurten ``codes``."""
    w.tenant_a.cbs_code = "GM0001"
    w.tenant_a.save()
    for code in codes:
        Area.objects.create(
            code=code, year=year, level="buurt", name=code, municipality_code="GM0001"
        )


def test_the_wijkbeeld_gets_a_row_for_every_buurt_of_the_municipality():
    w = build_world()
    _buurten(w, ["BU00010101"], 2020)
    _buurten(w, ["BU00010101", "BU00010202"], 2024)
    assert buurt_codes(["GM0001"], 2023) == ["BU00010101"]
    assert buurt_codes(["BU00010909"], 2026) == ["BU00010101", "BU00010202", "BU00010909"]
    assert buurt_codes(["GM0001"], 2010) == ["BU00010101"]  # before the first division
    assert buurt_codes([], 2026) == buurt_codes(["GM9999"], 2026) == []
    year = timezone.localtime(w.signal.observed_at).year
    # No signal at all in that year, and still every buurt and theme has its row ("<5").
    rows = services.wijkbeeld_counts(w.tenant_a, year=year - 1)
    assert {(r.area_code, r.indicator) for r in rows} == {
        (code, indicator)
        for code in ("BU00010101", "BU00010202")
        for indicator in ("signalen_totaal", "signalen_jonge_aanwas", "signalen_ondermijning")
    }
    assert {r.value for r in rows} == {None}
    # A partnership has no code of its own: the municipalities its signals name count.
    w.tenant_a.cbs_code = ""
    w.tenant_a.save()
    assert {r.area_code for r in services.wijkbeeld_counts(w.tenant_a, year=year - 1)} == {
        "BU00010101",
        "BU00010202",
    }


def test_the_push_is_the_wijkbeelds_signals_source():
    services.register_with_wijkbeeld()
    assert count_source("signals") is services.push_counts_to_wijkbeeld


def test_processing_register_comes_from_the_covenant(client_for):
    w = build_world()
    beheerder = w.user(Role.BEHEERDER, "own")
    page = client_for(beheerder).get("/signalen/register/").content.decode()
    assert w.category.purpose in page and w.category.legal_basis in page and "Politie A" in page
    assert "Corporatie A" not in page.split("Deelnemende organisaties")[1].split("Verwerkingen")[0]
    pdf = client_for(beheerder).get("/signalen/register.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_demo_is_idempotent_and_visibility_matches_the_brief(demo):
    signals_demo.load()
    counts = (
        Signal.objects.count(),
        Case.objects.count(),
        Escalation.objects.count(),
        AccessGrant.objects.count(),
    )
    signals_demo.load()
    assert (
        Signal.objects.count(),
        Case.objects.count(),
        Escalation.objects.count(),
        AccessGrant.objects.count(),
    ) == counts
    assert selectors.signals_visible_to(demo["jongerenwerker"]).exists()
    assert (
        selectors.cases_visible_to(demo["jongerenwerker"])
        .exclude(status=Case.Status.CLOSED)
        .exists()
    )
    for username in ("corporatie", "oov-buur"):
        assert not selectors.signals_visible_to(demo[username]).exists()
        assert not selectors.cases_visible_to(demo[username]).exists()
        assert not selectors.persons_visible_to(demo[username]).exists()
    assert selectors.triage_queue(demo["regisseur"]).filter(source=Signal.Source.PUBLIC).exists()


# --- Attacks: build data with small cells, fetch every filter the page, the API and the
# wijkbeeld offer, and let the attacker (core.tests.disclosure) combine every published number.


def _cell(signal: Signal) -> tuple[str, str, str]:
    return (
        signal.area_code,
        signal.category.code,
        timezone.localtime(signal.observed_at).strftime("%Y-%m"),
    )


def _everything_published(w, cells: list[tuple[str, str, str]]) -> list:
    """(cells a number adds up, the number) for every number the statistics page, the API and
    the wijkbeeld publish, under every filter they offer; a cell a table leaves out is "<5"."""
    user = w.user(Role.PROCESREGISSEUR, "own")
    api = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})
    page = Client()
    page.force_login(user)
    session = page.session
    session["otp_verified"] = True
    session.save()
    years = sorted({int(c[2][:4]) for c in cells})
    areas = sorted({c[0] for c in cells if c[0]})
    themes = dict(Category.objects.filter(tenant=w.tenant_a).values_list("code", "theme"))
    published = []
    t = suppression.threshold()

    def detail(rows: list[dict], scope: list[tuple[str, str, str]]) -> None:
        # A row here exists only when its cell is not empty: a listed "<5" would mean 1..4.
        listed = {
            (r["area_code"], r["category"], r["month"]): r["count"] or (1, t - 1) for r in rows
        }
        assert set(listed) <= set(scope)
        published.extend(([c], listed.get(c)) for c in scope)

    for year in [None, *years]:
        for area in ["", *areas]:
            scope = [
                c
                for c in cells
                if (year is None or c[2].startswith(str(year))) and (not area or c[0] == area)
            ]
            query = {k: v for k, v in {"year": year, "area_code": area}.items() if v}
            response = api.get("/api/v1/signal-counts", query)
            assert response.status_code == 200
            detail(response.json(), scope)
            response = page.get("/signalen/cijfers/", query)
            assert response.status_code == 200
            assert escape(suppression.rounding_note()) in response.content.decode()
            detail(response.context["rows"], scope)
            for row in response.context["by_category"]:
                members = [
                    c
                    for c in cells
                    if c[1] == row["category"] and (year is None or c[2].startswith(str(year)))
                ]
                published.append((members, row["count"]))
    for year in years:
        for row in services.wijkbeeld_counts(w.tenant_a, year=year):
            members = [
                c
                for c in cells
                if c[0] == row.area_code
                and c[2].startswith(str(year))
                and (row.indicator == "signalen_totaal" or row.indicator[9:] == themes[c[1]])
            ]
            published.append((members, row.value))
    assert all(not isinstance(v, int) or v % t == 0 for _, v in published)  # fives only
    return published


def _attack(w, spec: dict[tuple[str, Category, datetime], int]) -> dict:
    """Record ``spec`` (buurt, category, moment → number of signals), publish, attack: every
    suppressed cell must keep at least two possible values; return what the attacker allows."""
    _buurten(w, ["BU00010101", "BU00010202", "BU00010303"])
    agent = w.user(Role.PROFESSIONAL, "own")
    for (area, category, when), n in spec.items():
        for _ in range(n):
            record_signal(agent, category, area_code=area, observed_at=when)
    signals = Signal.objects.filter(tenant=w.tenant_a).exclude(status=Signal.Status.DISMISSED)
    exact = Counter(_cell(s) for s in signals.select_related("category"))
    cells = sorted(exact)
    allowed = feasible(cells, _everything_published(w, cells))
    for cell, n in exact.items():
        assert n in allowed[cell]  # the attacker's model of the tables is right
        if n < suppression.threshold():
            assert len(allowed[cell]) >= 2, (cell, n, sorted(allowed[cell]))
    return {cell: (exact[cell], allowed[cell]) for cell in cells}


def _moment(year: int, month: int) -> datetime:
    return timezone.make_aware(datetime(year, month, 15, 12))


def test_attack_all_years_against_one_year():
    """The outside tester: all years 9, this year 7 → last year's cell was 2. Now both totals
    read 5 and last year's cell can be anything from 0 to 4."""
    w = build_world()  # one signal of its own, this year, in BU00010101
    this_year = timezone.localtime(w.signal.observed_at).year
    last = _moment(this_year - 1, 3)
    result = _attack(
        w,
        {
            ("BU00010101", w.category, last): 2,
            ("BU00010101", w.category, _moment(this_year, 1)): 6,
        },
    )
    last_cell = ("BU00010101", "cat-a", last.strftime("%Y-%m"))
    assert result[last_cell] == (2, {0, 1, 2, 3, 4})


def test_attack_four_single_signals_under_a_small_category_total():
    """Four buurt-month cells of one signal each: listed as "<5" under a "<5" category total,
    each would be exactly 1. They are left out, and the wijkbeeld lists every theme."""
    w = build_world()
    last_year = timezone.localtime(w.signal.observed_at).year - 1
    result = _attack(
        w,
        {
            (area, w.category, _moment(last_year, month)): 1
            for area in ("BU00010101", "BU00010202")
            for month in (1, 2)
        },
    )
    assert all(len(allowed) >= 4 for n, allowed in result.values() if n < 5)


def test_attack_a_grid_of_buurten_categories_themes_and_years():
    w = build_world()
    other = CategoryFactory(
        tenant=w.tenant_a, code="cat-o", name="Ondermijning A", theme=Category.Theme.ONDERMIJNING
    )
    grant(other, w.orgs["own"], Role.PROFESSIONAL)
    this_year = timezone.localtime(w.signal.observed_at).year
    _attack(
        w,
        {
            ("BU00010101", w.category, _moment(this_year - 1, 1)): 6,
            ("BU00010101", other, _moment(this_year - 1, 1)): 3,
            ("BU00010202", w.category, _moment(this_year - 1, 1)): 4,
            ("BU00010202", other, _moment(this_year, 2)): 8,
            ("", w.category, _moment(this_year, 1)): 2,
        },
    )


def test_the_statistics_page_names_buurten_and_months_and_draws_a_chart(client_for):
    """The bestuurder saw buurt codes and "2026-09"; now names, months in words and a chart."""
    w = build_world()
    Area.objects.create(
        code="BU00010101",
        year=2020,
        level="buurt",
        name="Centrum-Noord",
        municipality_code="GM0001",
    )
    agent = w.user(Role.PROFESSIONAL, "own")
    when = timezone.make_aware(datetime(2026, 9, 15, 12))
    for _ in range(6):
        record_signal(agent, w.category, area_code="BU00010101", observed_at=when)
    page = client_for(w.user(Role.OOV_ADVISEUR, "own")).get("/signalen/cijfers/")
    html = page.content.decode()
    assert "Centrum-Noord" in html and "september 2026" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "<script src=" not in html.split("<main")[-1]
