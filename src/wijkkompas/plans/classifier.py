"""A transparent classifier: multinomial naive Bayes over Dutch-stemmed words, word pairs and
the 5-letter pieces of long compound words ("woninginbraak" shares "inbra" with "inbraak"),
trained on the labelled examples in ``data/examples.tsv`` (written for this project) and on
every priority an analyst classified by hand.

It predicts a theme; a field's probability is the sum of its themes'. Every field within
``SECOND`` of the best is also given (multi-label); when the best field is below ``MARGIN`` the
answer is "niet ingedeeld" instead of a guess. The words that decided are the present features
that most favour the chosen theme over the others (log-likelihood ratio)."""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wijkkompas.knowledge.search.text import stem, words
from wijkkompas.plans import taxonomy

EXAMPLES = Path(__file__).parent / "data" / "examples.tsv"
MARGIN = 0.4  # below this probability of the best field: niet ingedeeld
SECOND = 0.3  # another field at least this probable is given as well
ALPHA = 0.1  # additive smoothing
SHOWN = 5
# Words every priority uses, whatever its theme ("aanpak", "veilig"): no evidence either way.
GENERIC = frozenset(
    stem(w)
    for w in [
        "aanpak",
        "aanpakken",
        "aanpakt",
        "voorkomen",
        "voorkomt",
        "verminderen",
        "terugdringen",
        "tegengaan",
        "tegen",
        "versterken",
        "vergroten",
        "verbeteren",
        "minder",
        "meer",
        "veilig",
        "veilige",
        "veiligheid",
        "integraal",
        "integrale",
        "samen",
        "samenwerking",
        "inzet",
        "inzetten",
        "speerpunt",
        "prioriteit",
        "accent",
        "blijft",
        "gemeente",
        "gemeentelijke",
        "onze",
        "beter",
        "eerder",
        "sneller",
        "houden",
        "maken",
        "bieden",
    ]
)


def tokens(text: str) -> list[str]:
    """The features of a text: stems, stem pairs and pieces of long words."""
    stems = [s for s in (stem(w) for w in words(text)) if s not in GENERIC]
    out = list(stems)
    out += [f"{a} {b}" for a, b in itertools.pairwise(stems)]
    for s in stems:
        if len(s) >= 9:
            out += [f"#{s[i : i + 5]}" for i in range(len(s) - 4)]
    return out


def read_examples(path: Path = EXAMPLES) -> list[tuple[str, str]]:
    """(theme code, text) pairs of the examples file (``theme<TAB>text``; # comments)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        theme, _, text = line.partition("\t")
        rows.append((theme.strip(), text.strip()))
    return rows


@dataclass
class Prediction:
    field_codes: list[str]
    theme_codes: list[str]
    confidence: float
    deciding_words: list[str]
    field_probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def unclassified(self) -> bool:
        return not self.field_codes


class Model:
    def __init__(self, examples: Iterable[tuple[str, str]]) -> None:
        theme_field = taxonomy.theme_field()
        counts: dict[str, Counter] = defaultdict(Counter)
        docs: Counter = Counter()
        for theme, text in examples:
            if theme not in theme_field:
                continue
            docs[theme] += 1
            counts[theme].update(tokens(text))
        self.themes = sorted(docs)
        self.theme_field = theme_field
        vocabulary = set().union(*counts.values()) if counts else set()
        self.vocabulary = vocabulary
        size = len(vocabulary) or 1
        total_docs = sum(docs.values()) or 1
        self.prior = {t: math.log(docs[t] / total_docs) for t in self.themes}
        self.loglik: dict[str, dict[str, float]] = {}
        self.unseen: dict[str, float] = {}
        for t in self.themes:
            total = sum(counts[t].values()) + ALPHA * size
            self.unseen[t] = math.log(ALPHA / total)
            self.loglik[t] = {w: math.log((n + ALPHA) / total) for w, n in counts[t].items()}

    def _score(self, theme: str, feats: list[str]) -> float:
        table, unseen = self.loglik[theme], self.unseen[theme]
        return self.prior[theme] + sum(table.get(w, unseen) for w in feats)

    def predict_tokens(self, feats: list[str]) -> Prediction:
        feats = [w for w in feats if w in self.vocabulary]
        if not feats or not self.themes:
            return Prediction([], [], 0.0, [])
        scores = {t: self._score(t, feats) for t in self.themes}
        top = max(scores.values())
        exp = {t: math.exp(s - top) for t, s in scores.items()}
        norm = sum(exp.values())
        theme_p = {t: v / norm for t, v in exp.items()}
        field_p: dict[str, float] = defaultdict(float)
        for t, p in theme_p.items():
            field_p[self.theme_field[t]] += p
        ranked = sorted(field_p.items(), key=lambda kv: -kv[1])
        best_field, best_p = ranked[0]
        if best_p < MARGIN:
            return Prediction([], [], round(best_p, 3), [], dict(field_p))
        fields = [f for f, p in ranked if f == best_field or p >= SECOND]
        themes = sorted(
            (t for t in theme_p if self.theme_field[t] in fields and theme_p[t] >= SECOND / 2),
            key=lambda t: (fields.index(self.theme_field[t]), -theme_p[t]),
        )
        best_theme = max((t for t in theme_p if self.theme_field[t] == best_field), key=theme_p.get)
        if best_theme not in themes:
            themes.insert(0, best_theme)
        return Prediction(
            fields, themes, round(best_p, 3), self.deciding(best_theme, feats), dict(field_p)
        )

    def predict(self, text: str) -> Prediction:
        return self.predict_tokens(tokens(text))

    def deciding(self, theme: str, feats: list[str]) -> list[str]:
        """The present words (no word pieces) that most favour ``theme`` over the others."""
        others = [t for t in self.themes if t != theme]
        weight = {}
        for w in set(feats):
            if w.startswith("#"):
                continue
            own = self.loglik[theme].get(w, self.unseen[theme])
            rest = max((self.loglik[t].get(w, self.unseen[t]) for t in others), default=own)
            if own > rest:
                weight[w] = own - rest
        return [w for w, _ in sorted(weight.items(), key=lambda kv: -kv[1])[:SHOWN]]


def train(extra: Iterable[tuple[str, str]] = ()) -> Model:
    """A model from the examples file plus ``extra`` (analyst corrections)."""
    return Model([*read_examples(), *extra])
