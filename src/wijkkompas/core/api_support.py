"""Shared API pieces: problem+json errors (RFC 9457, as the Dutch API Design Rules ask), list
pagination with links, and the optimistic-lock conflict. Who is calling (session or bearer token)
is accounts' business: ``accounts.api_auth``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Field, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PaginationBase

PROBLEM_CONTENT_TYPE = "application/problem+json"

# An id the client sends: a positive 64-bit integer (the database's id column), so a larger
# number is refused as invalid input instead of overflowing in the database driver.
ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Conflict(Exception):
    """A stale write (optimistic locking): the client's version is not the stored one."""

    def __init__(
        self,
        detail: str = "Iemand anders heeft dit intussen gewijzigd. Laad opnieuw; uw invoer is niet opgeslagen.",
        current: Any = None,
    ):
        super().__init__(detail)
        self.detail = detail
        self.current = current


def problem(
    request: HttpRequest, status: int, title: str, detail: str = "", **extra: Any
) -> JsonResponse:
    body = {"type": "about:blank", "title": title, "status": status, "instance": request.path}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def invalid_params(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A service's ``ValidationError`` in the one ``invalid_params`` shape of this API, the
    shape django-ninja gives its own schema errors: one entry per message, ``loc`` is
    ``["body", field]`` (``["body"]`` for an error on the request as a whole)."""
    if hasattr(error, "error_dict"):
        pairs = [(field, msg) for field, msgs in error.message_dict.items() for msg in msgs]
    else:
        pairs = [("__all__", msg) for msg in error.messages]
    return [
        {
            "loc": ["body"] if field in ("__all__", "") else ["body", field],
            "msg": msg,
            "type": "value_error",
        }
        for field, msg in pairs
    ]


def validation_problem(request: HttpRequest, error: DjangoValidationError) -> JsonResponse:
    """422 problem+json for a service's ``ValidationError``; ``detail`` repeats the messages so a
    client that shows only ``detail`` still says what was wrong."""
    params = invalid_params(error)
    return problem(
        request,
        422,
        "Ongeldige invoer",
        " ".join(p["msg"] for p in params) or "Een of meer velden zijn ongeldig.",
        invalid_params=params,
    )


def install_problem_handlers(api, *, on_refused: Callable[[Exception], None] | None = None) -> None:
    """The problem+json answer of every exception an operation may raise. ``on_refused`` is
    called with each 403/404 exception before it is answered (the audit row of a refusal)."""
    refused = on_refused or (lambda exc: None)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        refused(exc)
        return problem(
            request, 404, "Niet gevonden", "Dit object bestaat niet of is niet voor u beschikbaar."
        )

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        refused(exc)
        return problem(request, 403, "Geen toegang", "U mag deze handeling niet uitvoeren.")

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request, exc):
        response = problem(
            request,
            401,
            "Niet ingelogd",
            "Log in of stuur een geldig token mee (Authorization: Bearer …).",
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(ValidationError)
    def _invalid(request, exc):
        errors = [
            {
                "loc": [str(p) for p in e.get("loc", [])],
                "msg": e.get("msg", ""),
                "type": e.get("type", ""),
            }
            for e in exc.errors
        ]
        return problem(
            request,
            422,
            "Ongeldige invoer",
            "Een of meer velden zijn ongeldig.",
            invalid_params=errors,
        )

    @api.exception_handler(DjangoValidationError)
    def _service_invalid(request, exc):  # a service refused the input: no try/except per endpoint
        return validation_problem(request, exc)

    @api.exception_handler(OverflowError)
    def _overflow(request, exc):  # a number no field declared bounds for reached the database
        return problem(request, 422, "Ongeldige invoer", "Een getal in het verzoek is te groot.")

    @api.exception_handler(HttpError)
    def _http_error(request, exc):
        return problem(
            request, exc.status_code, str(exc.message) if hasattr(exc, "message") else str(exc)
        )

    @api.exception_handler(Conflict)
    def _conflict(request, exc):
        extra = {"current": exc.current} if exc.current is not None else {}
        return problem(request, 409, "Conflict", exc.detail, **extra)


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "Een fout volgens RFC 9457 (application/problem+json).",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid_params": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
        "current": {"description": "bij 409: het object zoals het nu is opgeslagen"},
    },
}
PROBLEMS = {
    "400": "Het verzoek is onleesbaar (bijvoorbeeld geen geldige JSON).",
    "401": "Niet ingelogd: log in of stuur een geldig token mee.",
    "403": "Geen toegang tot deze handeling.",
    "404": "Niet gevonden, of niet voor u beschikbaar.",
    "409": "Conflict: iemand anders wijzigde dit intussen (stuur de versie die u las).",
    "413": "Het verzoek is te groot.",
    "414": "Het adres (de zoekparameters) is te lang.",
    "422": "Ongeldige invoer; invalid_params noemt elk veld.",
    "503": "Tijdelijk niet beschikbaar: de database is niet bereikbaar.",
}


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Every error an operation can answer, in the schema as problem+json: what the handlers
    above, the policy and the server in front give, so a client (and schemathesis) can rely on
    the document. Errors an endpoint declares itself get the problem body too."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    body = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            codes = {"403", "404", "422", "503"}
            if operation.get("security"):
                codes.add("401")
            if method in ("post", "put", "patch", "delete"):
                codes |= {"400", "409", "413"}
            if method == "get" and any(
                p.get("in") == "query" for p in operation.get("parameters", [])
            ):
                codes.add("414")
            responses = operation.setdefault("responses", {})
            for code, response in responses.items():
                if int(code) >= 400:
                    response["content"] = body
            for code in sorted(codes - {str(code) for code in responses}):
                responses[code] = {"description": PROBLEMS[code], "content": body}
    return schema


class LinkPagination(PaginationBase):
    """``{"results": [...], "count": N, "next": url|null, "previous": url|null}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Paginanummer (vanaf 1)")
        page_size: int = Field(50, ge=1, le=500, description="Aantal per pagina")

    class Output(Schema):
        results: list[Any]
        count: int
        next: str | None = None
        previous: str | None = None

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request=None, **params):
        offset = (pagination.page - 1) * pagination.page_size
        count = self._items_count(queryset)
        items = list(queryset[offset : offset + pagination.page_size])

        def link(page: int) -> str:
            query = request.GET.copy()
            query["page"] = str(page)
            query["page_size"] = str(pagination.page_size)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "results": items,
            "count": count,
            "next": link(pagination.page + 1) if offset + pagination.page_size < count else None,
            "previous": link(pagination.page - 1) if pagination.page > 1 else None,
        }
