"""Kennisbank: registers its policy rules (policy_rules.py) and its tile on the start page."""

from django.apps import AppConfig

from wijkkompas.accounts import modules, policy


class KnowledgeConfig(AppConfig):
    name = "wijkkompas.knowledge"
    label = "knowledge"
    verbose_name = "Kennisbank"

    def ready(self) -> None:
        policy.register_app(self)
        modules.register(
            modules.Module(
                title="Kennisbank",
                url_name="knowledge:index",
                summary="Thema's, vragen, bronnen, praktijkvoorbeelden en instrumenten.",
                entry=(("theme", "list"),),
                position=10,
            )
        )
