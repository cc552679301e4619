from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijkkompas.core"
    label = "core"
    verbose_name = "Kern"
