"""Signal counts flow from the signals module into the wijkbeeld as local indicators."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from wijkkompas.areas.tests.helpers import stored

pytestmark = pytest.mark.django_db


def test_signal_counts_arrive_as_local_indicators_without_small_numbers(demo):
    from wijkkompas.areas import demo as areas_demo
    from wijkkompas.signals import demo as signals_demo

    areas_demo.load()
    signals_demo.load()  # publishes its counts at the end
    call_command("areas", "import", "signals", "--tenant", "voorbeeldstad")  # idempotent re-run
    observations = stored(
        indicator_prefix="signalen_", period_prefix=str(timezone.localdate().year)
    )
    assert observations
    for o in observations:
        assert o.value is None or o.value == 0 or o.value >= settings.SUPPRESSION_THRESHOLD
    assert observations == stored(indicator_prefix="signalen_")
