"""IVP-analyse (integral safety plans): its policy rules (policy_rules.py), registered on ready()."""

from wijkkompas.accounts import appconfig


class PlansConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.plans"
    label = "plans"
    verbose_name = "IVP-analyse (integrale veiligheidsplannen)"
