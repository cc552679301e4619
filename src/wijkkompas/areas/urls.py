from django.urls import path

from wijkkompas.areas import upload_views, views

app_name = "areas"
urlpatterns = [
    path("", views.overview, name="index"),
    path("gebied/<str:code>/", views.area_detail, name="area"),
    path("gebied/<str:code>/vastpinnen/", views.pin, name="pin"),
    path("indicatoren/", views.indicator_list, name="indicators"),
    path("indicatoren/<str:code>/", views.indicator_detail, name="indicator"),
    path("indexprofielen/<int:pk>/", views.profile_detail, name="profile"),
    path("indexprofielen/<int:pk>/kopie/", views.profile_copy, name="profile_copy"),
    path("importeren/", upload_views.upload, name="upload"),
    path("importeren/resultaat/", upload_views.result, name="upload_result"),
    path("importeren/<str:token>/", upload_views.preview, name="upload_preview"),
    path("importeren/<str:token>/bevestigen/", upload_views.confirm, name="upload_confirm"),
]
