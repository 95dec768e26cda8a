"""Certificates REST API: the public status of a certificate by its code (what credentialStatus
of every signed credential points to). Same rule and selector as the verification page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from hublocal.core.api import allow, error_responses
from hublocal.core.api_strict import StrictSerializer

from . import codes, credential, selectors
from .permissions import Action, can

TAG = "certificados"


class VerifyThrottle(AnonRateThrottle):
    """Anonymous look-ups per address: generous for a person or an employer's checks, a wall for
    anyone enumerating codes (who would need ~10¹⁵ guesses anyway)."""

    scope = "certificate_verify"
    rate = "120/min"


class CertificateSignatorySerializer(StrictSerializer):
    name = serializers.CharField()
    position = serializers.CharField()


class CertificateStatusSerializer(StrictSerializer):
    status = serializers.CharField(help_text=gettext_lazy("valid, revoked o unknown"))
    code = serializers.CharField()
    holder_name = serializers.CharField(
        allow_null=True, help_text=gettext_lazy("null si la persona pidió reservar su nombre")
    )
    holder_name_withheld = serializers.BooleanField()
    title = serializers.CharField()
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    completion_date = serializers.DateField()
    issuer = serializers.CharField()
    signatories = CertificateSignatorySerializer(many=True)
    issued_at = serializers.DateTimeField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    verification_url = serializers.CharField()
    credential_url = serializers.CharField()


class CertificateUnknownSerializer(StrictSerializer):
    # Absent when the address itself is refused before the lookup (e.g. a NUL in the path).
    status = serializers.CharField(required=False, help_text=gettext_lazy("unknown"))
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


def status_payload(certificate: Any) -> dict[str, Any]:
    revoked = certificate.revoked_at is not None
    return {
        "status": "revoked" if revoked else "valid",
        "code": codes.display(certificate.code),
        "holder_name": None if certificate.holder_erased else certificate.holder_name,
        "holder_name_withheld": certificate.holder_erased,
        "title": certificate.title,
        "hours": certificate.hours,
        "start_date": certificate.start_date,
        "end_date": certificate.end_date,
        "completion_date": certificate.completion_date,
        "issuer": certificate.issuer,
        "signatories": certificate.signatories,
        "issued_at": certificate.issued_at,
        "revoked_at": certificate.revoked_at,
        "reason": certificate.revocation_reason if revoked else None,
        "verification_url": credential.verify_url(certificate.code),
        "credential_url": credential.credential_url(certificate.code),
    }


class CertificateVerifyView(APIView):
    """Public: whether a certificate is valid, revoked (with date and reason) or unknown."""

    permission_classes = [allow(can, Action.VERIFY)]
    throttle_classes = [VerifyThrottle]
    anonymous_page_namespaces = ("certificates",)

    @extend_schema(
        responses={
            200: CertificateStatusSerializer,
            404: OpenApiResponse(
                response=CertificateUnknownSerializer, description=gettext_lazy("Código desconocido o mal formado")
            ),
            **error_responses(401, 429),
        },
        summary=gettext_lazy("Verificar un certificado por su código"),
        tags=[TAG],
    )
    def get(self, request: Request, code: str) -> Response:
        certificate = selectors.certificate_by_code(code)
        if certificate is None:
            malformed = not codes.is_valid(codes.normalise(code))
            detail = (
                _("El código no tiene el formato de un certificado del Hub (10 letras y números).")
                if malformed
                else _("No existe un certificado con ese código.")
            )
            return Response(
                {"status": "unknown", "detail": detail, "errors": {"code": [detail]}}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(CertificateStatusSerializer(status_payload(certificate)).data)
