"""Kennisbank: its policy rules (policy_rules.py) and its start-page tile, registered on ready()."""

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class KnowledgeConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.knowledge"
    label = "knowledge"
    verbose_name = "Kennisbank"
    tile = Module(
        title="Kennisbank",
        url_name="knowledge:index",
        summary="Thema's, vragen, bronnen, praktijkvoorbeelden en instrumenten.",
        entry=(("theme", "list"),),
        position=10,
    )
