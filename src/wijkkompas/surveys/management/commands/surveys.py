"""``wijkkompas surveys list|results|close|publish``: thin wrappers around the surveys services
and selectors (acts as the CLI ``SYSTEM`` actor and is audited)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import policy
from wijkkompas.core import suppression
from wijkkompas.core.api_support import Conflict
from wijkkompas.surveys import services
from wijkkompas.surveys.models import Survey
from wijkkompas.surveys.publishing import publish_results
from wijkkompas.surveys.results import survey_results


class Command(BaseCommand):
    help = "Bewonerspeilingen: tonen, uitkomsten, sluiten en naar het wijkbeeld publiceren."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("list", help="alle peilingen")
        for name, text in (
            ("results", "uitkomsten per buurt (onderdrukt)"),
            ("close", "een lopende peiling sluiten"),
            ("publish", "uitkomsten van een gesloten peiling naar het wijkbeeld"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("survey", type=int, help="nummer van de peiling")

    def _survey(self, pk: int) -> Survey:
        survey = Survey.objects.filter(pk=pk).first()
        if survey is None:
            raise CommandError(f"Peiling {pk} bestaat niet.")
        return survey

    def handle(self, *args, **options):
        command = options["subcommand"]
        if command == "list":
            for s in Survey.objects.select_related("tenant").order_by("tenant__slug", "-opens_on"):
                self.stdout.write(
                    f"{s.pk:>5}  {s.tenant.slug:<16} {s.get_status_display():<18} {s.title}"
                )
            return
        survey = self._survey(options["survey"])
        try:
            if command == "close":
                services.change_status(
                    actor=policy.SYSTEM, survey=survey, version=survey.version, status="gesloten"
                )
                self.stdout.write(f"Peiling {survey.pk} gesloten.")
            elif command == "publish":
                done = publish_results(actor=policy.SYSTEM, survey=survey)
                self.stdout.write(f"Naar het wijkbeeld: {done.wijkbeeld}")
            else:
                self._results(survey)
        except (ValidationError, Conflict, ValueError) as error:
            raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from None

    def _results(self, survey: Survey) -> None:
        data = survey_results(survey, provisional=not survey.is_closed)
        if data.provisional:
            self.stdout.write("VOORLOPIG: de peiling loopt nog.")
        for a in data.hidden_areas:
            self.stdout.write(f"{a.area.name}: minder dan {data.threshold} reacties, niet getoond")
        for r in data.questions:
            self.stdout.write(r.question.text)
            for c in r.cells:
                if c.suppressed:
                    self.stdout.write(f"  {c.label}: <{data.threshold}")
                elif c.mean is not None:
                    self.stdout.write(
                        f"  {c.label}: n={c.n} gemiddeld {c.mean:.1f} ± {c.margin:.2f}"
                    )
                else:
                    parts = [
                        f"{o.label} {'–' if o.suppressed else f'{o.share * 100:.0f}%'}"
                        for o in c.options
                    ]
                    self.stdout.write(f"  {c.label}: n={c.n} " + "; ".join(parts))
        self.stdout.write(suppression.rounding_note())
