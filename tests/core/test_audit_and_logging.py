import logging

import pytest

from zwgk.core import audit
from zwgk.core.logging import PersonalDataFilter, redact
from zwgk.core.models import AuditEntry


@pytest.mark.django_db
def test_audit_entries_are_append_only(agency):
    entry = audit.record(actor=None, verb="test.change", target=agency, before={"a": 1}, after={"a": 2})
    assert entry.actor_name == "system" and entry.target_repr == agency.name
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(verb="x")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()


def test_identity_numbers_phones_and_mail_never_reach_the_log():
    text = "申请人 110101199003071234 电话 13912345678 邮箱 wang.fang@example.cn 申请公开"
    assert redact(text) == "申请人 [已屏蔽] 电话 [已屏蔽] 邮箱 [已屏蔽] 申请公开"
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "id %s", ("11010119900307123X",), None)
    PersonalDataFilter().filter(record)
    assert "11010119900307123X" not in record.getMessage()
