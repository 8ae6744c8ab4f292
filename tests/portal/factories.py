"""A small resource library for the portal's page tests, built through the catalogue's services
(items are published as the importer does it: index numbers, columns and validity included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.utils import timezone

from tests.catalog.factories import DocumentFactory, genre, published, subject
from zwgk.catalog.models import Art20Category, Column, ColumnKind, Document, DocumentKind
from zwgk.catalog.services import column_place, document_record_lifecycle, document_withdraw
from zwgk.catalog.taxonomy_seed import seed_taxonomies

TOPIC_CODE = "topic.liuwen-liubao"


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def ensure_taxonomies() -> None:
    """The seeded taxonomies, again: transactional (browser) tests flush the tables."""
    seed_taxonomies(apps)


def art20(code: str) -> Art20Category:
    return Art20Category.objects.get(code=code)


@dataclass
class Library:
    policy: Document
    interpretation: Document
    rule_amended: Document
    amending: Document
    rule_repealed: Document
    repealing: Document
    topic_item: Document
    draft: Document
    withdrawn: Document
    own_column: Column
    topic: Column


def build_library(*, city, agency, editor, city_editor, reviewer) -> Library:
    ensure_taxonomies()
    policy = published(
        agency,
        on=days_ago(20),
        title="大连市司法局关于进一步规范行政执法工作的实施意见",
        doc_no="大司发〔2026〕8号",
        kind=DocumentKind.POLICY,
        genre=genre("yijian"),
        subjects=[subject("15.03")],
        art20_categories=[art20("20.3")],
        keywords=["行政执法", "规范化"],
        summary="从执法主体、程序、监督三方面规范行政执法工作。",
        source="大连市司法局",
    )
    interpretation = published(
        agency,
        on=days_ago(20),
        title="《大连市司法局关于进一步规范行政执法工作的实施意见》政策解读",
        doc_no="",
        kind=DocumentKind.INTERPRETATION,
        genre=genre("jiedu"),
        interprets=policy,
        interpretation_form="qa",
        summary="以问答形式解读实施意见的出台背景和主要内容。",
    )
    rule_amended = published(
        city,
        on=days_ago(400),
        title="大连市行政执法公示办法",
        doc_no="大连市人民政府令第175号",
        kind=DocumentKind.RULE,
        genre=genre("banfa"),
        art20_categories=[art20("20.1")],
        summary="规定行政执法公示的内容、方式和监督。",
    )
    amending = published(
        city,
        on=days_ago(60),
        title="大连市人民政府关于修改《大连市行政执法公示办法》的决定",
        doc_no="大连市人民政府令第190号",
        kind=DocumentKind.RULE,
        genre=genre("jueding"),
        art20_categories=[art20("20.1")],
    )
    rule_repealed = published(
        city,
        on=days_ago(800),
        title="大连市行政执法证件管理办法",
        doc_no="大连市人民政府令第120号",
        kind=DocumentKind.RULE,
        genre=genre("banfa"),
        art20_categories=[art20("20.1")],
    )
    repealing = published(
        city,
        on=days_ago(30),
        title="大连市人民政府关于废止《大连市行政执法证件管理办法》的决定",
        doc_no="大连市人民政府令第191号",
        kind=DocumentKind.RULE,
        genre=genre("jueding"),
    )
    document_record_lifecycle(
        actor=city_editor,
        document_id=rule_amended.pk,
        kind="amended",
        on=amending.published_on,
        by_id=amending.pk,
        note="修改第五条、第九条",
    )
    document_record_lifecycle(
        actor=city_editor,
        document_id=rule_repealed.pk,
        kind="repealed",
        on=repealing.published_on,
        by_id=repealing.pk,
    )
    topic_item = published(
        agency,
        on=days_ago(10),
        title="大连市司法局关于做好稳就业法律服务若干措施的通知",
        doc_no="大司发〔2026〕9号",
        genre=genre("tongzhi"),
        keywords=["稳就业", "六稳六保"],
    )
    topic = Column.objects.get(code=TOPIC_CODE)
    column_place(actor=editor, column_id=topic.pk, document_id=topic_item.pk, on=days_ago(8))
    own_column = Column.objects.create(
        code=f"{agency.code}.fzzf", name="法治政府建设", kind=ColumnKind.CUSTOM, organization=agency
    )
    column_place(actor=editor, column_id=own_column.pk, document_id=policy.pk)
    draft = DocumentFactory(organization=agency, title="大连市司法局关于开展行政执法案卷评查的通知（草稿）")
    draft.placements.create(column=own_column)
    withdrawn = published(
        agency,
        on=days_ago(5),
        title="大连市司法局关于律师事务所年度检查考核的通知（已撤回）",
        doc_no="大司发〔2026〕10号",
        art20_categories=[art20("20.3")],
    )
    column_place(actor=editor, column_id=own_column.pk, document_id=withdrawn.pk)
    document_withdraw(actor=reviewer, document_id=withdrawn.pk, reason="内容有误，更正后重新发布")
    return Library(
        policy=policy,
        interpretation=interpretation,
        rule_amended=rule_amended,
        amending=amending,
        rule_repealed=rule_repealed,
        repealing=repealing,
        topic_item=topic_item,
        draft=draft,
        withdrawn=withdrawn,
        own_column=own_column,
        topic=topic,
    )
