"""Privacy forms: input checks only; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RequestKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# The rights a person asks the hub for from "Mis datos" (access and portability are immediate
# there: the page and its downloads are the answer, but a formal request is still possible).
WEB_KINDS = [
    (RequestKind.ERASURE, RequestKind.ERASURE.label),
    (RequestKind.BLOCKING, RequestKind.BLOCKING.label),
    (RequestKind.OBJECTION, RequestKind.OBJECTION.label),
    (RequestKind.RECTIFICATION, RequestKind.RECTIFICATION.label),
    (RequestKind.ACCESS, RequestKind.ACCESS.label),
    (RequestKind.PORTABILITY, RequestKind.PORTABILITY.label),
]


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Derecho que ejerce"), choices=WEB_KINDS)
    details = forms.CharField(
        label=_("Detalle"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Obligatorio para rectificación (qué dato y cuál es el correcto) y oposición (a qué tratamiento y por qué)."
        ),
    )


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivo de la prórroga"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Se comunica a la persona. Solo se puede prorrogar una vez, por 30 días."),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("approve", _("Acoger la solicitud")), ("reject", _("Rechazar la solicitud"))],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Respuesta a la persona"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Se envía por correo a la dirección registrada con la solicitud. Si rechaza, explique el motivo."),
    )


class BreachForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    description = forms.CharField(label=_("Qué ocurrió"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))
    detected_at = forms.DateTimeField(label=_("Detectada el"), widget=DATETIME)
    data_categories = forms.CharField(
        label=_("Categorías de datos afectadas"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Por ejemplo: nombres y correos de funcionarios municipales."),
    )
    people_affected = forms.IntegerField(label=_("Número de personas afectadas"), min_value=0, max_value=100_000_000)
    measures = forms.CharField(
        label=_("Medidas adoptadas"), required=False, max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    authority_notified_at = forms.DateTimeField(
        label=_("Comunicada a la Agencia el"),
        required=False,
        widget=DATETIME,
        help_text=_("Déjelo vacío mientras no se haya comunicado."),
    )
    people_notified_at = forms.DateTimeField(
        label=_("Comunicada a las personas afectadas el"), required=False, widget=DATETIME
    )
