"""YAML from files users hand us (covenants, Kennisbank content), read so it cannot hurt.

PyYAML's safe loader builds no objects, but it still expands aliases: a 1 KB "billion laughs"
(nine levels of ``&a [*b, *b, …]``) grows to gigabytes, and a walk over the composed nodes is just
as exponential. Our files have no use for anchors, so an alias is refused the moment the parser
meets it; nesting and size are bounded too, and a file that is not UTF-8 gets a Dutch sentence
instead of a UnicodeDecodeError. Every refusal is a ``YamlRefused`` (a ``yaml.YAMLError``, so
callers that already report YAML errors report these too), naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40


class YamlRefused(yaml.YAMLError):
    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line, self.message = source, line, message
        where = f"{source}, regel {line}" if line else source
        super().__init__(f"{where}: {message}")


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str, source: str) -> None:
        super().__init__(stream)
        self.source = source
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlRefused(
                self.source,
                event.start_mark.line + 1,
                f"verwijzingen naar een anker (*{event.anchor}) zijn niet toegestaan; "
                "schrijf de waarde uit",
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise YamlRefused(self.source, mark.line + 1, f"dieper genest dan {MAX_DEPTH} niveaus")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_text(path: Path | str) -> str:
    """The file as text: at most ``MAX_BYTES``, UTF-8 (with or without BOM)."""
    path = Path(path)
    with path.open("rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise YamlRefused(path.name, None, f"groter dan {MAX_BYTES // (1024 * 1024)} MB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlRefused(
            path.name, line, "het bestand is geen UTF-8; sla het op als UTF-8 en probeer opnieuw"
        ) from None


def _loader(text: str, source: str) -> _BoundedLoader:
    if len(text) > MAX_BYTES:
        raise YamlRefused(source, None, f"groter dan {MAX_BYTES // (1024 * 1024)} MB")
    return _BoundedLoader(text, source)


def compose(text: str, *, source: str) -> yaml.Node | None:
    """The node tree of one YAML document (for readers that report line numbers per field)."""
    loader = _loader(text, source)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str, *, source: str) -> Any:
    """The plain data of one YAML document."""
    loader = _loader(text, source)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_file(path: Path | str) -> Any:
    return load(read_text(path), source=Path(path).name)
