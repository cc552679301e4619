"""Writes to the Kennisbank: edits by the redactie (with history and optimistic locking), tips.

Every write asks ``accounts.policy``, writes ``accounts.audit`` and a revision (JSON snapshot), and
bumps the search-index generation so every process rebuilds its index.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify

from wijkkompas.accounts import audit, policy
from wijkkompas.core import versioning
from wijkkompas.core.api_support import Conflict
from wijkkompas.knowledge.models import (
    IndexGeneration,
    Question,
    Revision,
    Source,
    SourceEntry,
    Theme,
    Tip,
)
from wijkkompas.knowledge.search import new_generation
from wijkkompas.knowledge.snapshots import (
    OBJECT_TYPES,
    SIMPLE_FIELDS,
    label_of,
    object_type_of,
    snapshot,
)

TIP_LIMIT_PER_HOUR = 5
STALE_MESSAGE = (
    "Iemand anders heeft dit intussen gewijzigd (nu versie {current}). Uw wijziging is niet opgeslagen; "
    "uw tekst staat hieronder nog. Bekijk de nieuwe versie en voer uw wijziging opnieuw door."
)


class TipRateLimited(Exception):
    """Too many tips from one address in the last hour."""


def _is_user(actor: Any) -> bool:
    return bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and not getattr(actor, "is_system", False)
    )


def bump_index_generation() -> None:
    """Tell every process that its in-memory search index is stale."""
    IndexGeneration.objects.update_or_create(pk=1, defaults={"generation": new_generation()})


def record_revision(
    obj: Any, *, action: str, actor: Any, note: str = "", changed_fields: list[str] | None = None
) -> Revision:
    return Revision.objects.create(
        object_type=object_type_of(obj),
        object_id=obj.pk,
        object_label=label_of(obj),
        version=obj.version,
        action=action,
        snapshot=snapshot(obj),
        changed_fields=changed_fields or [],
        note=note[:300],
        actor=actor if _is_user(actor) else None,
        actor_username=getattr(actor, "username", "") or "anoniem",
        at=timezone.now(),
    )


def audit_load(*, actor: Any, report: Any, directory: str) -> None:
    audit.record(
        actor=actor,
        action="knowledge_loaded",
        object_type="knowledge",
        reason=f"Kennisbank geladen uit {directory}",
        detail={"created": report.created, "updated": report.updated, "removed": report.removed},
    )


def _check_version(obj: Any, expected_version: int | str | None) -> None:
    """``obj`` was read with select_for_update; a stale or missing version is refused."""
    versioning.check_version(
        obj.version, expected_version, detail=STALE_MESSAGE.format(current=obj.version)
    )


def _locked(actor: Any, action: str, obj: Any, expected_version: int | str | None) -> Any:
    """Ask the policy, lock the stored row and check the version the user read."""
    policy.require(actor, action, object_type_of(obj), obj)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    _check_version(obj, expected_version)
    return obj


def _apply(obj: Any, fields: dict[str, Any], m2m: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=["version", "content_hash"])
    obj.save()
    for name, value in m2m.items():
        getattr(obj, name).set(value)


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


@transaction.atomic
def create_object(
    *,
    actor: Any,
    object_type: str,
    fields: dict[str, Any],
    m2m: dict[str, Any] | None = None,
) -> Any:
    """Create a theme, question, source, practice or instrument (redactie only)."""
    policy.require(actor, "create", object_type)
    model = OBJECT_TYPES[object_type]
    obj = model()
    if "slug" in fields and not fields.get("slug"):
        fields["slug"] = unique_slug(
            model, fields.get("name") or fields.get("title") or object_type
        )
    _apply(obj, fields, m2m or {})
    record_revision(
        obj, action=Revision.Action.CREATE, actor=actor, changed_fields=sorted(snapshot(obj))
    )
    audit.record(actor=actor, action="knowledge_item_created", obj=obj, reason=label_of(obj))
    bump_index_generation()
    return obj


@transaction.atomic
def update_object(
    *,
    actor: Any,
    obj: Any,
    fields: dict[str, Any],
    m2m: dict[str, Any] | None = None,
    expected_version: int | None,
    note: str = "",
) -> Any:
    """Save an edit; refused with ``Conflict`` when someone saved a newer version meanwhile."""
    obj = _locked(actor, "edit", obj, expected_version)
    before = snapshot(obj)
    obj.version += 1
    _apply(obj, fields, m2m or {})
    after = snapshot(obj)
    changed = _changed(before, after)
    if not changed:
        type(obj).objects.filter(pk=obj.pk).update(version=obj.version - 1)
        obj.version -= 1
        return obj
    record_revision(
        obj, action=Revision.Action.UPDATE, actor=actor, note=note, changed_fields=changed
    )
    audit.record(
        actor=actor,
        action="knowledge_item_edited",
        obj=obj,
        reason=note,
        detail={"fields": changed, "version": obj.version},
    )
    bump_index_generation()
    return obj


@transaction.atomic
def delete_object(
    *,
    actor: Any,
    obj: Any,
    expected_version: int | None,
    note: str = "",
) -> None:
    obj = _locked(actor, "delete", obj, expected_version)
    record_revision(obj, action=Revision.Action.DELETE, actor=actor, note=note)
    audit.record(
        actor=actor,
        action="knowledge_item_deleted",
        obj=obj,
        reason=note or label_of(obj),
    )
    obj.delete()
    bump_index_generation()


@transaction.atomic
def save_source_entry(
    *,
    actor: Any,
    source: Source,
    theme: Theme,
    offers: str,
    questions: list[Question],
    entry: SourceEntry | None = None,
    expected_version: int | None = None,
) -> SourceEntry:
    """Add a source to a theme, or change what it offers there. The source's version and history
    follow, since an entry is part of the source."""
    policy.require(actor, "edit", "source", source)
    source = Source.objects.select_for_update().get(pk=source.pk)
    if entry is not None:
        entry = SourceEntry.objects.select_for_update().get(pk=entry.pk)
        _check_version(entry, expected_version)
        before = snapshot(source)
        entry.version += 1
    else:
        before = snapshot(source)
        if SourceEntry.objects.filter(source=source, theme=theme).exists():
            raise Conflict(
                f"{source} staat al bij het thema {theme}. Wijzig die vermelding in plaats van een nieuwe toe te voegen."
            )
        entry = SourceEntry(source=source)
    entry.theme = theme
    entry.offers = offers
    entry.full_clean(exclude=["version", "content_hash", "source"], validate_unique=False)
    entry.save()
    entry.questions.set(questions)
    source.version += 1
    source.save(update_fields=["version", "updated_at"])
    after = snapshot(source)
    action = (
        "knowledge_source_entry_edited"
        if before.get("entries") and any(e["theme"] == theme.slug for e in before["entries"])
        else "knowledge_source_entry_added"
    )
    record_revision(
        source,
        action=Revision.Action.UPDATE,
        actor=actor,
        note=f"bron bij thema {theme}",
        changed_fields=_changed(before, after),
    )
    audit.record(actor=actor, action=action, obj=source, reason=f"{source} bij {theme}")
    bump_index_generation()
    return entry


@transaction.atomic
def remove_source_entry(
    *,
    actor: Any,
    entry: SourceEntry,
    expected_version: int | None,
) -> None:
    policy.require(actor, "edit", "source", entry.source)
    source = Source.objects.select_for_update().get(pk=entry.source_id)
    entry = SourceEntry.objects.select_for_update().get(pk=entry.pk)
    _check_version(entry, expected_version)
    theme = entry.theme
    entry.delete()
    source.version += 1
    source.save(update_fields=["version", "updated_at"])
    record_revision(
        source,
        action=Revision.Action.UPDATE,
        actor=actor,
        note=f"bron weggehaald bij thema {theme}",
        changed_fields=["entries"],
    )
    audit.record(
        actor=actor,
        action="knowledge_source_entry_removed",
        obj=source,
        reason=f"{source} bij {theme}",
    )
    bump_index_generation()


@transaction.atomic
def restore_revision(
    *,
    actor: Any,
    revision: Revision,
    expected_version: int | None,
) -> Any:
    """Make an earlier version the current one again (as a new version; history stays intact).
    Themes and questions that no longer exist are left out."""
    object_type = revision.object_type
    model = OBJECT_TYPES[object_type]
    obj = model.objects.select_for_update().get(pk=revision.object_id)
    policy.require(actor, "edit", object_type, obj)
    _check_version(obj, expected_version)
    data = revision.snapshot
    before = snapshot(obj)
    fields = {name: data[name] for name in SIMPLE_FIELDS[object_type] if name in data}
    m2m: dict[str, Any] = {}
    if object_type in ("practice", "instrument"):
        m2m["themes"] = list(Theme.objects.filter(slug__in=data.get("themes", [])))
    if object_type == "instrument":
        m2m["questions"] = list(Question.objects.filter(number__in=data.get("questions", [])))
    obj.version += 1
    _apply(obj, fields, m2m)
    if object_type == "source":
        themes = {t.slug: t for t in Theme.objects.all()}
        questions = {q.number: q for q in Question.objects.all()}
        entries = [
            {**e, "questions": [n for n in e["questions"] if n in questions]}
            for e in data.get("entries", [])
            if e["theme"] in themes
        ]
        sync_entries(obj, entries, themes, questions)
    changed = _changed(before, snapshot(obj))
    note = f"teruggezet naar versie {revision.version}"
    record_revision(
        obj, action=Revision.Action.UPDATE, actor=actor, note=note, changed_fields=changed
    )
    audit.record(
        actor=actor,
        action="knowledge_item_restored",
        obj=obj,
        reason=note,
        detail={"fields": changed},
    )
    bump_index_generation()
    return obj


def sync_entries(source: Source, entries: list[dict], themes: dict, questions: dict) -> None:
    """Update the source's entries in place, matched by theme: dossiers hold statuses per entry,
    so an entry is only deleted when its theme really disappeared from the source."""
    current = {e.theme_id: e for e in source.entries.all()}
    wanted = set()
    for record in entries:
        theme = themes[record["theme"]]
        wanted.add(theme.pk)
        entry = current.get(theme.pk)
        if entry is None:
            entry = SourceEntry.objects.create(source=source, theme=theme, offers=record["offers"])
        elif entry.offers != record["offers"]:
            entry.offers = record["offers"]
            entry.version += 1
            entry.save(update_fields=["offers", "version", "updated_at"])
        entry.questions.set([questions[n] for n in record["questions"]])
    for theme_id, entry in current.items():
        if theme_id not in wanted:
            entry.delete()


def unique_slug(model: type, text: str) -> str:
    base = slugify(text)[:80] or "item"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- tips -------------------------------------------------------------------------------------


def client_hash(request: HttpRequest | None) -> str:
    """A salted hash of the client address: enough to rate-limit, useless to identify anyone."""
    address = audit.client_address(request) or ""
    return (
        hashlib.sha256(f"{settings.SECRET_KEY}:tip:{address}".encode()).hexdigest()
        if address
        else ""
    )


@transaction.atomic
def submit_tip(
    *,
    actor: Any,
    kind: str,
    subject: str,
    text: str,
    contact: str = "",
    about: Any = None,
    request: HttpRequest | None = None,
) -> Tip:
    """Any visitor sends a tip to the redactie's queue; at most TIP_LIMIT_PER_HOUR per address."""
    policy.require(actor, "create", "knowledge_tip")
    fingerprint = client_hash(request)
    since = timezone.now() - timedelta(hours=1)
    if (
        fingerprint
        and Tip.objects.filter(client_hash=fingerprint, submitted_at__gte=since).count()
        >= TIP_LIMIT_PER_HOUR
    ):
        raise TipRateLimited
    tip = Tip.objects.create(
        kind=kind,
        subject=subject.strip(),
        text=text.strip(),
        contact=contact.strip(),
        about_type=object_type_of(about) if about is not None else "",
        about_id=about.pk if about is not None else None,
        about_label=label_of(about) if about is not None else "",
        submitted_by=actor if _is_user(actor) else None,
        client_hash=fingerprint,
        submitted_at=timezone.now(),
    )
    audit.record(
        actor=actor if _is_user(actor) else None,
        action="knowledge_tip_submitted",
        obj=tip,
        request=request,
        reason=tip.subject,
    )
    return tip


@transaction.atomic
def handle_tip(
    *,
    actor: Any,
    tip: Tip,
    status: str,
    note: str,
    expected_version: int | None,
) -> Tip:
    """The redactie accepts (processed) or rejects a tip, with a note."""
    policy.require(actor, "edit", "knowledge_tip", tip)
    if status not in {Tip.Status.ACCEPTED, Tip.Status.REJECTED, Tip.Status.OPEN}:
        raise ValueError(status)
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    _check_version(tip, expected_version)
    tip.status = status
    tip.handling_note = note.strip()
    tip.handled_by = actor if _is_user(actor) else None
    tip.handled_at = timezone.now()
    tip.version += 1
    tip.save()
    audit.record(
        actor=actor,
        action="knowledge_tip_handled",
        obj=tip,
        reason=f"{tip.get_status_display()}: {note}"[:500],
    )
    return tip
