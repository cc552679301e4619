"""The world both authorization matrices probe, built once per test module.

The world is created inside one transaction that stays open for the module; every test runs in
its own savepoint inside it (pytest-django's ``db``) that is rolled back afterwards, so an
allowed act never changes the next check and the world is not rebuilt per combination."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.test import Client

from wijkkompas.accounts.models import ApiToken

from .factories import World, build_world


@dataclass
class Matrix:
    world: World
    view_clients: dict[tuple[str, str], Client]
    api_clients: dict[tuple[str, str], Client]

    def refresh(self) -> None:
        """Reload the shared objects, so no test sees another test's rolled-back changes."""
        w = self.world
        for obj in (w.signal, w.person, w.case, w.meeting, w.intervention, w.escalation):
            obj.refresh_from_db()


@contextmanager
def matrix_for_module(django_db_blocker) -> Iterator[Matrix]:
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        view_clients, api_clients = {}, {}
        for key, user in world.users.items():
            view_clients[key] = Client()
            view_clients[key].force_login(user)
            api_clients[key] = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user)}"})
        yield Matrix(world, view_clients, api_clients)
        transaction.set_rollback(True)
