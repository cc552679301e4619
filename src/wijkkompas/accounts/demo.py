"""Demo tenants, organisations and users (fixed usernames that checks rely on). Idempotent."""

from django.conf import settings
from django.db import transaction

from wijkkompas.accounts.models import Organisation, Tenant, User
from wijkkompas.accounts.roles import Role

Kind = Organisation.Kind
VOORBEELDSTAD_ORGS = {
    "gemeente": ("Gemeente Voorbeeldstad", Kind.GEMEENTE),
    "politie": ("Politie basisteam Voorbeeldstad", Kind.POLITIE),
    "jongerenwerk": ("Jongerenwerk Voorbeeldstad", Kind.JONGERENWERK),
    "corporatie": ("Woningcorporatie Thuisbasis", Kind.WONINGCORPORATIE),
    "zvh": ("Zorg- en Veiligheidshuis regio Voorbeeld", Kind.ZVH),
    "riec": ("RIEC regio Voorbeeld", Kind.RIEC),
    "school": ("Voorbeeldcollege (vmbo)", Kind.SCHOOL),
    "wijkteam": ("Wijkteam Voorbeeldstad-Noord", Kind.WIJKTEAM),
}
# username: (tenant slug or None, organisation key, roles, full name)
DEMO_USERS = {
    "beheerder": ("voorbeeldstad", "gemeente", [Role.BEHEERDER], "Functioneel beheerder"),
    "oov": ("voorbeeldstad", "gemeente", [Role.OOV_ADVISEUR], "OOV-adviseur"),
    "regisseur": (
        "voorbeeldstad",
        "gemeente",
        [Role.PROCESREGISSEUR],
        "Procesregisseur jonge aanwas",
    ),
    "jongerenwerker": ("voorbeeldstad", "jongerenwerk", [Role.PROFESSIONAL], "Jongerenwerker"),
    "wijkagent": ("voorbeeldstad", "politie", [Role.PROFESSIONAL], "Wijkagent"),
    "corporatie": (
        "voorbeeldstad",
        "corporatie",
        [Role.PROFESSIONAL],
        "Wijkconsulent woningcorporatie",
    ),
    "analist": ("voorbeeldstad", "riec", [Role.ANALIST], "Analist RIEC"),
    "bestuurder": ("voorbeeldstad", "gemeente", [Role.BESTUURDER], "Burgemeester (demo)"),
    "redacteur": (None, "redactie", [Role.REDACTEUR], "Landelijk redacteur"),
    "oov-buur": ("buurgemeente", "gemeente", [Role.OOV_ADVISEUR], "OOV-adviseur Buurgemeente"),
}


def organisation(tenant_slug: str | None, key: str) -> Organisation:
    """Look up a demo organisation by its key (for other apps' demo loaders)."""
    if tenant_slug is None:
        return Organisation.objects.get(tenant=None, name="Landelijke kennisredactie")
    if tenant_slug == "buurgemeente":
        return Organisation.objects.get(tenant__slug="buurgemeente", name="Gemeente Buurgemeente")
    return Organisation.objects.get(tenant__slug=tenant_slug, name=VOORBEELDSTAD_ORGS[key][0])


@transaction.atomic
def load(stdout=None) -> None:
    voorbeeldstad, _ = Tenant.objects.update_or_create(
        slug="voorbeeldstad",
        defaults={
            "name": "Voorbeeldstad",
            "municipality_class": Tenant.MunicipalityClass.G40,
            "is_demo": True,
        },
    )
    buurgemeente, _ = Tenant.objects.update_or_create(
        slug="buurgemeente", defaults={"name": "Buurgemeente", "is_demo": True}
    )
    for name, kind in VOORBEELDSTAD_ORGS.values():
        Organisation.objects.update_or_create(
            tenant=voorbeeldstad, name=name, defaults={"kind": kind}
        )
    Organisation.objects.update_or_create(
        tenant=buurgemeente, name="Gemeente Buurgemeente", defaults={"kind": Kind.GEMEENTE}
    )
    Organisation.objects.update_or_create(
        tenant=None, name="Landelijke kennisredactie", defaults={"kind": Kind.LANDELIJK}
    )

    for username, (tenant_slug, org_key, roles, full_name) in DEMO_USERS.items():
        first, _, last = full_name.partition(" ")
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "organisation": organisation(tenant_slug, org_key),
                "roles": [str(r) for r in roles],
                "first_name": first,
                "last_name": last,
                "is_demo": True,
                "is_active": True,
            },
        )
        if created or not user.has_usable_password():
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
    if stdout:
        stdout.write("Gemeenten, organisaties en demogebruikers klaar.")


def print_logins(stdout) -> None:
    stdout.write(f"Demogebruikers (wachtwoord voor allen: {settings.DEMO_PASSWORD}):")
    for username, (tenant_slug, _org_key, _roles, full_name) in DEMO_USERS.items():
        stdout.write(f"  {username:<15} {full_name} — {tenant_slug or 'landelijk'}")
