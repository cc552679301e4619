"""Kennisbank: its policy rules (policy_rules.py) and its start-page tile, registered on ready()."""

from wijkkompas.accounts import appconfig, modules
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

    # The editors' area has its own menu entry: only the redactie may open it.
    editorial_tile = Module(
        title="Redactie",
        url_name="knowledge:editorial",
        summary="Tips van gebruikers afhandelen en de Kennisbank bewerken, met geschiedenis.",
        entry=(("knowledge_tip", "list"),),
        position=11,
    )

    def ready(self) -> None:
        super().ready()
        modules.register(self.editorial_tile)
        records.register_retention(
            "Kennisbank", "wijkkompas.knowledge.retention.remove_expired_tips"
        )
