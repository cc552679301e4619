"""core.routes.resource: paths, views and names from the naming convention."""

from types import SimpleNamespace

from django.urls import reverse

from wijkkompas.core.routes import resource


def _view(name):
    def view(request, **kwargs):
        return name

    view.__name__ = name
    return view


VIEWS = SimpleNamespace(
    **{
        name: _view(name)
        for name in (
            "case_list",
            "case_create",
            "case_detail",
            "case_edit",
            "case_delete",
            "case_export",
            "case_transition",
            "step_add",
            "step_move",
        )
    }
)


def _table(patterns):
    return [(str(p.pattern), p.callback.__name__, p.name) for p in patterns]


def test_actions_extra_paths_and_names_follow_the_convention():
    patterns = resource(
        "casussen/",
        VIEWS,
        "case",
        "list create detail edit delete",
        collection={"export.csv": "export"},
        item={"besluit/": "transition"},
    )
    assert _table(patterns) == [
        ("casussen/", "case_list", "case_list"),
        ("casussen/nieuw/", "case_create", "case_create"),
        ("casussen/<int:pk>/", "case_detail", "case"),
        ("casussen/<int:pk>/bewerken/", "case_edit", "case_edit"),
        ("casussen/<int:pk>/verwijderen/", "case_delete", "case_delete"),
        ("casussen/export.csv", "case_export", "case_export"),
        ("casussen/<int:pk>/besluit/", "case_transition", "case_transition"),
    ]


def test_an_own_id_converter():
    patterns = resource("<int:pk>/stappen/", VIEWS, "step", "add move", id="<int:step_id>")
    assert _table(patterns) == [
        ("<int:pk>/stappen/nieuw/", "step_add", "step_add"),
        ("<int:pk>/stappen/<int:step_id>/verplaatsen/", "step_move", "step_move"),
    ]


def test_the_signals_and_barriers_urls_keep_their_names():
    assert reverse("signals:case_transition", args=[3]) == "/signalen/casussen/3/besluit/"
    assert reverse("barriers:step_move", args=[1, 2]).endswith("/1/stappen/2/verplaatsen/")
