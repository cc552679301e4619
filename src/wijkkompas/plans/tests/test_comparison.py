"""The comparison: the 381-priority fixture reproduces the CCV's 42% / 28% (seed 001), joint
plans count once per plan and once per municipality, classes and periods, exports."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from wijkkompas.accounts import demo as accounts_demo
from wijkkompas.accounts.models import Tenant
from wijkkompas.plans import classes, demo
from wijkkompas.plans import comparison as cmp
from wijkkompas.plans.models import Plan, Priority

from .factories import TEXT, build_world, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_plans():
    accounts_demo.load()
    demo.load()
    return Plan.objects.filter(file_name=demo.FIXTURE_TAG)


def test_the_381_fixture_reproduces_42_and_28_percent(fixture_plans):
    assert fixture_plans.count() == 18
    (total,) = cmp.compare(fixture_plans, by="totaal", confirmed_only=True)
    assert total.total == 381
    assert total.share("woon_leefomgeving") == 42 and total.categories["woon_leefomgeving"] == 160
    assert total.share("ondermijning") == 28 and total.categories["ondermijning"] == 107
    summary = cmp.national_summary(total)
    assert summary.startswith(
        "381 prioriteiten; 42% veilige woon- en leefomgeving; 28% ondermijning en georganiseerde criminaliteit"
    )


def test_the_fixture_is_spread_over_the_classes_and_the_demo_is_idempotent(fixture_plans):
    groups = {g.key: g for g in cmp.compare(fixture_plans, by="klasse")}
    assert list(groups) == ["G4", "G40", "P10", "overig"]
    assert all(g.total > 30 for g in groups.values())
    demo.load()
    assert Plan.objects.filter(file_name=demo.FIXTURE_TAG).count() == 18
    assert Priority.objects.filter(origin="fixture").count() == 381
    voorbeeldstad = Tenant.objects.get(slug="voorbeeldstad")
    assert Plan.objects.filter(tenant=voorbeeldstad).count() == 19
    assert Plan.objects.filter(tenant__slug="buurgemeente").count() == 1


def test_joint_plans_count_once_per_plan_and_once_per_municipality():
    w = build_world()
    joint = make_plan(
        w.tenant,
        text=TEXT + "\nGezamenlijk plan.",
        codes=("GM9931", "GM9932", "GM9941"),
        name="joint.txt",
        period="2019-2022",
    )
    plans = Plan.objects.filter(pk__in=[w.plan.pk, joint.pk])
    # w.plan: GM9941 (overig), 3 priorities; joint: two P10 and one overig municipality
    per_plan = {g.key: (g.plans, g.total) for g in cmp.compare(plans, view="plan", by="klasse")}
    assert per_plan == {"P10": (1, 3), "overig": (2, 6)}
    per_gm = {g.key: (g.plans, g.total) for g in cmp.compare(plans, view="gemeente", by="klasse")}
    assert per_gm == {"P10": (2, 6), "overig": (2, 6)}
    (total_plan,) = cmp.compare(plans, view="plan", by="totaal")
    (total_gm,) = cmp.compare(plans, view="gemeente", by="totaal")
    assert (total_plan.plans, total_plan.total) == (2, 6)
    assert (total_gm.plans, total_gm.total) == (4, 12)
    periods = {g.key: g.total for g in cmp.compare(plans, by="periode")}
    assert periods == {"2019-2022": 3, "2023-2026": 3}
    # suggestions count unless only confirmed ones are asked for
    assert cmp.compare(plans, by="totaal", confirmed_only=True) == [] or (
        cmp.compare(plans, by="totaal", confirmed_only=True)[0].total == 0
    )


def test_rejected_and_merged_priorities_do_not_count():
    w = build_world()
    w.plan.priorities.filter(title__startswith="Overlast").update(status="afgewezen")
    (total,) = cmp.compare(Plan.objects.filter(pk=w.plan.pk), by="totaal")
    assert total.total == 2


def test_classes_come_from_areas_tenants_and_the_demo_table():
    table = classes.class_map()
    assert classes.class_of("GM0363", table) == "G4"  # shipped G4/G40 list of areas
    assert classes.class_of("GM0606", table) == "G40"
    assert classes.class_of("GM9931", table) == "P10"  # this app's demo table
    assert classes.class_of("GM0001", table) == "overig"
    Tenant.objects.create(slug="p10", name="Plattelandsgemeente", cbs_code="GM0002", is_p10=True)
    assert classes.class_of("GM0002") == "P10"


def test_json_export_lists_plans_with_municipalities_and_priorities(capsys):
    w = build_world()
    call_command("plans", "export", "--format", "json", "--tenant", "proefstad")
    data = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in data] == [w.plan.pk]
    assert data[0]["municipalities"] == [{"code": "GM9941", "name": "Molendorp"}]
    assert data[0]["period"] == "2023-2026"
    first = data[0]["priorities"][0]
    assert first["status"] == "voorgesteld" and first["themes"][0]["code"] == "ondermijning"


def test_exports_have_a_row_per_group_and_category_and_per_group_and_theme():
    w = build_world()
    groups = cmp.compare(Plan.objects.filter(pk=w.plan.pk), by="klasse")
    header, rows = cmp.table_rows(groups)
    assert header[3:5] == ["soort", "categorie of thema"]
    kinds = [r[3] for r in rows]
    assert kinds.count("categorie") == 7 and kinds.count("thema") == 17  # + niet ingedeeld
    by_theme = {r[4]: (r[5], r[6]) for r in rows if r[3] == "thema"}
    assert by_theme["Ondermijning en georganiseerde criminaliteit"] == (1, 33)
    assert sum(count for count, _ in by_theme.values()) == 3
    (row,) = [t for t in cmp.theme_table(groups) if t["code"] == "verkeer"]
    assert row["field"] == "Fysieke veiligheid" and row["cells"] == [{"count": 1, "share": 33}]
