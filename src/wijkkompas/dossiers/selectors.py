"""Read side of the themadossier: querysets filtered by the policy, the per-question view of the
recommended sources, and the information position (with its history)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from wijkkompas.accounts import policy
from wijkkompas.dossiers.models import (
    RANK,
    TAPPED,
    Dossier,
    DossierPin,
    Finding,
    SourceStatus,
    SourceStatusChange,
    Status,
)
from wijkkompas.knowledge.models import Instrument, Practice, Question, Source, SourceEntry, Theme

# Where later modules plug in: question 4 (local risks) takes figures pinned from the wijkbeeld,
# question 5 (local approach) barrier models. Other apps pin through ``services.pin_item``.
PLUGIN_SLOTS: dict[int, dict[str, str]] = {
    4: {
        "kind": DossierPin.Kind.AREA_FIGURE,
        "title": "Cijfers uit het wijkbeeld",
        "url_name": "areas:index",
        "link_text": "Naar het wijkbeeld",
        "empty": "Nog geen cijfers vastgepind. Pin in het wijkbeeld een cijfer of kaart aan dit dossier; het verschijnt dan hier en in de koersnotitie.",
    },
    5: {
        "kind": DossierPin.Kind.BARRIER_MODEL,
        "title": "Barrièremodellen van de lokale aanpak",
        "url_name": "barriers:index",
        "link_text": "Naar de barrièremodellen",
        "empty": "Nog geen barrièremodel gekoppeld. Koppel vanuit een barrièremodel dit dossier; het verschijnt dan hier en in de koersnotitie.",
    },
}


def dossiers_visible_to(user: Any) -> QuerySet[Dossier]:
    return policy.visible(
        user, "list", "dossier", Dossier.objects.select_related("theme", "tenant", "opened_by")
    )


def dossiers_for_pinning(user: Any) -> QuerySet[Dossier]:
    """The dossiers a user may pin items to (for "pin to dossier" choices in other modules)."""
    return policy.visible(user, "pin", "dossier", Dossier.objects.select_related("theme"))


def get_dossier(user: Any, pk: int, action: str = "view") -> Dossier:
    """The dossier for ``action``: 404 outside the user's tenant, 403 when visible but not allowed."""
    return policy.get_object_or_404(
        user,
        action,
        "dossier",
        Dossier.objects.select_related("theme", "tenant", "opened_by", "updated_by"),
        pk=pk,
    )


def get_dossier_for_pinning(user: Any, pk: int) -> Dossier:
    """The dossier another module pins an item to (a wijkbeeld figure, a barrier model): the
    policy action is bound here, so callers cannot ask the wrong one."""
    return get_dossier(user, pk, action="pin")


def get_pin(dossier: Dossier, pk: int) -> DossierPin:
    """A pin of this dossier (the caller fetched the dossier for "pin")."""
    return get_object_or_404(
        DossierPin.objects.select_related("question", "dossier"), pk=pk, dossier=dossier
    )


def questions() -> QuerySet[Question]:
    """The six questions every dossier answers, in order."""
    return Question.objects.order_by("number")


def question_texts(numbers: Sequence[int]) -> dict[int, str]:
    """The Kennisbank's own wording of these questions, in order, for a form in another module
    that pins to one of them (the barrier model's "link to dossier" form), so no module words
    a question differently from the Kennisbank."""
    return dict(questions().filter(number__in=numbers).values_list("number", "text"))


def get_question(number: int) -> Question:
    question = Question.objects.filter(number=number).first()
    if question is None:
        raise Http404
    return question


def get_theme(slug: str) -> Theme:
    """A Kennisbank theme to open a dossier for."""
    return get_object_or_404(Theme, slug=slug)


def themes_without_dossier(user: Any) -> list[Theme]:
    """Themes of the Kennisbank for which the user's municipality has no dossier yet."""
    taken = dossiers_visible_to(user).values_list("theme_id", flat=True)
    return list(Theme.objects.exclude(pk__in=list(taken)))


def recommended_entries(dossier: Dossier) -> list[SourceEntry]:
    """The Kennisbank's sources for the dossier's theme, each with its questions."""
    return list(
        SourceEntry.objects.filter(theme_id=dossier.theme_id)
        .select_related("source")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("number")))
        .order_by("source__kind", "source__name")
    )


@dataclass
class SourceRow:
    """One recommended source in a dossier, with its current status (None: never set)."""

    entry: SourceEntry
    status: SourceStatus | None = None
    error: str = ""
    submitted: dict = field(default_factory=dict)

    @property
    def status_code(self) -> str:
        return self.status.status if self.status else Status.NIET_BENADERD.value

    @property
    def status_label(self) -> str:
        return Status(self.status_code).label

    @property
    def version(self) -> int:
        return self.status.version if self.status else 0

    @property
    def tapped(self) -> bool:
        return self.status_code in TAPPED

    @property
    def rank(self) -> int:
        return RANK[Status(self.status_code)]

    @property
    def question_numbers(self) -> list[int]:
        return [q.number for q in self.entry.questions.all()]

    @property
    def questions_label(self) -> str:
        return ", ".join(str(n) for n in self.question_numbers)


def source_rows(dossier: Dossier, *, question: Question | None = None) -> list[SourceRow]:
    """The recommended sources (for one question, or all) with their current status."""
    statuses = {
        s.entry_id: s for s in SourceStatus.objects.filter(dossier=dossier).select_related("set_by")
    }
    rows = []
    for entry in recommended_entries(dossier):
        if question is not None and question.pk not in {q.pk for q in entry.questions.all()}:
            continue
        rows.append(SourceRow(entry=entry, status=statuses.get(entry.pk)))
    return rows


def get_source_row(dossier: Dossier, entry_id: int) -> SourceRow:
    """One recommended source of the dossier's theme; 404 for any other entry."""
    row = source_row(dossier, entry_id)
    if row is None:
        raise Http404
    return row


def source_row(dossier: Dossier, entry_id: int) -> SourceRow | None:
    entry = (
        SourceEntry.objects.filter(pk=entry_id, theme_id=dossier.theme_id)
        .select_related("source")
        .prefetch_related("questions")
        .first()
    )
    if entry is None:
        return None
    status = (
        SourceStatus.objects.filter(dossier=dossier, entry=entry).select_related("set_by").first()
    )
    return SourceRow(entry=entry, status=status)


def status_history(
    dossier: Dossier, *, entry: SourceEntry | None = None
) -> QuerySet[SourceStatusChange]:
    qs = SourceStatusChange.objects.filter(dossier=dossier).select_related(
        "entry__source", "set_by"
    )
    if entry is not None:
        qs = qs.filter(entry=entry)
    return qs.order_by("-date", "-recorded_at", "-id")


def findings_by_question(dossier: Dossier) -> dict[int, Finding]:
    return {
        f.question.number: f
        for f in Finding.objects.filter(dossier=dossier).select_related("question", "updated_by")
    }


def finding_version(dossier: Dossier, question: Question) -> int:
    """The stored version of one question's findings (0: nothing written yet)."""
    return (
        Finding.objects.filter(dossier=dossier, question=question)
        .values_list("version", flat=True)
        .first()
        or 0
    )


def pins_by_question(dossier: Dossier) -> dict[int, list[DossierPin]]:
    result: dict[int, list[DossierPin]] = {}
    for pin in DossierPin.objects.filter(dossier=dossier).select_related("question", "pinned_by"):
        result.setdefault(pin.question.number, []).append(pin)
    return result


@dataclass(frozen=True)
class QuestionSection:
    """One of the six questions in a dossier: its share of the information position, the
    findings (None: nothing written yet), what other modules pinned to it and, when asked for,
    its recommended sources."""

    question: Question
    share: Share
    finding: Finding | None
    pins: list[DossierPin]
    rows: list[SourceRow]


def question_sections(
    dossier: Dossier, position: InformationPosition, rows: Sequence[SourceRow] = ()
) -> list[QuestionSection]:
    """The questions of the dossier page, its API and the koersnotitie; ``rows`` (from
    ``source_rows``) are handed out to the questions they help answer."""
    findings = findings_by_question(dossier)
    pins = pins_by_question(dossier)
    return [
        QuestionSection(
            question,
            share,
            findings.get(question.number),
            pins.get(question.number, []),
            [r for r in rows if question.number in r.question_numbers],
        )
        for question, share in zip(questions(), position.by_question, strict=False)
    ]


def suggested_practices(dossier: Dossier) -> list[Practice]:
    """Practice examples of the dossier's theme, plus any already linked from elsewhere."""
    linked = set(dossier.practices.values_list("pk", flat=True))
    return list(
        (Practice.objects.filter(themes=dossier.theme_id) | Practice.objects.filter(pk__in=linked))
        .distinct()
        .order_by("title")
    )


def suggested_instruments(dossier: Dossier) -> list[Instrument]:
    linked = set(dossier.instruments.values_list("pk", flat=True))
    return list(
        (
            Instrument.objects.filter(themes=dossier.theme_id)
            | Instrument.objects.filter(pk__in=linked)
        )
        .distinct()
        .prefetch_related("questions")
        .order_by("name")
    )


# --- Information position -------------------------------------------------------------------


# Short plural labels for the charts and tables (the model's labels are long).
KIND_LABELS = {
    Source.Kind.PARTNER.value: "Partners",
    Source.Kind.REGISTRATIE.value: "Registraties en databases",
    Source.Kind.PUBLICATIE.value: "Publicaties en websites",
}


@dataclass(frozen=True)
class Share:
    """Recommended sources tapped ("informatie ontvangen" or better) out of all recommended."""

    key: str
    label: str
    reached: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.reached / self.total) if self.total else None

    @property
    def ratio(self) -> float:
        return self.reached / self.total if self.total else 0.0

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "reached": self.reached,
            "total": self.total,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class HistoryPoint:
    date: date
    overall: Share
    by_question: tuple[Share, ...]

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "overall": self.overall.as_dict(),
            "by_question": [s.as_dict() for s in self.by_question],
        }


@dataclass(frozen=True)
class InformationPosition:
    at: date | None
    overall: Share
    by_question: tuple[Share, ...]
    by_kind: tuple[Share, ...]
    by_origin: tuple[Share, ...]
    history: tuple[HistoryPoint, ...]
    status_counts: tuple[tuple[str, str, int], ...]

    def for_question(self, number: int) -> Share | None:
        return next((s for s in self.by_question if s.key == str(number)), None)

    def as_dict(self) -> dict:
        return {
            "at": self.at.isoformat() if self.at else None,
            "overall": self.overall.as_dict(),
            "by_question": [s.as_dict() for s in self.by_question],
            "by_kind": [s.as_dict() for s in self.by_kind],
            "by_origin": [s.as_dict() for s in self.by_origin],
            "status_counts": [
                {"status": c, "label": label, "count": n} for c, label, n in self.status_counts
            ],
            "history": [p.as_dict() for p in self.history],
        }


@dataclass(frozen=True)
class _Entry:
    pk: int
    kind: str
    internal: bool
    questions: frozenset[int]


def _shares(
    entries: list[_Entry], state: dict[int, str], questions: list[Question]
) -> tuple[Share, tuple[Share, ...]]:
    tapped = {e.pk for e in entries if state.get(e.pk) in TAPPED}
    overall = Share("overall", "Totaal", len(tapped), len(entries))
    by_question = []
    for q in questions:
        members = [e.pk for e in entries if q.number in e.questions]
        by_question.append(
            Share(
                str(q.number),
                f"Vraag {q.number}",
                sum(1 for pk in members if pk in tapped),
                len(members),
            )
        )
    return overall, tuple(by_question)


def information_position(dossier: Dossier, at: date | None = None) -> InformationPosition:
    """The share of recommended sources at "informatie ontvangen" or better — overall, per
    question, per source kind and internal/external — now (``at=None``) or as it stood at the end
    of day ``at``, plus its history: one point per date on which a status changed."""
    question_list = list(questions())
    entries = [
        _Entry(
            e.pk, e.source.kind, e.source.internal, frozenset(q.number for q in e.questions.all())
        )
        for e in recommended_entries(dossier)
    ]
    entry_ids = {e.pk for e in entries}
    changes = list(
        SourceStatusChange.objects.filter(dossier=dossier, entry_id__in=entry_ids)
        .order_by("date", "recorded_at", "id")
        .values_list("entry_id", "status", "date")
    )
    if at is not None:
        changes = [c for c in changes if c[2] <= at]

    # Replay the change log once, keeping the tapped counts up to date incrementally, and take a
    # snapshot at the end of every date: O(changes), not O(dates x sources).
    history: list[HistoryPoint] = []
    state: dict[int, str] = {}
    by_pk = {e.pk: e for e in entries}
    totals = {q.number: sum(1 for e in entries if q.number in e.questions) for q in question_list}
    reached = dict.fromkeys(totals, 0)
    reached_overall = 0
    for i, (entry_id, status, day) in enumerate(changes):
        was, now = state.get(entry_id) in TAPPED, status in TAPPED
        state[entry_id] = status
        if was != now:
            step = 1 if now else -1
            reached_overall += step
            for number in by_pk[entry_id].questions:
                reached[number] += step
        if i + 1 == len(changes) or changes[i + 1][2] != day:
            history.append(
                HistoryPoint(
                    day,
                    Share("overall", "Totaal", reached_overall, len(entries)),
                    tuple(Share(str(n), f"Vraag {n}", reached[n], totals[n]) for n in totals),
                )
            )

    if at is None:
        # The current table is the truth (it also holds statuses of rows whose history predates
        # this module's history table, if any).
        state = dict(
            SourceStatus.objects.filter(dossier=dossier, entry_id__in=entry_ids).values_list(
                "entry_id", "status"
            )
        )
    overall, by_question = _shares(entries, state, question_list)
    tapped = {pk for pk, s in state.items() if s in TAPPED}

    by_kind = []
    for code, label in KIND_LABELS.items():
        members = [e.pk for e in entries if e.kind == code]
        by_kind.append(Share(code, label, sum(1 for pk in members if pk in tapped), len(members)))
    by_origin = []
    for internal, label in ((True, "Intern (eigen gemeente)"), (False, "Extern")):
        members = [e.pk for e in entries if e.internal is internal]
        by_origin.append(
            Share(
                "intern" if internal else "extern",
                label,
                sum(1 for pk in members if pk in tapped),
                len(members),
            )
        )
    counts = {code: 0 for code in Status.values}
    for e in entries:
        counts[state.get(e.pk, Status.NIET_BENADERD.value)] += 1
    status_counts = tuple((code, Status(code).label, counts[code]) for code in Status.values)
    return InformationPosition(
        at=at,
        overall=overall,
        by_question=by_question,
        by_kind=tuple(by_kind),
        by_origin=tuple(by_origin),
        history=tuple(history),
        status_counts=status_counts,
    )
