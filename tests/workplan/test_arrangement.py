"""The seed arrangement, parsed: every task of sections 二–八 with its units and deadline."""

from datetime import date
from pathlib import Path

import pytest

from zwgk.workplan.arrangement import ALL_AGENCIES, ArrangementError, find_deadline, parse, split_units

SEED = (
    Path(__file__).resolve().parents[2]
    / "zwgk"
    / "workplan"
    / "demo_data"
    / "2020-dalian-zwgk-work-arrangement.txt"
)
ALL = ALL_AGENCIES
GOVS_AND_DEPTS = ("各区市县政府", "各先导区管委会", "市政府各部门", "各直属单位")


@pytest.fixture(scope="module")
def seed():
    return parse(SEED.read_text(encoding="utf-8"))


def test_the_demo_copy_is_the_seed():
    shared = Path("/work/shared/seed/2020-dalian-zwgk-work-arrangement.txt")
    if not shared.exists():
        pytest.skip("shared seed not mounted")
    assert SEED.read_bytes() == shared.read_bytes()


def test_header(seed):
    assert seed.title == "2020年大连市政务公开工作安排"
    assert seed.doc_no == "大政公领发〔2020〕1号"
    assert seed.issuer == "大连市政务公开领导小组"
    assert seed.issued_on == date(2020, 8, 24)
    assert seed.year == 2020


def test_sections_two_to_eight_give_23_tasks_and_section_one_none(seed):
    sections = [t.section for t in seed.tasks]
    assert sections == [
        "二、(一)", "二、(二)", "二、(三)",
        "三、(一)", "三、(二)", "三、(三)",
        "四、(一)", "四、(二)", "四、(三)", "四、(四)",
        "五、(一)", "五、(二)", "五、(三)",
        "六、(一)", "六、(二)", "六、(三)",
        "七、(一)", "七、(二)", "七、(三)",
        "八、(一)", "八、(二)", "八、(三)", "八、(四)",
    ]  # fmt: skip
    assert [t.position for t in seed.tasks] == list(range(1, 24))


# section, title, lead units, responsible units, deadline, wording, defaulted
ROWS = [
    ("二、(一)", "完善基层行政决策公众参与机制", ("市政府办公室",), GOVS_AND_DEPTS, "2020-12-31", "", True),
    ("二、(二)", "认真做好“六稳”“六保”政策解读", ("市政府办公室",), GOVS_AND_DEPTS, "2020-12-31", "", True),
    ("二、(三)", "提高经济政策发布解读针对性精准性", (), GOVS_AND_DEPTS, "2020-12-31", "", True),
    (
        "三、(一)",
        "做好政府规章和规范性文件公开",
        ("市政府办公室", "市司法局"),
        ("市政府各部门",),
        "2020-12-31",
        "年底前",
        False,
    ),
    (
        "三、(二)",
        "更新权责清单及行政机关机构职能信息",
        ("市政府办公室", "市委编办"),
        GOVS_AND_DEPTS,
        "2020-12-31",
        "",
        True,
    ),
    (
        "三、(三)",
        "集中发布“六稳”“六保”政策文件",
        ("市政府办公室",),
        GOVS_AND_DEPTS,
        "2020-09-15",
        "9月15日前",
        False,
    ),
    (
        "四、(一)",
        "及时准确发布疫情信息",
        ("市政府办公室", "市卫生健康委"),
        GOVS_AND_DEPTS,
        "2020-12-31",
        "",
        True,
    ),
    ("四、(二)", "加强各级各类应急预案公开", ("市应急局",), GOVS_AND_DEPTS, "2020-12-31", "", True),
    ("四、(三)", "加强公共卫生知识日常普及", ("市卫生健康委",), GOVS_AND_DEPTS, "2020-12-31", "", True),
    ("四、(四)", "妥善办理涉及疫情信息公开申请", ("市政府办公室",), GOVS_AND_DEPTS, "2020-12-31", "", True),
    (
        "五、(一)",
        "编制完成基层政务公开事项标准目录",
        ("市政府办公室",),
        ("各区市县政府", "各先导区管委会", "市政府有关部门"),
        "2020-12-31",
        "",
        True,
    ),
    (
        "五、(二)",
        "落实省共性公开事项目录及信息内容标准",
        (),
        ("金普新区管委会", "市民政局"),
        "2020-12-31",
        "",
        True,
    ),
    (
        "五、(三)",
        "做好依申请公开工作标准化规范化试点",
        ("市政府办公室",),
        GOVS_AND_DEPTS,
        "2020-12-31",
        "",
        True,
    ),
    (
        "六、(一)",
        "提高市场监管规则和标准公开质量",
        ("市市场监管局", "市营商局"),
        GOVS_AND_DEPTS,
        "2020-12-31",
        "",
        True,
    ),
    ("六、(二)", "提高政务服务透明度便利度", ("市营商局",), GOVS_AND_DEPTS, "2020-12-31", "", True),
    (
        "六、(三)",
        "完成公共企事业单位信息公开",
        ("市政府办公室", "市大数据中心"),
        (
            "市教育局",
            "市生态环境局",
            "市卫生健康委",
            "市国资委",
            "市医保局",
            "市文旅局",
            "市水务局",
            "市住建局",
            "市交通运输局",
            "市邮政管理局",
            "市通信管理局",
            "大连供电公司",
            "市水务集团",
        ),
        "2020-09-30",
        "2020年9月底前",
        False,
    ),
    (
        "七、(一)",
        "建设完成政府信息公开平台",
        ("市政府办公室", "市大数据中心"),
        GOVS_AND_DEPTS,
        "2020-12-31",
        "2020年底前",
        False,
    ),
    (
        "七、(二)",
        "加强政府网站和政务新媒体内容保障",
        ("市政府办公室",),
        GOVS_AND_DEPTS,
        "2020-12-31",
        "",
        True,
    ),
    (
        "七、(三)",
        "完成政府门户网站互联网协议第6版改造",
        ("市政府办公室", "市大数据中心"),
        GOVS_AND_DEPTS,
        "2020-09-30",
        "9月底前",
        False,
    ),
    ("八、(一)", "明确领导责任", (), ALL, "2020-12-31", "", True),
    ("八、(二)", "加强机构建设", (), ALL, "2020-12-31", "", True),
    ("八、(三)", "强化培训工作", (), ALL, "2020-12-31", "", True),
    ("八、(四)", "规范考核评估", (), ALL, "2021-01-31", "随政府信息公开工作年度报告（次年1月31日前）", True),
]


@pytest.mark.parametrize(
    "section, title, lead, responsible, due, wording, defaulted", ROWS, ids=[r[0] for r in ROWS]
)
def test_seed_task(seed, section, title, lead, responsible, due, wording, defaulted):
    task = seed.task(section)
    assert task.title == title
    assert task.lead_units == lead
    assert task.responsible_units == responsible
    assert task.deadline.on == date.fromisoformat(due)
    assert task.deadline.wording == wording
    assert task.deadline.defaulted is defaulted


def test_every_task_is_in_the_table(seed):
    assert len(ROWS) == len(seed.tasks) == 23


def test_section_eight_names_no_units_in_the_text(seed):
    for task in seed.tasks:
        assert (task.units_wording == "") is task.section.startswith("八")


def test_task_text_keeps_the_item_but_not_its_unit_bracket(seed):
    task = seed.task("三、(三)")
    assert task.text.startswith("集中发布“六稳”“六保”政策文件。各级政府门户网站设置专题栏目")
    assert task.text.endswith("新出台的相关政策文件须于5个工作日内报送本地区政府门户网站公开。")
    assert "牵头单位" not in task.text
    assert (
        task.units_wording
        == "牵头单位:市政府办公室;责任单位:各区市县政府、各先导区管委会,市政府各部门、各直属单位"
    )
    assert seed.task("五、(一)").section_title == "推进基层政务公开标准化规范化"


@pytest.mark.parametrize(
    "text, due, wording",
    [
        ("9月15日前,各级政府部门要…", "2020-09-15", "9月15日前"),
        ("2020年9月底前,负责核实…", "2020-09-30", "2020年9月底前"),
        ("9月底前,各地区…", "2020-09-30", "9月底前"),
        ("2月底前完成", "2020-02-29", "2月底前"),  # 2020 is a leap year
        ("年底前初步解决", "2020-12-31", "年底前"),
        ("2020年底前,按照…", "2020-12-31", "2020年底前"),
        ("2021年3月31日前报送", "2021-03-31", "2021年3月31日前"),
        ("年底前全部完成,其中11月30日前完成试点", "2020-11-30", "11月30日前"),  # the earliest counts
        ("6月末前上线", "2020-06-30", "6月末前"),
        ("须于5个工作日内报送", "2020-12-31", ""),  # a rolling rule, not a deadline
    ],
)
def test_deadline_wording(text, due, wording):
    deadline = find_deadline(text, 2020)
    assert (deadline.on, deadline.wording) == (date.fromisoformat(due), wording)
    assert deadline.defaulted is (wording == "")


def test_full_width_punctuation_is_read_too():
    assert split_units("牵头单位：市政府办公室、市司法局；责任单位：市政府各部门，各直属单位") == (
        ("市政府办公室", "市司法局"),
        ("市政府各部门", "各直属单位"),
    )
    text = (
        "大连市某某通知\n大政公领发〔2021〕2号\n2021年大连市政务公开工作安排\n一、总体要求\n二、重点\n"
        "（一）做好甲。6月30日前完成。（牵头单位：市政府办公室；责任单位：市司法局）\n"
    )
    task = parse(text).task("二、(一)")
    assert (task.lead_units, task.responsible_units, task.deadline.on) == (
        ("市政府办公室",),
        ("市司法局",),
        date(2021, 6, 30),
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "没有章节的文字",
        "2020年某工作安排\n二、重点\n没有条目\n",
        "2020年工作安排\n二、甲\n(一)做好甲。\n(一)做好乙。\n",
    ],
)
def test_text_without_tasks_is_refused(text):
    with pytest.raises(ArrangementError):
        parse(text)


def test_unknown_unit_label_is_refused():
    with pytest.raises(ArrangementError):
        split_units("督办单位:市司法局")
