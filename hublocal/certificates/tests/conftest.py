import pytest


@pytest.fixture(autouse=True)
def _no_demo_certificates(db):
    """The demo issues certificates (training's finished cohort); these tests count from zero."""
    from hublocal.certificates.models import Certificate
    from hublocal.notifications.models import Notification

    Certificate.objects.all().delete()
    Notification.objects.all().delete()
