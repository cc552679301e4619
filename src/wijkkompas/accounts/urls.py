from django.urls import path

from wijkkompas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("start/", views.start, name="start"),
    path("start/overzicht-per-mail/", views.attention_digest_view, name="attention_digest"),
    path("zoeken/", views.search_view, name="search"),
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.login_totp_view, name="login_totp"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/tweestapsverificatie/", views.totp_setup_view, name="totp_setup"),
    path("beheer/audittrail/", views.audit_trail_view, name="audit_trail"),
]
