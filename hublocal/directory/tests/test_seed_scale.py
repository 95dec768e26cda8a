from io import StringIO

from django.core.management import call_command

from hublocal.directory.models import Organization, Person
from hublocal.territory.models import Commune


def _chile():
    return list(Commune.objects.filter(country__code="CL").order_by("code").values_list("code", "name", "typology"))


def test_seed_scale_is_idempotent_and_leaves_chile_alone(network):
    before = _chile()
    args = ["--communes", "50", "--organizations", "120", "--people", "200", "--seed", "3"]
    call_command("seed_scale", *args, stdout=StringIO())
    counts = (Commune.objects.count(), Organization.objects.count(), Person.objects.count())
    call_command("seed_scale", *args, stdout=StringIO())
    assert (Commune.objects.count(), Organization.objects.count(), Person.objects.count()) == counts
    assert Commune.objects.exclude(country__code="CL").count() >= 50
    assert Organization.objects.filter(kind="municipality", commune__country__code__in=["AR", "BR", "PE"]).exists()
    assert _chile() == before
