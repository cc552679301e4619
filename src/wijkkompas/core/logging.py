"""Logging filters for the settings' LOGGING."""

from __future__ import annotations

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """A 4xx answer (403, 404, 409 …) is the client's business: one line, no traceback.

    Django's request logger attaches the PermissionDenied or Http404 exception to its warning, so
    every refused request would otherwise print a full traceback; 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
