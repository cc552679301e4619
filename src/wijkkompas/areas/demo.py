"""Demo wijkbeeld: fictional Voorbeeldstad (GM9901, 4 wijken, 12 buurten) and Buurgemeente
(GM9902), both in Zuid-Holland (so the "own province" comparison works), with a generated map
(``demo_geometry``: irregular buurten that tile their wijk, wijken that tile their municipality),
four years of a dozen indicators, and the example index profile. All figures are invented.
Idempotent: the geometry is the same on every run and the observations are replaced."""

from __future__ import annotations

import random

from django.db import transaction

from wijkkompas.accounts import policy
from wijkkompas.accounts.models import Tenant
from wijkkompas.areas import catalogue, services, store
from wijkkompas.areas.demo_geometry import demo_geometry
from wijkkompas.areas.importers import provinces
from wijkkompas.areas.importers.common import ensure_areas, ensure_indicators
from wijkkompas.areas.models import Area, Indicator

YEARS = (2021, 2022, 2023, 2024)
PROVINCE = "PV28"  # Zuid-Holland, for both demo municipalities
MUNICIPALITIES = {
    "GM9901": (
        "Voorbeeldstad",
        "voorbeeldstad",
        {
            "WK990101": ("Centrum", ["Binnenstad", "Havenkwartier", "Stationsbuurt"]),
            "WK990102": ("Noord", ["Nieuwland", "De Flats", "Bedrijventerrein De Haven"]),
            "WK990103": ("Oost", ["Parkwijk", "Molenbuurt", "Tuindorp"]),
            "WK990104": ("Zuid", ["Zuidrand", "Buitenhof", "Kerkebuurt"]),
        },
    ),
    "GM9902": (
        "Buurgemeente",
        "buurgemeente",
        {
            "WK990201": ("Dorp", ["Dorpskern", "Lindenhof", "Achterveld"]),
            "WK990202": ("Buitengebied", ["Polder", "Veldzicht", "Heuvelrand"]),
        },
    ),
}
# buurt name → (inhabitants, vulnerability 0..1)
PROFILE = {
    "Binnenstad": (5200, 0.5),
    "Havenkwartier": (3100, 0.7),
    "Stationsbuurt": (2600, 0.6),
    "Nieuwland": (6100, 0.95),
    "De Flats": (4300, 0.85),
    "Bedrijventerrein De Haven": (35, 0.3),
    "Parkwijk": (4800, 0.2),
    "Molenbuurt": (3900, 0.35),
    "Tuindorp": (4100, 0.25),
    "Zuidrand": (3500, 0.45),
    "Buitenhof": (2900, 0.15),
    "Kerkebuurt": (2200, 0.3),
    "Dorpskern": (3300, 0.3),
    "Lindenhof": (2100, 0.2),
    "Achterveld": (1500, 0.1),
    "Polder": (900, 0.1),
    "Veldzicht": (1800, 0.25),
    "Heuvelrand": (1200, 0.15),
}
CBS_KEYS = {
    "AantalInwoners": "count",
    "k_15Tot25Jaar": "youth",
    "GemiddeldInkomenPerInwoner": "income",
    "k_40PersonenMetLaagsteInkomen": "low40",
    "HuishOnderOfRondSociaalMinimum": "minimum",
    "PersonenPerSoortUitkeringBijstand": "bijstand",
    "JongerenMetJeugdzorgInNatura": "jeugdzorg",
    "PercentageOnbewoond": "vacancy",
}
CRIMES = {"0.0.0": 70.0, "1.1.1": 4.0, "3.1.1": 1.6, "2.2.1": 7.0, "1.4.5": 3.0}
LOCAL = "meldingen_woonoverlast"


def _figures(rng: random.Random, pop: int, v: float, t: int) -> dict[str, float]:
    """Plausible, invented figures for one buurt in year index ``t`` (vulnerable areas drift worse)."""
    drift = 1 + 0.03 * t * (v - 0.4)
    f = {
        "AantalInwoners": pop + rng.randint(-40, 60) * (t + 1) if pop > 100 else pop,
        "k_15Tot25Jaar": round(pop * (0.10 + 0.08 * v) * drift),
        "GemiddeldInkomenPerInwoner": round((38 - 16 * v) / drift + rng.uniform(-1, 1), 1),
        "k_40PersonenMetLaagsteInkomen": round((28 + 30 * v) * drift + rng.uniform(-2, 2), 1),
        "HuishOnderOfRondSociaalMinimum": round((5 + 15 * v) * drift + rng.uniform(-1, 1), 1),
        "PersonenPerSoortUitkeringBijstand": round(pop * (0.01 + 0.06 * v) * drift),
        "JongerenMetJeugdzorgInNatura": round(pop * (0.01 + 0.03 * v) * drift),
        "PercentageOnbewoond": round(2 + 5 * v * drift + rng.uniform(-0.5, 0.5), 1),
    }
    for code, per_1000 in CRIMES.items():
        f[code] = round(pop / 1000 * per_1000 * (0.5 + 1.5 * v) * drift * rng.uniform(0.8, 1.2))
    f[LOCAL] = round(pop / 1000 * 6 * (0.3 + v) * drift * rng.uniform(0.7, 1.3))
    return f


@transaction.atomic
def load(stdout=None) -> None:
    rng = random.Random(9901)
    for gm, (_name, slug, _) in MUNICIPALITIES.items():
        Tenant.objects.filter(slug=slug).update(cbs_code=gm)
    entries = {key: catalogue.cbs_entry(key) for key in CBS_KEYS}
    cbs_ids = ensure_indicators(
        entries, source=Indicator.Source.CBS, source_detail="Demo (verzonnen cijfers in CBS-vorm)"
    )
    police_ids = ensure_indicators(
        {c: catalogue.crime_entry(c) for c in CRIMES},
        source=Indicator.Source.POLITIE,
        source_detail="Demo (verzonnen cijfers in politievorm)",
    )
    local_ids = ensure_indicators(
        {
            LOCAL: catalogue.Entry(
                "Meldingen woonoverlast",
                "aantal",
                catalogue.COUNT,
                catalogue.WORSE,
                "Lokaal",
                "Meldingen van woonoverlast bij gemeente en corporatie per buurt.",
            )
        },
        source=Indicator.Source.LOKAAL,
        source_detail="Demo: meldingensysteem gemeente",
    )
    ids = {**cbs_ids, **police_ids, **local_ids}
    geometry = demo_geometry()
    for t, year in enumerate(YEARS):
        names: dict[str, str] = {}
        figures: dict[str, dict[str, float]] = {}
        for gm, (gm_name, _slug, wijken) in MUNICIPALITIES.items():
            names[gm] = gm_name
            gm_fig: dict[str, float] = {}
            for wk, (wk_name, buurten) in wijken.items():
                names[wk] = wk_name
                wk_fig: dict[str, float] = {}
                for b_i, bu_name in enumerate(buurten):
                    bu = "BU" + wk[2:] + f"{b_i + 1:02d}"
                    names[bu] = bu_name
                    pop, v = PROFILE[bu_name]
                    f = _figures(rng, pop, v, t)
                    figures[bu] = f
                    for agg in (wk_fig, gm_fig):
                        for k, val in f.items():
                            weight = (
                                f["AantalInwoners"]
                                if entries.get(k) and entries[k].kind == catalogue.RATE
                                else 1
                            )
                            agg[k] = agg.get(k, 0) + val * weight
                figures[wk] = _finish(wk_fig, entries)
            figures[gm] = _finish(gm_fig, entries)
        area_ids = ensure_areas(names, year)
        rows = [
            (area_ids[code], ids[key], str(year), year, float(value), "ok")
            for code, f in figures.items()
            for key, value in f.items()
        ]
        store.write_cells(
            rows,
            replacing=(sorted(area_ids[c] for c in figures), sorted(ids.values()), [str(year)]),
        )
    for code, geo in geometry.items():  # the same map every year (no loading of the old one)
        Area.objects.filter(code=code, year__in=YEARS).update(geometry=geo)
    services.link_predecessors()
    provinces.record(dict.fromkeys(MUNICIPALITIES, PROVINCE))
    services.ensure_example_profile(actor=policy.SYSTEM)
    if stdout:
        stdout.write(
            "Wijkbeeld: Voorbeeldstad en Buurgemeente met 4 jaar cijfers en het voorbeeldprofiel klaar."
        )


def _finish(agg: dict[str, float], entries: dict) -> dict[str, float]:
    """Sums for counts; population-weighted means for rates."""
    pop = agg["AantalInwoners"]
    return {
        k: (round(v / pop, 1) if entries.get(k) and entries[k].kind == catalogue.RATE else v)
        for k, v in agg.items()
    }
