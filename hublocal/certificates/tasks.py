"""Background jobs of certificates: drawing the PDF (WeasyPrint takes a fraction of a second,
too long to hold the request that issues a whole cohort's certificates)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from . import services


@db_task()
def build_certificate_pdf(certificate_id: int) -> bool:
    """Queued on commit by services.certificate_issue; True when a PDF was stored."""
    return services.certificate_build_pdf(certificate_id=certificate_id) is not None
