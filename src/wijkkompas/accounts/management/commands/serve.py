"""``wijkkompas serve``: run the installation under gunicorn (never Django's dev server). Lives in
accounts because it refuses production while demo users exist."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.wsgiapp import run
from gunicorn.glogging import Logger

from wijkkompas.accounts.selectors import demo_users_present
from wijkkompas.core.logging import NoQueryStrings

# The access log line: no query string (``%(U)s`` is the path only, where ``%(r)s`` would be the
# whole request line) and no referer (a full URL of the previous page), so a name, birth date,
# search term or reason that ever travels in a URL never reaches the log. Kept: client, time,
# method, status, size, duration in ms and the request id the app answers with.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'


class PrivateLogger(Logger):
    """Gunicorn's logger whose error log never quotes a query string either."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.error_log.addFilter(NoQueryStrings())


class Command(BaseCommand):
    help = "Serveer Wijkkompas met gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)
        parser.add_argument("--host", default=settings.SERVE_HOST)
        parser.add_argument("--workers", type=int, default=settings.SERVE_WORKERS)
        parser.add_argument(
            "--access-log",
            default="-" if settings.PRODUCTION else "/dev/null",
            help="Bestand voor het toegangslog (- is de standaarduitvoer); nooit met zoekparameters.",
        )

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
            options["access_log"],
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--logger-class",
            f"{__name__}.PrivateLogger",
            "--forwarded-allow-ips",
            ",".join(settings.FORWARDED_ALLOW_IPS),
        ]
        run()
