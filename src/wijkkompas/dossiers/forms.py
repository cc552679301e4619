from django import forms
from django.utils import timezone

from wijkkompas.dossiers.models import Status
from wijkkompas.dossiers.services import MAX_FINDING_LENGTH, MAX_NOTE_LENGTH
from wijkkompas.knowledge.models import Instrument, Practice


class OpenDossierForm(forms.Form):
    theme = forms.SlugField(label="Thema")


class SourceStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Status.choices)
    date = forms.DateField(
        label="Datum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(label="Notitie", required=False, max_length=MAX_NOTE_LENGTH)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    back = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_date(self):
        day = self.cleaned_data.get("date") or timezone.localdate()
        if day > timezone.localdate():
            raise forms.ValidationError("De datum mag niet in de toekomst liggen.")
        return day


def _markdown_field(label: str, rows: int, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_FINDING_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class FindingForm(forms.Form):
    text = _markdown_field(
        "Bevindingen",
        10,
        "Markdown: **vet**, *cursief*, lijstjes met '-', koppen met '##', links als [tekst](https://…).",
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class SummaryForm(forms.Form):
    """The summary and advice that open the koersnotitie."""

    summary = _markdown_field(
        "Samenvatting",
        8,
        "Wat moet het college weten? Markdown is toegestaan.",
    )
    advice = _markdown_field(
        "Advies", 6, "Wat adviseert u het college te besluiten? Markdown is toegestaan."
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "koers_%s")  # shares the dossier page with other forms
        super().__init__(*args, **kwargs)


class NextStepsForm(forms.Form):
    next_steps = _markdown_field(
        "Volgende stappen", 8, "Wat stelt u het college voor? Markdown is toegestaan."
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _checkbox_list(label: str) -> forms.ModelMultipleChoiceField:
    """Choices set per dossier by ``LinksForm.__init__``."""
    return forms.ModelMultipleChoiceField(
        label=label, queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )


class LinksForm(forms.Form):
    practices = _checkbox_list("Praktijkvoorbeelden")
    instruments = _checkbox_list("Instrumenten en methoden")
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, practices, instruments, **kwargs):
        kwargs.setdefault("auto_id", "links_%s")  # shares the dossier page with other forms
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = Practice.objects.filter(
            pk__in=[p.pk for p in practices]
        ).order_by("title")
        self.fields["instruments"].queryset = Instrument.objects.filter(
            pk__in=[i.pk for i in instruments]
        ).order_by("name")


class PinForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=250)
    url = forms.CharField(
        label="Adres",
        required=False,
        max_length=500,
        help_text="Een pagina in Wijkkompas (begint met /) of een webadres (https://…).",
    )
    note = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
