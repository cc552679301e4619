"""Applying validated content in one transaction: records matched by slug (questions by number),
unchanged ones left alone, changed ones updated, vanished ones removed, each with a revision."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from wijkkompas.accounts import policy
from wijkkompas.knowledge import services
from wijkkompas.knowledge.loader.reading import read_content
from wijkkompas.knowledge.loader.schema import ContentError, LoadError
from wijkkompas.knowledge.models import Instrument, Practice, Question, Source, SynonymGroup, Theme
from wijkkompas.knowledge.snapshots import SIMPLE_FIELDS


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def bump(self, bucket: str, object_type: str) -> None:
        counts = getattr(self, bucket)
        counts[object_type] = counts.get(object_type, 0) + 1

    def summary(self) -> str:
        labels = {
            "theme": "thema's",
            "question": "vragen",
            "source": "bronnen",
            "practice": "praktijkvoorbeelden",
            "instrument": "instrumenten",
        }
        parts = []
        for object_type, label in labels.items():
            parts.append(
                f"{label}: {self.totals.get(object_type, 0)} "
                f"(nieuw {self.created.get(object_type, 0)}, gewijzigd {self.updated.get(object_type, 0)}, "
                f"ongewijzigd {self.unchanged.get(object_type, 0)}, verwijderd {self.removed.get(object_type, 0)})"
            )
        return "; ".join(parts)


def _clean(record: dict) -> dict:
    """The record without bookkeeping keys, in the snapshot shape."""
    result = {}
    for key, value in record.items():
        if key.startswith("_"):
            continue
        if isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value]
        result[key] = value
    return result


def _hash(record: dict) -> str:
    return hashlib.sha256(
        json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def load(directory: Path | str, *, actor: Any = None) -> LoadReport:
    """Validate and load the content of ``directory`` in one transaction (see module docstring)."""
    actor = actor or policy.SYSTEM
    data = read_content(directory)
    report = LoadReport()
    try:
        with transaction.atomic():
            themes = _apply(report, "theme", Theme, data["themes"], "slug", actor)
            questions = _apply(report, "question", Question, data["questions"], "number", actor)
            _apply(
                report,
                "source",
                Source,
                data["sources"],
                "slug",
                actor,
                themes=themes,
                questions=questions,
            )
            _apply(report, "practice", Practice, data["practices"], "slug", actor, themes=themes)
            _apply(
                report,
                "instrument",
                Instrument,
                data["instruments"],
                "slug",
                actor,
                themes=themes,
                questions=questions,
            )
            SynonymGroup.objects.all().delete()
            SynonymGroup.objects.bulk_create(
                SynonymGroup(terms=g["terms"]) for g in data["synonyms"]
            )
            services.bump_index_generation()
            services.audit_load(actor=actor, report=report, directory=str(directory))
    except ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
        raise ContentError(
            [
                LoadError(
                    "content",
                    0,
                    "",
                    f"een verwijderd item is nog in gebruik ({names}); niets geladen",
                )
            ]
        ) from exc
    return report


def _apply(
    report: LoadReport,
    object_type: str,
    model: type,
    records: list[dict],
    key: str,
    actor: Any,
    *,
    themes=None,
    questions=None,
) -> dict:
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    wanted = set()
    for raw in records:
        record = _clean(raw)
        if object_type == "theme" and record.get("order") is None:
            record["order"] = 100
        digest = _hash(record)
        wanted.add(record[key])
        obj = existing.get(record[key])
        report.totals[object_type] = report.totals.get(object_type, 0) + 1
        if obj is not None and obj.content_hash == digest:
            report.bump("unchanged", object_type)
            continue
        is_new = obj is None
        obj = obj or model()
        for name in SIMPLE_FIELDS[object_type]:
            value = record[name]
            if object_type == "instrument" and name == "steps":
                value = [
                    {"name": s["name"], "description": s.get("description", "")} for s in value
                ]
            setattr(obj, name, value)
        if not is_new:
            obj.version += 1
        obj.content_hash = digest
        obj.save()
        existing[record[key]] = obj
        if object_type == "source":
            services.sync_entries(obj, record["entries"], themes, questions)
        if object_type in ("practice", "instrument"):
            obj.themes.set([themes[s] for s in record["themes"]])
        if object_type == "instrument":
            obj.questions.set([questions[n] for n in record["questions"]])
        services.record_revision(
            obj, action="geladen", actor=actor, note="geladen uit content-bestanden"
        )
        report.bump("created" if is_new else "updated", object_type)
    for value, obj in list(existing.items()):
        if value not in wanted and obj.content_hash:
            services.record_revision(
                obj, action="verwijderd", actor=actor, note="niet meer in de content-bestanden"
            )
            obj.delete()
            del existing[value]
            report.bump("removed", object_type)
    return existing
