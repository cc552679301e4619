"""Fieldwork through its services: the address import (placement, duplicates, atomic,
idempotent), the check-before-visit rule, visits, signals from a visit, feedback, coverage,
closing clusters, retention and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pyproj import Transformer

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.core import records
from wijkkompas.core.api_support import Conflict
from wijkkompas.fieldwork import importer, selectors, services
from wijkkompas.fieldwork.models import Address, InformationCheck, Visit
from wijkkompas.knowledge.models import Source
from wijkkompas.signals import selectors as signal_selectors
from wijkkompas.signals.models import Signal

from .factories import BUURT_EAST, BUURT_WEST, address_rows, build_world, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def lead(world):
    return world.user(Role.OOV_ADVISEUR, "own")


def _import(world, lead, data: bytes, name: str = "lijst.csv"):
    rows = importer.read_upload(data, filename=name)
    return services.import_addresses(actor=lead, campaign=world.campaign, rows=rows, filename=name)


def _source() -> Source:
    return Source.objects.create(
        slug="politie-bron", name="Politie (BVH)", kind=Source.Kind.PARTNER, internal=False
    )


def test_addresses_are_placed_in_their_buurt_by_wgs84_and_rd(world, lead):
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    x, y = to_rd.transform(5.015, 52.005)
    data = (
        csv_file(
            [
                "Oostweg;1;;1234AC;Proefstad;;52.005;5.015",
                "Buitenweg;2;;1234AD;Proefstad;;52.5;5.5",
            ]
        )
        + f"Rdstraat;3;b;1234AE;Proefstad;;;;{x:.2f};{y:.2f}\n".encode()
    )
    header = b"straat;huisnummer;toevoeging;postcode;plaats;bag_id;lat;lon;x;y\n"
    result = _import(world, lead, header + data.split(b"\n", 1)[1])
    assert result.created == 3 and result.unplaced == 1
    codes = dict(Address.objects.values_list("street", "area_code"))
    assert codes == {
        "Flatlaan": BUURT_WEST,
        "Oostweg": BUURT_EAST,
        "Buitenweg": "",
        "Rdstraat": BUURT_EAST,
    }


def test_the_same_file_twice_changes_nothing(world, lead):
    data = csv_file(address_rows(5, street="Portiekstraat"))
    first = _import(world, lead, data)
    again = _import(world, lead, data)
    assert (first.created, first.skipped) == (3, 2)  # two of them were in the world already
    assert (again.created, again.skipped) == (0, 5)
    assert Address.objects.filter(campaign=world.campaign).count() == 5


def test_duplicates_in_a_file_are_refused_naming_both_rows(world, lead):
    data = csv_file(
        [
            "Laan;10;;1234 ab;Proefstad;;52.005;5.005",
            "Laan;10;;1234AB;Proefstad;;52.005;5.005",
            "Pad;11;;1234AB;Proefstad;0000000000009999;52.005;5.005",
            "Pad;12;;1234AB;Proefstad;0000000000009999;52.005;5.005",
        ]
    )
    with pytest.raises(importer.ImportRefused) as refused:
        _import(world, lead, data)
    assert refused.value.errors == [
        "lijst.csv, rij 3, kolom postcode: 1234AB 10 staat ook op rij 2.",
        "lijst.csv, rij 5, kolom BAG-id: 0000000000009999 staat ook op rij 4.",
    ]
    assert Address.objects.count() == 2  # nothing of the file


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(world, lead):
    data = csv_file(
        [
            "Goedweg;1;;1234AB;Proefstad;;52.005;5.005",
            ";x;;12;Proefstad;123;52.005;5.005",
            "Verweg;3;;1234AB;Proefstad;;40.0;5.005",
        ]
    )
    with pytest.raises(importer.ImportRefused) as refused:
        importer.read_upload(data, filename="lijst.csv")
    errors = refused.value.errors
    assert "lijst.csv, rij 3, kolom straat: is leeg." in errors
    assert (
        "lijst.csv, rij 3, kolom huisnummer: 'x' is geen huisnummer (een heel getal groter dan 0)."
        in errors
    )
    assert "lijst.csv, rij 3, kolom postcode: '12' is geen postcode (zoals 1234 AB)." in errors
    assert "lijst.csv, rij 3, kolom BAG-id: '123' is geen BAG-id (16 cijfers)." in errors
    assert "lijst.csv, rij 4, kolom lengtegraad: de coördinaten liggen niet in Nederland." in errors


def test_a_file_without_required_columns_is_refused():
    with pytest.raises(importer.ImportRefused) as refused:
        importer.read_upload(b"straat,nummer\nA,1\n", filename="x.csv")
    assert refused.value.errors == [
        "x.csv: de kolom(men) postcode, plaats ontbreken in de kopregel."
    ]


def test_lists_are_in_geographic_order_never_by_score(world, lead):
    _import(world, lead, csv_file(["Aweg;9;;1000AA;Proefstad;;52.005;5.015"]))
    listed = list(selectors.addresses_of(lead, world.campaign))
    assert [a.area_code for a in listed] == [BUURT_WEST, BUURT_WEST, BUURT_EAST]
    assert Address._meta.ordering == ["area_code", "postcode", "street", "number", "addition", "id"]


def test_no_visit_without_an_information_check_where_required(world, lead):
    pro = world.user(Role.PROFESSIONAL, "team")
    with pytest.raises(ValidationError) as refused:
        services.record_visit(actor=pro, address=world.address, outcome=Visit.Outcome.NOBODY)
    assert "informatiecheck" in str(refused.value)
    services.record_check(
        actor=world.user(Role.PROCESREGISSEUR, "team"),
        address=world.address,
        sources=[_source()],
        result="Geen bijzonderheden in BVH.",
        strategy=InformationCheck.Strategy.RESILIENCE,
        companions=[world.orgs["team"]],
    )
    visit = services.record_visit(actor=pro, address=world.address, outcome=Visit.Outcome.NOBODY)
    assert visit.next_visit_on == services.suggest_revisit(visit.visited_at)
    world.address.refresh_from_db()
    assert (world.address.status, world.address.visits_count) == ("niemand_thuis", 1)


def test_a_check_deciding_not_to_visit_blocks_the_visit(world, lead):
    services.record_check(
        actor=lead,
        address=world.address,
        sources=[_source()],
        result="Lopend onderzoek.",
        strategy=InformationCheck.Strategy.NO_VISIT,
    )
    with pytest.raises(ValidationError):
        services.record_visit(actor=lead, address=world.address, outcome="gesprek")


def test_a_check_is_stamped_encrypted_and_audited(world, lead):
    check = services.record_check(
        actor=lead,
        address=world.address,
        sources=[_source()],
        result="Eigenaar bekend bij politie.",
        strategy=InformationCheck.Strategy.VISIBILITY,
    )
    assert check.result == "Eigenaar bekend bij politie."
    assert "politie" not in check.result_encrypted
    assert check.legal_basis.startswith("Art. 6") and check.author == lead.username
    assert check.retain_until == records.months_after(check.checked_at, 12)
    assert AuditEvent.objects.filter(
        action="information_check_created", object_id=str(check.pk)
    ).exists()


@pytest.fixture
def open_world():
    return build_world(requires_check=False)


def test_a_visit_sent_twice_with_one_device_key_is_recorded_once(open_world):
    pro = open_world.user(Role.PROFESSIONAL, "team")
    first = services.record_visit(
        actor=pro, address=open_world.address, outcome="niemand_thuis", client_key="abc-1"
    )
    again = services.record_visit(
        actor=pro, address=open_world.address, outcome="niemand_thuis", client_key="abc-1"
    )
    assert first.pk == again.pk and Visit.objects.count() == 1
    open_world.address.refresh_from_db()
    assert open_world.address.visits_count == 1


def test_answers_follow_the_campaign_form(open_world):
    pro = open_world.user(Role.PROFESSIONAL, "team")
    with pytest.raises(ValidationError):
        services.record_visit(
            actor=pro,
            address=open_world.address,
            outcome="gesprek",
            answers={"voelt_u_zich_veilig_in_de_buurt": "misschien"},
        )
    visit = services.record_visit(
        actor=pro,
        address=open_world.address,
        outcome="gesprek",
        answers={"voelt_u_zich_veilig_in_de_buurt": "ja", "wat_valt_u_op": "Hangjongeren"},
        notes="Vriendelijk gesprek",
    )
    assert visit.answers == {
        "voelt_u_zich_veilig_in_de_buurt": "ja",
        "wat_valt_u_op": "Hangjongeren",
    }
    assert visit.notes == "Vriendelijk gesprek" and "Vriendelijk" not in visit.notes_encrypted
    assert visit.retain_until == records.months_after(visit.visited_at, 12)


def test_a_signal_from_a_visit_lands_in_triage_linked_to_the_visit(open_world):
    pro = open_world.user(Role.PROFESSIONAL, "team")
    visit = services.record_visit(actor=pro, address=open_world.address, outcome="gesprek")
    signal = services.raise_signal(
        actor=pro,
        visit=visit,
        description="Achterkamer met veel contant geld.",
        basis=Signal.Basis.ASSUMPTION,
        observation=Signal.Observation.OWN,
    )
    visit.refresh_from_db()
    assert visit.signal_id == signal.pk
    assert visit.retain_until == records.months_after(visit.visited_at, 24)
    assert signal.status == Signal.Status.NEW and signal.category == open_world.category
    assert signal.area_code == open_world.address.area_code
    assert signal.location == str(open_world.address)
    regisseur = open_world.user(Role.PROCESREGISSEUR, "own")
    assert signal in signal_selectors.signals_visible_to(regisseur)
    with pytest.raises(ValidationError):
        services.raise_signal(
            actor=pro, visit=visit, description="x", basis="feit", observation="eigen"
        )


def test_feedback_promised_and_given_with_optimistic_locking(open_world):
    pro = open_world.user(Role.PROFESSIONAL, "team")
    visit = services.record_visit(
        actor=pro,
        address=open_world.address,
        outcome="gesprek",
        feedback_promise="Laten weten wat er met de lantaarnpaal gebeurt",
    )
    assert selectors.open_feedback(pro, open_world.campaign) == 1
    with pytest.raises(Conflict):
        services.give_feedback(actor=pro, visit=visit, version=visit.version + 5)
    visit.refresh_from_db()
    services.give_feedback(actor=pro, visit=visit, version=visit.version)
    assert selectors.open_feedback(pro, open_world.campaign) == 0


def test_coverage_counts_and_shares_exact_for_the_team_rounded_for_others(open_world):
    lead = open_world.user(Role.OOV_ADVISEUR, "own")
    _import(open_world, lead, csv_file(address_rows(10, street="Hoogbouw", lon=5.015, bag=False)))
    pro = open_world.user(Role.PROFESSIONAL, "team")
    addresses = list(Address.objects.filter(street="Hoogbouw").order_by("number"))
    for a in addresses[:6]:
        services.record_visit(actor=pro, address=a, outcome="gesprek")
    services.record_visit(actor=pro, address=addresses[6], outcome="niemand_thuis")
    team = selectors.coverage(pro, open_world.campaign)
    assert team.exact and team.total.cells["total"] == "12"
    assert team.total.cells["attempted"] == "7" and team.total.share == "58%"
    east = next(r for r in team.buurten if r.key == BUURT_EAST)
    assert (east.cells["gesprek"], east.cells["niemand_thuis"], east.cells["open"]) == (
        "6",
        "1",
        "3",
    )
    assert east.share == "70%"
    analyst = open_world.user(Role.ANALIST, "own")
    others = selectors.coverage(analyst, open_world.campaign)
    assert not others.exact
    east = next(r for r in others.buurten if r.key == BUURT_EAST)
    assert (east.cells["total"], east.cells["gesprek"], east.cells["niemand_thuis"]) == (
        "10",
        "5",
        "<5",
    )


def test_closing_a_cluster_with_few_visits_warns_first(open_world):
    lead = open_world.user(Role.OOV_ADVISEUR, "own")
    cluster = open_world.address.cluster
    with pytest.raises(ValidationError) as warned:
        services.close_cluster(actor=lead, cluster=cluster)
    assert "pas 0 van de 2 adressen" in str(warned.value)
    services.close_cluster(actor=lead, cluster=cluster, confirm=True)
    cluster.refresh_from_db()
    assert cluster.closed_at is not None
    day = selectors.day_list(lead, open_world.campaign, day=date.today())
    assert list(day) == []


def test_day_list_leaves_out_done_addresses_and_revisits_not_yet_due(open_world):
    pro = open_world.user(Role.PROFESSIONAL, "team")
    services.record_visit(actor=pro, address=open_world.address, outcome="gesprek")
    services.record_visit(actor=pro, address=open_world.second, outcome="niemand_thuis")
    today = timezone.localdate()
    assert list(selectors.day_list(pro, open_world.campaign, day=today)) == []
    later = today + timedelta(days=4)
    assert list(selectors.day_list(pro, open_world.campaign, day=later)) == [open_world.second]


def test_retention_removes_visits_and_checks_past_their_term(world, lead):
    check = services.record_check(
        actor=lead, address=world.address, sources=[_source()], result="x", strategy="weerbaarheid"
    )
    visit = services.record_visit(actor=lead, address=world.address, outcome="niemand_thuis")
    task = records.retention_tasks()["fieldwork"]
    now = timezone.now()
    assert task(actor=None, now=now, tenant=None) == {
        "Veldwerkbezoeken verwijderd": 0,
        "Informatiechecks verwijderd": 0,
    }
    counts = task(actor=None, now=now + timedelta(days=120), tenant=None)
    assert counts["Veldwerkbezoeken verwijderd"] == 1 and counts["Informatiechecks verwijderd"] == 0
    assert not Visit.objects.filter(pk=visit.pk).exists()
    task(actor=None, now=now + timedelta(days=400), tenant=None)
    assert not InformationCheck.objects.filter(pk=check.pk).exists()


def test_campaign_validation_and_versioned_edit(world, lead):
    with pytest.raises(ValidationError) as refused:
        services.create_campaign(
            actor=lead,
            name="",
            kind="huisbezoeken",
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 4, 1),
            area_codes=["XX1"],
            legal_basis="",
            purpose="p",
            questions=[{"label": "Kies", "kind": "keuze", "choices": ["a"]}],
        )
    errors = refused.value.message_dict
    assert set(errors) >= {"name", "ends_on", "area_codes", "legal_basis", "questions"}
    campaign = world.campaign
    services.update_campaign(
        actor=lead, campaign=campaign, version=campaign.version, goal="Meer weten"
    )
    with pytest.raises(Conflict):
        services.update_campaign(actor=lead, campaign=campaign, version=1, goal="Oud")
    assert services.parse_questions("Veilig? [ja/nee]\nWat? [keuze: a | b]\nVrij")[1][
        "choices"
    ] == ["a", "b"]
