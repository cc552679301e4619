"""CBS indicators are keyed by the column key without its year-specific suffix (CBS renumbers
``AantalInwoners_5`` every year; the column stays the same), so next year's file lands on the same
indicator and an index profile keeps working. Existing ``X_N`` codes become ``X`` where that is
unambiguous; where several years' keys of one column exist already, the newest takes the name and
the others keep theirs (the area page still joins them into one trend row)."""

import re

from django.db import migrations

_SUFFIX = re.compile(r"_\d+$")
# Renamed keys, as in areas.catalogue.KEY_ALIASES when this migration was written.
_ALIASES = {"MateVanStedelijkheid": "Stedelijkheid"}


def forwards(apps, schema_editor):
    Indicator = apps.get_model("areas", "Indicator")
    taken = set(Indicator.objects.values_list("code", flat=True))
    groups: dict[str, list] = {}
    for ind in Indicator.objects.filter(source="cbs").order_by("-id"):
        if not _SUFFIX.search(ind.code):
            continue
        base = _SUFFIX.sub("", ind.code)
        groups.setdefault(_ALIASES.get(base, base), []).append(ind)
    for code, indicators in groups.items():
        if code in taken:
            continue
        newest = indicators[0]
        newest.code = code
        newest.save(update_fields=["code"])
        taken.add(code)


class Migration(migrations.Migration):
    dependencies = [("areas", "0007_area_is_water")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
