"""The inverted index and its ranking (BM25 with a heavier title field, compounds, synonyms and a
prefix for the last word typed), hits with lazily made snippets, and the filters."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import mark_safe

from wijkkompas.knowledge.search.documents import Document
from wijkkompas.knowledge.search.text import (
    _SURFACE_RE,
    STOPWORDS,
    Decompounder,
    fold,
    stem,
    stem_variants,
    verb_stem,
    words,
)

TYPES = ("theme", "question", "source", "practice", "instrument")
TYPE_LABELS = {
    "theme": "Thema",
    "question": "Vraag",
    "source": "Bron",
    "practice": "Praktijkvoorbeeld",
    "instrument": "Instrument of methode",
}
FIELD_WEIGHTS = {"title": 4.0, "keywords": 1.5, "body": 1.0}
PART_WEIGHT = 0.5  # a compound part found inside a longer word counts half
SYNONYM_WEIGHT = 0.8
PREFIX_WEIGHT = 0.6
K1, B = 1.2, 0.75


@dataclass
class Hit:
    """One result. The snippet is made on first use, so a long result list costs only the
    snippets of the page that is shown."""

    type: str
    id: int
    key: str
    title: str
    url: str
    score: float
    meta: dict[str, Any]
    _snippet: Any = field(default=None, repr=False)
    _highlighter: Any = field(default=None, repr=False)

    @property
    def snippet(self) -> str:
        if callable(self._snippet):
            self._snippet = self._snippet()
        return self._snippet or ""

    @property
    def snippet_html(self) -> str:
        """The snippet, HTML-escaped, with the matched words in <mark>."""
        if self._highlighter is None:
            return escape(self.snippet)
        return self._highlighter(self.snippet)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]


@dataclass
class Filters:
    theme: str = ""
    question: int | None = None
    kind: str = ""  # source kind
    internal: bool | None = None
    type: str = ""

    def active(self) -> bool:
        return bool(
            self.theme or self.question or self.kind or self.internal is not None or self.type
        )


class SearchIndex:
    """An inverted index: stem -> {document index: weighted term frequency}."""

    def __init__(self, docs: list[Document], synonym_groups: list[list[str]], generation: int = 0):
        self.generation = generation
        self.docs = docs
        lexicon: set[str] = set()
        doc_fields: list[dict[str, list[str]]] = []
        for doc in docs:
            fields = {
                "title": words(doc.title),
                "keywords": words(doc.meta.get("keywords", "")),
                "body": words(" ".join(doc.segments)),
            }
            doc_fields.append(fields)
            for ws in fields.values():
                lexicon.update(ws)
        for group in synonym_groups:
            for term in group:
                lexicon.update(words(term))
        self.decompounder = Decompounder(lexicon)
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        total = 0.0
        for i, (doc, fields) in enumerate(zip(docs, doc_fields, strict=True)):
            tf: Counter[str] = Counter()
            length = 0.0
            for name, ws in fields.items():
                weight = FIELD_WEIGHTS[name]
                for w in ws:
                    tf[stem(w)] += weight
                    for part in self.decompounder.split(w):
                        tf[stem(part)] += weight * PART_WEIGHT
                    verb = verb_stem(w)
                    if verb:
                        tf[verb] += weight * PART_WEIGHT
                    length += weight
            doc.length = length
            total += length
            for term, freq in tf.items():
                self.postings[term][i] = freq
        self.avg_length = total / len(docs) if docs else 1.0
        self.vocabulary = sorted(self.postings)
        self.idf = {
            t: math.log(1 + (len(docs) - len(p) + 0.5) / (len(p) + 0.5))
            for t, p in self.postings.items()
        }
        self.synonyms: dict[str, list[list[str]]] = defaultdict(list)
        for group in synonym_groups:
            terms = [words(term) for term in group]
            expansions: list[list[str]] = []
            for term_words in terms:
                if len(term_words) == 1:
                    expansions.extend([v] for v in stem_variants(term_words[0]))
                elif term_words:
                    expansions.append([stem(w) for w in term_words])
            for term_words in terms:
                if len(term_words) == 1:
                    own = stem_variants(term_words[0])
                    for key in own:
                        self.synonyms[key].extend(
                            e for e in expansions if not (len(e) == 1 and e[0] in own)
                        )

    # --- query side ---

    def _concepts(self, query: str) -> list[list[tuple[tuple[str, ...], float]]]:
        """Per query word its alternatives: (stems that must all match, weight)."""
        qwords = words(query)
        concepts = []
        for n, w in enumerate(qwords):
            s = stem(w)
            alternatives: list[tuple[tuple[str, ...], float]] = [
                ((v,), 1.0 if v == s else 0.95) for v in stem_variants(w)
            ]
            parts = self.decompounder.split(w)
            if parts:
                alternatives.append((tuple(stem(p) for p in parts), 0.9))
            seen_synonyms = set()
            for variant in stem_variants(w):
                for syn in self.synonyms.get(variant, []):
                    if tuple(syn) not in seen_synonyms:
                        seen_synonyms.add(tuple(syn))
                        alternatives.append((tuple(syn), SYNONYM_WEIGHT))
            for part in parts:
                for syn in self.synonyms.get(stem(part), []):
                    others = tuple(stem(p) for p in parts if p != part)
                    alternatives.append((tuple(syn) + others, SYNONYM_WEIGHT * 0.9))
            if n == len(qwords) - 1 and s not in self.postings and len(w) >= 3:
                start = bisect_left(self.vocabulary, w)
                for term in self.vocabulary[start : start + 8]:
                    if not term.startswith(w):
                        break
                    alternatives.append(((term,), PREFIX_WEIGHT))
            concepts.append(alternatives)
        return concepts

    def _term_scores(self, term: str, candidates: set[int] | None) -> dict[int, float]:
        postings = self.postings.get(term)
        if not postings:
            return {}
        idf = self.idf[term]
        result = {}
        for i, tf in postings.items():
            if candidates is not None and i not in candidates:
                continue
            norm = tf + K1 * (1 - B + B * self.docs[i].length / self.avg_length)
            result[i] = idf * tf * (K1 + 1) / norm
        return result

    def _candidates(self, filters: Filters) -> set[int] | None:
        if not filters.active():
            return None
        result = set()
        for i, doc in enumerate(self.docs):
            if filters.type and doc.type != filters.type:
                continue
            if filters.theme and filters.theme not in doc.themes:
                continue
            if filters.question:
                if doc.type == "source" and filters.theme:
                    if (filters.theme, filters.question) not in doc.pairs:
                        continue
                elif filters.question not in doc.questions:
                    continue
            if (filters.kind or filters.internal is not None) and doc.type != "source":
                continue
            if filters.kind and doc.kind != filters.kind:
                continue
            if filters.internal is not None and doc.internal != filters.internal:
                continue
            result.add(i)
        return result

    def search(
        self, query: str, filters: Filters | None = None, limit: int | None = 20
    ) -> tuple[list[Hit], int]:
        """Ranked hits (best first) and the total number of matches."""
        filters = filters or Filters()
        candidates = self._candidates(filters)
        concepts = self._concepts(query)
        if not concepts:
            if not filters.active():
                return [], 0
            ordered = sorted(
                candidates or [],
                key=lambda i: (
                    TYPES.index(self.docs[i].type),
                    self.docs[i].meta.get("order", 0),
                    self.docs[i].title.lower(),
                ),
            )
            return [self._hit(i, 0.0, set()) for i in ordered[:limit]], len(ordered)
        totals: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        matched_terms: dict[int, set[str]] = defaultdict(set)
        for alternatives in concepts:
            best: dict[int, float] = {}
            for stems, weight in alternatives:
                per_term = [self._term_scores(t, candidates) for t in stems]
                if not per_term or (not per_term[0] and len(per_term) == 1):
                    continue
                docs_hit = set().union(*(p.keys() for p in per_term))
                for i in docs_hit:
                    present = [p[i] for p in per_term if i in p]
                    score = weight * sum(present) / len(stems) * (len(present) / len(stems))
                    if score > best.get(i, 0.0):
                        best[i] = score
                    matched_terms[i].update(
                        t for t, p in zip(stems, per_term, strict=True) if i in p
                    )
            for i, score in best.items():
                totals[i] += score
                matched[i] += 1
        n = len(concepts)
        scored = sorted(
            ((score * (matched[i] / n) ** 1.5, i) for i, score in totals.items()), reverse=True
        )
        top = scored if limit is None else scored[:limit]
        return [self._hit(i, score, matched_terms[i]) for score, i in top], len(scored)

    def _hit(self, i: int, score: float, terms: set[str]) -> Hit:
        doc = self.docs[i]
        return Hit(
            doc.type,
            doc.id,
            doc.key,
            doc.title,
            doc.url,
            round(score, 4),
            {**doc.meta, "themes": sorted(doc.themes)},
            lambda: self.snippet(doc, terms),
            lambda text: self.highlight(text, terms),
        )

    def highlight(self, text: str, terms: set[str]) -> str:
        """Escape ``text`` and wrap the words that matched the query in <mark>."""
        parts, last = [], 0
        for match in _SURFACE_RE.finditer(text):
            word = fold(match.group())
            stems = {stem(word), verb_stem(word)} | {stem(p) for p in self.decompounder.split(word)}
            if word not in STOPWORDS and stems & terms:
                parts.append(escape(text[last : match.start()]))
                parts.append(f"<mark>{escape(match.group())}</mark>")
                last = match.end()
        parts.append(escape(text[last:]))
        return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above

    def _segment_terms(self, doc: Document) -> list[set[str]]:
        if doc.segment_terms is None:
            result = []
            for segment in doc.segments:
                terms = set()
                for w in words(segment):
                    terms.add(stem(w))
                    terms.add(verb_stem(w))
                    terms.update(stem(p) for p in self.decompounder.split(w))
                result.append(terms)
            doc.segment_terms = result
        return doc.segment_terms

    def snippet(self, doc: Document, terms: set[str], width: int = 220) -> str:
        best, best_count = doc.segments[0] if doc.segments else "", -1
        if terms:
            for segment, segment_terms in zip(doc.segments, self._segment_terms(doc), strict=True):
                count = len(terms & segment_terms)
                if count > best_count:
                    best, best_count = segment, count
        best = " ".join(best.split())
        if len(best) <= width:
            return best
        if terms:
            folded = fold(best)
            positions = [p for p in (folded.find(t) for t in terms) if p >= 0]
            if positions:
                start = max(0, min(positions) - width // 3)
                if start:
                    start = best.find(" ", start) + 1
                cut = best[start : start + width]
                if start + width < len(best):
                    cut = cut.rsplit(" ", 1)[0] + " …"
                return ("… " if start else "") + cut
        return best[:width].rsplit(" ", 1)[0] + " …"
