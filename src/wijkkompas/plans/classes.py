"""Municipality classes (G4, G40, P10, overig) from the data the project already has: the
shipped G4/G40 list and the GM areas of ``areas`` (their ``municipality_class`` and ``is_p10``),
and the tenants' own class and P10 flag. There is no national P10 list in the project; the demo's
fictional municipalities carry their class in ``data/demo_klassen.csv`` (this app's own table)."""

from __future__ import annotations

from pathlib import Path

from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.catalogue import municipality_classes
from wijkkompas.areas.models import Area, Level

CLASSES = (("G4", "G4"), ("G40", "G40"), ("P10", "P10"), ("overig", "Overige gemeenten"))
DEMO_CLASSES = Path(__file__).parent / "data" / "demo_klassen.csv"


def _demo_table() -> dict[str, tuple[str, str]]:
    out = {}
    for line in DEMO_CLASSES.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            code, name, klass = line.split(";")
            out[code] = (name, klass)
    return out


def names() -> dict[str, str]:
    """GM code → municipality name (latest area year, then the demo table)."""
    out = {code: name for code, (name, _k) in _demo_table().items()}
    for code, name in (
        Area.objects.filter(level=Level.GEMEENTE).order_by("year").values_list("code", "name")
    ):
        out[code] = name
    return out


def class_map() -> dict[str, str]:
    """GM code → class. P10 wins over the size classes (a flag, not a size)."""
    out = {code: klass for code, (_n, klass) in _demo_table().items()}
    out.update(
        dict(
            Tenant.objects.exclude(cbs_code="")
            .exclude(municipality_class="")
            .values_list("cbs_code", "municipality_class")
        )
    )
    rows = Area.objects.filter(level=Level.GEMEENTE).order_by("year")
    for code, klass, p10 in rows.values_list("code", "municipality_class", "is_p10"):
        out[code] = "P10" if p10 else klass
    out.update(municipality_classes())
    for code in (
        Tenant.objects.filter(is_p10=True).exclude(cbs_code="").values_list("cbs_code", flat=True)
    ):
        out[code] = "P10"
    return out


def class_of(code: str, table: dict[str, str] | None = None) -> str:
    klass = (table if table is not None else class_map()).get(code, "overig")
    return klass if klass in dict(CLASSES) else "overig"
