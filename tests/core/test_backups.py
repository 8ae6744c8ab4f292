"""`zwgk backup` and `zwgk restore`: a round trip into a fresh data directory finds everything.

The restore runs in processes of their own against a new data directory (and, on PostgreSQL, a
new database), as an operator would run it on a replacement machine.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from datetime import date
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.catalog.factories import published
from zwgk.catalog.services import attachment_add
from zwgk.search.query import search_documents

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def fresh_deployment(tmp_path):
    """Environment of a new machine: its own data directory and an empty database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "DJANGO_", "PYTEST_"))}
    env["ZWGK_DATA_DIR"] = str(tmp_path / "fresh")
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if connection.vendor == "postgresql":
        name = f"zwgk_restore_{uuid.uuid4().hex[:10]}"
        params = connection.settings_dict
        dsn = f"host={params['HOST']} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
        yield env
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh' / 'zwgk.sqlite3'}"
        yield env


CHECK = """
import json
from zwgk.catalog.models import Attachment, Document
from zwgk.search.query import search_documents
att = Attachment.objects.get()
print(json.dumps({
    "documents": sorted(Document.objects.values_list("title", flat=True)),
    "found": search_documents("养老服务").count,
    "found_number": search_documents("大民发〔2026〕7号").count,
    "attachment": att.file.read().decode("latin-1"),
}, ensure_ascii=False))
"""


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_data_directory_with_search(
    agency, make_staff, tmp_path, fresh_deployment
):
    reviewer = make_staff(agency, "reviewer", username="sfj_reviewer")
    first = published(
        agency, on=date(2026, 3, 2), title="关于做好养老服务补贴发放工作的通知", doc_no="大民发〔2026〕7号"
    )
    published(agency, on=date(2026, 4, 1), title="关于临时救助的通知", doc_no="大民发〔2026〕9号")
    attachment_add(
        actor=reviewer, document_id=first.pk, fileobj=io.BytesIO(PDF), original_name="补贴标准.pdf"
    )
    assert search_documents("养老服务").count == 1

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == connection.vendor and manifest["media_files"] == 1
    assert any(n.startswith("media/") for n in names)

    out = _manage(fresh_deployment, "restore", str(archive))
    assert "已从" in out
    found = json.loads(_manage(fresh_deployment, "shell", "-c", CHECK).strip().splitlines()[-1])
    assert found == {
        "documents": ["关于临时救助的通知", "关于做好养老服务补贴发放工作的通知"],
        "found": 1,
        "found_number": 1,
        "attachment": PDF.decode("latin-1"),
    }
    # A second restore over the data it put there needs --force.
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=fresh_deployment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0 and "--force" in done.stderr
    _manage(fresh_deployment, "restore", "--force", str(archive))


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path, agency):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        info = tarfile.TarInfo("hello.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(bogus), "--force")
    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(bogus))
