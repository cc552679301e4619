"""``wijkkompas demo``: migrate, load every app's demo data (idempotent), then serve.

Each installed app with a ``demo`` module is found by name (as Django finds ``admin`` modules),
in INSTALLED_APPS order, so this command names no domain app."""

from importlib import import_module, util

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts.demo import print_logins


class Command(BaseCommand):
    help = "Zet de demo klaar (Voorbeeldstad en Buurgemeente) en start de server."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-serve", action="store_true", help="alleen klaarzetten, niet starten"
        )
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "De demo kan niet in productiemodus draaien (WIJKKOMPAS_ENV=production)."
            )
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        for config in apps.get_app_configs():
            if not config.name.startswith("wijkkompas."):
                continue
            module_name = f"{config.name}.demo"
            if util.find_spec(module_name) is None:
                continue
            import_module(module_name).load(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demo klaar. Inloggen met wachtwoord " + settings.DEMO_PASSWORD)
        )
        print_logins(self.stdout)
        if not options["no_serve"]:
            call_command("serve", port=options["port"])
