import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zwgk.catalog.models import Document

pytestmark = pytest.mark.django_db


def _write(tmp_path, rows):
    path = tmp_path / "documents.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows))
    return path


GOOD = {
    "organization": "dl-sfj",
    "title": "大连市司法局关于印发《大连市人民调解工作规范》的通知",
    "body": "<p>现将《大连市人民调解工作规范》印发给你们。</p>",
    "doc_no": "大司发〔2019〕8号",
    "signed_on": "2019-04-02",
    "genre": "tongzhi",
    "subjects": ["15.04"],
    "keywords": ["人民调解"],
    "summary": "规范人民调解工作。",
}


def test_all_lines_imported_with_original_numbers(tmp_path, agency):
    rows = [
        {**GOOD, "state": "published", "published_on": "2019-04-08", "index_no": "dl-sfj/2019-00012"},
        {
            **GOOD,
            "title": "大连市司法局2019年普法工作要点",
            "state": "published",
            "published_on": "2019-05-06",
        },
        {**GOOD, "title": "草稿一份", "validity": "repealed"},
    ]
    out, err = StringIO(), StringIO()
    call_command("import_documents", str(_write(tmp_path, rows)), stdout=out, stderr=err)
    assert "已导入 3 条" in out.getvalue()
    assert "3/3" in err.getvalue()  # the progress bar
    numbers = list(Document.objects.order_by("id").values_list("index_no", "state", "validity"))
    assert numbers == [
        ("dl-sfj/2019-00012", "published", "in_force"),
        ("dl-sfj/2019-00013", "published", "in_force"),
        (None, "draft", "repealed"),
    ]


def test_a_bad_line_imports_nothing_and_names_every_bad_line(tmp_path, agency):
    rows = [
        GOOD,
        {**GOOD, "organization": "nope", "summary": "字" * 101},
        "{not json",
        {**GOOD, "signed_on": "2019-13-01", "state": "published"},
        {**GOOD},
    ]
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_documents", str(_write(tmp_path, rows)), stdout=StringIO(), stderr=err)
    assert "3 行有误" in str(exc.value) and "未导入任何信息" in str(exc.value)
    report = err.getvalue()
    assert "第 2 行" in report and "organization" in report
    assert "第 3 行" in report and "JSON" in report
    assert "第 4 行" in report and "signed_on" in report
    assert "第 1 行" not in report and "第 5 行" not in report
    assert Document.objects.count() == 0


def test_duplicate_index_numbers_in_the_file_are_refused(tmp_path, agency):
    row = {**GOOD, "state": "published", "published_on": "2019-04-08", "index_no": "dl-sfj/2019-00012"}
    with pytest.raises(CommandError):
        call_command(
            "import_documents", str(_write(tmp_path, [row, row])), stdout=StringIO(), stderr=StringIO()
        )
    assert Document.objects.count() == 0
