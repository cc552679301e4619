"""``wijkkompas signals …``: the covenant configuration as a YAML file (thin wrapper around
``signals.covenant_io``; acts as the CLI ``SYSTEM`` actor and is audited)."""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.signals import covenant_io


class Command(BaseCommand):
    help = "Convenantinstellingen (partners, categorieën, toegang, bewaartermijnen) exporteren en laden als YAML."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load-covenant", help="laad een convenantbestand (alles of niets)")
        load.add_argument("file", type=Path)
        export = sub.add_parser("export-covenant", help="druk de huidige instellingen af als YAML")
        export.add_argument(
            "--gemeente", required=True, help="slug van de gemeente, bijv. voorbeeldstad"
        )

    def handle(self, *args, **options):
        if options["subcommand"] == "export-covenant":
            tenant = Tenant.objects.filter(slug=options["gemeente"], covenant__isnull=False).first()
            if tenant is None:
                raise CommandError(
                    f"Geen convenant gevonden voor gemeente '{options['gemeente']}'."
                )
            self.stdout.write(
                yaml.safe_dump(
                    covenant_io.export_config(tenant), allow_unicode=True, sort_keys=False
                )
            )
            return
        try:
            counts = covenant_io.load_config(actor=policy.SYSTEM, path=options["file"])
        except covenant_io.CovenantFileError as exc:
            raise CommandError(
                "Het convenantbestand is niet geladen; er is niets gewijzigd.\n"
                + "\n".join(exc.errors)
            ) from None
        self.stdout.write(
            f"Convenant geladen: {counts['partners']} partners ({counts['partners_removed']} verwijderd), "
            f"{counts['categories']} categorieën ({counts['categories_deactivated']} uitgeschakeld), {counts['grants']} toegangsregels."
        )
