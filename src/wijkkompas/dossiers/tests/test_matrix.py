"""The authorization matrix of the themadossier's pages: every demo role of the dossier's own
municipality, and an OOV-adviseur of another one, × every page and edit, over HTTP. The table is
the specification: the Word document follows the same policy as the PDF (``export``), writing the
summary and advice the same as the other dossier edits (``edit``)."""

import pytest
from django.urls import reverse

from wijkkompas.dossiers.models import Dossier

pytestmark = pytest.mark.django_db

READERS = {"oov": 200, "beheerder": 200, "bestuurder": 200, "regisseur": 200, "analist": 200}
# Roles without any dossier rule do not see the dossier at all: 404, as for another tenant.
REFUSED = {"jongerenwerker": 404, "wijkagent": 404, "corporatie": 404, "redacteur": 404}
OTHER = {"oov-buur": 404}
READ = {**READERS, **REFUSED, **OTHER}
WRITE = {
    "oov": 302,
    **{name: 403 for name in READERS if name != "oov"},
    **REFUSED,
    **OTHER,
}

CASES = {
    "detail": ("get", "dossiers:detail", [], {}, READ),
    "sources": ("get", "dossiers:sources", [], {}, READ),
    "question": ("get", "dossiers:question", [4], {}, READ),
    "pdf": ("get", "dossiers:koersnotitie_pdf", [], {}, READ),
    "docx": ("get", "dossiers:koersnotitie_docx", [], {}, READ),
    "markdown": ("get", "dossiers:koersnotitie_markdown", [], {}, READ),
    "summary": (
        "post",
        "dossiers:summary",
        [],
        {"summary": "Samenvatting", "advice": "Advies", "version": "1"},
        WRITE,
    ),
    "next_steps": ("post", "dossiers:next_steps", [], {"next_steps": "x", "version": "1"}, WRITE),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_role_gets_what_the_policy_says(demo, dossier, client_for, case):
    method, name, args, data, expected = CASES[case]
    assert set(expected) == set(demo), "every demo user is in the table"
    outcomes = {}
    for username, user in demo.items():
        response = getattr(client_for(user), method)(reverse(name, args=[dossier.pk, *args]), data)
        outcomes[username] = response.status_code
        if response.status_code == 302 and method == "post":  # put the dossier back as it was
            Dossier.objects.filter(pk=dossier.pk).update(version=1, summary="", next_steps="")
    assert outcomes == expected


def test_word_document_follows_the_pdf_policy(demo, dossier, client_for):
    """Whoever may (not) have the PDF gets the same answer for the Word document."""
    for user in demo.values():
        client = client_for(user)
        pdf = client.get(reverse("dossiers:koersnotitie_pdf", args=[dossier.pk])).status_code
        word = client.get(reverse("dossiers:koersnotitie_docx", args=[dossier.pk])).status_code
        assert (user.username, word) == (user.username, pdf)
