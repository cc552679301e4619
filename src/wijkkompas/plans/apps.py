"""IVP-analyse (integral safety plans): its policy rules (policy_rules.py), its start-page tile
and, on ready(), its privacy-register declarations and audit labels (``plans.privacy``)."""

from importlib import import_module

from wijkkompas.accounts import appconfig
from wijkkompas.accounts.modules import Module


class PlansConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.plans"
    label = "plans"
    verbose_name = "IVP-analyse (integrale veiligheidsplannen)"
    tile = Module(
        title="IVP-analyse",
        url_name="plans:index",
        summary="Integrale veiligheidsplannen: prioriteiten vinden, indelen en vergelijken met "
        "gemeenten van dezelfde klasse.",
        entry=(("plan", "list"),),
        position=80,
    )

    def ready(self) -> None:
        super().ready()
        import_module(f"{self.name}.privacy").register()
