"""``wijkkompas fieldwork …``: import an address list into a campaign, export a campaign's list
with its status (CSV, neutralised cells), list campaigns. Acts as ``policy.SYSTEM`` (the operator
at the shell); the services write the audit entries."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import policy
from wijkkompas.core import exports
from wijkkompas.fieldwork import importer, selectors, services
from wijkkompas.fieldwork.models import Campaign


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
        response = exports.csv_response(
            "veldwerk.csv", selectors.EXPORT_HEADER, selectors.export_rows(policy.SYSTEM, campaign)
        )
        self.stdout.write(response.content.decode("utf-8-sig"), ending="")

    def _list(self, options) -> None:
        for c in Campaign.objects.select_related("tenant").order_by("tenant__slug", "pk"):
            self.stdout.write(f"{c.pk:>5}  {c.tenant.slug:<16} {c.get_kind_display():<34} {c.name}")
