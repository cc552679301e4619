"""What we know about the columns of CBS *Kerncijfers wijken en buurten* and the crime types of the
police tables (47018NED / 47022NED), so an import from a file (which carries only keys) still gets
Dutch names, units, kind and direction. Column keys carry a year-specific suffix (``_5``); the
catalogue is keyed on the part before it. With ``--table`` the names come from CBS's own metadata."""

from __future__ import annotations

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

CBS_COLUMNS: dict[str, Entry] = {
    "AantalInwoners": Entry(
        "Aantal inwoners",
        "aantal",
        COUNT,
        NEUTRAL,
        "Bevolking",
        "Inwoners ingeschreven in de BRP op 1 januari.",
    ),
    "Mannen": Entry("Mannen", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "Vrouwen": Entry("Vrouwen", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "k_0Tot15Jaar": Entry("Inwoners 0 tot 15 jaar", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "k_15Tot25Jaar": Entry(
        "Inwoners 15 tot 25 jaar",
        "aantal",
        COUNT,
        NEUTRAL,
        "Bevolking",
        "Jongeren van 15 tot 25 jaar; per 1.000 inwoners een maat voor het aandeel jongeren.",
    ),
    "k_25Tot45Jaar": Entry("Inwoners 25 tot 45 jaar", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "k_45Tot65Jaar": Entry("Inwoners 45 tot 65 jaar", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "k_65JaarOfOuder": Entry("Inwoners 65 jaar of ouder", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "HuishoudensTotaal": Entry("Huishoudens totaal", "aantal", COUNT, NEUTRAL, "Huishoudens"),
    "Eenpersoonshuishoudens": Entry(
        "Eenpersoonshuishoudens", "aantal", COUNT, NEUTRAL, "Huishoudens"
    ),
    "HuishoudensMetKinderen": Entry(
        "Huishoudens met kinderen", "aantal", COUNT, NEUTRAL, "Huishoudens"
    ),
    "GemiddeldeHuishoudensgrootte": Entry(
        "Gemiddelde huishoudensgrootte", "personen", RATE, NEUTRAL, "Huishoudens"
    ),
    "Bevolkingsdichtheid": Entry(
        "Bevolkingsdichtheid", "inwoners per km²", RATE, NEUTRAL, "Bevolking"
    ),
    "Woningvoorraad": Entry("Woningvoorraad", "aantal", COUNT, NEUTRAL, "Wonen"),
    "GemiddeldeWOZWaardeVanWoningen": Entry(
        "Gemiddelde WOZ-waarde van woningen", "x 1.000 euro", RATE, BETTER, "Wonen"
    ),
    "PercentageOnbewoond": Entry(
        "Onbewoonde woningen",
        "%",
        RATE,
        WORSE,
        "Wonen",
        "Aandeel woningen zonder ingeschreven bewoners (leegstand).",
    ),
    "Koopwoningen": Entry("Koopwoningen", "%", RATE, NEUTRAL, "Wonen"),
    "HuurwoningenTotaal": Entry("Huurwoningen totaal", "%", RATE, NEUTRAL, "Wonen"),
    "InBezitWoningcorporatie": Entry(
        "Huurwoningen in bezit van een woningcorporatie", "%", RATE, NEUTRAL, "Wonen"
    ),
    "GemiddeldInkomenPerInkomensontvanger": Entry(
        "Gemiddeld inkomen per inkomensontvanger", "x 1.000 euro", RATE, BETTER, "Inkomen"
    ),
    "GemiddeldInkomenPerInwoner": Entry(
        "Gemiddeld inkomen per inwoner", "x 1.000 euro", RATE, BETTER, "Inkomen"
    ),
    "k_40PersonenMetLaagsteInkomen": Entry(
        "Personen met laag inkomen (laagste 40%)", "%", RATE, WORSE, "Inkomen"
    ),
    "k_20PersonenMetHoogsteInkomen": Entry(
        "Personen met hoog inkomen (hoogste 20%)", "%", RATE, BETTER, "Inkomen"
    ),
    "HuishoudensMetEenLaagInkomen": Entry(
        "Huishoudens met een laag inkomen", "%", RATE, WORSE, "Inkomen"
    ),
    "HuishOnderOfRondSociaalMinimum": Entry(
        "Huishoudens onder of rond het sociaal minimum",
        "%",
        RATE,
        WORSE,
        "Inkomen",
        "Aandeel huishoudens met een inkomen tot 110% van het sociaal minimum.",
    ),
    "PersonenPerSoortUitkeringBijstand": Entry(
        "Personen met een bijstandsuitkering", "aantal", COUNT, WORSE, "Sociale zekerheid"
    ),
    "PersonenPerSoortUitkeringAO": Entry(
        "Personen met een arbeidsongeschiktheidsuitkering",
        "aantal",
        COUNT,
        WORSE,
        "Sociale zekerheid",
    ),
    "PersonenPerSoortUitkeringWW": Entry(
        "Personen met een WW-uitkering", "aantal", COUNT, WORSE, "Sociale zekerheid"
    ),
    "PersonenPerSoortUitkeringAOW": Entry(
        "Personen met een AOW-uitkering", "aantal", COUNT, NEUTRAL, "Sociale zekerheid"
    ),
    "JongerenMetJeugdzorgInNatura": Entry(
        "Jongeren met jeugdzorg in natura", "aantal", COUNT, WORSE, "Zorg"
    ),
    "PercentageJongerenMetJeugdzorg": Entry("Jongeren met jeugdzorg", "%", RATE, WORSE, "Zorg"),
    "WmoClienten": Entry("Wmo-cliënten", "aantal", COUNT, NEUTRAL, "Zorg"),
    "WmoClientenRelatief": Entry(
        "Wmo-cliënten per 1.000 inwoners", "per 1.000 inwoners", RATE, NEUTRAL, "Zorg"
    ),
    "OppervlakteTotaal": Entry("Oppervlakte totaal", "ha", RATE, NEUTRAL, "Oppervlakte"),
    "OppervlakteLand": Entry("Oppervlakte land", "ha", RATE, NEUTRAL, "Oppervlakte"),
    "Omgevingsadressendichtheid": Entry(
        "Omgevingsadressendichtheid", "adressen per km²", RATE, NEUTRAL, "Stedelijkheid"
    ),
    "Stedelijkheid": Entry("Mate van stedelijkheid", "klasse 1-5", RATE, NEUTRAL, "Stedelijkheid"),
    "Bedrijfsvestigingen": Entry(
        "Bedrijfsvestigingen totaal", "aantal", COUNT, NEUTRAL, "Bedrijven"
    ),
    "Ongehuwd": Entry("Ongehuwd", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "Gehuwd": Entry("Gehuwd", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "Gescheiden": Entry("Gescheiden", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "Verweduwd": Entry("Verweduwd", "aantal", COUNT, NEUTRAL, "Bevolking"),
    # 2024 on: origin by country of origin (the first of three groups with these keys).
    "Nederland": Entry("Herkomstland Nederland", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "EuropaExclusiefNederland": Entry(
        "Herkomstland Europa (exclusief Nederland)", "aantal", COUNT, NEUTRAL, "Bevolking"
    ),
    "BuitenEuropa": Entry("Herkomstland buiten Europa", "aantal", COUNT, NEUTRAL, "Bevolking"),
    "HuishoudensZonderKinderen": Entry(
        "Huishoudens zonder kinderen", "aantal", COUNT, NEUTRAL, "Huishoudens"
    ),
}

# CBS keys renamed between years for the same column (label), onto the catalogue's key.
KEY_ALIASES: dict[str, str] = {"MateVanStedelijkheid": "Stedelijkheid"}

# The labels StatLine writes for these columns in its CSV and Excel downloads (subject path and
# unit). Labels are stable across years where keys are renumbered, so a label-header file lands on
# the same indicator as the OData form. Several labels per key where StatLine's path changed.
CBS_LABELS: dict[str, tuple[str, ...]] = {
    "AantalInwoners": ("Bevolking/Aantal inwoners (aantal)",),
    "Mannen": ("Bevolking/Geslacht/Mannen (aantal)",),
    "Vrouwen": ("Bevolking/Geslacht/Vrouwen (aantal)",),
    "k_0Tot15Jaar": ("Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)",),
    "k_15Tot25Jaar": ("Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)",),
    "k_25Tot45Jaar": ("Bevolking/Leeftijdsgroepen/25 tot 45 jaar (aantal)",),
    "k_45Tot65Jaar": ("Bevolking/Leeftijdsgroepen/45 tot 65 jaar (aantal)",),
    "k_65JaarOfOuder": ("Bevolking/Leeftijdsgroepen/65 jaar of ouder (aantal)",),
    "Ongehuwd": ("Bevolking/Burgerlijke staat/Ongehuwd (aantal)",),
    "Gehuwd": ("Bevolking/Burgerlijke staat/Gehuwd (aantal)",),
    "Gescheiden": ("Bevolking/Burgerlijke staat/Gescheiden (aantal)",),
    "Verweduwd": ("Bevolking/Burgerlijke staat/Verweduwd (aantal)",),
    "Nederland": ("Bevolking/Bevolking naar herkomst/Herkomstland/Nederland (aantal)",),
    "EuropaExclusiefNederland": (
        "Bevolking/Bevolking naar herkomst/Herkomstland/Europa (exclusief Nederland) (aantal)",
    ),
    "BuitenEuropa": ("Bevolking/Bevolking naar herkomst/Herkomstland/Buiten Europa (aantal)",),
    "HuishoudensTotaal": (
        "Bevolking/Particuliere huishoudens/Huishoudens totaal (aantal)",
        "Bevolking/Huishoudens/Huishoudens totaal (aantal)",
    ),
    "Eenpersoonshuishoudens": (
        "Bevolking/Particuliere huishoudens/Eenpersoonshuishoudens (aantal)",
        "Bevolking/Huishoudens/Eenpersoonshuishoudens (aantal)",
    ),
    "HuishoudensZonderKinderen": (
        "Bevolking/Particuliere huishoudens/Huishoudens zonder kinderen (aantal)",
        "Bevolking/Huishoudens/Huishoudens zonder kinderen (aantal)",
    ),
    "HuishoudensMetKinderen": (
        "Bevolking/Particuliere huishoudens/Huishoudens met kinderen (aantal)",
        "Bevolking/Huishoudens/Huishoudens met kinderen (aantal)",
    ),
    "GemiddeldeHuishoudensgrootte": (
        "Bevolking/Particuliere huishoudens/Gemiddelde huishoudensgrootte (aantal)",
        "Bevolking/Huishoudens/Gemiddelde huishoudensgrootte (aantal)",
    ),
    "Bevolkingsdichtheid": ("Bevolking/Bevolkingsdichtheid (aantal inwoners per km²)",),
    "Woningvoorraad": ("Wonen/Woningvoorraad (aantal)",),
    "GemiddeldeWOZWaardeVanWoningen": (
        "Wonen/Gemiddelde WOZ-waarde van woningen (x 1 000 euro)",
        "Wonen/Gemiddelde woningwaarde (x 1 000 euro)",
    ),
    "Koopwoningen": ("Wonen/Eigendom/Koopwoningen (%)",),
    "HuurwoningenTotaal": ("Wonen/Eigendom/Huurwoningen totaal (%)",),
    "InBezitWoningcorporatie": ("Wonen/Eigendom/Huurwoningen/In bezit woningcorporatie (%)",),
    "GemiddeldInkomenPerInkomensontvanger": (
        "Inkomen/Inkomen van personen/Gemiddeld inkomen per inkomensontvanger (x 1 000 euro)",
    ),
    "GemiddeldInkomenPerInwoner": (
        "Inkomen/Inkomen van personen/Gemiddeld inkomen per inwoner (x 1 000 euro)",
    ),
    "k_40PersonenMetLaagsteInkomen": (
        "Inkomen/Inkomen van personen/40% personen met laagste inkomen (%)",
    ),
    "k_20PersonenMetHoogsteInkomen": (
        "Inkomen/Inkomen van personen/20% personen met hoogste inkomen (%)",
    ),
    "HuishoudensMetEenLaagInkomen": (
        "Inkomen/Inkomen van huishoudens/Huishoudens met een laag inkomen (%)",
    ),
    "HuishOnderOfRondSociaalMinimum": (
        "Inkomen/Inkomen van huishoudens/Huishoudens onder of rond sociaal minimum (%)",
        "Inkomen/Inkomen van huishoudens/Huish. onder of rond sociaal minimum (%)",
    ),
    "PersonenPerSoortUitkeringBijstand": (
        "Sociale zekerheid/Personen per soort uitkering/Bijstand (aantal)",
    ),
    "PersonenPerSoortUitkeringAO": (
        "Sociale zekerheid/Personen per soort uitkering/Arbeidsongeschiktheid (aantal)",
    ),
    "PersonenPerSoortUitkeringWW": (
        "Sociale zekerheid/Personen per soort uitkering/Werkloosheid (aantal)",
    ),
    "PersonenPerSoortUitkeringAOW": (
        "Sociale zekerheid/Personen per soort uitkering/AOW (aantal)",
    ),
    "OppervlakteTotaal": ("Oppervlakte/Oppervlakte totaal (ha)",),
    "OppervlakteLand": ("Oppervlakte/Oppervlakte land (ha)",),
    "Omgevingsadressendichtheid": ("Stedelijkheid/Omgevingsadressendichtheid (per km²)",),
    "Stedelijkheid": ("Stedelijkheid/Mate van stedelijkheid (code)",),
}

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
