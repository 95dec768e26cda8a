from hublocal.audit.models import AuditEvent
from hublocal.territory.models import Commune


def test_network_list_is_public_and_filters_by_country(client_for, users):
    staff = client_for("staff")
    staff.post(
        "/territorio/red/nuevo/",
        {
            "country_code": "uy",
            "country_name": "Uruguay",
            "name": "Melo",
            "national_code": "0301",
            "admin_area": "Cerro Largo",
        },
    )
    body = client_for(None).get("/territorio/red/?country=UY").content.decode()
    assert "Melo" in body and "Cerro Largo" in body


def test_register_validates_and_writes_nothing_on_error(client_for, users):
    staff = client_for("staff")
    before = Commune.objects.count()
    response = staff.post("/territorio/red/nuevo/", {"country_code": "CL", "name": "X", "national_code": "1"})
    assert response.status_code == 400
    assert "DPA oficial" in response.content.decode()
    assert Commune.objects.count() == before


def test_register_is_audited(client_for, users):
    response = client_for("staff").post(
        "/territorio/red/nuevo/", {"country_code": "PY", "name": "Encarnación", "national_code": "0701"}
    )
    assert response.status_code == 302
    commune = Commune.objects.get(code="PY-0701")
    assert AuditEvent.objects.filter(object_id=str(commune.pk), actor=users["staff"]).exists()


def test_only_hub_admins_register(client_for, users):
    assert client_for("santiago").get("/territorio/red/nuevo/").status_code == 403
    assert client_for("analista").get("/territorio/red/nuevo/").status_code == 403
    assert client_for(None).get("/territorio/red/nuevo/").status_code == 302


def test_map_is_svg_with_every_commune_and_highlight(client_for, users):
    response = client_for(None).get("/territorio/mapa.svg?resaltar=13101")
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert body.count("<path") >= 345
    assert "#b3261e" in body  # the highlighted commune
    assert "max-age=300" in response["Cache-Control"]
