"""RSS 2.0 and Atom feeds of the newest published items, per column and per agency."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from zwgk.catalog.models import Column, Document
from zwgk.organizations.models import Organization
from zwgk.portal import listings

FEED_ITEMS = 30


class DocumentFeed(Feed):
    """Items are published documents; subclasses say which object and which documents."""

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        parts = [item.summary] if item.summary else []
        if item.doc_no:
            parts.append(f"发文字号：{item.doc_no}")
        if item.index_no:
            parts.append(f"索引号：{item.index_no}")
        return "　".join(parts) or item.title

    def item_link(self, item: Document) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Document):  # type: ignore[no-untyped-def]
        return item.published_at

    def item_author_name(self, item: Document) -> str:
        return item.organization.name

    def item_guid(self, item: Document) -> str:
        return item.index_no or item.get_absolute_url()

    def item_guid_is_permalink(self, item: Document) -> bool:
        return False

    def feed_copyright(self) -> str:
        return settings.ZWGK_SITE["sponsor"]


class ColumnFeed(DocumentFeed):
    def get_object(self, request, key: str) -> Column:
        try:
            return listings.column_by_key(key)
        except (Column.DoesNotExist, ValueError):
            raise Http404("栏目不存在") from None

    def title(self, obj: Column) -> str:
        owner = obj.organization.display_name if obj.organization else settings.ZWGK_SITE["city"]
        return f"{owner} - {obj.name}"

    def link(self, obj: Column) -> str:
        return reverse("portal:column_detail", args=[obj.code])

    def description(self, obj: Column) -> str:
        return obj.description or f"“{obj.name}”栏目最新发布的政府信息"

    def items(self, obj: Column) -> list[Document]:
        return list(listings.column_documents(obj, listings.ListFilters())[:FEED_ITEMS])


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed
    subtitle = ColumnFeed.description


class AgencyFeed(DocumentFeed):
    def get_object(self, request, code: str) -> Organization:
        try:
            return listings.agency_by_code(code)
        except Organization.DoesNotExist:
            raise Http404("机构不存在") from None

    def title(self, obj: Organization) -> str:
        return f"{obj.name} - 政府信息公开"

    def link(self, obj: Organization) -> str:
        return reverse("portal:agency_detail", args=[obj.code])

    def description(self, obj: Organization) -> str:
        return f"{obj.name}最新发布的政府信息"

    def items(self, obj: Organization) -> list[Document]:
        return list(listings.agency_documents(obj)[:FEED_ITEMS])


class AgencyAtomFeed(AgencyFeed):
    feed_type = Atom1Feed
    subtitle = AgencyFeed.description


class SiteFeed(DocumentFeed):
    """The newest items of every agency: the feed the home page (and every page) advertises."""

    def title(self) -> str:
        return f"{settings.ZWGK_SITE['name']} - 最新信息"

    def link(self) -> str:
        return reverse("portal:home")

    def description(self) -> str:
        return f"{settings.ZWGK_SITE['city']}各机构最新发布的政府信息"

    def items(self) -> list[Document]:
        return listings.latest_documents(FEED_ITEMS)


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description
