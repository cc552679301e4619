"""The one router of the signals API (each sub-domain module adds its operations to it), the
paged list operation and the error responses the operations declare. Errors themselves come from
``core.api_support``: a service's ``ValidationError`` is 422 problem+json, a stale version 409, no
try/except here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Schema

from wijkkompas.core.api_support import ApiRouter, LinkPagination
from wijkkompas.signals import selectors

router = ApiRouter(tags=["signalen"])


def _audited_pagination(object_type: str) -> type[LinkPagination]:
    class AuditedPagination(LinkPagination):
        """Writes the list's audit row with the ids of the page actually answered."""

        def paginate_queryset(self, queryset, pagination, request=None, **params):
            answer = super().paginate_queryset(queryset, pagination, request=request, **params)
            ids = [item.pk for item in answer["results"]]
            selectors.audit_list(request.auth, object_type, ids)
            return answer

    return AuditedPagination


def paged(
    path: str, schema: type[Schema], *, summary: str, audited: str | None = None
) -> Callable[[Callable], Callable]:
    """A list operation: ``GET path``, paged with links (``core.api_support.LinkPagination``),
    each result as ``schema``. A list of person-related data names its audit object type
    (``audited``): every page answered writes one audit row with the ids on it; ``None`` only for
    lists without person-related data (categories)."""
    pagination = _audited_pagination(audited) if audited else LinkPagination
    return router.paged(path, schema, summary=summary, pagination=pagination)


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


WRITE_ERRORS = {400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
READ_ERRORS = {403: Problem, 404: Problem}


def reads(path: str, schema: Any, *, summary: str) -> Callable[[Callable], Callable]:
    """``GET path`` answering ``schema`` (``None``: a file), or 403/404."""
    return router.get(path, response={200: schema, **READ_ERRORS}, summary=summary)


def writes(
    method: str, path: str, schema: Any, *, summary: str, status: int = 200
) -> Callable[[Callable], Callable]:
    """A change answering ``schema`` with ``status``, or one of the write errors; for 201 the
    view returns the new object (``ApiRouter.created``)."""
    if status == 201:
        return router.created(path, schema, summary=summary, errors=WRITE_ERRORS)
    response = {status: schema, **WRITE_ERRORS}
    return router.api_operation([method.upper()], path, response=response, summary=summary)
