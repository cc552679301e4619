from django.urls import path

from wijkkompas.knowledge import views

app_name = "knowledge"
urlpatterns = [
    # Published knowledge: public, no login.
    path("", views.index, name="index"),
    path("zoeken/", views.search_view, name="search"),
    path("themas/<slug:slug>/", views.theme_detail, name="theme"),
    path("vragen/<int:number>/", views.question_detail, name="question"),
    path("bronnen/<slug:slug>/", views.source_detail, name="source"),
    path("praktijkvoorbeelden/<slug:slug>/", views.practice_detail, name="practice"),
    path("instrumenten/<slug:slug>/", views.instrument_detail, name="instrument"),
    path("tip/", views.tip_view, name="tip"),
    # Redactie: login and the redacteur role (policy).
    path("redactie/", views.editorial_index, name="editorial"),
    path("redactie/tips/<int:pk>/", views.tip_detail, name="tip_detail"),
    path("redactie/bronvermeldingen/nieuw/", views.entry_form, name="entry_add"),
    path("redactie/bronvermeldingen/<int:pk>/bewerken/", views.entry_form, name="entry_edit"),
    path(
        "redactie/bronvermeldingen/<int:pk>/verwijderen/", views.entry_delete, name="entry_delete"
    ),
    path("redactie/<str:object_type>/nieuw/", views.object_create, name="create"),
    path("redactie/<str:object_type>/<int:pk>/bewerken/", views.object_edit, name="edit"),
    path("redactie/<str:object_type>/<int:pk>/verwijderen/", views.object_delete, name="delete"),
    path("redactie/<str:object_type>/<int:pk>/geschiedenis/", views.object_history, name="history"),
    path("redactie/versies/<int:pk>/", views.revision_detail, name="revision"),
]
