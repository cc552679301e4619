"""Veldwerk (huis- en bedrijfsbezoeken): its policy rules (policy_rules.py), registered on ready()."""

from wijkkompas.accounts import appconfig


class FieldworkConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.fieldwork"
    label = "fieldwork"
    verbose_name = "Veldwerk (huis- en bedrijfsbezoeken)"
