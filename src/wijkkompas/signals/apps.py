from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "wijkkompas.signals"
    label = "signals"
    verbose_name = "Signalen en casusoverleg"
