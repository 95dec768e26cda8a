"""Forms of core's own pages: the contact form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage, ContactTopic

HONEYPOT = "sitio_web"


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=254,
        help_text=_("Le responderemos a esta dirección."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organization_name = forms.CharField(
        label=_("Organización (opcional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    topic = forms.ChoiceField(label=_("Tema"), choices=[("", _("Elija un tema")), *ContactTopic.choices])
    message = forms.CharField(
        label=_("Mensaje"),
        min_length=10,
        max_length=ContactMessage._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("No incluya contraseñas ni datos de salud u otros datos sensibles."),
    )
    # A field people never see (hidden from screens and assistive technology, out of the tab
    # order) that form-filling robots do fill: a message that has it is dropped without a word.
    sitio_web = forms.CharField(
        label=_("No complete este campo"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_message(self) -> Any:
        text = self.cleaned_data["message"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("Escriba su consulta en al menos 10 caracteres."))
        return text
