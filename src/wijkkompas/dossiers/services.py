"""Write side of the themadossier: one function per use case, each in a transaction, each asking
the policy and writing the audit trail. Every write of a versioned row names the version the user
read; a stale or missing one raises ``Conflict`` (``core.versioning``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.core import versioning
from wijkkompas.dossiers.models import (
    Dossier,
    DossierPin,
    Finding,
    SourceStatus,
    SourceStatusChange,
    Status,
)
from wijkkompas.knowledge.models import Instrument, Practice, Question, SourceEntry, Theme

MAX_FINDING_LENGTH = 50_000
MAX_NOTE_LENGTH = 2_000


def _who(user: Any) -> str:
    if user is None:
        return "onbekend"
    return (user.get_full_name() or user.username) if hasattr(user, "get_full_name") else str(user)


def _actor_user(actor: Any) -> Any:
    """The user to store as author (the CLI's SYSTEM is not a user row)."""
    return None if getattr(actor, "is_system", False) else actor


def _check_length(text: str, limit: int, field: str, too_long: str) -> None:
    if len(text) > limit:
        raise ValidationError({field: f"{too_long} (maximaal {limit} tekens)."})


def open_dossier(*, actor: Any, tenant: Tenant, theme: Theme) -> Dossier:
    """Open the municipality's dossier for a theme (one per tenant and theme)."""
    candidate = Dossier(tenant=tenant, theme=theme)
    policy.require(actor, "create", "dossier", candidate)
    exists = f"Er is al een themadossier '{theme.name}' voor {tenant.name}."
    if Dossier.objects.filter(tenant=tenant, theme=theme).exists():
        raise ValidationError(exists)
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                tenant=tenant,
                theme=theme,
                opened_by=_actor_user(actor),
                updated_by=_actor_user(actor),
            )
    except IntegrityError:
        raise ValidationError(exists) from None
    audit.record(actor=actor, action="dossier_opened", obj=dossier, detail={"theme": theme.slug})
    return dossier


def _check_date(day: date) -> None:
    if day > timezone.localdate():
        raise ValidationError({"date": "De datum mag niet in de toekomst liggen."})


@transaction.atomic
def set_source_status(
    *,
    actor: Any,
    dossier: Dossier,
    entry: SourceEntry,
    status: str,
    day: date | None = None,
    note: str = "",
    expected_version: int,
) -> SourceStatus:
    """Record a status for one recommended source. ``expected_version`` is the version the user
    saw (0 = never set); a different stored version means someone else changed it meanwhile."""
    policy.require(actor, "edit", "dossier", dossier)
    if entry.theme_id != dossier.theme_id:
        raise ValidationError({"entry": "Deze bron hoort niet bij het thema van dit dossier."})
    if status not in Status.values:
        raise ValidationError(
            {"status": f"Onbekende status '{status}'. Kies uit: {', '.join(Status.labels)}."}
        )
    note = (note or "").strip()
    _check_length(note, MAX_NOTE_LENGTH, "note", "De notitie is te lang")
    day = day or timezone.localdate()
    _check_date(day)

    current = SourceStatus.objects.select_for_update().filter(dossier=dossier, entry=entry).first()
    stored_version = current.version if current else 0
    previous = current.status if current else Status.NIET_BENADERD.value
    if expected_version != stored_version:  # the message (who, what) is only read for a refusal
        versioning.check_version(
            stored_version,
            expected_version,
            detail=f"De status van '{entry.source.name}' is intussen gewijzigd door "
            f"{_who(current.set_by if current else None)} naar '{Status(previous).label}'. "
            "Uw keuze is niet opgeslagen; controleer de huidige status en sla zo nodig opnieuw op.",
            current={"status": previous, "version": stored_version},
        )
    if current and current.status == status and current.date == day and current.note == note:
        return current
    user = _actor_user(actor)
    if current is None:
        current = SourceStatus.objects.create(
            dossier=dossier, entry=entry, status=status, date=day, note=note, set_by=user
        )
    else:
        current.status, current.date, current.note, current.set_by = status, day, note, user
        current.version = stored_version + 1
        current.save(update_fields=["status", "date", "note", "set_by", "version"])
    SourceStatusChange.objects.create(
        dossier=dossier,
        entry=entry,
        status=status,
        previous_status=previous,
        date=day,
        note=note,
        set_by=user,
    )
    audit.record(
        actor=actor,
        action="dossier_source_status",
        obj=dossier,
        detail={
            "source": entry.source.slug,
            "from": previous,
            "to": status,
            "date": day.isoformat(),
        },
    )
    return current


@transaction.atomic
def save_finding(
    *,
    actor: Any,
    dossier: Dossier,
    question: Question,
    text: str,
    expected_version: int,
) -> Finding:
    """Save the findings for one question; refuses when someone saved a newer version meanwhile."""
    policy.require(actor, "edit", "dossier", dossier)
    _check_length(text, MAX_FINDING_LENGTH, "text", "De bevindingen zijn te lang")
    finding = Finding.objects.select_for_update().filter(dossier=dossier, question=question).first()
    stored_version = finding.version if finding else 0
    if expected_version != stored_version:
        versioning.check_version(
            stored_version,
            expected_version,
            detail=f"De bevindingen bij vraag {question.number} zijn intussen gewijzigd door "
            f"{_who(finding.updated_by if finding else None)}. Uw tekst is niet opgeslagen maar staat hieronder nog; "
            "vergelijk met de opgeslagen versie en sla daarna opnieuw op.",
            current={"text": finding.text if finding else "", "version": stored_version},
        )
    user = _actor_user(actor)
    if finding is None:
        finding = Finding.objects.create(
            dossier=dossier, question=question, text=text, updated_by=user
        )
    else:
        if finding.text == text:
            return finding
        finding.text, finding.updated_by, finding.updated_at = text, user, timezone.now()
        finding.version = stored_version + 1
        finding.save(update_fields=["text", "updated_by", "updated_at", "version"])
    audit.record(
        actor=actor,
        action="dossier_finding_saved",
        obj=dossier,
        detail={"question": question.number, "version": finding.version, "length": len(text)},
    )
    return finding


def _bump_dossier(dossier: Dossier, expected_version: int, user: Any, what: str) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.version != expected_version:
        versioning.check_version(
            locked.version,
            expected_version,
            detail=f"Het dossier is intussen gewijzigd door {_who(locked.updated_by)}. Uw {what} is niet opgeslagen "
            "maar staat hieronder nog; vergelijk en sla opnieuw op.",
            current={
                "version": locked.version,
                "next_steps": locked.next_steps,
                "summary": locked.summary,
                "advice": locked.advice,
            },
        )
    locked.version += 1
    locked.updated_at = timezone.now()
    locked.updated_by = user
    return locked


@transaction.atomic
def save_next_steps(
    *,
    actor: Any,
    dossier: Dossier,
    text: str,
    expected_version: int,
) -> Dossier:
    policy.require(actor, "edit", "dossier", dossier)
    _check_length(text, MAX_FINDING_LENGTH, "next_steps", "De tekst is te lang")
    locked = _bump_dossier(dossier, expected_version, _actor_user(actor), "tekst")
    locked.next_steps = text
    locked.save(update_fields=["next_steps", "version", "updated_at", "updated_by"])
    audit.record(
        actor=actor,
        action="dossier_next_steps_saved",
        obj=locked,
        detail={"length": len(text)},
    )
    return locked


@transaction.atomic
def save_summary(
    *,
    actor: Any,
    dossier: Dossier,
    summary: str,
    advice: str,
    expected_version: int,
) -> Dossier:
    """The summary and advice that open the koersnotitie, written by the adviseur."""
    policy.require(actor, "edit", "dossier", dossier)
    _check_length(summary, MAX_FINDING_LENGTH, "summary", "De samenvatting is te lang")
    _check_length(advice, MAX_FINDING_LENGTH, "advice", "Het advies is te lang")
    locked = _bump_dossier(dossier, expected_version, _actor_user(actor), "tekst")
    locked.summary, locked.advice = summary, advice
    locked.save(update_fields=["summary", "advice", "version", "updated_at", "updated_by"])
    audit.record(
        actor=actor,
        action="dossier_koersnotitie_saved",
        obj=locked,
        detail={"summary_length": len(summary), "advice_length": len(advice)},
    )
    return locked


@transaction.atomic
def set_links(
    *,
    actor: Any,
    dossier: Dossier,
    practices: Iterable[Practice],
    instruments: Iterable[Instrument],
    expected_version: int,
) -> Dossier:
    """Choose the practice examples and instruments the dossier builds on."""
    policy.require(actor, "edit", "dossier", dossier)
    locked = _bump_dossier(dossier, expected_version, _actor_user(actor), "keuze")
    practices, instruments = list(practices), list(instruments)
    locked.practices.set(practices)
    locked.instruments.set(instruments)
    locked.save(update_fields=["version", "updated_at", "updated_by"])
    audit.record(
        actor=actor,
        action="dossier_links_saved",
        obj=locked,
        detail={
            "practices": [p.slug for p in practices],
            "instruments": [i.slug for i in instruments],
        },
    )
    return locked


def _check_pin_url(url: str) -> str:
    url = (url or "").strip()
    if (
        url
        and not (url.startswith("/") and not url.startswith("//"))
        and not url.startswith(("https://", "http://"))
    ):
        raise ValidationError(
            {"url": "Het adres moet beginnen met / (een pagina in Wijkkompas) of met https://."}
        )
    return url


@transaction.atomic
def pin_item(
    *,
    actor: Any,
    dossier: Dossier,
    question_number: int,
    kind: str,
    title: str,
    url: str = "",
    note: str = "",
    reference: str = "",
) -> DossierPin:
    """Pin an item of another module to a question (the plug-in point for wijkbeeld figures on
    question 4 and barrier models on question 5). Re-pinning the same ``reference`` updates it."""
    policy.require(actor, "pin", "dossier", dossier)
    if kind not in DossierPin.Kind.values:
        raise ValidationError({"kind": f"Onbekende soort '{kind}'."})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Geef een titel op."})
    question = Question.objects.filter(number=question_number).first()
    if question is None:
        raise ValidationError({"question": f"Vraag {question_number} bestaat niet."})
    url = _check_pin_url(url)
    values = {
        "kind": kind,
        "title": title[:250],
        "url": url,
        "note": (note or "").strip(),
        "pinned_by": _actor_user(actor),
    }
    pin = None
    if reference:
        pin = DossierPin.objects.filter(
            dossier=dossier, question=question, reference=reference
        ).first()
    if pin is None:
        pin = DossierPin.objects.create(
            dossier=dossier, question=question, reference=reference, **values
        )
    else:
        for key, value in values.items():
            setattr(pin, key, value)
        pin.save()
    audit.record(
        actor=actor,
        action="dossier_item_pinned",
        obj=dossier,
        detail={
            "question": question_number,
            "kind": kind,
            "title": pin.title,
            "reference": reference,
        },
    )
    return pin


@transaction.atomic
def unpin_item(*, actor: Any, pin: DossierPin) -> None:
    dossier = pin.dossier
    policy.require(actor, "pin", "dossier", dossier)
    detail = {
        "question": pin.question.number,
        "kind": pin.kind,
        "title": pin.title,
        "reference": pin.reference,
    }
    pin.delete()
    audit.record(actor=actor, action="dossier_item_unpinned", obj=dossier, detail=detail)


def record_export(*, actor: Any, dossier: Dossier, fmt: str) -> None:
    """Exports leave the building: audited like a change."""
    policy.require(actor, "export", "dossier", dossier)
    audit.record(
        actor=actor,
        action="dossier_koersnotitie_export",
        obj=dossier,
        detail={"format": fmt},
    )
