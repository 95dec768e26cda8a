import pytest

from hublocal.audit.appendonly import audit_trail_unlocked
from hublocal.audit.models import AuditEvent
from hublocal.directory.models import Organization
from hublocal.territory import services as territory_services
from hublocal.territory.models import Commune, Typology


@pytest.fixture
def territory(db):
    """The official territory as freshly loaded: every commune still unclassified.

    The session database already holds the demo network (with the provisional typology),
    so the classification and the audit trail are reset inside this test's transaction."""
    # Foreign municipalities the demo registered (the regional training network) are not part of
    # Chile's official territory these tests start from.
    # Their municipality organisations (the training demo's) are detached first: the directory
    # protects a commune that an organisation points to.
    Organization.objects.filter(commune__isnull=False).exclude(commune__country__code="CL").update(commune=None)
    Commune.objects.exclude(country__code="CL").delete()
    Commune.objects.update(typology=Typology.SIN_CLASIFICAR)
    # The trail is append-only; a test fixture may reset it (hublocal/audit/appendonly.py).
    with audit_trail_unlocked():
        AuditEvent.objects.all().delete()
    return territory_services.territory_load_official()
