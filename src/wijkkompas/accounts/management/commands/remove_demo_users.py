from django.core.management.base import BaseCommand

from wijkkompas.accounts import services


class Command(BaseCommand):
    help = (
        "Zet alle demogebruikers op inactief en verwijder hun wachtwoord (vóór productiegebruik)."
    )

    def handle(self, *args, **options):
        count = services.deactivate_demo_users()
        self.stdout.write(f"{count} demogebruiker(s) gedeactiveerd.")
