"""Reads of surveys, already filtered by the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from wijkkompas.accounts import policy
from wijkkompas.areas.models import Area, Level
from wijkkompas.programmes.models import Programme
from wijkkompas.surveys.models import FreeTextAnswer, Survey


def surveys_visible_to(user: Any) -> QuerySet[Survey]:
    return policy.visible(user, "list", "survey", Survey.objects.select_related("organisation"))


def get_survey(user: Any, action: str, pk: int) -> Survey:
    """The survey for ``action`` (404 outside the user's tenant, 403 when not allowed)."""
    return policy.get_object_or_404(
        user, action, "survey", Survey.objects.select_related("organisation", "tenant"), pk=pk
    )


def results_provisional(survey: Survey) -> bool:
    return not survey.is_closed


def free_texts_for_review(user: Any, survey: Survey) -> QuerySet[FreeTextAnswer]:
    qs = FreeTextAnswer.objects.filter(response__survey=survey).select_related(
        "question", "response__area", "response__survey"
    )
    return policy.visible(user, "review", "survey_free_text", qs).order_by(
        "response__area__area_code", "question__position", "id"
    )


def tenant_buurten(tenant: Any) -> list[tuple[str, str]]:
    """(code, name) of the buurten of the tenant's municipality, latest division."""
    code = getattr(tenant, "cbs_code", "") or ""
    qs = Area.objects.filter(level=Level.BUURT, municipality_code=code).order_by("code", "-year")
    seen: dict[str, str] = {}
    for c, name in qs.values_list("code", "name"):
        seen.setdefault(c, name)
    return sorted(seen.items())


def programmes_for_publishing(user: Any, survey: Survey) -> QuerySet[Programme]:
    """Programmes of the survey's tenant whose indicators the user may change (the programme's
    own rule), for the publish form."""
    qs = Programme.objects.filter(tenant_id=survey.tenant_id)
    return policy.visible(user, "edit", "programme", qs).order_by("title", "id")
