"""The base of every wijkkompas app's config: on ``ready()`` the app registers its own policy
rules (``<app>/policy_rules.py``) and, when it has one, its tile on the start page and in the
menu. So accounts never names a domain app; each app names itself.

Subclass it as ``appconfig.WijkkompasAppConfig`` (import the module, not the class), so Django
finds exactly one config class in the app's apps.py."""

from __future__ import annotations

from django.apps import AppConfig

from wijkkompas.accounts import modules, policy


class WijkkompasAppConfig(AppConfig):
    tile: modules.Module | None = None  # not "module": Django's AppConfig.module is the package

    def ready(self) -> None:
        policy.register_app(self)
        if self.tile is not None:
            modules.register(self.tile)
