"""``wijkkompas serve``: run the installation under gunicorn (never Django's dev server)."""

import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts.selectors import demo_users_present


class Command(BaseCommand):
    help = "Serveer Wijkkompas met gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("WIJKKOMPAS_HOST", "127.0.0.1"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION and demo_users_present():
            raise CommandError(
                "Productiemodus weigert te starten: er staan nog demogebruikers in de database. "
                "Verwijder ze eerst (wijkkompas manage remove_demo_users)."
            )
        from gunicorn.app.wsgiapp import run

        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Wijkkompas draait op http://{bind}/ (stoppen met Ctrl+C)")
        sys.argv = [
            "gunicorn",
            "wijkkompas.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            "4",
            "--access-logfile",
            "-" if settings.PRODUCTION else "/dev/null",
            "--forwarded-allow-ips",
            ",".join(settings.FORWARDED_ALLOW_IPS),
        ]
        run()
