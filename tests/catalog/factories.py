"""Catalogue factories with realistic Chinese data."""

from datetime import date

import factory

from tests.factories import OrganizationFactory
from zwgk.catalog.inputs import DocumentInput
from zwgk.catalog.models import Document, Genre, Subject


class DocumentFactory(factory.django.DjangoModelFactory):
    """A bare row (draft); use `publish()` below for a published item through the services."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"大连市司法局关于进一步规范行政执法工作的通知（第{n}号）")
    doc_no = factory.Sequence(lambda n: f"大司发〔2026〕{n}号")
    signed_on = date(2026, 3, 2)
    body = "<p>各区市县司法局，局机关各处室：</p><p>现将有关事项通知如下。</p>"
    summary = "规范行政执法程序，推行行政执法公示制度。"


def genre(code: str = "tongzhi") -> Genre:
    return Genre.objects.get(code=code)


def subject(code: str = "15.03") -> Subject:
    return Subject.objects.get(code=code)


def document_input(org, **overrides) -> DocumentInput:
    values = {
        "organization": org,
        "title": "大连市司法局关于印发《大连市行政执法公示办法》的通知",
        "body": "<p>各区市县司法局：</p><p>现将《大连市行政执法公示办法》印发给你们，请认真贯彻执行。</p>",
        "doc_no": "大司发〔2026〕12号",
        "signed_on": date(2026, 3, 2),
        "genre": genre(),
        "subjects": [subject()],
        "keywords": ["行政执法", "公示"],
        "summary": "明确行政执法公示的主体、内容、程序和监督。",
    }
    values.update(overrides)
    return DocumentInput(**values)


def published(org, *, on: date, **overrides) -> Document:
    """An item published on a given day, as the importer does it (no review, system actor)."""
    from zwgk.catalog.services import document_import

    return document_import(actor=None, data=document_input(org, **overrides), published_on=on, publish=True)
