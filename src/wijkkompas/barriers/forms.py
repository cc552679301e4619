from django import forms

from wijkkompas.accounts.models import Organisation
from wijkkompas.barriers.models import BarrierModel, Element, Session

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BarrierModel
        fields = ["title", "phenomenon", "scope", "status", "owner", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )
        self.fields["owner"].empty_label = "(nog geen eigenaar)"
        if self.instance.pk and "version" not in self.initial:
            self.initial["version"] = self.instance.version

    def clean(self):
        # Row invariants are checked by the service against the stored row.
        return super(forms.ModelForm, self).clean()

    def _post_clean(self):
        pass


class StepForm(forms.Form):
    title = forms.CharField(label="Naam van de stap", max_length=120)
    description = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ElementAddForm(forms.Form):
    step = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Element.Kind.choices, widget=forms.HiddenInput)
    session = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="Tekst", max_length=300, error_messages={"required": "Vul een tekst in."}
    )


class ElementForm(forms.Form):
    text = forms.CharField(
        label="Tekst", max_length=300, error_messages={"required": "Vul een tekst in."}
    )
    awareness = forms.ChoiceField(
        label="Bewust of onbewust",
        required=False,
        choices=[("", "(onbekend)"), *Element.Awareness.choices],
    )
    owner = forms.ModelChoiceField(
        label="Eigenaar (partner)",
        required=False,
        queryset=Organisation.objects.none(),
        empty_label="(nog geen eigenaar)",
    )
    partner_hint = forms.CharField(label="Voorgestelde partner", required=False, max_length=200)
    status = forms.ChoiceField(
        label="Status", required=False, choices=Element.BarrierStatus.choices
    )
    due_date = forms.DateField(label="Streefdatum", required=False, widget=_DATE)
    target = forms.ModelChoiceField(
        label="Richt zich op",
        required=False,
        queryset=Element.objects.none(),
        empty_label="(niet gekoppeld)",
    )
    expected_effect = forms.CharField(
        label="Verwacht effect", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    notes = forms.CharField(
        label="Notities", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    session = forms.ModelChoiceField(
        label="Toegevoegd in sessie",
        required=False,
        queryset=Session.objects.none(),
        empty_label="(geen sessie)",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    BARRIER_ONLY = ("owner", "partner_hint", "status", "due_date", "target", "expected_effect")

    def __init__(
        self, *args, element: Element, organisations=None, targets=None, sessions=None, **kwargs
    ):
        if "initial" not in kwargs:
            kwargs["initial"] = {
                "text": element.text,
                "awareness": element.awareness,
                "owner": element.owner_id,
                "partner_hint": element.partner_hint,
                "status": element.status,
                "due_date": element.due_date,
                "target": element.target_id,
                "expected_effect": element.expected_effect,
                "notes": element.notes,
                "session": element.session_id,
                "version": element.version,
            }
        super().__init__(*args, **kwargs)
        self.element = element
        if element.kind != Element.Kind.BARRIERE:
            for name in self.BARRIER_ONLY:
                del self.fields[name]
        else:
            self.fields["owner"].queryset = organisations
            self.fields["target"].queryset = targets
            self.fields["target"].label_from_instance = lambda e: (
                f"{e.step.title} · {e.get_kind_display()}: {e.text}"
            )
        if element.kind != Element.Kind.FACILITEERDER:
            del self.fields["awareness"]
        self.fields["session"].queryset = sessions
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_el{element.pk}_{name}")
        self.auto_id = f"id_el{element.pk}_%s"

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class SessionForm(forms.Form):
    held_on = forms.DateField(label="Datum", widget=_DATE)
    title = forms.CharField(
        label="Titel",
        max_length=200,
        help_text="Bijvoorbeeld: Sessie 2 — signalen en faciliteerders",
    )
    participants = forms.ModelMultipleChoiceField(
        label="Deelnemende organisaties",
        required=False,
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Verslag en afspraken", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = (
            organisations if organisations is not None else Organisation.objects.none()
        )


class SubmodelForm(forms.Form):
    title = forms.CharField(
        label="Naam van het submodel", max_length=200, help_text="Bijvoorbeeld: Katvangers"
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="JSON-bestand", help_text="Een export van een barrièremodel uit Wijkkompas."
    )
