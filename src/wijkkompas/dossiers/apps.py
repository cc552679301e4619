from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "wijkkompas.dossiers"
    label = "dossiers"
    verbose_name = "Themadossiers"
