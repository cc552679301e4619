from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "wijkkompas.knowledge"
    label = "knowledge"
    verbose_name = "Kennisbank"
