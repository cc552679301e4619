"""Kennisbank: its policy rules (policy_rules.py) and its start-page tile, registered on ready()."""

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module
from wijkkompas.core import records


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

    def ready(self) -> None:
        super().ready()
        records.register_retention(
            "Kennisbank", "wijkkompas.knowledge.retention.remove_expired_tips"
        )
