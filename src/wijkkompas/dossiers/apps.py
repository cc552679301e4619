"""Themadossiers: its policy rules (policy_rules.py) and its start-page tile, registered on ready()."""

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class DossiersConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.dossiers"
    label = "dossiers"
    verbose_name = "Themadossiers"
    tile = Module(
        title="Themadossiers",
        url_name="dossiers:index",
        summary="Uw werkdossier per thema en de informatiepositie.",
        entry=(("dossier", "list"),),
        position=20,
    )
