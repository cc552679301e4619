from django.urls import path

from wijkkompas.barriers.views import board, elements, outputs, overview, sessions
from wijkkompas.core.routes import resource

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
    *resource("<int:pk>/stappen/", board, "step", "add edit move delete", id="<int:step_id>"),
    path("<int:pk>/stappen/<int:step_id>/submodel/", board.submodel_create, name="submodel_create"),
    *resource("<int:pk>/elementen/", elements, "element", "add edit move delete", id="<int:el_id>"),
    path("<int:pk>/sessies/", sessions.sessions, name="sessions"),
    *resource("<int:pk>/sessies/", sessions, "session", "edit delete", id="<int:session_id>"),
    path("<int:pk>/poster.pdf", outputs.poster_pdf, name="poster_pdf"),
    path("<int:pk>/poster.svg", outputs.poster_svg, name="poster_svg"),
    path("<int:pk>/export.json", outputs.export_json, name="export_json"),
    path("<int:pk>/actielijst.<str:fmt>", outputs.action_list, name="action_list"),
    path("<int:pk>/themadossier/", board.link_dossier, name="link_dossier"),
    path("<int:pk>/geschiedenis/", outputs.history, name="history"),
]
