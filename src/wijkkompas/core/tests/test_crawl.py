"""Walks the demo as each demo user would, following links from the start page: no page errors,
every page has a clean title, one h1 and unique element ids (WCAG 4.1.1 / label targets), and the
page speaks Dutch: no Django "Select an option", no raw CBS column key, no model field name of ours
where a label belongs."""

import html as html_lib
import re
from importlib import import_module, util

import pytest
from django.apps import apps
from django.urls import Resolver404, resolve

from wijkkompas.accounts.demo import DEMO_USERS

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
    "docx",
)
# Every kind of page (URL pattern) is visited, a few of its instances each: the demo has hundreds
# of steps, cases and versions that render through the same template.
PER_ROUTE = 3
MAX_PAGES = 400

TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)
# CBS column keys as the OData tables write them: CamelCase words and a column number.
CBS_KEY = re.compile(r"\b(?:[A-Z][a-z]+(?:[A-Z0-9][a-z0-9]*)+|k_\w+)_\d+\b")
# The indicator catalogue and an indicator's page show the CBS key as its code, on purpose.
CODE_PAGES = ("areas:indicators", "areas:indicator")


def cbs_keys() -> frozenset[str]:
    """The catalogue's CBS keys that are no Dutch word ("AantalInwoners", "k_15Tot25Jaar"; not
    "Mannen"): shown as text where the indicator's name belongs they are a raw key."""
    from wijkkompas.areas.catalogue import CBS_COLUMNS

    return frozenset(k for k in CBS_COLUMNS if re.search(r"[a-z][A-Z]|_", k))


def route_of(url: str) -> str:
    path, _, query = url.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return url
    return f"{match.view_name}{'?' if query else ''}"


def english_field_names() -> frozenset[str]:
    """Our models' field names that differ from their (Dutch) verbose name: a page that shows
    one of these has printed a field's name where its label belongs."""
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith("wijkkompas."):
            continue
        for f in model._meta.get_fields():
            verbose = str(getattr(f, "verbose_name", f.name))
            named = f.name.lower() != verbose.lower() and f.name != "id"
            if (f.concrete or f.many_to_many) and named:
                names.add(f.name)
    return frozenset(names)


def text_nodes(html: str) -> list[str]:
    return [" ".join(html_lib.unescape(t).split()) for t in TAGS.split(html) if t and t.strip()]


def language_problems(
    html: str, field_names: frozenset[str], keys: frozenset[str] = frozenset()
) -> list[str]:
    found = []
    if "Select an option" in html:
        found.append('Django\'s "Select an option"')
    # Django's default label of a field without a verbose name (our slugs): English on a form.
    if re.search(r"<label[^>]*>\s*Slug\b", html):
        found.append('label "Slug"')
    texts = [t for t in text_nodes(html) if t not in ("script", "style")]
    for text in texts:
        if key := CBS_KEY.search(text):
            found.append(f"CBS key {key.group()!r}")
        if text.split(" ")[0] in keys:
            found.append(f"CBS key in {text[:60]!r}")
        # A field name as a label: alone, as a list of names, or before a value ("theme: …").
        parts = [p.strip() for p in re.split(r"[,;]", text)]
        label = re.match(r"^([a-z_]+): ", text)
        if all(p in field_names for p in parts) or (label and label.group(1) in field_names):
            found.append(f"field name in {text[:60]!r}")
    return found


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


@pytest.mark.parametrize("username", sorted(DEMO_USERS))
def test_walk_the_demo(full_demo, client_for, username):
    client = client_for(full_demo[username])
    field_names, keys = english_field_names(), cbs_keys()
    seen, queue, problems, per_route = set(), ["/start/"], [], {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        route = route_of(url)
        if url in seen or per_route.get(route, 0) >= PER_ROUTE:
            continue
        seen.add(url)
        per_route[route] = per_route.get(route, 0) + 1
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
        allowed = frozenset() if route.rstrip("?") in CODE_PAGES else keys
        problems.extend((url, p) for p in language_problems(html, field_names, allowed))
        queue.extend(
            html_lib.unescape(h)
            for h in re.findall(r'href="(/[^"#]*)"', html)
            if not any(s in h for s in SKIP)
        )
    assert len(seen) < MAX_PAGES, "the walk did not end"
    assert len(seen) > 5
    assert not problems, problems


def test_the_language_check_finds_what_the_issue_saw():
    """The walk's check fails on each English or raw text the issue reported, and not on a
    Dutch page whose markup uses field names (name="description", data-status="…")."""
    names, keys = english_field_names(), cbs_keys()
    seen = [
        '<option value="">- Select an option -</option>',
        "<td>description, url</td>",
        "<div><small>due_date: 2027-01-18</small></div>",
        "<li><strong>theme</strong>: weerbaar-buitengebied; <strong>questions</strong>: [1, 2]</li>",
        '<span class="help">AantalInwoners_5</span>',
        '<span class="help">AantalInwoners · aantal</span>',
        '<label for="id_slug">Slug:</label>',
    ]
    for html in seen:
        assert language_problems(html, names, keys), html
    dutch = (
        '<label for="id_description">Beschrijving</label><textarea name="description"></textarea>'
        '<strong data-status="benaderd">Benaderd</strong><td>Mannen</td><td>Beschrijving, Webadres</td>'
    )
    assert language_problems(dutch, names, keys) == []
