from django.urls import include, path

from wijkkompas.api import api

urlpatterns = [
    path("", include("wijkkompas.core.urls")),
    path("", include("wijkkompas.accounts.urls")),
    path("kennisbank/", include("wijkkompas.knowledge.urls")),
    path("dossiers/", include("wijkkompas.dossiers.urls")),
    path("wijkbeeld/", include("wijkkompas.areas.urls")),
    path("barrieremodellen/", include("wijkkompas.barriers.urls")),
    path("signalen/", include("wijkkompas.signals.urls")),
    path("aanpak/", include("wijkkompas.programmes.urls")),
    path("veldwerk/", include("wijkkompas.fieldwork.urls")),
    path("peilingen/", include("wijkkompas.surveys.urls")),
    path("ivp/", include("wijkkompas.plans.urls")),
    path("api/v1/", api.urls),
]

handler403 = "wijkkompas.core.views.permission_denied"
handler404 = "wijkkompas.core.views.page_not_found"
handler500 = "wijkkompas.core.views.server_error"
