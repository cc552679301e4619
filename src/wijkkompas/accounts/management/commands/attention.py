"""``wijkkompas attention digest [--user NAME]``: mail each active user who chose it on the start
page (``User.attention_digest``) and has an e-mail address the list of what waits for them
("Vraagt uw aandacht"), through Django's mail backend. Users with nothing waiting get no mail.
Run it from a scheduler, e.g. each working morning."""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts.models import User
from wijkkompas.core import attention


def digest_text(user: User, items: list[attention.AttentionItem], base_url: str) -> str:
    lines = [f"Beste {user.get_full_name() or user.username},", "", "Dit vraagt uw aandacht:", ""]
    for item in items:
        due = f" ({item.urgency.label.lower()}, {item.due:%d-%m-%Y})" if item.due else ""
        lines.append(f"- {item.count} {item.label}{due}: {base_url}{item.url}")
    lines += ["", "Dit bericht is automatisch verstuurd door Wijkkompas."]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Overzicht 'Vraagt uw aandacht' per e-mail naar elke gebruiker (digest)."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        digest = sub.add_parser("digest", help="Mail elke gebruiker wat op hem of haar wacht.")
        digest.add_argument("--user", default="", help="Alleen deze gebruikersnaam.")
        digest.add_argument(
            "--base-url",
            default=getattr(settings, "SITE_URL", "") or "http://localhost:8000",
            help="Adres van de installatie voor de links in de mail.",
        )

    def handle(self, *args, **options) -> None:
        users = (
            User.objects.filter(is_active=True, attention_digest=True)
            .exclude(email="")
            .order_by("username")
        )
        if options["user"]:
            users = users.filter(username=options["user"])
            if not users.exists():
                raise CommandError(
                    f"Geen actieve gebruiker {options['user']!r} met een e-mailadres die het "
                    "overzicht per e-mail wil."
                )
        sent = 0
        for user in users.select_related("organisation"):
            items = attention.items_for(user)
            if not items:
                continue
            send_mail(
                subject=f"Wijkkompas: {attention.total(items)} zaken vragen uw aandacht",
                message=digest_text(user, items, options["base_url"].rstrip("/")),
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
        self.stdout.write(f"{sent} overzicht(en) verstuurd.")
