"""A deterministic generator of realistic catalogue items and the fixed benchmark queries.

Government vocabulary (agencies, topics, genres, document numbers in all bracket variants, bodies
of 500–5,000 characters with numbers, dates and Latin abbreviations), the same for a given seed.
Used by bench/search.py and, at small sizes, by tests/search.
"""

from __future__ import annotations

import json
import multiprocessing
import pickle
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from zwgk.search.index import IndexEntry

Agency = tuple[str, str, str]  # (code, full name, document-number prefix)
AGENCIES: list[Agency] = [
    ("dl", "大连市人民政府", "大政发"),
    ("dl-bgt", "大连市人民政府办公室", "大政办发"),
    ("dl-fgw", "大连市发展和改革委员会", "大发改"),
    ("dl-jyj", "大连市教育局", "大教发"),
    ("dl-kjj", "大连市科学技术局", "大科发"),
    ("dl-gxj", "大连市工业和信息化局", "大工信发"),
    ("dl-gaj", "大连市公安局", "大公发"),
    ("dl-mzj", "大连市民政局", "大民发"),
    ("dl-sfj", "大连市司法局", "大司发"),
    ("dl-czj", "大连市财政局", "大财发"),
    ("dl-rsj", "大连市人力资源和社会保障局", "大人社发"),
    ("dl-zrj", "大连市自然资源局", "大自然资发"),
    ("dl-sthj", "大连市生态环境局", "大环发"),
    ("dl-zjj", "大连市住房和城乡建设局", "大住建发"),
    ("dl-jtj", "大连市交通运输局", "大交发"),
    ("dl-nyj", "大连市农业农村局", "大农发"),
    ("dl-swj", "大连市商务局", "大商务发"),
    ("dl-wlj", "大连市文化和旅游局", "大文旅发"),
    ("dl-wjw", "大连市卫生健康委员会", "大卫健发"),
    ("dl-yjj", "大连市应急管理局", "大应急发"),
    ("dl-sjj", "大连市审计局", "大审发"),
    ("dl-scj", "大连市市场监督管理局", "大市监发"),
    ("dl-tyj", "大连市体育局", "大体发"),
    ("dl-tjj", "大连市统计局", "大统发"),
    ("dl-ybj", "大连市医疗保障局", "大医保发"),
    ("dl-cgj", "大连市城市管理局", "大城管发"),
    ("dl-yshj", "大连市营商环境建设局", "大营商发"),
    ("dl-hyj", "大连市海洋发展局", "大海发"),
    ("dl-zsq", "大连市中山区人民政府", "中政发"),
    ("dl-xgq", "大连市西岗区人民政府", "西政发"),
    ("dl-shkq", "大连市沙河口区人民政府", "沙政发"),
    ("dl-gjzq", "大连市甘井子区人民政府", "甘政发"),
    ("dl-lskq", "大连市旅顺口区人民政府", "旅政发"),
    ("dl-jzq", "大连市金州区人民政府", "金政发"),
    ("dl-pldq", "大连市普兰店区人民政府", "普政发"),
    ("dl-wfd", "瓦房店市人民政府", "瓦政发"),
    ("dl-zh", "庄河市人民政府", "庄政发"),
    ("dl-chx", "长海县人民政府", "长政发"),
    ("dl-gxq", "大连高新技术产业园区管委会", "大高管发"),
    ("dl-cdd", "长兴岛经济技术开发区管委会", "长管发"),
]
GENRES = [
    ("notice", "通知"),
    ("opinion", "意见"),
    ("measures", "办法"),
    ("provisions", "规定"),
    ("decision", "决定"),
    ("reply", "批复"),
    ("announcement", "公告"),
    ("bulletin", "通报"),
    ("plan", "方案"),
    ("programme", "规划"),
    ("interpretation", "解读"),
]
SUBJECTS = [
    ("zhzw", "综合政务"),
    ("gmjj", "国民经济管理、国有资产监管"),
    ("cz", "财政、金融、审计"),
    ("gy", "工业、交通"),
    ("ny", "农业、林业、水利"),
    ("jy", "科技、教育"),
    ("ws", "卫生、体育"),
    ("mz", "民政、扶贫、救灾"),
    ("ga", "公安、安全、司法"),
    ("cxjs", "城乡建设、环境保护"),
    ("sm", "商贸、海关、旅游"),
    ("ldrs", "劳动、人事、监察"),
    ("wh", "文化、广电、新闻出版"),
    ("zrzy", "国土资源、能源"),
    ("scjg", "市场监管、安全生产监管"),
]
VALIDITY = [("in_force", "有效"), ("expired", "失效"), ("repealed", "废止"), ("amended", "已修改")]
TOPICS = [
    "疫情防控",
    "复工复产",
    "六稳六保",
    "放管服改革",
    "优化营商环境",
    "乡村振兴",
    "老旧小区改造",
    "城市更新",
    "安全生产",
    "防汛抗旱",
    "冬季供暖",
    "义务教育招生",
    "职业技能培训",
    "养老服务体系建设",
    "医疗保障",
    "垃圾分类",
    "河长制",
    "生态环境保护",
    "海洋经济发展",
    "港口物流",
    "科技创新",
    "中小企业发展",
    "减税降费",
    "专项债券管理",
    "人才引进",
    "住房公积金",
    "公共租赁住房",
    "食品安全",
    "药品监管",
    "消防安全",
    "森林防火",
    "文明城市创建",
    "数字政府建设",
    "一网通办",
    "政务公开",
    "行政执法",
    "社会信用体系建设",
    "交通拥堵治理",
    "地铁建设",
    "新能源汽车推广",
    "清洁能源",
    "碳达峰碳中和",
    "高标准农田建设",
    "农村人居环境整治",
    "退役军人服务",
    "残疾人就业",
    "最低生活保障",
    "临时救助",
    "困难群众救助",
    "学前教育",
    "高中阶段招生",
    "校外培训治理",
    "公共卫生应急",
    "基本医疗保险",
    "长期护理保险",
    "全民健身",
    "旅游市场秩序",
    "文物保护",
    "非物质文化遗产",
    "招商引资",
    "外贸稳增长",
    "跨境电商",
    "自由贸易试验区",
    "国有企业改革",
    "政府采购",
    "预算管理",
    "审计整改",
    "统计调查",
    "价格监测",
    "物业管理",
    "建筑工地扬尘治理",
    "大气污染防治",
    "水污染防治",
    "土壤污染防治",
    "海域使用管理",
    "渔业资源保护",
    "国土空间规划",
    "不动产登记",
    "工程建设项目审批",
    "证照分离",
    "双随机一公开",
    "互联网+政务服务",
    "12345热线",
    "5G基站建设",
    "PM2.5治理",
    "COVID-19疫苗接种",
    "GDP核算",
    "稳就业",
    "保市场主体",
    "民营经济发展",
    "普惠金融",
    "知识产权保护",
    "标准化建设",
    "计量监督",
    "特种设备安全",
    "燃气安全",
    "道路交通安全",
    "校园安全",
    "粮食安全",
    "菜篮子工程",
    "冷链物流",
    "农产品质量安全",
    "动物防疫",
    "林长制",
    "湿地保护",
    "海岸线保护",
]
ACTIONS = [
    "进一步做好",
    "加强",
    "全面推进",
    "深入开展",
    "加快推进",
    "切实做好",
    "规范",
    "做好",
    "推动",
    "完善",
]
PLACES = [
    "中山区",
    "西岗区",
    "沙河口区",
    "甘井子区",
    "旅顺口区",
    "金州区",
    "普兰店区",
    "瓦房店市",
    "庄河市",
    "长海县",
]
TITLE_TEMPLATES = [
    "{agency}关于印发《大连市{topic}实施方案》的通知",
    "{agency}关于{action}{topic}工作的通知",
    "{agency}关于{action}{topic}的实施意见",
    "大连市{topic}管理办法",
    "{agency}关于{topic}有关事项的公告",
    "关于{year}年{topic}工作情况的通报",
    "《大连市{topic}实施方案》政策解读",
    "{agency}关于同意{place}{topic}试点的批复",
    "大连市{topic}三年行动计划（{year}—{year2}年）",
    "{agency}关于调整{topic}相关政策的通知",
]
SENTENCES = [
    "为深入贯彻落实党中央、国务院关于{topic}的决策部署，结合我市实际，制定本{genre}。",
    "各区市县人民政府，各先导区管委会，市政府各部门、各直属机构：",
    "现将《大连市{topic}实施方案》印发给你们，请认真贯彻执行。",
    "一、总体要求。坚持以人民为中心的发展思想，统筹推进{topic}和{topic2}工作。",
    "到{year}年底，全市{topic}工作取得明显成效，{place}率先完成目标任务。",
    "（一）加强组织领导。各地区、各部门要把{topic}摆在突出位置，主要负责同志亲自抓。",
    "（二）强化资金保障。市财政安排专项资金{num}万元，用于支持{topic}项目建设。",
    "（三）严格督促检查。{agency}要会同有关部门定期开展督查，对工作不力的予以通报。",
    "二、主要任务。围绕{topic}，重点做好以下{cn}个方面工作。",
    "全市共完成{topic}项目{num}个，同比增长{pct}%，超额完成年度计划。",
    "本{genre}自{date}起施行，有效期{cn}年。",
    "{date}，{agency}召开{topic}工作推进会议，部署下一阶段重点任务。",
    "对符合条件的企业给予最高{num}万元补贴，政策执行期限至{year}年12月31日。",
    "申请人可通过“一网通办”平台或到{place}政务服务中心窗口提交材料。",
    "咨询电话：0411-{tel}，联系人：{place}{topic}工作专班。",
    "依据《中华人民共和国政府信息公开条例》第二十条规定，主动公开本{genre}。",
    "截至{date}，全市累计建成5G基站{num}个，PM2.5平均浓度下降{pct}%。",
    "全年地区生产总值（GDP）增长{pct}%，一般公共预算收入{num}亿元。",
    "按照COVID-19疫苗接种工作要求，{place}设置临时接种点{cn}处。",
    "严格落实“放管服”改革要求，持续优化营商环境，推动“六稳六保”各项措施落地见效。",
    "根据{doc_no}文件精神，现就{topic}有关事项通知如下。",
    "三、保障措施。建立健全{topic}长效机制，形成部门协同、上下联动的工作格局。",
    "各单位要于{date}前将{topic}工作总结报送{agency}。",
    "此前发布的有关规定与本{genre}不一致的，以本{genre}为准。",
    "{place}要结合实际制定具体措施，确保{topic}各项任务落到实处。",
    "加快{topic2}与{topic}深度融合，培育新业态新模式。",
    "对违反本办法规定的，由{agency}责令限期改正；逾期不改正的，依法予以处罚。",
    "本年度共受理群众来信来访{num}件次，办结率{pct}%。",
]
CN_NUMS = "一二三四五六七八九十"


class Corpus:
    """Items 1..n; item i is the same for every run with the same seed."""

    def __init__(self, n: int, *, seed: int = 20260501) -> None:
        self.n = n
        self.seed = seed

    def _opening(self, i: int) -> tuple[random.Random, Agency, list[str], tuple[str, str], date]:
        """Item i's generator after its first draws: agency, topics, genre and publication day."""
        r = random.Random(self.seed * 1_000_003 + i)
        agency = AGENCIES[min(int(r.paretovariate(1.2)) - 1, len(AGENCIES) - 1)]
        topics = r.sample(TOPICS, 2)
        genre = r.choice(GENRES)
        year = r.randint(2012, 2025)
        return r, agency, topics, genre, date(year, 1, 1) + timedelta(days=r.randint(0, 364))

    def publication_order(self) -> list[int]:
        """Item ids as `zwgk search rebuild` reads the catalogue: by publication day, then id."""
        return sorted(range(1, self.n + 1), key=lambda i: (self._opening(i)[4], i))

    def item(self, i: int) -> IndexEntry:
        r, (code, agency, prefix), (topic, topic2), (genre_code, genre), published = self._opening(i)
        year = published.year
        brackets = r.choices([("〔", "〕"), ("[", "]"), ("（", "）"), ("【", "】")], weights=[80, 10, 8, 2])[
            0
        ]
        doc_no = f"{prefix}{brackets[0]}{year}{brackets[1]}{r.randint(1, 300)}号" if r.random() < 0.85 else ""
        fill = {
            "agency": agency,
            "topic": topic,
            "topic2": topic2,
            "action": r.choice(ACTIONS),
            "place": r.choice(PLACES),
            "year": year,
            "year2": year + 2,
            "genre": genre,
        }
        title = r.choice(TITLE_TEMPLATES).format(**fill)
        target = r.randint(500, 5000)
        parts: list[str] = []
        length = 0
        while length < target:
            sentence = r.choice(SENTENCES).format(
                **fill,
                num=r.randint(1, 99999),
                pct=round(r.uniform(0.1, 35.0), 1),
                cn=CN_NUMS[r.randint(0, 9)],
                date=f"{r.randint(year - 1, year + 1)}年{r.randint(1, 12)}月{r.randint(1, 28)}日",
                tel=r.randint(80000000, 89999999),
                doc_no=f"大政办发〔{year - 1}〕{r.randint(1, 200)}号",
            )
            # Vary the topic within a body, as real documents do.
            fill["topic2"] = r.choice(TOPICS)
            parts.append(sentence)
            length += len(sentence)
        body = "".join(parts)
        subjects = r.sample(SUBJECTS, r.choice([1, 1, 2]))
        validity = r.choices(VALIDITY, weights=[80, 10, 7, 3])[0]
        return IndexEntry(
            document_id=i,
            organization_code=code,
            organization_name=agency,
            title=title,
            doc_no=doc_no,
            summary=f"{agency}就{topic}作出部署，明确{topic2}等重点任务。",
            keywords=(topic, topic2),
            body_text=body,
            genre=genre_code,
            genre_name=genre,
            subjects=tuple(s[0] for s in subjects),
            subject_names=tuple(s[1] for s in subjects),
            columns=("zcwj",),
            validity=validity[0],
            validity_name=validity[1],
            published_on=published,
            signed_on=published - timedelta(days=r.randint(0, 10)),
            url=f"/documents/{i}/",
            index_no=f"{code}/{year}-{i:08d}",
        )

    def batches(self, size: int = 1000) -> Iterator[list[IndexEntry]]:
        for start in range(1, self.n + 1, size):
            yield [self.item(i) for i in range(start, min(start + size, self.n + 1))]


def queries(corpus: Corpus) -> list[str]:
    """The fixed query set: words, multi-word, phrases, document numbers, mixed scripts, misses."""
    single = [
        "教育",
        "医保",
        "就业",
        "养老",
        "住房",
        "消防",
        "交通",
        "疫情",
        "港口",
        "人才",
        "财政",
        "审计",
        "统计",
        "招生",
        "补贴",
        "救助",
        "物业",
        "燃气",
        "湿地",
        "文物",
        "粮食",
        "冷链",
        "渔业",
        "热线",
        "督查",
    ]
    words = [
        "营商环境",
        "乡村振兴",
        "六稳六保",
        "放管服",
        "疫情防控",
        "安全生产",
        "垃圾分类",
        "老旧小区",
        "河长制",
        "一网通办",
        "减税降费",
        "碳达峰",
        "城市更新",
        "公共租赁住房",
        "住房公积金",
        "最低生活保障",
        "义务教育招生",
        "长期护理保险",
        "跨境电商",
        "自由贸易试验区",
        "国有企业改革",
        "政府采购",
        "不动产登记",
        "证照分离",
        "双随机一公开",
        "知识产权保护",
        "特种设备安全",
        "农产品质量安全",
        "大气污染防治",
        "海岸线保护",
        "实施方案",
        "实施意见",
        "管理办法",
        "政策解读",
        "三年行动计划",
        "政务服务中心",
        "专项资金",
        "长效机制",
        "工作专班",
        "总体要求",
        "保障措施",
    ]
    agencies = [
        "大连市教育局",
        "甘井子区",
        "大连市卫生健康委员会",
        "瓦房店市",
        "长海县",
        "营商环境建设局",
        "大连市人民政府办公室",
        "高新技术产业园区",
    ]
    multi = [
        "疫情防控 复工复产",
        "教育 招生",
        "养老服务 补贴",
        "营商环境 放管服",
        "大连市 垃圾分类",
        "安全生产 督查",
        "住房 公积金 提取",
        "乡村振兴 高标准农田",
        "财政 专项资金 项目",
        "甘井子区 老旧小区",
        "医疗保障 长期护理",
        "港口物流 冷链",
        "人才引进 补贴 企业",
        "文物保护 非物质文化遗产",
        "交通 地铁",
        "中山区 政务服务中心",
        "减税降费 中小企业",
        "森林防火 湿地保护",
        "食品安全 药品监管",
        "科技创新 人才",
    ]
    phrases = [
        '"关于进一步做好"',
        '"印发给你们"',
        '"请认真贯彻执行"',
        '"以人民为中心"',
        '"主要负责同志亲自抓"',
        '"同比增长"',
        '"依法予以处罚"',
        '"有效期"',
        '"各先导区管委会"',
        '"部门协同、上下联动"',
        "“一网通办”",
        "《大连市疫情防控实施方案》",
        '"放管服" 改革',
        '"政府信息公开条例"',
    ]
    mixed = [
        "5G",
        "5G基站",
        "PM2.5",
        "COVID-19",
        "GDP",
        "12345热线",
        "0411",
        "互联网+政务服务",
        "2020年",
        "2021年 预算",
        "GDP 增长",
        "5G 基站 建设",
        "PM2.5 浓度",
        "COVID-19 疫苗",
        "第二十条",
    ]
    misses = ["量子计算", "元宇宙", "大政发〔1999〕999号", "区块链 溯源", "火星", "无人机 航拍"]
    docnos = []
    r = random.Random(corpus.seed)
    variants = [("〔", "〕"), ("[", "]"), ("(", ")"), ("（", "）"), ("【", "】")]
    # Numbers of real items, asked with each bracket variant, whole and without the serial.
    while len(docnos) < 30 and corpus.n:
        item = corpus.item(r.randint(1, corpus.n))
        if not item.doc_no:
            continue
        plain = item.doc_no
        for a, b in ("〔〕", "[]", "（）", "【】"):
            plain = plain.replace(a, "\0").replace(b, "\1")
        o, c = variants[len(docnos) % len(variants)]
        asked = plain.replace("\0", o).replace("\1", c)
        docnos.append(asked if len(docnos) % 3 else asked[: asked.index(c) + 1])
    return single + words + agencies + multi + phrases + mixed + misses + docnos


def _generate(chunk: tuple[int, int, list[int]]) -> bytes:
    n, seed, ids = chunk
    corpus = Corpus(n, seed=seed)
    return pickle.dumps([corpus.item(i) for i in ids], protocol=pickle.HIGHEST_PROTOCOL)


def write_corpus(
    corpus: Corpus, path: Path, *, order: str = "publication", size: int = 1000, processes: int = 2
) -> list[int]:
    """Generate the corpus once into a file of pickled batches; returns each batch's offset.

    Generating costs about as much per item as indexing it, so the benchmark reads items from this
    file (as a rebuild reads them from the database) instead of timing the generator. Batches
    follow `order`: "publication" as the catalogue's rebuild source yields them, "generated" by id
    (publication days at random: a source that does not read in publication order).
    """
    index = path.with_suffix(".offsets.json")
    if path.exists() and index.exists():
        return list(json.loads(index.read_text()))
    offsets = []
    ids = corpus.publication_order() if order == "publication" else list(range(1, corpus.n + 1))
    spans = [(corpus.n, corpus.seed, ids[a : a + size]) for a in range(0, corpus.n, size)]
    with multiprocessing.get_context("spawn").Pool(processes) as pool, path.open("wb") as out:
        for i, blob in enumerate(pool.imap(_generate, spans, chunksize=4)):
            offsets.append(out.tell())
            out.write(blob)
            sys.stderr.write(f"\r  generating: {min((i + 1) * size, corpus.n):,}/{corpus.n:,}   ")
    sys.stderr.write("\n")
    index.write_text(json.dumps(offsets))
    return offsets


def load_batch(at: tuple[str, int]) -> list[IndexEntry]:
    """One batch of a corpus file (bulk workers read it themselves: nothing big crosses a pipe)."""
    path, offset = at
    with open(path, "rb") as f:
        f.seek(offset)
        return pickle.load(f)  # type: ignore[no-any-return]


def read_corpus(path: Path, offsets: list[int]) -> Iterator[list[IndexEntry]]:
    for offset in offsets:
        yield load_batch((str(path), offset))


def load_items(span: tuple[int, int, int, int]) -> list[IndexEntry]:
    """Items start..stop-1 of Corpus(n, seed): generated where it is called (a bulk worker)."""
    n, seed, start, stop = span
    corpus = Corpus(n, seed=seed)
    return [corpus.item(i) for i in range(start, stop)]


def spans(corpus: Corpus, size: int = 1000) -> Iterator[tuple[int, int, int, int]]:
    for start in range(1, corpus.n + 1, size):
        yield (corpus.n, corpus.seed, start, min(start + size, corpus.n + 1))
