from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import REASON_MAX, REASON_MIN


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la revocación"),
        help_text=_("Se publica en la página de verificación: explique el motivo sin datos personales."),
        min_length=REASON_MIN,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VerifyForm(forms.Form):
    codigo = forms.CharField(
        label=_("Código del certificado"),
        help_text=_("Diez letras y números, por ejemplo ABCDE-FGH23. No importan mayúsculas, espacios ni guiones."),
        max_length=40,
    )
