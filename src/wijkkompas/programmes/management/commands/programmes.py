"""``wijkkompas programmes …``: list programmes, export one as JSON, write a progress report as
PDF or DOCX. Acts as ``policy.SYSTEM`` and leaves an audit entry for every action."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wijkkompas.accounts import audit, policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.programmes import exporting, outputs, reporting
from wijkkompas.programmes.models import Programme, Report


class Command(BaseCommand):
    help = "Aanpak: list, export ID, report ID --format pdf|docx -o FILE."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        p = sub.add_parser("list", help="programma's tonen (id, titel, status, gemeente)")
        p.add_argument("--tenant", help="slug van de gemeente; zonder: alle gemeenten")
        p = sub.add_parser("export", help="programma als JSON naar stdout")
        p.add_argument("id", type=int)
        p = sub.add_parser("report", help="voortgangsrapportage als PDF of DOCX schrijven")
        p.add_argument("id", type=int, help="id van het programma")
        p.add_argument("--report", type=int, help="id van de rapportage (standaard: de laatste)")
        p.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        p.add_argument("-o", "--output", required=True)

    def handle(self, *args, **options):
        getattr(self, "_" + options["subcommand"])(options)

    def _programme(self, pk: int) -> Programme:
        programme = Programme.objects.filter(pk=pk).first()
        if programme is None:
            raise CommandError(f"Programma {pk} bestaat niet.")
        return programme

    def _list(self, options):
        qs = Programme.objects.select_related("tenant").order_by("tenant__name", "title", "id")
        if options.get("tenant"):
            tenant = Tenant.objects.filter(slug=options["tenant"]).first()
            if tenant is None:
                raise CommandError(f"Gemeente '{options['tenant']}' bestaat niet.")
            qs = qs.filter(tenant=tenant)
        qs = policy.visible(policy.SYSTEM, "list", "programme", qs)
        audit.record(actor=policy.SYSTEM, action="programme_listed", object_type="programme")
        for p in qs:
            self.stdout.write(f"{p.pk}\t{p.title}\t{p.get_status_display()}\t{p.tenant.name}")

    def _export(self, options):
        programme = self._programme(options["id"])
        policy.require(policy.SYSTEM, "export", "programme", programme)
        audit.record(
            actor=policy.SYSTEM, action="programme_exported", obj=programme, detail={"via": "cli"}
        )
        data = exporting.export_data(programme)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _report(self, options):
        programme = self._programme(options["id"])
        reports = Report.objects.filter(programme=programme)
        if options.get("report"):
            report = reports.filter(pk=options["report"]).first()
            if report is None:
                raise CommandError(
                    f"Rapportage {options['report']} hoort niet bij programma {programme.pk}."
                )
        else:
            report = reports.order_by("-status", "-period_end", "-id").first()
            if report is None:
                raise CommandError(f"Programma {programme.pk} heeft nog geen rapportage.")
        policy.require(policy.SYSTEM, "view", "programme_report", report)
        content = reporting.content_of(report)
        fmt = options["format"]
        body = (
            outputs.report_pdf(content, report=report)
            if fmt == "pdf"
            else outputs.report_docx(content, report=report)
        )
        Path(options["output"]).write_bytes(body)
        audit.record(
            actor=policy.SYSTEM,
            action="programme_report_exported",
            obj=report,
            tenant_id=programme.tenant_id,
            detail={"format": fmt, "via": "cli"},
        )
        self.stdout.write(f"{options['output']}: {report.title} ({report.get_status_display()})")
