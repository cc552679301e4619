"""Barrièremodellen: its policy rules (policy_rules.py) and its start-page tile, registered on ready()."""

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class BarriersConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.barriers"
    label = "barriers"
    verbose_name = "Barrièremodellen"
    tile = Module(
        title="Barrièremodellen",
        url_name="barriers:index",
        summary="Criminele bedrijfsprocessen en barrières.",
        entry=(("barrier_model", "list"),),
        position=40,
    )
