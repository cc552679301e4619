"""Indicators (linked to the wijkbeeld or measured by hand) and progress reports: a draft is
edited, then published; publishing freezes a snapshot of everything the report shows, with its
SHA-256. Every count in a report goes through ``core.suppression``; figures carry source and year."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.areas import store
from wijkkompas.areas.models import Area, FigureBlock
from wijkkompas.areas.models import Indicator as AreaIndicator
from wijkkompas.areas.selectors import present
from wijkkompas.core import suppression
from wijkkompas.programmes.models import (
    Action,
    Indicator,
    Measurement,
    Meeting,
    Programme,
    Report,
    Step,
)
from wijkkompas.programmes.services import actor_user, bump, clean_text, locked

REPORT_FIELDS = ("title", "period_start", "period_end", "risks", "next_steps")
COUNT_UNITS = ("", "aantal")


# --- indicators --------------------------------------------------------------------------


@transaction.atomic
def create_indicator(
    *,
    actor: Any,
    programme: Programme,
    name: str,
    unit: str = "",
    baseline: float | None = None,
    baseline_year: int | None = None,
    target: float | None = None,
    target_year: int | None = None,
    area_code: str = "",
    wijkbeeld_indicator: AreaIndicator | None = None,
) -> Indicator:
    policy.require(actor, "edit", "programme_indicator", Indicator(programme=programme))
    area_code = (area_code or "").strip().upper()
    if wijkbeeld_indicator is not None:
        if not area_code:
            raise ValidationError({"area_code": "Kies het gebied waarvoor het cijfer geldt."})
        if area_code not in programme.area_codes:
            raise ValidationError({"area_code": f"{area_code} is geen gebied van dit programma."})
        unit = unit or wijkbeeld_indicator.unit
    elif area_code:
        raise ValidationError({"area_code": "Een gebied hoort bij een wijkbeeldindicator."})
    indicator = Indicator.objects.create(
        programme=programme,
        name=clean_text(name, "name", required=True, max_length=200),
        unit=clean_text(unit, "unit", max_length=60),
        baseline=baseline,
        baseline_year=baseline_year,
        target=target,
        target_year=target_year,
        area_code=area_code,
        wijkbeeld_indicator=wijkbeeld_indicator,
    )
    audit.record(
        actor=actor,
        action="programme_indicator_created",
        obj=indicator,
        tenant_id=programme.tenant_id,
        detail={"programme": programme.pk, "linked": wijkbeeld_indicator is not None},
    )
    return indicator


def indicator_by_name(
    *, actor: Any, programme: Programme, name: str, unit: str = "", target: float | None = None
) -> Indicator:
    """The programme's hand-measured indicator called ``name``, created on first use: how
    another module (a survey, a campaign) feeds the same indicator wave after wave."""
    found = Indicator.objects.filter(
        programme=programme, name=name, wijkbeeld_indicator__isnull=True
    ).first()
    return found or create_indicator(
        actor=actor, programme=programme, name=name, unit=unit, target=target
    )


@transaction.atomic
def record_measurement(
    *, actor: Any, indicator: Indicator, version: Any, year: int, value: float, source: str
) -> Measurement:
    current = locked(actor, "edit", "programme_indicator", indicator, version)
    if current.wijkbeeld_indicator_id:
        raise ValidationError(
            {"value": "Dit cijfer komt uit het wijkbeeld; een nieuwe import werkt het bij."}
        )
    if not 1900 <= int(year) <= 2200:
        raise ValidationError({"year": "Geef een jaartal."})
    measurement, _ = Measurement.objects.update_or_create(
        indicator=current,
        year=year,
        defaults={"value": value, "source": clean_text(source, "source", required=True)},
    )
    bump(current, [])
    audit.record(
        actor=actor,
        action="programme_indicator_measured",
        obj=current,
        tenant_id=current.programme.tenant_id,
        detail={"year": year},
    )
    return measurement


def _source_of(indicator: AreaIndicator) -> str:
    detail = f" ({indicator.source_detail})" if indicator.source_detail else ""
    return f"{indicator.get_source_display()}{detail}"


def indicator_series(indicator: Indicator) -> list[dict[str, Any]]:
    """Per year: the value that may be shown (None when suppressed), its text, source and year.
    A linked indicator reads the wijkbeeld now, so a new import shows up at once."""
    if indicator.wijkbeeld_indicator_id:
        linked = indicator.wijkbeeld_indicator
        areas = Area.objects.filter(code=indicator.area_code).values_list("id", flat=True)
        cells = store.read(
            FigureBlock.objects.filter(area_id__in=list(areas), period__regex=r"^\d{4}$"),
            indicator_ids=[linked.pk],
        )
        by_year = {c.year: c for c in cells}
        source = _source_of(linked)
        points = []
        for year in sorted(by_year):
            cell = by_year[year]
            figure = present(cell.value, is_count=linked.is_count, status=cell.status)
            points.append(
                {
                    "year": year,
                    "value": figure.value,
                    "text": figure.text,
                    "suppressed": figure.suppressed,
                    "source": f"{source}, {year}",
                }
            )
        return points
    is_count = indicator.unit.strip().lower() in COUNT_UNITS
    out = []
    for m in indicator.measurements.order_by("year"):
        figure = present(m.value, is_count=is_count)
        out.append(
            {
                "year": m.year,
                "value": figure.value,
                "text": figure.text,
                "suppressed": figure.suppressed,
                "source": f"{m.source}, {m.year}",
            }
        )
    return out


def _fmt(value: float | None, is_count: bool) -> str:
    return present(value, is_count=is_count).text if value is not None else "–"


def indicator_summary(indicator: Indicator) -> dict[str, Any]:
    linked = indicator.wijkbeeld_indicator
    is_count = linked.is_count if linked else indicator.unit.strip().lower() in COUNT_UNITS
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "area_code": indicator.area_code,
        "link": (
            f"Wijkbeeld: {linked.name} ({_source_of(linked)})" if linked else "Handmatige meting"
        ),
        "baseline": _fmt(indicator.baseline, is_count),
        "baseline_year": indicator.baseline_year,
        "target": _fmt(indicator.target, is_count),
        "target_year": indicator.target_year,
        "points": indicator_series(indicator),
    }


# --- the report snapshot -----------------------------------------------------------------


def _count(n: int) -> str:
    return suppression.published_count(n)["display"]


def action_counts(programme: Programme, day: dt.date) -> list[dict[str, Any]]:
    """Done / late / open per owning organisation, every count suppressed (rounded)."""
    per: dict[str, dict[str, int]] = {}
    for action in programme.actions.select_related("owner_organisation"):
        row = per.setdefault(action.owner_organisation.name, {"done": 0, "late": 0, "open": 0})
        if action.status == Action.Status.GEREED:
            row["done"] += 1
        elif action.status in Action.OPEN_STATUSES:
            row["late" if action.overdue_on(day) else "open"] += 1
    return [
        {"organisation": org, **{k: _count(v) for k, v in counts.items()}}
        for org, counts in sorted(per.items())
    ]


def _step_entry(step: Step) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "position": step.position,
        "title": step.title,
        "status": step.get_status_display(),
        "started_on": step.started_on.isoformat() if step.started_on else "",
        "closed_on": step.closed_on.isoformat() if step.closed_on else "",
        "override_reason": step.override_reason,
        "decision": None,
    }
    decision = getattr(step, "decision", None)
    if decision is not None:
        facts = list(decision.facts.all())
        entry["decision"] = {
            "outcome": decision.get_outcome_display(),
            "body": decision.get_body_display(),
            "decided_on": decision.decided_on.isoformat(),
            "rationale": decision.rationale,
            "facts": [
                {"statement": f.statement, "kind": f.get_kind_display(), "source": f.source}
                for f in facts
            ],
        }
    return entry


def build_snapshot(report: Report, *, day: dt.date | None = None) -> dict[str, Any]:
    """Everything the report shows, as plain data (rendered to HTML, PDF and DOCX)."""
    programme = report.programme
    day = day or timezone.localdate()
    areas = dict(
        Area.objects.filter(code__in=programme.area_codes)
        .order_by("code", "-year")
        .values_list("code", "name")
    )
    meetings = Meeting.objects.filter(
        programme=programme,
        starts_at__date__gte=report.period_start,
        starts_at__date__lte=report.period_end,
    ).prefetch_related("decisions")
    steps = programme.steps.select_related("decision").prefetch_related("decision__facts")
    return {
        "programme": {
            "title": programme.title,
            "municipality": programme.tenant.name,
            "theme": programme.theme.name if programme.theme_id else "",
            "method": programme.method.title if programme.method_id else "",
            "areas": [{"code": c, "name": areas.get(c, c)} for c in programme.area_codes],
            "problem_definition": programme.problem_definition,
            "goals": programme.goals,
            "lead": programme.lead_organisation.name,
            "steering_group": programme.steering_group,
            "status": programme.get_status_display(),
            "partners": [
                {"organisation": p.organisation.name, "role": p.get_role_display()}
                for p in programme.partners.select_related("organisation")
            ],
        },
        "report": {
            "title": report.title,
            "period_start": report.period_start.isoformat(),
            "period_end": report.period_end.isoformat(),
            "risks": report.risks,
            "next_steps": report.next_steps,
            "as_of": day.isoformat(),
        },
        "steps": [_step_entry(s) for s in steps],
        "meetings": [
            {
                "title": m.title,
                "date": timezone.localtime(m.starts_at).date().isoformat(),
                "decisions": [d.text for d in m.decisions.all()],
            }
            for m in meetings
        ],
        "actions": action_counts(programme, day),
        "indicators": [indicator_summary(i) for i in programme.indicators.all()],
        "rounding_note": suppression.rounding_note(),
    }


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def content_of(report: Report) -> dict[str, Any]:
    """What a report shows: the frozen snapshot once published, the live state of a draft."""
    return report.snapshot if report.is_published else build_snapshot(report)


# --- report writes -----------------------------------------------------------------------


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start is None or end is None:
        raise ValidationError({"period_end": "Geef het begin en einde van de periode."})
    if end < start:
        raise ValidationError({"period_end": "Het einde van de periode ligt voor het begin."})


@transaction.atomic
def create_report(
    *,
    actor: Any,
    programme: Programme,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    risks: str = "",
    next_steps: str = "",
) -> Report:
    policy.require(actor, "create", "programme_report", Report(programme=programme))
    _check_period(period_start, period_end)
    report = Report.objects.create(
        programme=programme,
        title=clean_text(title, "title", required=True, max_length=200),
        period_start=period_start,
        period_end=period_end,
        risks=risks or "",
        next_steps=next_steps or "",
    )
    audit.record(
        actor=actor,
        action="programme_report_created",
        obj=report,
        tenant_id=programme.tenant_id,
        detail={"programme": programme.pk},
    )
    return report


@transaction.atomic
def update_report(*, actor: Any, report: Report, version: Any, **changes: Any) -> Report:
    current = locked(actor, "edit", "programme_report", report, version)
    if current.is_published:
        raise ValidationError(
            {"title": "Een gepubliceerde rapportage ligt vast. Maak een nieuw concept."}
        )
    for name, value in changes.items():
        if name not in REPORT_FIELDS:
            raise ValueError(f"Unknown field {name}")
        if name == "title":
            value = clean_text(value, "title", required=True, max_length=200)
        if name in ("risks", "next_steps"):
            value = value or ""
        setattr(current, name, value)
    _check_period(current.period_start, current.period_end)
    bump(current, changes.keys())
    audit.record(
        actor=actor,
        action="programme_report_updated",
        obj=current,
        tenant_id=current.programme.tenant_id,
        detail={"fields": sorted(changes)},
    )
    return current


@transaction.atomic
def publish_report(*, actor: Any, report: Report, version: Any) -> Report:
    """Freeze the report. Publishing a published report again changes nothing (same hash)."""
    policy.require(actor, "edit", "programme_report", report)
    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.is_published:
        return current
    current = locked(actor, "edit", "programme_report", current, version)
    current.snapshot = build_snapshot(current)
    current.snapshot_hash = snapshot_hash(current.snapshot)
    current.status = Report.Status.GEPUBLICEERD
    current.published_at = timezone.now()
    current.published_by = actor_user(actor)
    bump(current, ["snapshot", "snapshot_hash", "status", "published_at", "published_by"])
    audit.record(
        actor=actor,
        action="programme_report_published",
        obj=current,
        tenant_id=current.programme.tenant_id,
        detail={"hash": current.snapshot_hash},
    )
    return current


@transaction.atomic
def next_draft(*, actor: Any, report: Report) -> Report:
    """The next report as a draft: the following period of the same length, risks and next
    steps carried over for editing."""
    length = report.period_end - report.period_start
    start = report.period_end + dt.timedelta(days=1)
    return create_report(
        actor=actor,
        programme=report.programme,
        title=f"Voortgangsrapportage {report.programme.title} (concept)"[:200],
        period_start=start,
        period_end=start + length,
        risks=report.risks,
        next_steps=report.next_steps,
    )
