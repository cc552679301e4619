"""Load the Kennisbank from the reviewed YAML files in ``content/`` (issue 3, item 1).

Contract:
- Every file is validated against a strict schema first (unknown keys, missing required fields,
  wrong types, unknown theme slugs or question numbers, duplicates). Any error refuses the whole
  load with file, line and field named; nothing is written.
- Loading is idempotent and runs in one transaction: records are matched by slug (questions by
  number), a record whose file text has not changed since the last load is left alone (so edits made
  by the redactie in the UI survive a reload), changed records are updated, records that disappeared
  from the files are removed. Every change writes a revision, so the history is kept.

The package: ``schema`` (fields and errors), ``reading`` (validation), ``applying`` (the load).
"""

from wijkkompas.knowledge.loader.applying import LoadReport, load
from wijkkompas.knowledge.loader.reading import read_content
from wijkkompas.knowledge.loader.schema import FILES, ContentError, LoadError

__all__ = ["FILES", "ContentError", "LoadError", "LoadReport", "load", "read_content"]
