"""The command line answers bad input with one Dutch line and a non-zero exit, no traceback."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from wijkkompas import cli

pytestmark = pytest.mark.django_db


def run(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        cli.main(list(args))
    return exited.value.code, capsys.readouterr().err


def test_a_header_only_csv(capsys, tmp_path):
    path = tmp_path / "kerncijfers.csv"
    path.write_text("Codering;Wijken en buurten\n", encoding="utf-8")
    code, err = run(capsys, "areas", "import", "cbs", str(path))
    assert code == 1
    assert err.startswith("Fout: Import geweigerd: kerncijfers.csv") and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_geojson_nested_100000_deep(capsys, tmp_path):
    path = tmp_path / "buurten.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
        '"geometry": {"type": "Polygon", "coordinates": ' + "[" * 100_000 + "]" * 100_000 + "}}]}",
        encoding="utf-8",
    )
    code, err = run(capsys, "areas", "import", "geometry", str(path))
    assert code == 1 and err.count("\n") == 1 and err.startswith("Fout: ")
    assert "Traceback" not in err


def test_a_latin1_yaml(capsys, tmp_path):
    path = tmp_path / "convenant.yaml"
    path.write_bytes("gemeente: voorbeeldstad\npartners:\n  - Caf\xe9\n".encode("latin-1"))
    code, err = run(capsys, "signals", "load-covenant", str(path))
    assert code == 1 and err.count("\n") == 1 and "UTF-8" in err
    assert "Traceback" not in err


def test_a_missing_file(capsys):
    code, err = run(capsys, "areas", "import", "cbs", "/bestaat/niet.csv")
    assert (code, err) == (1, "Fout: Bestand niet gevonden: /bestaat/niet.csv\n")


def test_a_developer_still_gets_the_traceback(tmp_path):
    path = tmp_path / "convenant.yaml"
    path.write_bytes("gemeente: x\n  - Caf\xe9\n".encode("latin-1"))
    with pytest.raises(CommandError, match="geen UTF-8"):  # raised, not turned into a line
        cli.main(["signals", "load-covenant", str(path), "--traceback"])


def test_unexpected_errors_are_described_in_a_sentence():
    assert cli.describe(ValueError("x")).startswith("onverwachte fout (ValueError: x).")
    assert "te diep genest" in cli.describe(RecursionError())


def test_billion_laughs_is_one_dutch_line_on_the_command_line(tmp_path, capsys):
    """``wijkkompas signals load-covenant`` on a 1 KB YAML bomb: refused at its first alias,
    before any database access (signals/tests/test_covenant_io.py times it and checks nothing
    is written)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        lines.append(f"{level}: &{level} [" + ",".join([f"*{chr(ord(level) - 1)}"] * 9) + "]")
    path = tmp_path / "lachen.yaml"
    path.write_text("gemeente: voorbeeldstad\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["signals", "load-covenant", str(path)])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert err.startswith("Fout: ") and "lachen.yaml, regel 3" in err and "Traceback" not in err
