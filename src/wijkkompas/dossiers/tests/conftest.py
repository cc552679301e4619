import pytest

from wijkkompas.dossiers.tests.factories import jonge_aanwas_theme


@pytest.fixture
def kb(db):
    """The constructed theme with its five sources: ``(theme, {"e1": entry, …})``."""
    return jonge_aanwas_theme()


@pytest.fixture
def dossier(demo, kb):
    """An open dossier of Voorbeeldstad for the constructed theme, opened by ``oov``."""
    from wijkkompas.dossiers import services

    oov = demo["oov"]
    return services.open_dossier(actor=oov, tenant=oov.tenant, theme=kb[0])
