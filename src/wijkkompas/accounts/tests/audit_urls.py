"""A URLconf for the audit-context tests: a view and an API endpoint that call services which
are not handed ``request``."""

from django.http import HttpResponse
from django.urls import path
from ninja import NinjaAPI

from wijkkompas.accounts import audit, services
from wijkkompas.accounts.api_auth import API_AUTH


def _service_without_request() -> None:
    audit.record(action="context_test", object_type="thing", object_id=1)


def touch(request):
    _service_without_request()
    services.issue_api_token(user=request.user, label="context")
    return HttpResponse("ok")


api = NinjaAPI(urls_namespace="audit_context_test", auth=API_AUTH, docs_url=None)


@api.post("/touch")
def api_touch(request):
    _service_without_request()
    return {"ok": True}


urlpatterns = [path("touch/", touch), path("api/", api.urls)]
