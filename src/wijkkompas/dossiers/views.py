"""Thin views of the themadossier: parse input, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.forms import initial_from, submit, without_version
from wijkkompas.core.pdf import render_pdf
from wijkkompas.dossiers import koersnotitie, selectors, services
from wijkkompas.dossiers import koersnotitie_docx as word
from wijkkompas.dossiers.forms import (
    FindingForm,
    LinksForm,
    NextStepsForm,
    OpenDossierForm,
    PinForm,
    SourceStatusForm,
    SummaryForm,
)
from wijkkompas.dossiers.models import DossierPin, Status


def _errors_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return " ".join(m for msgs in exc.message_dict.values() for m in msgs)
    return " ".join(exc.messages)


def _url_or_none(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def index(request):
    policy.require(request.user, "list", "dossier")
    dossiers = list(selectors.dossiers_visible_to(request.user))
    rows = [(d, selectors.information_position(d).overall) for d in dossiers]
    can_open = policy.can(request.user, "create", "dossier")
    themes = selectors.themes_without_dossier(request.user) if can_open else []
    return render(
        request, "dossiers/index.html", {"rows": rows, "themes": themes, "can_open": can_open}
    )


@require_POST
def open_dossier(request):
    form = OpenDossierForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een thema om een dossier voor te openen.")
        return redirect("dossiers:index")
    theme = selectors.get_theme(form.cleaned_data["theme"])
    try:
        dossier = services.open_dossier(actor=request.user, tenant=request.user.tenant, theme=theme)
    except ValidationError as exc:
        messages.error(request, _errors_text(exc))
        return redirect("dossiers:index")
    messages.success(request, f"Themadossier '{theme.name}' is geopend.")
    return redirect("dossiers:detail", pk=dossier.pk)


def _reloaded_version(obj) -> int:
    """For ``core.forms.submit`` after a conflict: the page shows what is stored now."""
    obj.refresh_from_db()
    return obj.version


def _submit(
    request,
    form,
    service: Callable[..., Any],
    *,
    fields: Callable[[dict[str, Any]], dict[str, Any]] = without_version,
    current_version: Callable[[], int | None] | None = None,
    done: str,
    target: str,
    page: str,
    context: Callable[[Any, bool], dict],
) -> HttpResponse:
    """An edit form of the dossier through ``core.forms.submit``. ``service`` is called with the
    acting user, ``fields(cleaned_data)`` and, when the form carries one, the version as
    ``expected_version``. Saved: ``done`` as a message and a redirect to ``target``; otherwise
    ``page`` again with ``context(form, conflict)``, answered 409 after a conflict, 400 for invalid
    input."""

    def save(data: dict[str, Any]) -> Any:
        version = {"expected_version": data["version"]} if "version" in data else {}
        return service(actor=request.user, **fields(data), **version)

    saved, status = submit(form, save, current_version=current_version)
    if saved is not None:
        messages.success(request, done)
        return redirect(target)
    conflict = status == 409
    return render(request, page, context(form, conflict), status=409 if conflict else 400)


def _summary_form(request, dossier) -> SummaryForm:
    """The stored summary and advice, or — after "Voorstel overnemen" (``?voorstel=1``) — the
    suggestion assembled from the dossier, to edit before saving (with the version read now)."""
    initial = initial_from(dossier, "summary", "advice")
    if request.GET.get("voorstel") == "1":
        suggestion = koersnotitie.suggest(dossier)
        initial.update(summary=suggestion.summary, advice=suggestion.advice)
    return SummaryForm(initial=initial)


def _detail_context(
    request,
    dossier,
    *,
    next_steps_form=None,
    links_form=None,
    summary_form=None,
    conflict: bool = False,
) -> dict:
    position = selectors.information_position(dossier)
    can_edit = policy.can(request.user, "edit", "dossier", dossier)
    if can_edit:
        summary_form = summary_form or _summary_form(request, dossier)
        next_steps_form = next_steps_form or NextStepsForm(
            initial=initial_from(dossier, "next_steps")
        )
        links_form = links_form or _links_form(
            dossier,
            initial=initial_from(dossier, "practices", "instruments"),
        )
    return {
        "dossier": dossier,
        "position": position,
        "charts": koersnotitie.charts(position),
        "questions": selectors.question_sections(dossier, position),
        "can_edit": can_edit,
        "can_export": policy.can(request.user, "export", "dossier", dossier),
        "linked_practices": list(dossier.practices.all()),
        "linked_instruments": list(dossier.instruments.prefetch_related("questions")),
        "next_steps_form": next_steps_form,
        "links_form": links_form,
        "summary_form": summary_form,
        "suggestion": koersnotitie.suggest(dossier) if can_edit else None,
        "taking_over": request.GET.get("voorstel") == "1",
        "conflict": conflict,
    }


def _links_form(dossier, data=None, **kwargs) -> LinksForm:
    return LinksForm(
        data,
        practices=selectors.suggested_practices(dossier),
        instruments=selectors.suggested_instruments(dossier),
        **kwargs,
    )


def detail(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk)
    return render(request, "dossiers/detail.html", _detail_context(request, dossier))


@require_POST
def save_next_steps(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk, "edit")
    return _submit(
        request,
        NextStepsForm(request.POST),
        partial(services.save_next_steps, dossier=dossier),
        fields=lambda data: {"text": data["next_steps"]},
        current_version=partial(_reloaded_version, dossier),
        done="De volgende stappen zijn opgeslagen.",
        target=reverse("dossiers:detail", args=[pk]) + "#volgende-stappen",
        page="dossiers/detail.html",
        context=lambda form, conflict: _detail_context(
            request, dossier, next_steps_form=form, conflict=conflict
        ),
    )


@require_POST
def save_summary(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk, "edit")
    return _submit(
        request,
        SummaryForm(request.POST),
        partial(services.save_summary, dossier=dossier),
        current_version=partial(_reloaded_version, dossier),
        done="De samenvatting en het advies zijn opgeslagen.",
        target=reverse("dossiers:detail", args=[pk]) + "#samenvatting",
        page="dossiers/detail.html",
        context=lambda form, conflict: _detail_context(
            request, dossier, summary_form=form, conflict=conflict
        ),
    )


@require_POST
def save_links(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk, "edit")
    return _submit(
        request,
        _links_form(dossier, request.POST),
        partial(services.set_links, dossier=dossier),
        current_version=partial(_reloaded_version, dossier),
        done="De gekoppelde praktijkvoorbeelden en instrumenten zijn opgeslagen.",
        target=reverse("dossiers:detail", args=[pk]) + "#koppelingen",
        page="dossiers/detail.html",
        context=lambda form, _conflict: _detail_context(request, dossier, links_form=form),
    )


def _question_context(
    request,
    dossier,
    question,
    *,
    finding_form=None,
    conflict=None,
    row_override=None,
    pin_form=None,
) -> dict:
    can_edit = policy.can(request.user, "edit", "dossier", dossier)
    finding = selectors.findings_by_question(dossier).get(question.number)
    rows = selectors.source_rows(dossier, question=question)
    if row_override is not None:
        rows = [row_override if r.entry.pk == row_override.entry.pk else r for r in rows]
    if can_edit and finding_form is None:
        finding_form = FindingForm(
            initial={
                "text": finding.text if finding else "",
                "version": finding.version if finding else 0,
            }
        )
    position = selectors.information_position(dossier)
    slot = selectors.PLUGIN_SLOTS.get(question.number)
    pins = selectors.pins_by_question(dossier).get(question.number, [])
    instruments = [
        i
        for i in dossier.instruments.prefetch_related("questions")
        if question in i.questions.all()
    ]
    suggested = [
        i
        for i in selectors.suggested_instruments(dossier)
        if question in i.questions.all() and i not in instruments
    ]
    return {
        "dossier": dossier,
        "question": question,
        "questions": selectors.questions(),
        "rows": rows,
        "finding": finding,
        "finding_form": finding_form,
        "conflict": conflict,
        "can_edit": can_edit,
        "position": position,
        "question_share": position.for_question(question.number),
        "back": f"vraag-{question.number}",
        "here": f"Vraag {question.number}",
        "slot": slot,
        "slot_url": _url_or_none(slot["url_name"]) if slot else None,
        "slot_pins": [p for p in pins if slot and p.kind == slot["kind"]],
        "link_pins": [p for p in pins if not slot or p.kind != slot["kind"]],
        "can_pin": policy.can(request.user, "pin", "dossier", dossier),
        "pin_form": pin_form or PinForm(),
        "instruments": instruments,
        "suggested_instruments": suggested,
        "statuses": Status.choices,
        "today": timezone.localdate(),
    }


def question(request, pk: int, number: int):
    dossier = selectors.get_dossier(request.user, pk)
    return render(
        request,
        "dossiers/question.html",
        _question_context(request, dossier, selectors.get_question(number)),
    )


@require_POST
def save_finding(request, pk: int, number: int):
    dossier = selectors.get_dossier(request.user, pk, "edit")
    question_obj = selectors.get_question(number)
    return _submit(
        request,
        FindingForm(request.POST),
        partial(services.save_finding, dossier=dossier, question=question_obj),
        current_version=lambda: selectors.finding_version(dossier, question_obj),
        done=f"De bevindingen bij vraag {number} zijn opgeslagen.",
        target=reverse("dossiers:question", args=[pk, number]) + "#bevindingen",
        page="dossiers/question.html",
        context=lambda form, conflict: _question_context(
            request, dossier, question_obj, finding_form=form, conflict=conflict
        ),
    )


def sources(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk)
    return render(request, "dossiers/sources.html", _sources_context(request, dossier))


def _sources_context(request, dossier, *, row_override=None) -> dict:
    rows = selectors.source_rows(dossier)
    if row_override is not None:
        rows = [row_override if r.entry.pk == row_override.entry.pk else r for r in rows]
    return {
        "dossier": dossier,
        "rows": rows,
        "can_edit": policy.can(request.user, "edit", "dossier", dossier),
        "position": selectors.information_position(dossier),
        "history": selectors.status_history(dossier)[:200],
        "back": "bronnen",
        "here": "Bronnen en geschiedenis",
        "statuses": Status.choices,
        "today": timezone.localdate(),
    }


@require_POST
def set_source_status(request, pk: int, entry_id: int):
    """Set one source's status. With HTMX the answer is the updated row plus the refreshed
    information position (out-of-band); without JavaScript a redirect back (or the page with the
    error when the edit was stale)."""
    dossier = selectors.get_dossier(request.user, pk, "edit")
    row = selectors.get_source_row(dossier, entry_id)
    form = SourceStatusForm(request.POST)
    back = request.POST.get("back", "")
    error = ""
    status_code = 200
    if form.is_valid():
        try:
            services.set_source_status(
                actor=request.user,
                dossier=dossier,
                entry=row.entry,
                status=form.cleaned_data["status"],
                day=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except Conflict as exc:
            error, status_code = exc.detail, 409
        except ValidationError as exc:
            error, status_code = _errors_text(exc), 400
    else:
        error = " ".join(str(e) for errs in form.errors.values() for e in errs)
        status_code = 400

    fresh = selectors.source_row(dossier, entry_id)
    fresh.saved = not error  # the row says so where the user is (HTMX swaps only the row)
    if error:
        fresh.error = error
        fresh.submitted = {k: request.POST.get(k, "") for k in ("status", "date", "note")}
    question_obj = None
    if back.startswith("vraag-") and back[6:].isdigit():
        question_obj = selectors.questions().filter(number=int(back[6:])).first()

    if request.htmx:
        position = selectors.information_position(dossier)
        context = {
            "dossier": dossier,
            "row": fresh,
            "can_edit": True,
            "back": back,
            "statuses": Status.choices,
            "today": timezone.localdate(),
            "position": position,
            "question": question_obj,
            "question_share": position.for_question(question_obj.number) if question_obj else None,
            "oob": True,
        }
        # HTMX swaps only 2xx answers; the row itself carries the Dutch error message.
        return render(request, "dossiers/_status_response.html", context)

    if not error:
        messages.success(request, f"Status van '{row.entry.source.name}' opgeslagen.")
        target = (
            reverse("dossiers:question", args=[pk, question_obj.number])
            if question_obj
            else reverse("dossiers:sources", args=[pk])
        )
        return redirect(f"{target}#bron-{entry_id}")
    if question_obj:
        context = _question_context(request, dossier, question_obj, row_override=fresh)
        return render(request, "dossiers/question.html", context, status=status_code)
    return render(
        request,
        "dossiers/sources.html",
        _sources_context(request, dossier, row_override=fresh),
        status=status_code,
    )


@require_POST
def add_pin(request, pk: int, number: int):
    dossier = selectors.get_dossier(request.user, pk, "pin")
    question_obj = selectors.get_question(number)
    return _submit(
        request,
        PinForm(request.POST),
        partial(
            services.pin_item, dossier=dossier, question_number=number, kind=DossierPin.Kind.LINK
        ),
        done="De koppeling is toegevoegd.",
        target=reverse("dossiers:question", args=[pk, number]) + "#koppelingen",
        page="dossiers/question.html",
        context=lambda form, _conflict: _question_context(
            request, dossier, question_obj, pin_form=form
        ),
    )


@require_POST
def remove_pin(request, pk: int, pin_id: int):
    pin = selectors.get_pin(selectors.get_dossier(request.user, pk, "pin"), pin_id)
    number = pin.question.number
    services.unpin_item(actor=request.user, pin=pin)
    messages.success(request, f"'{pin.title}' is losgemaakt van vraag {number}.")
    return redirect(reverse("dossiers:question", args=[pk, number]) + "#koppelingen")


def koersnotitie_pdf(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk, "export")
    services.record_export(actor=request.user, dossier=dossier, fmt="pdf")
    pdf = render_pdf(
        "dossiers/koersnotitie_pdf.html", koersnotitie.context(dossier, author=request.user)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{koersnotitie.filename(dossier, "pdf")}"'
    )
    return response


def koersnotitie_markdown(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk, "export")
    services.record_export(actor=request.user, dossier=dossier, fmt="markdown")
    text = koersnotitie.markdown(dossier, author=request.user)
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{koersnotitie.filename(dossier, "md")}"'
    )
    return response


def koersnotitie_docx(request, pk: int):
    dossier = selectors.get_dossier(request.user, pk, "export")
    services.record_export(actor=request.user, dossier=dossier, fmt="docx")
    response = HttpResponse(
        word.render(dossier, author=request.user),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{koersnotitie.filename(dossier, "docx")}"'
    )
    return response
