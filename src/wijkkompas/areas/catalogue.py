"""What we know about the columns of CBS *Kerncijfers wijken en buurten* and the crime types of the
police tables (47018NED / 47022NED), so an import from a file (which carries only keys) still gets
Dutch names, units, kind and direction. Column keys carry a year-specific suffix (``_5``); the
catalogue is keyed on the part before it. With ``--table`` the names come from CBS's own metadata."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

COUNT, RATE = "aantal", "verhouding"
WORSE, BETTER, NEUTRAL = "hoger_slechter", "hoger_beter", "neutraal"


@dataclass(frozen=True)
class Entry:
    name: str
    unit: str
    kind: str
    direction: str = NEUTRAL
    theme: str = ""
    definition: str = ""


# Columns that describe the row, not a figure.
DESCRIPTIVE_BASES = frozenset(
    {
        "ID",
        "WijkenEnBuurten",
        "Gemeentenaam",
        "SoortRegio",
        "Codering",
        "IndelingswijzigingWijkenEnBuurten",
        "IndelingswijzigingGemeenteWijkBuurt",
        "MeestVoorkomendePostcode",
        "Dekkingspercentage",
        "Perioden",
    }
)


def _load_columns() -> tuple[dict[str, Entry], dict[str, tuple[str, ...]]]:
    """The known columns from the shipped table (data/cbs_columns.csv): per key its Dutch name,
    unit, kind, direction, theme, definition, and the labels StatLine writes for it in its CSV and
    Excel downloads (subject path and unit, several separated by "|" where StatLine's path changed).
    Labels are stable across years where keys are renumbered, so a label-header file lands on the
    same indicator as the OData form."""
    columns: dict[str, Entry] = {}
    labels: dict[str, tuple[str, ...]] = {}
    with (DATA_DIR / "cbs_columns.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            key, label_text = row.pop("key"), row.pop("labels")
            columns[key] = Entry(**row)
            if label_text:
                labels[key] = tuple(label_text.split("|"))
    return columns, labels


CBS_COLUMNS, CBS_LABELS = _load_columns()

# CBS keys renamed between years for the same column (label), onto the catalogue's key.
KEY_ALIASES: dict[str, str] = {"MateVanStedelijkheid": "Stedelijkheid"}

# Crime types of the police tables (SoortMisdrijf), as CBS codes them.
CRIME_TYPES: dict[str, str] = {
    "0.0.0": "Totaal misdrijven",
    "1.1.1": "Diefstal/inbraak woning",
    "1.1.2": "Diefstal/inbraak box/garage/schuur",
    "1.2.1": "Diefstal uit/vanaf motorvoertuigen",
    "1.2.2": "Diefstal van motorvoertuigen",
    "1.2.3": "Diefstal van brom-, snor-, fietsen",
    "1.2.4": "Zakkenrollerij",
    "1.2.5": "Diefstal af/uit/van overige voertuigen",
    "1.3.1": "Ongevallen (weg)",
    "1.4.1": "Zedenmisdrijf",
    "1.4.2": "Moord, doodslag",
    "1.4.3": "Openlijk geweld (persoon)",
    "1.4.4": "Bedreiging",
    "1.4.5": "Mishandeling",
    "1.4.6": "Straatroof",
    "1.4.7": "Overval",
    "1.5.2": "Diefstallen (water)",
    "1.6.1": "Brand/ontploffing",
    "1.6.2": "Overige vermogensdelicten",
    "1.6.3": "Mensenhandel",
    "2.1.1": "Drugs/drankoverlast",
    "2.2.1": "Vernieling c.q. zaakbeschadiging",
    "2.4.1": "Burengerucht (relatieproblemen)",
    "2.4.2": "Huisvredebreuk",
    "2.5.1": "Diefstal/inbraak bedrijven en instellingen",
    "2.5.2": "Winkeldiefstal",
    "2.6.9": "Vuurwerk",
    "2.7.2": "Bijzondere wetten",
    "2.7.3": "Leefbaarheid (overig)",
    "3.1.1": "Drugshandel",
    "3.1.2": "Mensensmokkel",
    "3.1.3": "Wapenhandel",
    "3.7.4": "Cybercrime",
    "3.9.1": "Horizontale fraude",
    "3.9.2": "Verticale fraude",
    "3.9.3": "Fraude (overig)",
}

# Kerncijfers wijken en buurten: the table of each year (StatLine id → year of the figures).
KERNCIJFERS_TABLES: dict[str, int] = {
    "83220NED": 2015,
    "83487NED": 2016,
    "83765NED": 2017,
    "84286NED": 2018,
    "84583NED": 2019,
    "84799NED": 2020,
    "85039NED": 2021,
    "85318NED": 2022,
    "85618NED": 2023,
    "85984NED": 2024,
}

# The twelve provinces by CBS code (PV20..PV31), as CBS names them.
PROVINCES: dict[str, str] = {
    "PV20": "Groningen",
    "PV21": "Fryslân",
    "PV22": "Drenthe",
    "PV23": "Overijssel",
    "PV24": "Flevoland",
    "PV25": "Gelderland",
    "PV26": "Utrecht",
    "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland",
    "PV29": "Zeeland",
    "PV30": "Noord-Brabant",
    "PV31": "Limburg",
}

_SUFFIX = re.compile(r"_\d+$")


def base_key(key: str) -> str:
    """``AantalInwoners_5`` → ``AantalInwoners`` (the suffix is a column number that moves by year)."""
    return _SUFFIX.sub("", key)


def alnum(text: str) -> str:
    """ASCII letters and digits only, lower case: the part of a header every program that re-saves
    a file leaves alone (R writes "ë" and "²" as "." in some locales and keeps them in others)."""
    return "".join(ch for ch in text if ch.isascii() and ch.isalnum()).lower()


def label_index() -> dict[str, str]:
    """Catalogue key by label, the label reduced to its letters and digits (as every program that
    re-saves a StatLine download leaves it: R turns "/" and spaces into dots)."""
    return {alnum(label): key for key, labels in CBS_LABELS.items() for label in labels}


def canonical_key(key: str) -> str:
    """The indicator code of a CBS column key: without its year-specific suffix, renamed keys
    onto their catalogue key (``MateVanStedelijkheid_127`` → ``Stedelijkheid``)."""
    base = base_key(key)
    return KEY_ALIASES.get(base, base)


def is_descriptive(key: str) -> bool:
    return base_key(key) in DESCRIPTIVE_BASES


def cbs_entry(key: str) -> Entry:
    """Known columns from the catalogue; unknown ones by the CBS naming habit (Percentage…,
    Gemiddeld…, …Relatief are rates; everything else a count, so suppression errs on the safe side)."""
    base = canonical_key(key)
    if base in CBS_COLUMNS:
        return CBS_COLUMNS[base]
    rate_hints = (
        "Percentage",
        "Gemiddeld",
        "Relatief",
        "Dichtheid",
        "dichtheid",
        "Afstand",
        "Per",
        "Oppervlakte",
    )
    kind = RATE if any(h in base for h in rate_hints) else COUNT
    return Entry(name=base, unit="", kind=kind)


def crime_entry(code: str, title: str | None = None) -> Entry:
    name = title or CRIME_TYPES.get(code) or f"Misdrijfsoort {code}"
    return Entry(
        name=f"Geregistreerde misdrijven: {name}",
        unit="aantal",
        kind=COUNT,
        direction=WORSE,
        theme="Veiligheid",
        definition=f"Door de politie geregistreerde misdrijven van de soort {code} ({name}) in het gebied, per periode.",
    )


def municipality_classes() -> dict[str, str]:
    """GM-code → "G4" / "G40" from the shipped list (data/gemeenteklassen.csv)."""
    result = {}
    with (DATA_DIR / "gemeenteklassen.csv").open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            code, _name, klass = line.strip().split(";")
            result[code] = klass
    return result
