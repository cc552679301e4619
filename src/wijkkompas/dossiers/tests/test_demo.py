import io

import pytest

from wijkkompas.dossiers import demo as dossiers_demo
from wijkkompas.dossiers import selectors
from wijkkompas.dossiers.models import Dossier, SourceStatusChange

pytestmark = pytest.mark.django_db


def test_demo_skips_without_the_theme(demo):
    out = io.StringIO()
    dossiers_demo.load(stdout=out)
    assert "overgeslagen" in out.getvalue() and not Dossier.objects.exists()


def test_demo_opens_a_worked_dossier_and_is_idempotent(demo, kb):
    out = io.StringIO()
    dossiers_demo.load(stdout=out)
    dossier = Dossier.objects.get(tenant__slug="voorbeeldstad", theme__slug="jonge-aanwas")
    position = selectors.information_position(dossier)
    assert position.overall.reached >= 2 and len(position.history) >= 3
    assert selectors.findings_by_question(dossier)[1].text and dossier.next_steps
    changes = SourceStatusChange.objects.count()
    dossiers_demo.load(stdout=out)
    assert Dossier.objects.count() == 1 and SourceStatusChange.objects.count() == changes
    assert "bestaat al" in out.getvalue()
