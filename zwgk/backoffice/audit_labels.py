"""The audit log in words (issue 20 item 8): what each recorded action is called, and its payload
(before, after, details) as label：value lines instead of JSON with codes.

Values are translated through the enums of the apps that wrote them (imported, never retyped).
Anything this table does not know yet is still shown sensibly: an action by its app's name
(「依申请公开：其他操作」), a key by itself, a value as recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from zwgk.casework.domain.letter_texts import KIND_LABELS as LETTER_KIND_LABELS
from zwgk.casework.models import GroupState, LetterState, LibraryState
from zwgk.catalog.models import (
    DisclosureMethod,
    DocumentKind,
    DocumentState,
    InterpretationForm,
    LifecycleKind,
    Validity,
)
from zwgk.directory.models import ChannelKind, ComplaintOutcome, ComplaintState, VerificationResult
from zwgk.foi.domain.outcomes import OUTCOMES_BY_CODE
from zwgk.foi.domain.states import EVENT_LABELS, STATE_LABELS
from zwgk.foi.models import ApplicantType, Channel, Delivery, InfoForm
from zwgk.knowledge.sources import SourceKind
from zwgk.monitoring.labels import VETO_LABELS
from zwgk.newmedia.models import FilingKind, Platform
from zwgk.organizations.models import OrgKind, Role
from zwgk.review import registry as review_registry
from zwgk.review.models import ReviewState, SecrecyResult
from zwgk.workplan.models import ProgressStatus, UnitRole

# The part before the first dot names the app that wrote the entry.
APP_LABELS: Mapping[str, str] = {
    "participation": "公众参与",
    "document": "信息发布",
    "attachment": "信息发布",
    "column": "栏目",
    "review": "审签",
    "foi": "依申请公开",
    "casework": "依申请公开文书",
    "calendar": "节假日安排",
    "organization": "机构",
    "membership": "岗位",
    "responsible_leader": "分管负责人备案",
    "report": "年度报告",
    "monitoring": "网站监测",
    "directory": "办事公开",
    "services": "政务服务",
    "workplan": "工作安排落实",
    "subscription": "订阅",
    "api_token": "接口令牌",
    "knowledge": "咨询答问库",
    "newmedia": "政务新媒体",
}

VERB_LABELS: Mapping[str, str] = {
    "document.create": "新建稿件",
    "document.update": "修改稿件",
    "document.correct": "更正已发布信息",
    "document.submit": "报送审签",
    "document.approve": "审签通过",
    "document.return": "审签退回",
    "document.review_cancelled": "撤回审签",
    "document.publish": "发布",
    "document.schedule": "定时发布",
    "document.withdraw": "撤回已发布信息",
    "document.import": "批量导入",
    "document.lifecycle": "登记立改废",
    "document.link_interpretation": "关联政策解读",
    "document.validity_refresh": "更新有效性",
    "attachment.add": "上传附件",
    "attachment.remove": "删除附件",
    "column.place": "放入栏目",
    "column.remove": "移出栏目",
    "review.submit": "提交审签",
    "review.approve": "审签通过",
    "review.return": "审签退回",
    "review.cancel": "撤回审签",
    "review.chain.save": "设置审签流程",
    "review.chain.delete": "删除审签流程",
    "foi.submit": "网上提交申请",
    "foi.event": "登记办理事项",
    "foi.assign": "指定经办人",
    "casework.letter.create": "生成文书",
    "casework.letter.edit": "修改文书",
    "casework.letter.issue": "发出文书",
    "casework.template": "修改文书模板",
    "casework.appeal.file": "登记复议诉讼",
    "casework.appeal.update": "修改复议诉讼信息",
    "casework.appeal.decide": "登记复议诉讼结果",
    "casework.appeal.document": "上传复议诉讼文书",
    "casework.appeal.accept": "登记复议诉讼受理",
    "casework.joint_study.open": "发起会商",
    "casework.joint_study.answer": "提出会商意见",
    "casework.joint_study.conclude": "记录会商结论",
    "casework.library.create": "新建案例",
    "casework.library.update": "修改案例",
    "casework.library.publish": "案例在门户公开",
    "casework.library.unpublish": "案例取消公开",
    "casework.group.decide": "确认同类申请",
    "casework.convert": "转为主动公开",
    "calendar.replace": "更新节假日安排",
    "calendar.recompute": "重新计算期限",
    "organization.upsert": "新建或修改机构",
    "membership.grant": "授予岗位",
    "membership.revoke": "撤销岗位",
    "responsible_leader.file": "备案分管负责人",
    "report.text_save": "保存年报文字部分",
    "report.part2_entry_save": "保存年报第二部分填报数",
    "report.consolidation_scope_set": "设置汇总范围",
    "report.publish": "发布年度报告",
    "report.reminder": "发送年报提醒",
    "report.assessment_publish": "发布考核结果",
    "monitoring.site_create": "登记监测网站",
    "monitoring.site_update": "修改监测网站",
    "monitoring.column_save": "保存监测栏目",
    "monitoring.column_delete": "删除监测栏目",
    "monitoring.round_request": "发起巡检",
    "monitoring.harvest_request": "发起内容采集",
    "monitoring.veto_opened": "出现单项否决问题",
    "directory.verify": "核实服务信息",
    "directory.outlet_upsert": "保存服务网点",
    "directory.outlet_delete": "删除服务网点",
    "directory.channel_upsert": "保存投诉渠道",
    "directory.channel_delete": "删除投诉渠道",
    "directory.complaint_file": "收到公开申诉",
    "directory.complaint_answer": "答复公开申诉",
    "directory.unit_sector": "设置单位所属领域",
    "directory.sector_upsert": "保存公共企事业单位领域",
    "directory.import": "导入单位及服务网点",
    "workplan.import": "导入工作安排",
    "workplan.progress_report": "报送落实进展",
    "workplan.reminder": "发送任务到期提醒",
    "subscription.request": "申请订阅",
    "subscription.confirm": "确认订阅",
    "subscription.cancel": "退订",
    "knowledge.create": "新建问答",
    "knowledge.update": "修改问答",
    "knowledge.submit": "问答报审",
    "knowledge.propose": "热线来电提出问答",
    "knowledge.publish": "发布问答",
    "knowledge.return": "退回问答",
    "knowledge.review_cancelled": "撤回问答审签",
    "knowledge.withdraw": "撤下问答",
    "newmedia.open": "登记新媒体账号（开设备案）",
    "newmedia.file": "新媒体变更或关停注销备案",
    "newmedia.report": "填报新媒体更新和留言情况",
    "api_token.issue": "签发接口令牌",
    "api_token.revoke": "撤销接口令牌",
    "column.create": "新建栏目",
    "column.update": "修改栏目",
    # Service guides and case progress (issue 24, decision 0027).
    "services.guide.create": "新建办事指南",
    "services.guide.save": "保存办事指南草稿",
    "services.guide.submit": "办事指南报送审核",
    "services.guide.publish": "办事指南发布",
    "services.guide.withdraw": "办事指南停止办理",
    "services.material_file.upload": "上传办事指南样表文件",
    "services.package.save": "保存“一件事”",
    "services.progress.push": "政务服务系统推送办件进度",
    "services.progress.correct": "办件进度日期更正",
    "services.progress.code_changed": "办件查询验证码变更",
    # Registries (issue 22, decision 0024).
    "registries.catalogue_adopt": "采用标准目录模板",
    "registries.standard_item_upsert": "保存标准目录事项",
    "registries.standard_item_delete": "删除标准目录事项",
    "registries.standard_item_documents": "关联标准目录事项的公开信息",
    "registries.power_list_draft": "新建权责清单调整稿",
    "registries.power_list_replace": "导入权责清单调整稿",
    "registries.power_list_publish": "发布权责清单",
    "registries.power_item_upsert": "保存权责事项",
    "registries.power_item_delete": "删除权责事项",
    "registries.negative_edition_current": "设定现行负面清单版本",
    "registries.negative_item_measures": "填写负面清单落实措施",
    "registries.negative_item_link": "关联负面清单事项与许可事项",
    "registries.plan_register": "登记应急预案",
    "registries.plan_type_period": "设定预案评估周期",
    "registries.training_record": "登记政务公开培训",
    "registries.catalogue_import": "导入标准目录",
    "registries.area_create": "新增标准目录领域",
    "registries.area_update": "修改标准目录领域",
    "registries.plan_type_create": "新增应急预案类型",
    "registries.plan_type_update": "修改应急预案类型",
    "registries.plan_revise": "登记应急预案修订",
    "registries.plan_evaluated": "记录应急预案评估",
    "registries.plan_revised": "记录应急预案修订",
    "registries.negative_edition_create": "新建负面清单版本",
    "registries.negative_edition_update": "修改负面清单版本信息",
    "registries.negative_item_save": "保存负面清单事项",
    "registries.negative_item_delete": "删除负面清单事项",
    "registries.negative_item_unlink": "取消负面清单事项与许可事项的关联",
    "organization.profile_save": "更新机构职能",
    "column.art20_matrix": "修改法定主动公开内容适用范围",
    # Public participation (issue 23).
    "participation.channel_saved": "保存留言栏目",
    "participation.message_submitted": "收到留言",
    "participation.message_answered": "答复留言",
    "participation.message_invalid": "认定无效留言",
    "participation.message_routed": "转交留言",
    "participation.sensitive_word_added": "添加敏感词",
    "participation.sensitive_word_removed": "删除敏感词",
    "participation.consultation_created": "新建征求意见草案",
    "participation.consultation_published": "发布征求意见草案",
    "participation.comment_submitted": "收到意见",
    "participation.comment_moderated": "审核意见",
    "participation.comment_assessed": "标注意见采纳情况",
    "participation.feedback_published": "发布意见采纳情况反馈",
    "participation.meeting_created": "发布公众列席会议",
    "participation.meeting_registered": "收到列席报名",
    "participation.meeting_drawn": "公开抽签",
    "participation.meeting_withdrawn": "撤回列席报名",
    "participation.meeting_updated": "修改公众列席会议",
    "participation.meeting_published": "公开公众列席会议",
    "participation.meeting_unpublished": "撤下公众列席会议",
    "participation.interview_updated": "修改在线访谈",
    "participation.decision_updated": "修改重大行政决策事项",
    "participation.meeting_attendance": "记录列席情况",
    "participation.meeting_minutes": "保存列席情况记录",
    "participation.interview_created": "发布在线访谈",
    "participation.question_submitted": "收到访谈提问",
    "participation.question_moderated": "审核访谈提问",
    "participation.transcript_published": "发布访谈实录",
    "participation.interview_live_started": "开始访谈直播",
    "participation.interview_live_ended": "结束访谈直播",
    "participation.decision_listed": "列入重大行政决策目录",
    "participation.decision_stage": "记录决策环节",
}

KEY_LABELS: Mapping[str, str] = {
    # Registries (issue 22, decision 0035).
    "review_period_months": "评估周期（月）",
    "is_active": "启用",
    "issuer": "发布机关",
    "issued_on": "发布（印发）日期",
    "city_measures": "本市实施措施",
    "measures": "准入措施",
    "industry": "行业",
    "category": "类别",
    "power_code": "行政许可事项编码",
    "copied_from": "底稿版本",
    "items": "事项数",
    "plan_type": "预案类型",
    "level": "层级",
    "added": "新增",
    "changed": "修改",
    "rows": "行数",
    "previous": "此前的现行版本",
    "edition": "版本",
    "question": "问题",
    "answer": "答复",
    "tags": "标签",
    "source_kind": "来源类型",
    "source_id": "来源编号",
    "source_reference": "来源说明",
    "operator": "运营单位",
    "platform": "平台",
    "filing_status": "备案状态",
    "last_updated_on": "最近更新日期",
    "unanswered_messages": "未回复留言数",
    "oldest_unanswered_on": "最早未回复留言日期",
    "reported_on": "填报日期",
    "address": "地址",
    "after_reconsideration": "经复议后起诉",
    "amount_yuan": "金额（元）",
    "answered_on": "答复日期",
    "already_counted": "本月已计件数",
    "application": "申请编号",
    "basis": "计费方式",
    "by": "依据文件编号",
    "case_number": "案号",
    "channel": "渠道",
    "chars_after": "修改后字数",
    "chars_before": "修改前字数",
    "code": "代码",
    "coercion_decisions": "行政强制决定数",
    "competent_department": "主管部门",
    "column": "栏目",
    "comment": "意见",
    "consultation_id": "征求意见序号",
    "correction_reason": "更正原因",
    "created": "新建",
    "credit_code": "统一社会信用代码",
    "disclosure_method": "公开方式",
    "disclosure_scope": "公开范围",
    "doc_no": "文号",
    "due_on": "期限",
    "due_on_after": "调整后期限",
    "due_on_before": "调整前期限",
    "email": "电子邮箱",
    "fees_amount_wan_yuan": "收费金额（万元）",
    "filed_on": "备案日期",
    "files": "附件",
    "functions": "主要职责",
    "internal_units": "内设机构",
    "leaders": "领导信息",
    "genre": "体裁",
    "handler": "经办人",
    "hours": "服务时间",
    "index_no": "索引号",
    "information_changed_on": "信息变更日期",
    "information_created_on": "信息形成日期",
    "interpretation_form": "解读形式",
    "interprets": "所解读文件编号",
    "keywords": "关键词",
    "kind": "类型",
    "lead": "牵头单位进展",
    "licensing_decisions": "行政许可决定数",
    "links": "链接",
    "name": "名称",
    "number": "编号",
    "note": "备注",
    "office_address": "办公地址",
    "office_email": "电子邮箱",
    "office_fax": "传真",
    "office_hours": "办公时间",
    "office_name": "公开工作机构",
    "office_phone": "联系电话",
    "office_postcode": "邮政编码",
    "on": "日期",
    "organization": "机构",
    "other": "其他需要报告的事项",
    "outcome": "办理结果",
    "overview": "总体情况",
    "parent": "上级机构",
    "party": "征求意见对象",
    "payload": "内容",
    "penalty_decisions": "行政处罚决定数",
    "period_workdays": "补正期限（工作日）",
    "phone": "电话",
    "placed_on": "上栏日期",
    "post": "职务",
    "problems": "存在的问题及改进情况",
    "problems_accepted": "确认的校验问题",
    "publish_at": "定时发布时间",
    "published_on": "发布日期",
    "quantity": "数量",
    "reason": "理由",
    "removed": "删除",
    "reply_workdays": "答复时限（工作日）",
    "promoted": "递补人报名编号",
    "registration_closes_at": "报名截止",
    "responsible_unit": "承办单位",
    "guests": "访谈嘉宾",
    "seats": "名额",
    "starts_at": "开始时间",
    "planned": "计划完成时间",
    "topics": "议题",
    "place": "地点",
    "selection": "确定方式",
    "policy": "相关政策编号",
    "interpretation": "政策解读编号",
    "site_id": "所属网站编号",
    "responsible": "责任单位进展",
    "result": "结果",
    "review_request": "审签请求编号",
    "role": "岗位",
    "self_approved": "本人审签",
    "seq": "序号",
    "short_name": "简称",
    "signed_on": "成文日期",
    "sort": "排序",
    "sort_order": "排序",
    "source": "来源",
    "source_note": "来源说明",
    "state": "状态",
    "step": "审签步骤",
    "chain": "审签流程",
    "cells": "适用的类别与机构类型",
    "days": "时效（天）",
    "steps": "审签步骤",
    "subkind": "细分类型",
    "secrecy_result": "保密审查结论",
    "sector": "领域",
    "outlets": "服务网点数",
    "units": "单位数",
    "unchanged": "无变化",
    "refused_rows": "未导入的行数",
    "next": "下一步",
    "final": "最后一步",
    "label": "名称",
    "status": "状态",
    "summary": "摘要",
    "superior": "垂直管理上级机关",
    "target": "对象",
    "task": "任务",
    "tasks": "任务数",
    "template": "模板",
    "title": "标题",
    "type": "事项",
    "unresolved": "未识别的单位",
    "user": "用户",
    "validity": "有效性",
    "value": "内容",
    "variant": "适用情形",
    "verified_on": "核实日期",
    "verifying_organization": "核实机关",
    "version": "版本",
    "vertically_managed": "垂直管理",
    "nature": "机关性质",
    "veto": "否决项",
    "website": "网站",
    "workdays": "延长工作日数",
    "year": "年度",
}


def _labels(*choices: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pairs in choices:
        for value, label in pairs:
            out.setdefault(str(value), str(label))
    return out


def _value_labels() -> dict[str, dict[str, str]]:
    states = _labels(
        DocumentState.choices,
        LetterState.choices,
        ReviewState.choices,
        LibraryState.choices,
        GroupState.choices,
        STATE_LABELS.items(),
        ComplaintState.choices,
    )
    kinds = _labels(
        LETTER_KIND_LABELS.items(),
        LifecycleKind.choices,
        OrgKind.choices,
        DocumentKind.choices,
        ChannelKind.choices,
        FilingKind.choices,
        [("reconsideration", "行政复议"), ("litigation", "行政诉讼")],
        [("third_party", "第三方"), ("agency", "其他机关")],
    )
    progress = _labels(ProgressStatus.choices)
    outcomes = [(c, f"{c} {o.label}") for c, o in OUTCOMES_BY_CODE.items()] + list(ComplaintOutcome.choices)
    return {
        "state": states,
        "status": progress,
        "lead": progress,
        "responsible": progress,
        "type": _labels(EVENT_LABELS.items()),
        "kind": kinds,
        "variant": _labels([("third_party", "第三方"), ("agency", "其他机关")], outcomes),
        "outcome": _labels(outcomes),
        "validity": _labels(Validity.choices),
        "role": _labels(Role.choices, UnitRole.choices),
        "channel": _labels(Channel.choices),
        "delivery": _labels(Delivery.choices),
        "info_form": _labels(InfoForm.choices),
        "applicant_type": _labels(ApplicantType.choices),
        "disclosure_method": _labels(DisclosureMethod.choices),
        "interpretation_form": _labels(InterpretationForm.choices),
        "result": _labels(
            VerificationResult.choices, [("upheld", "维持"), ("corrected", "纠正"), ("other", "其他结果")]
        ),
        "basis": _labels([("per_item", "按件计收"), ("per_page", "按量计收")]),
        "veto": _labels(VETO_LABELS.items()),
        # A chain's steps are [post, label] pairs: the post in words, the label as written.
        "steps": _labels(Role.choices),
        "chain": _labels(Role.choices),
        "subkind": _labels(LETTER_KIND_LABELS.items(), DocumentKind.choices),
        "secrecy_result": _labels(SecrecyResult.choices),
        "source_kind": _labels(SourceKind.choices),
        "platform": _labels(Platform.choices),
        "filing_status": _labels(FilingKind.choices),
    }


VALUE_LABELS = _value_labels()


def verb_label(verb: str) -> str:
    known = VERB_LABELS.get(verb)
    if known:
        return known
    app = APP_LABELS.get(verb.split(".", 1)[0])
    return f"{app}：其他操作" if app else "其他操作"


def value_text(key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(value_text(key, v) for v in value) if value else "—"
    if isinstance(value, dict):
        return "；".join(f"{key_label(k)}：{value_text(k, v)}" for k, v in value.items()) or "—"
    if key == "target" and isinstance(value, str) and ":" in value:
        return _target_text(value)
    if key == "kind" and isinstance(value, str) and "." in value:
        return review_registry.label(value)  # a review kind, as the review engine names it
    text = str(value)
    return VALUE_LABELS.get(key, {}).get(text, text)


def _target_text(value: str) -> str:
    """ "casework.letter:12" (a review's target) as 「办理文书 #12」."""
    label, _, pk = value.partition(":")
    try:
        name = str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return value
    return f"{name} #{pk}"


def target_type_label(target_type: str) -> str:
    if not target_type:
        return ""
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""


def key_label(key: str) -> str:
    return KEY_LABELS.get(key, key)


@dataclass(frozen=True)
class Line:
    label: str
    before: str | None  # None: the key was not in "before" (a plain detail or a new value)
    value: str


def payload_lines(before: Any, after: Any, data: Any) -> list[Line]:
    """One line per key: changed values as before → after, then the details."""
    lines: list[Line] = []
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    for key in [*after, *(k for k in before if k not in after)]:
        old = value_text(key, before[key]) if key in before else None
        lines.append(Line(key_label(key), old, value_text(key, after.get(key))))
    if isinstance(data, dict):
        lines += [Line(key_label(k), None, value_text(k, v)) for k, v in data.items()]
    elif data not in (None, "", [], {}):
        lines.append(Line("详情", None, value_text("", data)))
    return lines
