"""Persons: the pseudonym list, opening a record (with a reason, audited), corrections of the
identifying fields, and the controller's AVG art. 15 access request and export."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wijkkompas.accounts import policy
from wijkkompas.core.forms import initial_from, picked
from wijkkompas.signals import selectors, services
from wijkkompas.signals.forms import AccessRequestForm, PersonEditForm, ReasonForm
from wijkkompas.signals.views.common import edit_page, form_page, list_page


def person_list(request):
    return list_page(request, "person", selectors.persons_visible_to, "signals/person_list.html")


def person_detail(request, pk: int):
    """GET asks for the reason; POST with the reason shows the record (and audits it)."""
    user = request.user
    person = selectors.get_person_for_view(user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        return render(
            request,
            "signals/person_detail.html",
            {
                "record": selectors.person_record(user, person, reason=reason),
                "reason": reason,
                "may_edit": policy.can(user, "edit", "person", person),
                "may_export": policy.can(user, "export", "person", person),
            },
        )
    return render(request, "signals/person_reason.html", {"person": person, "form": form})


def person_edit(request, pk: int):
    user = request.user
    person = selectors.get_person_for_edit(user, pk)
    # The form names the version read here; after a conflict it keeps the user's input, says
    # someone else changed the person (409) and holds the stored version (``edit_page``).
    form = PersonEditForm(request.POST or None, initial=initial_from(person))
    return edit_page(
        request,
        form,
        lambda d: services.update_person(actor=user, person=person, **d),
        versioned=person,
        saved="Identificerende gegevens bijgewerkt.",
        title=f"Gegevens van {person.pseudonym} corrigeren",
        intro="Vul de juiste gegevens in. Ze worden versleuteld opgeslagen; de wijziging wordt met reden gelogd.",
        back=reverse("signals:person_list"),
        then="signals:person_list",
    )


def person_export(request, pk: int):
    """AVG art. 15 access export for the controller's beheerder (JSON download)."""
    user = request.user
    person = selectors.get_person_for_export(user, pk)
    form = ReasonForm(request.POST or None, initial={"reason": "Inzageverzoek AVG art. 15"})
    if request.method == "POST" and form.is_valid():
        data = selectors.access_export(user, person, reason=form.cleaned_data["reason"])
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="inzage-{person.pseudonym}.json"'
        return response
    return form_page(
        request,
        form,
        title=f"Inzageverzoek (AVG art. 15) voor {person.pseudonym}",
        intro="Maakt een overzicht van alle gegevens over deze persoon, met doel, grondslag, ontvangers, bewaartermijn en wie het dossier heeft ingezien.",
        submit="Overzicht downloaden",
        back=reverse("signals:index"),
    )


def access_request(request):
    """The controller's beheerder finds a person for an AVG art. 15 request by pseudonym, or by
    name and birth date (matched through the keyed index, nothing is decrypted). A POST form:
    a name and birth date never travel in the URL (and so never in an access log or history)."""
    user = request.user
    policy.require(user, "export", "person")
    form = AccessRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        person = selectors.find_person_for_export(
            user,
            **picked(d, "pseudonym", "name", "birth_date"),
        )
        if person is not None:
            return redirect("signals:person_export", pk=person.pk)
        form.add_error(
            None,
            "Er zijn geen gegevens gevonden over deze persoon. Dat kunt u zo aan de aanvrager melden.",
        )
    return form_page(
        request,
        form,
        title="Inzageverzoek (AVG art. 15)",
        submit="Zoeken",
        intro="Zoek op pseudoniem, of op naam en geboortedatum zoals de aanvrager die opgeeft.",
        back=reverse("signals:index"),
    )
