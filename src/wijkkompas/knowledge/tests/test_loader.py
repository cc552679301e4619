"""The content loader: strict validation with file/line/field, all-or-nothing, idempotent."""

import json
import re
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wijkkompas.knowledge import loader, services
from wijkkompas.knowledge.models import (
    Instrument,
    Practice,
    Question,
    Revision,
    Source,
    SourceEntry,
    SynonymGroup,
    Theme,
)
from wijkkompas.knowledge.tests.conftest import REAL_CONTENT

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Theme.objects.count(),
        Question.objects.count(),
        Source.objects.count(),
        SourceEntry.objects.count(),
        Practice.objects.count(),
        Instrument.objects.count(),
    )


def test_load_fixture_content(content_dir):
    report = loader.load(content_dir)
    assert _counts() == (2, 3, 3, 4, 1, 1)
    assert report.created == {
        "theme": 2,
        "question": 3,
        "source": 3,
        "practice": 1,
        "instrument": 1,
    }
    zvh = Source.objects.get(slug="zorg-en-veiligheidshuis")
    assert zvh.url == "https://www.zorgenveiligheidshuizen.nl"
    entry = zvh.entries.get(theme__slug="zorg-en-veiligheid")
    assert sorted(entry.questions.values_list("number", flat=True)) == [1, 4]
    instrument = Instrument.objects.get()
    assert instrument.steps == [
        {"name": "Bedrijfsproces", "description": "Breng de stappen in kaart."},
        {"name": "Barrières", "description": ""},
    ]
    assert SynonymGroup.objects.count() == 2
    assert Revision.objects.filter(action="geladen").count() == 10


def test_reload_is_idempotent_and_keeps_history(content_dir):
    loader.load(content_dir)
    revisions = Revision.objects.count()
    report = loader.load(content_dir)
    assert report.created == {} and report.updated == {} and report.removed == {}
    assert _counts() == (2, 3, 3, 4, 1, 1)
    assert Revision.objects.count() == revisions

    # A changed record is updated (new version, new revision); a vanished one is removed.
    entry_pk = SourceEntry.objects.get(source__slug="leerplichtregistratie").pk
    text = (content_dir / "sources.yaml").read_text()
    text = text.replace(
        "Schoolverzuim als vroeg signaal.", "Schoolverzuim en thuiszitters als vroeg signaal."
    )
    text = (
        text[: text.index("  - slug: zorg-en-veiligheidshuis")]
        + text[text.index("  - slug: leerplichtregistratie") :]
    )
    (content_dir / "sources.yaml").write_text(text)
    report = loader.load(content_dir)
    assert report.updated == {"source": 1} and report.removed == {"source": 1}
    leerplicht = Source.objects.get(slug="leerplichtregistratie")
    assert leerplicht.version == 2
    assert leerplicht.entries.get().pk == entry_pk  # updated in place: dossier statuses keep it
    assert "thuiszitters" in leerplicht.entries.get().offers
    assert not Source.objects.filter(slug="zorg-en-veiligheidshuis").exists()
    removed = Revision.objects.get(object_type="source", action="verwijderd")
    assert removed.snapshot["slug"] == "zorg-en-veiligheidshuis"  # history survives the removal
    assert Revision.objects.filter(object_type="source", object_id=leerplicht.pk).count() == 2


def test_reload_keeps_redactie_edits_while_file_record_is_unchanged(content_dir, demo):
    loader.load(content_dir)
    theme = Theme.objects.get(slug="jonge-aanwas")
    services.update_object(
        actor=demo["redacteur"],
        obj=theme,
        fields={"description": "Aangescherpt door de redactie."},
        expected_version=1,
    )
    created = services.create_object(
        actor=demo["redacteur"],
        object_type="theme",
        fields={"name": "Omgevingswet", "slug": "", "description": "Nieuw thema.", "order": 6},
    )
    loader.load(content_dir)
    assert Theme.objects.get(slug="jonge-aanwas").description == "Aangescherpt door de redactie."
    assert Theme.objects.filter(pk=created.pk).exists()  # created in the UI, not in the files: kept


BROKEN = [
    # (file, original text, replacement, expected line, expected field, message fragment)
    (
        "themes.yaml",
        "    order: 1\n",
        "    order: 1\n    colour: blauw\n",
        7,
        "colour",
        "onbekend veld",
    ),
    (
        "themes.yaml",
        "  - slug: zorg-en-veiligheid\n    name: Zorg en veiligheid / complexe casuïstiek\n",
        "  - slug: zorg-en-veiligheid\n",
        7,
        "name",
        "ontbreekt",
    ),
    ("themes.yaml", "    order: 2", "    order: twee", 11, "order", "geheel getal"),
    (
        "sources.yaml",
        "    internal: true",
        "    internal: misschien",
        27,
        "internal",
        "true of false",
    ),
    ("sources.yaml", "    kind: registratie", "    kind: database", 26, "kind", "onbekende waarde"),
    (
        "sources.yaml",
        "      - theme: zorg-en-veiligheid\n",
        "      - theme: cybercrime\n",
        18,
        "entries.theme",
        "onbekend thema",
    ),
    (
        "sources.yaml",
        "        questions: [1]\n",
        "        questions: [1, 7]\n",
        23,
        "entries.questions",
        "onbekend(e) vraag 7",
    ),
    (
        "sources.yaml",
        "  - slug: leerplichtregistratie",
        "  - slug: jongerenwerk",
        24,
        "slug",
        "komt al voor op regel 2",
    ),
    (
        "sources.yaml",
        "    url: https://www.zorgenveiligheidshuizen.nl",
        "    url: zorgenveiligheidshuizen",
        15,
        "url",
        "ongeldig webadres",
    ),
    (
        "practices.yaml",
        "    themes: [jonge-aanwas]",
        "    themes: [jonge-aanwas, overlast]",
        8,
        "themes",
        "onbekend(e) thema 'overlast'",
    ),
    (
        "practices.yaml",
        "    partners: [gemeente, politie, scholen]",
        "    partners: gemeente",
        9,
        "partners",
        "verwacht een lijst",
    ),
    (
        "instruments.yaml",
        "    questions: [1, 4]",
        "    questions: []",
        12,
        "questions",
        "verplicht",
    ),
    (
        "instruments.yaml",
        "      - name: Barrières\n",
        "      - name: Barrières\n        duur: 2 uur\n",
        11,
        "steps[2].duur",
        "onbekend veld",
    ),
    (
        "questions.yaml",
        "    scope: lokaal\n    description: Informatie",
        "    scope: lokaal\n    scope: algemeen\n    description: Informatie",
        15,
        "scope",
        "twee keer",
    ),
    ("questions.yaml", "  - number: 6", "  - number: 4", 11, "number", "komt al voor"),
    ("instruments.yaml", "    provider: CCV", "    provider: [CCV", 6, "", "geen geldige YAML"),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "field", "fragment"),
    BROKEN,
    ids=[f"{b[0]}:{b[4] or 'yaml'}" for b in BROKEN],
)
def test_broken_content_is_refused_with_file_line_field_and_nothing_loaded(
    content_dir, file, old, new, line, field, fragment
):
    path = content_dir / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(loader.ContentError) as info:
        loader.load(content_dir)
    errors = info.value.errors
    matching = [e for e in errors if e.file == file and e.field == field and fragment in e.message]
    assert matching, [str(e) for e in errors]
    assert matching[0].line == line, [str(e) for e in errors]
    assert _counts() == (0, 0, 0, 0, 0, 0)
    assert Revision.objects.count() == 0


def test_broken_reload_leaves_previous_content_untouched(content_dir):
    loader.load(content_dir)
    before = json.dumps(call_export())
    (content_dir / "themes.yaml").write_text(
        (content_dir / "themes.yaml").read_text().replace("order: 2", "order: -1")
    )
    (content_dir / "sources.yaml").write_text(
        (content_dir / "sources.yaml").read_text().replace("Jongerenwerkers", "Straatwerkers")
    )
    with pytest.raises(
        loader.ContentError, match=r"themes.yaml, regel 11, veld 'order': moet minstens 0 zijn"
    ):
        loader.load(content_dir)
    assert json.dumps(call_export()) == before


def test_hostile_yaml_is_refused_fast_and_named(content_dir):
    """A billion laughs in a content file: refused at the first alias, nothing loaded."""
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (content_dir / "themes.yaml").write_text(laughs)
    started = time.perf_counter()
    with pytest.raises(loader.ContentError, match=r"themes.yaml, regel 2.*anker \(\*a\)"):
        loader.load(content_dir)
    assert time.perf_counter() - started < 1.0
    assert _counts() == (0, 0, 0, 0, 0, 0)


def test_missing_file_is_named(content_dir):
    (content_dir / "practices.yaml").unlink()
    with pytest.raises(loader.ContentError, match=r"practices.yaml.*bestand ontbreekt"):
        loader.load(content_dir)


def call_export() -> dict:
    out = StringIO()
    call_command("knowledge", "export", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_cli_load_and_export(content_dir):
    out = StringIO()
    call_command("knowledge", "load", "--dir", str(content_dir), stdout=out)
    assert "Kennisbank geladen" in out.getvalue()
    data = call_export()
    assert set(data) == {"themes", "questions", "sources", "practices", "instruments"}
    zvh = next(s for s in data["sources"] if s["slug"] == "zorg-en-veiligheidshuis")
    assert zvh["entries"] == [
        {
            "theme": "jonge-aanwas",
            "offers": "Persoonsgerichte aanpak van jongeren die in de criminaliteit dreigen te raken.",
            "questions": [1],
        },
        {
            "theme": "zorg-en-veiligheid",
            "offers": "Bespreekt complexe casuïstiek met zorg- en strafpartners.",
            "questions": [1, 4],
        },
    ]
    assert data["practices"][0]["results"] == ["Meer dan tien partners verbonden"]


def test_cli_refuses_broken_content(content_dir):
    (content_dir / "themes.yaml").write_text(
        (content_dir / "themes.yaml")
        .read_text()
        .replace("    order: 1\n", "    order: 1\n    kleur: rood\n")
    )
    with pytest.raises(CommandError, match=r"themes.yaml, regel 7, veld 'kleur'"):
        call_command("knowledge", "load", "--dir", str(content_dir))
    assert Theme.objects.count() == 0


def test_export_roundtrips_through_the_loader(content_dir, tmp_path):
    loader.load(content_dir)
    data = call_export()
    import yaml

    target = tmp_path / "roundtrip"
    target.mkdir()
    for key, records in data.items():
        (target / f"{key}.yaml").write_text(
            yaml.safe_dump({key: records}, allow_unicode=True, sort_keys=False)
        )
    report = loader.load(target)
    assert report.removed == {}
    assert call_export() == data


def test_real_content_meets_the_issue_counts(real_content):
    """The Kompas content in content/: 5 themes, 6 questions, >= 95 theme-source entries,
    >= 12 practices, >= 12 instruments, every source with kind, internal/external and a question."""
    data = call_export()
    assert len(data["themes"]) == 5
    assert len(data["questions"]) == 6
    assert sorted(q["scope"] for q in data["questions"]) == ["algemeen"] * 3 + ["lokaal"] * 3
    assert sum(len(s["entries"]) for s in data["sources"]) >= 95
    assert len(data["practices"]) >= 12
    assert len(data["instruments"]) >= 12
    for source in data["sources"]:
        assert source["kind"] in {"partner", "registratie", "publicatie"}, source["slug"]
        assert isinstance(source["internal"], bool), source["slug"]
        assert any(entry["questions"] for entry in source["entries"]), source["slug"]
    shared = [s for s in data["sources"] if len(s["entries"]) > 1]
    assert shared, "a source used by several themes is one source with several entries"
    for practice in data["practices"]:
        assert practice["themes"] and practice["summary"], practice["slug"]
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", json.dumps(data)), (
        "no e-mail addresses in content"
    )
    assert REAL_CONTENT.is_dir()


def test_cli_check_validates_without_loading(content_dir):
    out = StringIO()
    call_command("knowledge", "check", "--dir", str(content_dir), stdout=out)
    assert (
        "De content is in orde: 2 thema's, 3 vragen, 3 bronnen met 4 vermeldingen" in out.getvalue()
    )
    assert Theme.objects.count() == 0
    (content_dir / "questions.yaml").write_text(
        (content_dir / "questions.yaml").read_text().replace("scope: algemeen", "scope: overal")
    )
    with pytest.raises(
        CommandError, match=r"questions.yaml, regel 5, veld 'scope': onbekende waarde 'overal'"
    ):
        call_command("knowledge", "check", "--dir", str(content_dir))
