from django.urls import path

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
    path("nieuw/", intake.signal_create, name="signal_create"),
    path("meldingen/", intake.signal_list, name="signal_list"),
    path("meldingen/export.csv", intake.signal_export, name="signal_export"),
    path("meldingen/<int:pk>/", intake.signal_detail, name="signal"),
    path("meldingen/<int:pk>/triage/", triage.signal_triage, name="signal_triage"),
    path("meldingen/<int:pk>/bewerken/", triage.signal_edit, name="signal_edit"),
    path("meldingen/<int:pk>/terugkoppeling/", triage.signal_feedback, name="signal_feedback"),
    path("triage/", triage.triage_queue, name="triage_queue"),
    path("personen/", persons.person_list, name="person_list"),
    path("personen/<int:pk>/", persons.person_detail, name="person"),
    path("personen/<int:pk>/bewerken/", persons.person_edit, name="person_edit"),
    path("personen/<int:pk>/inzage/", persons.person_export, name="person_export"),
    path("inzageverzoek/", persons.access_request, name="access_request"),
    path("casussen/", cases.case_list, name="case_list"),
    path("casussen/nieuw/", cases.case_create, name="case_create"),
    path("casussen/<int:pk>/", cases.case_detail, name="case"),
    path("casussen/<int:pk>/bewerken/", cases.case_edit, name="case_edit"),
    path("casussen/<int:pk>/besluit/", cases.case_transition, name="case_transition"),
    path("casussen/<int:pk>/tijdlijn.csv", cases.case_export, name="case_export"),
    path(
        "casussen/<int:case_pk>/interventie/",
        interventions.intervention_create,
        name="intervention_create",
    ),
    path(
        "casussen/<int:case_pk>/escaleren/", escalations.escalation_create, name="escalation_create"
    ),
    path("overleggen/", meetings.meeting_list, name="meeting_list"),
    path("overleggen/nieuw/", meetings.meeting_create, name="meeting_create"),
    path("overleggen/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("overleggen/<int:pk>/bewerken/", meetings.meeting_edit, name="meeting_edit"),
    path("overleggen/<int:pk>/verwijderen/", meetings.meeting_delete, name="meeting_delete"),
    path("overleggen/<int:pk>/agenda/", meetings.meeting_agenda_add, name="meeting_agenda_add"),
    path("overleggen/<int:pk>/verslag.pdf", meetings.meeting_export, name="meeting_export"),
    path(
        "overleggen/agendapunt/<int:pk>/besluiten/",
        meetings.agenda_decisions,
        name="agenda_decisions",
    ),
    path(
        "overleggen/agendapunt/<int:pk>/inbreng/",
        meetings.agenda_contribution,
        name="agenda_contribution",
    ),
    path("overleggen/agendapunt/<int:pk>/actie/", meetings.agenda_action, name="agenda_action"),
    path("interventies/", interventions.intervention_list, name="intervention_list"),
    path("interventies/export.csv", interventions.intervention_export, name="intervention_export"),
    path("interventies/<int:pk>/", interventions.intervention_detail, name="intervention"),
    path(
        "interventies/<int:pk>/bewerken/", interventions.intervention_edit, name="intervention_edit"
    ),
    path("escalaties/", escalations.escalation_list, name="escalation_list"),
    path("escalaties/<int:pk>/", escalations.escalation_detail, name="escalation"),
    path("escalaties/<int:pk>/besluit/", escalations.escalation_decide, name="escalation_decide"),
    path(
        "escalaties/<int:pk>/verslag.pdf", escalations.escalation_export, name="escalation_export"
    ),
    path("cijfers/", overview.stats, name="stats"),
    path("register/", overview.register, name="register"),
    path("register.pdf", overview.register_pdf, name="register_pdf"),
    path("privacy/", overview.privacy, name="privacy"),
]
