from django import forms


class OneTimeCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows; spaces (as some apps group it) are fine."""

    code = forms.CharField(
        label="6-digit code",
        max_length=12,
        help_text="The number your authenticator app shows now for this site.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
        error_messages={"required": "Type the 6-digit code your authenticator app shows."},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(
                "The code is 6 digits, such as 123456. Type the one your app shows now."
            )
        return code
