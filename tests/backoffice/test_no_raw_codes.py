"""No English or raw codes in the back office (issue 20 item 8): every page each role can reach
from the workbench, crawled with the test client on the to-do scenario's data, shows enum values,
actions and payloads in Chinese. The known list is every stored code of the apps' enums (a code
shown as such is a missing label) and English words a template leaks (None, True, …)."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model

from tests.backoffice.todo_scenario import TODAY, build
from tests.foi.conftest import on_day  # noqa: F401
from zwgk.backoffice.audit_labels import VERB_LABELS
from zwgk.casework.domain.letter_texts import LetterKind
from zwgk.casework.models import LetterState
from zwgk.catalog.models import DocumentKind, DocumentState, Validity
from zwgk.directory.models import VerificationResult
from zwgk.foi.domain.fees import FeeBasis
from zwgk.foi.domain.states import AppealResult, EventType, State
from zwgk.foi.models import ApplicantType, Channel, Delivery, InfoForm
from zwgk.foi.services import CONSULTATION_KINDS
from zwgk.monitoring.models import ColumnKind, RoundStatus, RoundTrigger
from zwgk.organizations.models import OrgKind, Role
from zwgk.review.models import ReviewState
from zwgk.workplan.models import ProgressStatus

pytestmark = pytest.mark.django_db

ENUMS = [
    DocumentState, DocumentKind, Validity, LetterState, ReviewState, Role, OrgKind, Channel, Delivery,
    InfoForm, ApplicantType, ColumnKind, ProgressStatus,
]  # fmt: skip
STR_ENUMS = [State, EventType, LetterKind, FeeBasis, AppealResult]
WORDS = {"None", "True", "False", "null", "undefined", "nan", "system", "pending", "draft", "zwgk"}
# Codes that are also words a Chinese page legitimately shows as they are.
ALLOWED = {
    "other",
    "post",
    "email",
    "fax",
    "online",
    "news",
    "notice",
    "policy",
    "plan",
    "rule",
    "web",
    "phone",
}


def known_codes():
    codes = set(WORDS)
    for enum in ENUMS:
        codes |= set(enum.values)
    for enum in STR_ENUMS:
        codes |= {e.value for e in enum}
    codes |= {"catalog.publish", "foi.letter", "casework.library", *VERB_LABELS, *CONSULTATION_KINDS}
    codes |= set(RoundStatus.values) | set(RoundTrigger.values) | set(VerificationResult.values)
    return {c for c in codes if c and not c.isdigit()} - ALLOWED


class VisibleText(HTMLParser):
    """Text a person sees: no scripts, styles, attribute values or hidden template data."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.parts.append(data.strip())


SKIP = re.compile(r"(logout|/files?/|\.(docx|pdf|xlsx|csv|json)$|/download|export)")


def crawl(client, limit=200):
    """Every back-office page reachable by links from the workbench: {url: visible text}."""
    seen, pages = set(), {}
    queue = deque(["/staff/"])
    while queue and len(pages) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        parser = VisibleText()
        parser.feed(response.content.decode())
        pages[url] = " ".join(parser.parts)
        for href in parser.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/staff/") or SKIP.search(href):
                continue
            if href not in seen:
                queue.append(href)
    return pages


def raw_codes(text, codes):
    found = set()
    # ASCII only: a code may stand right next to Chinese text (「状态draft」).
    for token in re.findall(
        r"(?<![A-Za-z0-9_./@:-])[A-Za-z][A-Za-z0-9_.]*[A-Za-z0-9](?![A-Za-z0-9_/@:-])", text
    ):
        if token in codes:
            found.add(token)
    return found


def test_the_check_finds_codes_next_to_chinese_and_ignores_urls():
    codes = known_codes()
    assert raw_codes("操作 document.submit 状态：draft草稿 in_progress", codes) == {
        "document.submit",
        "draft",
        "in_progress",
    }
    assert raw_codes("https://sfj.example.gov.cn/draft/ zhao@draft.cn IPv6 HTTP 404", codes) == set()


@pytest.mark.parametrize("role", ["handler", "office_head", "reviewer", "editor", "supervisor", "admin"])
def test_no_page_shows_raw_codes_or_english(client, role, city, agency, make_staff, on_day):  # noqa: F811
    on_day(TODAY)
    scenario = build(city, agency, make_staff)
    user = (
        get_user_model().objects.create_superuser("root", password="correct-horse-42", first_name="管理员")
        if role == "admin"
        else getattr(scenario, role)
    )
    client.force_login(user)
    pages = crawl(client)
    assert len(pages) > 15, sorted(pages)
    codes = known_codes()
    problems = {url: sorted(found) for url, text in pages.items() if (found := raw_codes(text, codes))}
    assert problems == {}
