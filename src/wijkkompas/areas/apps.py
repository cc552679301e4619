from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "wijkkompas.areas"
    label = "areas"
    verbose_name = "Wijkbeeld"
