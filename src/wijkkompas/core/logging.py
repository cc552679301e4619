"""Logging filters for the settings' LOGGING."""

from __future__ import annotations

import logging
import re

# A query string in a logged URL or request line: from "?" up to the next space or quote.
_QUERY = re.compile(r"\?[^\s\"']*")


def without_query_strings(text: str) -> str:
    """``text`` with every URL's query string left out (``/a/?name=X b`` -> ``/a/ b``)."""
    return _QUERY.sub("", text)


class ClientErrorsOnOneLine(logging.Filter):
    """A 4xx answer (403, 404, 409 …) is the client's business: one line, no traceback.

    Django's request logger attaches the PermissionDenied or Http404 exception to its warning, so
    every refused request would otherwise print a full traceback; 5xx keep theirs.

    A record of Django's loggers (``django.request``, ``django.security``, …) that passes here
    never prints a query string either: a name, birth date, search term or reason that travels
    in a URL stays out of the log (AVG art. 5(1)(c), 32). Its message is formatted here once,
    without the query strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        if record.name.startswith("django."):
            record.msg = without_query_strings(record.getMessage())
            record.args = None
        return True


class NoQueryStrings(logging.Filter):
    """Leaves every query string out of a record's message (for gunicorn's error log, which
    names the request URI when a request fails)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = without_query_strings(record.getMessage())
        record.args = None
        return True
