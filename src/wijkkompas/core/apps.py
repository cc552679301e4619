from django.apps import AppConfig

from wijkkompas.core import attention, finder


class CoreConfig(AppConfig):
    name = "wijkkompas.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        # Each app's attention.py and finder.py registers its providers (core names no app).
        attention.discover()
        finder.discover()
