"""Aanpak (programma's en werkwijzen): its policy rules (policy_rules.py), registered on ready()."""

from wijkkompas.accounts import appconfig


class ProgrammesConfig(appconfig.WijkkompasAppConfig):
    name = "wijkkompas.programmes"
    label = "programmes"
    verbose_name = "Aanpak (programma's en werkwijzen)"
