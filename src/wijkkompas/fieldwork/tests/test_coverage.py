"""Coverage on the campaign page: the buurt map's colours and texts (exact for the team, published
counts for others, never single addresses), updated by every saved visit; and the share visited
fed into the linked programme's indicator."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError

from wijkkompas.accounts.models import AuditEvent
from wijkkompas.accounts.roles import Role
from wijkkompas.areas.charts import PALETTE
from wijkkompas.fieldwork import importer, services
from wijkkompas.fieldwork.coverage_map import class_of
from wijkkompas.fieldwork.models import Address
from wijkkompas.programmes.models import Indicator
from wijkkompas.programmes.tests.factories import make_programme

from .factories import BUURT_EAST, BUURT_WEST, address_rows, build_world, csv_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world(requires_check=False)
    lead = world.user(Role.OOV_ADVISEUR, "own")
    data = csv_file(address_rows(10, street="Hoogbouw", lon=5.015, bag=False))
    rows = importer.read_upload(data, filename="oost.csv")
    services.import_addresses(actor=lead, campaign=world.campaign, rows=rows)
    return world


def _map_values(body: str) -> dict:
    found = re.search(r'<script id="fw-kaart-waarden" type="application/json">(.*?)</script>', body)
    assert found, "no map values on the page"
    return json.loads(found.group(1))


def test_shares_fall_in_fixed_classes():
    assert [class_of(s) for s in (0, 0.1, 0.25, 0.26, 0.5, 0.7, 0.75, 0.76, 1)] == [
        0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]  # fmt: skip
    assert class_of(None) is None


def test_the_team_sees_each_buurt_coloured_with_exact_counts_changing_on_a_visit(world, client_for):
    pro = world.user(Role.PROFESSIONAL, "team")
    client = client_for(pro)
    page = client.get(f"/veldwerk/{world.campaign.pk}/").content.decode()
    assert "data-area-map" in page and "/api/v1/areas/WK999900/map" in page
    values = _map_values(page)
    assert set(values) == {BUURT_WEST, BUURT_EAST}
    assert values[BUURT_EAST]["text"].startswith("0 van 10 bezocht (0%)")
    assert values[BUURT_EAST]["colour"] == PALETTE[0]
    for a in Address.objects.filter(street="Hoogbouw").order_by("number")[:7]:
        services.record_visit(actor=pro, address=a, outcome="gesprek")
    values = _map_values(client.get(f"/veldwerk/{world.campaign.pk}/").content.decode())
    assert values[BUURT_EAST]["text"].startswith("7 van 10 bezocht (70%); gesprek 7")
    assert values[BUURT_EAST]["colour"] == PALETTE[3]
    assert "Hoogbouw" not in json.dumps(values)  # per buurt, never an address


def test_others_see_published_counts_only(world, client_for):
    pro = world.user(Role.PROFESSIONAL, "team")
    for a in Address.objects.filter(street="Hoogbouw").order_by("number")[:7]:
        services.record_visit(actor=pro, address=a, outcome="gesprek")
    analyst = world.user(Role.ANALIST, "own")
    response = client_for(analyst).get(f"/veldwerk/{world.campaign.pk}/")
    assert response.status_code == 200
    values = _map_values(response.content.decode())
    east = values[BUURT_EAST]["text"]
    assert "van de lijst" in east and "gesprek" not in east and "7 van 10" not in east
    west = values[BUURT_WEST]  # two addresses: too few to publish
    assert west["colour"] == "#d9d9d9"


def test_coverage_feeds_the_programme_indicator_through_programmes_services(world, client_for):
    lead = world.user(Role.OOV_ADVISEUR, "own")
    world.campaign.programme = make_programme(lead, partners=[])
    world.campaign.save()
    pro = world.user(Role.PROFESSIONAL, "team")
    hoogbouw = list(Address.objects.filter(street="Hoogbouw").order_by("number"))
    for a in hoogbouw[:7]:
        services.record_visit(actor=pro, address=a, outcome="gesprek")
    client = client_for(lead)
    assert "Bereik naar indicator" in client.get(f"/veldwerk/{world.campaign.pk}/").content.decode()
    response = client.post(f"/veldwerk/{world.campaign.pk}/indicator/")
    assert response.status_code == 302
    indicator = Indicator.objects.get(programme=world.campaign.programme)
    assert indicator.name == "Bereik veldwerk: Knock and talk Proefstad"
    measurement = indicator.measurements.get()
    assert measurement.value == 58  # 7 of 12
    assert measurement.source.startswith("Veldwerk Knock and talk Proefstad: 5 van 10 adressen")
    assert AuditEvent.objects.filter(action="programme_indicator_measured").count() == 1
    services.record_visit(actor=pro, address=hoogbouw[7], outcome="niemand_thuis")
    services.feed_programme_indicator(actor=lead, campaign=world.campaign)
    indicator.refresh_from_db()
    assert list(indicator.measurements.values_list("value", flat=True)) == [67]
    # a team member who does not lead the programme cannot feed it
    page = client_for(pro).get(f"/veldwerk/{world.campaign.pk}/").content.decode()
    assert "Bereik naar indicator" not in page
    assert client_for(pro).post(f"/veldwerk/{world.campaign.pk}/indicator/").status_code == 403


def test_feeding_needs_a_programme_and_enough_addresses(world):
    lead = world.user(Role.OOV_ADVISEUR, "own")
    with pytest.raises(ValidationError, match="Koppel de campagne eerst"):
        services.feed_programme_indicator(actor=lead, campaign=world.campaign)
    Address.objects.filter(street="Hoogbouw").delete()
    world.campaign.programme = make_programme(lead, partners=[])
    with pytest.raises(ValidationError, match="Te weinig adressen"):
        services.feed_programme_indicator(actor=lead, campaign=world.campaign)


def test_the_tables_link_each_buurt_and_close_each_cluster(world, client_for):
    lead = world.user(Role.OOV_ADVISEUR, "own")
    page = client_for(lead).get(f"/veldwerk/{world.campaign.pk}/").content.decode()
    assert f'href="/wijkbeeld/gebied/{BUURT_EAST}/" data-map-code="{BUURT_EAST}"' in page
    for cluster in world.campaign.clusters.all():
        assert f'action="/veldwerk/cluster/{cluster.pk}/afsluiten/"' in page
