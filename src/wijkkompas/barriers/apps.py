from django.apps import AppConfig


class BarriersConfig(AppConfig):
    name = "wijkkompas.barriers"
    label = "barriers"
    verbose_name = "Barrièremodellen"
