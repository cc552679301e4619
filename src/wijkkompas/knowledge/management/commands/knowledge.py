"""``wijkkompas knowledge load [--dir content]`` and ``wijkkompas knowledge export --format json``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkkompas.knowledge import loader, selectors


class Command(BaseCommand):
    help = "Kennisbank: content-bestanden laden of de hele kennisbank exporteren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        load = sub.add_parser("load", help="laad content/*.yaml (idempotent, alles of niets)")
        load.add_argument(
            "--dir", default="content", help="map met de YAML-bestanden (standaard: content)"
        )
        check = sub.add_parser("check", help="controleer content/*.yaml zonder te laden")
        check.add_argument(
            "--dir", default="content", help="map met de YAML-bestanden (standaard: content)"
        )
        export = sub.add_parser("export", help="exporteer de kennisbank")
        export.add_argument("--format", choices=["json"], default="json")
        export.add_argument(
            "--output", help="schrijf naar dit bestand in plaats van naar het scherm"
        )

    def handle(self, *args, **options):
        if options["subcommand"] == "load":
            try:
                report = loader.load(Path(options["dir"]))
            except loader.ContentError as exc:
                lines = [f"  - {e}" for e in exc.errors]
                raise CommandError(
                    "De content is geweigerd; er is niets geladen:\n" + "\n".join(lines)
                ) from exc
            self.stdout.write(self.style.SUCCESS("Kennisbank geladen. " + report.summary()))
        elif options["subcommand"] == "check":
            try:
                data = loader.read_content(Path(options["dir"]))
            except loader.ContentError as exc:
                lines = [f"  - {e}" for e in exc.errors]
                raise CommandError("De content bevat fouten:\n" + "\n".join(lines)) from exc
            entries = sum(len(s["entries"]) for s in data["sources"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"De content is in orde: {len(data['themes'])} thema's, {len(data['questions'])} vragen, "
                    f"{len(data['sources'])} bronnen met {entries} vermeldingen per thema, "
                    f"{len(data['practices'])} praktijkvoorbeelden, {len(data['instruments'])} instrumenten, "
                    f"{len(data['synonyms'])} synoniemgroepen."
                )
            )
        elif options["subcommand"] == "export":
            text = json.dumps(selectors.export_knowledge(), ensure_ascii=False, indent=2)
            if options.get("output"):
                Path(options["output"]).write_text(text + "\n", encoding="utf-8")
                self.stderr.write(f"Geëxporteerd naar {options['output']}")
            else:
                self.stdout.write(text)
