"""What the public form, staff and imports hand in (applicant, request, event), and its cleaning."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from zwgk.foi.domain.states import EventRecord
from zwgk.foi.models import ApplicantType, Application, Delivery, IdType, InfoForm
from zwgk.organizations.models import Organization, OrgKind

# Who may not receive applications: the public enterprises have their own complaint route
# (Art. 55) and coordination bodies do not act in their own name (Art. 27 needs an agency that does).
NOT_APPLICATION_TARGETS = {OrgKind.PUBLIC_ENTERPRISE, OrgKind.OFFICE}


@dataclass(frozen=True, kw_only=True)
class ApplicantData:
    type: str
    name: str
    id_type: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    contact_person: str = ""


@dataclass(frozen=True, kw_only=True)
class RequestData:
    description: str
    title: str = ""
    doc_no: str = ""
    purpose: str = ""
    info_form: str = InfoForm.ANY
    delivery: str = Delivery.EMAIL


@dataclass(frozen=True, kw_only=True)
class NewEvent:
    """An event as staff enter it (API body, page form, import line)."""

    type: str
    on: date
    note: str = ""
    period_workdays: int | None = None
    workdays: int | None = None
    reason: str = ""
    party: str = ""
    kind: str = ""
    consultation_id: int | None = None
    basis: str = ""
    quantity: int | None = None
    outcome: str = ""
    result: str = ""
    after_reconsideration: bool | None = None
    # RULES §2.7 items 7–9: a notice's channel (how it was sent, or for `delivered` how it
    # arrived), which notice was delivered or came back, whether a third party objected, and
    # the Art. 35 deadline.
    channel: str = ""
    notice: str = ""
    returned: bool | None = None
    objected: bool | None = None
    due_on: date | None = None
    procedure: str = ""  # reconsideration_accepted: ordinary | simplified

    def record(self) -> EventRecord:
        return EventRecord(
            type=self.type,  # type: ignore[arg-type]  # EventRecord parses and refuses unknown types
            on=self.on,
            period_workdays=self.period_workdays,
            workdays=self.workdays,
            consultation_id=self.consultation_id,
            outcome=self.outcome or None,
            after_reconsideration=self.after_reconsideration,
            result=self.result or None,  # type: ignore[arg-type]
            kind=self.kind or None,
            objected=self.objected,
            notice=self.notice or None,  # type: ignore[arg-type]  # parsed by EventRecord
            channel=self.channel or None,  # type: ignore[arg-type]
            returned=self.returned,
            basis=self.basis or None,
            due_on=self.due_on,
            procedure=self.procedure or None,  # type: ignore[arg-type]
        )


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _id_checksum_ok(number: str) -> bool:
    # GB 11643: the 18th character is the ISO 7064 MOD 11-2 check of the first 17 digits.
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


# The longest value each input may have: the column's own length (one fact, kept on the model),
# and for the free texts a bound of the form. Longer input is refused with the field named,
# never cut: a cut name or address is a wrong one on a legal record (issue 21.7).
def _column_length(field: str) -> int:
    length = Application._meta.get_field(field).max_length
    assert length is not None
    return length


APPLICANT_LENGTHS = {
    "name": ("applicant_name", "申请人姓名或名称"),
    "phone": ("phone", "联系电话"),
    "email": ("email", "电子邮箱"),
    "address": ("address", "通信地址"),
    "postcode": ("postcode", "邮政编码"),
    "contact_person": ("contact_person", "联系人"),
}
REQUEST_LENGTHS = {"title": ("title", "所需信息名称"), "doc_no": ("doc_no", "文号")}
PURPOSE_MAX = 2000
DESCRIPTION_MAX = 5000


def _check_lengths(
    values: dict[str, str], limits: dict[str, tuple[str, str]], prefix: str, errors: dict[str, str]
) -> None:
    for name, (column, label) in limits.items():
        limit = _column_length(column)
        if len(values[name]) > limit:
            errors[f"{prefix}{name}"] = f"{label}不超过{limit}字"


def _clean_applicant(data: ApplicantData, errors: dict[str, str]) -> ApplicantData:
    name = data.name.strip()
    id_number = re.sub(r"\s", "", data.id_number).upper()
    phone = data.phone.strip()
    email = data.email.strip()
    address = data.address.strip()
    if data.type not in ApplicantType.values:
        errors["applicant.type"] = "请选择申请人类型"
    if not name:
        errors["applicant.name"] = "请填写申请人姓名或名称"
    id_type = data.id_type or (
        IdType.RESIDENT_ID if data.type == ApplicantType.NATURAL_PERSON else IdType.CREDIT_CODE
    )
    if id_type not in IdType.values:
        errors["applicant.id_type"] = "请选择证件类型"
    if id_number:
        if id_type == IdType.RESIDENT_ID and not (
            re.fullmatch(r"\d{17}[\dX]", id_number) and _id_checksum_ok(id_number)
        ):
            errors["applicant.id_number"] = "居民身份证号码不正确（18位，最后一位可为X）"
        elif id_type == IdType.CREDIT_CODE and not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", id_number):
            errors["applicant.id_number"] = "统一社会信用代码应为18位"
        elif len(id_number) > 64:
            errors["applicant.id_number"] = "证件号码过长"
    if phone and not re.fullmatch(r"[\d\-+() ]{7,20}", phone):
        errors["applicant.phone"] = "联系电话格式不正确"
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant.email"] = "电子邮箱格式不正确"
    if not (phone or email or address):
        # Art. 29(1): contact details are required content of an application.
        errors["applicant.phone"] = "请至少填写一种联系方式（电话、电子邮箱或通信地址）"
    postcode = data.postcode.strip()
    contact_person = data.contact_person.strip()
    values = {"name": name, "phone": phone, "email": email, "address": address}
    values |= {"postcode": postcode, "contact_person": contact_person}
    _check_lengths(values, APPLICANT_LENGTHS, "applicant.", errors)
    return ApplicantData(
        type=data.type,
        name=name,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        email=email,
        address=address,
        postcode=postcode,
        contact_person=contact_person,
    )


def _clean_request(data: RequestData, errors: dict[str, str]) -> RequestData:
    description = data.description.strip()
    if not description and not data.title.strip():
        # Art. 29(2): a title, a document number or another description that identifies it.
        errors["description"] = "请描述所需的政府信息（名称、文号或能够指向该信息的内容描述）"
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = f"内容描述不超过{DESCRIPTION_MAX}字"
    title, doc_no, purpose = data.title.strip(), data.doc_no.strip(), data.purpose.strip()
    _check_lengths({"title": title, "doc_no": doc_no}, REQUEST_LENGTHS, "", errors)
    if len(purpose) > PURPOSE_MAX:
        errors["purpose"] = f"用途不超过{PURPOSE_MAX}字"
    if data.info_form not in InfoForm.values:
        errors["info_form"] = "请选择获取信息的载体形式"
    if data.delivery not in Delivery.values:
        errors["delivery"] = "请选择获取信息的方式"
    return RequestData(
        description=description or title,
        title=title,
        doc_no=doc_no,
        purpose=purpose,
        info_form=data.info_form,
        delivery=data.delivery,
    )


def delivery_problems(*, delivery: str, address: str) -> dict[str, str]:
    """The channel chosen for the information (Art. 29(3)) must be one the office can use: a
    postal delivery needs the address to post it to. Forms ask the same before submitting."""
    if delivery == Delivery.POST and not address.strip():
        return {"applicant.address": "选择邮寄方式获取信息的，请填写通信地址"}
    return {}


def _check_delivery(applicant: ApplicantData, request: RequestData, errors: dict[str, str]) -> None:
    errors.update(delivery_problems(delivery=request.delivery, address=applicant.address))


def _check_target(organization: Organization | None, errors: dict[str, str]) -> None:
    if organization is None or not organization.is_active or organization.kind in NOT_APPLICATION_TARGETS:
        errors["organization"] = "请选择受理申请的行政机关"


def applicant_key(applicant: ApplicantData) -> str:
    """The same applicant across cases, without storing the number twice in the clear."""
    identity = applicant.id_number or re.sub(r"\s", "", applicant.name)
    return hashlib.sha256(f"{applicant.type}|{identity}".encode()).hexdigest()
