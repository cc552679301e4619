"""The JSON API under /api/v1/: one NinjaAPI, one router per app, the same access policy."""

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI, Router
from ninja.parser import Parser

from wijkkompas.accounts import audit
from wijkkompas.accounts.api import router as accounts_router
from wijkkompas.accounts.api_auth import API_AUTH
from wijkkompas.areas.api import router as areas_router
from wijkkompas.barriers.api import router as barriers_router
from wijkkompas.core.api_support import document_problems, install_problem_handlers
from wijkkompas.core.views import database_ok
from wijkkompas.dossiers.api import router as dossiers_router
from wijkkompas.fieldwork.api import router as fieldwork_router
from wijkkompas.knowledge.api import router as knowledge_router
from wijkkompas.plans.api import router as plans_router
from wijkkompas.programmes.api import router as programmes_router
from wijkkompas.signals.api import router as signals_router
from wijkkompas.surveys.api import router as surveys_router


class OneValueParser(Parser):
    """A parameter the document types as one value but sent more than once reaches validation
    as the list it is (a 422), instead of ninja silently keeping the last value."""

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict:
        result = super().parse_querydict(data, list_fields, request)
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                result[key] = data.getlist(key)
        return result


class WijkkompasAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):  # every problem response documented
        return document_problems(super().get_openapi_schema(*args, **kwargs))


api = WijkkompasAPI(
    title="Wijkkompas API",
    version="1",
    description="JSON-API van Wijkkompas, volgens de Nederlandse API Design Rules: versie in het pad, "
    "fouten als application/problem+json, lijsten als {results, count, next, previous}. Authenticatie "
    "met de browsersessie of met een token (Authorization: Bearer …).",
    urls_namespace="api",
    auth=API_AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=OneValueParser(),
)
install_problem_handlers(api, on_refused=audit.record_refusal)

health = Router(tags=["systeem"])


@health.get("/healthz", auth=None, operation_id="healthz_api", summary="Gezondheid van de dienst")
def healthz_api(request):
    ok = database_ok()
    return (200 if ok else 503), {"status": "ok" if ok else "fout", "database": ok}


api.add_router("/", health)
api.add_router("/", accounts_router)
api.add_router("/", knowledge_router)
api.add_router("/", dossiers_router)
api.add_router("/", areas_router)
api.add_router("/", barriers_router)
api.add_router("/", signals_router)
api.add_router("/", programmes_router)
api.add_router("/", fieldwork_router)
api.add_router("/", surveys_router)
api.add_router("/", plans_router)
