"""The field-level register: every concrete field of every model of ours is mapped to a data
category or declared not person-related (``signals.privacy_fields``), and the walk catches a new
unmapped field; every status of every person-related record has a term from the covenant."""

from __future__ import annotations

from django.apps.registry import Apps
from django.contrib.auth import get_user_model
from django.db import models

from wijkkompas.signals import privacy_fields
from wijkkompas.signals.models import Category
from wijkkompas.signals.selectors import covenant as register


def test_every_field_of_every_model_of_ours_is_decided():
    our = privacy_fields.our_models()
    assert {m._meta.app_label for m in our} >= {
        "accounts",
        "knowledge",
        "dossiers",
        "areas",
        "barriers",
        "signals",
    }
    assert privacy_fields.unclassified_fields(our) == []
    assert privacy_fields.stale_declarations() == []


def test_the_walk_fails_on_a_new_unmapped_field():
    """A synthetic ``signals.Signal`` (same label, so the real declaration applies): the mapped
    ``description`` passes, timestamps, flags and choice codes pass by rule, and each new text,
    JSON or free char field, and a new link to a person, is reported. It lives in a registry of
    its own, so the app's models are untouched."""

    class Signal(models.Model):
        description = models.TextField()
        received_at = models.DateTimeField()
        wants_feedback = models.BooleanField(default=False)
        status = models.CharField(max_length=10, choices=[("nieuw", "Nieuw")])
        category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
        new_note = models.TextField()
        new_payload = models.JSONField(default=dict)
        new_name = models.CharField(max_length=100)
        new_person = models.ForeignKey(get_user_model(), on_delete=models.CASCADE, related_name="+")

        class Meta:
            app_label = "signals"
            apps = Apps([])

        def __str__(self) -> str:
            return self.new_name

    assert privacy_fields.unclassified_fields([Signal]) == [
        "signals.Signal.new_note",
        "signals.Signal.new_payload",
        "signals.Signal.new_name",
        "signals.Signal.new_person",
    ]


def test_every_person_field_has_a_dutch_name():
    for model in privacy_fields.our_models():
        label = model._meta.label
        fields = privacy_fields.PERSON_FIELDS.get(label, {})
        if fields and privacy_fields.auto_named(model):
            assert label in privacy_fields.MODEL_LABELS, label
        for name in fields:
            if privacy_fields.auto_named(model, model._meta.get_field(name)):
                assert (label, name) in privacy_fields.FIELD_LABELS, (label, name)


def test_a_declared_field_that_is_gone_is_stale(monkeypatch):
    monkeypatch.setitem(
        privacy_fields.PERSON_FIELDS, "signals.Signal", {"no_such_field": "vrije_tekst"}
    )
    assert privacy_fields.stale_declarations() == ["signals.Signal.no_such_field"]


def test_every_person_field_belongs_to_exactly_one_processing_activity():
    activities = register.own_activities()
    listed = [
        (f.model, f.field)
        for groups in [register._field_groups(register.SIGNAL_MODELS)]
        + [a.field_groups for a in activities]
        for g in groups
        for f in g.fields
    ]
    assert len(listed) == len(set(listed))
    assert set(listed) == {(f.model, f.field) for f in privacy_fields.person_fields()}
    names = {c.label for c in privacy_fields.CATEGORIES.values()}
    for a in activities:
        assert a.terms and a.recipients and set(a.field_categories) <= names


def test_every_status_has_a_term_and_every_covenant_term_is_used():
    expected = set()
    for label, field_name in register.TERM_RECORDS:
        model = register.apps.get_model(label)
        expected |= {(label, value) for value, _ in model._meta.get_field(field_name).choices}
    assert set(register.STATUS_TERMS) == expected
    for f in Category._meta.concrete_fields:
        if f.name.startswith("retention_"):
            assert any("{" + f.name + "}" in t for t in register.STATUS_TERMS.values()), f.name


def test_terms_carry_the_categorys_months(db):
    from wijkkompas.signals.tests.factories import CategoryFactory

    category = CategoryFactory(
        retention_dismissed_months=7,
        retention_closed_months=31,
        retention_open_months=5,
        retention_forwarded_months=4,
        retention_open_case_months=19,
    )
    terms = {(t.record, t.status): t.term for t in register.category_terms(category)}
    assert terms[("Signaal", "Afgewezen")] == "7 maanden na afwijzing verwijderd."
    assert terms[("Casus", "Afgesloten")].startswith("31 maanden na het afsluiten")
    assert terms[("Signaal", "Nieuw (triage)")].startswith("5 maanden na ontvangst")
    assert terms[("Signaal", "Doorgestuurd naar partner")].startswith("4 maanden na het door")
    assert "Geen bewaartermijn" not in " ".join(terms.values())
    assert all("{" not in t for t in terms.values())
    # every status is named once; open statuses sharing a term are named together
    named = [
        (record, status)
        for (record, statuses) in terms
        for status in statuses.split(", ")
        if record in ("Casus", "Interventie", "Escalatie")
    ]
    assert len(named) == len(set(named)) == 6 + 4 + 3
    assert ("Casus", "Nieuw, In onderzoek, Casusoverleg, Interventies, Monitoren") in terms
    assert terms[
        ("Casus", "Nieuw, In onderzoek, Casusoverleg, Interventies, Monitoren")
    ].startswith("19 maanden na de laatste wijziging")
