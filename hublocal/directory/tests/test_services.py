import pytest
from django.core.exceptions import ValidationError

from hublocal.audit.models import AuditEvent
from hublocal.directory import selectors, services
from hublocal.directory.models import Designation, Organization

from .factories import MembershipFactory, OrganizationFactory, PersonFactory


@pytest.fixture
def staff(users):
    return users["staff"]


@pytest.fixture
def santiago_org(network):
    return selectors.organization_get(slug="municipalidad-santiago")


class TestRut:
    @pytest.mark.parametrize("raw", ["76.111.222-8", "761112228", "76111222-8", " 76.111.222-8 "])
    def test_valid_ruts_are_normalised(self, raw):
        assert services.normalize_rut(raw) == "76.111.222-8"

    def test_bad_check_digit_has_its_own_message(self):
        with pytest.raises(ValidationError) as exc:
            services.normalize_rut("76.111.222-9")
        assert "dígito verificador" in str(exc.value.message_dict["rut"])

    @pytest.mark.parametrize("raw", ["abc", "12", "76.111.222-Z"])
    def test_malformed(self, raw):
        with pytest.raises(ValidationError):
            services.normalize_rut(raw)

    def test_blank_is_allowed(self):
        assert services.normalize_rut("") == ""


class TestMunicipalities:
    def test_one_per_commune_and_idempotent(self, network):
        assert Organization.objects.filter(kind="municipality", commune__country__code="CL").count() == 345
        assert services.municipality_organizations_sync() == 0

    def test_cannot_create_a_municipality_by_hand(self, staff):
        with pytest.raises(ValidationError):
            services.organization_create(actor=staff, name="Municipalidad Falsa", kind="municipality")


class TestOrganizationWrites:
    def test_create_is_audited_with_actor(self, staff):
        org = services.organization_create(actor=staff, name="GovTech Ñandú SpA", kind="startup", rut="76111222-8")
        assert org.slug == "govtech-nandu-spa"
        assert org.rut == "76.111.222-8"
        event = AuditEvent.objects.get(action="directory.organization_create", object_id=str(org.pk))
        assert event.actor == staff
        assert event.after["name"] == "GovTech Ñandú SpA"

    def test_duplicate_rut_rejected_and_nothing_written(self, staff):
        services.organization_create(actor=staff, name="Uno", kind="startup", rut="76.111.222-8")
        before = Organization.objects.count()
        with pytest.raises(ValidationError) as exc:
            services.organization_create(actor=staff, name="Dos", kind="startup", rut="76111222-8")
        assert "rut" in exc.value.message_dict
        assert Organization.objects.count() == before

    def test_slug_is_unique(self, staff):
        a = services.organization_create(actor=staff, name="Red Local", kind="civil_society")
        b = services.organization_create(actor=staff, name="Red Local", kind="civil_society")
        assert a.slug != b.slug

    def test_update_records_before_and_after(self, staff):
        org = OrganizationFactory()
        services.organization_update(
            expected_version=None, actor=staff, organization=org, data={"description": "Nueva"}
        )
        event = AuditEvent.objects.get(action="directory.organization_update", object_id=str(org.pk))
        assert event.before["description"] == "" and event.after["description"] == "Nueva"

    def test_update_rejects_unknown_fields_and_keeps_data(self, staff):
        org = OrganizationFactory(description="Antes")
        with pytest.raises(ValidationError):
            services.organization_update(
                expected_version=None, actor=staff, organization=org, data={"kind": "hub", "description": "X"}
            )
        org.refresh_from_db()
        assert org.kind == "startup" and org.description == "Antes"

    def test_municipality_commune_cannot_change(self, staff, santiago_org):
        with pytest.raises(ValidationError):
            services.organization_update(
                expected_version=None, actor=staff, organization=santiago_org, data={"commune": None}
            )

    def test_invalid_url_rejected(self, staff):
        org = OrganizationFactory()
        with pytest.raises(ValidationError) as exc:
            services.organization_update(
                expected_version=None, actor=staff, organization=org, data={"website": "no es url"}
            )
        assert "website" in exc.value.message_dict


class TestDesignations:
    def test_designate_member_with_email(self, staff, santiago_org):
        person = PersonFactory()
        MembershipFactory(person=person, organization=santiago_org)
        d = services.designation_set(actor=staff, organization=santiago_org, role="focal_point", person=person)
        assert selectors.designation_contact(organization_id=santiago_org.pk, role="focal_point") == person
        assert Designation.objects.filter(organization=santiago_org, role="focal_point").count() == 1
        assert AuditEvent.objects.filter(action="directory.designation_set", object_id=str(d.pk)).exists()

    def test_outsider_cannot_be_designated(self, staff, santiago_org):
        with pytest.raises(ValidationError):
            services.designation_set(actor=staff, organization=santiago_org, role="mayor", person=PersonFactory())

    def test_person_without_email_cannot_receive_escalations(self, staff, santiago_org):
        person = PersonFactory(email="")
        MembershipFactory(person=person, organization=santiago_org)
        with pytest.raises(ValidationError):
            services.designation_set(actor=staff, organization=santiago_org, role="mayor", person=person)

    def test_only_municipalities(self, staff):
        membership = MembershipFactory()
        with pytest.raises(ValidationError):
            services.designation_set(
                actor=staff, organization=membership.organization, role="mayor", person=membership.person
            )


class TestPeople:
    def test_create_with_membership(self, staff, santiago_org):
        person = services.person_create(
            actor=staff, full_name="Ana Núñez", email="ana@example.cl", organization=santiago_org, position="dideco"
        )
        assert person.search_name == "ana nunez"
        assert person.memberships.get().position == "dideco"

    def test_invalid_email_rejected_nothing_saved(self, staff, santiago_org):
        with pytest.raises(ValidationError):
            services.person_create(actor=staff, full_name="X", email="no-es-correo", organization=santiago_org)
        assert not selectors.person_list(viewer=staff, q="X").filter(full_name="X").exists()

    def test_private_people_hidden_from_outsiders(self, users, santiago_org):
        person = PersonFactory(is_public=False)
        MembershipFactory(person=person, organization=santiago_org)
        ids = lambda viewer: set(selectors.person_list(viewer=viewer).values_list("pk", flat=True))  # noqa: E731
        assert person.pk not in ids(None)
        assert person.pk not in ids(users["valparaiso"])
        assert person.pk in ids(users["santiago"])
        assert person.pk in ids(users["analista"])
