"""``wijkkompas audit verify [--checkpoint FILE]``: walk the audit trail's hash chain.

Run it from a scheduler (cron, a systemd timer, the platform's job runner) with a checkpoint file
outside the database: each run checks that the head the previous run saw is still there with the
same hash, then saves the new head. Exit code 1 and one Dutch line naming the first bad row when
the chain does not hold."""

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wijkkompas.accounts import audit_chain


def _read_checkpoint(path: Path) -> tuple[int, str] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return int(data["id"]), str(data["hash"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CommandError(f"{path}: geen geldig controlepunt ({exc}).") from exc


def _write_checkpoint(path: Path, report: audit_chain.Report) -> None:
    """Replace the file in one step, so a crash never leaves half a checkpoint."""
    body = {"id": report.head_id, "hash": report.head_hash, "checked": report.checked}
    body["at"] = timezone.now().isoformat()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(body, out)
    os.replace(temporary, path)


class Command(BaseCommand):
    help = "Audittrail: de hashketen controleren (verify)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="de hele keten nalopen; noemt de eerste foute regel")
        verify.add_argument(
            "--checkpoint",
            type=Path,
            help="JSON-bestand met de kop van de vorige controle; wordt na een goede controle bijgewerkt",
        )

    def handle(self, *args, **options):
        path = options.get("checkpoint")
        checkpoint = _read_checkpoint(path) if path else None
        report = audit_chain.verify(checkpoint)
        if not report.intact:
            bad = report.first_break
            raise CommandError(
                f"audittrail niet intact: regel {bad.event_id}: {bad.reason} "
                f"({report.checked} regels gelezen)."
            )
        if path and report.head_id is not None:
            _write_checkpoint(path, report)
        head = f"laatste regel {report.head_id}, hash {report.head_hash[:16]}…"
        self.stdout.write(
            f"Audittrail intact: {report.checked} regels gecontroleerd"
            + (f"; {head}" if report.head_id is not None else "")
            + "."
        )
