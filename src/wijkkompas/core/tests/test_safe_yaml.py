"""Hostile YAML is refused quickly and in Dutch, by attack; ordinary YAML reads as before."""

from __future__ import annotations

import time

import pytest
import yaml

from wijkkompas.core import safe_yaml

# The classic "billion laughs": 9 levels of 9 aliases, about 1 KB, 9**9 strings when expanded.
BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_the_billion_laughs_is_refused_in_well_under_a_second():
    assert len(BILLION_LAUGHS.encode()) < 1100
    started = time.perf_counter()
    with pytest.raises(safe_yaml.YamlRefused) as refused:
        safe_yaml.load(BILLION_LAUGHS, source="convenant.yaml")
    assert time.perf_counter() - started < 1.0
    assert str(refused.value).startswith("convenant.yaml, regel 2: verwijzingen naar een anker")
    with pytest.raises(safe_yaml.YamlRefused):  # the node walk used by the Kennisbank reader
        safe_yaml.compose(BILLION_LAUGHS, source="themes.yaml")


def test_a_merge_key_is_an_alias_too():
    with pytest.raises(safe_yaml.YamlRefused, match="regel 3"):
        safe_yaml.load("basis: &b {x: 1}\nkopie:\n  <<: *b\n", source="x.yaml")


def test_deep_nesting_is_refused_not_a_recursion_error():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(safe_yaml.YamlRefused, match="dieper genest dan 40 niveaus"):
        safe_yaml.load(deep, source="x.yaml")


def test_a_latin1_file_names_the_line(tmp_path):
    path = tmp_path / "convenant.yaml"
    path.write_bytes("gemeente: voorbeeld\npartners:\n  - Caf\xe9 De Hoek\n".encode("latin-1"))
    with pytest.raises(safe_yaml.YamlRefused) as refused:
        safe_yaml.load_file(path)
    assert str(refused.value) == (
        "convenant.yaml, regel 3: het bestand is geen UTF-8; sla het op als UTF-8 en probeer opnieuw"
    )


def test_a_file_too_large_is_refused_before_parsing(tmp_path):
    path = tmp_path / "groot.yaml"
    path.write_bytes(b"a: " + b"x" * (safe_yaml.MAX_BYTES + 10))
    with pytest.raises(safe_yaml.YamlRefused, match=r"groot\.yaml: groter dan 5 MB"):
        safe_yaml.load_file(path)


def test_a_refusal_is_a_yaml_error_for_callers_that_already_report_those():
    assert issubclass(safe_yaml.YamlRefused, yaml.YAMLError)


def test_ordinary_yaml_reads_as_with_the_safe_loader(tmp_path):
    text = "gemeente: voorbeeld\nstart: 2026-01-01\npartners:\n  - naam: Politie\n    rol: [a, b]\n"
    assert safe_yaml.load(text, source="x.yaml") == yaml.safe_load(text)
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert safe_yaml.load_file(tmp_path / "bom.yaml") == yaml.safe_load(text)
    node = safe_yaml.compose(text, source="x.yaml")
    assert isinstance(node, yaml.MappingNode) and node.value[0][0].value == "gemeente"
