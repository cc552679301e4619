"""``wijkkompas areas import cbs FILE|--table ID`` and friends: a thin wrapper around services."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.areas import services
from wijkkompas.areas.importers.common import ImportRefused
from wijkkompas.areas.local_counts import count_source


class IntermixedCommandParser(CommandParser):
    """A sub-command parser that takes options and positionals in any order, so
    ``import geometry --year 2021 FILE`` works like ``import geometry FILE --year 2021`` (plain
    argparse stops filling positionals at the first option after the subcommand)."""

    _intermixing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._intermixing:  # the intermixed parse calls back in here for its two passes
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


class Command(BaseCommand):
    help = "Wijkbeeld: gebieden, indicatoren, waarnemingen en provincie-indeling importeren (cbs, police, geometry, local, provinces)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, parser_class=IntermixedCommandParser
        )
        imp = sub.add_parser("import", help="een bestand of CBS-tabel importeren")
        imp.add_argument(
            "kind", choices=["cbs", "police", "geometry", "local", "provinces", "signals"]
        )
        imp.add_argument("file", nargs="?", help="bestand (CSV, XLSX, GeoJSON of GeoPackage)")
        imp.add_argument(
            "--table",
            help="CBS-tabel live ophalen via OData, bijv. 85984NED of 47018NED (netwerk nodig)",
        )
        imp.add_argument(
            "--tenant", help="bij 'signals': de gemeente (slug) waarvan de signalen komen"
        )
        imp.add_argument(
            "--year",
            type=int,
            help="jaar van de cijfers / gebiedsindeling (als het niet uit het bestand blijkt)",
        )
        sub.add_parser("classify", help="G4/G40-lijst en P10-vlaggen opnieuw toepassen")
        sub.add_parser("example-profile", help="het voorbeeldprofiel (opnieuw) aanmaken")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "classify":
            n = services.classify_municipalities(actor=policy.SYSTEM)
            self.stdout.write(f"{n} gebieden ingedeeld.")
            return
        if action == "example-profile":
            profile = services.ensure_example_profile(actor=policy.SYSTEM)
            self.stdout.write(
                f"Profiel '{profile.name}' met {profile.components.count()} indicatoren."
            )
            return
        kind, file, table = options["kind"], options["file"], options["table"]
        if kind == "signals":
            self._import_signals(options)
            return
        if bool(file) == bool(table):
            raise CommandError("Geef óf een bestand óf --table TABELNUMMER op.")
        if table and kind not in ("cbs", "police"):
            raise CommandError("--table kan alleen bij cbs en police.")
        try:
            if table:
                counts = services.import_table(
                    actor=policy.SYSTEM, kind=kind, table_id=table, year=options["year"]
                )
            else:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(f"Bestand niet gevonden: {file}")
                counts = services.import_file(
                    actor=policy.SYSTEM, kind=kind, path=path, year=options["year"]
                )
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        self._report(kind, counts)

    def _import_signals(self, options) -> None:
        try:
            push = count_source("signals")
        except KeyError:
            raise CommandError(
                "De signalenmodule is niet geïnstalleerd; er zijn geen signalen om te importeren."
            ) from None
        tenant = Tenant.objects.filter(slug=options["tenant"] or "").first()
        if tenant is None:
            raise CommandError(
                "Geef met --tenant een bestaande gemeente op, bijv. --tenant voorbeeldstad."
            )
        year = options["year"] or timezone.now().year
        try:
            counts = push(actor=policy.SYSTEM, tenant=tenant, year=year)
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        self._report("signals", counts)

    def _report(self, kind: str, counts: dict) -> None:
        if kind == "provinces":
            self.stdout.write(
                self.style.SUCCESS(
                    f"Provincie-indeling geïmporteerd: {counts['municipalities']} gemeenten in {counts['provinces']} provincies ({counts['new']} nieuw, {counts['changed']} gewijzigd)."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Import {kind} klaar: {counts.get('rows', 0)} rijen, {counts.get('areas', 0)} gebieden, {counts.get('observations', 0)} waarnemingen."
            )
        )
