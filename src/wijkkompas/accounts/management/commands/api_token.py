from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import services
from wijkkompas.accounts.policy import SYSTEM


class Command(BaseCommand):
    help = "Maak een API-token voor een gebruiker en druk het af (het wordt maar één keer getoond)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="cli")

    def handle(self, *args, username, label, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet of is niet actief.")
        self.stdout.write(services.issue_api_token(user=user, label=label, actor=SYSTEM))
