from django.urls import path

from wijkkompas.core.routes import resource
from wijkkompas.signals.views import (
    cases,
    escalations,
    intake,
    interventions,
    meetings,
    overview,
    persons,
    public,
    triage,
)

app_name = "signals"
urlpatterns = [
    path("", overview.index, name="index"),
    path("melden/", public.public_report, name="public_report"),
    path("melden/bedankt/", public.public_report_done, name="public_report_done"),
    path("melden/status/<int:reference>/", public.public_status, name="public_status"),
    path("nieuw/", intake.signal_create, name="signal_create"),
    *resource("meldingen/", intake, "signal", "list detail", collection={"export.csv": "export"}),
    *resource(
        "meldingen/",
        triage,
        "signal",
        "edit",
        item={"triage/": "triage", "terugkoppeling/": "feedback"},
    ),
    path("triage/", triage.triage_queue, name="triage_queue"),
    *resource("personen/", persons, "person", "list detail edit", item={"inzage/": "export"}),
    path("inzageverzoek/", persons.access_request, name="access_request"),
    *resource(
        "casussen/",
        cases,
        "case",
        "list create detail edit",
        item={"besluit/": "transition", "tijdlijn.csv": "export"},
    ),
    path(
        "casussen/<int:case_pk>/interventie/",
        interventions.intervention_create,
        name="intervention_create",
    ),
    path(
        "casussen/<int:case_pk>/escaleren/", escalations.escalation_create, name="escalation_create"
    ),
    *resource(
        "overleggen/",
        meetings,
        "meeting",
        "list create detail edit delete",
        item={"agenda/": "agenda_add", "verslag.pdf": "export"},
    ),
    *resource(
        "overleggen/agendapunt/",
        meetings,
        "agenda",
        item={"besluiten/": "decisions", "inbreng/": "contribution", "actie/": "action"},
    ),
    *resource(
        "interventies/",
        interventions,
        "intervention",
        "list detail edit",
        collection={"export.csv": "export"},
    ),
    *resource(
        "escalaties/",
        escalations,
        "escalation",
        "list detail",
        item={"besluit/": "decide", "verslag.pdf": "export"},
    ),
    path("cijfers/", overview.stats, name="stats"),
    path("register/", overview.register, name="register"),
    path("register.pdf", overview.register_pdf, name="register_pdf"),
    path("privacy/", overview.privacy, name="privacy"),
]
