from django.urls import path

from wijkkompas.fieldwork import views

app_name = "fieldwork"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="campaign"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/importeren/", views.import_addresses, name="import"),
    path("<int:pk>/adressen/", views.addresses, name="addresses"),
    path("<int:pk>/dag/", views.day_list, name="day"),
    path("<int:pk>/export.csv", views.export, name="export"),
    path("<int:pk>/indicator/", views.feed_indicator, name="feed_indicator"),
    path("adres/<int:pk>/", views.address, name="address"),
    path("adres/<int:pk>/informatiecheck/", views.check, name="check"),
    path("bezoek/<int:pk>/signaal/", views.signal, name="signal"),
    path("bezoek/<int:pk>/terugkoppeling/", views.feedback_given, name="feedback"),
    path("cluster/<int:pk>/afsluiten/", views.close_cluster, name="close_cluster"),
]
