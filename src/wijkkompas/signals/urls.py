from django.urls import path

from wijkkompas.signals import views

app_name = "signals"
urlpatterns = [
    path("", views.index, name="index"),
    path("melden/", views.public_report, name="public_report"),
    path("melden/bedankt/", views.public_report_done, name="public_report_done"),
    path("nieuw/", views.signal_create, name="signal_create"),
    path("meldingen/", views.signal_list, name="signal_list"),
    path("meldingen/export.csv", views.signal_export, name="signal_export"),
    path("meldingen/<int:pk>/", views.signal_detail, name="signal"),
    path("meldingen/<int:pk>/triage/", views.signal_triage, name="signal_triage"),
    path("meldingen/<int:pk>/bewerken/", views.signal_edit, name="signal_edit"),
    path("meldingen/<int:pk>/terugkoppeling/", views.signal_feedback, name="signal_feedback"),
    path("triage/", views.triage_queue, name="triage_queue"),
    path("personen/", views.person_list, name="person_list"),
    path("personen/<int:pk>/", views.person_detail, name="person"),
    path("personen/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("personen/<int:pk>/inzage/", views.person_export, name="person_export"),
    path("inzageverzoek/", views.access_request, name="access_request"),
    path("casussen/", views.case_list, name="case_list"),
    path("casussen/nieuw/", views.case_create, name="case_create"),
    path("casussen/<int:pk>/", views.case_detail, name="case"),
    path("casussen/<int:pk>/bewerken/", views.case_edit, name="case_edit"),
    path("casussen/<int:pk>/besluit/", views.case_transition, name="case_transition"),
    path("casussen/<int:pk>/tijdlijn.csv", views.case_export, name="case_export"),
    path(
        "casussen/<int:case_pk>/interventie/", views.intervention_create, name="intervention_create"
    ),
    path("casussen/<int:case_pk>/escaleren/", views.escalation_create, name="escalation_create"),
    path("overleggen/", views.meeting_list, name="meeting_list"),
    path("overleggen/nieuw/", views.meeting_create, name="meeting_create"),
    path("overleggen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("overleggen/<int:pk>/bewerken/", views.meeting_edit, name="meeting_edit"),
    path("overleggen/<int:pk>/verwijderen/", views.meeting_delete, name="meeting_delete"),
    path("overleggen/<int:pk>/agenda/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path("overleggen/<int:pk>/verslag.pdf", views.meeting_export, name="meeting_export"),
    path(
        "overleggen/agendapunt/<int:pk>/besluiten/", views.agenda_decisions, name="agenda_decisions"
    ),
    path(
        "overleggen/agendapunt/<int:pk>/inbreng/",
        views.agenda_contribution,
        name="agenda_contribution",
    ),
    path("overleggen/agendapunt/<int:pk>/actie/", views.agenda_action, name="agenda_action"),
    path("interventies/", views.intervention_list, name="intervention_list"),
    path("interventies/export.csv", views.intervention_export, name="intervention_export"),
    path("interventies/<int:pk>/", views.intervention_detail, name="intervention"),
    path("interventies/<int:pk>/bewerken/", views.intervention_edit, name="intervention_edit"),
    path("escalaties/", views.escalation_list, name="escalation_list"),
    path("escalaties/<int:pk>/", views.escalation_detail, name="escalation"),
    path("escalaties/<int:pk>/besluit/", views.escalation_decide, name="escalation_decide"),
    path("escalaties/<int:pk>/verslag.pdf", views.escalation_export, name="escalation_export"),
    path("cijfers/", views.stats, name="stats"),
    path("register/", views.register, name="register"),
    path("register.pdf", views.register_pdf, name="register_pdf"),
]
