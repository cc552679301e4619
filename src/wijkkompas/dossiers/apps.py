"""Themadossiers: registers its policy rules (policy_rules.py) and its tile on the start page."""

from django.apps import AppConfig

from wijkkompas.accounts import modules, policy


class DossiersConfig(AppConfig):
    name = "wijkkompas.dossiers"
    label = "dossiers"
    verbose_name = "Themadossiers"

    def ready(self) -> None:
        policy.register_app(self)
        modules.register(
            modules.Module(
                title="Themadossiers",
                url_name="dossiers:index",
                summary="Uw werkdossier per thema en de informatiepositie.",
                entry=(("dossier", "list"),),
                position=20,
            )
        )
