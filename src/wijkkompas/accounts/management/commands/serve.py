"""``wijkkompas serve``: run the installation under gunicorn (never Django's dev server). Lives in
accounts because it refuses production while demo users exist."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.wsgiapp import run

from wijkkompas.accounts.selectors import demo_users_present


class Command(BaseCommand):
    help = "Serveer Wijkkompas met gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)
        parser.add_argument("--host", default=settings.SERVE_HOST)
        parser.add_argument("--workers", type=int, default=settings.SERVE_WORKERS)

    def handle(self, *args, **options):
        if settings.PRODUCTION and demo_users_present():
            raise CommandError(
                "Productiemodus weigert te starten: er staan nog demogebruikers in de database. "
                "Verwijder ze eerst (wijkkompas manage remove_demo_users)."
            )
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
