from django.urls import path

from wijkkompas.knowledge.views import editorial, entries, public

app_name = "knowledge"
urlpatterns = [
    # Published knowledge: public, no login.
    path("", public.index, name="index"),
    path("zoeken/", public.search_view, name="search"),
    path("themas/<slug:slug>/", public.theme_detail, name="theme"),
    path("vragen/<int:number>/", public.question_detail, name="question"),
    path("bronnen/<slug:slug>/", public.source_detail, name="source"),
    path("praktijkvoorbeelden/<slug:slug>/", public.practice_detail, name="practice"),
    path("instrumenten/<slug:slug>/", public.instrument_detail, name="instrument"),
    path("tip/", public.tip_view, name="tip"),
    # Redactie: login and the redacteur role (policy).
    path("redactie/", editorial.editorial_index, name="editorial"),
    path("redactie/tips/<int:pk>/", editorial.tip_detail, name="tip_detail"),
    path("redactie/bronvermeldingen/nieuw/", entries.entry_form, name="entry_add"),
    path("redactie/bronvermeldingen/<int:pk>/bewerken/", entries.entry_form, name="entry_edit"),
    path(
        "redactie/bronvermeldingen/<int:pk>/verwijderen/", entries.entry_delete, name="entry_delete"
    ),
    path("redactie/<str:object_type>/nieuw/", editorial.object_create, name="create"),
    path("redactie/<str:object_type>/<int:pk>/bewerken/", editorial.object_edit, name="edit"),
    path(
        "redactie/<str:object_type>/<int:pk>/verwijderen/", editorial.object_delete, name="delete"
    ),
    path(
        "redactie/<str:object_type>/<int:pk>/geschiedenis/",
        editorial.object_history,
        name="history",
    ),
    path("redactie/versies/<int:pk>/", editorial.revision_detail, name="revision"),
]
