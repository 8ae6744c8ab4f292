"""The document form in Chromium as an editor uses it: Word content pasted into the editor keeps
its headings, lists and tables; subjects picked with the keyboard; the interpreted document
picked by typing its title; what is stored is what was chosen; axe-core finds nothing serious
at desktop and phone widths, and the phone does not scroll sideways."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.catalog.factories import published
from tests.factories import grant
from tests.playwright_fixtures import staff_page
from zwgk.catalog.models import Column, Document, DocumentKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}

# What Word (desktop) puts on the clipboard: a Heading 1, a numbered list as mso-list
# paragraphs with the numbers in mso-list:Ignore spans, a bulleted list, a table, a picture on
# the author's disk — and a script that must not survive.
WORD_HTML = (Path(__file__).parent / "word_clipboard.html").read_text(encoding="utf-8")

PASTE = """html => {
  const area = document.querySelector('.rte-area');
  area.focus();
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', '总则');
  area.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


@pytest.fixture
def policy(taxonomies_reloaded, agency):
    return published(
        agency,
        on=date(2026, 3, 5),
        kind=DocumentKind.POLICY,
        title="大连市行政执法公示办法",
        doc_no="大司发〔2026〕12号",
    )


def test_topic_column_is_created_with_the_keyboard(
    browser, live_server, axe, taxonomies_reloaded, city, make_staff
):
    make_staff(city, "supervisor", username="gkb")
    context, page = staff_page(browser, live_server, "gkb")
    page.get_by_role("navigation", name="后台导航").get_by_role("link", name="栏目管理").click()
    page.get_by_role("link", name="新建专题栏目").click()
    page.get_by_label("代码").fill("fazhi")
    page.get_by_label("名称").fill("法治政府建设")
    page.get_by_label("上栏时限（工作日）").fill("5")
    subjects = page.get_by_role("combobox", name="适用主题分类")
    subjects.press_sequentially("法治政府")
    subjects.press("Enter")
    violations = axe(page)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status").first).to_contain_text("已新建栏目“法治政府建设”")
    expect(page.get_by_role("cell", name="5个工作日").first).to_be_visible()
    context.close()
    assert violations == [], axe.describe(violations)
    column = Column.objects.get(code="topic.fazhi")
    assert column.deadline_workdays == 5 and [s.name for s in column.qualifying_subjects.all()] == [
        "法治政府"
    ]


def test_editor_writes_an_interpretation_with_the_keyboard(browser, live_server, axe, policy, editor):
    context, page = staff_page(browser, live_server, editor.username)
    page.goto("/staff/catalog/documents/new/")
    page.get_by_label("标题").fill("《大连市行政执法公示办法》解读")
    page.get_by_label("文件类别").select_option(label="政策解读")

    # 正文: Word's clipboard pasted into the editor.
    editor_box = page.get_by_role("textbox", name="正文")
    expect(editor_box).to_be_visible()
    page.evaluate(PASTE, WORD_HTML)
    expect(editor_box.locator("h2")).to_have_text("总则")
    expect(editor_box.locator("ol > li")).to_have_count(2)
    expect(editor_box.locator("table td")).to_have_count(4)
    # The toolbar works too: a new line made a 三级标题.
    editor_box.press("Control+End")
    editor_box.press("Enter")
    editor_box.press_sequentially("附则")
    page.get_by_role("button", name="三级标题").click()
    expect(editor_box.locator("h3")).to_have_text("附则")

    # 主题分类: filter, arrow, Enter — twice; no mouse.
    subjects = page.get_by_role("combobox", name="主题分类")
    subjects.focus()
    subjects.press_sequentially("司法行政")
    expect(page.get_by_role("option", name="公安、安全、司法 › 司法行政")).to_be_visible()
    subjects.press("Enter")
    subjects.press("Escape")
    subjects.press_sequentially("法治")
    subjects.press("ArrowDown")
    subjects.press("ArrowUp")
    subjects.press("Enter")
    expect(page.get_by_role("button", name="移除公安、安全、司法 › 法治政府")).to_be_visible()
    expect(page.get_by_role("button", name="移除公安、安全、司法 › 司法行政")).to_be_visible()

    # 所解读的文件: type part of the title, pick the suggestion with the keyboard.
    target = page.get_by_role("combobox", name="所解读的文件")
    target.press_sequentially("行政执法公示")
    suggestion = "大连市行政执法公示办法（大司发〔2026〕12号） · 大连市司法局"
    expect(page.get_by_role("option", name=suggestion)).to_be_visible()
    target.press("ArrowDown")
    target.press("Enter")
    expect(target).to_have_value("大司发〔2026〕12号")

    violations = axe(page)
    assert violations == [], axe.describe(violations)

    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/staff/catalog/documents/*/")
    expect(page.get_by_role("status").first).to_contain_text("草稿已保存")
    assert page.evaluate("window.pwned") is None

    doc = Document.objects.get(kind=DocumentKind.INTERPRETATION)
    assert doc.interprets == policy
    assert sorted(s.name for s in doc.subjects.all()) == ["司法行政", "法治政府"]
    assert "<h2>总则</h2>" in doc.body
    assert "<ol><li>公示主体</li><li>公示内容</li></ol>" in doc.body.replace("\n", "")
    assert "<ul><li>要点一</li></ul>" in doc.body.replace("\n", "")
    assert "<td>7个工作日</td>" in doc.body.replace("<p>", "").replace("</p>", "")
    assert "<h3>附则</h3>" in doc.body
    for gone in ("script", "pwned", "onerror", "file:", "mso-", "<o:p>", "<h1"):
        assert gone not in doc.body, gone

    page.goto(f"/staff/catalog/documents/{doc.pk}/")
    violations = axe(page)
    context.close()
    assert violations == [], axe.describe(violations)


@pytest.mark.parametrize(
    "path",
    [
        "/staff/catalog/documents/new/",
        "item",
        "/staff/catalog/columns/",
        "/staff/catalog/columns/new/?topic=1",
        "/staff/catalog/columns/new/",
    ],
)
def test_form_pages_fit_390_px_and_pass_axe(
    browser, live_server, axe, policy, make_staff, agency, city, path
):
    user = make_staff(agency, "editor", "reviewer", username="sfj_both")
    grant(user, city, "supervisor")  # the city's 公开办 too: every column form shows
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=PHONE_390)
    page = context.new_page()
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill("sfj_both")
    page.get_by_label("密码").fill("correct-horse-42")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/staff/")
    page.goto(path if path.startswith("/") else f"/staff/catalog/documents/{policy.pk}/")
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    violations = axe(page)
    context.close()
    assert width <= PHONE_390["width"], f"{path} scrolls sideways at 390 px: {width}px"
    assert violations == [], axe.describe(violations)


def test_the_form_works_without_javascript(browser, live_server, policy, editor):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto("/staff/login/")
    page.get_by_label("用户名").fill(editor.username)
    page.get_by_label("密码").fill("correct-horse-42")
    page.get_by_role("button", name="登录").click()
    page.goto("/staff/catalog/documents/new/")
    page.get_by_label("标题").fill("《大连市行政执法公示办法》图解")
    page.get_by_label("文件类别").select_option(label="政策解读")
    page.get_by_label("正文").fill("<h2>一、总则</h2><ol><li>公示主体</li></ol>")
    page.get_by_label("主题分类").select_option(label="公安、安全、司法 › 司法行政")
    page.get_by_label("所解读的文件").fill("大连市行政执法公示办法")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/staff/catalog/documents/*/")
    context.close()
    doc = Document.objects.get(kind=DocumentKind.INTERPRETATION)
    assert doc.body == "<h2>一、总则</h2><ol><li>公示主体</li></ol>"
    assert doc.interprets == policy and [s.name for s in doc.subjects.all()] == ["司法行政"]


NESTED_WORD_LIST = """<p style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">一、</span>工作目标</p>
<p style="mso-list:l0 level2 lfo1"><span style="mso-list:Ignore">·</span>稳就业</p>
<p style="mso-list:l0 level2 lfo1"><span style="mso-list:Ignore">·</span>保民生</p>
<p style="mso-list:l0 level1 lfo1"><span style="mso-list:Ignore">二、</span>保障措施</p>
<p class=MsoNormal>结束语</p>"""


def test_word_nested_lists_keep_their_levels(browser, live_server, editor):
    context, page = staff_page(browser, live_server, editor.username)
    page.goto("/staff/catalog/documents/new/")
    page.evaluate(PASTE, NESTED_WORD_LIST)
    box = page.get_by_role("textbox", name="正文")
    expect(box.locator(":scope > ol > li")).to_have_count(2)
    expect(box.locator(":scope > ol > li").first.locator("ul > li")).to_have_text(["稳就业", "保民生"])
    expect(box.locator(":scope > ol > li").nth(1)).to_have_text("保障措施")
    expect(box.locator(":scope > p", has_text="结束语")).to_have_count(1)
    html = page.locator("textarea[name=body]").input_value()
    context.close()
    # Squire keeps an item's own text in a block of its own when a sub-list follows it.
    assert (
        "<ol><li><div>工作目标</div><ul><li>稳就业</li><li>保民生</li></ul></li><li>保障措施</li></ol>"
        in html
    )
    assert "一、" not in html and "·" not in html and "mso" not in html


def test_the_item_page_places_an_item_through_the_column_filter(browser, live_server, axe, policy, editor):
    from zwgk.backoffice.catalog_forms import PlaceForm

    columns = PlaceForm(organization=policy.organization).fields["column"].queryset
    assert columns.count() >= 2
    target = columns.exclude(pk__in=policy.placements.values("column_id")).order_by("name").last()
    context, page = staff_page(browser, live_server, editor.username)
    page.goto(f"/staff/catalog/documents/{policy.pk}/")
    box = page.get_by_role("combobox", name="栏目")
    expect(box).to_be_visible()
    expect(page.locator('select[name="column"]')).to_be_hidden()
    box.focus()
    box.press_sequentially(target.name)
    expect(page.get_by_role("option", name=target.name, exact=True)).to_be_visible()
    box.press("Enter")
    expect(page.get_by_role("button", name=f"移除{target.name}")).to_be_visible()
    assert page.locator('select[name="column"]').input_value() == str(target.pk)
    violations = axe(page)
    page.get_by_role("button", name="放入栏目").click()
    expect(page.get_by_role("button", name=f"从{target.name}移出")).to_be_visible()
    context.close()
    assert violations == [], axe.describe(violations)
    assert policy.placements.filter(column=target).exists()
