from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wijkkompas.accounts"
    label = "accounts"
    verbose_name = "Accounts en toegang"
