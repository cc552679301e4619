"""``wijkkompas fieldwork …``: import an address list into a campaign, export a campaign's list
with its status (CSV, neutralised cells), list campaigns. Acts as ``policy.SYSTEM`` (the operator
at the shell); the services write the audit entries."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import policy
from wijkkompas.core.exports import neutralise
from wijkkompas.fieldwork import importer, selectors, services
from wijkkompas.fieldwork.models import Campaign

HEADER = [
    "straat",
    "huisnummer",
    "toevoeging",
    "postcode",
    "plaats",
    "buurt",
    "cluster",
    "status",
    "bezoeken",
]


class Command(BaseCommand):
    help = "Veldwerk: import-addresses CAMPAIGN FILE, export CAMPAIGN, list."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        p = sub.add_parser(
            "import-addresses", help="adreslijst (CSV of XLSX) in een campagne inlezen"
        )
        p.add_argument("campaign", type=int)
        p.add_argument("file")
        p = sub.add_parser("export", help="adreslijst met status als CSV naar stdout")
        p.add_argument("campaign", type=int)
        sub.add_parser("list", help="alle campagnes tonen")

    def handle(self, *args, **options):
        getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _campaign(self, pk: int) -> Campaign:
        campaign = Campaign.objects.select_related("tenant").filter(pk=pk).first()
        if campaign is None:
            raise CommandError(f"Campagne {pk} bestaat niet.")
        return campaign

    def _import_addresses(self, options) -> None:
        campaign = self._campaign(options["campaign"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: bestand niet gevonden.")
        try:
            rows = importer.read(path)
            result = services.import_addresses(
                actor=policy.SYSTEM, campaign=campaign, rows=rows, filename=path.name
            )
        except importer.ImportRefused as refused:
            raise CommandError("\n".join(refused.errors)) from refused
        self.stdout.write(result.summary())

    def _export(self, options) -> None:
        campaign = self._campaign(options["campaign"])
        rows = list(selectors.addresses_of(policy.SYSTEM, campaign))
        selectors.audit_list(
            policy.SYSTEM, "fieldwork_address", [a.pk for a in rows], verb="exported"
        )
        writer = csv.writer(self.stdout if self.stdout else sys.stdout, delimiter=";")
        writer.writerow(HEADER)
        for a in rows:
            writer.writerow(
                [
                    neutralise(v)
                    for v in (
                        a.street, a.number, a.addition, a.postcode, a.place, a.area_code,
                        a.cluster.name if a.cluster else "", a.get_status_display(), a.visits_count,
                    )
                ]
            )  # fmt: skip

    def _list(self, options) -> None:
        for c in Campaign.objects.select_related("tenant").order_by("tenant__slug", "pk"):
            self.stdout.write(f"{c.pk:>5}  {c.tenant.slug:<16} {c.get_kind_display():<34} {c.name}")
