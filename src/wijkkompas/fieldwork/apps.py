"""Veldwerk (huis- en bedrijfsbezoeken): its policy rules (policy_rules.py), its start-page tile
and, on ready(), its privacy-register declarations, processing activity, audit labels and
retention task (``fieldwork.privacy``)."""

from importlib import import_module

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class FieldworkConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.fieldwork"
    label = "fieldwork"
    verbose_name = "Veldwerk (huis- en bedrijfsbezoeken)"
    tile = Module(
        title="Veldwerk",
        url_name="fieldwork:index",
        summary="Huis- en bedrijfsbezoeken: adreslijsten, informatiecheck, bezoeken en dekking.",
        entry=(("campaign", "list"),),
        position=60,
    )

    def ready(self) -> None:
        super().ready()
        # By name, like the policy rules: the module imports models, loaded only now.
        import_module(f"{self.name}.privacy").register()
