"""``wijkkompas barriers …``: list, export, import and print the poster of barrier models.

Acts as ``policy.SYSTEM`` (the operator at the shell) and leaves an audit entry for every action."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.barriers import interchange, poster, services
from wijkkompas.barriers.models import BarrierModel


class Command(BaseCommand):
    help = "Barrièremodellen: list, export, import, poster, load-templates."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        p = sub.add_parser("list", help="modellen van een gemeente tonen")
        p.add_argument("--tenant", required=True, help="slug van de gemeente, bijv. voorbeeldstad")
        p = sub.add_parser("export", help="model als JSON naar stdout")
        p.add_argument("id", type=int)
        p = sub.add_parser("import", help="JSON-bestand inlezen; drukt het nieuwe id af")
        p.add_argument("file")
        p.add_argument("--tenant", required=True)
        p = sub.add_parser("poster", help="poster als PDF of SVG schrijven")
        p.add_argument("id", type=int)
        p.add_argument("--format", choices=["pdf", "svg"], default="pdf")
        p.add_argument("-o", "--output", required=True)
        sub.add_parser(
            "load-templates", help="landelijke sjablonen (templates_data/*.json) laden of bijwerken"
        )

    def handle(self, *args, **options):
        getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)

    def _tenant(self, slug: str) -> Tenant:
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(f"Gemeente '{slug}' bestaat niet.")
        return tenant

    def _model(self, pk: int) -> BarrierModel:
        model = BarrierModel.objects.filter(pk=pk).first()
        if model is None:
            raise CommandError(f"Barrièremodel {pk} bestaat niet.")
        return model

    def _list(self, options):
        tenant = self._tenant(options["tenant"])
        qs = policy.visible(
            policy.SYSTEM,
            "list",
            "barrier_model",
            BarrierModel.objects.filter(tenant=tenant, parent_step=None),
        )
        audit.record(
            actor=policy.SYSTEM,
            action="barrier_model_listed",
            object_type="tenant",
            object_id=tenant.pk,
            tenant_id=tenant.pk,
        )
        for m in qs.order_by("title"):
            self.stdout.write(
                f"{m.pk}\t{m.title}\t{m.get_status_display()}\t{m.steps.count()} stappen"
            )

    def _export(self, options):
        model = self._model(options["id"])
        policy.require(policy.SYSTEM, "export", "barrier_model", model)
        audit.record(
            actor=policy.SYSTEM,
            action="barrier_model_exported",
            obj=model,
            detail={"format": "json", "via": "cli"},
        )
        self.stdout.write(interchange.export_json(model), ending="")

    def _import(self, options):
        tenant = self._tenant(options["tenant"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Bestand {path} bestaat niet.")
        try:
            data = interchange.parse_json(path.read_bytes())
            model = services.import_model(
                actor=policy.SYSTEM, tenant=tenant, data=data, source=f"bestand {path.name}"
            )
        except interchange.ImportRefused as exc:
            raise CommandError(
                f"{path.name}: niet ingelezen, er is niets gewijzigd.\n" + "\n".join(exc.errors)
            ) from None
        self.stdout.write(str(model.pk))

    def _poster(self, options):
        model = self._model(options["id"])
        policy.require(policy.SYSTEM, "export", "barrier_model", model)
        out = Path(options["output"])
        if options["format"] == "svg":
            out.write_text(poster.render_svg(model), encoding="utf-8")
        else:
            out.write_bytes(poster.render_pdf(model))
        audit.record(
            actor=policy.SYSTEM,
            action="barrier_model_exported",
            obj=model,
            detail={"format": f"poster-{options['format']}", "via": "cli"},
        )
        self.stdout.write(f"Poster geschreven naar {out}")

    def _load_templates(self, options):
        loaded = services.load_templates(actor=policy.SYSTEM, stdout=self.stdout)
        self.stdout.write(f"{len(loaded)} landelijke sjablonen aanwezig.")
