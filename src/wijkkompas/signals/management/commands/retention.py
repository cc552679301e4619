"""``wijkkompas retention run``: apply the covenant's retention terms (thin wrapper around
``signals.services.run_retention``; acts as the CLI ``SYSTEM`` actor and is audited)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.core import records
from wijkkompas.signals import services


class Command(BaseCommand):
    help = "Bewaartermijnen toepassen: afgewezen signalen verwijderen en afgesloten casussen anonimiseren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        run = sub.add_parser("run", help="verwijder en anonimiseer wat over de bewaartermijn is")
        run.add_argument("--gemeente", help="alleen deze gemeente (slug)")
        run.add_argument(
            "--peildatum",
            help="rekenen alsof het nu deze datum is (JJJJ-MM-DD), bijv. om te controleren",
        )

    def handle(self, *args, **options):
        tenant = None
        if options.get("gemeente"):
            tenant = Tenant.objects.filter(slug=options["gemeente"]).first()
            if tenant is None:
                raise CommandError(f"Onbekende gemeente: {options['gemeente']}")
        now = None
        if options.get("peildatum"):
            try:
                now = timezone.make_aware(datetime.strptime(options["peildatum"], "%Y-%m-%d"))
            except ValueError:
                raise CommandError("--peildatum moet de vorm JJJJ-MM-DD hebben.") from None
        counts = services.run_retention(actor=policy.SYSTEM, now=now, tenant=tenant)
        # Every other app's task (fieldwork, surveys, …), registered in its ready().
        other = {
            name: task(actor=policy.SYSTEM, now=now or timezone.now(), tenant=tenant)
            for name, task in records.retention_tasks().items()
        }
        if not services.scrub_storage():
            self.stderr.write(
                "Let op: het databaselogboek (WAL) was in gebruik en is niet volledig geleegd; "
                "voer de opdracht later opnieuw uit."
            )
        self.stdout.write(
            "Bewaartermijnen toegepast: "
            f"{counts['signals_deleted']} afgewezen signalen verwijderd, "
            f"{counts['cases_anonymised']} casussen geanonimiseerd ({counts['signals_anonymised']} signalen), "
            f"{counts['persons_deleted']} personen verwijderd, "
            f"{counts['client_hashes_cleared']} afzenderkenmerken van het meldformulier gewist."
        )
        for name, task_counts in other.items():
            done = ", ".join(f"{n} {label}" for label, n in task_counts.items())
            self.stdout.write(f"{name}: {done or 'niets over de termijn'}.")
