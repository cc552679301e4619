from django.urls import path

from wijkkompas.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("importeren/", views.import_view, name="import"),
    path("vergelijking/", views.comparison, name="comparison"),
    path("vergelijking/export.<str:fmt>", views.comparison_export, name="comparison_export"),
    path("<int:pk>/", views.detail, name="plan"),
    path("<int:pk>/toevoegen/", views.add, name="add"),
    path("<int:pk>/samenvoegen/", views.merge, name="merge"),
    path("<int:pk>/opnieuw-indelen/", views.reclassify, name="reclassify"),
    path("prioriteit/<int:pk>/", views.priority, name="priority"),
    path("prioriteit/<int:pk>/status/", views.priority_status, name="priority_status"),
]
