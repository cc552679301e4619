"""Public read API of the Kennisbank (published knowledge: ``auth=None`` for the whole router,
see policy.PUBLIC_API_OPERATIONS)."""

from typing import Literal

from ninja import Field, Query, Schema

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import ApiRouter
from wijkkompas.knowledge import search, selectors

router = ApiRouter(tags=["kennisbank"], auth=None)


def _absolute(context, url: str) -> str:
    return context["request"].build_absolute_uri(url)


class _Linked(Schema):
    """Fills the ``url`` field a subclass declares (where it stands in the documented shape) with
    the object's absolute address."""

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())


class KnowledgeQuestionOut(_Linked):
    number: int
    slug: str
    text: str
    scope: str
    description: str
    url: str


class ThemeOut(_Linked):
    slug: str
    name: str
    description: str
    order: int
    url: str


def _numbers(questions) -> list[int]:
    return sorted(q.number for q in questions.all())


def _slugs(themes) -> list[str]:
    return sorted(t.slug for t in themes.all())


class EntryOut(Schema):
    theme: str = Field(description="slug van het thema")
    offers: str = Field(description="wat de bron voor dit thema biedt")
    questions: list[int] = Field(description="nummers van de vragen waarbij de bron helpt")

    @staticmethod
    def resolve_theme(entry) -> str:
        return entry.theme.slug

    @staticmethod
    def resolve_questions(entry) -> list[int]:
        return _numbers(entry.questions)


class SourceOut(_Linked):
    slug: str
    name: str
    kind: Literal["partner", "registratie", "publicatie"]
    internal: bool
    web_address: str = Field(description="waar de bron te vinden is (leeg als onbekend)")
    description: str
    url: str
    entries: list[EntryOut]

    @staticmethod
    def resolve_web_address(obj) -> str:
        return obj.url

    @staticmethod
    def resolve_entries(obj) -> list:
        return list(obj.entries.all())


class ThemeSourceOut(Schema):
    """A source as recommended for one theme (from its ``SourceEntry``)."""

    source: str = Field(alias="source.slug")
    name: str = Field(alias="source.name")
    kind: str = Field(alias="source.kind")
    internal: bool = Field(alias="source.internal")
    offers: str
    questions: list[int]
    url: str

    @staticmethod
    def resolve_questions(entry) -> list[int]:
        return _numbers(entry.questions)

    @staticmethod
    def resolve_url(entry, context) -> str:
        return _absolute(context, entry.source.get_absolute_url())


class ThemeDetailOut(ThemeOut):
    sources: list[ThemeSourceOut]
    practices: list[str]
    instruments: list[str]

    @staticmethod
    def resolve_sources(obj) -> list:
        return list(selectors.recommended_entries(obj))

    @staticmethod
    def resolve_practices(obj, context) -> list[str]:
        user = context["request"].user
        return [p.slug for p in selectors.practices(user, theme=obj.slug)]

    @staticmethod
    def resolve_instruments(obj, context) -> list[str]:
        user = context["request"].user
        return [i.slug for i in selectors.instruments(user, theme=obj.slug)]


class PracticeOut(_Linked):
    slug: str
    title: str
    municipality: str
    neighbourhood: str
    start_year: int | None
    target_group: str
    themes: list[str]
    partners: list[str]
    summary: str
    origin: str
    method_steps: list[str]
    results: list[str]
    success_factors: list[str]
    bottlenecks: list[str]
    future: str
    url: str

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return _slugs(obj.themes)


class InstrumentStepOut(Schema):
    name: str
    description: str = ""


class InstrumentOut(_Linked):
    slug: str
    name: str
    kind: str
    provider: str
    purpose: str
    description: str
    steps: list[InstrumentStepOut]
    themes: list[str]
    questions: list[int]
    web_address: str
    url: str

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return _slugs(obj.themes)

    @staticmethod
    def resolve_questions(obj) -> list[int]:
        return _numbers(obj.questions)

    @staticmethod
    def resolve_web_address(obj) -> str:
        return obj.url


class SearchResultOut(Schema):
    """A ``search.Hit``; its snippet is only made for the hits of the page returned."""

    type: Literal["theme", "question", "source", "practice", "instrument"]
    title: str
    url: str
    snippet: str

    @staticmethod
    def resolve_url(hit, context) -> str:
        return _absolute(context, hit.url)


class SearchFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="zoekwoorden (Nederlands; stam, accenten en synoniemen worden meegenomen)",
    )
    theme: str = Field("", description="alleen bij dit thema (slug)")
    question: int | None = Field(None, ge=1, description="alleen bij deze vraag (nummer)")
    kind: Literal["", "partner", "registratie", "publicatie"] = Field(
        "", description="alleen bronnen van deze soort"
    )
    internal: bool | None = Field(
        None, description="alleen interne (true) of externe (false) bronnen"
    )
    type: Literal["", "theme", "question", "source", "practice", "instrument"] = Field(
        "", description="alleen deze soort resultaat"
    )


@router.paged("/themes", ThemeOut, summary="Thema's van de kennisbank")
def list_themes(request):
    return selectors.themes(request.user)


@router.get(
    "/themes/{slug}", response=ThemeDetailOut, summary="Eén thema met zijn aanbevolen bronnen"
)
def get_theme(request, slug: str):
    return selectors.get_published(request.user, "theme", slug=slug)


@router.paged("/questions", KnowledgeQuestionOut, summary="De zes standaardvragen")
def list_questions(request):
    return selectors.questions(request.user)


@router.paged("/sources", SourceOut, summary="Bronnen, optioneel per thema en/of vraag")
def list_sources(
    request,
    theme: str = Query("", description="slug van een thema"),
    question: int | None = Query(
        None, ge=1, description="nummer van een vraag (met theme: binnen dat thema)"
    ),
    kind: Literal["", "partner", "registratie", "publicatie"] = Query(""),
    internal: bool | None = Query(None),
):
    return selectors.sources(
        request.user, theme=theme, question=question, kind=kind, internal=internal
    ).order_by("name")


@router.get("/sources/{slug}", response=SourceOut, summary="Eén bron met wat zij per thema biedt")
def get_source(request, slug: str):
    return selectors.get_published(request.user, "source", slug=slug)


@router.paged("/practices", PracticeOut, summary="Praktijkvoorbeelden")
def list_practices(request, theme: str = Query("", description="slug van een thema")):
    return selectors.practices(request.user, theme=theme)


@router.paged("/instruments", InstrumentOut, summary="Instrumenten en methoden")
def list_instruments(request, theme: str = Query(""), question: int | None = Query(None, ge=1)):
    return selectors.instruments(request.user, theme=theme, question=question)


@router.paged("/search", SearchResultOut, summary="Zoeken in de kennisbank (beste resultaat eerst)")
def search_knowledge(request, filters: Query[SearchFilters]):
    policy.require(request.user, "list", "source")
    f = search.Filters(
        theme=filters.theme,
        question=filters.question,
        kind=filters.kind,
        internal=filters.internal,
        type=filters.type,
    )
    if not filters.q.strip() and not f.active():
        return []
    hits, _ = search.search(filters.q, f, limit=None)
    return hits
