"""Wijkbeeld pages: municipality overview (ranked table + map), area page, indicator pages and the
index profile. Thin: parse the query, ask selectors, render; every table exports to CSV and XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wijkkompas.accounts import policy
from wijkkompas.areas import charts, maps, scores, selectors, services
from wijkkompas.areas import index as area_index
from wijkkompas.areas.models import Area, IndexProfile, Indicator, Level
from wijkkompas.core.api_support import Conflict
from wijkkompas.core.exports import csv_response, xlsx_response
from wijkkompas.dossiers import selectors as dossier_selectors

LEVELS = {"wijk": "Wijken", "buurt": "Buurten"}


def _int(value: str | None, default: int | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _choice(request: HttpRequest, name: str, allowed: dict[str, str], default: str) -> str:
    """The query parameter ``name`` when it is one of ``allowed``, else ``default``."""
    value = request.GET.get(name)
    return value if value in allowed else default


def _export(
    request: HttpRequest, name: str, header: list[str], rows: list[list]
) -> HttpResponse | None:
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        policy.require(request.user, "export", "area")
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", name[:31], header, rows)
    return None


def _years(request: HttpRequest) -> tuple[int, selectors.Years]:
    """The asked year if it has figures, else the latest year with CBS figures."""
    years = selectors.years()
    default = years.default or 2024
    year = _int(request.GET.get("jaar"), default)
    return (year if year in years.all or not years.all else default), years


def _year(request: HttpRequest) -> tuple[int, list[int]]:
    year, years = _years(request)
    return year, years.all


def _profile(request: HttpRequest, user) -> IndexProfile | None:
    profiles = selectors.profiles_visible_to(user)
    pk = _int(request.GET.get("profiel"), None)
    if pk is not None:
        return profiles.filter(pk=pk).first()
    return profiles.order_by("-is_example", "name").first()


def overview(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "list", "area")
    year, years_info = _years(request)
    years = years_info.all
    gm = request.GET.get("gemeente") or selectors.default_municipality(request.user)
    level = _choice(request, "niveau", LEVELS, Level.BUURT)
    comparison = _choice(request, "vergelijking", area_index.COMPARISONS, "gemeente")
    profile = _profile(request, request.user)
    asked_colour = request.GET.get("kleur") or "index"

    def ranked(index_profile: IndexProfile | None) -> tuple[str, dict]:
        colour = asked_colour
        if colour == "index" and (index_profile is None or index_profile.level != level):
            # the index is computed at the profile's level; colour other levels by population
            colour = (
                Indicator.objects.filter(id=area_index.population_indicator_id())
                .values_list("code", flat=True)
                .first()
                or "index"
            )
        return colour, scores.overview(
            request.user,
            municipality_code=gm,
            year=year,
            level=level,
            profile=index_profile,
            comparison=comparison,
            colour=colour,
        )

    index_error = ""
    try:
        colour, data = ranked(profile)
    except area_index.ComparisonUnavailable as exc:
        # e.g. the province is not known: the figures without an index, and why
        index_error = str(exc)
        colour, data = ranked(None)
    components = data["result"].components if data["result"] is not None else []
    use_index = colour == "index" and data["result"] is not None
    if not use_index and data["colour_indicator"] is None:
        colour = "index"
    header = ["Rang", "Code", "Naam", "Inwoners", "Index"] + [c.indicator.name for c in components]
    if data["colour_indicator"] is not None:
        header.append(data["colour_indicator"].name)
    table = []
    for r in data["rows"]:
        line = [
            r.get("rank") or "",
            r["area"].code,
            r["area"].name,
            r["population"].text,
            r["score"].text if "score" in r else "",
        ]
        line += [f.text for f in r.get("contributions", [])]
        if "colour" in r:
            line.append(r["colour"].text)
        table.append(line)
    exported = _export(request, f"wijkbeeld-{gm}-{level}-{year}", header, table)
    if exported:
        return exported
    map_areas = []
    for r in data["rows"]:
        figure = r.get("score") if use_index else r.get("colour")
        map_areas.append(
            charts.MapArea(
                r["area"].code,
                figure.value if figure else None,
                figure.text if figure else "–",
                r["area"].is_water,
            )
        )
    colour_label = (
        "kwetsbaarheidsindex"
        if use_index
        else (data["colour_indicator"].name if data["colour_indicator"] else "")
    )
    gm_name = dict(selectors.municipalities(year)).get(gm, gm)
    map_values, legend = charts.map_classes(
        map_areas, decimals=2 if use_index else 1, unit=LEVELS[level].lower()
    )
    gm_area = Area.objects.filter(code=gm, year=data["division_year"]).only("code", "year").first()
    area_map = None
    if gm_area is not None and any(r["area"].has_geometry for r in data["rows"]):
        area_map = maps.page_map(
            parent=gm_area,
            level=level,
            year=year,
            label=f"Kaart van {gm_name}: {LEVELS[level].lower()} gekleurd naar {colour_label}, {year}",
        )
    return render(
        request,
        "areas/overview.html",
        {
            "year": year,
            "years": years,
            "gm": gm,
            "gm_name": gm_name,
            "level": level,
            "levels": LEVELS,
            "comparison": comparison,
            "comparisons": area_index.COMPARISONS,
            "index_error": index_error,
            "profile": profile,
            "profiles": selectors.profiles_visible_to(request.user),
            "colour": colour,
            "colour_label": colour_label,
            "indicators": selectors.indicators_visible_to(request.user).order_by("name"),
            "municipalities": selectors.municipalities(year),
            "rows": data["rows"],
            "components": components,
            "colour_indicator": data["colour_indicator"],
            "area_map": area_map,
            "map_values": map_values,
            "legend": legend,
            "year_choices": years_info.choices(),
            "min_population": area_index.min_population(),
            "query": request.GET.urlencode(),
            "dossiers": dossier_selectors.dossiers_for_pinning(request.user),
        },
    )


def area_detail(request: HttpRequest, code: str) -> HttpResponse:
    year, years_info = _years(request)
    years = years_info.all
    area = selectors.get_area(request.user, code, year=year)
    comparison = _choice(request, "vergelijking", area_index.COMPARISONS, "gemeente")
    data = selectors.area_page(request.user, area, year=year)
    with_province = bool(data["province"])
    header = [
        "Indicator",
        "Code",
        "Eenheid",
        *[str(y) for y in data["years"]],
        "Gemeente",
        *(["Provincie"] if with_province else []),
        "Klasse",
        "Nederland",
    ]
    table = [
        [
            r["indicator"].name,
            r["indicator"].code,
            r["indicator"].unit,
            *[(f.text if f else "–") for _, f in r["series"]],
            r["gemeente"].text,
            *([r["provincie"].text] if with_province else []),
            r["klasse"].text,
            r["land"].text,
        ]
        for r in data["rows"]
    ]
    exported = _export(request, f"wijkbeeld-{area.code}-{year}", header, table)
    if exported:
        return exported
    for r in data["rows"]:
        r["trend_svg"] = charts.trend(r["trend"], title=f"{r['indicator'].name} in {area.name}")
    profile = _profile(request, request.user)
    breakdown, index_error = scores.area_breakdown(
        area, profile, year=year, comparison=comparison, small=data["small"]
    )
    breakdown_svg = (
        charts.breakdown(
            [
                (p.component.indicator.name, p.contribution)
                for p in breakdown.parts
                if p.contribution is not None
            ],
            title=f"Opbouw van de index van {area.name}",
        )
        if breakdown is not None
        else ""
    )
    return render(
        request,
        "areas/area.html",
        {
            "area": area,
            "year": year,
            "years": years,
            "data": data,
            "profile": profile,
            "profiles": selectors.profiles_visible_to(request.user),
            "comparison": comparison,
            "comparisons": area_index.COMPARISONS,
            "index_error": index_error,
            "breakdown": breakdown,
            "breakdown_svg": breakdown_svg,
            "min_population": area_index.min_population(),
            "query": request.GET.urlencode(),
            "dossiers": dossier_selectors.dossiers_for_pinning(request.user),
            "area_map": maps.area_page_map(area, year),
            "year_choices": years_info.choices(),
        },
    )


@require_POST
def pin(request: HttpRequest, code: str) -> HttpResponse:
    """Pin this area's page (figures and map) to question 4 of one of the user's dossiers."""
    year = _int(request.POST.get("jaar"), None) or _year(request)[0]
    area = selectors.get_area(request.user, code, year=year)
    dossier_id = _int(request.POST.get("dossier"), None)
    if dossier_id is None:
        messages.error(request, "Kies een themadossier.")
        return redirect(reverse("areas:area", args=[code]))
    url = reverse("areas:area", args=[code]) + f"?jaar={year}"
    title = f"Wijkbeeld {area.name} ({area.code}), {year}"
    reference = f"areas.area:{area.code}:{year}"
    if request.POST.get("kaart") and area.level == Level.GEMEENTE:
        # the municipality map with its ranking, exactly as the user filtered it
        query = QueryDict(request.POST.get("weergave", ""), mutable=True)
        query.pop("export", None)
        query["gemeente"], query["jaar"] = area.code, str(year)
        url = reverse("areas:index") + "?" + query.urlencode()
        title = f"Kaart en rangorde wijkbeeld {area.name}, {year}"
        reference = f"areas.map:{area.code}:{year}:{query.get('niveau', 'buurt')}:{query.get('kleur', 'index')}"
    try:
        services.pin_to_dossier(
            actor=request.user,
            dossier_id=dossier_id,
            title=title,
            url=url,
            note=request.POST.get("toelichting", ""),
            reference=reference,
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect(url)
    except (Http404, PermissionDenied):
        messages.error(request, "U kunt niet vastpinnen in dit dossier.")
        return redirect(url)
    messages.success(request, "Vastgepind bij vraag 4 (lokale risico's) van het themadossier.")
    return redirect(url)


def indicator_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "list", "indicator")
    indicators = list(selectors.indicators_visible_to(request.user).order_by("source", "name"))
    header = ["Code", "Naam", "Eenheid", "Soort", "Richting", "Bron", "Definitie"]
    table = [
        [
            i.code,
            i.name,
            i.unit,
            i.get_kind_display(),
            i.get_direction_display(),
            i.source_detail or i.get_source_display(),
            i.definition,
        ]
        for i in indicators
    ]
    exported = _export(request, "indicatoren", header, table)
    if exported:
        return exported
    return render(
        request,
        "areas/indicator_list.html",
        {"indicators": indicators, "query": request.GET.urlencode()},
    )


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = selectors.get_indicator(request.user, code)
    year, years = _year(request)
    level = _choice(request, "niveau", LEVELS, Level.BUURT)
    gm = request.GET.get("gemeente", "")
    data = selectors.distribution(indicator, year=year, level=level, municipality_code=gm)
    header = ["Code", "Naam", indicator.name]
    table = [[r["code"], r["name"], r["figure"].text] for r in data["table"]]
    exported = _export(request, f"indicator-{indicator.code}-{year}", header, table)
    if exported:
        return exported
    where = dict(selectors.municipalities(year)).get(gm, "Nederland") if gm else "Nederland"
    svg, bins = charts.histogram(
        data["values"],
        title=f"Verdeling van {indicator.name} over {LEVELS[level].lower()} in {where}, {year}",
    )
    return render(
        request,
        "areas/indicator.html",
        {
            "indicator": indicator,
            "year": year,
            "years": years,
            "level": level,
            "levels": LEVELS,
            "gm": gm,
            "where": where,
            "municipalities": selectors.municipalities(year),
            "data": data,
            "svg": svg,
            "bins": bins,
            "stats": {k: charts.fmt(v) for k, v in data["stats"].items()},
            "query": request.GET.urlencode(),
        },
    )


def _profile_form_rows(components, posted=None) -> list[dict]:
    rows = []
    for c in components:
        rows.append(
            {
                "component": c,
                "weight": posted.get(f"gewicht-{c.pk}", "")
                if posted is not None
                else charts.fmt(c.weight, 2).replace(".", ""),
                "direction": posted.get(f"richting-{c.pk}", c.direction)
                if posted is not None
                else c.direction,
                "per_1000": (posted.get(f"per1000-{c.pk}") == "1")
                if posted is not None
                else c.per_1000_inhabitants,
            }
        )
    return rows


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.get_profile(request.user, pk)
    components = list(profile.components.all())
    total = sum(c.weight for c in components) or 1
    header = ["Indicator", "Code", "Gewicht", "Aandeel", "Richting", "Per 1.000 inwoners"]
    table = [
        [
            c.indicator.name,
            c.indicator.code,
            charts.fmt(c.weight),
            f"{c.weight / total:.0%}",
            c.get_direction_display(),
            "ja" if c.per_1000_inhabitants else "nee",
        ]
        for c in components
    ]
    exported = _export(request, f"indexprofiel-{profile.pk}", header, table)
    if exported:
        return exported
    can_edit = policy.can(request.user, "edit", "index_profile", profile)
    errors: dict = {}
    posted = None
    status = 200
    if request.method == "POST" and can_edit:
        posted = request.POST
        values: dict[int, dict] = {}
        for c in components:
            text = posted.get(f"gewicht-{c.pk}", "").strip().replace(",", ".")
            try:
                weight = float(text)
            except ValueError:
                weight = None
            values[c.pk] = {
                "weight": weight,
                "direction": posted.get(f"richting-{c.pk}"),
                "per_1000": posted.get(f"per1000-{c.pk}") == "1",
            }
        try:
            services.update_profile(
                actor=request.user,
                profile=profile,
                version=posted.get("versie"),
                description=posted.get("toelichting", ""),
                standardisation=posted.get("standaardisering", ""),
                components=values,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            status = 400
        except Conflict as exc:
            errors = {"": [exc.detail]}
            status = 409
        else:
            messages.success(request, "Het profiel is opgeslagen.")
            return redirect("areas:profile", pk=profile.pk)
    return render(
        request,
        "areas/profile.html",
        {
            "profile": profile,
            "rows": table,
            "min_population": area_index.min_population(),
            "query": "",
            "can_edit": can_edit,
            "can_copy": profile.tenant_id is None
            and policy.can(request.user, "create", "index_profile"),
            "form_rows": _profile_form_rows(components, posted),
            "errors": errors,
            "description": posted.get("toelichting", profile.description)
            if posted is not None
            else profile.description,
            "standardisation": posted.get("standaardisering", profile.standardisation)
            if posted is not None
            else profile.standardisation,
            "standardisations": IndexProfile.Standardisation.choices,
            "directions": [
                ("hoger_slechter", "Hoger is ongunstiger"),
                ("hoger_beter", "Hoger is gunstiger"),
            ],
        },
        status=status,
    )


@require_POST
def profile_copy(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.get_profile(request.user, pk)
    copy = services.copy_profile(actor=request.user, profile=profile)
    messages.success(request, "Eigen profiel aangemaakt. Stel nu de gewichten vast.")
    return redirect("areas:profile", pk=copy.pk)
