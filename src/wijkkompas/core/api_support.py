"""Shared API pieces: problem+json errors (RFC 9457, as the Dutch API Design Rules ask), list
pagination with links, and the optimistic-lock conflict. Who is calling (session or bearer token)
is accounts' business: ``accounts.api_auth``."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PaginationBase, paginate
from pydantic import BeforeValidator, ValidationInfo, field_validator, model_validator

PROBLEM_CONTENT_TYPE = "application/problem+json"


# An id the client sends: a positive 64-bit integer (the database's id column), so a larger
# number is refused as invalid input instead of overflowing in the database driver.
def _no_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("Verwacht een id (een geheel getal), niet true of false.")
    return value


ObjectId = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(_no_boolean)]

# Text that must say something: at least one character that is not whitespace (Python's
# ``str.strip`` idea of whitespace, which also counts \x1c-\x1f), so the document says what the
# services' "fill this in" checks refuse.
NON_BLANK_PATTERN = r"[^\s\x1c-\x1f]"
NonBlank = Annotated[str, Field(pattern=NON_BLANK_PATTERN)]


def _iso_text(value: Any) -> Any:
    """A date or time in JSON is ISO 8601 text (as the schema says); pydantic's lax mode would
    otherwise read a number as seconds since 1970."""
    if isinstance(value, str | date):
        return value
    raise ValueError("Verwacht een datum of tijdstip als tekst (ISO 8601).")


IsoDate = Annotated[date, BeforeValidator(_iso_text)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_text)]


_JSON_TYPE = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}
_JSON_TYPE.update({dict: "object", type(None): "null"})
_TYPE_NAMES = {
    "boolean": "true of false",
    "integer": "een geheel getal",
    "number": "een getal",
    "string": "tekst",
    "array": "een lijst",
    "object": "een object",
    "null": "null",
}


def _json_types(schema: dict[str, Any]) -> set[str] | None:
    """The JSON types a (field's) JSON Schema allows, or None when it does not say plainly."""
    if "type" in schema:
        kinds = schema["type"]
        return set(kinds if isinstance(kinds, list) else [kinds])
    if "enum" in schema:
        return {_JSON_TYPE.get(type(v), "string") for v in schema["enum"]}
    if "const" in schema:
        return {_JSON_TYPE.get(type(schema["const"]), "string")}
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        found: set[str] = set()
        for sub in alternatives:
            kinds = _json_types(sub)
            if kinds is None:
                return None
            found |= kinds
        return found
    return None


class BodySchema(Schema):
    """A JSON request body, taken as the document types it: pydantic's lax mode would read
    ``0`` as false, ``false`` as an id and ``"3"`` as a version; here a value of another JSON
    type than the field's is a 422. (An integer may come as ``3.0``: JSON has one number.)
    Dates and times are ISO text (``IsoDate``, ``IsoDateTime``)."""

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, value: Any, handler: Any) -> Any:
        # ninja's Schema reads attributes of any object ("AAA".title would be a title)
        if isinstance(value, dict | cls):
            return handler(value)
        raise ValueError("Verwacht een JSON-object.")

    @field_validator("*", mode="before")
    @classmethod
    def _json_type_as_documented(cls, value: Any, info: ValidationInfo) -> Any:
        allowed = _field_types(cls).get(info.field_name)
        actual = _JSON_TYPE.get(type(value))
        if allowed is None or actual is None or actual in allowed:
            return value
        if actual == "integer" and "number" in allowed:
            return value
        if actual == "number" and "integer" in allowed and float(value).is_integer():
            return value
        wanted = " of ".join(_TYPE_NAMES[k] for k in sorted(allowed) if k in _TYPE_NAMES)
        raise ValueError(f"Verwacht {wanted}, niet {_TYPE_NAMES[actual]}.")


_FIELD_TYPES: dict[type, dict[str, set[str] | None]] = {}


def _field_types(cls: type[BodySchema]) -> dict[str, set[str] | None]:
    if cls not in _FIELD_TYPES:
        properties = cls.model_json_schema().get("properties", {})
        _FIELD_TYPES[cls] = {
            name: _json_types(properties.get(field.alias or name, {}))
            for name, field in cls.model_fields.items()
        }
    return _FIELD_TYPES[cls]


def one_of(choices: Any) -> Any:
    """The values of a Django ``TextChoices`` as a ``Literal``: the document lists what is
    accepted and anything else is a 422 from the schema."""
    return Literal[tuple(choices.values)]


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


_DUTCH = {
    "missing": "verplicht veld ontbreekt.",
    "greater_than_equal": "moet minstens {ge} zijn.",
    "greater_than": "moet groter zijn dan {gt}.",
    "less_than_equal": "mag hoogstens {le} zijn.",
    "less_than": "moet kleiner zijn dan {lt}.",
    "literal_error": "kies uit {expected}.",
    "string_too_short": "moet minstens {min_length} teken(s) lang zijn.",
    "string_too_long": "mag hoogstens {max_length} tekens lang zijn.",
    "too_short": "moet minstens {min_length} onderdeel bevatten.",
    "too_long": "mag hoogstens {max_length} onderdelen bevatten.",
    "string_pattern_mismatch": "heeft niet de vorm {pattern}.",
    "int_type": "moet een geheel getal zijn.",
    "int_parsing": "moet een geheel getal zijn.",
    "int_from_float": "moet een geheel getal zijn.",
    "bool_type": "moet true of false zijn.",
    "bool_parsing": "moet true of false zijn.",
    "string_type": "moet tekst zijn.",
    "list_type": "moet een lijst zijn.",
    "dict_type": "moet een object zijn.",
    "model_attributes_type": "moet een object zijn.",
    "date_type": "moet een datum zijn (JJJJ-MM-DD).",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD).",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD).",
    "datetime_type": "moet een tijdstip zijn (ISO 8601).",
    "datetime_parsing": "moet een tijdstip zijn (ISO 8601).",
    "datetime_from_date_parsing": "moet een tijdstip zijn (ISO 8601).",
}


def dutch_message(error: dict[str, Any]) -> str:
    """A pydantic error in Dutch (what a client shows its user); a message of our own
    (``ValueError`` in a validator) as written."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", "")).removeprefix("Value error, ")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NON_BLANK_PATTERN:
        return "mag niet leeg zijn."
    template = _DUTCH.get(kind)
    if template is None:
        return error.get("msg", "")
    if "expected" in ctx:  # "'a', 'b' or 'c'"
        ctx = {**ctx, "expected": str(ctx["expected"]).replace(" or ", " of ")}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return error.get("msg", "")


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
                "msg": dutch_message(e),
                "type": e.get("type", ""),
            }
            for e in exc.errors
        ]
        named = "; ".join(
            f"{e['loc'][-1]}: {e['msg']}" if len(e["loc"]) > 1 else e["msg"] for e in errors
        )
        return problem(
            request,
            422,
            "Ongeldige invoer",
            f"Een of meer velden zijn ongeldig. {named}"
            if named
            else "Een of meer velden zijn ongeldig.",
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
    "414": "Het adres (de zoekparameters) is te lang; de webserver antwoordt dan zelf, in HTML.",
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
            if "414" in responses:  # the server in front answers a too long address itself
                responses["414"]["content"] = {**body, "text/html": {"schema": {"type": "string"}}}
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


class ApiRouter(Router):
    """The router of every app's API. An operation is named after its view function
    (``operation_id``), so an endpoint does not spell its name twice; a list is declared with
    ``paged`` (GET, paged in the database with links) and a creation with ``created`` (POST, 201
    with the object the view returns)."""

    def add_api_operation(
        self, path: str, methods: list[str], view_func: Callable, **options: Any
    ) -> None:
        options["operation_id"] = options.get("operation_id") or view_func.__name__
        super().add_api_operation(path, methods, view_func, **options)

    def paged(
        self,
        path: str,
        schema: type[Schema],
        *,
        summary: str,
        pagination: type[PaginationBase] = LinkPagination,
        **options: Any,
    ) -> Callable[[Callable], Callable]:
        def register(view: Callable) -> Callable:
            paged_view = paginate(pagination)(view)
            return self.get(path, response=list[schema], summary=summary, **options)(paged_view)

        return register

    def created(
        self, path: str, schema: type[Schema], *, summary: str, errors: dict | None = None
    ) -> Callable[[Callable], Callable]:
        def register(view: Callable) -> Callable:
            @functools.wraps(view)
            def create(*args: Any, **kwargs: Any) -> Status:
                return Status(201, view(*args, **kwargs))

            # ninja reads the parameters here; evaluated, as the view's module names its types
            create.__signature__ = inspect.signature(view, eval_str=True)

            self.post(path, response={201: schema, **(errors or {})}, summary=summary)(create)
            return view

        return register
