"""Wijkbeeld: its policy rules (policy_rules.py) and its start-page tile, registered on ready()."""

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class AreasConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.areas"
    label = "areas"
    verbose_name = "Wijkbeeld"
    tile = Module(
        title="Wijkbeeld",
        url_name="areas:index",
        summary="Cijfers per wijk en buurt, kwetsbaarheidsindex, kaarten.",
        entry=(("area", "list"),),
        position=30,
    )
