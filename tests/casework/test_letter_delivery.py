"""Letters state how the information is delivered only as the case records it (issue 20 item 7)."""

import pytest

from tests.casework.steps import new_case, reply
from tests.foi.factories import RequestFactory
from zwgk.casework.domain import letter_texts
from zwgk.foi.models import Application

pytestmark = pytest.mark.django_db


def test_reply_states_the_recorded_form_and_delivery(dalian_office, handler):
    case = new_case(dalian_office, handler, request=RequestFactory(info_form="paper", delivery="post"))
    letter = reply(case, handler, "2026-03-25", "3.1")
    assert "现以纸质文本形式、通过邮寄方式提供给您" in letter.body
    assert "电子邮件" not in letter.body and "待填写" not in letter.body


def test_reply_marks_a_delivery_the_case_cannot_carry_out(dalian_office, handler):
    case = new_case(dalian_office, handler, request=RequestFactory(delivery="post"))
    # A case registered before the address was required.
    Application.objects.filter(pk=case.pk).update(address="")
    letter = reply(case, handler, "2026-03-25", "3.1")
    assert "通过邮寄方式（【待填写：邮寄地址，申请中未填写】）提供给您" in letter.body
    assert letter_texts.markers(letter.body)  # sign-off refuses the letter until it is filled in
