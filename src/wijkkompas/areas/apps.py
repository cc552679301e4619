"""Wijkbeeld: registers its policy rules (policy_rules.py) and its tile on the start page."""

from django.apps import AppConfig

from wijkkompas.accounts import modules, policy


class AreasConfig(AppConfig):
    name = "wijkkompas.areas"
    label = "areas"
    verbose_name = "Wijkbeeld"

    def ready(self) -> None:
        policy.register_app(self)
        modules.register(
            modules.Module(
                title="Wijkbeeld",
                url_name="areas:index",
                summary="Cijfers per wijk en buurt, kwetsbaarheidsindex, kaarten.",
                entry=(("area", "list"),),
                position=30,
            )
        )
