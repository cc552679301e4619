"""One name, one schema: the OpenAPI document keys its components by class name, so two apps'
``MeetingOut`` would silently document one operation with the other's shape (schemathesis then
reports every response of the first as invalid). Every ninja Schema of ours has its own name."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from wijkkompas.api import api  # noqa: F401 (loads every app's API module)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_api_schema_has_its_own_name():
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("wijkkompas.") and ".tests" not in cls.__module__:
            by_name[cls.__name__].add(cls.__module__)
    assert {name: mods for name, mods in by_name.items() if len(mods) > 1} == {}
