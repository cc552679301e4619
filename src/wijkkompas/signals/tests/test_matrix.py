"""The authorization matrix: every role × organisation relation × object type × action, run
against the HTML views and the API, one test case per combination and channel (the id names
object type, action, role and relation). The table below is the specification; a case fails on
any outcome that differs from it (an unexpected allow, but also an unexpected deny, which would
mean the probe itself does not work). A combination for which no view or endpoint exists is
not probed and counted as a deny: ``test_no_view_or_endpoint`` checks that it really does not
exist and that the table allows nobody, so adding one fails until it gets a probe."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from wijkkompas.accounts.roles import Role
from wijkkompas.api import api
from wijkkompas.signals import services
from wijkkompas.signals.models import Case, CaseMeeting, Escalation, Intervention, Signal, Subject

from .factories import RELATIONS, ROLES
from .matrix_support import Matrix, matrix_for_module

pytestmark = pytest.mark.django_db

F = frozenset({Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR, Role.ANALIST})
R = frozenset({Role.PROCESREGISSEUR})
RO = frozenset({Role.PROCESREGISSEUR, Role.OOV_ADVISEUR})
NONE: dict = {}

OBJECT_TYPES = ("signal", "person", "case", "meeting", "intervention", "escalation")
ACTIONS = ("list", "view", "create", "edit", "delete", "export")

# (object type, action) -> {relation: roles allowed}. Relations not named allow nobody; the
# "nonpartner" (same municipality, not in the covenant) and "other" (another municipality)
# relations never appear: they may do nothing with tenant A's objects.
EXPECTED: dict[tuple[str, str], dict[str, frozenset]] = {
    ("signal", "list"): {"own": F, "partner": F},
    ("signal", "view"): {"own": F, "partner": F},
    ("signal", "create"): {"own": F, "partner": F},
    ("signal", "edit"): {"own": R},
    ("signal", "delete"): NONE,
    ("signal", "export"): {"own": RO, "partner": RO},
    ("person", "list"): {"own": F, "partner": F},
    ("person", "view"): {"own": F, "partner": F},
    ("person", "create"): {"own": F, "partner": F},
    ("person", "edit"): {"own": R},
    ("person", "delete"): NONE,
    ("person", "export"): {"own": frozenset({Role.BEHEERDER})},
    ("case", "list"): {"own": F, "partner": F},
    ("case", "view"): {"own": F, "partner": F},
    ("case", "create"): {"own": R, "partner": R},
    ("case", "edit"): {"own": R},
    ("case", "delete"): NONE,
    ("case", "export"): {"own": R},
    ("meeting", "list"): {"own": F, "partner": F},
    ("meeting", "view"): {"own": F, "partner": F},
    ("meeting", "create"): {"own": R, "partner": R},
    ("meeting", "edit"): {"own": R},
    ("meeting", "delete"): {"own": R},
    ("meeting", "export"): {"own": F, "partner": F},
    ("intervention", "list"): {"own": F, "partner": F},
    ("intervention", "view"): {"own": F, "partner": F},
    ("intervention", "create"): {"own": R},
    ("intervention", "edit"): {"own": F},
    ("intervention", "delete"): NONE,
    ("intervention", "export"): {"own": RO, "partner": RO},
    ("escalation", "list"): {"own": RO, "partner": F},
    ("escalation", "view"): {"own": RO, "partner": F},
    ("escalation", "create"): {"own": R},
    ("escalation", "edit"): NONE,
    ("escalation", "delete"): NONE,
    ("escalation", "export"): {"own": RO, "partner": F},
}


# No view and no API endpoint exists for these: only the retention run deletes, and an
# escalation is a recorded disclosure that is never edited. (object type, action) -> the URL a
# view would have (with {pk}) and the API method and path an endpoint would have.
ABSENT: dict[tuple[str, str], tuple[str, str, str]] = {
    ("signal", "delete"): (
        "/signalen/meldingen/{pk}/verwijderen/",
        "DELETE",
        "/signals/{signal_id}",
    ),
    ("person", "delete"): (
        "/signalen/personen/{pk}/verwijderen/",
        "DELETE",
        "/persons/{person_id}",
    ),
    ("case", "delete"): ("/signalen/casussen/{pk}/verwijderen/", "DELETE", "/cases/{case_id}"),
    ("intervention", "delete"): (
        "/signalen/interventies/{pk}/verwijderen/",
        "DELETE",
        "/interventions/{intervention_id}",
    ),
    ("escalation", "delete"): (
        "/signalen/escalaties/{pk}/verwijderen/",
        "DELETE",
        "/escalations/{escalation_id}",
    ),
    ("escalation", "edit"): (
        "/signalen/escalaties/{pk}/bewerken/",
        "PATCH",
        "/escalations/{escalation_id}",
    ),
}


def expected(object_type: str, action: str, role: str, relation: str) -> bool:
    return role in EXPECTED[(object_type, action)].get(relation, frozenset())


PROBED = [
    (object_type, action, role, relation)
    for object_type, action in itertools.product(OBJECT_TYPES, ACTIONS)
    if (object_type, action) not in ABSENT
    for role, relation in itertools.product(ROLES, RELATIONS)
]


def _case_id(case: tuple) -> str:
    object_type, action, role, relation = case
    return f"{object_type}.{action}-{role}-{relation}"


# --- probes: each returns True when the action was allowed -------------------------------------------

_seq = itertools.count()


def _fresh_meeting(w) -> CaseMeeting:
    return services.create_meeting(
        actor=w.user(Role.PROCESREGISSEUR, "own"),
        title="Te annuleren overleg",
        starts_at=timezone.now() + timedelta(days=9),
        participants=[w.orgs["partner"]],
    )


def _local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _signal_form(w, person: bool) -> dict:
    n = next(_seq)
    data = {
        "category": w.category.pk,
        "description": f"Waarneming {n}",
        "observed_at": _local(timezone.now() - timedelta(hours=1)),
        "basis": "feit",
        "observation": "eigen",
        "urgency": "normaal",
        "location": "Plein",
    }
    if person:
        data.update(
            {
                "subject_kind": "persoon",
                "subject_name": f"Persoon Nummer{n}",
                "subject_birth_date": f"2009-05-0{n % 9 + 1}",
            }
        )
    return data


def _signal_json(w, person: bool) -> dict:
    n = next(_seq)
    data = {
        "category": w.category.code,
        "description": f"API-waarneming {n}",
        "observed_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "basis": "feit",
        "observation": "eigen",
    }
    if person:
        data["subject"] = {
            "kind": "persoon",
            "name": f"Api Persoon{n}",
            "birth_date": f"2008-03-0{n % 9 + 1}",
        }
    return data


def _created(model, tenant, before: int, response, ok_codes) -> bool:
    return (
        response.status_code in ok_codes
        and model.objects.filter(tenant=tenant).count() == before + 1
    )


def view_probe(c: Client, w, object_type: str, action: str) -> bool | None:
    """Returns True (allowed), False (denied) or None (no such view: denied by absence)."""
    s, p, k, m, i, e = w.signal, w.person, w.case, w.meeting, w.intervention, w.escalation
    listing = {
        "signal": ("/signalen/meldingen/", s),
        "person": ("/signalen/personen/", p),
        "case": ("/signalen/casussen/", k),
        "meeting": ("/signalen/overleggen/", m),
        "intervention": ("/signalen/interventies/", i),
        "escalation": ("/signalen/escalaties/", e),
    }
    detail = {
        "signal": f"/signalen/meldingen/{s.pk}/",
        "case": f"/signalen/casussen/{k.pk}/",
        "meeting": f"/signalen/overleggen/{m.pk}/",
        "intervention": f"/signalen/interventies/{i.pk}/",
        "escalation": f"/signalen/escalaties/{e.pk}/",
    }
    if action == "list":
        url, obj = listing[object_type]
        r = c.get(url)
        return r.status_code == 200 and f'data-id="{obj.pk}"' in r.content.decode()
    if action == "view":
        if object_type == "person":
            r = c.post(f"/signalen/personen/{p.pk}/", {"reason": "matrixtest"})
            return r.status_code == 200 and "Geopend met reden" in r.content.decode()
        return c.get(detail[object_type]).status_code == 200
    if action == "create":
        if object_type in ("signal", "person"):
            model = Subject if object_type == "person" else Signal
            before = model.objects.filter(tenant=w.tenant_a).count()
            r = c.post("/signalen/nieuw/", _signal_form(w, person=object_type == "person"))
            return _created(model, w.tenant_a, before, r, {302})
        if object_type == "case":
            before = Case.objects.filter(tenant=w.tenant_a).count()
            r = c.post(
                "/signalen/casussen/nieuw/",
                {"title": "Nieuwe casus", "category": w.category.pk, "data_class": 1},
            )
            return _created(Case, w.tenant_a, before, r, {302})
        if object_type == "meeting":
            before = CaseMeeting.objects.filter(tenant=w.tenant_a).count()
            r = c.post(
                "/signalen/overleggen/nieuw/",
                {
                    "title": "Overleg",
                    "starts_at": _local(timezone.now() + timedelta(days=2)),
                    "participants": [w.orgs["own"].pk, w.orgs["partner"].pk],
                },
            )
            return _created(CaseMeeting, w.tenant_a, before, r, {302})
        if object_type == "intervention":
            before = Intervention.objects.filter(tenant=w.tenant_a).count()
            r = c.post(
                f"/signalen/casussen/{k.pk}/interventie/",
                {"kind": "zorg", "title": "Gezinsgesprek", "owner": w.orgs["partner"].pk},
            )
            return _created(Intervention, w.tenant_a, before, r, {302})
        if object_type == "escalation":
            before = Escalation.objects.filter(tenant=w.tenant_a).count()
            r = c.post(
                f"/signalen/casussen/{k.pk}/escaleren/",
                {
                    "track": "riec",
                    "target": w.orgs["partner"].pk,
                    "legal_basis": "Convenant art. 7",
                    "reason": "Nodig",
                    "share": ["casus"],
                },
            )
            return _created(Escalation, w.tenant_a, before, r, {302})
    if action == "edit":
        if object_type == "signal":
            s.refresh_from_db()
            r = c.post(
                f"/signalen/meldingen/{s.pk}/bewerken/",
                {
                    "category": w.category.pk,
                    "urgency": "hoog",
                    "data_class": 2,
                    "reason": "correctie",
                    "version": s.version,
                },
            )
            return r.status_code == 302
        if object_type == "person":
            p.refresh_from_db()
            r = c.post(
                f"/signalen/personen/{p.pk}/bewerken/",
                {
                    "name": "Test Jongere",
                    "birth_date": "2010-01-02",
                    "address": "Laan 1",
                    "reason": "correctie",
                    "version": p.version,
                },
            )
            return r.status_code == 302
        if object_type == "case":
            k.refresh_from_db()
            r = c.post(
                f"/signalen/casussen/{k.pk}/bewerken/",
                {
                    "title": "Casus A",
                    "summary": "bijgewerkt",
                    "data_class": 2,
                    "partners": [w.orgs["partner"].pk],
                    "version": k.version,
                },
            )
            return r.status_code == 302
        if object_type == "meeting":
            m.refresh_from_db()
            r = c.post(
                f"/signalen/overleggen/{m.pk}/bewerken/",
                {
                    "title": "Casusoverleg A",
                    "starts_at": _local(m.starts_at),
                    "location": "Zaal 1",
                    "participants": [w.orgs["partner"].pk],
                    "notes": "",
                    "status": "gepland",
                    "version": m.version,
                },
            )
            return r.status_code == 302
        if object_type == "intervention":
            i.refresh_from_db()
            r = c.post(
                f"/signalen/interventies/{i.pk}/bewerken/",
                {"status": "lopend", "result": "", "version": i.version},
            )
            return r.status_code == 302
        return None  # escalations are never edited: there is no view
    if action == "delete":
        if object_type == "meeting":
            fresh = _fresh_meeting(w)
            r = c.post(f"/signalen/overleggen/{fresh.pk}/verwijderen/", {"reason": "matrix"})
            return r.status_code == 302 and not CaseMeeting.objects.filter(pk=fresh.pk).exists()
        return None  # only retention deletes: no view exists
    if action == "export":
        if object_type == "signal":
            r = c.get("/signalen/meldingen/export.csv")
            return r.status_code == 200 and f"\n{s.pk};" in r.content.decode()
        if object_type == "person":
            r = c.post(f"/signalen/personen/{p.pk}/inzage/", {"reason": "AVG art. 15"})
            return r.status_code == 200 and r["Content-Type"].startswith("application/json")
        if object_type == "case":
            r = c.get(f"/signalen/casussen/{k.pk}/tijdlijn.csv")
            return r.status_code == 200 and r["Content-Type"].startswith("text/csv")
        if object_type == "meeting":
            r = c.get(f"/signalen/overleggen/{m.pk}/verslag.pdf")
            return r.status_code == 200 and r.content.startswith(b"%PDF")
        if object_type == "intervention":
            r = c.get("/signalen/interventies/export.csv")
            return r.status_code == 200 and f"\n{i.pk};" in r.content.decode()
        if object_type == "escalation":
            r = c.get(f"/signalen/escalaties/{e.pk}/verslag.pdf")
            return r.status_code == 200 and r.content.startswith(b"%PDF")
    raise AssertionError(f"no view probe for {object_type}/{action}")


def _json(c: Client, method: str, url: str, data: dict | None = None):
    return getattr(c, method)(url, json.dumps(data or {}), content_type="application/json")


def api_probe(c: Client, w, object_type: str, action: str) -> bool:
    s, p, k, m, i, e = w.signal, w.person, w.case, w.meeting, w.intervention, w.escalation
    base = {
        "signal": ("signals", s),
        "person": ("persons", p),
        "case": ("cases", k),
        "meeting": ("meetings", m),
        "intervention": ("interventions", i),
        "escalation": ("escalations", e),
    }
    path, obj = base[object_type]
    if action == "list":
        r = c.get(f"/api/v1/{path}?page_size=500")
        return r.status_code == 200 and obj.pk in {item["id"] for item in r.json()["results"]}
    if action == "view":
        return (
            c.get(f"/api/v1/{path}/{obj.pk}", headers={"X-Reden": "matrixtest"}).status_code == 200
        )
    if action == "create":
        if object_type in ("signal", "person"):
            model = Subject if object_type == "person" else Signal
            before = model.objects.filter(tenant=w.tenant_a).count()
            r = _json(c, "post", "/api/v1/signals", _signal_json(w, person=object_type == "person"))
            return _created(model, w.tenant_a, before, r, {201})
        payloads = {
            "case": {"title": "API-casus", "category": w.category.code, "data_class": 1},
            "meeting": {
                "title": "API-overleg",
                "starts_at": (timezone.now() + timedelta(days=2)).isoformat(),
                "participant_ids": [w.orgs["own"].pk, w.orgs["partner"].pk],
            },
            "intervention": {
                "case_id": k.pk,
                "kind": "zorg",
                "title": "API-interventie",
                "owner_id": w.orgs["partner"].pk,
            },
            "escalation": {
                "case_id": k.pk,
                "track": "riec",
                "target_id": w.orgs["partner"].pk,
                "legal_basis": "Convenant art. 7",
                "reason": "Nodig",
                "share": ["casus"],
            },
        }
        model = {
            "case": Case,
            "meeting": CaseMeeting,
            "intervention": Intervention,
            "escalation": Escalation,
        }[object_type]
        before = model.objects.filter(tenant=w.tenant_a).count()
        r = _json(c, "post", f"/api/v1/{path}", payloads[object_type])
        return _created(model, w.tenant_a, before, r, {201})
    if action == "edit":
        obj.refresh_from_db()
        payloads = {
            "signal": lambda: {
                "version": s.version,
                "category": w.category.code,
                "urgency": "hoog",
                "data_class": 2,
                "reason": "correctie",
            },
            "person": lambda: {
                "version": p.version,
                "reason": "correctie",
                "name": "Test Jongere",
                "birth_date": "2010-01-02",
                "address": "Laan 1",
            },
            "case": lambda: {
                "version": k.version,
                "title": "Casus A",
                "summary": "api",
                "data_class": 2,
                "partner_ids": [w.orgs["partner"].pk],
            },
            "meeting": lambda: {
                "version": m.version,
                "title": "Casusoverleg A",
                "starts_at": m.starts_at.isoformat(),
                "location": "",
                "participant_ids": [w.orgs["partner"].pk],
                "notes": "",
                "status": "gepland",
            },
            "intervention": lambda: {"version": i.version, "status": "lopend", "result": ""},
        }
        r = _json(c, "patch", f"/api/v1/{path}/{obj.pk}", payloads[object_type]())
        return r.status_code == 200
    if action == "delete":
        target = _fresh_meeting(w) if object_type == "meeting" else obj
        r = c.delete(f"/api/v1/{path}/{target.pk}")
        return r.status_code == 204 and not type(target).objects.filter(pk=target.pk).exists()
    if action == "export":
        urls = {
            "signal": "/api/v1/signals/export",
            "person": f"/api/v1/persons/{p.pk}/access-export",
            "case": f"/api/v1/cases/{k.pk}/export",
            "meeting": f"/api/v1/meetings/{m.pk}/minutes",
            "intervention": "/api/v1/interventions/export",
            "escalation": f"/api/v1/escalations/{e.pk}/export",
        }
        r = c.get(urls[object_type])
        if r.status_code != 200:
            return False
        if object_type == "signal":
            return f"\n{s.pk};" in r.content.decode()
        if object_type == "intervention":
            return f"\n{i.pk};" in r.content.decode()
        return True
    raise AssertionError(f"no API probe for {object_type}/{action}")


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    with matrix_for_module(django_db_blocker) as built:
        yield built


@pytest.fixture
def fresh(matrix: Matrix) -> Matrix:
    matrix.refresh()
    return matrix


def _verdict(got: bool, want: bool, channel: str, case: tuple) -> str:
    object_type, action, role, relation = case
    kind = "UNEXPECTED ALLOW" if got else "unexpected deny"
    return f"{kind}: {channel} {role}/{relation} {object_type}.{action} (table: {want})"


@pytest.mark.parametrize("case", PROBED, ids=_case_id)
def test_view(fresh: Matrix, case):
    object_type, action, role, relation = case
    got = view_probe(fresh.view_clients[(role, relation)], fresh.world, object_type, action)
    assert got is not None, f"{object_type}.{action}: the probe knows no view; list it in ABSENT"
    want = expected(*case)
    assert got is want, _verdict(got, want, "view", case)


@pytest.mark.parametrize("case", PROBED, ids=_case_id)
def test_api(fresh: Matrix, case):
    object_type, action, role, relation = case
    got = api_probe(fresh.api_clients[(role, relation)], fresh.world, object_type, action)
    want = expected(*case)
    assert got is want, _verdict(got, want, "api", case)


def _api_operations() -> set[tuple[str, str]]:
    return {
        (method, path)
        for _prefix, router in api._routers
        for path, path_view in router.path_operations.items()
        for operation in path_view.operations
        for method in operation.methods
    }


@pytest.mark.parametrize("absent", sorted(ABSENT), ids=lambda a: f"{a[0]}.{a[1]}")
def test_no_view_or_endpoint(absent):
    """Reported as absent, not counted as a deny: there is no view and no endpoint, and the
    table allows nobody (if it allowed someone, the missing view would be a bug)."""
    view_url, method, api_path = ABSENT[absent]
    with pytest.raises(Resolver404):
        resolve(view_url.format(pk=1))
    assert (method, api_path) not in _api_operations(), f"{method} {api_path} exists: probe it"
    assert not EXPECTED[absent], f"{absent} is allowed for {EXPECTED[absent]} but has no view"


def test_the_cases_cover_the_whole_table():
    assert set(EXPECTED) == set(itertools.product(OBJECT_TYPES, ACTIONS))
    assert len(PROBED) + len(ABSENT) * len(ROLES) * len(RELATIONS) == (
        len(ROLES) * len(RELATIONS) * len(OBJECT_TYPES) * len(ACTIONS)
    )
    assert len({_case_id(c) for c in PROBED}) == len(PROBED)


# The reporter's status page: the secret key in the link decides, not a login. Every caller
# (anonymous and each role in each relation) gets 200 only with the report's own key.
STATUS_PAGE = {
    "own key": 200,
    "wrong key": 404,
    "another report's key": 404,
    "no key": 404,
    "own key on a professional signal's number": 404,
}


@pytest.mark.parametrize("key", sorted(STATUS_PAGE))
def test_public_status_page(fresh: Matrix, key):
    w = fresh.world
    reports = [
        services.create_public_signal(
            tenant=w.tenant_a,
            category=w.category,
            description="Steeds andere auto's bij de loods aan het eind van de weg",
            location="Industrieweg",
            observed_at=None,
        )
        for _ in range(2)
    ]
    report, other = reports
    reference, token = {
        "own key": (report.pk, report.status_token),
        "wrong key": (report.pk, "x" * 24),
        "another report's key": (report.pk, other.status_token),
        "no key": (report.pk, ""),
        "own key on a professional signal's number": (w.signal.pk, report.status_token),
    }[key]
    callers = {"anonymous": Client(), **fresh.view_clients}
    got = {
        who: client.get(f"/signalen/melden/status/{reference}/", {"code": token}).status_code
        for who, client in callers.items()
    }
    assert set(got.values()) == {STATUS_PAGE[key]}, got
