"""No names in URLs (issue 19.4) and only counts the viewer may see (issue 19.5): the AVG art. 15
lookup is a POST form, every person form posts, and a user who sees 1 of a person's 3 signals
finds no number that gives the other 2 away — not on the person list, the case page, its
timeline or the timeline export."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from wijkkompas.accounts import policy
from wijkkompas.accounts.roles import Role
from wijkkompas.signals import selectors, services
from wijkkompas.signals.models import DataClass, Subject
from wijkkompas.signals.tests.factories import CategoryFactory, build_world, grant, record_signal

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "signals"
PERSON_FIELDS = re.compile(r'name="(name|birth_date|reason|subject_name|subject_birth_date)"')


def test_the_access_request_is_a_post_form_with_csrf(client_for):
    w = build_world()
    beheerder = w.user(Role.BEHEERDER, "own")
    client = client_for(beheerder)
    page = client.get("/signalen/inzageverzoek/").content.decode()
    # the page's own form, not the header's search box
    form = next(f for f in re.findall(r"<form[^>]*>", page) if 'role="search"' not in f)
    assert 'method="post"' in form and "csrfmiddlewaretoken" in page
    assert "Inzageverzoek (AVG art. 15)" in page and "Zoeken" in page
    # A name in the URL is not a search: the page stays an empty form.
    in_url = client.get(
        "/signalen/inzageverzoek/", {"name": "Test Jongere", "birth_date": "2010-01-02"}
    )
    assert in_url.status_code == 200 and "Test Jongere" not in in_url.content.decode()
    found = client.post(
        "/signalen/inzageverzoek/", {"name": "Test Jongere", "birth_date": "2010-01-02"}
    )
    assert found.status_code == 302
    assert found["Location"].endswith(f"/personen/{w.person.pk}/inzage/")
    missing = client.post(
        "/signalen/inzageverzoek/", {"name": "Niemand", "birth_date": "2010-01-02"}
    )
    assert "Er zijn geen gegevens gevonden over deze persoon" in missing.content.decode()
    assert "Niemand" not in missing.wsgi_request.get_full_path()


def test_the_access_request_refuses_a_post_without_csrf():
    from django.test import Client

    w = build_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.user(Role.BEHEERDER, "own"))
    session = client.session
    session["otp_verified"] = True
    session.save()
    response = client.post(
        "/signalen/inzageverzoek/", {"name": "Test Jongere", "birth_date": "2010-01-02"}
    )
    assert response.status_code == 403


def test_every_signals_form_with_person_fields_posts():
    """A template form that names a person, a birth date or a reason is a POST form."""
    offenders = []
    for template in TEMPLATES.glob("*.html"):
        for form in re.findall(r"<form\b.*?</form>", template.read_text(), flags=re.S):
            opening = re.match(r"<form[^>]*>", form).group(0)
            if PERSON_FIELDS.search(form) and 'method="post"' not in opening:
                offenders.append(template.name)
            if 'method="get"' in opening and PERSON_FIELDS.search(form):
                offenders.append(template.name)
    assert not offenders, offenders


def _one_of_three(w):
    """Person X with 3 signals in one case; the partner's professional sees only 1 of them
    (the other 2 are in a category the partner has no grant for)."""
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    hidden_category = CategoryFactory(tenant=w.tenant_a, code="cat-verborgen", name="Verborgen")
    for role in (Role.PROCESREGISSEUR, Role.PROFESSIONAL, Role.OOV_ADVISEUR):
        grant(hidden_category, w.orgs["own"], role)
    first = record_signal(
        regisseur,
        w.category,
        description="Zichtbaar signaal",
        subject=services.SubjectInput(
            kind="persoon", name="Xander Proef", birth_date=date(2011, 5, 6)
        ),
    )
    person = Subject.objects.get(pk=first.subject_id)
    hidden = [
        record_signal(
            regisseur,
            hidden_category,
            description=f"Verborgen signaal {i}",
            subject=services.SubjectInput(kind="persoon", pseudonym=person.pseudonym),
        )
        for i in (1, 2)
    ]
    case = services.create_case(
        actor=regisseur,
        title="Casus X",
        summary="",
        category=w.category,
        data_class=DataClass.PERSOONSGEGEVENS,
        partners=[w.orgs["partner"]],
        signals=[first, *hidden],
    )
    viewer = w.user(Role.PROFESSIONAL, "partner")
    assert selectors.signals_visible_to(viewer).filter(subject=person).count() == 1
    assert person.signals.count() == 3 and case.signals.count() == 3
    return person, case, viewer


def test_person_list_counts_only_the_signals_the_viewer_sees(client_for):
    w = build_world()
    person, _case, viewer = _one_of_three(w)
    assert selectors.persons_visible_to(viewer).get(pk=person.pk).signal_count == 1
    page = client_for(viewer).get("/signalen/personen/").content.decode()
    row = re.search(rf'<tr data-id="{person.pk}">.*?</tr>', page, flags=re.S).group(0)
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["1"]  # no 3 anywhere a count is
    # The regisseur, who sees all three, gets the full count.
    regisseur = w.user(Role.PROCESREGISSEUR, "own")
    assert selectors.persons_visible_to(regisseur).get(pk=person.pk).signal_count == 3


def test_case_page_and_timeline_reveal_no_hidden_signals(client_for):
    w = build_world()
    _person, case, viewer = _one_of_three(w)
    client = client_for(viewer)
    response = client.get(f"/signalen/casussen/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", page)
    assert not re.search(r"\b2\s+signa", text), "the number of hidden signals is shown"
    assert "niet met uw organisatie gedeeld" not in text
    assert text.count("ontvangen") == 1  # one timeline entry: the visible signal
    assert "Verborgen signaal" not in text
    timeline = selectors.case_timeline(viewer, case)
    assert [e.kind for e in timeline].count("signaal") == 1
    if policy.can(viewer, "export", "case", case):
        csv = client.get(f"/signalen/casussen/{case.pk}/tijdlijn.csv").content.decode()
        assert csv.count("ontvangen") == 1
