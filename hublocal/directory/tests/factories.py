import factory

from hublocal.core.text import fold
from hublocal.directory.models import Membership, Organization, Person


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = "startup"
    name = factory.Sequence(lambda n: f"Startup Prueba {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.name))
    slug = factory.Sequence(lambda n: f"startup-prueba-{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Persona Prueba {n}")
    search_name = factory.LazyAttribute(lambda o: fold(o.full_name))
    email = factory.Sequence(lambda n: f"persona{n}@example.cl")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    position = "profesional"
