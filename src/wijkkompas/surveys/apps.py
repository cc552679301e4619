"""Bewonerspeiling: its policy rules (policy_rules.py), registered on ready()."""

from wijkkompas.accounts import appconfig


class SurveysConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.surveys"
    label = "surveys"
    verbose_name = "Bewonerspeiling"
