from django.urls import path

from wijkkompas.barriers import views

app_name = "barriers"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.model_create, name="create"),
    path("importeren/", views.model_import, name="import"),
    path("sjablonen/<int:pk>/", views.template_detail, name="template"),
    path("sjablonen/<int:pk>/poster.<str:fmt>", views.template_poster, name="template_poster"),
    path("sjablonen/<int:pk>/gebruiken/", views.template_instantiate, name="template_instantiate"),
    path("opvolging/", views.followup_index, name="followup"),
    path("opvolging/<int:org_id>/", views.followup_partner, name="followup_partner"),
    path(
        "opvolging/<int:org_id>/actielijst.<str:fmt>", views.followup_export, name="followup_export"
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.model_edit, name="edit"),
    path("<int:pk>/verwijderen/", views.model_delete, name="delete"),
    path("<int:pk>/stappen/nieuw/", views.step_add, name="step_add"),
    path("<int:pk>/stappen/<int:step_id>/bewerken/", views.step_edit, name="step_edit"),
    path("<int:pk>/stappen/<int:step_id>/verplaatsen/", views.step_move, name="step_move"),
    path("<int:pk>/stappen/<int:step_id>/verwijderen/", views.step_delete, name="step_delete"),
    path("<int:pk>/stappen/<int:step_id>/submodel/", views.submodel_create, name="submodel_create"),
    path("<int:pk>/elementen/nieuw/", views.element_add, name="element_add"),
    path("<int:pk>/elementen/<int:el_id>/bewerken/", views.element_edit, name="element_edit"),
    path("<int:pk>/elementen/<int:el_id>/verplaatsen/", views.element_move, name="element_move"),
    path(
        "<int:pk>/elementen/<int:el_id>/verwijderen/", views.element_delete, name="element_delete"
    ),
    path("<int:pk>/sessies/", views.sessions, name="sessions"),
    path("<int:pk>/sessies/<int:session_id>/bewerken/", views.session_edit, name="session_edit"),
    path(
        "<int:pk>/sessies/<int:session_id>/verwijderen/",
        views.session_delete,
        name="session_delete",
    ),
    path("<int:pk>/poster.pdf", views.poster_pdf, name="poster_pdf"),
    path("<int:pk>/poster.svg", views.poster_svg, name="poster_svg"),
    path("<int:pk>/export.json", views.export_json, name="export_json"),
    path("<int:pk>/actielijst.<str:fmt>", views.action_list, name="action_list"),
    path("<int:pk>/themadossier/", views.link_dossier, name="link_dossier"),
    path("<int:pk>/geschiedenis/", views.history, name="history"),
]
