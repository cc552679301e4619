"""The product's modules as the start page and the main menu show them. A module appears for a
user when the policy lets them list its main object type and its URL exists."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from wijkkompas.accounts import policy


@dataclass(frozen=True)
class Module:
    title: str
    url_name: str
    object_type: str
    summary: str


MODULES = (
    Module(
        "Kennisbank",
        "knowledge:index",
        "theme",
        "Thema's, vragen, bronnen, praktijkvoorbeelden en instrumenten.",
    ),
    Module(
        "Themadossiers",
        "dossiers:index",
        "dossier",
        "Uw werkdossier per thema en de informatiepositie.",
    ),
    Module(
        "Wijkbeeld",
        "areas:index",
        "area",
        "Cijfers per wijk en buurt, kwetsbaarheidsindex, kaarten.",
    ),
    Module(
        "Barrièremodellen",
        "barriers:index",
        "barrier_model",
        "Criminele bedrijfsprocessen en barrières.",
    ),
    Module("Signalen", "signals:index", "signal", "Signalen, triage, casussen en casusoverleg."),
    Module("Audittrail", "accounts:audit_trail", "audit_event", "Wie deed wat, wanneer en waarom."),
)


def modules_for(user) -> list[dict]:
    result = []
    for module in MODULES:
        if not policy.can(user, "list", module.object_type):
            continue
        try:
            url = reverse(module.url_name)
        except NoReverseMatch:
            continue
        result.append({"title": module.title, "url": url, "summary": module.summary})
    return result
