from django.urls import path

from wijkkompas.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.overview, name="index"),
    path("gebied/<str:code>/", views.area_detail, name="area"),
    path("gebied/<str:code>/vastpinnen/", views.pin, name="pin"),
    path("indicatoren/", views.indicator_list, name="indicators"),
    path("indicatoren/<str:code>/", views.indicator_detail, name="indicator"),
    path("indexprofielen/<int:pk>/", views.profile_detail, name="profile"),
    path("indexprofielen/<int:pk>/kopie/", views.profile_copy, name="profile_copy"),
]
