"""Wijkbeeld imports from the web page: keep an uploaded file between preview and confirm, show
what the file holds, run the real import as a dry run (always rolled back), then import for real.

An upload lives in ``DATA_DIR/uploads/areas/<token>/`` under its sanitised own name (importers
name the file in every refusal, and read the CBS year from the name), with ``meta.json`` beside
it: owner, kind, year and the preview and dry-run outcome, so the preview page is computed once.
The token is random; the session lists the user's tokens and the owner is checked again on every
read. Nothing in the file is executed: it is only read by the importers.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import secrets
import shutil
import time
import unicodedata
from collections.abc import Iterable, MutableMapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from wijkkompas.accounts import policy
from wijkkompas.areas import services
from wijkkompas.areas.catalogue import COUNT
from wijkkompas.areas.importers.common import ImportRefused, read_rows
from wijkkompas.areas.importers.geometry import read_file_layers
from wijkkompas.areas.importers.kwb_forms import read_table
from wijkkompas.areas.models import ImportRun, Indicator

log = logging.getLogger(__name__)

KINDS: dict[str, str] = {
    "cbs": "CBS Kerncijfers wijken en buurten",
    "police": "Politie: geregistreerde misdrijven",
    "geometry": "Geometrie (wijk- en buurtgrenzen)",
    "local": "Lokale cijfers",
    "provinces": "Provincie-indeling van gemeenten",
}
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "cbs": (".csv", ".xlsx"),
    "police": (".csv", ".xlsx"),
    "geometry": (".geojson", ".json", ".gpkg"),
    "local": (".csv", ".xlsx"),
    "provinces": (".csv", ".xlsx"),
}
KEEP_SECONDS = 24 * 3600  # an upload nobody confirmed is removed after a day
PREVIEW_ROWS = 5
SHOWN_ERRORS = 50
SESSION_KEY = "area_uploads"
RESULT_KEY = "area_upload_result"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
COUNT_LABELS = {
    "rows": "rijen",
    "areas": "gebieden",
    "observations": "cijfers",
    "indicators": "indicatoren",
    "water": "watergebieden",
    "new": "nieuwe gemeenten",
    "changed": "gewijzigde gemeenten",
}


class UploadRefused(Exception):
    """The upload itself is not acceptable (no file, too large, wrong type); Dutch message."""


class Unreadable(ValueError):
    """A file the preview cannot read, with the Dutch reason."""


class UploadGone(Exception):
    """The token names no upload of this user (confirmed, cancelled, expired or someone else's)."""


@dataclass
class Upload:
    token: str
    user_id: int
    kind: str
    filename: str
    size: int
    year: int | None = None
    created: float = field(default_factory=time.time)
    analysis: dict[str, Any] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return upload_root() / self.token

    @property
    def path(self) -> Path:
        return self.folder / self.filename

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def save(self) -> None:
        (self.folder / "meta.json").write_text(json.dumps(asdict(self)), encoding="utf-8")


def upload_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads" / "areas"


def sanitise_filename(name: str) -> str:
    """A safe file name from what the browser sent: the last path part, letters, digits, ".",
    "-" and "_" only (others become "_"), no leading dot, at most 120 characters."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name or ""))[-1]
    base = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in base)
    base = re.sub(r"_+", "_", base).lstrip("._")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = ext[:10].lower()
    stem = stem[: 120 - len(ext) - 1].strip("._") or "bestand"
    return f"{stem}.{ext}" if ext else stem


def max_upload_bytes() -> int:
    return int(settings.AREAS_MAX_UPLOAD_MB * 1_000_000)


def _too_large(what: str, size: int) -> str:
    return (
        f"{what} is te groot ({size_text(size)}); maximaal "
        f"{size_text(max_upload_bytes())}. Splits het bestand of importeer het via de "
        "opdrachtregel (wijkkompas areas import)."
    )


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",").removesuffix(",0") + " MB"


def request_too_large(content_length: str | None) -> str:
    """The Dutch refusal for a request body over the limit ("" when it fits), decided from its
    Content-Length before anything parses the body (Django only reads that many bytes)."""
    try:
        length = int(content_length or 0)
    except ValueError:
        return ""
    if length > max_upload_bytes() + 64 * 1024:  # room for the other form fields
        return _too_large("Het bestand", length)
    return ""


def drain(request: Any) -> None:
    """Read an oversized request body away without keeping it, so the browser receives the
    refusal instead of a reset connection."""
    while request.read(1 << 20):
        pass


def parse_year(text: str | None) -> int | None:
    """The optional year from the form; ``UploadRefused`` when it is not a plausible year."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise UploadRefused(
            f"Jaar: “{text}” is geen jaartal (bijvoorbeeld 2023); laat leeg om het jaar uit het bestand te halen."
        )
    return int(text)


def store_upload(*, user: Any, kind: str, uploaded: Any, year: int | None = None) -> Upload:
    """Keep an uploaded file (a Django ``UploadedFile``) under a fresh token; checks kind, type
    and size. Nothing is imported here."""
    policy.require(user, "upload", "area_data")
    if kind not in KINDS:
        raise UploadRefused("Kies wat voor bestand het is.")
    if uploaded is None:
        raise UploadRefused("Kies een bestand om te uploaden.")
    filename = sanitise_filename(uploaded.name)
    shown = uploaded.name or filename
    if not filename.lower().endswith(EXTENSIONS[kind]):
        raise UploadRefused(
            f"{shown}: een bestand voor {KINDS[kind]} moet eindigen op "
            f"{' of '.join(EXTENSIONS[kind])}."
        )
    if uploaded.size == 0:
        raise UploadRefused(f"{shown} is leeg (0 bytes).")
    if uploaded.size > max_upload_bytes():
        raise UploadRefused(_too_large(shown, uploaded.size))
    purge_stale()
    upload = Upload(
        token=secrets.token_urlsafe(24),
        user_id=user.pk,
        kind=kind,
        filename=filename,
        size=uploaded.size,
        year=year,
    )
    upload.folder.mkdir(parents=True, mode=0o700)
    with upload.path.open("xb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    upload.save()
    return upload


def purge_stale(now: float | None = None) -> int:
    """Remove uploads older than ``KEEP_SECONDS``; returns how many."""
    root, now, removed = upload_root(), now or time.time(), 0
    if not root.is_dir():
        return 0
    for folder in root.iterdir():
        if _TOKEN.match(folder.name) and now - folder.stat().st_mtime > KEEP_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def get_upload(*, user: Any, token: str, session: MutableMapping[str, Any]) -> Upload:
    """The user's upload with this token; ``UploadGone`` for anything else (never a path outside
    the upload folder: the token must look like one)."""
    policy.require(user, "upload", "area_data")
    if not _TOKEN.match(token or "") or token not in session.get(SESSION_KEY, []):
        raise UploadGone
    meta = upload_root() / token / "meta.json"
    try:
        upload = Upload(**json.loads(meta.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        raise UploadGone from None
    if upload.user_id != user.pk or upload.token != token or not upload.path.is_file():
        raise UploadGone
    return upload


def remember(session: MutableMapping[str, Any], upload: Upload) -> None:
    session[SESSION_KEY] = [*session.get(SESSION_KEY, [])[-9:], upload.token]


def discard(upload: Upload, session: MutableMapping[str, Any]) -> None:
    shutil.rmtree(upload.folder, ignore_errors=True)
    session[SESSION_KEY] = [t for t in session.get(SESSION_KEY, []) if t != upload.token]


def recent_imports(limit: int = 10) -> list[dict[str, Any]]:
    """The latest imports (CLI and this page) for the import page; the file by its name only."""
    return [
        {
            "at": run.imported_at,
            "kind": KINDS.get(run.kind, run.kind),
            "name": _shown_source(run.source),
            "rows": run.rows,
            "observations": run.observations,
            "areas": run.areas,
            "by": run.imported_by,
        }
        for run in ImportRun.objects.order_by("-imported_at", "-pk")[:limit]
    ]


def _shown_source(source: str) -> str:
    return source.removeprefix("upload: ").rsplit("/", 1)[-1]


# --- Preview -------------------------------------------------------------------------------


def _cells(values: Iterable[Any]) -> list[str]:
    return ["" if v is None else str(v).strip() for v in values]


def _cbs_preview(path: Path) -> dict[str, Any]:
    table = read_table(path)
    if table.data is not None:
        lines = table.data.split(b"\n", PREVIEW_ROWS)[:PREVIEW_ROWS]
        text = b"\n".join(lines).decode("utf-8")
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=table.delimiter) if r]
    else:
        rows = [r for r in (table.rows or []) if any(c.strip() for c in r)][:PREVIEW_ROWS]
    keys = [c.key for c in table.columns if c.entry is not None]
    known = set(Indicator.objects.filter(code__in=keys).values_list("code", flat=True))
    columns = []
    for i, column in enumerate(table.columns):
        entry = column.entry
        columns.append(
            {
                "header": column.header,
                "key": column.key,
                "name": entry.name if entry else "",
                "unit": entry.unit if entry else "",
                "kind": ("aantal" if entry.kind == COUNT else "verhouding") if entry else "",
                "new": entry is not None and column.key not in known,
                "values": [r[i].strip() if i < len(r) else "" for r in rows],
            }
        )
    figures = sum(1 for c in columns if c["kind"])
    return {
        "form": table.form_label,
        "title": table.title,
        "columns": columns,
        "sample_lines": [table.first_line + n for n in range(len(rows))],
        "figures": figures,
        "new": sum(1 for c in columns if c["new"]),
    }


def _table_preview(path: Path) -> dict[str, Any]:
    header, rows = read_rows(path)
    sample = []
    for row in rows:
        if any(str(c).strip() for c in row):
            sample.append(_cells(row))
        if len(sample) == PREVIEW_ROWS:
            break
    return {
        "form": "Tabel (Excel)" if path.suffix.lower() == ".xlsx" else "Tabel (CSV)",
        "header": _cells(header),
        "rows": sample,
    }


def _geometry_preview(path: Path) -> dict[str, Any]:
    layers = read_file_layers(path)
    features = [(layer.name, f.properties, f.geometry) for layer in layers for f in layer.features]
    if path.suffix.lower() == ".gpkg":
        form = f"GeoPackage, {len(layers)} laag/lagen: " + ", ".join(layer.name for layer in layers)
    else:
        form = "GeoJSON FeatureCollection"
    shown = [
        (name, props, geometry.geom_type if geometry is not None else "geen")
        for name, props, geometry in features[:PREVIEW_ROWS]
    ]
    keys = list(dict.fromkeys(str(k) for _, props, _ in shown for k in props))
    layered = any(name for name, _, _ in shown)
    header = (["laag"] if layered else []) + keys + ["geometrie"]
    rows = [
        ([name] if layered else []) + _cells(props.get(k) for k in keys) + [kind]
        for name, props, kind in shown
    ]
    return {"form": form, "features": len(features), "header": header, "rows": rows}


def preview(kind: str, path: Path) -> dict[str, Any]:
    """What the file holds, for the user to check before anything is written: for CBS the form
    and each column with the indicator it lands on; otherwise the header and first rows (for
    geometry the first features' properties). A file that cannot be read gives ``problem``."""
    try:
        if kind == "cbs":
            return _cbs_preview(path)
        if kind == "geometry":
            return _geometry_preview(path)
        return _table_preview(path)
    except Exception as exc:  # any unreadable file is a message, never a 500
        log.info("preview of %s failed", path.name, exc_info=True)
        return {"problem": f"{path.name} is niet te lezen als {KINDS[kind]}: {_reason(exc)}"}


def _reason(exc: Exception) -> str:
    """A short Dutch reason for a file the importer could not even read."""
    if isinstance(exc, UnicodeError):
        return "de tekens zijn niet te lezen (verwacht UTF-8 of Windows-1252)"
    name = type(exc).__name__
    if name in ("BadZipFile", "InvalidFileException"):
        return "het is geen geldig Excel-bestand (.xlsx)"
    if isinstance(exc, json.JSONDecodeError):
        return f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})"
    if isinstance(exc, Unreadable):
        return str(exc)
    if isinstance(exc, ValueError | KeyError | IndexError | StopIteration):
        return "de inhoud past niet bij deze soort bestand"
    return "het bestand is beschadigd of heeft een onbekende indeling"


# --- Dry run and import ----------------------------------------------------------------------


def _refusal(exc: ImportRefused) -> dict[str, Any]:
    errors = [
        {
            "row": e.row,
            "row_text": str(e.row) if e.row else "kopregel",
            "column": e.column,
            "where": e.where,
            "message": e.message,
        }
        for e in exc.errors[:SHOWN_ERRORS]
    ]
    return {"ok": False, "total": exc.total, "more": exc.total - len(errors), "errors": errors}


def _counts(counts: dict[str, Any]) -> dict[str, Any]:
    shown = [
        {"label": COUNT_LABELS[k], "value": v}
        for k, v in counts.items()
        if k in COUNT_LABELS and isinstance(v, int)
    ]
    return {"ok": True, "counts": shown, "year": counts.get("year"), "crs": counts.get("crs", "")}


def _run(upload: Upload, user: Any, *, dry: bool) -> dict[str, Any]:
    try:
        with transaction.atomic():
            try:
                counts = services.import_file(
                    actor=user,
                    kind=upload.kind,
                    path=upload.path,
                    year=upload.year,
                    source=f"upload: {upload.filename}",
                )
            finally:
                if dry:
                    transaction.set_rollback(True)
    except ImportRefused as exc:
        return _refusal(exc)
    except PermissionDenied:
        raise
    except Exception as exc:  # an unreadable file is a refusal, never a 500
        log.warning("import of %s (%s) failed", upload.filename, upload.kind, exc_info=True)
        message = f"niet te lezen als {upload.kind_label}: {_reason(exc)}"
        return {
            "ok": False,
            "total": 1,
            "more": 0,
            "errors": [
                {"row": 0, "row_text": "–", "column": "", "where": "bestand", "message": message}
            ],
        }
    return _counts(counts)


def analyse(upload: Upload, user: Any) -> Upload:
    """Preview the file and run its import as a dry run: the real import in a transaction that
    is always rolled back, so the counts (or the refusal) are exactly what confirming would give
    on the data as it is now. Kept in the upload's meta for the preview page."""
    policy.require(user, "upload", "area_data")
    upload.analysis = {
        "preview": preview(upload.kind, upload.path),
        "dry_run": _run(upload, user, dry=True),
    }
    upload.save()
    return upload


def confirm(*, user: Any, upload: Upload, session: MutableMapping[str, Any]) -> dict[str, Any]:
    """Import the upload for real (``services.import_file``: one transaction, audited with the
    user as actor), then delete it. Returns the outcome for the result page."""
    policy.require(user, "upload", "area_data")
    try:
        outcome = _run(upload, user, dry=False)
    finally:
        discard(upload, session)
    outcome.update(filename=upload.filename, kind=upload.kind, kind_label=upload.kind_label)
    return outcome
