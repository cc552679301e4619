"""Kennisbank pages: ``public`` (reading, search, tips; no login), ``editorial`` (the redactie's
queue, edits, history) and ``entries`` (a source at a theme). Edit views go through
``core.forms.submit``: a stale edit answers 409 with the user's input and the stored version."""
