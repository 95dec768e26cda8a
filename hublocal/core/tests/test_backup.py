"""The backup and restore drill: back up the demo platform, restore it into a fresh database and
compare; and every refusal of a restore (damaged, newer schema, non-empty target) writes nothing.

Runs on the test database's vendor: SQLite by default, PostgreSQL with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/hublocal_h5 (the restore then goes into a
database created for the test and dropped afterwards). The demo data is committed once per test
session (conftest.py), so pg_dump sees it although each test runs in a transaction."""

from __future__ import annotations

import io
import json
import secrets
import tarfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from hublocal.audit.models import AuditEvent
from hublocal.core import backup
from hublocal.core.tasks import at_local_time, backup_daily
from hublocal.diagnosis.models import Campaign
from hublocal.proposals.models import Proposal

pytestmark = pytest.mark.django_db

RESTORED = "restored"
MEDIA_FILES = {
    "proposals/adjunto-1.pdf": b"%PDF-1.4 propuesta de prueba\n",
    "pilots/convenio firmado.pdf": b"%PDF-1.4 convenio \xc3\xb1\n",
}


@pytest.fixture
def media(tmp_path: Path, settings: Any) -> Path:
    root = tmp_path / "media"
    for relative, content in MEDIA_FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    settings.MEDIA_ROOT = root
    return root


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A connection to a new, empty database of the test database's vendor.

    The connection is built outside settings.DATABASES on purpose: Django's test case forbids
    connections to configured aliases a test did not declare, and this one exists only here."""
    config = dict(connections["default"].settings_dict)
    created = ""
    if connections["default"].vendor == "sqlite":
        config["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        created = f"hublocal_restore_{secrets.token_hex(4)}"
        with _pg_admin(config) as admin:
            admin.execute(f'CREATE DATABASE "{created}"')
        config["NAME"] = created
    connection = load_backend(config["ENGINE"]).DatabaseWrapper(config, RESTORED)
    try:
        yield connection
    finally:
        connection.close()
        if created:
            with _pg_admin(config) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')


def _pg_admin(config: dict[str, Any]) -> Any:
    import psycopg  # only on PostgreSQL runs

    return psycopg.connect(
        dbname="postgres",
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    )


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (introspected names)
            counts[table] = cursor.fetchone()[0]
    return counts


def rows(model: Any, connection: BaseDatabaseWrapper, limit: int) -> list[tuple[Any, ...]]:
    """The first rows of a model's table, read with plain SQL (the restored database is no alias)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY {quote(model._meta.pk.column)} LIMIT {limit}")  # noqa: S608
        return cursor.fetchall()


def rewrite_archive(source: Path, target: Path, change: Callable[[str, bytes], tuple[str, bytes]]) -> None:
    """Copy an archive, passing every member (name, bytes) through change()."""
    with tarfile.open(source, "r:gz") as tar_in, tarfile.open(target, "w:gz") as tar_out:
        for member in tar_in:
            handle = tar_in.extractfile(member)
            assert handle is not None
            name, data = change(member.name, handle.read())
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar_out.addfile(info, io.BytesIO(data))


def test_drill_backup_then_restore_into_a_fresh_database(network: None, media: Path, tmp_path: Path) -> None:
    result = backup.backup_create(output_dir=tmp_path / "backups")

    assert backup.ARCHIVE_RE.match(result.path.name)
    manifest = result.manifest
    vendor = connections["default"].vendor
    assert manifest["database"]["vendor"] == vendor
    assert manifest["schema"]["accounts"].startswith("0")
    assert set(manifest["members"]) == {manifest["database"]["member"]} | {f"media/{p}" for p in MEDIA_FILES}
    assert result.path.stat().st_mode & 0o077 == 0  # personal data: readable by the owner only

    restored_media = tmp_path / "restored-media"
    source = connections["default"]
    with fresh_database(tmp_path) as restored:
        outcome = backup.restore_archive(archive=result.path, connection=restored, media_root=restored_media)

        assert outcome.vendor == vendor
        assert outcome.migrated == []
        source_counts = row_counts(source)
        assert source_counts["accounts_user"] >= 7
        assert source_counts[Proposal._meta.db_table] >= 1
        assert row_counts(restored) == source_counts
        for model in (get_user_model(), Campaign, Proposal):
            assert rows(model, restored, 5) == rows(model, source, 5)
    for relative, content in MEDIA_FILES.items():
        assert (restored_media / relative).read_bytes() == content


def test_restore_refuses_a_damaged_member_and_writes_nothing(network: None, media: Path, tmp_path: Path) -> None:
    result = backup.backup_create(output_dir=tmp_path / "backups")
    damaged = tmp_path / "damaged.tar.gz"

    def flip(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "media/proposals/adjunto-1.pdf":
            data = bytes([data[0] ^ 0x01]) + data[1:]
        return name, data

    rewrite_archive(result.path, damaged, flip)
    restored_media = tmp_path / "restored-media"
    with fresh_database(tmp_path) as restored:
        with pytest.raises(backup.BackupError, match="sha256"):
            backup.restore_archive(archive=damaged, connection=restored, media_root=restored_media)
        assert restored.introspection.table_names() == []
    assert not restored_media.exists()


def test_restore_refuses_a_missing_member_and_an_unreadable_file(network: None, tmp_path: Path) -> None:
    result = backup.backup_create(output_dir=tmp_path / "backups")
    missing = tmp_path / "missing.tar.gz"
    db_member = result.manifest["database"]["member"]

    def drop_db(name: str, data: bytes) -> tuple[str, bytes]:
        return ("renamed.bin", data) if name == db_member else (name, data)

    rewrite_archive(result.path, missing, drop_db)
    with pytest.raises(backup.BackupError, match="faltan"):
        backup.restore_archive(archive=missing, media_root=tmp_path / "m")

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(result.path.read_bytes()[: result.size // 2])
    with pytest.raises(backup.BackupError, match="dañado"):
        backup.restore_archive(archive=truncated, media_root=tmp_path / "m")


def test_restore_refuses_a_newer_schema(network: None, tmp_path: Path) -> None:
    result = backup.backup_create(output_dir=tmp_path / "backups")
    newer = tmp_path / "newer.tar.gz"

    def future(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["applied_migrations"].append(["proposals", "9999_from_the_future"])
            data = json.dumps(manifest).encode()
        return name, data

    rewrite_archive(result.path, newer, future)
    with fresh_database(tmp_path) as restored:
        with pytest.raises(backup.BackupError, match="proposals.9999_from_the_future"):
            backup.restore_archive(archive=newer, connection=restored, media_root=tmp_path / "m")
        assert restored.introspection.table_names() == []


def test_restore_refuses_a_non_empty_database(network: None, tmp_path: Path) -> None:
    result = backup.backup_create(output_dir=tmp_path / "backups")
    before = get_user_model().objects.count()

    with pytest.raises(CommandError, match="no está vacía"):
        call_command("restore", str(result.path))

    assert get_user_model().objects.count() == before


def test_restore_refuses_an_archive_of_the_other_vendor(network: None, tmp_path: Path) -> None:
    result = backup.backup_create(output_dir=tmp_path / "backups")
    vendor = result.manifest["database"]["vendor"]
    other = "postgresql" if vendor == "sqlite" else "sqlite"
    foreign = tmp_path / "foreign.tar.gz"

    def swap(name: str, data: bytes) -> tuple[str, bytes]:
        if name == backup.DB_MEMBERS[vendor]:
            return backup.DB_MEMBERS[other], data
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["database"] = {"vendor": other, "member": backup.DB_MEMBERS[other]}
            manifest["members"][backup.DB_MEMBERS[other]] = manifest["members"].pop(backup.DB_MEMBERS[vendor])
            data = json.dumps(manifest).encode()
        return name, data

    rewrite_archive(result.path, foreign, swap)
    with fresh_database(tmp_path) as restored, pytest.raises(backup.BackupError, match="solo se restaura"):
        backup.restore_archive(archive=foreign, connection=restored, media_root=tmp_path / "m")


def test_schema_difference_lists_pending_and_unknown_migrations(tmp_path: Path) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = sorted(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    older = {"applied_migrations": [list(key) for key in known[1:]]}
    assert backup.schema_difference(older) == ([], [f"{known[0][0]}.{known[0][1]}"])
    newer = {"applied_migrations": [*map(list, known), ["pilots", "9999_next"]]}
    assert backup.schema_difference(newer) == (["pilots.9999_next"], [])


def test_retention_keeps_the_newest_archives(network: None, tmp_path: Path) -> None:
    output = tmp_path / "backups"
    output.mkdir()
    old = [output / f"hublocal-backup-2026010{day}T020000Z.tar.gz" for day in range(1, 5)]
    for path in old:
        path.write_bytes(b"old")
    unrelated = output / "notas.txt"
    unrelated.write_text("no es una copia")

    result = backup.backup_create(output_dir=output, keep=2)

    assert sorted(p.name for p in output.iterdir()) == sorted([result.path.name, old[-1].name, "notas.txt"])
    assert sorted(result.deleted) == old[:3]


def test_backup_command_writes_one_archive(network: None, tmp_path: Path, settings: Any) -> None:
    settings.BACKUP_KEEP = 3
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    archives = list(tmp_path.glob("hublocal-backup-*.tar.gz"))
    assert len(archives) == 1
    assert archives[0].name in out.getvalue()


def test_scheduled_backup_is_off_unless_enabled(network: None, tmp_path: Path, settings: Any) -> None:
    settings.BACKUP_DIR = tmp_path / "scheduled"
    settings.BACKUP_SCHEDULE_ENABLED = False
    assert backup_daily.call_local() is None
    assert not settings.BACKUP_DIR.exists()

    settings.BACKUP_SCHEDULE_ENABLED = True
    name = backup_daily.call_local()

    assert (settings.BACKUP_DIR / name).is_file()
    event = AuditEvent.objects.get(action="core.backup")
    assert event.object_id == name
    assert event.after["sha256"] == backup._sha256_file(settings.BACKUP_DIR / name)


def test_schedule_is_two_in_the_morning_in_santiago() -> None:
    from datetime import datetime

    fires = at_local_time(hour=2, minute=0)
    # Huey passes naive UTC. Chile is UTC-3 in (southern) summer and UTC-4 in winter.
    assert fires(datetime(2026, 12, 6, 5, 0))
    assert fires(datetime(2026, 7, 6, 6, 0))
    assert not fires(datetime(2026, 12, 6, 2, 0))
    assert not fires(datetime(2026, 12, 6, 5, 1))


IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_uploads_in_a_remote_storage_go_through_the_storage_api(network: None, tmp_path: Path, settings: Any) -> None:
    """With uploads in a storage that is not this machine's disk (an S3 bucket in production;
    Django's in-memory storage here), backup reads them and restore writes them through the
    storage API: MEDIA_ROOT is never touched."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage, storages

    settings.MEDIA_ROOT = tmp_path / "never-used"
    settings.STORAGES = IN_MEMORY
    for relative, content in MEDIA_FILES.items():
        assert default_storage.save(relative, ContentFile(content)) == relative

    result = backup.backup_create(output_dir=tmp_path / "backups")
    assert {name for name in result.manifest["members"] if name.startswith("media/")} == {
        f"media/{p}" for p in MEDIA_FILES
    }

    settings.STORAGES = {**IN_MEMORY}  # a new, empty storage: the "bucket" of the new site
    target = storages["default"]
    assert not target.exists(next(iter(MEDIA_FILES)))
    with fresh_database(tmp_path) as restored:
        outcome = backup.restore_archive(archive=result.path, connection=restored)
    assert outcome.media_files == len(MEDIA_FILES)
    for relative, content in MEDIA_FILES.items():
        with target.open(relative, "rb") as handle:
            assert handle.read() == content
    assert not (tmp_path / "never-used").exists()

    # A second restore finds identical files (skipped); a different one is refused unless forced.
    target.delete("proposals/adjunto-1.pdf")
    target.save("proposals/adjunto-1.pdf", ContentFile(b"otro contenido"))
    second = tmp_path / "second"
    second.mkdir()
    with fresh_database(second) as restored, pytest.raises(backup.BackupError, match="adjunto-1.pdf"):
        backup.restore_archive(archive=result.path, connection=restored)
    with target.open("proposals/adjunto-1.pdf", "rb") as handle:
        assert handle.read() == b"otro contenido"  # refused: nothing written
