"""Services: validation of an asset, the all-or-nothing CSV import (unknown commune, bad licence,
bad dates, another municipality's rows: each line named, nothing saved), the management command,
open-source solutions and audited adoptions."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from hublocal.ictassets import services
from hublocal.ictassets.models import Adoption, IctAsset, OpenSourceSolution
from tests.helpers import assert_audited, audit_mark

from .factories import HEADER, asset_data, csv_line, muni

pytestmark = pytest.mark.django_db


def test_asset_create_validates_every_field_and_saves_nothing_on_error(users):
    before = IctAsset.objects.count()
    bad = asset_data(
        licence_type="open_source",
        spdx_id="NOT-A-LICENCE",
        starts_on="2026-05-01",
        ends_on="2025-01-01",
        category="weird",
        satisfaction="9",
        contract_value="-5",
    )
    with pytest.raises(ValidationError) as exc:
        services.asset_create(actor=users["santiago"], municipality=muni("13101"), data=bad)
    errors = exc.value.message_dict
    assert {"spdx_id", "ends_on", "category", "satisfaction", "contract_value"} <= set(errors)
    assert IctAsset.objects.count() == before


def test_asset_create_is_audited_and_spdx_is_canonical(users):
    mark = audit_mark()
    asset = services.asset_create(
        actor=users["santiago"],
        municipality=muni("13101"),
        data=asset_data(licence_type="open_source", spdx_id="gpl-3.0-or-later", vendor_name=""),
    )
    assert asset.spdx_id == "GPL-3.0-or-later"
    assert asset.created_by == users["santiago"]
    assert_audited(mark, actor=users["santiago"], action="ictassets.asset_create")


def test_an_official_cannot_create_for_another_municipality(users):
    with pytest.raises(ValidationError):
        services.asset_create(actor=users["santiago"], municipality=muni("05101"), data=asset_data())


def test_import_with_an_unknown_commune_names_the_line_and_saves_nothing(users):
    before = IctAsset.objects.count()
    text = HEADER + csv_line() + csv_line(name="Segundo") + csv_line(commune="99999")
    report = services.import_csv(actor=users["staff"], text=text, dry_run=False)
    assert not report.ok
    assert report.errors == [(4, "Código de comuna desconocido: «99999».")]
    assert report.created == 0
    assert IctAsset.objects.count() == before


def test_import_reports_bad_licence_and_bad_dates_per_line(users):
    text = (
        HEADER
        + csv_line(licence="gratis")
        + csv_line(licence="open_source", spdx="Inventada-1.0")
        + csv_line(start="2026-13-45")
        + csv_line(start="2026-06-01", end="2025-06-01")
    )
    report = services.import_csv(actor=users["staff"], text=text, dry_run=False)
    lines = {line for line, _m in report.errors}
    assert lines == {2, 3, 4, 5}
    messages = " ".join(m for _l, m in report.errors)
    assert "licencia:" in messages and "spdx:" in messages and "inicio:" in messages and "termino:" in messages
    assert not IctAsset.objects.filter(name="Sistema importado").exists()


def test_import_dry_run_previews_then_a_real_run_saves_all_and_audits(users):
    text = HEADER + csv_line() + csv_line(commune="05101", name="Sistema de Valparaíso")
    dry = services.import_csv(actor=users["staff"], text=text, dry_run=True)
    assert dry.ok and dry.rows == 2 and len(dry.preview) == 2
    assert not IctAsset.objects.filter(name="Sistema importado").exists()
    mark = audit_mark()
    report = services.import_csv(actor=users["staff"], text=text, dry_run=False)
    assert report.created == 2
    saved = IctAsset.objects.get(name="Sistema importado")
    assert saved.municipality == muni("13101")
    assert saved.personal_data == ["financial", "identification"]
    assert saved.has_api and not saved.pisee
    assert_audited(mark, actor=users["staff"], action="ictassets.import")


def test_an_official_imports_only_their_own_municipality(users):
    text = HEADER + csv_line() + csv_line(commune="05101")
    report = services.import_csv(actor=users["santiago"], text=text, dry_run=False)
    assert [line for line, _m in report.errors] == [3]
    assert not IctAsset.objects.filter(name="Sistema importado").exists()


def test_import_refuses_a_file_without_the_required_columns(users):
    report = services.import_csv(actor=users["staff"], text="a,b\n1,2\n", dry_run=False)
    assert report.errors and report.errors[0][0] == 1


def test_management_command_dry_run_and_errors(tmp_path: Path, users):
    good = tmp_path / "bueno.csv"
    good.write_text(HEADER + csv_line(), encoding="utf-8")
    out = StringIO()
    call_command("import_ict_assets", str(good), "--dry-run", stdout=out)
    assert "no se guardó nada" in out.getvalue()
    assert not IctAsset.objects.filter(name="Sistema importado").exists()
    bad = tmp_path / "malo.csv"
    bad.write_text(HEADER + csv_line() + csv_line(commune="00000"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_ict_assets", str(bad), stderr=err)
    assert "Línea 3" in err.getvalue() and "00000" in err.getvalue()
    assert not IctAsset.objects.filter(name="Sistema importado").exists()
    call_command("import_ict_assets", str(good), stdout=StringIO())
    assert IctAsset.objects.filter(name="Sistema importado").count() == 1


def test_solution_needs_an_https_repository_and_an_spdx_licence(users):
    with pytest.raises(ValidationError) as exc:
        services.solution_create(
            actor=users["santiago"], name="Mala", repository_url="http://ejemplo.cl/repo", spdx_id="propia"
        )
    assert {"repository_url", "spdx_id"} <= set(exc.value.message_dict)
    s = services.solution_create(
        actor=users["santiago"], name="Buena", repository_url="https://github.com/x/y", spdx_id="mit"
    )
    assert s.maintainer_id == users["santiago"].organization_id  # an official publishes as their municipality
    assert s.spdx_id == "MIT"


def test_adoption_is_declared_once_per_municipality_and_audited(users):
    solution = OpenSourceSolution.objects.filter(is_demo=True).first()
    assert solution is not None
    mark = audit_mark()
    a = services.adoption_declare(actor=users["valparaiso"], solution=solution, municipality_id=None, status="piloting")
    assert a.municipality_id == users["valparaiso"].organization_id
    services.adoption_declare(actor=users["valparaiso"], solution=solution, municipality_id=None, status="in_use")
    assert Adoption.objects.get(solution=solution, municipality_id=a.municipality_id).status == "in_use"
    assert_audited(mark, actor=users["valparaiso"], action="ictassets.adoption_declare")
    with pytest.raises(ValidationError):
        services.adoption_declare(actor=users["valparaiso"], solution=solution, municipality_id=None, status="x")
    with pytest.raises(ValidationError):
        services.adoption_declare(actor=users["startup-a"], solution=solution, municipality_id=None, status="in_use")


def test_demo_gives_santiago_and_valparaiso_their_own_assets():
    assert IctAsset.objects.filter(is_demo=True, municipality__commune__code="13101").exists()
    assert IctAsset.objects.filter(is_demo=True, municipality__commune__code="05101").exists()
    assert IctAsset.objects.filter(is_demo=True).values("municipality").distinct().count() == 30
    assert OpenSourceSolution.objects.filter(is_demo=True).count() == 4
