"""Small knowledge and dossier factories: the dossier tests never depend on content/*.yaml."""

import factory

from wijkkompas.accounts.tests.factories import TenantFactory, UserFactory
from wijkkompas.dossiers.models import Dossier
from wijkkompas.knowledge.models import Instrument, Practice, Question, Source, SourceEntry, Theme

QUESTION_TEXTS = {
    1: ("kern", "Wat is de kern van het thema en wie zijn de partners?", Question.Scope.ALGEMEEN),
    2: (
        "effectieve-aanpak",
        "Hoe komt de gemeente tot een effectieve aanpak?",
        Question.Scope.ALGEMEEN,
    ),
    3: ("borging", "Hoe borgt de gemeente de aanpak?", Question.Scope.ALGEMEEN),
    4: ("lokale-risicos", "Wat zijn de huidige lokale veiligheidsrisico's?", Question.Scope.LOKAAL),
    5: (
        "lokale-aanpak",
        "Hoe ziet de lokale aanpak er nu uit en hoe effectief is die?",
        Question.Scope.LOKAAL,
    ),
    6: ("informatiepositie", "Hoe krachtig is de lokale informatiepositie?", Question.Scope.LOKAAL),
}


def six_questions() -> dict[int, Question]:
    """The six OOV questions (get-or-create, so tests may call it repeatedly)."""
    result = {}
    for number, (slug, text, scope) in QUESTION_TEXTS.items():
        result[number], _ = Question.objects.get_or_create(
            number=number, defaults={"slug": slug, "text": text, "scope": scope}
        )
    return result


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")
    description = "Korte omschrijving van het thema in eigen woorden."


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"bron-{n}")
    name = factory.Sequence(lambda n: f"Bron {n}")
    kind = Source.Kind.PARTNER
    internal = False


class SourceEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourceEntry
        skip_postgeneration_save = True

    source = factory.SubFactory(SourceFactory)
    theme = factory.SubFactory(ThemeFactory)
    offers = "Wat deze bron voor dit thema biedt."

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create and extracted:
            qs = six_questions()
            obj.questions.set([qs[n] for n in extracted])


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"praktijk-{n}")
    title = factory.Sequence(lambda n: f"Praktijkvoorbeeld {n}")
    municipality = "Tilburg"

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"instrument-{n}")
    name = factory.Sequence(lambda n: f"Instrument {n}")
    kind = Instrument.Kind.INSTRUMENT
    purpose = "Waarvoor het instrument dient."

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)

    @factory.post_generation
    def questions(obj, create, extracted, **kwargs):
        if create and extracted:
            qs = six_questions()
            obj.questions.set([qs[n] for n in extracted])


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier

    tenant = factory.SubFactory(TenantFactory)
    theme = factory.SubFactory(ThemeFactory)
    opened_by = factory.SubFactory(UserFactory)


def jonge_aanwas_theme() -> tuple[Theme, dict[str, SourceEntry]]:
    """A constructed theme with five recommended sources (kinds, origin and questions chosen so
    every share of the information position is different):

    ===  =============  ======  =========
    key  kind           origin  questions
    ===  =============  ======  =========
    e1   partner        intern  1, 4
    e2   partner        extern  4, 6
    e3   registratie    intern  4
    e4   publicatie     extern  1, 2
    e5   registratie    extern  6
    ===  =============  ======  =========
    """
    six_questions()
    theme = ThemeFactory(
        slug="jonge-aanwas",
        name="Jonge aanwas in de (georganiseerde) criminaliteit",
        description="Kinderen en jongeren die in de drugscriminaliteit worden geronseld.",
    )
    spec = {
        "e1": ("Team Jeugd en Onderwijs", Source.Kind.PARTNER, True, [1, 4]),
        "e2": ("Politie (wijkagent)", Source.Kind.PARTNER, False, [4, 6]),
        "e3": ("Leerplichtregistratie", Source.Kind.REGISTRATIE, True, [4]),
        "e4": ("Landelijke publicatie jonge aanwas", Source.Kind.PUBLICATIE, False, [1, 2]),
        "e5": ("Politieregistratie", Source.Kind.REGISTRATIE, False, [6]),
    }
    entries = {}
    for key, (name, kind, internal, questions) in spec.items():
        source = SourceFactory(
            name=name, slug=f"bron-{key}-{theme.pk}", kind=kind, internal=internal
        )
        entries[key] = SourceEntryFactory(
            source=source, theme=theme, questions=questions, offers=f"{name} helpt bij dit thema."
        )
    return theme, entries
