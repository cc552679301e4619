"""Signal counts flow from the signals module into the wijkbeeld as local indicators."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from wijkkompas.areas.models import Observation

pytestmark = pytest.mark.django_db


def test_signal_counts_arrive_as_local_indicators_without_small_numbers(demo):
    from wijkkompas.areas import demo as areas_demo
    from wijkkompas.signals import demo as signals_demo

    areas_demo.load()
    signals_demo.load()  # publishes its counts at the end
    call_command("areas", "import", "signals", "--tenant", "voorbeeldstad")  # idempotent re-run
    observations = Observation.objects.filter(
        indicator__code__startswith="signalen_", period__startswith=str(timezone.localdate().year)
    )
    assert observations.exists()
    for value in observations.values_list("value", flat=True):
        assert value is None or value == 0 or value >= settings.SUPPRESSION_THRESHOLD
    assert (
        observations.count()
        == Observation.objects.filter(indicator__code__startswith="signalen_").count()
    )
