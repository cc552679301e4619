"""Anonymity by construction: the tables that hold answers have no column for a user, an
address, a cookie, a session or an invitation code (read from the database itself), and
anonymity cannot change after creation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from wijkkompas.surveys.models import Answer, FreeTextAnswer, Response, Survey, UsedCode

from . import factories as f

pytestmark = pytest.mark.django_db

FORBIDDEN = (
    "user",
    "ip",
    "address",
    "adres",
    "cookie",
    "session",
    "code",
    "token",
    "email",
    "agent",
    "created",
    "time",
    "name",
    "naam",
)


@pytest.mark.parametrize("model", [Response, Answer, FreeTextAnswer, UsedCode])
def test_answer_tables_have_no_identifying_column(model):
    with connection.cursor() as cursor:
        columns = [
            c.name
            for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
        ]
    allowed = {"id", "response_id", "question_id", "survey_id", "area_id", "digest"}
    for column in columns:
        if column in allowed:
            continue
        assert not any(word in column.lower() for word in FORBIDDEN), (
            f"{model._meta.db_table}.{column}"
        )
    relations = {f.related_model._meta.label for f in model._meta.concrete_fields if f.is_relation}
    assert "accounts.User" not in relations and "surveys.InvitationCode" not in relations


def test_response_keeps_the_day_not_the_time():
    field = Response._meta.get_field("received_on")
    assert field.get_internal_type() == "DateField"


def test_anonymity_is_fixed_at_creation():
    s = f.survey()
    s.anonymity = Survey.Anonymity.STRICT
    with pytest.raises(ValidationError, match="ligt vast"):
        s.save()
    s.refresh_from_db()
    assert s.anonymity == Survey.Anonymity.ANONYMOUS


def test_strict_survey_has_no_free_text_question():
    s = f.survey(anonymity=Survey.Anonymity.STRICT)
    assert not s.questions.filter(kind="tekst").exists()
