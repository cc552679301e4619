from django.urls import path

from wijkkompas.surveys import public, views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/vraag/", views.add_question, name="add_question"),
    path("<int:pk>/status/", views.change_status, name="change_status"),
    path("<int:pk>/uitkomsten/", views.results, name="results"),
    path("<int:pk>/uitkomsten.csv", views.results_download, {"fmt": "csv"}, name="results_csv"),
    path("<int:pk>/uitkomsten.xlsx", views.results_download, {"fmt": "xlsx"}, name="results_xlsx"),
    path("<int:pk>/uitkomsten.pdf", views.results_download, {"fmt": "pdf"}, name="results_pdf"),
    path("<int:pk>/publiceren/", views.publish, name="publish"),
    path("<int:pk>/codes/", views.codes, name="codes"),
    path("<int:pk>/papier/", views.paper, name="paper"),
    path("<int:pk>/vrije-tekst/", views.free_texts, name="free_texts"),
    path("doe-mee/bedankt/", public.answer_done, name="answer_done"),
    path("doe-mee/code/", public.answer_code, name="answer_code"),
    path("doe-mee/<str:token>/", public.answer, name="answer"),
]
