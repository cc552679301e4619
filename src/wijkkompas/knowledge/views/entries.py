"""A source at a theme (what it offers there, for which questions): added, changed, removed by
the redactie. The entry is part of the source, so its history is the source's."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from wijkkompas.accounts import policy
from wijkkompas.core.forms import submit
from wijkkompas.knowledge import selectors, services
from wijkkompas.knowledge.forms import DeleteForm, SourceEntryForm
from wijkkompas.knowledge.views._labels import reloaded_version


@require_http_methods(["GET", "POST"])
def entry_form(request, pk: int | None = None):
    if pk is not None:
        entry, initial = selectors.get_entry_for_edit(request.user, pk), {}
    else:
        policy.require(request.user, "edit", "source")
        entry = None
        initial = selectors.new_entry_defaults(request.GET.get("thema"), request.GET.get("bron"))
    form = SourceEntryForm(request.POST or None, instance=entry, initial=initial)
    saved, status = submit(
        form,
        lambda data: services.save_source_entry(
            actor=request.user,
            source=entry.source if entry else data["source"],
            theme=data["theme"],
            offers=data["offers"],
            questions=list(data["questions"]),
            entry=entry,
            expected_version=data.get("version"),
        ),
        current_version=partial(reloaded_version, entry) if entry else None,
    )
    if saved is not None:
        messages.success(request, f"{saved.source} staat nu bij het thema {saved.theme}.")
        first = saved.questions.order_by("number").values_list("number", flat=True).first()
        anchor = f"#bron-{first}-{saved.source.slug}" if first else ""
        return redirect(saved.theme.get_absolute_url() + anchor)
    return render(
        request, "knowledge/entry_form.html", {"form": form, "entry": entry}, status=status
    )


@require_http_methods(["GET", "POST"])
def entry_delete(request, pk: int):
    entry = selectors.get_entry_for_edit(request.user, pk)
    form = DeleteForm(request.POST or None, initial={"version": entry.version, "note": "-"})
    form.fields["note"].required = False

    def remove(data: dict) -> bool:
        services.remove_source_entry(
            actor=request.user, entry=entry, expected_version=data["version"]
        )
        return True

    removed, status = submit(form, remove)
    if removed:
        messages.success(request, f"{entry.source} is weggehaald bij het thema {entry.theme}.")
        return redirect(entry.theme.get_absolute_url())
    return render(
        request, "knowledge/entry_delete.html", {"form": form, "entry": entry}, status=status
    )
