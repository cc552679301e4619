"""Forms of the Kennisbank: search filters, tips, and the redactie's edit forms."""

from __future__ import annotations

from django import forms

from wijkkompas.knowledge.models import (
    Instrument,
    Practice,
    Question,
    Source,
    SourceEntry,
    Theme,
    Tip,
)
from wijkkompas.knowledge.snapshots import FIELDS


class LinesField(forms.CharField):
    """A list of texts edited as one line per item."""

    widget = forms.Textarea(attrs={"rows": 5})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class StepsField(LinesField):
    """Instrument steps as lines 'naam: beschrijving'."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{s.get('name', '')}: {s.get('description', '')}".rstrip(": ") for s in value
            )
        return value

    def to_python(self, value):
        steps = []
        for line in super().to_python(value):
            name, _, description = line.partition(":")
            steps.append({"name": name.strip(), "description": description.strip()})
        return steps


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Zoekwoorden",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    type = forms.ChoiceField(
        label="Soort",
        required=False,
        choices=[
            ("", "Alles"),
            ("theme", "Thema's"),
            ("question", "Vragen"),
            ("source", "Bronnen"),
            ("practice", "Praktijkvoorbeelden"),
            ("instrument", "Instrumenten en methoden"),
        ],
    )
    theme = forms.ChoiceField(label="Thema", required=False)
    question = forms.TypedChoiceField(label="Vraag", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label="Soort bron", required=False, choices=[("", "Alle soorten"), *Source.Kind.choices]
    )
    internal = forms.ChoiceField(
        label="Intern of extern",
        required=False,
        choices=[
            ("", "Intern en extern"),
            ("intern", "Intern (binnen de gemeente)"),
            ("extern", "Extern"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [
            ("", "Alle thema's"),
            *Theme.objects.values_list("slug", "name"),
        ]
        self.fields["question"].choices = [
            ("", "Alle vragen"),
            *((q.number, f"{q.number}. {q.text[:70]}") for q in Question.objects.all()),
        ]


class TipForm(forms.Form):
    kind = forms.ChoiceField(label="Soort tip", choices=Tip.Kind.choices)
    subject = forms.CharField(label="Onderwerp", max_length=200)
    text = forms.CharField(
        label="Uw tip",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="Bijvoorbeeld: een bron die ontbreekt, een verouderd webadres of een thema dat u mist.",
    )
    contact = forms.CharField(
        label="Contactgegevens (optioneel)",
        max_length=200,
        required=False,
        help_text="Alleen als u wilt dat de redactie contact met u opneemt. Alleen de redactie ziet dit.",
    )
    website = forms.CharField(label="Laat dit veld leeg", required=False)  # honeypot


SLUG_LABEL = "Korte naam in het webadres"


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label="Toelichting bij deze wijziging (optioneel)", max_length=300, required=False
    )

    m2m_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].label = SLUG_LABEL
            self.fields[
                "slug"
            ].help_text = "Deel van het webadres; leeg laten om het uit de naam te maken."

    def model_values(self) -> tuple[dict, dict]:
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k in self._meta.fields and k not in self.m2m_fields
        }
        m2m = {k: self.cleaned_data[k] for k in self.m2m_fields}
        return data, m2m


def editable_fields(object_type: str) -> list[str]:
    """The fields the editorial form of ``object_type`` edits: every field its content file holds
    (``snapshots.FIELDS``, so form and history cannot drift apart), the name before the slug
    (which may be left empty), without a source's entries (they have their own page)."""
    fields = [name for name in FIELDS[object_type] if name != "entries"]
    if fields[0] == "slug" and fields[1] in ("name", "title"):
        fields[0], fields[1] = fields[1], fields[0]
    return fields


class ThemeForm(VersionedForm):
    class Meta:
        model = Theme
        fields = editable_fields("theme")


class QuestionForm(VersionedForm):
    class Meta:
        model = Question
        fields = editable_fields("question")


class SourceForm(VersionedForm):
    internal = forms.TypedChoiceField(
        label="Intern of extern",
        choices=[
            ("True", "Intern (binnen de eigen gemeentelijke organisatie)"),
            ("False", "Extern"),
        ],
        coerce=lambda v: v == "True",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Source
        fields = editable_fields("source")


_CHECKS = forms.CheckboxSelectMultiple


class PracticeForm(VersionedForm):
    partners = LinesField(label="Partners (één per regel)", required=False)
    method_steps = LinesField(label="Werkwijze: stappen (één per regel)", required=False)
    results = LinesField(label="Resultaten (één per regel)", required=False)
    success_factors = LinesField(label="Succesfactoren (één per regel)", required=False)
    bottlenecks = LinesField(label="Knelpunten (één per regel)", required=False)
    m2m_fields = ("themes",)

    class Meta:
        model = Practice
        fields = editable_fields("practice")
        widgets = {"themes": _CHECKS}


class InstrumentForm(VersionedForm):
    steps = StepsField(label="Stappen (één per regel: naam: beschrijving)", required=False)
    m2m_fields = ("themes", "questions")

    class Meta:
        model = Instrument
        fields = editable_fields("instrument")
        widgets = {"themes": _CHECKS, "questions": _CHECKS}


FORMS = {
    "theme": ThemeForm,
    "question": QuestionForm,
    "source": SourceForm,
    "practice": PracticeForm,
    "instrument": InstrumentForm,
}


class SourceEntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SourceEntry
        fields = ["source", "theme", "offers", "questions"]
        widgets = {"questions": _CHECKS}
        labels = {"source": "Bron", "theme": "Thema"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].required = True
        self.fields["questions"].label_from_instance = lambda q: f"{q.number}. {q.text}"
        if self.instance.pk:
            self.fields["source"].disabled = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version

    def validate_unique(self):
        """Uniqueness per (source, theme) is checked by the service with a clear message."""

    def validate_constraints(self):
        """See validate_unique."""


class TipHandleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label="Besluit",
        choices=[
            (Tip.Status.ACCEPTED, "Verwerkt (overgenomen)"),
            (Tip.Status.REJECTED, "Afgewezen"),
            (Tip.Status.OPEN, "Weer open zetten"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Notitie van de redactie",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Reden van verwijderen", max_length=300)
