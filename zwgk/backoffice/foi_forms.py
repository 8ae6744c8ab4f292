"""Forms of the application workbench: registration, one form per event type, assignment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from zwgk.backoffice.workplan_forms import MultipleFileField
from zwgk.foi.domain.fees import MAX_QUANTITY, FeeBasis
from zwgk.foi.domain.outcomes import OUTCOMES
from zwgk.foi.domain.states import DeliveryChannel, EventType, NoticeKind
from zwgk.foi.models import ApplicantType, Channel, Delivery, IdType, InfoForm
from zwgk.foi.services import CONSULTATION_KINDS, ApplicantData, NewEvent, RequestData, delivery_problems
from zwgk.organizations.models import Organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads
RESULTS = [("upheld", "维持"), ("corrected", "纠正"), ("other", "其他结果")]
# How a notice is sent; empty: the way the applicant asked to receive information (decision 0013).
SENT_BY = [("", "按申请人选择的获取方式")] + [
    (c.value, c.label) for c in DeliveryChannel if c is not DeliveryChannel.ANNOUNCEMENT
]


class NoticeChannelMixin(forms.Form):
    """A notice giving the applicant a period: how it went out (RULES §2.7 item 7)."""

    channel = forms.ChoiceField(
        label="送达方式",
        choices=SENT_BY,
        required=False,
        help_text="电子邮件、网上申请账户、直接送达、传真：发出当日送达；邮寄：期限自签收之日起算，"
        "签收日期登记前按发出日暂计。",
    )

    def extra(self) -> dict[str, Any]:
        return {**super().extra(), "channel": self.cleaned_data.get("channel") or ""}  # type: ignore[misc]


class ApplicantFields(forms.Form):
    """The Art. 29 fields, shared by staff registration and the public form."""

    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    applicant_name = forms.CharField(label="申请人姓名或名称", max_length=200)
    contact_person = forms.CharField(label="联系人（法人或其他组织填写）", max_length=100, required=False)
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=64, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(
        label="通信地址", max_length=300, required=False, help_text="选择邮寄方式获取信息的，必须填写。"
    )
    postcode = forms.CharField(label="邮政编码", max_length=10, required=False)
    title = forms.CharField(label="所需信息的名称", max_length=300, required=False)
    doc_no = forms.CharField(label="文号", max_length=100, required=False)
    description = forms.CharField(
        label="所需信息的内容描述", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    purpose = forms.CharField(
        label="用途（选填）", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    info_form = forms.ChoiceField(label="获取信息的载体形式", choices=InfoForm.choices)
    delivery = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "delivery" in cleaned:
            problems = delivery_problems(delivery=cleaned["delivery"], address=cleaned.get("address", ""))
            self.add_service_errors(problems)
        return cleaned

    def applicant(self) -> ApplicantData:
        c = self.cleaned_data
        return ApplicantData(
            type=c["applicant_type"],
            name=c["applicant_name"],
            id_type=c["id_type"],
            id_number=c["id_number"],
            phone=c["phone"],
            email=c["email"],
            address=c["address"],
            postcode=c["postcode"],
            contact_person=c["contact_person"],
        )

    def request_data(self) -> RequestData:
        c = self.cleaned_data
        return RequestData(
            description=c["description"],
            title=c["title"],
            doc_no=c["doc_no"],
            purpose=c["purpose"],
            info_form=c["info_form"],
            delivery=c["delivery"],
        )

    def add_service_errors(self, fields: dict[str, str]) -> None:
        """Put the service's field errors (`applicant.name`, `description` …) on the form fields."""
        for name, message in fields.items():
            key = name.removeprefix("applicant.")
            key = {"type": "applicant_type", "name": "applicant_name"}.get(key, key)
            self.add_error(key if key in self.fields else None, message)


class RegistrationForm(ApplicantFields):
    organization = forms.ModelChoiceField(label="受理机关", queryset=Organization.objects.none())
    channel = forms.ChoiceField(label="申请方式", choices=Channel.choices)
    received_on = forms.DateField(
        label="收到申请日期",
        widget=DATE,
        help_text="当面提交：提交之日；邮寄（需签收）：签收之日；平常信函：与申请人确认之日；"
        "网上申请、传真：双方确认之日（《条例》第三十一条）。可补登过去的日期。",
    )
    identity_proof = forms.FileField(label="身份证明（选填，PDF或图片）", required=False)
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    field_order = ["organization", "channel", "received_on"]

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organizations is not None:
            self.fields["organization"].queryset = organizations
            if len(organizations) == 1:
                self.fields["organization"].initial = organizations[0].pk
        self.fields["received_on"].initial = timezone.localdate()


# --- Event forms: one per type -----------------------------------------------------------------


class EventForm(forms.Form):
    """One event of the timeline: its date, a note, files, and the fields its payload needs.

    `extra_fields` name the form fields that go into the event as they are; a form whose note is
    what the event says (what to correct, why) sets `note_label`, which also makes it required.
    """

    type: EventType
    quotes_fee = False
    on_label = "日期"
    note_label = ""
    extra_fields: tuple[str, ...] = ()
    on = forms.DateField(label="日期", widget=DATE)
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    files = MultipleFileField(label="材料（PDF、OFD、Word、图片，选填）", required=False)

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.type.value)
        super().__init__(*args, **kwargs)
        self.fields["on"].label = self.on_label
        self.fields["on"].initial = timezone.localdate()
        if self.note_label:
            self.fields["note"].label = self.note_label
            self.fields["note"].required = True
        self.case = case

    def extra(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.extra_fields}

    def new_event(self) -> NewEvent:
        c = self.cleaned_data
        return NewEvent(type=self.type.value, on=c["on"], note=c.get("note", ""), **self.extra())


class RegisteredForm(EventForm):
    type = EventType.REGISTERED
    on_label = "确认收到日期（《条例》第三十一条：双方确认之日）"


class CorrectionRequestedForm(NoticeChannelMixin, EventForm):
    type = EventType.CORRECTION_REQUESTED
    on_label = "告知补正日期"
    note_label = "需要补正的内容（一次性告知）"
    extra_fields = ("period_workdays",)
    period_workdays = forms.IntegerField(label="补正期限（工作日）", min_value=1, max_value=60, initial=15)


class CorrectionReceivedForm(EventForm):
    type = EventType.CORRECTION_RECEIVED
    on_label = "收到补正申请日期"


class ExtendedForm(EventForm):
    type = EventType.EXTENDED
    on_label = "延期日期"
    workdays = forms.IntegerField(label="延长工作日数（最长20）", min_value=1, max_value=20, initial=20)
    reason = forms.CharField(label="延期理由", max_length=500)
    extra_fields = ("workdays", "reason")


class ConsultationStartedForm(EventForm):
    type = EventType.CONSULTATION_STARTED
    on_label = "发出征求意见函日期"
    party = forms.CharField(label="征求意见对象", max_length=200)
    kind = forms.ChoiceField(label="对象类型", choices=list(CONSULTATION_KINDS.items()))
    extra_fields = ("party", "kind")


class ConsultationEndedForm(EventForm):
    type = EventType.CONSULTATION_ENDED
    on_label = "收到意见日期（或答复期限届满日）"
    consultation_id = forms.TypedChoiceField(label="征求意见事项", coerce=int, choices=[])
    objected = forms.TypedChoiceField(
        label="第三方意见（征求第三方意见时必填）",
        choices=[("", "—（征求其他机关意见）"), ("0", "同意公开或逾期未提出意见"), ("1", "不同意公开")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    extra_fields = ("consultation_id", "objected")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            self.fields["consultation_id"].choices = [
                (c.id, f"第{c.id}项：{c.party}（{c.started_on:%Y-%m-%d}发出）")
                for c in self.case.consultations
                if c.ended_on is None
            ]


class FeeNoticeSentForm(NoticeChannelMixin, EventForm):
    type = EventType.FEE_NOTICE_SENT
    quotes_fee = True  # the page shows the quote and a 试算 button
    on_label = "发出收费通知日期"
    basis = forms.ChoiceField(label="计收方式", choices=[(b.value, b.label) for b in FeeBasis])
    quantity = forms.IntegerField(label="数量（件或页）", min_value=1, max_value=MAX_QUANTITY)
    extra_fields = ("basis", "quantity")


class FeePaidForm(EventForm):
    type = EventType.FEE_PAID
    on_label = "缴费日期"


class RepliedForm(EventForm):
    type = EventType.REPLIED
    on_label = "答复日期"
    outcome = forms.ChoiceField(label="办理结果", choices=[(o.code, f"{o.code} {o.label}") for o in OUTCOMES])
    extra_fields = ("outcome",)


class WithdrawnForm(EventForm):
    type = EventType.WITHDRAWN
    on_label = "撤回日期"


class ReconsiderationFiledForm(EventForm):
    type = EventType.RECONSIDERATION_FILED
    on_label = "申请行政复议日期"


class ReconsiderationDecidedForm(EventForm):
    type = EventType.RECONSIDERATION_DECIDED
    on_label = "复议决定日期"
    result = forms.ChoiceField(label="复议结果", choices=RESULTS)
    extra_fields = ("result",)


class LitigationFiledForm(EventForm):
    type = EventType.LITIGATION_FILED
    on_label = "起诉日期"
    after_reconsideration = forms.TypedChoiceField(
        label="起诉方式",
        choices=[("0", "未经复议直接起诉"), ("1", "复议后起诉")],
        coerce=lambda v: v == "1",
    )
    extra_fields = ("after_reconsideration",)


class LitigationDecidedForm(EventForm):
    type = EventType.LITIGATION_DECIDED
    on_label = "判决（裁定）日期"
    result = forms.ChoiceField(label="诉讼结果", choices=RESULTS)
    extra_fields = ("result",)


class DeliveredForm(EventForm):
    type = EventType.DELIVERED
    on_label = "申请人收到日期（签收日；退回的，填退回日期）"
    notice = forms.ChoiceField(label="文书", choices=[(n.value, n.label) for n in NoticeKind])
    channel = forms.ChoiceField(
        label="送达方式",
        choices=[("", "与发出方式相同")] + [(c.value, c.label) for c in DeliveryChannel],
        required=False,
    )
    returned = forms.BooleanField(label="被退回，未送达", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            waiting = [
                (n.value, n.label)
                for n in NoticeKind
                if (d := self.case.progress.delivery(n)) is not None and d.delivered_on is None
            ]
            self.fields["notice"].choices = waiting

    def extra(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {"notice": c["notice"], "channel": c.get("channel") or "", "returned": c["returned"]}


class ReasonsRequestedForm(NoticeChannelMixin, EventForm):
    type = EventType.REASONS_REQUESTED
    on_label = "要求说明理由日期"
    note_label = "申请数量、频次明显超过合理范围的情况"
    extra_fields = ("period_workdays",)
    period_workdays = forms.IntegerField(
        label="说明理由的期限（工作日）", min_value=1, max_value=60, initial=10
    )


class ReasonsReceivedForm(EventForm):
    type = EventType.REASONS_RECEIVED
    on_label = "收到申请人说明理由日期"


class DeadlineSetForm(EventForm):
    type = EventType.DEADLINE_SET
    on_label = "决定日期"
    due_on = forms.DateField(label="确定的答复期限", widget=DATE)
    reason = forms.CharField(label="理由（申请理由合理，但无法在法定期限内答复的原因）", max_length=500)
    extra_fields = ("due_on", "reason")


class ThirdPartyNotifiedForm(EventForm):
    type = EventType.THIRD_PARTY_NOTIFIED
    on_label = "书面告知第三方日期"
    consultation_id = forms.TypedChoiceField(label="不同意公开的第三方", coerce=int, choices=[])
    reason = forms.CharField(
        label="决定公开的内容和理由（不公开可能对公共利益造成重大影响）",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    extra_fields = ("consultation_id", "reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.case is not None:
            needs = {c.id for c in self.case.progress.consultations if c.needs_notice}
            self.fields["consultation_id"].choices = [
                (c.id, f"第{c.id}项：{c.party}") for c in self.case.consultations if c.id in needs
            ]


class ReconsiderationAcceptedForm(EventForm):
    type = EventType.RECONSIDERATION_ACCEPTED
    on_label = "复议机关受理日期"
    procedure = forms.ChoiceField(
        label="审理程序（行政复议法第六十二条）",
        choices=[
            ("simplified", "简易程序（30日内决定）"),
            ("ordinary", "普通程序（60日内决定，可延长30日）"),
        ],
    )
    extra_fields = ("procedure",)


class ReconsiderationExtendedForm(EventForm):
    type = EventType.RECONSIDERATION_EXTENDED
    on_label = "复议机关决定延期日期"


class RerepliedForm(EventForm):
    type = EventType.REREPLIED
    on_label = "重新答复日期"
    outcome = forms.ChoiceField(
        label="重新答复的办理结果",
        choices=[(o.code, f"{o.code} {o.label}") for o in OUTCOMES if o.code not in ("3.6.1", "3.6.2")],
    )
    extra_fields = ("outcome",)


EVENT_FORMS: dict[EventType, type[EventForm]] = {
    f.type: f
    for f in (
        RegisteredForm,
        CorrectionRequestedForm,
        CorrectionReceivedForm,
        ExtendedForm,
        ConsultationStartedForm,
        ConsultationEndedForm,
        FeeNoticeSentForm,
        FeePaidForm,
        RepliedForm,
        WithdrawnForm,
        ReconsiderationFiledForm,
        ReconsiderationAcceptedForm,
        ReconsiderationExtendedForm,
        ReconsiderationDecidedForm,
        LitigationFiledForm,
        LitigationDecidedForm,
        DeliveredForm,
        ReasonsRequestedForm,
        ReasonsReceivedForm,
        DeadlineSetForm,
        ThirdPartyNotifiedForm,
        RerepliedForm,
    )
}


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(label="经办人", queryset=None, required=False, empty_label="（未分派）")

    def __init__(self, *args: Any, handlers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.username
