"""Wijkbeeld data: areas per year of division, the indicator catalogue, observations and the
index profiles (DESIGN.md §2.3). Figures are stored packed per area and period (``FigureBlock``,
read and written only through ``areas.store``). Area data is national and aggregate: it is about areas, never
about persons, so none of these tables is tenant-scoped except a municipality's own profiles."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

from wijkkompas.accounts.models import Tenant
from wijkkompas.areas.catalogue import PROVINCES
from wijkkompas.core.models import Versioned, user_ref


class Level(models.TextChoices):
    LAND = "land", "Land"
    GEMEENTE = "gemeente", "Gemeente"
    WIJK = "wijk", "Wijk"
    BUURT = "buurt", "Buurt"


# An area takes its tenant's class where the shipped G4/G40 list has none (importers.common),
# so both use the one list of classes.
MunicipalityClass = Tenant.MunicipalityClass


# CBS area codes: NL00; GM + the municipality's four digits; WK + those four + two characters for
# the wijk; BU + those six + two for the buurt. Since the 2022 division the wijk and buurt parts
# may hold capital letters (Amsterdam: WK0363AA, BU0363AA01); the municipality part is digits.
_PARTS_BY_PREFIX = {
    "NL": ("land", "00"),
    "GM": ("gemeente", "DDDD"),
    "WK": ("wijk", "DDDDAA"),
    "BU": ("buurt", "DDDDAAAA"),
}
# The same rules for code that works on whole columns: the level (and CBS region kind,
# SoortRegio) of each code prefix, parents first, and a regex matching exactly the valid codes.
LEVEL_BY_PREFIX = {prefix: level for prefix, (level, _) in _PARTS_BY_PREFIX.items()}
_CLASS = {"D": "[0-9]", "A": "[0-9A-Z]"}
AREA_CODE_PATTERN = (
    "^(?:"
    + "|".join(
        p + ("00" if shape == "00" else "".join(_CLASS[c] for c in shape))
        for p, (_, shape) in _PARTS_BY_PREFIX.items()
    )
    + ")$"
)
_AREA_CODE = re.compile(AREA_CODE_PATTERN)


def not_a_code(code: str) -> str:
    """The one refusal text for a cell that is no CBS area code (every importer and the API)."""
    return (
        f"'{code}' is geen CBS-gebiedscode (NL00, GM0363, WK0363AA of WK036300, "
        "BU0363AA01 of BU03630000)"
    )


def level_of(code: str) -> str | None:
    """The level of a CBS area code (``GM0363`` → gemeente, ``BU0363AA01`` → buurt), or None
    when it is no CBS code."""
    spec = _PARTS_BY_PREFIX.get(code[:2])
    if spec is None or _AREA_CODE.match(code) is None:
        return None
    return spec[0]


def parent_code(code: str) -> str | None:
    """CBS codes nest: BU03630000 → WK036300 → GM0363."""
    if code.startswith("BU"):
        return "WK" + code[2:8]
    if code.startswith("WK"):
        return "GM" + code[2:6]
    return None


def municipality_code(code: str) -> str | None:
    if code.startswith(("BU", "WK", "GM")):
        return "GM" + code[2:6]
    return None


class Area(models.Model):
    """A land, gemeente, wijk or buurt in the division of one year. Codes change every year, so
    each year's division is kept; ``predecessor`` links to the same code in the year before."""

    code = models.CharField("CBS-code", max_length=10)
    year = models.PositiveSmallIntegerField("jaar van de gebiedsindeling")
    level = models.CharField("niveau", max_length=10, choices=Level.choices)
    name = models.CharField("naam", max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="ligt in",
    )
    municipality_code = models.CharField("gemeentecode", max_length=6, blank=True)
    municipality_class = models.CharField(
        "gemeenteklasse",
        max_length=10,
        choices=MunicipalityClass.choices,
        default=MunicipalityClass.OVERIG,
    )
    is_p10 = models.BooleanField("P10-gemeente", default=False)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name="voorganger",
        # Followed forwards only (an area to last year's); an index would be paid for on each of
        # the ~18,000 areas of every national division imported.
        db_index=False,
    )
    geometry = models.JSONField("geometrie (GeoJSON, WGS84)", null=True, blank=True)
    # A buurt or wijk of water only (CBS "water = JA", e.g. "Groot water"): drawn on maps, left
    # out of the index. The database default lets bulk inserts leave the column out.
    is_water = models.BooleanField("alleen water", default=False, db_default=False)

    class Meta:
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "year"], name="area_code_year_unique")
        ]
        # One index serves both "a municipality's areas" (any year) and "its buurten of a year";
        # every index is paid for on each area of a national division imported.
        indexes = [
            models.Index(
                fields=["municipality_code", "year", "level"], name="area_municipality_idx"
            ),
            models.Index(fields=["year", "level", "municipality_class"]),
        ]
        verbose_name = "gebied"
        verbose_name_plural = "gebieden"

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.year})"

    def clean(self) -> None:
        if level_of(self.code) != self.level:
            raise ValidationError(
                {"code": f"De code {self.code} hoort niet bij het niveau {self.level}."}
            )


class MunicipalityProvince(models.Model):
    """The province a municipality lies in, by CBS codes (``GM0606`` → ``PV28``). The Kerncijfers
    carry no province, so this list is imported (``wijkkompas areas import provinces``); it is
    what the "own province" comparison set of the index is made of."""

    municipality_code = models.CharField("gemeentecode", max_length=6, unique=True)
    province_code = models.CharField("provincie", max_length=4, choices=sorted(PROVINCES.items()))

    class Meta:
        ordering = ["municipality_code"]
        verbose_name = "provincie van een gemeente"
        verbose_name_plural = "provincies van gemeenten"

    def __str__(self) -> str:
        return f"{self.municipality_code} ligt in {self.get_province_code_display()}"


class Indicator(models.Model):
    """One figure in the catalogue. A CBS column keeps its CBS key as code (``AantalInwoners_5``),
    a police crime type its CBS code (``1.1.1``)."""

    class Direction(models.TextChoices):
        HIGHER_WORSE = "hoger_slechter", "Hoger is ongunstiger"
        HIGHER_BETTER = "hoger_beter", "Hoger is gunstiger"
        NEUTRAL = "neutraal", "Neutraal"

    class Kind(models.TextChoices):
        COUNT = "aantal", "Aantal (onderdrukking bij kleine aantallen)"
        RATE = "verhouding", "Verhouding, percentage of gemiddelde"

    class Source(models.TextChoices):
        CBS = "cbs", "CBS Kerncijfers wijken en buurten"
        POLITIE = "politie", "Politie / CBS geregistreerde misdrijven"
        LOKAAL = "lokaal", "Lokale registratie"

    code = models.CharField("code", max_length=80, unique=True)
    name = models.CharField("naam", max_length=250)
    definition = models.TextField("definitie", blank=True)
    unit = models.CharField("eenheid", max_length=60, blank=True)
    source = models.CharField("bron", max_length=20, choices=Source.choices)
    source_detail = models.CharField("brontabel", max_length=200, blank=True)
    direction = models.CharField(
        "richting", max_length=20, choices=Direction.choices, default=Direction.NEUTRAL
    )
    kind = models.CharField("soort", max_length=20, choices=Kind.choices, default=Kind.COUNT)
    theme = models.CharField("onderwerp", max_length=80, blank=True)

    class Meta:
        ordering = ["source", "code"]
        verbose_name = "indicator"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_count(self) -> bool:
        return self.kind == self.Kind.COUNT


class BlockLayout(models.Model):
    """The column order of figure blocks: an ordered list of indicator ids, stored once and shared
    by every block with the same columns (a national CBS file: one layout, ~18,000 blocks)."""

    indicator_ids = models.JSONField("indicatoren (kolomvolgorde)")
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "kolomindeling"
        verbose_name_plural = "kolomindelingen"

    def __str__(self) -> str:
        return f"kolomindeling {self.pk} ({len(self.indicator_ids)} indicatoren)"


class FigureBlock(models.Model):
    """The figures of one area and period for the indicators of one layout, packed: ``figures``
    holds one number per layout column (NaN where there is no value; a format byte first, then
    scaled integers or float64, see ``areas.store``), ``statuses`` one byte per column (see ``areas.store``: 0 no figure, 1 value, 2 secret "x", 3 unknown "?",
    4 provisional "*").

    Why packed: a national *Kerncijfers* file holds ~1.8 million figures; one row per figure made
    an import take a minute, one row per area and period takes well under a second, and every read
    here (an area's page, an index over all buurten of a year) wants whole rows of figures anyway.
    ``areas.store`` is the only code that writes or decodes blocks; a cell (area, indicator,
    period) lives in at most one block."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="blocks", db_index=False)
    period = models.CharField("periode", max_length=7)
    year = models.PositiveSmallIntegerField("jaar")
    layout = models.ForeignKey(
        BlockLayout, on_delete=models.PROTECT, related_name="blocks", db_index=False
    )
    figures = models.BinaryField("waarden")
    statuses = models.BinaryField("status per waarde")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "period", "layout"], name="figure_block_unique"
            ),
        ]
        verbose_name = "cijferblok"
        verbose_name_plural = "cijferblokken"

    def __str__(self) -> str:
        return f"{self.area_id} {self.period} (kolomindeling {self.layout_id})"


class ImportRun(models.Model):
    """Provenance of one import: which file (and its hash), how many rows, by whom."""

    kind = models.CharField("soort", max_length=20)
    source = models.CharField("bron", max_length=500)
    sha256 = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField("rijen", default=0)
    observations = models.PositiveIntegerField("waarnemingen", default=0)
    areas = models.PositiveIntegerField("gebieden", default=0)
    imported_by = models.CharField("door", max_length=150)
    imported_at = models.DateTimeField("op", auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = "import"

    def __str__(self) -> str:
        return f"{self.kind}: {self.source}"


class IndexProfile(Versioned):
    """A vulnerability index: a named, open set of weighted indicators. ``tenant`` None = a
    national example profile; a municipality makes its own copy and sets its own weights."""

    class Standardisation(models.TextChoices):
        ZSCORE = "zscore", "Z-score (afwijking van het gemiddelde in standaarddeviaties)"
        PERCENTILE = "percentiel", "Percentielrang (0 tot 1)"

    tenant = models.ForeignKey(
        "accounts.Tenant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="index_profiles",
    )
    name = models.CharField("naam", max_length=200)
    description = models.TextField("toelichting", blank=True)
    is_example = models.BooleanField("voorbeeldprofiel", default=False)
    standardisation = models.CharField(
        "standaardisering",
        max_length=20,
        choices=Standardisation.choices,
        default=Standardisation.ZSCORE,
    )
    level = models.CharField("niveau", max_length=10, choices=Level.choices, default=Level.BUURT)
    created_by = user_ref(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "indexprofiel"

    def __str__(self) -> str:
        return self.name


class IndexComponent(models.Model):
    """One indicator of a profile with its weight. ``per_1000_inhabitants`` turns a count (e.g.
    registered drug crimes) into a rate so areas of different size compare fairly."""

    profile = models.ForeignKey(IndexProfile, on_delete=models.CASCADE, related_name="components")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    weight = models.FloatField("gewicht", default=1.0)
    direction = models.CharField(
        "richting",
        max_length=20,
        choices=Indicator.Direction.choices,
        default=Indicator.Direction.HIGHER_WORSE,
    )
    per_1000_inhabitants = models.BooleanField("per 1.000 inwoners", default=False)

    class Meta:
        ordering = ["-weight", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "indicator"], name="index_component_unique")
        ]
        verbose_name = "indexonderdeel"

    def __str__(self) -> str:
        return f"{self.indicator_id} × {self.weight}"

    def clean(self) -> None:
        if self.weight <= 0:
            raise ValidationError({"weight": "Een gewicht is groter dan nul."})
