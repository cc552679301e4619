"""The one router of the signals API (each sub-domain module adds its operations to it) and the
error responses the operations declare. Errors themselves come from ``core.api_support``: a
service's ``ValidationError`` is 422 problem+json, a stale version 409, no try/except here."""

from __future__ import annotations

from ninja import Router, Schema

router = Router(tags=["signalen"])


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


WRITE_ERRORS = {400: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem}
READ_ERRORS = {403: Problem, 404: Problem}
