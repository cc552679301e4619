"""The demo: a closed quick scan with shown buurten and one suppressed buurt, compared with an
earlier wave, published in the wijkbeeld; idempotent; the CLI shows the results."""

import pytest
from django.core.management import call_command

from wijkkompas.areas import demo as areas_demo
from wijkkompas.programmes import demo as programmes_demo
from wijkkompas.programmes.models import Measurement, Programme
from wijkkompas.surveys import demo as surveys_demo
from wijkkompas.surveys.models import Survey
from wijkkompas.surveys.results import comparison, survey_results

pytestmark = pytest.mark.django_db


def test_demo_shows_results_and_a_suppressed_buurt(demo, capsys):
    areas_demo.load()
    programmes_demo.load()
    surveys_demo.load()
    surveys_demo.load()  # idempotent
    assert Survey.objects.count() == 3
    current = Survey.objects.get(title=surveys_demo.CURRENT)
    results = survey_results(current)
    assert [a.area.area_code for a in results.hidden_areas] == ["BU99010203"]
    assert len(results.shown_areas) == 2
    assert comparison(results, survey_results(current.previous))
    # the Nieuwland programme has each scale question measured before and after
    programme = Programme.objects.get(title=programmes_demo.TITLE)
    years = {current.previous.closes_on.year, current.closes_on.year}
    measured = Measurement.objects.filter(
        indicator__programme=programme, indicator__name__startswith="Bewonerspeiling"
    )
    assert {m.year for m in measured} == years and measured.count() == 2 * 6
    call_command("surveys", "results", str(current.pk))
    out = capsys.readouterr().out
    assert "Bedrijventerrein De Haven: minder dan 5 reacties" in out
