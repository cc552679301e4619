"""Forms of the fieldwork pages (every form works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms

from wijkkompas.accounts.models import Organisation
from wijkkompas.accounts.roles import Role
from wijkkompas.fieldwork.models import Campaign, InformationCheck, Visit
from wijkkompas.knowledge.models import Source, Theme
from wijkkompas.programmes.models import Programme
from wijkkompas.signals.models import Category, Signal

FIELD_ROLES = [
    (r.value, r.label) for r in (Role.PROFESSIONAL, Role.PROCESREGISSEUR, Role.OOV_ADVISEUR)
]


class CampaignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="Naam", max_length=200)
    kind = forms.ChoiceField(label="Soort", choices=Campaign.Kind.choices)
    status = forms.ChoiceField(label="Status", choices=Campaign.Status.choices)
    goal = forms.CharField(label="Doel van de campagne", widget=forms.Textarea, required=False)
    area_codes = forms.CharField(
        label="Buurten (CBS-codes, gescheiden door komma's)", required=False, max_length=2000
    )
    starts_on = forms.DateField(label="Begint op", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Eindigt op", widget=forms.DateInput(attrs={"type": "date"}))
    team_organisations = forms.ModelMultipleChoiceField(
        label="Teamorganisaties",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    team_roles = forms.MultipleChoiceField(
        label="Rollen in het team", choices=FIELD_ROLES, widget=forms.CheckboxSelectMultiple
    )
    check_roles = forms.MultipleChoiceField(
        label="Rollen die de informatiecheck zien en vastleggen",
        choices=FIELD_ROLES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requires_check = forms.BooleanField(
        label="Informatiecheck verplicht vóór elk bezoek", required=False
    )
    questions = forms.CharField(
        label="Vragen van het gesprek",
        help_text="Eén vraag per regel; eindig met [ja/nee] of [keuze: a | b | c] voor een vaste keuze.",
        widget=forms.Textarea,
        required=False,
    )
    theme = forms.ModelChoiceField(label="Thema", queryset=Theme.objects.all(), required=False)
    programme = forms.ModelChoiceField(
        label="Aanpak (programma)", queryset=Programme.objects.none(), required=False
    )
    signal_category = forms.ModelChoiceField(
        label="Signaalcategorie voor signalen van ondermijning",
        queryset=Category.objects.none(),
        required=False,
    )
    legal_basis = forms.CharField(label="Grondslag van de bezoeken", max_length=300)
    purpose = forms.CharField(label="Doel van de verwerking", max_length=300)

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team_organisations"].queryset = Organisation.objects.filter(
            tenant_id=tenant_id
        ).order_by("name")
        self.fields["signal_category"].queryset = Category.objects.filter(tenant_id=tenant_id)
        self.fields["programme"].queryset = Programme.objects.filter(tenant_id=tenant_id)

    def clean_area_codes(self) -> list[str]:
        text = self.cleaned_data.get("area_codes") or ""
        return [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Adreslijst (CSV of XLSX)",
        help_text="Kolommen: straat, huisnummer, toevoeging, postcode, plaats; optioneel BAG-id, "
        "KvK-nummer, branche, cluster; coördinaten als x en y (RD) of breedtegraad en lengtegraad.",
    )


class CheckForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label="Geraadpleegde bronnen",
        queryset=Source.objects.order_by("kind", "name"),
        widget=forms.CheckboxSelectMultiple,
    )
    result = forms.CharField(label="Resultaat van de check", widget=forms.Textarea)
    strategy = forms.ChoiceField(
        label="Gekozen strategie",
        choices=InformationCheck.Strategy.choices,
        widget=forms.RadioSelect,
    )
    companions = forms.ModelMultipleChoiceField(
        label="Wie gaat mee",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, tenant_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["companions"].queryset = Organisation.objects.filter(
            tenant_id=tenant_id
        ).order_by("name")


class VisitForm(forms.Form):
    """The visit at the door. Its questions come from the campaign (``questions``)."""

    client_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    outcome = forms.ChoiceField(
        label="Uitkomst", choices=Visit.Outcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label="Notities", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_visit_on = forms.DateField(
        label="Volgend bezoek (leeg: voorstel bij niemand thuis)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    feedback_promise = forms.CharField(
        label="Toegezegde terugkoppeling aan bewoner of ondernemer", required=False, max_length=300
    )

    def __init__(self, *args: Any, questions: list[dict], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question_keys = []
        for q in questions:
            name = f"q_{q['key']}"
            self.question_keys.append((name, q["key"]))
            if q["kind"] == "ja_nee":
                field = forms.ChoiceField(
                    choices=[("", "—"), ("ja", "Ja"), ("nee", "Nee")], required=False
                )
            elif q["kind"] == "keuze":
                field = forms.ChoiceField(
                    choices=[("", "—"), *[(c, c) for c in q["choices"]]], required=False
                )
            else:
                field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
            field.label = q["label"]
            self.fields[name] = field

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name, "") for name, key in self.question_keys}


class SignalForm(forms.Form):
    description = forms.CharField(label="Wat heeft u gezien of gehoord?", widget=forms.Textarea)
    basis = forms.ChoiceField(
        label="Feit of aanname", choices=Signal.Basis.choices, widget=forms.RadioSelect
    )
    observation = forms.ChoiceField(
        label="Eigen waarneming of van horen zeggen",
        choices=Signal.Observation.choices,
        widget=forms.RadioSelect,
    )
