import pytest


@pytest.fixture(autouse=True)
def _empty_inboxes(db):
    """The demo seeds notices (training's decisions, reminders); these tests count from zero."""
    from hublocal.notifications.models import Notification

    Notification.objects.all().delete()
