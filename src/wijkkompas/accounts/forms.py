from django import forms

from wijkkompas.accounts import audit_labels, services


class LoginForm(forms.Form):
    username = forms.CharField(
        label="Gebruikersnaam",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Wachtwoord",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        username, password = data.get("username"), data.get("password")
        if not username or not password:
            return data
        try:
            user = services.check_password_login(
                username=username, password=password, request=self.request
            )
        except services.LoginLocked:
            raise forms.ValidationError(services.locked_message(), code="locked") from None
        if user is None:
            raise forms.ValidationError(
                "Gebruikersnaam of wachtwoord is onjuist.", code="invalid_login"
            )
        self.user = user
        return data


class TotpForm(forms.Form):
    code = forms.CharField(
        label="Code uit uw authenticator-app",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text="Zes cijfers.",
    )


class AuditFilterForm(forms.Form):
    """Filters of the audit-trail page; handeling and soort object are chosen from what the
    visible trail holds, in Dutch (``audit_labels``)."""

    actor = forms.CharField(label="Gebruiker", required=False)
    action = forms.ChoiceField(label="Handeling", required=False)
    object_type = forms.ChoiceField(label="Soort object", required=False)
    date_from = forms.DateField(
        label="Vanaf", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actions=(), object_types=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", "Alle")]
        self.fields["action"].choices = everything + sorted(
            ((code, audit_labels.describe_action(code)) for code in actions), key=lambda c: c[1]
        )
        self.fields["object_type"].choices = everything + sorted(
            ((t, audit_labels.object_type_label(t)) for t in object_types if t),
            key=lambda c: c[1],
        )
