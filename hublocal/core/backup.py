"""Backup and restore of the whole platform: the database and the uploaded files in one archive.

An archive `hublocal-backup-<UTC timestamp>.tar.gz` holds:

- `database.pgdump` (PostgreSQL, `pg_dump --format=custom --no-owner`) or `database.sqlite3`
  (SQLite, the online backup API: a consistent copy while the site keeps running);
- `media/<relative path>` for every uploaded file: under MEDIA_ROOT with the default local
  storage, read through Django's storage API when the default storage is elsewhere (an
  S3-compatible bucket: `STORAGE_BACKEND`, docs/deployment.md), and restored the same way;
- `manifest.json`, written last: creation time, database vendor and versions, the code version,
  the schema (every applied migration) and the sha256 and size of every other member.

A restore checks everything before it writes anything: the archive must be readable and match its
manifest, come from the same database vendor, have no migration the code does not know, and the
target database must be empty. Only then is the database restored and the files put back; if the
archive's schema is older than the code, `migrate` brings it up to date afterwards.

Archives contain personal data: store them encrypted and access-controlled (see README.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.management import call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

ARCHIVE_PREFIX = "hublocal-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
# The timestamp sorts like the time it names, so "newest" is simply the greatest name.
ARCHIVE_RE = re.compile(r"^hublocal-backup-(\d{8}T\d{6}Z)(?:-(\d+))?\.tar\.gz$")
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DB_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
FORMAT_VERSION = 1
DEFAULT_KEEP = 14
CHUNK = 1024 * 1024
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class BackupError(Exception):
    """A backup or restore was refused or failed. The message is meant for the operator, and a
    refused restore has written nothing."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    sha256: str
    manifest: dict[str, Any]
    deleted: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreResult:
    vendor: str
    media_files: int
    # Migrations of the code that the archive did not have; `migrate` applied them.
    migrated: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------- helpers


def default_output_dir() -> Path:
    return Path(getattr(settings, "BACKUP_DIR", Path(settings.VAR_DIR) / "backups"))


def default_keep() -> int:
    return int(getattr(settings, "BACKUP_KEEP", DEFAULT_KEEP))


def app_version() -> str:
    """`git describe` of the running code when it is a checkout, else settings.HUBLOCAL_VERSION."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "describe", "--always", "--tags", "--dirty"],  # noqa: S607 (git from PATH)
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    return str(getattr(settings, "HUBLOCAL_VERSION", "unknown"))


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hashes exactly the bytes tarfile copies, so the manifest describes the member even if the
    file changes while it is read."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname)
    # Ownership of the machine that made the backup means nothing where it is restored.
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _media_files(media_root: Path) -> Iterator[tuple[str, Path]]:
    """(relative POSIX path, absolute path) of every regular file under media_root, sorted.
    Symbolic links are skipped: they may point outside the uploads."""
    if not media_root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(media_root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(media_root).as_posix(), path


def _remote_storage() -> Storage | None:
    """The default storage when uploads do not live on this machine's disk (an S3-compatible
    bucket, say), else None: local files are read and written under MEDIA_ROOT directly."""
    storage = storages["default"]
    return None if isinstance(storage, FileSystemStorage) else storage


def _stored_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in storage, through the storage API (listdir), sorted per folder."""
    folders, files = storage.listdir(directory)
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _stored_files(storage, f"{directory}/{folder}" if directory else folder)


def _add_stored(tar: tarfile.TarFile, storage: Storage, name: str, arcname: str, mtime: int) -> dict[str, Any]:
    info = tarfile.TarInfo(arcname)
    info.size = storage.size(name)
    info.mtime = mtime
    info.mode = 0o600
    with storage.open(name, "rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _tool(name: str) -> str:
    """Path of a PostgreSQL client program (BACKUP_PG_BIN_DIR first, then PATH)."""
    bin_dir = getattr(settings, "BACKUP_PG_BIN_DIR", "")
    found = shutil.which(name, path=bin_dir) if bin_dir else None
    found = found or shutil.which(name)
    if not found:
        raise BackupError(
            _(
                "No se encontró «%(tool)s». Instale el cliente de PostgreSQL (paquete postgresql-client) "
                "o indique su carpeta en BACKUP_PG_BIN_DIR."
            )
            % {"tool": name}
        )
    return found


def _tool_major(path: str) -> int:
    """Major version of pg_dump/pg_restore, from `--version` ("pg_dump (PostgreSQL) 15.20 …")."""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=True)  # noqa: S603
    except (OSError, subprocess.SubprocessError) as exc:
        raise BackupError(_("No se pudo ejecutar «%(tool)s»: %(error)s") % {"tool": path, "error": exc}) from None
    match = re.search(r"\)\s*(\d+)", done.stdout)
    if not match:
        raise BackupError(_("Versión de «%(tool)s» no reconocida: %(out)s") % {"tool": path, "out": done.stdout})
    return int(match.group(1))


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump/pg_restore from a DATABASES entry.

    The password goes through PGPASSWORD (never the command line, which other users can read);
    without one in the settings, an exported PGPASSWORD or ~/.pgpass is used."""
    args = ["--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except OSError as exc:
        raise BackupError(_("No se pudo ejecutar %(what)s: %(error)s") % {"what": what, "error": exc}) from None
    if done.returncode != 0:
        raise BackupError(
            _("%(what)s terminó con error (código %(code)s): %(error)s")
            % {"what": what, "code": done.returncode, "error": done.stderr.strip()[-2000:]}
        )


def _in_memory(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "sqlite" and bool(connection.is_in_memory_db())  # type: ignore[attr-defined]


def _applied_migrations(connection: BaseDatabaseWrapper) -> list[list[str]]:
    """Every applied migration, in the order it was applied."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return [[row.app, row.name] for row in recorder.migration_qs.order_by("id")]


# ---------------------------------------------------------------------------------- backup


def _dump_sqlite(connection: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    if _in_memory(connection):
        # Only the test suite's shared in-memory database: SQLite's backup API refuses a database
        # inside a write transaction (every test runs in one), so take the image through Django's
        # own connection instead.
        connection.ensure_connection()
        target.write_bytes(connection.connection.serialize())
        return {"sqlite_version": sqlite3.sqlite_version}
    # The online backup API copies a consistent snapshot while the site keeps writing. It reads
    # through a connection of its own, so it sees committed data only and never trips over a
    # transaction Django's connection may have open.
    source = sqlite3.connect(str(connection.settings_dict["NAME"]), uri=True, timeout=20)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()
    return {"sqlite_version": sqlite3.sqlite_version}


def _dump_postgresql(connection: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    pg_dump = _tool("pg_dump")
    dump_major = _tool_major(pg_dump)
    connection.ensure_connection()
    server_major = int(connection.pg_version) // 10000  # type: ignore[attr-defined]
    # pg_dump refuses a server newer than itself; say so before it does, in plain words.
    if dump_major < server_major:
        raise BackupError(
            _(
                "pg_dump %(dump)s no puede respaldar un servidor PostgreSQL %(server)s: instale el "
                "cliente de PostgreSQL %(server)s o más nuevo."
            )
            % {"dump": dump_major, "server": server_major}
        )
    args, env = _pg_args(connection.settings_dict)
    command = [
        pg_dump,
        "--format=custom",
        "--no-owner",
        "--file",
        str(target),
        *args,
        "--dbname",
        str(connection.settings_dict["NAME"]),
    ]
    _run(command, env, "pg_dump")
    return {"server_major": server_major, "pg_dump_major": dump_major}


def prune(output_dir: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives in output_dir; the deleted paths. Only files named
    like our archives are considered, so nothing else in the folder is ever touched."""
    if keep < 1:
        raise BackupError(_("BACKUP_KEEP debe ser al menos 1."))
    found: list[tuple[tuple[str, int], Path]] = []
    for path in output_dir.iterdir():
        match = ARCHIVE_RE.match(path.name)
        if match and path.is_file():
            found.append(((match.group(1), int(match.group(2) or 0)), path))
    found.sort(reverse=True)
    deleted = []
    for _key, path in found[keep:]:
        path.unlink()
        deleted.append(path)
    return deleted


def backup_create(
    *,
    output_dir: Path | None = None,
    keep: int | None = None,
    connection: BaseDatabaseWrapper | None = None,
    media_root: Path | None = None,
    now: datetime | None = None,
) -> BackupResult:
    """Write one archive of the database (default: the default connection) and the uploaded files
    into output_dir (default VAR_DIR/backups), then delete all but the newest `keep` archives
    (BACKUP_KEEP).

    Side effects: the archive (mode 0600) and the deletion of old archives. Raises BackupError
    when the database cannot be dumped; a failed backup leaves no partial archive and deletes
    nothing."""
    connection = connection or connections["default"]
    vendor = connection.vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(_("Base de datos «%(vendor)s» no soportada.") % {"vendor": vendor})
    output_dir = Path(output_dir) if output_dir is not None else default_output_dir()
    remote = _remote_storage() if media_root is None else None
    media_root = Path(media_root) if media_root is not None else Path(settings.MEDIA_ROOT)
    keep = default_keep() if keep is None else keep
    created = (now or timezone.now()).astimezone(UTC)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            _("No se pudo crear la carpeta «%(path)s»: %(error)s") % {"path": output_dir, "error": exc}
        ) from None

    stamp = created.strftime("%Y%m%dT%H%M%SZ")
    final = output_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    counter = 1
    while final.exists():  # two backups in the same second
        counter += 1
        final = output_dir / f"{ARCHIVE_PREFIX}{stamp}-{counter}{ARCHIVE_SUFFIX}"
    partial = final.with_name(final.name + ".part")

    # Read before the dump: a migration applied in between would only make the restore run
    # `migrate` again, which is harmless.
    applied = _applied_migrations(connection)
    schema: dict[str, str] = {}
    for app_label, name in applied:
        schema[app_label] = name
    db_member = DB_MEMBERS[vendor]
    members: dict[str, dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="hublocal-backup-", dir=output_dir) as staging:
            dump = Path(staging) / db_member
            if vendor == "postgresql":
                db_info = _dump_postgresql(connection, dump)
            else:
                db_info = _dump_sqlite(connection, dump)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                members[db_member] = _add_file(tar, dump, db_member)
                if remote is None:
                    for relative, path in _media_files(media_root):
                        arcname = f"{MEDIA_DIR}/{relative}"
                        members[arcname] = _add_file(tar, path, arcname)
                else:
                    for name in _stored_files(remote):
                        arcname = f"{MEDIA_DIR}/{name}"
                        members[arcname] = _add_stored(tar, remote, name, arcname, int(created.timestamp()))
                manifest = {
                    "format": FORMAT_VERSION,
                    "created_at": created.isoformat(),
                    "database": {"vendor": vendor, "member": db_member, **db_info},
                    "app_version": app_version(),
                    "django_version": django.get_version(),
                    "schema": schema,
                    "applied_migrations": applied,
                    "members": members,
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(created.timestamp())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(data))
        os.replace(partial, final)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, tarfile.TarError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(_("La copia de seguridad falló: %(error)s") % {"error": exc}) from exc
    except Exception as exc:  # a remote storage's own errors: still no partial file
        partial.unlink(missing_ok=True)
        raise BackupError(_("La copia de seguridad falló: %(error)s") % {"error": exc}) from exc
    deleted = prune(output_dir, keep)
    return BackupResult(
        path=final, size=final.stat().st_size, sha256=_sha256_file(final), manifest=manifest, deleted=deleted
    )


# --------------------------------------------------------------------------------- restore


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def read_archive(archive: Path, staging: Path) -> dict[str, Any]:
    """Extract archive into staging and check it against its manifest; the manifest.

    Raises BackupError if the archive cannot be read, has no valid manifest, has a member that is
    missing, unexpected, unsafe (absolute, `..`, link, device) or whose size or sha256 differ."""
    damaged = _("El archivo «%(path)s» está dañado o no es una copia de Hub Local") % {"path": archive.name}
    if not archive.is_file():
        raise BackupError(_("No existe el archivo «%(path)s».") % {"path": archive})
    found: dict[str, dict[str, Any]] = {}
    manifest_bytes: bytes | None = None
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            for member in tar:
                if not _safe_member_name(member.name) or not member.isfile():
                    raise BackupError(
                        _("%(damaged)s: contiene «%(name)s», que no es un archivo permitido.")
                        % {"damaged": damaged, "name": member.name}
                    )
                if member.name in found or (member.name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(
                        _("%(damaged)s: «%(name)s» aparece dos veces.") % {"damaged": damaged, "name": member.name}
                    )
                source = tar.extractfile(member)
                if source is None:  # pragma: no cover - isfile() members always have data
                    raise BackupError(damaged)
                if member.name == MANIFEST:
                    manifest_bytes = source.read(10 * 1024 * 1024)
                    continue
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[member.name] = {"sha256": digest.hexdigest(), "size": size}
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise BackupError(
            _("%(damaged)s: no se puede leer (%(error)s).") % {"damaged": damaged, "error": exc}
        ) from None

    if manifest_bytes is None:
        raise BackupError(_("%(damaged)s: falta manifest.json.") % {"damaged": damaged})
    try:
        manifest = json.loads(manifest_bytes)
        expected: dict[str, dict[str, Any]] = manifest["members"]
        vendor = manifest["database"]["vendor"]
        db_member = manifest["database"]["member"]
        applied = [tuple(item) for item in manifest["applied_migrations"]]
    except (ValueError, KeyError, TypeError):
        raise BackupError(_("%(damaged)s: manifest.json no es válido.") % {"damaged": damaged}) from None
    if manifest.get("format") != FORMAT_VERSION or DB_MEMBERS.get(vendor) != db_member or db_member not in expected:
        raise BackupError(_("%(damaged)s: manifest.json no es válido.") % {"damaged": damaged})
    if not all(isinstance(item, tuple) and len(item) == 2 for item in applied):
        raise BackupError(_("%(damaged)s: manifest.json no es válido.") % {"damaged": damaged})
    missing = sorted(set(expected) - set(found))
    if missing:
        raise BackupError(_("%(damaged)s: faltan %(names)s.") % {"damaged": damaged, "names": ", ".join(missing)})
    extra = sorted(set(found) - set(expected))
    if extra:
        raise BackupError(
            _("%(damaged)s: contiene archivos que el manifiesto no declara: %(names)s.")
            % {"damaged": damaged, "names": ", ".join(extra)}
        )
    for name, facts in expected.items():
        if found[name] != {"sha256": facts.get("sha256"), "size": facts.get("size")}:
            raise BackupError(
                _("%(damaged)s: «%(name)s» no coincide con su suma sha256 del manifiesto.")
                % {"damaged": damaged, "name": name}
            )
    return manifest


def schema_difference(manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(migrations in the archive the code does not know, code migrations the archive lacks)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = {(app, name) for app, name in manifest["applied_migrations"]}
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces or [])
    unknown = sorted(f"{app}.{name}" for app, name in applied - known)
    pending = []
    for key in loader.graph.nodes:
        if key in applied:
            continue
        replaces = loader.graph.nodes[key].replaces or []
        if replaces and all(tuple(old) in applied for old in replaces):
            continue
        pending.append(f"{key[0]}.{key[1]}")
    return unknown, sorted(pending)


def _account_count(connection: BaseDatabaseWrapper) -> int | None:
    """Rows in django_migrations and in the user table of the target: None when the database is
    empty (no migrations recorded or no account), else the number of accounts."""
    tables = set(connection.introspection.table_names())
    user_table = get_user_model()._meta.db_table
    if "django_migrations" not in tables or user_table not in tables:
        return None
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {quote('django_migrations')}")  # noqa: S608 (fixed names)
        migrations = cursor.fetchone()[0]
        cursor.execute(f"SELECT COUNT(*) FROM {quote(user_table)}")  # noqa: S608 (fixed names)
        accounts = cursor.fetchone()[0]
    return accounts if migrations and accounts else None


def _media_plan(staging: Path, media_root: Path, force: bool) -> list[tuple[Path, Path]]:
    """(staged file, destination) pairs to copy; refuses to overwrite a different existing file
    unless force. Identical files are skipped."""
    plan: list[tuple[Path, Path]] = []
    conflicts: list[str] = []
    staged_root = staging / MEDIA_DIR
    if not staged_root.is_dir():
        return plan
    for relative, staged in _media_files(staged_root):
        destination = media_root / relative
        if destination.exists() or destination.is_symlink():
            same = destination.is_file() and not destination.is_symlink()
            if same and _sha256_file(destination) == _sha256_file(staged):
                continue
            if not force:
                conflicts.append(relative)
                continue
        plan.append((staged, destination))
    if conflicts:
        raise BackupError(
            _(
                "Ya existen en MEDIA_ROOT (%(root)s) archivos distintos con el mismo nombre: %(names)s. "
                "Restaure en una carpeta vacía o use --force para reemplazarlos."
            )
            % {"root": media_root, "names": ", ".join(conflicts[:10])}
        )
    return plan


def _storage_plan(staging: Path, storage: Storage, force: bool) -> list[tuple[Path, str]]:
    """Like _media_plan, for a storage that is not this machine's disk: (staged file, name)."""
    plan: list[tuple[Path, str]] = []
    conflicts: list[str] = []
    staged_root = staging / MEDIA_DIR
    if not staged_root.is_dir():
        return plan
    for relative, staged in _media_files(staged_root):
        if storage.exists(relative):
            digest = hashlib.sha256()
            with storage.open(relative, "rb") as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
            if digest.hexdigest() == _sha256_file(staged):
                continue
            if not force:
                conflicts.append(relative)
                continue
        plan.append((staged, relative))
    if conflicts:
        raise BackupError(
            _(
                "Ya existen en el almacenamiento de archivos archivos distintos con el mismo nombre: "
                "%(names)s. Restaure en un almacenamiento vacío o use --force para reemplazarlos."
            )
            % {"names": ", ".join(conflicts[:10])}
        )
    return plan


def _restore_stored(storage: Storage, staged: Path, name: str) -> None:
    if storage.exists(name):
        storage.delete(name)
    with staged.open("rb") as handle:
        saved = storage.save(name, File(handle))
    if saved != name:  # pragma: no cover - only if someone writes the same name meanwhile
        raise BackupError(_("No se pudo restaurar «%(name)s» con su nombre original.") % {"name": name})


def _restore_sqlite(connection: BaseDatabaseWrapper, dump: Path) -> None:
    target = Path(str(connection.settings_dict["NAME"]))
    connection.close()
    # A leftover write-ahead log of the old file would be replayed over the restored one.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(dump, temporary)
    os.replace(temporary, target)


def _restore_postgresql(connection: BaseDatabaseWrapper, dump: Path, pg_restore: str) -> None:
    if connection.introspection.table_names():
        # Empty by our definition but migrated (e.g. after `migrate`): the dump recreates every
        # table, so start from a clean schema. With --force this also discards the old data.
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()
    args, env = _pg_args(connection.settings_dict)
    command = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        # All or nothing: the first error rolls the whole restore back.
        "--single-transaction",
        "--exit-on-error",
        *args,
        "--dbname",
        str(connection.settings_dict["NAME"]),
        str(dump),
    ]
    _run(command, env, "pg_restore")


def restore_archive(
    *,
    archive: Path,
    connection: BaseDatabaseWrapper | None = None,
    media_root: Path | None = None,
    force: bool = False,
    log: Callable[[str], None] | None = None,
) -> RestoreResult:
    """Restore archive into the database (default: the default connection), which must be empty
    unless force, and its files into media_root (default MEDIA_ROOT); then run `migrate` if the
    archive's schema is older than the code.

    Everything is checked before anything is written; a BackupError (damaged archive, other
    database vendor, schema newer than the code, non-empty target, missing or too old
    pg_restore) means nothing was written. With force, a non-empty database is replaced and
    different files of the same name in media_root are overwritten."""
    log = log or (lambda _message: None)
    connection = connection or connections["default"]
    vendor = connection.vendor
    remote = _remote_storage() if media_root is None else None
    media_root = Path(media_root) if media_root is not None else Path(settings.MEDIA_ROOT)
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix="hublocal-restore-") as staging_name:
        staging = Path(staging_name)
        manifest = read_archive(archive, staging)
        source_vendor = manifest["database"]["vendor"]
        if source_vendor != vendor:
            raise BackupError(
                _(
                    "Esta copia es de una base %(source)s y la base de destino es %(target)s. Una copia de "
                    "SQLite solo se restaura en SQLite, y una de PostgreSQL solo en PostgreSQL."
                )
                % {"source": VENDOR_NAMES.get(source_vendor, source_vendor), "target": VENDOR_NAMES.get(vendor, vendor)}
            )
        unknown, pending = schema_difference(manifest)
        if unknown:
            raise BackupError(
                _(
                    "La copia viene de una versión más nueva de Hub Local: tiene migraciones que este código "
                    "no conoce (%(names)s). Actualice el código a la versión %(version)s o posterior antes "
                    "de restaurar."
                )
                % {"names": ", ".join(unknown[:10]), "version": manifest.get("app_version", "?")}
            )
        pg_restore = ""
        if vendor == "postgresql":
            pg_restore = _tool("pg_restore")
            restore_major = _tool_major(pg_restore)
            dump_major = int(manifest["database"].get("pg_dump_major", 0))
            if restore_major < dump_major:
                raise BackupError(
                    _("La copia se hizo con pg_dump %(dump)s; pg_restore %(restore)s no puede leerla.")
                    % {"dump": dump_major, "restore": restore_major}
                )
        accounts = _account_count(connection)
        if accounts is not None and not force:
            raise BackupError(
                _(
                    "La base de datos de destino no está vacía (tiene %(count)s cuentas). Restaure en una base "
                    "nueva y vacía, o use --force para reemplazar todos sus datos."
                )
                % {"count": accounts}
            )
        if _in_memory(connection):
            raise BackupError(_("No se puede restaurar en una base SQLite en memoria."))
        plan = _media_plan(staging, media_root, force) if remote is None else []
        stored_plan = _storage_plan(staging, remote, force) if remote is not None else []

        # Every check passed: from here on we write.
        dump = staging / manifest["database"]["member"]
        if vendor == "postgresql":
            _restore_postgresql(connection, dump, pg_restore)
        else:
            _restore_sqlite(connection, dump)
        log(_("Base de datos restaurada desde %(name)s.") % {"name": archive.name})
        for staged, destination in plan:
            destination.parent.mkdir(parents=True, exist_ok=True)
            temporary = destination.with_name(f".{destination.name}.restoring")
            shutil.copyfile(staged, temporary)
            os.replace(temporary, destination)
        for staged, name in stored_plan:
            _restore_stored(remote, staged, name)  # type: ignore[arg-type]  # remote is set with a plan
        log(_("Archivos subidos restaurados: %(count)s.") % {"count": len(plan) + len(stored_plan)})
    if pending:
        log(
            _("La copia es de un esquema anterior al código; se aplican las migraciones pendientes: %(names)s")
            % {"names": ", ".join(pending)}
        )
        call_command("migrate", database=connection.alias, interactive=False, verbosity=0)
    return RestoreResult(vendor=vendor, media_files=len(plan) + len(stored_plan), migrated=pending)
