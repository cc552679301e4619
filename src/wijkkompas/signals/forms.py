"""Forms of Signalen & casusoverleg. Choices (categories, partners, cases) are passed in by the
view from policy-filtered selectors; validation of meaning happens in the services. A form's field
names are its service's keyword arguments, so a view passes ``cleaned_data`` on as ``**d``."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from wijkkompas.core.forms import ChoicesForm
from wijkkompas.signals.models import (
    CaseMeeting,
    CaseTransition,
    DataClass,
    Escalation,
    Feedback,
    Intervention,
    Signal,
    Subject,
    TriageDecision,
)
from wijkkompas.signals.services import SHARE_OPTIONS


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def shown_when(field: str, *values: str) -> dict[str, str]:
    """Widget attributes that let wijkkompas.js show a field only for these choices of another
    field (progressive enhancement: without JavaScript every field shows, the service checks)."""
    return {"data-show-when": f"{field}={','.join(values)}"}


SUBJECT_NAMED = shown_when("subject_kind", "locatie", "bedrijf", "groep")
SUBJECT_PERSON = shown_when("subject_kind", "persoon")


class BuurtInput(forms.TextInput):
    """A text field for a CBS buurt code with the municipality's buurten (code and name) as
    suggestions: pick by name, or type a code as before."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})
        self.buurten: list[tuple[str, str]] = []

    def render(self, name, value, attrs=None, renderer=None):
        if not self.buurten:
            return super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}-buurten"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join(
            "", '<option value="{}">{} ({})</option>', ((c, n, c) for c, n in self.buurten)
        )
        return html + format_html('<datalist id="{}">{}</datalist>', list_id, options)


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class SignalForm(ChoicesForm):
    """The fast intake form for professionals (fits a phone screen)."""

    category = forms.ModelChoiceField(
        label="Categorie", queryset=None, empty_label="Kies een categorie"
    )
    description = forms.CharField(
        label="Wat heeft u gezien of gehoord?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Beschrijf feitelijk wat u waarnam. Geen namen in deze tekst: leg een persoon hieronder vast.",
    )
    observed_at = forms.DateTimeField(
        label="Wanneer?", widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    location = forms.CharField(label="Waar? (adres of plek)", required=False, max_length=200)
    area_code = forms.CharField(
        label="Buurt",
        required=False,
        max_length=12,
        widget=BuurtInput(),
        help_text="Typ de naam van de buurt en kies uit de lijst, of vul de CBS-code in"
        " (bijv. BU07720101); mag leeg blijven",
    )
    basis = forms.ChoiceField(
        label="Feit of aanname?", choices=Signal.Basis.choices, widget=forms.RadioSelect
    )
    observation = forms.ChoiceField(
        label="Eigen waarneming of van horen zeggen?",
        choices=Signal.Observation.choices,
        widget=forms.RadioSelect,
    )
    urgency = forms.ChoiceField(
        label="Urgentie",
        choices=Signal.Urgency.choices,
        widget=forms.RadioSelect,
        initial=Signal.Urgency.NORMAL,
    )
    subject_kind = forms.ChoiceField(
        label="Waar gaat het signaal over?",
        required=False,
        choices=[("", "Niet van toepassing"), *Subject.Kind.choices],
    )
    subject_label = forms.CharField(
        label="Adres, gebied, bedrijfsnaam of groepsnaam",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=SUBJECT_NAMED),
    )
    subject_kvk = forms.CharField(
        label="KvK-nummer (bedrijf)",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs=shown_when("subject_kind", "bedrijf")),
    )
    subject_pseudonym = forms.CharField(
        label="Bestaand pseudoniem (persoon)",
        required=False,
        max_length=20,
        help_text="bijv. P-AB12-CD34",
        widget=forms.TextInput(attrs=SUBJECT_PERSON),
    )
    subject_name = forms.CharField(
        label="Naam (persoon)",
        required=False,
        max_length=200,
        help_text="Wordt versleuteld opgeslagen; anderen zien alleen een pseudoniem.",
        widget=forms.TextInput(attrs=SUBJECT_PERSON),
    )
    subject_birth_date = forms.DateField(
        label="Geboortedatum (persoon)", required=False, widget=DateInput(attrs=SUBJECT_PERSON)
    )
    subject_address = forms.CharField(
        label="Adres (persoon)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=SUBJECT_PERSON),
    )
    special_data = forms.BooleanField(
        label="Bevat bijzondere of strafrechtelijke gegevens (gezondheid, strafbare feiten)",
        required=False,
    )

    querysets = {"category": "categories"}

    def __init__(self, *args, buurten: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_code"].widget.buurten = list(buurten)
        if not self.is_bound:
            self.initial.setdefault("observed_at", _now_local())


class PublicReportForm(ChoicesForm):
    category = forms.ModelChoiceField(
        label="Waar gaat uw melding over?", queryset=None, empty_label="Kies een onderwerp"
    )
    description = forms.CharField(
        label="Wat heeft u gezien?", widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    location = forms.CharField(label="Waar was het? (straat, plein of buurt)", max_length=200)
    observed_at = forms.DateTimeField(
        label="Wanneer was het? (mag leeg)",
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    contact_name = forms.CharField(label="Uw naam (niet verplicht)", required=False, max_length=200)
    contact_email = forms.EmailField(label="Uw e-mailadres (niet verplicht)", required=False)
    contact_phone = forms.CharField(
        label="Uw telefoonnummer (niet verplicht)", required=False, max_length=30
    )
    wants_feedback = forms.BooleanField(
        label="Ik wil horen wat er met mijn melding gebeurt", required=False
    )
    website = forms.CharField(label="Laat dit veld leeg", required=False)  # honeypot, hidden by CSS
    form_token = forms.CharField(widget=forms.HiddenInput)

    querysets = {"category": "categories"}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Waarom opent u dit dossier?",
        max_length=500,
        help_text="Verplicht. Uw reden wordt met uw naam en het tijdstip vastgelegd in de audittrail.",
    )


class AccessRequestForm(forms.Form):
    pseudonym = forms.CharField(label="Pseudoniem", required=False, max_length=20)
    name = forms.CharField(label="Of: naam", required=False, max_length=200)
    birth_date = forms.DateField(label="en geboortedatum", required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if not data.get("pseudonym") and not (data.get("name") and data.get("birth_date")):
            raise forms.ValidationError("Vul een pseudoniem in, of naam én geboortedatum.")
        return data


class PersonEditForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=200)
    birth_date = forms.DateField(label="Geboortedatum", widget=DateInput())
    address = forms.CharField(label="Adres", required=False, max_length=200)
    reason = forms.CharField(label="Reden van de wijziging", max_length=500)
    # Not required: a post without it reaches the service, which refuses it as a conflict (409).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TriageForm(ChoicesForm):
    decision = forms.ChoiceField(
        label="Besluit", choices=TriageDecision.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Reden", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    case = forms.ModelChoiceField(
        label="Bestaande casus (bij toevoegen)",
        queryset=None,
        required=False,
        widget=forms.Select(attrs=shown_when("decision", "toevoegen")),
    )
    case_title = forms.CharField(
        label="Titel nieuwe casus (bij casus openen; geen namen)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=shown_when("decision", "casus")),
    )
    organisation = forms.ModelChoiceField(
        label="Partner (bij doorsturen)",
        queryset=None,
        required=False,
        widget=forms.Select(attrs=shown_when("decision", "doorsturen")),
    )

    querysets = {"case": "cases", "organisation": "partners"}


class SignalEditForm(ChoicesForm):
    category = forms.ModelChoiceField(label="Categorie", queryset=None)
    urgency = forms.ChoiceField(label="Urgentie", choices=Signal.Urgency.choices)
    data_class = forms.TypedChoiceField(
        label="Gegevensklasse", choices=DataClass.choices, coerce=int
    )
    reason = forms.CharField(label="Reden van de wijziging", max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput)

    querysets = {"category": "categories"}


class FeedbackForm(forms.Form):
    message = forms.ChoiceField(
        label="Bericht aan de melder", choices=Feedback.Message.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(label="Kanaal", choices=Feedback.Channel.choices)


class CaseForm(ChoicesForm):
    title = forms.CharField(label="Titel (geen namen van personen)", max_length=200)
    summary = forms.CharField(
        label="Samenvatting", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(label="Categorie", queryset=None)
    data_class = forms.TypedChoiceField(
        label="Gegevensklasse", choices=DataClass.choices, coerce=int, initial=DataClass.GEWOON
    )
    partners = forms.ModelMultipleChoiceField(
        label="Betrokken partners",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    querysets = {"category": "categories", "partners": "partners"}

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["category"].disabled = True
            self.fields["category"].required = False


class TransitionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Go/no-go", choices=CaseTransition.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label="Motivering", widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingForm(ChoicesForm):
    title = forms.CharField(label="Titel", max_length=200)
    starts_at = forms.DateTimeField(
        label="Datum en tijd",
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.CharField(label="Plaats", required=False, max_length=200)
    participants = forms.ModelMultipleChoiceField(
        label="Deelnemende partners (alleen convenantpartners)",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    cases = forms.ModelMultipleChoiceField(
        label="Casussen op de agenda",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Algemene aantekeningen", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label="Status", choices=CaseMeeting.Status.choices, initial=CaseMeeting.Status.PLANNED
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    querysets = {"participants": "partners", "cases": "cases"}

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["cases"]
        else:
            del self.fields["notes"]
            del self.fields["status"]


class AgendaAddForm(ChoicesForm):
    case = forms.ModelChoiceField(label="Casus toevoegen aan de agenda", queryset=None)

    querysets = {"case": "cases"}


class DecisionsForm(forms.Form):
    decisions = forms.CharField(
        label="Besluiten", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    # Not required: a post without it reaches the service, which refuses it as a conflict (409).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ContributionForm(forms.Form):
    text = forms.CharField(
        label="Inbreng van uw organisatie", widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionItemForm(ChoicesForm):
    description = forms.CharField(label="Actie", max_length=300)
    owner = forms.ModelChoiceField(label="Eigenaar", queryset=None)
    due_date = forms.DateField(label="Uiterlijk", required=False, widget=DateInput())

    querysets = {"owner": "partners"}


class InterventionForm(ChoicesForm):
    kind = forms.ChoiceField(label="Soort", choices=Intervention.Kind.choices)
    title = forms.CharField(label="Interventie", max_length=200)
    description = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(label="Eigenaar (organisatie)", queryset=None)
    due_date = forms.DateField(label="Uiterlijk", required=False, widget=DateInput())

    querysets = {"owner": "partners"}


class InterventionUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Intervention.Status.choices)
    result = forms.CharField(
        label="Resultaat", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(label="Uiterlijk", required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


class EscalationForm(ChoicesForm):
    track = forms.ChoiceField(label="Spoor", choices=Escalation.Track.choices)
    target = forms.ModelChoiceField(label="Ontvangende organisatie", queryset=None)
    legal_basis = forms.CharField(label="Grondslag voor de verstrekking", max_length=300)
    reason = forms.CharField(
        label="Waarom is escalatie nodig?", widget=forms.Textarea(attrs={"rows": 3})
    )
    share = forms.MultipleChoiceField(
        label="Wat wordt gedeeld?",
        choices=list(SHARE_OPTIONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    querysets = {"target": "partners"}


class EscalationDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="Besluit",
        choices=[("1", "Goedkeuren en delen"), ("0", "Afwijzen")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}))


class StatsFilterForm(forms.Form):
    year = forms.IntegerField(label="Jaar", required=False, min_value=2000, max_value=2100)
    area_code = forms.CharField(label="Buurtcode", required=False, max_length=12)
