"""Abstract model bases and field factories that several apps share. No tables of its own: every
base here is abstract, and a field made by a factory is the same field it was written out as, so
using them changes no schema. Imports no app."""

from django.conf import settings
from django.db import models


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
