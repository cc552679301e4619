"""Walks the demo as a user would, following links from the start page: no page errors, every
page has a clean title, one h1 and unique element ids (WCAG 4.1.1 / label targets)."""

import re
from importlib import import_module, util

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db

SKIP = (
    "/static",
    "/uitloggen",
    "/api/v1/docs",
    "export",
    "pdf",
    "csv",
    "xlsx",
    "markdown",
    "poster",
)


@pytest.fixture
def full_demo(demo):
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if (
            config.name.startswith("wijkkompas.")
            and config.label != "accounts"
            and util.find_spec(name)
        ):
            import_module(name).load()
    return demo


@pytest.mark.parametrize("username", ["oov", "regisseur", "beheerder", "jongerenwerker"])
def test_walk_the_demo(full_demo, client_for, username):
    client = client_for(full_demo[username])
    seen, queue, problems = set(), ["/start/"], []
    while queue and len(seen) < 80:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        if "<" in title:
            problems.append((url, "markup in <title>"))
        if html.count("<h1") != 1:
            problems.append((url, f"{html.count('<h1')} h1 elements"))
        ids = re.findall(r'\sid="([^"]+)"', html)
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            problems.append((url, f"duplicate ids {duplicates[:3]}"))
        queue.extend(
            h for h in re.findall(r'href="(/[^"#]*)"', html) if not any(s in h for s in SKIP)
        )
    assert len(seen) > 20
    assert not problems, problems
