"""Bewonerspeiling: its policy rules (policy_rules.py) and start-page tile, registered on
ready(); ``registry.register()`` then declares its fields, processing activity, audit labels,
retention task and wijkbeeld source (a module loaded by name: it imports models, which the app
registry has only now)."""

from importlib import import_module

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class SurveysConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.surveys"
    label = "surveys"
    verbose_name = "Bewonerspeiling"
    tile = Module(
        title="Bewonerspeiling",
        url_name="surveys:index",
        summary="Anonieme peilingen onder bewoners per buurt: veiligheidsbeleving, uitkomsten met marges.",
        entry=(("survey", "list"),),
        position=70,
    )

    def ready(self) -> None:
        super().ready()
        import_module("wijkkompas.surveys.registry").register()
