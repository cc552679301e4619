"""A refused or missing page is logged as one line; a server error keeps its traceback."""

from __future__ import annotations

import io
import logging

import pytest

from wijkkompas.core.logging import ClientErrorsOnOneLine


@pytest.fixture
def console():
    """The configured console handler (settings.LOGGING), writing into a buffer for the test."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorsOnOneLine) for f in h.filters)
    )
    buffer = io.StringIO()
    # Swapped without setStream's flush: an earlier test (the CLI's, under capsys) may have left a
    # closed stream here.
    old, handler.stream = handler.stream, buffer
    yield buffer
    handler.stream = old


def test_403_and_404_are_one_line_each(demo, client_for, console):
    client = client_for(demo["jongerenwerker"])
    assert client.get("/beheer/audittrail/").status_code == 403
    assert client.get("/bestaat-niet/").status_code == 404
    api = client.get("/api/v1/processing-register")
    assert api.status_code == 403
    lines = console.getvalue().splitlines()
    assert "Traceback" not in console.getvalue()
    assert any("Forbidden" in line and "/beheer/audittrail/" in line for line in lines)
    assert any("Not Found" in line and "/bestaat-niet/" in line for line in lines)
    assert len(lines) == 3, lines


def test_a_server_error_keeps_its_traceback(console):
    logger = logging.getLogger("django.request")
    try:
        raise ValueError("bug")
    except ValueError:
        logger.error("Internal Server Error: /x", exc_info=True, extra={"status_code": 500})
    assert "Traceback" in console.getvalue() and "ValueError: bug" in console.getvalue()
