"""The koersnotitie (course memo) for the mayor and council: one context for the PDF, the Word
document and the Markdown export, so all three say the same thing — and the suggestion for its
summary and advice, assembled from the dossier for the adviseur to take over and edit."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from wijkkompas.dossiers import charts as svg
from wijkkompas.dossiers import selectors
from wijkkompas.dossiers.models import Dossier, DossierPin

# Below this share a question's information position is named as a gap in the suggestion.
WEAK_SHARE = 0.5
SUGGESTION_LABEL = "Voorstel, samengesteld uit de gegevens van het dossier"
EMPTY_SLOT_ADVICE = {
    DossierPin.Kind.AREA_FIGURE: "onderbouw het lokale beeld met cijfers of een kaart uit het "
    "wijkbeeld (nog niets vastgepind)",
    DossierPin.Kind.BARRIER_MODEL: "koppel het barrièremodel van de lokale aanpak (nog niets "
    "gekoppeld)",
}


def charts(position: selectors.InformationPosition) -> dict:
    return {
        "questions": svg.bar_chart(
            position.by_question, chart_id="ip-vragen", title="Informatiepositie per vraag"
        ),
        "kinds": svg.bar_chart(
            (*position.by_kind, *position.by_origin, position.overall),
            chart_id="ip-soorten",
            title="Informatiepositie per soort bron",
        ),
        "history": svg.history_chart(
            position.history, chart_id="ip-verloop", title="Verloop van de informatiepositie"
        ),
    }


@dataclass(frozen=True)
class Suggestion:
    """A summary and advice built from the dossier's data only (no free invention): the same
    dossier gives the same text."""

    summary: str
    advice: str
    label: str = SUGGESTION_LABEL


def _share_text(share: selectors.Share) -> str:
    if not share.total:
        return "geen aanbevolen bronnen"
    return f"{share.percent}% ({share.reached} van {share.total} aanbevolen bronnen)"


def _first_sentence(markdown_text: str) -> str:
    """The first sentence of a finding, without Markdown marks, as a line of the summary."""
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    plain = re.sub(r"^\s*(#+|[-*+]|\d+\.)\s+", "", plain, flags=re.MULTILINE)
    plain = " ".join(plain.replace("**", "").replace("__", "").split())
    match = re.match(r"(.+?[.!?])(\s|$)", plain)
    return match.group(1) if match else plain


def _numbers(items: list[int]) -> str:
    if len(items) == 1:
        return f"vraag {items[0]}"
    return "de vragen " + ", ".join(str(n) for n in items[:-1]) + f" en {items[-1]}"


def suggest(dossier: Dossier) -> Suggestion:
    """Summary: the information position, the answered questions with the first sentence of each
    finding, the key figures pinned from the wijkbeeld. Advice: the open gaps — questions without
    findings, questions whose information position is weak (with the sources not yet tapped),
    nothing pinned where another module plugs in."""
    position = selectors.information_position(dossier)
    rows = selectors.source_rows(dossier)
    sections = selectors.question_sections(dossier, position, rows)
    answered = [s for s in sections if s.finding and s.finding.text.strip()]
    open_questions = [s.question.number for s in sections if s not in answered]
    figures = [p for s in sections for p in s.pins if p.kind == DossierPin.Kind.AREA_FIGURE]

    summary = [
        f"De informatiepositie van {dossier.tenant.name} op het thema {dossier.theme.name} is "
        f"{_share_text(position.overall)} aangeboord.",
        "",
    ]
    if answered:
        summary += [f"Beantwoord ({len(answered)} van {len(sections)} vragen):", ""]
        summary += [
            f"- Vraag {s.question.number}: {_first_sentence(s.finding.text)}" for s in answered
        ]
    else:
        summary.append("Nog geen van de vragen is beantwoord met bevindingen.")
    if figures:
        summary += ["", "Kerncijfers uit het wijkbeeld:", ""]
        summary += [f"- {p.title}" + (f": {p.note}" if p.note else "") for p in figures]

    advice = []
    if open_questions:
        advice.append(f"- Leg bevindingen vast bij {_numbers(open_questions)}.")
    for s in sections:
        if s.share.total and s.share.ratio < WEAK_SHARE:
            missing = [r.entry.source.name for r in s.rows if not r.tapped]
            sources = "bron" if s.share.total == 1 else "bronnen"
            advice.append(
                f"- Versterk de informatiepositie bij vraag {s.question.number}: "
                f"{s.share.reached} van {s.share.total} aanbevolen {sources} aangeboord "
                f"({s.share.percent}%); nog niet aangeboord: {', '.join(missing)}."
            )
    for number, slot in selectors.PLUGIN_SLOTS.items():
        section = next((s for s in sections if s.question.number == number), None)
        if section and not any(p.kind == slot["kind"] for p in section.pins):
            advice.append(f"- Vraag {number}: {EMPTY_SLOT_ADVICE[slot['kind']]}.")
    if not advice:
        advice.append("- Alle vragen zijn beantwoord en de informatiepositie is op orde.")
    return Suggestion(summary="\n".join(summary).strip(), advice="\n".join(advice))


def context(dossier: Dossier, *, author: Any = None) -> dict:
    position = selectors.information_position(dossier)
    rows = selectors.source_rows(dossier)
    instruments = list(dossier.instruments.prefetch_related("questions"))
    sections = [
        {
            **vars(section),
            "instruments": [i for i in instruments if section.question in i.questions.all()],
            "tapped": [r for r in section.rows if r.tapped],
        }
        for section in selectors.question_sections(dossier, position, rows)
    ]
    return {
        "dossier": dossier,
        "theme": dossier.theme,
        "tenant": dossier.tenant,
        "position": position,
        "charts": charts(position),
        "sections": sections,
        "figure_pins": [
            p for s in sections for p in s["pins"] if p.kind == DossierPin.Kind.AREA_FIGURE
        ],
        "rows": sorted(rows, key=lambda r: (-r.rank, r.entry.source.name)),
        "practices": list(dossier.practices.all()),
        "instruments": instruments,
        "generated_at": timezone.localtime(),
        "author": author,
    }


def markdown(dossier: Dossier, *, author: Any = None) -> str:
    return render_to_string("dossiers/koersnotitie.md", context(dossier, author=author))


def filename(dossier: Dossier, extension: str) -> str:
    day = timezone.localdate().isoformat()
    return f"koersnotitie-{slugify(dossier.tenant.name)}-{dossier.theme.slug}-{day}.{extension}"
