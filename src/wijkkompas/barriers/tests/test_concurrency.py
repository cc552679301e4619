"""Two editors saving the same element at the same moment: exactly one wins, the other gets the
conflict (the version check runs under a row lock, so it cannot race)."""

import threading

import pytest
from django.db import connection, connections

from wijkkompas.barriers import services
from wijkkompas.barriers.models import Element
from wijkkompas.barriers.tests.factories import build_small_model
from wijkkompas.core.api_support import Conflict


@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_never_both_succeed(demo):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks are exercised on PostgreSQL; SQLite serialises writers itself")

    model = build_small_model(demo["oov"])
    element = Element.objects.filter(step__model=model, kind="signaal").first()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(user, text):
        try:
            barrier.wait()
            services.update_element(actor=user, element=element, version=element.version, text=text)
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(demo["oov"], "Tekst van de OOV-adviseur")),
        threading.Thread(target=save, args=(demo["regisseur"], "Tekst van de regisseur")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["conflict", "saved"]
    element.refresh_from_db()
    assert element.version == 2
