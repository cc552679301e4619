"""Finding the priorities of a plan with rules, each with the line that shows it is one.

The rules (in the order they win when two find the same priority):

- ``genummerd``: "Prioriteit 1: …", "Speerpunt 2 – …", "Accent 3. …";
- ``kop``: a heading "Speerpunt: …", "Prioriteit – …", "3.2 Speerpunt …";
- ``opsomming``: the bulleted (or numbered) list after a line such as "we zetten in op:",
  "onze prioriteiten zijn:" or "de speerpunten zijn:", and the short comma list in one sentence
  after such words;
- ``inhoud``: in a table of contents, the sub-entries of a chapter about the speerpunten,
  prioriteiten or accenten ("3 Onze speerpunten … 7" / "3.1 Ondermijning … 7"); a chapter
  about "thema's" counts only when the contents have no such chapter (real plans often set
  "Prioriteiten" apart from "Strategische thema's"), an "Overige …" chapter never; a sub-entry
  "3.1 Prioriteit 1: Titel" gives "Titel".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = r"(?:prioriteit|speerpunt|accent|focuspunt|kernopgave)"
NUMBERED = re.compile(
    rf"^\s*(?:\d+(?:\.\d+)*\.?\s+)?{KEYWORDS}(?:en)?\s+(\d+|[ivx]+)\s*[:.\-–—)]\s*(?P<title>.+)$",
    re.I,
)
HEADING = re.compile(
    rf"^\s*(?:\d+(?:\.\d+)*\.?\s+)?{KEYWORDS}\s*[:\-–—]\s*(?P<title>.+)$",
    re.I,
)
INLINE = (
    r"(?:we|wij) zetten (?:\w+ )?in op|zetten (?:we|wij) (?:\w+ )?in op"
    r"|onze (?:prioriteiten|speerpunten|accenten)(?: voor [\w\s-]+)? zijn"
    r"|inzetten op (?:de )?(?:veiligheids)?thema['’]?s"
)
# A list may follow any of these; the short list in one sentence only the INLINE ones.
TRIGGER = re.compile(
    rf"({INLINE}|de (?:prioriteiten|speerpunten|accenten)(?: voor [\w\s-]+)? zijn"
    r"|kiezen (?:we|wij) voor de volgende (?:prioriteiten|speerpunten|accenten)"
    r"|de volgende (?:prioriteiten|speerpunten|accenten))",
    re.I,
)
INLINE_TRIGGER = re.compile(INLINE, re.I)
BULLET = re.compile(r"^\s*(?:[-•*·–▪◦]|\(?[0-9]{1,2}[.)]|\(?[a-h][.)])\s+(?P<title>.+)$")
TOC_HEAD = re.compile(r"^\s*(inhoud|inhoudsopgave)\s*$", re.I)
TOC_LINE = re.compile(
    r"^\s*(?P<num>\d+(?:\.\d+)*)\.?\s+(?P<title>.+?)(?:\s*\.{2,}\s*|\s+)(?P<page>\d{1,3})\s*$"
)
TOC_KEYWORD_CHAPTER = re.compile(KEYWORDS, re.I)
TOC_THEME_CHAPTER = re.compile(r"thema['’]?s", re.I)
TOC_OTHER_CHAPTER = re.compile(r"^\s*overige\b", re.I)
MAX_TITLE = 120


@dataclass
class Candidate:
    title: str
    location: str
    evidence: str
    rule: str


def _clean(title: str) -> str:
    title = re.sub(r"\s*\.{2,}\s*\d*\s*$", "", title)  # dot leaders of a TOC line
    title = title.strip().strip(" ;,.:").strip()
    if title.lower().endswith(" en"):
        title = title[:-3].rstrip(" ,;")
    # "Ondermijning: we pakken …" → the part before the colon, when that is short
    head, sep, _rest = title.partition(":")
    if sep and 2 <= len(head) <= 60:
        title = head.strip()
    return title[:1].upper() + title[1:MAX_TITLE]


def key(title: str) -> str:
    """The normalised form two candidates are the same priority by."""
    return re.sub(r"[^a-z0-9à-ÿ]+", " ", title.lower()).strip()


def _location(kind: str, page: int, line_no: int, section: str) -> str:
    if kind == "pdf":
        return f"pagina {page}"
    return f"§ {section}" if section else f"regel {line_no}"


def _short_list(text: str) -> list[str]:
    """ "…zetten we in op ondermijning, woninginbraak en overlast." → its items, if short."""
    text = text.strip().rstrip(".")
    items = [p.strip() for p in re.split(r",\s*|\s+en\s+|;\s*", text) if p.strip()]
    if len(items) < 2 or any(len(i.split()) > 6 for i in items):
        return []
    return items


def _toc_chapters(lines: list[str]) -> set[str]:
    """The numbers of the chapters whose sub-entries are priorities, in the table of contents
    that starts at ``lines[0]`` (the line after "Inhoud")."""
    chapters = []
    for raw in lines:
        toc = TOC_LINE.match(raw.strip())
        if not raw.strip():
            continue
        if toc is None:
            break
        if "." not in toc["num"]:
            chapters.append((toc["num"], toc["title"]))
    named = {n for n, t in chapters if TOC_KEYWORD_CHAPTER.search(t)}
    if named:
        return named
    return {
        n for n, t in chapters if TOC_THEME_CHAPTER.search(t) and not TOC_OTHER_CHAPTER.match(t)
    }


def _toc_title(title: str) -> str:
    """ "Prioriteit 1: Samenwerken …" in a table of contents → "Samenwerken …"."""
    m = NUMBERED.match(title)
    return m["title"] if m else title


def extract(pages: list[str], kind: str = "text") -> list[Candidate]:
    found: list[Candidate] = []
    seen: set[str] = set()

    def add(title: str, where: str, evidence: str, rule: str) -> None:
        title = _clean(title)
        k = key(title)
        if len(k) < 3 or k in seen or len(title.split()) > 16:
            return
        seen.add(k)
        found.append(Candidate(title, where, evidence.strip()[:1000], rule))

    line_no = 0
    for page_no, page in enumerate(pages, start=1):
        lines = page.splitlines()
        section = ""
        in_toc = False
        toc_chapter: str | None = None
        toc_chapters: set[str] = set()
        list_open: str | None = None  # the trigger line of an open bulleted list
        for i, raw in enumerate(lines):
            line_no += 1
            line = raw.strip()
            where = _location(kind, page_no, line_no, section)
            if not line:
                continue
            if TOC_HEAD.match(line):
                in_toc, toc_chapter = True, None
                toc_chapters = _toc_chapters(lines[i + 1 :])
                continue
            toc = TOC_LINE.match(line)
            if in_toc:
                if toc is None:
                    in_toc = False
                else:
                    num, title = toc["num"], toc["title"]
                    if "." not in num:
                        toc_chapter = num if num in toc_chapters else None
                    elif toc_chapter and num.split(".")[0] == toc_chapter:
                        add(_toc_title(title), where, line, "inhoud")
                    continue
            heading = re.match(r"^(\d+(?:\.\d+)*)\.?\s+\S", line)
            if heading and len(line) < 90:
                section = heading.group(1)
                where = _location(kind, page_no, line_no, section)
            if list_open is not None:
                bullet = BULLET.match(line)
                if bullet:
                    add(bullet["title"], where, f"{list_open} {line}", "opsomming")
                    continue
                list_open = None
            m = NUMBERED.match(line)
            if m and len(line) < 200:
                add(m["title"], where, line, "genummerd")
                continue
            m = HEADING.match(line)
            if m and len(line) < 120 and not line.endswith("."):
                add(m["title"], where, line, "kop")
                continue
            trigger = TRIGGER.search(line)
            if trigger:
                if line.rstrip().endswith(":") or (
                    i + 1 < len(lines) and BULLET.match(lines[i + 1].strip() or "")
                ):
                    list_open = line
                    continue
                inline = INLINE_TRIGGER.search(line)
                for item in _short_list(line[inline.end() :]) if inline else []:
                    add(item, where, line, "opsomming")
    return found
