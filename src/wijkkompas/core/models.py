"""Abstract model bases and field factories that several apps share. No tables of its own: every
base here is abstract, and a field made by a factory is the same field it was written out as, so
using them changes no schema. Imports no app."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from wijkkompas.core.records import RESIDENT, SYSTEM_AUTHOR, Provenance

__all__ = ["RESIDENT", "SYSTEM_AUTHOR", "ProcessingRecord", "Provenance"]


class Versioned(models.Model):
    """A row that is edited concurrently: ``version`` goes up by one on every write, and a write
    that names an older version is refused (``core.versioning``)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class TimeStamped(models.Model):
    """When the row was created and when it was last saved."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Event(models.Model):
    """An entry in a history that is read in the order it happened (``at``, then id)."""

    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


def user_ref(
    verbose_name: str | None = None, *, blank: bool = False, related_name: str = "+"
) -> models.ForeignKey:
    """The user who did something (created, decided, pinned …). The row outlives the user
    (``SET_NULL``), and by default the user gets no reverse accessor."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
    )


FACT_FIELDS = ("legal_basis", "purpose", "source_organisation", "author")


class ProcessingRecord(models.Model):
    """A person-related record that carries its own processing facts (AVG art. 5(1)(e), 30):
    legal basis, purpose, source organisation, author (a username, ``"bewoner"`` or
    ``"systeem"``) and the date until which it may be kept. Set when the record is created
    (``core.records.stamp``) and ``retain_until`` moved when its status changes; retention
    removes or anonymises what is past ``retain_until``. The texts are copies, not links, so the
    record still says on what basis it was made after a covenant or campaign has changed.

    A subclass with its own ``Meta`` must extend ``ProcessingRecord.Meta`` (or list
    ``ProcessingRecord.Meta.constraints``) so the database refuses an empty fact.

    A record can stamp itself: a subclass that defines ``provenance()`` gets the facts it lacks
    from it on save (what a service set, e.g. ``author``, is kept), and one that defines
    ``term()`` has its date recomputed on every write, ``save()`` and ``core.versioning``
    alike, so a status change moves the term without the service having to remember it."""

    legal_basis = models.CharField("grondslag", max_length=300)
    purpose = models.CharField("doel", max_length=300)
    source_organisation = models.CharField("bronorganisatie", max_length=200)
    author = models.CharField("vastgelegd door", max_length=150)
    retain_until = models.DateField("bewaren tot", db_index=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(legal_basis="")
                & ~models.Q(purpose="")
                & ~models.Q(source_organisation="")
                & ~models.Q(author=""),
                name="%(app_label)s_%(class)s_processing_facts",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        changed = ["retain_until"]
        if not all(getattr(self, name) for name in FACT_FIELDS):
            facts = self.provenance()
            if facts is not None:
                changed += self.set_facts(facts, only_missing=True)
        self.restamp()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *changed}
        super().save(*args, **kwargs)
        self.propagate_term()

    def set_facts(self, facts: Provenance, *, only_missing: bool = False) -> list[str]:
        """Copy ``facts`` onto the record (cut to the columns' lengths); with ``only_missing``
        what is already set is kept. Returns the names of the fields set."""
        changed = []
        for name in FACT_FIELDS:
            if not (only_missing and getattr(self, name)):
                limit = type(self)._meta.get_field(name).max_length
                setattr(self, name, (getattr(facts, name) or "").strip()[:limit])
                changed.append(name)
        return changed

    def provenance(self) -> Provenance | None:
        """The facts a new record gets; None: the service stamps it (``core.records.stamp``)."""
        return None

    def term(self) -> date | None:
        """The record's date in its current state; None: the service sets it."""
        return None

    def restamp(self) -> None:
        """Recompute ``retain_until`` before a write (also one that does not go through
        ``save()``, ``core.versioning.save_versioned``)."""
        term = self.term()
        if term is not None:
            self.retain_until = term

    def propagate_term(self) -> None:
        """After a write: pass the term on to what follows this record (default: nothing)."""
