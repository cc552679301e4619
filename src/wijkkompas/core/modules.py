"""The product's modules as the start page and the main menu show them. A module appears for a
user when the policy grants any of its entry permissions and its URL exists."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from wijkkompas.accounts import policy


@dataclass(frozen=True)
class Module:
    title: str
    url_name: str
    summary: str
    entry: tuple[tuple[str, str], ...]  # (object_type, action) pairs; any one opens the module


MODULES = (
    Module(
        "Kennisbank",
        "knowledge:index",
        "Thema's, vragen, bronnen, praktijkvoorbeelden en instrumenten.",
        (("theme", "list"),),
    ),
    Module(
        "Themadossiers",
        "dossiers:index",
        "Uw werkdossier per thema en de informatiepositie.",
        (("dossier", "list"),),
    ),
    Module(
        "Wijkbeeld",
        "areas:index",
        "Cijfers per wijk en buurt, kwetsbaarheidsindex, kaarten.",
        (("area", "list"),),
    ),
    Module(
        "Barrièremodellen",
        "barriers:index",
        "Criminele bedrijfsprocessen en barrières.",
        (("barrier_model", "list"),),
    ),
    Module(
        "Signalen",
        "signals:index",
        "Signalen, triage, casussen en casusoverleg; convenant en verwerkingsregister.",
        (("signal", "list"), ("signal", "create"), ("register", "view")),
    ),
    Module(
        "Audittrail",
        "accounts:audit_trail",
        "Wie deed wat, wanneer en waarom.",
        (("audit_event", "list"),),
    ),
)


def modules_for(user) -> list[dict]:
    result = []
    for module in MODULES:
        if not any(policy.can(user, action, object_type) for object_type, action in module.entry):
            continue
        try:
            url = reverse(module.url_name)
        except NoReverseMatch:
            continue
        result.append({"title": module.title, "url": url, "summary": module.summary})
    return result
