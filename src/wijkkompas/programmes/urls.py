from django.urls import path

from wijkkompas.programmes import views, views_meetings

app_name = "programmes"

M = "<int:pk>/overleggen/<int:meeting_id>/"
R = "<int:pk>/rapportages/<int:report_id>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("starten/", views.start, name="start"),
    path("werkwijzen/nieuw/", views.template_add, name="template_add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/stuurgroep/", views.steering, name="steering"),
    path("<int:pk>/partners/", views.partner_add, name="partner_add"),
    path("<int:pk>/stappen/<int:step_id>/besluit/", views.decide, name="decide"),
    path("<int:pk>/stappen/<int:step_id>/starten/", views.step_start, name="step_start"),
    path("<int:pk>/acties/nieuw/", views.action_add, name="action_add"),
    path("<int:pk>/acties/uit-barriere/", views.action_from_barrier, name="action_from_barrier"),
    path("<int:pk>/acties/<int:action_id>/", views.action_update, name="action_update"),
    path("<int:pk>/indicatoren/nieuw/", views.indicator_add, name="indicator_add"),
    path(
        "<int:pk>/indicatoren/<int:indicator_id>/meting/",
        views.measurement_add,
        name="measurement_add",
    ),
    path("<int:pk>/overleggen/nieuw/", views_meetings.meeting_add, name="meeting_add"),
    path(M, views_meetings.meeting, name="meeting"),
    path(M + "vaststellen/", views_meetings.minutes_approve, name="minutes_approve"),
    path(M + "wijzigen/", views_meetings.minutes_amend, name="minutes_amend"),
    path(M + "besluit/", views_meetings.meeting_decision, name="meeting_decision"),
    path(M + "verslag.pdf", views_meetings.minutes_pdf, name="minutes_pdf"),
    path(M + "uitnodiging.ics", views_meetings.invitation, name="invitation"),
    path("<int:pk>/rapportages/nieuw/", views_meetings.report_add, name="report_add"),
    path(R, views_meetings.report, name="report"),
    path(R + "publiceren/", views_meetings.report_publish, name="report_publish"),
    path(R + "volgende/", views_meetings.report_next, name="report_next"),
    path(R + "rapportage.<str:fmt>", views_meetings.report_download, name="report_download"),
]
