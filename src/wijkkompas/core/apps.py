from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _

from wijkkompas.core import attention, finder


class CoreConfig(AppConfig):
    name = "wijkkompas.core"
    label = "core"
    verbose_name = "Kern"

    def ready(self) -> None:
        # Django 6.1's empty choice of every select ("- Select an option -") has no Dutch
        # translation; Django lets an app's ready() set it (django.db.models.fields docs).
        fields.BLANK_CHOICE_LABEL = _("- Kies een optie -")
        # Each app's attention.py and finder.py registers its providers (core names no app).
        attention.discover()
        finder.discover()
