"""The covenant configuration as a reviewable YAML file: export the current configuration, edit it
with the partners, load it back. Loading is atomic (all or nothing), idempotent, audited, and
every error names the file, the place in the file and the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.accounts.roles import ALL_ROLES
from wijkkompas.core import safe_yaml
from wijkkompas.signals.models import AccessGrant, Category, Covenant, CovenantParty, DataClass

DATA_CLASSES = {
    "gewoon": DataClass.GEWOON,
    "persoonsgegevens": DataClass.PERSOONSGEGEVENS,
    "bijzonder": DataClass.BIJZONDER,
}
DATA_CLASS_NAMES = {v: k for k, v in DATA_CLASSES.items()}
# The retention terms of a category in the file (Dutch key -> model field); every status of a
# signal or case has one. A file without a key gets the model's default.
MONTH_COLUMNS = {
    "bewaartermijn_afgewezen_maanden": "retention_dismissed_months",
    "bewaartermijn_afgesloten_maanden": "retention_closed_months",
    "bewaartermijn_triage_maanden": "retention_open_months",
    "bewaartermijn_doorgestuurd_maanden": "retention_forwarded_months",
    "bewaartermijn_lopende_casus_maanden": "retention_open_case_months",
}
MONTH_FIELDS = {
    key: Category._meta.get_field(column).default for key, column in MONTH_COLUMNS.items()
}


class CovenantFileError(Exception):
    """Bad input: ``errors`` lists every problem found, each naming where it is."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def export_config(tenant: Tenant) -> dict:
    covenant = Covenant.objects.select_related("controller").get(tenant=tenant)
    return {
        "gemeente": tenant.slug,
        "naam": covenant.name,
        "beschrijving": covenant.description,
        "verwerkingsverantwoordelijke": covenant.controller.name,
        "ondertekend_op": covenant.signed_on.isoformat() if covenant.signed_on else None,
        "geldig_tot": covenant.valid_until.isoformat() if covenant.valid_until else None,
        "beveiligingsmaatregelen": covenant.security_measures,
        "partners": [
            {
                "organisatie": p.organisation.name,
                "rol": p.role_description,
                "privacytoets": p.privacy_assessment_done,
            }
            for p in covenant.parties.select_related("organisation")
        ],
        "categorieen": [
            {
                "code": c.code,
                "naam": c.name,
                "thema": c.theme,
                "beschrijving": c.description,
                "doel": c.purpose,
                "grondslag": c.legal_basis,
                "meldformulier": c.public,
                "bewaartermijn_afgewezen_maanden": c.retention_dismissed_months,
                "bewaartermijn_afgesloten_maanden": c.retention_closed_months,
                "bewaartermijn_triage_maanden": c.retention_open_months,
                "bewaartermijn_doorgestuurd_maanden": c.retention_forwarded_months,
                "bewaartermijn_lopende_casus_maanden": c.retention_open_case_months,
                "toegang": [
                    {
                        "organisatie": g.organisation.name,
                        "rol": g.role,
                        "tot_en_met": DATA_CLASS_NAMES[g.max_data_class],
                        "identificeren": g.may_identify,
                    }
                    for g in c.grants.select_related("organisation").order_by(
                        "organisation__name", "role"
                    )
                ],
            }
            for c in Category.objects.filter(tenant=tenant, is_active=True)
        ],
    }


def _date(value: Any, where: str, errors: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors.append(f"{where}: '{value}' is geen datum (JJJJ-MM-DD).")
        return None


def load_config(*, actor: Any, path: Path) -> dict[str, int]:
    """Validate the whole file first; write nothing unless it is entirely correct."""
    name = Path(path).name
    try:
        data = safe_yaml.load_file(path)
    except safe_yaml.YamlRefused as exc:
        raise CovenantFileError([f"{exc}."]) from None
    except (OSError, yaml.YAMLError) as exc:
        raise CovenantFileError([f"{name}: kan het bestand niet lezen als YAML ({exc})."]) from None
    errors: list[str] = []
    if not isinstance(data, dict):
        raise CovenantFileError(
            [
                f"{name}: verwacht een YAML-document met velden als 'gemeente', 'partners' en 'categorieen'."
            ]
        )
    tenant = Tenant.objects.filter(slug=data.get("gemeente", "")).first()
    if tenant is None:
        raise CovenantFileError(
            [f"{name}, veld 'gemeente': onbekende gemeente '{data.get('gemeente', '')}'."]
        )
    policy.require(actor, "edit", "covenant", Covenant(tenant=tenant))
    orgs = {o.name: o for o in Organisation.objects.filter(tenant=tenant)}

    def org(value: Any, where: str) -> Organisation | None:
        found = orgs.get(str(value or ""))
        if found is None:
            errors.append(
                f"{where}: '{value}' is geen organisatie van {tenant.name} (kies uit: {', '.join(sorted(orgs))})."
            )
        return found

    for field in ("naam", "verwerkingsverantwoordelijke"):
        if not data.get(field):
            errors.append(f"{name}, veld '{field}': verplicht.")
    controller = (
        org(
            data.get("verwerkingsverantwoordelijke"), f"{name}, veld 'verwerkingsverantwoordelijke'"
        )
        if data.get("verwerkingsverantwoordelijke")
        else None
    )
    signed_on = _date(data.get("ondertekend_op"), f"{name}, veld 'ondertekend_op'", errors)
    valid_until = _date(data.get("geldig_tot"), f"{name}, veld 'geldig_tot'", errors)
    parties = []
    for i, p in enumerate(data.get("partners") or [], start=1):
        where = f"{name}, partners[{i}]"
        if not isinstance(p, dict):
            errors.append(f"{where}: verwacht velden 'organisatie', 'rol', 'privacytoets'.")
            continue
        o = org(p.get("organisatie"), f"{where}, veld 'organisatie'")
        if o:
            parties.append((o, str(p.get("rol") or ""), bool(p.get("privacytoets"))))
    party_orgs = {o.pk for o, _, _ in parties}
    if controller and controller.pk not in party_orgs:
        errors.append(
            f"{name}, veld 'verwerkingsverantwoordelijke': {controller.name} staat niet bij de partners."
        )
    categories = []
    seen_codes = set()
    for i, c in enumerate(data.get("categorieen") or [], start=1):
        where = f"{name}, categorieen[{i}]" + (
            f" ({c.get('code')})" if isinstance(c, dict) and c.get("code") else ""
        )
        if not isinstance(c, dict):
            errors.append(f"{where}: verwacht een categorie met velden.")
            continue
        for field in ("code", "naam", "thema", "doel", "grondslag"):
            if not c.get(field):
                errors.append(f"{where}, veld '{field}': verplicht.")
        if c.get("code") in seen_codes:
            errors.append(f"{where}, veld 'code': '{c.get('code')}' komt twee keer voor.")
        seen_codes.add(c.get("code"))
        if c.get("thema") and c["thema"] not in Category.Theme.values:
            errors.append(
                f"{where}, veld 'thema': '{c['thema']}' is onbekend (kies uit: {', '.join(Category.Theme.values)})."
            )
        months = {}
        for field, default in MONTH_FIELDS.items():
            value = c.get(field, default)
            if not isinstance(value, int) or not 1 <= value <= 240:
                errors.append(f"{where}, veld '{field}': een heel aantal maanden tussen 1 en 240.")
            months[field] = value
        grants = []
        for j, g in enumerate(c.get("toegang") or [], start=1):
            gwhere = f"{where}, toegang[{j}]"
            if not isinstance(g, dict):
                errors.append(f"{gwhere}: verwacht velden 'organisatie', 'rol', 'tot_en_met'.")
                continue
            o = org(g.get("organisatie"), f"{gwhere}, veld 'organisatie'")
            if o and o.pk not in party_orgs:
                errors.append(
                    f"{gwhere}, veld 'organisatie': {o.name} is geen convenantpartner; voeg haar eerst toe bij 'partners'."
                )
            if g.get("rol") not in ALL_ROLES:
                errors.append(
                    f"{gwhere}, veld 'rol': '{g.get('rol')}' is onbekend (kies uit: {', '.join(sorted(ALL_ROLES))})."
                )
            if g.get("tot_en_met") not in DATA_CLASSES:
                errors.append(
                    f"{gwhere}, veld 'tot_en_met': '{g.get('tot_en_met')}' is onbekend (kies uit: {', '.join(DATA_CLASSES)})."
                )
            grants.append(
                (
                    o,
                    g.get("rol"),
                    DATA_CLASSES.get(g.get("tot_en_met")),
                    bool(g.get("identificeren")),
                )
            )
        categories.append((c, months, grants))
    if errors:
        raise CovenantFileError(errors)

    with transaction.atomic():
        covenant, _ = Covenant.objects.update_or_create(
            tenant=tenant,
            defaults={
                "name": data["naam"],
                "description": data.get("beschrijving") or "",
                "controller": controller,
                "signed_on": signed_on,
                "valid_until": valid_until,
                "security_measures": data.get("beveiligingsmaatregelen") or "",
            },
        )
        for o, role_description, assessed in parties:
            CovenantParty.objects.update_or_create(
                covenant=covenant,
                organisation=o,
                defaults={
                    "role_description": role_description,
                    "privacy_assessment_done": assessed,
                },
            )
        removed_parties = (
            CovenantParty.objects.filter(covenant=covenant)
            .exclude(organisation_id__in=party_orgs)
            .delete()[0]
        )
        codes = []
        grant_count = 0
        for order, (c, months, grants) in enumerate(categories):
            category, _ = Category.objects.update_or_create(
                tenant=tenant,
                code=c["code"],
                defaults={
                    "name": c["naam"],
                    "theme": c["thema"],
                    "description": c.get("beschrijving") or "",
                    "purpose": c["doel"],
                    "legal_basis": c["grondslag"],
                    "public": bool(c.get("meldformulier")),
                    "order": order,
                    "is_active": True,
                    **{MONTH_COLUMNS[key]: value for key, value in months.items()},
                },
            )
            codes.append(category.code)
            category.grants.all().delete()
            AccessGrant.objects.bulk_create(
                [
                    AccessGrant(
                        category=category,
                        organisation=o,
                        role=role,
                        max_data_class=level,
                        may_identify=identify,
                    )
                    for o, role, level, identify in grants
                ]
            )
            grant_count += len(grants)
        deactivated = (
            Category.objects.filter(tenant=tenant, is_active=True)
            .exclude(code__in=codes)
            .update(is_active=False)
        )
        counts = {
            "partners": len(parties),
            "partners_removed": removed_parties,
            "categories": len(codes),
            "categories_deactivated": deactivated,
            "grants": grant_count,
        }
        audit.record(
            actor=actor,
            action="covenant_loaded",
            obj=covenant,
            object_type="covenant",
            tenant_id=tenant.pk,
            detail={"file": name, **counts},
        )
    return counts
