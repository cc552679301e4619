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


def _read_checkpoint(path: Path) -> dict[int, tuple[int, str]] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {int(chain): (int(i), str(h)) for chain, (i, h) in data["heads"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CommandError(f"{path}: geen geldig controlepunt ({exc}).") from exc


def _write_checkpoint(path: Path, report: audit_chain.Report) -> None:
    """Replace the file in one step, so a crash never leaves half a checkpoint."""
    heads = {str(chain): list(head) for chain, head in sorted(report.heads.items())}
    body = {"heads": heads, "checked": report.checked}
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
        if path and report.heads:
            _write_checkpoint(path, report)
        newest = max((head for head in report.heads.values()), default=None)
        head = f"; nieuwste regel {newest[0]}, hash {newest[1][:16]}…" if newest else ""
        chains = f" in {len(report.heads)} keten(s)" if report.heads else ""
        self.stdout.write(
            f"Audittrail intact: {report.checked} regels gecontroleerd{chains}{head}."
        )
