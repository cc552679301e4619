"""Public read API of the Kennisbank (published knowledge: ``auth=None``, see policy.PUBLIC_API_OPERATIONS)."""

from typing import Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from wijkkompas.accounts import policy
from wijkkompas.core.api_support import LinkPagination
from wijkkompas.knowledge import search, selectors
from wijkkompas.knowledge.models import Source, Theme

router = Router(tags=["kennisbank"])


class QuestionOut(Schema):
    number: int
    slug: str
    text: str
    scope: str
    description: str
    url: str


class ThemeOut(Schema):
    slug: str
    name: str
    description: str
    order: int
    url: str


class EntryOut(Schema):
    theme: str = Field(description="slug van het thema")
    offers: str = Field(description="wat de bron voor dit thema biedt")
    questions: list[int] = Field(description="nummers van de vragen waarbij de bron helpt")


class SourceOut(Schema):
    slug: str
    name: str
    kind: Literal["partner", "registratie", "publicatie"]
    internal: bool
    web_address: str = Field(description="waar de bron te vinden is (leeg als onbekend)")
    description: str
    url: str
    entries: list[EntryOut]


class ThemeSourceOut(Schema):
    source: str
    name: str
    kind: str
    internal: bool
    offers: str
    questions: list[int]
    url: str


class ThemeDetailOut(ThemeOut):
    sources: list[ThemeSourceOut]
    practices: list[str]
    instruments: list[str]


class PracticeOut(Schema):
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


class StepOut(Schema):
    name: str
    description: str = ""


class InstrumentOut(Schema):
    slug: str
    name: str
    kind: str
    provider: str
    purpose: str
    description: str
    steps: list[StepOut]
    themes: list[str]
    questions: list[int]
    web_address: str
    url: str


class SearchResultOut(Schema):
    type: Literal["theme", "question", "source", "practice", "instrument"]
    title: str
    url: str
    snippet: str


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


def _abs(request, url: str) -> str:
    return request.build_absolute_uri(url)


def _theme(request, t: Theme) -> dict:
    return {
        "slug": t.slug,
        "name": t.name,
        "description": t.description,
        "order": t.order,
        "url": _abs(request, t.get_absolute_url()),
    }


def _source(request, s: Source) -> dict:
    return {
        "slug": s.slug,
        "name": s.name,
        "kind": s.kind,
        "internal": s.internal,
        "web_address": s.url,
        "description": s.description,
        "url": _abs(request, s.get_absolute_url()),
        "entries": [
            {
                "theme": e.theme.slug,
                "offers": e.offers,
                "questions": sorted(q.number for q in e.questions.all()),
            }
            for e in s.entries.all()
        ],
    }


@router.get(
    "/themes",
    response=list[ThemeOut],
    auth=None,
    operation_id="list_themes",
    summary="Thema's van de kennisbank",
)
@paginate(LinkPagination)
def list_themes(request):
    return [_theme(request, t) for t in selectors.themes(request.user)]


@router.get(
    "/themes/{slug}",
    response=ThemeDetailOut,
    auth=None,
    operation_id="get_theme",
    summary="Eén thema met zijn aanbevolen bronnen",
)
def get_theme(request, slug: str):
    theme = policy.get_object_or_404(request.user, "view", "theme", Theme, slug=slug)
    sources = [
        {
            "source": e.source.slug,
            "name": e.source.name,
            "kind": e.source.kind,
            "internal": e.source.internal,
            "offers": e.offers,
            "questions": sorted(q.number for q in e.questions.all()),
            "url": _abs(request, e.source.get_absolute_url()),
        }
        for e in selectors.recommended_entries(theme)
    ]
    return {
        **_theme(request, theme),
        "sources": sources,
        "practices": [p.slug for p in selectors.practices(request.user, theme=theme.slug)],
        "instruments": [i.slug for i in selectors.instruments(request.user, theme=theme.slug)],
    }


@router.get(
    "/questions",
    response=list[QuestionOut],
    auth=None,
    operation_id="list_questions",
    summary="De zes standaardvragen",
)
@paginate(LinkPagination)
def list_questions(request):
    return [
        {
            "number": q.number,
            "slug": q.slug,
            "text": q.text,
            "scope": q.scope,
            "description": q.description,
            "url": _abs(request, q.get_absolute_url()),
        }
        for q in selectors.questions(request.user)
    ]


@router.get(
    "/sources",
    response=list[SourceOut],
    auth=None,
    operation_id="list_sources",
    summary="Bronnen, optioneel per thema en/of vraag",
)
@paginate(LinkPagination)
def list_sources(
    request,
    theme: str = Query("", description="slug van een thema"),
    question: int | None = Query(
        None, ge=1, description="nummer van een vraag (met theme: binnen dat thema)"
    ),
    kind: Literal["", "partner", "registratie", "publicatie"] = Query(""),
    internal: bool | None = Query(None),
):
    qs = selectors.sources(
        request.user, theme=theme, question=question, kind=kind, internal=internal
    ).order_by("name")
    return [_source(request, s) for s in qs]


@router.get(
    "/sources/{slug}",
    response=SourceOut,
    auth=None,
    operation_id="get_source",
    summary="Eén bron met wat zij per thema biedt",
)
def get_source(request, slug: str):
    source = policy.get_object_or_404(request.user, "view", "source", Source, slug=slug)
    return _source(request, source)


@router.get(
    "/practices",
    response=list[PracticeOut],
    auth=None,
    operation_id="list_practices",
    summary="Praktijkvoorbeelden",
)
@paginate(LinkPagination)
def list_practices(request, theme: str = Query("", description="slug van een thema")):
    return [
        {
            "slug": p.slug,
            "title": p.title,
            "municipality": p.municipality,
            "neighbourhood": p.neighbourhood,
            "start_year": p.start_year,
            "target_group": p.target_group,
            "themes": sorted(t.slug for t in p.themes.all()),
            "partners": p.partners,
            "summary": p.summary,
            "origin": p.origin,
            "method_steps": p.method_steps,
            "results": p.results,
            "success_factors": p.success_factors,
            "bottlenecks": p.bottlenecks,
            "future": p.future,
            "url": _abs(request, p.get_absolute_url()),
        }
        for p in selectors.practices(request.user, theme=theme)
    ]


@router.get(
    "/instruments",
    response=list[InstrumentOut],
    auth=None,
    operation_id="list_instruments",
    summary="Instrumenten en methoden",
)
@paginate(LinkPagination)
def list_instruments(request, theme: str = Query(""), question: int | None = Query(None, ge=1)):
    return [
        {
            "slug": i.slug,
            "name": i.name,
            "kind": i.kind,
            "provider": i.provider,
            "purpose": i.purpose,
            "description": i.description,
            "steps": i.steps,
            "themes": sorted(t.slug for t in i.themes.all()),
            "questions": sorted(q.number for q in i.questions.all()),
            "web_address": i.url,
            "url": _abs(request, i.get_absolute_url()),
        }
        for i in selectors.instruments(request.user, theme=theme, question=question)
    ]


@router.get(
    "/search",
    response=list[SearchResultOut],
    auth=None,
    operation_id="search_knowledge",
    summary="Zoeken in de kennisbank (beste resultaat eerst)",
)
@paginate(LinkPagination)
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
    return [_ApiHit(hit, request) for hit in hits]


class _ApiHit:
    """A search hit as the API shows it; the snippet is only made for the page returned."""

    def __init__(self, hit: search.Hit, request):
        self.type, self.title, self._hit, self._request = hit.type, hit.title, hit, request

    @property
    def url(self) -> str:
        return _abs(self._request, self._hit.url)

    @property
    def snippet(self) -> str:
        return self._hit.snippet
