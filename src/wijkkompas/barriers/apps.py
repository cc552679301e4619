"""Barrièremodellen: registers its policy rules (policy_rules.py) and its tile on the start page."""

from django.apps import AppConfig

from wijkkompas.accounts import modules, policy


class BarriersConfig(AppConfig):
    name = "wijkkompas.barriers"
    label = "barriers"
    verbose_name = "Barrièremodellen"

    def ready(self) -> None:
        policy.register_app(self)
        modules.register(
            modules.Module(
                title="Barrièremodellen",
                url_name="barriers:index",
                summary="Criminele bedrijfsprocessen en barrières.",
                entry=(("barrier_model", "list"),),
                position=40,
            )
        )
