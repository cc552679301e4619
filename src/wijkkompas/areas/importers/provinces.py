"""Which province each municipality lies in, from a CSV with a municipality-code column and a
province column — e.g. CBS's *Gemeenten alfabetisch* (``GemeentecodeGM;…;ProvinciecodePV;
Provincienaam``), CBS's *Gebieden in Nederland* (``Code_1`` … ``Code_28``) or a hand-made
``gemeentecode;provincie``. The Kerncijfers carry no province, and the "own province" comparison
set of the index needs one."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from wijkkompas.areas.catalogue import PROVINCES, base_key
from wijkkompas.areas.importers.common import ErrorCollector, read_rows
from wijkkompas.areas.models import MunicipalityProvince, level_of

# Province name or CBS code (lower case) → CBS code. CBS writes "Fryslân"; "Friesland" is the
# Dutch name many files still use.
_PROVINCE_BY_TEXT = {
    **{code.lower(): code for code in PROVINCES},
    **{name.lower(): code for code, name in PROVINCES.items()},
    "friesland": "PV21",
    "fryslan": "PV21",
}


def province_code(text: str) -> str | None:
    """``PV28``, ``pv28``, ``Zuid-Holland`` or ``zuid-holland`` → ``PV28``; None when unknown."""
    return _PROVINCE_BY_TEXT.get(unicodedata.normalize("NFC", text).strip().lower())


def _municipality_code(text: str) -> str | None:
    code = text.strip().upper()
    return code if level_of(code) == "gemeente" else None


def _is_municipality_header(header: str) -> bool:
    h = base_key(header.strip()).lower()
    return h.startswith(("code", "gemeentecode")) or ("gemeente" in h and "code" in h)


def _is_province_header(header: str) -> bool:
    return "provincie" in header.lower()


def _best_column(
    candidates: list[int], rows: list[list[str]], recognise, preferred: set[int]
) -> int | None:
    """The candidate column with the most cells ``recognise`` accepts (ties: a preferred header,
    then the leftmost); None without candidates. A column whose cells are all wrong can still be
    chosen, so its rows are refused one by one."""
    if not candidates:
        return None

    def score(i: int) -> tuple[int, bool, int]:
        hits = sum(1 for row in rows if i < len(row) and recognise(row[i]) is not None)
        return hits, i in preferred, -i

    return max(candidates, key=score)


def record(provinces: dict[str, str]) -> dict[str, int]:
    """Upsert municipality code → province code; returns how many were new and how many moved."""
    existing = dict(
        MunicipalityProvince.objects.filter(municipality_code__in=list(provinces)).values_list(
            "municipality_code", "province_code"
        )
    )
    MunicipalityProvince.objects.bulk_create(
        [MunicipalityProvince(municipality_code=m, province_code=p) for m, p in provinces.items()],
        update_conflicts=True,
        unique_fields=["municipality_code"],
        update_fields=["province_code"],
    )
    return {
        "new": sum(1 for m in provinces if m not in existing),
        "changed": sum(1 for m, p in provinces.items() if m in existing and existing[m] != p),
    }


def import_file(path: Path) -> dict[str, int]:
    """Read ``path`` and record each municipality's province. Any bad row refuses the whole file
    (``ImportRefused`` naming file, row and column); the caller's transaction writes nothing then.
    Municipalities not in the file keep what they had."""
    errors = ErrorCollector(path.name)
    header, reader = read_rows(path)
    numbered = [
        (line, row) for line, row in enumerate(reader, start=2) if any(c.strip() for c in row)
    ]
    rows = [row for _, row in numbered]
    exact = {i for i, h in enumerate(header) if h.strip().lower() == "gemeentecode"}
    municipality_col = _best_column(
        [i for i, h in enumerate(header) if _is_municipality_header(h)],
        rows,
        _municipality_code,
        exact,
    )
    named = {i for i, h in enumerate(header) if _is_province_header(h)}
    # CBS's typed tables call the province column Code_N: a Code column holding PV codes counts.
    coded = {
        i
        for i, h in enumerate(header)
        if base_key(h.strip()).lower().startswith("code")
        and i != municipality_col
        and any(i < len(r) and province_code(r[i]) for r in rows)
    }
    province_col = _best_column(
        sorted((named | coded) - {municipality_col}), rows, province_code, named
    )
    if municipality_col is None:
        errors.add(
            0,
            "gemeentecode",
            "verplichte kolom ontbreekt: een kolom gemeentecode met codes als GM0606",
        )
    if province_col is None:
        errors.add(
            0,
            "provincie",
            "verplichte kolom ontbreekt: een kolom provincie met een code (PV20 tot en met PV31) "
            "of de naam van de provincie",
        )
    errors.raise_if_any()
    if not rows:
        errors.add(0, "", "het bestand bevat geen gemeenten")
        errors.raise_if_any()
    m_name, p_name = header[municipality_col].strip(), header[province_col].strip()
    width = len(header)
    provinces: dict[str, str] = {}
    seen: dict[str, int] = {}
    for line, row in numbered:
        if not errors.has_width(line, row, width):
            continue
        gm_text, pv_text = row[municipality_col].strip(), row[province_col].strip()
        gm = _municipality_code(gm_text)
        if gm is None:
            errors.add(
                line, m_name, f"'{gm_text}' is geen CBS-gemeentecode (GM gevolgd door 4 cijfers)"
            )
            continue
        pv = province_code(pv_text)
        if pv is None:
            errors.add(
                line,
                p_name,
                f"'{pv_text}' is geen provincie (een code PV20 tot en met PV31 of een naam als "
                "Zuid-Holland)",
            )
            continue
        if gm in provinces and provinces[gm] != pv:
            errors.add(
                line,
                p_name,
                f"{gm} staat in rij {seen[gm]} al bij {PROVINCES[provinces[gm]]}, "
                f"hier bij {PROVINCES[pv]}",
            )
            continue
        provinces[gm] = pv
        seen.setdefault(gm, line)
    errors.raise_if_any()
    counts = record(provinces)
    return {
        "rows": len(rows),
        "municipalities": len(provinces),
        "provinces": len(set(provinces.values())),
        **counts,
    }
