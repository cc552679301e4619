from django.urls import path

from wijkkompas.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.index, name="index"),
    path("openen/", views.open_dossier, name="open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/volgende-stappen/", views.save_next_steps, name="next_steps"),
    path("<int:pk>/samenvatting/", views.save_summary, name="summary"),
    path("<int:pk>/koppelingen/", views.save_links, name="links"),
    path("<int:pk>/bronnen/", views.sources, name="sources"),
    path("<int:pk>/bronnen/<int:entry_id>/status/", views.set_source_status, name="source_status"),
    path("<int:pk>/vraag/<int:number>/", views.question, name="question"),
    path("<int:pk>/vraag/<int:number>/bevindingen/", views.save_finding, name="finding"),
    path("<int:pk>/vraag/<int:number>/koppelingen/", views.add_pin, name="add_pin"),
    path("<int:pk>/koppelingen/<int:pin_id>/losmaken/", views.remove_pin, name="remove_pin"),
    path("<int:pk>/koersnotitie.pdf", views.koersnotitie_pdf, name="koersnotitie_pdf"),
    path("<int:pk>/koersnotitie.docx", views.koersnotitie_docx, name="koersnotitie_docx"),
    path("<int:pk>/koersnotitie.md", views.koersnotitie_markdown, name="koersnotitie_markdown"),
]
