"""Backups of the whole platform: the database (search index included) and the media files.

One archive (.tar.gz) holds `manifest.json`, the database as the engine itself copies it (SQLite's
online backup, which is consistent while the site writes; `pg_dump`'s custom format on
PostgreSQL) and the media directory. `dumpdata`/`loaddata` is not a backup: it knows nothing of
the search index's tables beside the models, nor of the files.

The secret key is left out on purpose: an archive copied to a file server must not hold it.
Restore into a deployment with the same `ZWGK_SECRET_KEY` (or the same data directory's
`secret_key`) so that signed links sent out before keep working.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from zwgk.core.errors import ValidationFailed

FORMAT = 1  # of the archive; restore refuses archives of a later format
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    vendor: str
    database_file: str
    migrations: int  # applied migrations when the backup was taken
    media_files: int

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments from Django's settings (the password by environment)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise ValidationFailed(f"{command[0]} 失败：{done.stderr.strip()[-800:]}")


def _dump_database(directory: Path) -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(directory / SQLITE_FILE)
        try:
            connection.connection.backup(target)  # a consistent copy while others write
        finally:
            target.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-acl",
                "--file",
                str(directory / PG_FILE),
                *args,
            ],
            env,
        )
        return PG_FILE
    raise ValidationFailed(f"不支持备份 {connection.vendor} 数据库。")


def backup_create(*, target: Path) -> Manifest:
    """Write one archive of the database and the media files to `target` (a .tar.gz path)."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="zwgk-backup-") as tmp:
        work = Path(tmp)
        database_file = _dump_database(work)
        media_files = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
        manifest = Manifest(
            format=FORMAT,
            created_at=timezone.localtime().isoformat(timespec="seconds"),
            vendor=connection.vendor,
            database_file=database_file,
            migrations=MigrationRecorder(connection).migration_qs.count(),
            media_files=len(media_files),
        )
        (work / MANIFEST).write_text(json.dumps(manifest.as_json(), ensure_ascii=False, indent=2), "utf-8")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / MANIFEST, arcname=MANIFEST)
            archive.add(work / database_file, arcname=database_file)
            for path in media_files:
                archive.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media).as_posix()}")
        partial.replace(target)  # never a half-written archive under the final name
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.extractfile(MANIFEST)
        data = json.loads(member.read()) if member else None
    except (KeyError, ValueError) as exc:
        raise ValidationFailed("这不是 zwgk 备份文件（缺少 manifest.json）。") from exc
    if not isinstance(data, dict) or data.get("format", 0) > FORMAT:
        raise ValidationFailed("备份文件的格式比本程序新，请先升级平台。")
    return Manifest(**{k: data[k] for k in Manifest.__dataclass_fields__})


def _database_is_empty() -> bool:
    tables = set(connection.introspection.table_names())
    if "organizations_organization" not in tables:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM organizations_organization)")
        return not cursor.fetchone()[0]


def _restore_database(manifest: Manifest, directory: Path) -> None:
    if manifest.vendor != connection.vendor:
        raise ValidationFailed(
            f"备份来自 {manifest.vendor} 数据库，当前配置的是 {connection.vendor}：请在同类数据库上恢复。"
        )
    source = directory / manifest.database_file
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)  # replaces every page, WAL included
        finally:
            copy.close()
        return
    args, env = _pg_env()
    connection.close()  # pg_restore drops tables this connection may hold locks on
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            *args,
            str(source),
        ],
        env,
    )


def _restore_media(archive: tarfile.TarFile) -> int:
    media = Path(settings.MEDIA_ROOT)
    members = [m for m in archive.getmembers() if m.name.startswith(f"{MEDIA_DIR}/") and m.isfile()]
    staging = media.with_name(media.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for member in members:
        member.name = member.name[len(MEDIA_DIR) + 1 :]
        # The "data" filter refuses absolute paths, "..", links and device files in the archive.
        archive.extract(member, staging, filter="data")
    if media.exists():
        shutil.rmtree(media)
    staging.replace(media)
    return len(members)


def backup_restore(*, source: Path, force: bool = False) -> Manifest:
    """Replace this deployment's database and media files with an archive's.

    Refuses a database that already holds data unless `force`; the caller migrates afterwards
    (an archive of an older release) and repairs the search index if it is out of step.
    """
    if not source.is_file():
        raise ValidationFailed(f"找不到备份文件 {source}。")
    if not force and not _database_is_empty():
        raise ValidationFailed("当前数据库已有数据；确认要覆盖时请加 --force。")
    try:
        with (
            tarfile.open(source, "r:gz") as archive,
            tempfile.TemporaryDirectory(prefix="zwgk-restore-") as tmp,
        ):
            manifest = _read_manifest(archive)
            database = archive.getmember(manifest.database_file)
            archive.extract(database, tmp, filter="data")
            _restore_database(manifest, Path(tmp))
            _restore_media(archive)
    except (tarfile.TarError, OSError) as exc:
        raise ValidationFailed(f"无法读取备份文件：{exc}") from exc
    return manifest
