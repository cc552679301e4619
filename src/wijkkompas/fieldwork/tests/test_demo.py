"""The demo loads in order (accounts, knowledge, areas, signals, fieldwork), places its addresses
in the demo buurten by their coordinates, and is idempotent."""

import pytest

from wijkkompas.areas import demo as areas_demo
from wijkkompas.fieldwork import demo as fieldwork_demo
from wijkkompas.fieldwork.models import Address, Campaign, InformationCheck, Visit
from wijkkompas.knowledge import demo as knowledge_demo
from wijkkompas.signals import demo as signals_demo

pytestmark = pytest.mark.django_db


def test_demo_campaigns_with_placed_addresses_and_visits(demo, client_for):
    knowledge_demo.load()
    areas_demo.load()
    signals_demo.load()
    fieldwork_demo.load()
    fieldwork_demo.load()
    house = Campaign.objects.get(name=fieldwork_demo.HOUSE)
    knock = Campaign.objects.get(name=fieldwork_demo.KNOCK)
    assert Address.objects.filter(campaign=house).count() == 360
    assert Visit.objects.filter(campaign=house).count() == 270
    placed = set(Address.objects.filter(campaign=house).values_list("area_code", flat=True))
    assert placed == {house.area_codes[0]}
    placed = set(Address.objects.filter(campaign=knock).values_list("area_code", flat=True))
    assert placed == {knock.area_codes[0]}
    assert InformationCheck.objects.filter(campaign=knock).count() == 5
    assert Visit.objects.filter(campaign=knock, signal__isnull=False).count() == 1
    page = client_for(demo["wijkagent"]).get(f"/veldwerk/{house.pk}/")
    assert page.status_code == 200 and "270 van 360 bezocht = 75%" in page.content.decode()
    start = client_for(demo["oov"]).get("/start/").content.decode()
    assert "Veldwerk" in start
