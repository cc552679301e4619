"""Forms of the IVP pages (Dutch labels; the services validate again)."""

from __future__ import annotations

from django import forms

from wijkkompas.plans import taxonomy


def theme_choices() -> list[tuple[str, str]]:
    names = taxonomy.field_names()
    theme_field = taxonomy.theme_field()
    return [(c, f"{names[theme_field[c]]} – {n}") for c, n in taxonomy.theme_names().items()]


class ImportForm(forms.Form):
    file = forms.FileField(label="Bestand (PDF, HTML van CVDR of tekst)")
    municipalities = forms.CharField(
        label="Gemeente(n)",
        help_text="CBS-codes, bijv. GM0858; bij een gezamenlijk plan meerdere, gescheiden door komma's",
    )
    period = forms.CharField(label="Periode", help_text="bijv. 2023-2026")
    source_url = forms.URLField(label="Bron (adres)", required=False)
    title = forms.CharField(label="Titel", required=False, max_length=300)


class PriorityForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label="Titel", max_length=300)
    location = forms.CharField(label="Pagina of sectie", max_length=100, required=False)
    theme_codes = forms.MultipleChoiceField(
        label="Thema('s)",
        required=False,
        choices=theme_choices,
        widget=forms.CheckboxSelectMultiple,
    )


class AddForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=300)
    location = forms.CharField(label="Pagina of sectie", max_length=100, required=False)
    evidence = forms.CharField(
        label="Bewijszin", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    theme_codes = forms.MultipleChoiceField(
        label="Thema('s)",
        required=False,
        choices=theme_choices,
        widget=forms.CheckboxSelectMultiple,
    )
