"""Dutch text for the search: folding (lower case, no accents), words without stop words, the
Snowball stem and its variants, and splitting compounds against the knowledge base's own words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "alle",
        "alles",
        "als",
        "altijd",
        "andere",
        "ben",
        "bij",
        "daar",
        "dan",
        "dat",
        "de",
        "der",
        "deze",
        "die",
        "dit",
        "doch",
        "doen",
        "door",
        "dus",
        "een",
        "eens",
        "en",
        "er",
        "ge",
        "geen",
        "geweest",
        "haar",
        "had",
        "heb",
        "hebben",
        "heeft",
        "hem",
        "het",
        "hier",
        "hij",
        "hoe",
        "hun",
        "iemand",
        "iets",
        "ik",
        "in",
        "is",
        "ja",
        "je",
        "kan",
        "kon",
        "kunnen",
        "maar",
        "me",
        "meer",
        "men",
        "met",
        "mij",
        "mijn",
        "moet",
        "na",
        "naar",
        "niet",
        "niets",
        "nog",
        "nu",
        "of",
        "om",
        "omdat",
        "onder",
        "ons",
        "ook",
        "op",
        "over",
        "reeds",
        "te",
        "tegen",
        "toch",
        "toen",
        "tot",
        "u",
        "uit",
        "uw",
        "van",
        "veel",
        "voor",
        "want",
        "waren",
        "was",
        "wat",
        "we",
        "wel",
        "werd",
        "wezen",
        "wie",
        "wij",
        "wil",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zelf",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zonder",
        "zou",
        "via",
        "welke",
        "waar",
        "per",
        "bijv",
        "bijvoorbeeld",
        "wanneer",
    ]
)

_stemmer = snowballstemmer.stemmer("dutch")
_WORD_RE = re.compile(r"[a-z0-9]+")
_SURFACE_RE = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Casuïstiek' -> 'casuistiek'."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return [
        w
        for w in _WORD_RE.findall(fold(text))
        if w not in STOPWORDS and (len(w) > 1 or w.isdigit())
    ]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def verb_stem(word: str) -> str:
    """'ronselt' -> 'ronsel': the present-tense -t that Snowball leaves on some verbs."""
    if len(word) >= 6 and word.endswith("t") and not word.endswith(("tt", "heid", "iteit")):
        return word[:-1]
    return ""


def stem_variants(word: str) -> list[str]:
    """The stem, plus the stem without the plural/infinitive "-en": Snowball cuts "ronselen" to
    "ron" but "ronselt" and "geronseld" to "ronsel"; the variant bridges that."""
    result = [stem(word)]
    if len(word) > 6 and word.endswith("en"):
        for variant in (word[:-2], stem(word[:-2])):
            if variant not in result:
                result.append(variant)
    return result


class Decompounder:
    """Splits Dutch compounds into two known words, allowing the linking 's', 'e' and 'en'."""

    MIN_PART = 3
    MIN_WORD = 7

    def __init__(self, lexicon: set[str]):
        self.lexicon = {w for w in lexicon if len(w) >= self.MIN_PART and not w.isdigit()}
        self._cache: dict[str, tuple[str, ...]] = {}

    def split(self, word: str, depth: int = 0) -> tuple[str, ...]:
        if word in self._cache:
            return self._cache[word]
        best: tuple[str, ...] = ()
        best_score = 0
        if len(word) >= self.MIN_WORD and depth < 2:
            for i in range(self.MIN_PART, len(word) - self.MIN_PART + 1):
                left = word[:i]
                if left not in self.lexicon:
                    continue
                for linker in ("", "s", "e", "en"):
                    if not word.startswith(linker, i):
                        continue
                    right = word[i + len(linker) :]
                    if len(right) < self.MIN_PART:
                        continue
                    if right in self.lexicon:
                        parts: tuple[str, ...] = (left, right)
                    else:
                        sub = self.split(right, depth + 1)
                        if not sub:
                            continue
                        parts = (left, *sub)
                    score = min(len(p) for p in parts) * 10 - len(parts)
                    if score > best_score:
                        best, best_score = parts, score
        self._cache[word] = best
        return best
