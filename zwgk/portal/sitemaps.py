"""sitemap.xml: an index over four sections (documents, columns, agencies, service guides).

With 1–3 million items the document section spans many pages of 50,000 URLs each; the index
lists every page, so search engines fetch them one by one.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from zwgk.catalog.models import Column, ColumnKind, Document
from zwgk.organizations.models import Organization
from zwgk.portal import listings
from zwgk.services.models import Guide


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10000  # smaller pages than the protocol's 50,000: each is built in one query

    def items(self):
        return Document.objects.published().only("pk", "updated_at").order_by("pk")

    def location(self, item: Document) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Document):  # type: ignore[no-untyped-def]
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        # Root columns are the agency pages, listed below.
        return listings.public_columns().exclude(kind=ColumnKind.ROOT).only("pk", "code").order_by("pk")

    def location(self, item: Column) -> str:
        return reverse("portal:column_detail", args=[item.code])


class AgencySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Organization.objects.filter(is_active=True).only("pk", "code").order_by("pk")

    def location(self, item: Organization) -> str:
        return reverse("portal:agency_detail", args=[item.code])


class GuideSitemap(Sitemap):
    """Published service guides (issue 24)."""

    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Guide.objects.filter(published__isnull=False).only("pk", "updated_at").order_by("pk")

    def location(self, item: Guide) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Guide):  # type: ignore[no-untyped-def]
        return item.updated_at


SITEMAPS = {
    "documents": DocumentSitemap,
    "columns": ColumnSitemap,
    "agencies": AgencySitemap,
    "guides": GuideSitemap,
}
