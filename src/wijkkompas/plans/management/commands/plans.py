"""``wijkkompas plans import FILE --gemeente GM0858 [--gemeente …] --periode 2019-2022 [--bron URL]
--tenant SLUG`` prints the plan id; ``wijkkompas plans export --format json [--tenant SLUG]``."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.plans import exporting, services


def _tenant(slug: str | None) -> Tenant:
    if slug:
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(f"Gemeente (tenant) {slug!r} bestaat niet.")
        return tenant
    tenants = list(Tenant.objects.order_by("pk")[:2])
    if len(tenants) != 1:
        raise CommandError("Geef met --tenant aan voor welke gemeente (tenant) u importeert.")
    return tenants[0]


class Command(BaseCommand):
    help = "IVP-analyse: integrale veiligheidsplannen importeren en exporteren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="een plan importeren (PDF, HTML of tekst)")
        imp.add_argument("file")
        imp.add_argument(
            "--gemeente", action="append", required=True, help="CBS-code, bijv. GM0858"
        )
        imp.add_argument("--periode", required=True, help="bijv. 2019-2022")
        imp.add_argument("--bron", default="", help="adres van de bron")
        imp.add_argument("--titel", default="")
        imp.add_argument("--tenant", help="slug van de gemeente die importeert")
        exp = sub.add_parser("export", help="alle plannen met prioriteiten")
        exp.add_argument("--format", choices=["json"], default="json")
        exp.add_argument("--tenant", help="alleen de plannen van deze gemeente (slug)")

    def handle(self, *args, **options):
        if options["action"] == "export":
            tenant = _tenant(options["tenant"]) if options["tenant"] else None
            data = exporting.plans_json(policy.SYSTEM, tenant.pk if tenant else None)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"{path}: het bestand kan niet worden gelezen ({exc.strerror})."
            ) from exc
        try:
            plan, created = services.import_plan(
                actor=policy.SYSTEM,
                tenant=_tenant(options["tenant"]),
                data=data,
                file_name=path.name,
                municipalities=options["gemeente"],
                period=options["periode"],
                source_url=options["bron"],
                title=options["titel"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(str(plan.pk))
        if not created:
            self.stderr.write("Dit bestand was al geïmporteerd; dit is het bestaande plan.")
        if plan.scanned_pages:
            self.stderr.write(
                "Pagina's zonder tekstlaag (gescand): " + ", ".join(map(str, plan.scanned_pages))
            )
        self.stderr.write(f"{plan.priorities.count()} prioriteiten gevonden.")
