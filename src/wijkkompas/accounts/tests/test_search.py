"""Search across my own work: exhaustive over demo users × kinds × every object of the kind
(in every tenant), a result appears exactly when the policy lets the user see the object;
signal and case searches are audited with the ids shown; persons are never ranked."""

import pytest
from django.urls import reverse

from wijkkompas.accounts import audit_shred, policy
from wijkkompas.accounts.models import AuditEvent
from wijkkompas.barriers.models import BarrierModel
from wijkkompas.core import finder
from wijkkompas.dossiers.models import Dossier
from wijkkompas.fieldwork.models import Campaign
from wijkkompas.programmes.models import Programme
from wijkkompas.signals.models import Case, Signal

pytestmark = pytest.mark.django_db

# kind code: (all objects of the kind, text to search for, its URL, policy type)
KINDS = {
    "dossier": (
        lambda: Dossier.objects.select_related("theme"),
        lambda o: o.theme.name,
        lambda o: reverse("dossiers:detail", args=[o.pk]),
        "dossier",
    ),
    "barrier_model": (
        lambda: BarrierModel.objects.filter(parent_step__isnull=True),
        lambda o: o.title,
        lambda o: reverse("barriers:detail", args=[o.pk]),
        "barrier_model",
    ),
    "programme": (
        lambda: Programme.objects.all(),
        lambda o: o.title,
        lambda o: reverse("programmes:detail", args=[o.pk]),
        "programme",
    ),
    "campaign": (
        lambda: Campaign.objects.all(),
        lambda o: o.name,
        lambda o: o.get_absolute_url(),
        "campaign",
    ),
    "signal": (
        lambda: Signal.objects.all(),
        lambda o: str(o.pk),
        lambda o: o.get_absolute_url(),
        "signal",
    ),
    "case": (
        lambda: Case.objects.all(),
        lambda o: str(o.pk),
        lambda o: o.get_absolute_url(),
        "case",
    ),
}


def _urls(user, query, kind):
    groups = finder.search(user, query, limit=10_000, kind=kind)
    return {r.url for g in groups for r in g.results}


def test_every_kind_is_registered():
    assert {k.code for k in finder.kinds()} == {*KINDS, "knowledge"}


def test_search_finds_exactly_what_the_policy_shows(full_demo):
    checked = 0
    problems = []
    for code, (objects, text, url, object_type) in KINDS.items():
        everything = list(objects())
        assert everything, f"the demo has no {code}"
        for user in full_demo.values():
            for obj in everything:
                found = url(obj) in _urls(user, text(obj), code)
                allowed = policy.can(user, "list", object_type, obj)
                checked += 1
                if found != allowed:
                    problems.append((user.username, code, obj.pk, found, allowed))
    assert problems == []
    assert checked > 200


def test_someone_sees_each_kind_and_another_tenant_sees_none(full_demo):
    oov, other = full_demo["oov"], full_demo["oov-buur"]
    for code, (objects, text, url, object_type) in KINDS.items():
        obj = next(o for o in objects() if policy.can(oov, "list", object_type, o))
        assert url(obj) in _urls(oov, text(obj), code), code
        assert _urls(other, text(obj), code) == set(), code


def test_signal_and_case_searches_are_audited_with_the_ids_shown(full_demo, client_for):
    user = full_demo["regisseur"]
    signal = Signal.objects.filter(tenant=user.tenant).first()
    before = AuditEvent.objects.count()
    response = client_for(user).get(reverse("accounts:search"), {"q": str(signal.pk)})
    assert response.status_code == 200
    assert signal.get_absolute_url() in response.content.decode()
    rows = AuditEvent.objects.filter(
        actor_id=user.pk, action__in=["signal_searched", "case_searched"]
    )
    assert {r.action for r in rows} == {"signal_searched", "case_searched"}
    signal_row = rows.get(action="signal_searched")
    assert audit_shred.readable(signal_row)[1]["ids"] == [signal.pk]
    assert AuditEvent.objects.count() > before
    # Also a search that finds nothing leaves its row: the attempt itself is a read.
    client_for(user).get(reverse("accounts:search"), {"q": "zzzgeenresultaat"})
    assert rows.filter(action="signal_searched").count() == 2


def test_users_without_signal_rights_leave_no_signal_search_row(full_demo, client_for):
    user = full_demo["bestuurder"]
    client_for(user).get(reverse("accounts:search"), {"q": "1"})
    assert not AuditEvent.objects.filter(actor_id=user.pk, action="signal_searched").exists()


def test_records_are_ordered_by_date_never_by_relevance(full_demo):
    user = full_demo["regisseur"]
    word = "jongeren"
    groups = {g.kind.code: g for g in finder.search(user, word, limit=1000)}
    assert groups["signal"].kind.records and groups["signal"].total > 1
    expected = [
        s.get_absolute_url()
        for s in finder.text_match(
            policy.visible(user, "list", "signal", Signal.objects.all()),
            word,
            ("description", "location", "category__name"),
        ).order_by("-received_at", "-pk")
    ]
    assert [r.url for r in groups["signal"].results] == expected


def test_documents_rank_a_title_match_first(full_demo):
    user = full_demo["oov"]
    model = BarrierModel.objects.filter(tenant=user.tenant, parent_step__isnull=True).first()
    group = finder.search(user, model.title, kind="barrier_model")[0]
    assert group.results[0].url == reverse("barriers:detail", args=[model.pk])


def test_the_page_groups_results_and_handles_odd_input(full_demo, client_for):
    client = client_for(full_demo["oov"])
    html = client.get(reverse("accounts:search"), {"q": "jonge aanwas"}).content.decode()
    assert "Kennisbank (" in html and "<h1>Zoeken in uw werk</h1>" in html
    for odd in ("", "   ", "%", "x" * 5000, "<script>", "\x00", "a\x00b", "\x7f", "12\t34"):
        response = client.get(reverse("accounts:search"), {"q": odd, "soort": "onbekend"})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[1]
    assert client.get(reverse("accounts:search")).status_code == 200


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("accounts:search"), {"q": "1"})
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
