"""HTML forms of the Aanpak (labels in Dutch; the services do the real checks)."""

from __future__ import annotations

from django import forms

from wijkkompas.programmes.models import Action, Decision, Fact, Meeting, Partner

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartForm(forms.Form):
    template = forms.ModelChoiceField(queryset=None, label="Werkwijze")
    title = forms.CharField(label="Titel", max_length=200)
    lead_organisation = forms.ModelChoiceField(queryset=None, label="Trekker (organisatie)")
    theme = forms.ModelChoiceField(queryset=None, label="Thema (Kennisbank)", required=False)
    area_codes = forms.CharField(
        label="Gebieden (CBS-codes, gescheiden door komma's)", required=False, max_length=500
    )
    problem_definition = forms.CharField(
        label="Probleemdefinitie", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    goals = forms.CharField(
        label="Doelen", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    steering_group = forms.CharField(label="Stuurgroep (functies)", required=False, max_length=300)
    planned_end = forms.DateField(label="Geplande einddatum", widget=DATE, required=False)

    def __init__(self, *args, templates, organisations, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["lead_organisation"].queryset = organisations
        self.fields["theme"].queryset = themes

    def clean_area_codes(self) -> list[str]:
        raw = self.cleaned_data.get("area_codes") or ""
        return [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]


NO_GATE = "(geen go/no-go)"


class TemplateForm(forms.Form):
    """A municipality's own method: steps typed one per line, sub-steps under them with "-"."""

    title = forms.CharField(label="Naam van de werkwijze", max_length=200)
    key = forms.SlugField(
        label="Korte naam in adressen en exports",
        max_length=80,
        required=False,
        help_text="Kleine letters, cijfers en streepjes; leeg laten maakt er een van de naam.",
    )
    description = forms.CharField(
        label="Beschrijving", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    steps = forms.CharField(
        label="Stappen",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Eén stap per regel, in volgorde. Een regel die begint met '-' is een deelstap van "
            f"de stap erboven. Na elke stap volgt een go/no-go-besluit; zet '{NO_GATE}' achter "
            "een stap die er geen heeft."
        ),
    )

    def clean_steps(self) -> list[dict]:
        steps: list[dict] = []
        for number, raw in enumerate(self.cleaned_data["steps"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            if line[0] in "-*•":
                if not steps:
                    raise forms.ValidationError(
                        f"Regel {number}: een deelstap ('-') staat boven de eerste stap."
                    )
                steps[-1]["substeps"].append(line[1:].strip())
                continue
            gate = not line.lower().endswith(NO_GATE)
            title = line[: -len(NO_GATE)].strip() if not gate else line
            steps.append({"title": title, "substeps": [], "gate": gate})
        if not steps:
            raise forms.ValidationError("Geef minstens één stap.")
        return steps


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, label="Organisatie")
    role = forms.ChoiceField(choices=Partner.Role.choices, label="Rol")
    contribution = forms.CharField(label="Inbreng", required=False, max_length=300)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, label="Besluit")
    body = forms.ChoiceField(choices=Decision.Body.choices, label="Besloten door")
    decided_on = forms.DateField(label="Datum besluit", widget=DATE)
    meeting = forms.ModelChoiceField(queryset=None, label="In overleg", required=False)
    rationale = forms.CharField(label="Onderbouwing", widget=forms.Textarea(attrs={"rows": 3}))
    fact_1 = forms.CharField(label="Onderbouwing 1", max_length=400)
    kind_1 = forms.ChoiceField(choices=Fact.Kind.choices, label="Feit of aanname (1)")
    source_1 = forms.CharField(label="Bron (1)", required=False, max_length=300)
    fact_2 = forms.CharField(label="Onderbouwing 2", required=False, max_length=400)
    kind_2 = forms.ChoiceField(choices=Fact.Kind.choices, label="Feit of aanname (2)")
    source_2 = forms.CharField(label="Bron (2)", required=False, max_length=300)
    fact_3 = forms.CharField(label="Onderbouwing 3", required=False, max_length=400)
    kind_3 = forms.ChoiceField(choices=Fact.Kind.choices, label="Feit of aanname (3)")
    source_3 = forms.CharField(label="Bron (3)", required=False, max_length=300)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings

    def facts(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "statement": data[f"fact_{i}"],
                "kind": data[f"kind_{i}"],
                "source": data[f"source_{i}"],
            }
            for i in (1, 2, 3)
            if data.get(f"fact_{i}")
        ]


class OverrideForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    override_reason = forms.CharField(
        label="Reden om zonder besluit te starten (alleen coördinator)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ActionForm(forms.Form):
    title = forms.CharField(label="Actie", max_length=300)
    owner_organisation = forms.ModelChoiceField(queryset=None, label="Eigenaar (organisatie)")
    owner_role = forms.CharField(label="Eigenaar (functie)", required=False, max_length=120)
    due_date = forms.DateField(label="Streefdatum", widget=DATE, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = organisations


class ActionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=Action.Status.choices, label="Status")
    result = forms.CharField(
        label="Resultaat", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BarrierActionForm(forms.Form):
    barrier = forms.ModelChoiceField(queryset=None, label="Barrière uit een barrièremodel")

    def __init__(self, *args, barriers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["barrier"].queryset = barriers
        self.fields["barrier"].label_from_instance = lambda e: f"{e.step.model.title}: {e.text}"


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(choices=Meeting.Kind.choices, label="Soort")
    title = forms.CharField(label="Titel", max_length=200)
    starts_at = forms.DateTimeField(
        label="Begin", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_minutes = forms.IntegerField(label="Duur (minuten)", initial=90, min_value=5)
    location = forms.CharField(label="Locatie", required=False, max_length=200)
    agenda = forms.CharField(
        label="Agenda (één punt per regel)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    participants = forms.ModelMultipleChoiceField(
        queryset=None, label="Deelnemers", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = organisations


class MinutesForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label="Verslag", widget=forms.Textarea(attrs={"rows": 6}))
    confidential_text = forms.CharField(
        label="Vertrouwelijk deel (niet in de gewone PDF)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class MeetingDecisionForm(forms.Form):
    text = forms.CharField(label="Besluit", max_length=400)
    action_owner = forms.ModelChoiceField(
        queryset=None, label="Wordt een actie voor (optioneel)", required=False
    )
    action_due = forms.DateField(label="Streefdatum actie", widget=DATE, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].queryset = organisations


class ReportForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200)
    period_start = forms.DateField(label="Periode van", widget=DATE)
    period_end = forms.DateField(label="Periode tot en met", widget=DATE)
    risks = forms.CharField(
        label="Risico's", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_steps = forms.CharField(
        label="Volgende stappen", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class IndicatorForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=200)
    wijkbeeld_indicator = forms.ModelChoiceField(
        queryset=None, label="Koppelen aan wijkbeeldindicator (optioneel)", required=False
    )
    area_code = forms.ChoiceField(label="Gebied", required=False)
    unit = forms.CharField(label="Eenheid", required=False, max_length=60)
    baseline = forms.FloatField(label="Nulmeting", required=False)
    baseline_year = forms.IntegerField(label="Jaar nulmeting", required=False)
    target = forms.FloatField(label="Streefwaarde", required=False)
    target_year = forms.IntegerField(label="Streefjaar", required=False)

    def __init__(self, *args, indicators, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijkbeeld_indicator"].queryset = indicators
        self.fields["area_code"].choices = [("", "—"), *areas]


class MeasurementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    year = forms.IntegerField(label="Jaar", min_value=1900, max_value=2200)
    value = forms.FloatField(label="Waarde")
    source = forms.CharField(label="Bron", max_length=200)
