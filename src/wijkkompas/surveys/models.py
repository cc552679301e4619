"""Bewonerspeiling: surveys per tenant, their buurten and questions, and anonymous responses.

Anonymity is a property of the schema, not of a setting: ``Response``, ``Answer`` and
``FreeTextAnswer`` have no column for a user, an address, a cookie, a session or an invitation
code (``tests/test_anonymity.py`` reads the columns). A response keeps only its buurt, its
channel and the day it came in. Used invitation codes live in ``UsedCode`` keyed by a digest,
with no time, no order and no reference to a response, so a code cannot be traced to answers."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import models

from wijkkompas.accounts.models import Organisation, Tenant
from wijkkompas.core.models import ProcessingRecord, TimeStamped, Versioned


def new_token() -> str:
    return secrets.token_urlsafe(12)


class Survey(Versioned, TimeStamped):
    """One wave of a resident survey in some buurten of one tenant."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "In voorbereiding"
        OPEN = "open", "Loopt"
        CLOSED = "gesloten", "Gesloten"

    class Anonymity(models.TextChoices):
        ANONYMOUS = "anoniem", "Anoniem: geen persoonsgegevens, vrije tekst na controle"
        STRICT = "strikt", "Strikt anoniem: geen vrije tekst, alleen gesloten vragen"

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="surveys")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="surveys", verbose_name="eigenaar"
    )
    title = models.CharField("titel", max_length=200)
    introduction = models.TextField("inleiding voor bewoners", blank=True)
    template = models.CharField("sjabloon", max_length=40, blank=True)
    anonymity = models.CharField(
        "anonimiteit", max_length=10, choices=Anonymity.choices, default=Anonymity.ANONYMOUS
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONCEPT)
    opens_on = models.DateField("start")
    closes_on = models.DateField("einde")
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="eerdere peiling (vergelijking)",
    )

    class Meta:
        ordering = ["-opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="surveys_survey_period",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Anonymity is fixed at creation: no code path may change it afterwards.
        if self.pk is not None:
            stored = Survey.objects.filter(pk=self.pk).values_list("anonymity", flat=True).first()
            if stored is not None and stored != self.anonymity:
                raise ValidationError(
                    {"anonymity": "De anonimiteit ligt vast bij het aanmaken en kan niet wijzigen."}
                )
        super().save(*args, **kwargs)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def allows_free_text(self) -> bool:
        return self.anonymity == self.Anonymity.ANONYMOUS


class SurveyArea(models.Model):
    """A buurt in which a survey runs, with its own open link (``token``)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="areas")
    area_code = models.CharField("buurtcode", max_length=10)
    name = models.CharField("naam", max_length=200)
    token = models.CharField(max_length=32, unique=True, default=new_token)
    open_link = models.BooleanField("open link actief", default=True)

    class Meta:
        ordering = ["area_code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "area_code"], name="surveys_area_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.area_code})"


class Question(models.Model):
    """One question; ``show_if`` names an earlier question's code and the values that show it."""

    class Kind(models.TextChoices):
        SINGLE = "enkel", "Eén antwoord"
        MULTIPLE = "meer", "Meer antwoorden"
        SCALE = "schaal", "Schaal"
        NUMBER = "getal", "Getal"
        TEXT = "tekst", "Korte tekst"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("volgorde")
    code = models.SlugField("code", max_length=40)
    kind = models.CharField("soort", max_length=10, choices=Kind.choices)
    text = models.CharField("vraag", max_length=300)
    theme = models.CharField("thema", max_length=100, blank=True)
    options = models.JSONField("antwoordopties", default=list, blank=True)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=10)
    scale_labels = models.CharField("uitersten van de schaal", max_length=120, blank=True)
    required = models.BooleanField("verplicht", default=False)
    show_if_code = models.SlugField("alleen tonen als vraag", max_length=40, blank=True)
    show_if_values = models.JSONField("met antwoord", default=list, blank=True)
    added_by_municipality = models.BooleanField("eigen vraag", default=False)

    class Meta:
        ordering = ["survey", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="surveys_question_code_once")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def option_labels(self) -> dict[str, str]:
        return {o["value"]: o["label"] for o in self.options}


class Response(models.Model):
    """One filled-in form. Deliberately nothing about the person: no user, address, cookie,
    session, code or time of day — only the buurt, the channel and the day."""

    class Channel(models.TextChoices):
        OPEN_LINK = "open_link", "Open link"
        CODE = "uitnodiging", "Uitnodigingscode"
        PAPER = "papier", "Papieren formulier"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    area = models.ForeignKey(SurveyArea, on_delete=models.PROTECT, related_name="responses")
    channel = models.CharField("kanaal", max_length=12, choices=Channel.choices)
    received_on = models.DateField("datum")

    class Meta:
        indexes = [models.Index(fields=["survey", "area"])]

    def __str__(self) -> str:
        return f"reactie ({self.get_channel_display()})"


class Answer(models.Model):
    """A closed answer: ``value`` for one choice, ``values`` for several, ``number`` for a scale
    or a number."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(max_length=40, blank=True)
    values = models.JSONField(default=list, blank=True)
    number = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_once")
        ]

    def __str__(self) -> str:
        return f"antwoord op {self.question_id}"


class FreeTextAnswer(ProcessingRecord):
    """A resident's short text: it may name a person or an address, so it is shown only after a
    person checked it, never exported raw, and removed after its term."""

    class Review(models.TextChoices):
        PENDING = "te_controleren", "Nog te controleren"
        RELEASED = "vrijgegeven", "Vrijgegeven"
        WITHHELD = "achtergehouden", "Achtergehouden (noemt personen of adressen)"

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="free_texts")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="free_texts")
    text = models.TextField("tekst")
    review = models.CharField(max_length=16, choices=Review.choices, default=Review.PENDING)

    class Meta(ProcessingRecord.Meta):
        abstract = False


class InvitationCode(models.Model):
    """A printed code for the closed sample of one buurt. Whether it was used is not stored here
    but in ``UsedCode``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    area = models.ForeignKey(SurveyArea, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=12, unique=True)

    class Meta:
        ordering = ["area", "code"]

    def __str__(self) -> str:
        return self.code


class UsedCode(models.Model):
    """That a code was used: its digest as primary key (no sequence, no time, no response), so
    the order of use and the response it went with cannot be read back."""

    digest = models.CharField(max_length=64, primary_key=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return "gebruikte code"


class OpenLinkThrottle(models.Model):
    """Rate limit of the open link: a keyed digest of (client address, survey, hour) and a count,
    removed after a day; no reference to any response."""

    digest = models.CharField(max_length=64, primary_key=True)
    hour = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"begrenzing {self.hour:%H}:00"
