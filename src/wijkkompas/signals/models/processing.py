"""The processing facts every person-related record of signals carries (``core.models.
ProcessingRecord``): set from the covenant when the record is created, and the retention date
recomputed on every save from its status, so a status change moves the term and no status is
without one. The terms per status (months from the covenant's category), each model's ``term()``:

- signal in triage: ``retention_open_months`` after receipt; forwarded: ``retention_forwarded_
  months`` after forwarding; dismissed: ``retention_dismissed_months`` after dismissal; in a
  case: the case's date;
- case: while open ``retention_open_case_months`` after its last change, closed
  ``retention_closed_months`` after closing; interventions and escalations follow their case;
- meeting: the latest date of the cases on its agenda (without agenda: the longest closed-case
  term of the municipality after the meeting);
- subject: the latest date of the signals about it.

Writing a case pushes its date to what follows it (``Case.propagate_term``), so the whole case is kept,
and removed, together."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone

from wijkkompas.core.models import SYSTEM_AUTHOR
from wijkkompas.core.records import Provenance

FACT_FIELDS = ("legal_basis", "purpose", "source_organisation", "author")
PUBLIC_SOURCE = "Bewoner (meldformulier)"
DEFAULT_MEETING_MONTHS = 24


def username(user: Any, default: str = SYSTEM_AUTHOR) -> str:
    return user.get_username() if user is not None else default


def today() -> date:
    return timezone.localdate()


def covenant_name(tenant: Any) -> str:
    covenant = getattr(tenant, "covenant", None) if tenant is not None else None
    return covenant.name if covenant is not None else f"convenant van {tenant}"


def case_provenance(case: Any, *, source: str | None = None, author: str | None = None):
    category = case.category
    return Provenance(
        legal_basis=category.legal_basis,
        purpose=category.purpose,
        source_organisation=source or case.organisation.name,
        author=author or username(case.created_by),
    )


def latest(dates: models.QuerySet, fallback: date) -> date:
    found = dates.aggregate(latest=models.Max("retain_until"))["latest"]
    return found or fallback
