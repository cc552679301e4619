from django.urls import path

from wijkkompas.barriers.views import board, elements, outputs, overview, sessions

app_name = "barriers"
urlpatterns = [
    path("", overview.index, name="index"),
    path("nieuw/", overview.model_create, name="create"),
    path("importeren/", overview.model_import, name="import"),
    path("sjablonen/<int:pk>/", overview.template_detail, name="template"),
    path("sjablonen/<int:pk>/poster.<str:fmt>", outputs.template_poster, name="template_poster"),
    path(
        "sjablonen/<int:pk>/gebruiken/", overview.template_instantiate, name="template_instantiate"
    ),
    path("opvolging/", outputs.followup_index, name="followup"),
    path("opvolging/<int:org_id>/", outputs.followup_partner, name="followup_partner"),
    path(
        "opvolging/<int:org_id>/actielijst.<str:fmt>",
        outputs.followup_export,
        name="followup_export",
    ),
    path("<int:pk>/", board.detail, name="detail"),
    path("<int:pk>/bewerken/", board.model_edit, name="edit"),
    path("<int:pk>/verwijderen/", board.model_delete, name="delete"),
    path("<int:pk>/stappen/nieuw/", board.step_add, name="step_add"),
    path("<int:pk>/stappen/<int:step_id>/bewerken/", board.step_edit, name="step_edit"),
    path("<int:pk>/stappen/<int:step_id>/verplaatsen/", board.step_move, name="step_move"),
    path("<int:pk>/stappen/<int:step_id>/verwijderen/", board.step_delete, name="step_delete"),
    path("<int:pk>/stappen/<int:step_id>/submodel/", board.submodel_create, name="submodel_create"),
    path("<int:pk>/elementen/nieuw/", elements.element_add, name="element_add"),
    path("<int:pk>/elementen/<int:el_id>/bewerken/", elements.element_edit, name="element_edit"),
    path("<int:pk>/elementen/<int:el_id>/verplaatsen/", elements.element_move, name="element_move"),
    path(
        "<int:pk>/elementen/<int:el_id>/verwijderen/",
        elements.element_delete,
        name="element_delete",
    ),
    path("<int:pk>/sessies/", sessions.sessions, name="sessions"),
    path("<int:pk>/sessies/<int:session_id>/bewerken/", sessions.session_edit, name="session_edit"),
    path(
        "<int:pk>/sessies/<int:session_id>/verwijderen/",
        sessions.session_delete,
        name="session_delete",
    ),
    path("<int:pk>/poster.pdf", outputs.poster_pdf, name="poster_pdf"),
    path("<int:pk>/poster.svg", outputs.poster_svg, name="poster_svg"),
    path("<int:pk>/export.json", outputs.export_json, name="export_json"),
    path("<int:pk>/actielijst.<str:fmt>", outputs.action_list, name="action_list"),
    path("<int:pk>/themadossier/", board.link_dossier, name="link_dossier"),
    path("<int:pk>/geschiedenis/", outputs.history, name="history"),
]
